//! The purchase order write routes: create, update items, update tracking.

use super::app::SellercloudApp;
use super::config::CreatedIdShape;
use super::model::*;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;
use rust_decimal::Decimal;

impl SellercloudApp {
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

        let now = self.core.clock.local_now();
        let mut state = self.state();
        let id = state.take_po_id()?;
        for item in &mut items {
            item.id = state.take_item_id()?;
            if default_warehouse_id.is_some() {
                item.warehouse_id = default_warehouse_id;
            }
        }
        state.purchase_orders.insert(
            id,
            PurchaseOrder {
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
                shipping: Shipping::default(),
                created_on: Some(now),
                updated_on: Some(now),
                ..PurchaseOrder::default()
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
    ) -> Option<PurchaseOrderItem> {
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
        let has_type = Violations::present(product.get("DiscountType")).is_some();
        let has_value = Violations::present(product.get("DiscountValue")).is_some();
        if has_type != has_value {
            let missing = if has_type {
                "DiscountValue"
            } else {
                "DiscountType"
            };
            v.add(
                field(missing),
                "is required when the other of DiscountType and DiscountValue is sent",
            );
        }
        if let Some(value) = discount_value {
            if value < Decimal::ZERO {
                v.add(field("DiscountValue"), "must not be negative");
            }
            if discount_type == Some(DiscountType::Percentage) && value > Decimal::ONE_HUNDRED {
                v.add(
                    field("DiscountValue"),
                    "must not exceed 100 when DiscountType is Percentage",
                );
            }
        }
        if (has_type || has_value) && self.config.settings.enable_multi_discount {
            v.add(
                field("DiscountValue"),
                "line discounts are only allowed while the client setting 'Enable Multi Discount for Purchase Order' is off",
            );
        }
        let warehouse_id = v.int(product.get("WarehouseID"), &field("WarehouseID"));
        let item_notes = v.string(product.get("ItemNotes"), &field("ItemNotes"));
        Some(PurchaseOrderItem {
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
            ..PurchaseOrderItem::default()
        })
    }

    pub(crate) fn update_items(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        struct Change<'a> {
            item: &'a Json,
            path: String,
            id: i32,
            qty: Quantities,
            expected: Option<chrono::DateTime<chrono::FixedOffset>>,
        }
        let mut changes = Vec::new();
        match required(&mut v, body.get("Items"), "Items", Violations::array) {
            Some([]) => v.add("Items", "must contain at least one item"),
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    let path = format!("Items[{index}]");
                    let Some(item) = v.object(Some(item), &path) else {
                        continue;
                    };
                    let id = required(
                        &mut v,
                        item.get("ID"),
                        &format!("{path}.ID"),
                        Violations::int,
                    );
                    let qty = read_quantities(&mut v, item, &path, true);
                    let expected = v
                        .date_time(
                            item.get("ExpectedDeliveryDate"),
                            &format!("{path}.ExpectedDeliveryDate"),
                        )
                        .map(|(dt, _)| dt);
                    if let Some(id) = id {
                        changes.push(Change {
                            item,
                            path,
                            id,
                            qty,
                            expected,
                        });
                    }
                }
            }
            None => {}
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }

        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        for change in &changes {
            if po.item(change.id).is_none() {
                v.add(
                    format!("{}.ID", change.path),
                    format!(
                        "purchase order {po_id} has no item with ID {} (IDs are purchase order item IDs, not product IDs)",
                        change.id
                    ),
                );
            }
            check_mode(
                &mut v,
                change.item,
                &change.path,
                Some(po.case_qty_mode),
                "the purchase order is",
            );
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        for change in changes {
            let Some(item) = po.items.iter_mut().find(|i| i.id == change.id) else {
                continue;
            };
            let q = change.qty;
            set_if(&mut item.qty_units_ordered, q.units);
            set_if(&mut item.unit_price, q.unit_price);
            set_if(&mut item.qty_cases_ordered, q.cases);
            set_if(&mut item.qty_units_per_case, q.units_per_case);
            set_if(&mut item.case_price, q.case_price);
            set_if(&mut item.expected_delivery_date, change.expected);
        }
        po.receiving_status = po.computed_receiving_status();
        po.updated_on = Some(self.core.clock.local_now());
        Ok(Reply::empty(StatusCode::OK))
    }

    pub(crate) fn update_tracking(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let shipped_on = v
            .date_time(body.get("ShippedOn"), "ShippedOn")
            .map(|(dt, _)| dt);
        let carrier = v.string(body.get("ShippedViaCarrier"), "ShippedViaCarrier");
        let tracking = v.string(body.get("TrackingNumber"), "TrackingNumber");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        if shipped_on.is_none() && carrier.is_none() && tracking.is_none() {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "The request is invalid. Send at least one of ShippedOn, ShippedViaCarrier and TrackingNumber.",
            ));
        }
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        if self.config.settings.enable_multiple_tracking_numbers {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "This endpoint only works while the client setting 'Enable Multiple Tracking Numbers On PO' is disabled.",
            ));
        }
        let sets_tracking = tracking.as_deref().is_some_and(|t| !t.trim().is_empty());
        let status = if sets_tracking {
            ShippingStatus::Shipped
        } else {
            po.shipping.status
        };
        if shipped_on.is_some() && status == ShippingStatus::None {
            v.add(
                "ShippedOn",
                format!(
                    "can only be changed when the shipping status of purchase order {po_id} is not None (set a TrackingNumber first, or in the same request)"
                ),
            );
            return Err(invalid(v));
        }
        po.shipping.status = status;
        po.updated_on = Some(self.core.clock.local_now());
        set_if(&mut po.shipping.shipped_on, shipped_on);
        set_if(&mut po.shipping.shipped_via_carrier, carrier);
        set_if(&mut po.shipping.tracking_number, tracking);
        Ok(Reply::empty(StatusCode::OK))
    }
}
