//! `POST /api/PurchaseOrders`: creating a purchase order.

use super::app::SellercloudApp;
use super::config::CreatedIdShape;
use super::model::*;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

impl SellercloudApp {
    /// `POST /api/PurchaseOrders` (document 001 and the Swagger's
    /// `CreatePoRequestDto`).
    ///
    /// - Required ("Is Required: true"): `CompanyID`, `VendorID`, `POType`,
    ///   `CaseQtyMode`, `Products` (at least one: an empty list creates
    ///   nothing to order) and each `Product.ProductID` (not blank).
    /// - Quantities and prices: see [`read_quantities`] (ranges on) and
    ///   [`check_mode`].
    /// - Addresses: see [`po_address`].
    /// - Client settings ([`ClientSettings`](super::ClientSettings)): "Should
    ///   only be provided if client setting 'Force user to enter Expected
    ///   Delivery Date' is enabled" (the fake requires it then), "Can only be
    ///   provided if client setting 'Enable BillTo address for Purchase
    ///   Orders' is enabled", "Can only be provided if client setting 'Enable
    ///   Multi Discount for Purchase Order' is disabled".
    pub(crate) fn create_purchase_order(&self, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let company_id = required(&mut v, body.get("CompanyID"), "CompanyID", Violations::int);
        let vendor_id = required(&mut v, body.get("VendorID"), "VendorID", Violations::int);
        let po_type = required(&mut v, body.get("POType"), "POType", |v, j, p| {
            known_enum::<PoType>(v, j, p)
        });
        let case_mode = required(
            &mut v,
            body.get("CaseQtyMode"),
            "CaseQtyMode",
            Violations::boolean,
        );
        let default_warehouse_id = v.int(body.get("DefaultWarehouseID"), "DefaultWarehouseID");
        let description = v.string(body.get("Description"), "Description");
        let vendor_note = v.string(body.get("VendorNote"), "VendorNote");
        let payment_term_id = v.int(body.get("PaymentTermID"), "PaymentTermID");
        let expected = v.date_time(body.get("ExpectedDeliveryDate"), "ExpectedDeliveryDate");
        if self.config.settings.force_expected_delivery_date
            && Violations::present(body.get("ExpectedDeliveryDate")).is_none()
        {
            v.add(
                "ExpectedDeliveryDate",
                "is required while the client setting 'Force user to enter Expected Delivery Date' is on",
            );
        }
        let mut items = Vec::new();
        match required(&mut v, body.get("Products"), "Products", Violations::array) {
            Some([]) => v.add("Products", "must contain at least one product"),
            Some(products) => {
                for (index, product) in products.iter().enumerate() {
                    let path = format!("Products[{index}]");
                    if let Some(item) = self.product(&mut v, product, &path, case_mode) {
                        items.push(item);
                    }
                }
            }
            None => {}
        }
        let billing_address = po_address(&mut v, body.get("BillingAddress"), "BillingAddress");
        if billing_address.is_some() && self.config.settings.disable_bill_to_address {
            v.add(
                "BillingAddress",
                "is only allowed while the client setting 'Enable BillTo address for Purchase Orders' is on",
            );
        }
        let shipping_address = po_address(&mut v, body.get("ShippingAddress"), "ShippingAddress");
        let (Some(company_id), Some(vendor_id), Some(po_type), Some(case_qty_mode), true) =
            (company_id, vendor_id, po_type, case_mode, v.is_empty())
        else {
            return Err(invalid(v));
        };

        let instant = self.core.clock.now();
        let now = self.core.clock.local(self.core.clock.utc_at(instant));
        let mut state = self.state();
        let id = state.take_po_id()?;
        state.delay_listing(id, instant);
        for item in &mut items {
            item.id = state.take_item_id()?;
            if default_warehouse_id.is_some() {
                item.warehouse_id = default_warehouse_id;
            }
        }
        state.purchase_orders.insert(
            id,
            StoredPurchaseOrder {
                id,
                company_id,
                vendor_id,
                po_type,
                case_qty_mode,
                default_warehouse_id,
                description,
                vendor_note,
                payment_term_id,
                expected_delivery_date: expected.map(|(dt, _)| dt),
                items,
                billing_address,
                shipping_address,
                shipping: StoredShipping::default(),
                created_on: Some(now),
                updated_on: Some(now),
                ..StoredPurchaseOrder::default()
            },
        );
        let body = match self.config.created_id_shape {
            CreatedIdShape::Object => serde_json::json!({ "Id": id }),
            CreatedIdShape::BareNumber => serde_json::json!(id),
        };
        Ok(Reply::json(StatusCode::OK, &body))
    }

    fn product(
        &self,
        v: &mut Violations,
        product: &Json,
        path: &str,
        case_mode: Option<bool>,
    ) -> Option<StoredPurchaseOrderItem> {
        let product = v.object(Some(product), path)?;
        let field = |name: &str| format!("{path}.{name}");
        let product_id = required(
            v,
            product.get("ProductID"),
            &field("ProductID"),
            Violations::string,
        );
        if let Some(id) = &product_id
            && id.trim().is_empty()
        {
            v.add(field("ProductID"), "must not be blank");
        }
        let qty = read_quantities(v, product, path, true);
        check_mode(v, product, path, case_mode, "CaseQtyMode is");
        let discount_type =
            known_enum::<DiscountType>(v, product.get("DiscountType"), &field("DiscountType"));
        let discount_value = v.decimal(product.get("DiscountValue"), &field("DiscountValue"));
        // Document 001: DiscountType and DiscountValue "Can only be provided if
        // client setting 'Enable Multi Discount for Purchase Order' is
        // disabled". It states no pairing and no range for them, so none is
        // enforced.
        let has_discount = Violations::present(product.get("DiscountType")).is_some()
            || Violations::present(product.get("DiscountValue")).is_some();
        if has_discount && self.config.settings.enable_multi_discount {
            v.add(
                field("DiscountValue"),
                "line discounts are only allowed while the client setting 'Enable Multi Discount for Purchase Order' is off",
            );
        }
        let warehouse_id = v.int(product.get("WarehouseID"), &field("WarehouseID"));
        let item_notes = v.string(product.get("ItemNotes"), &field("ItemNotes"));
        Some(StoredPurchaseOrderItem {
            id: 0,
            product_id: product_id?,
            qty_units_ordered: qty.units,
            unit_price: qty.unit_price,
            qty_cases_ordered: qty.cases,
            qty_units_per_case: qty.units_per_case,
            case_price: qty.case_price,
            discount_type,
            discount_value,
            warehouse_id,
            item_notes,
            ..StoredPurchaseOrderItem::default()
        })
    }
}
