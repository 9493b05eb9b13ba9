//! Create a purchase order: `POST /api/PurchaseOrders`.
//!
//! [`CreatePurchaseOrder`] builds the request; its rules (below, one
//! function each, quoting the vendor's article "Create Purchase Order") are
//! checked by [`CreatePurchaseOrder::build`], which
//! [`PurchaseOrders::create`](crate::PurchaseOrders::create) calls before
//! anything is sent.
//!
//! ```
//! use sellercloud::{CompanyId, CreatePurchaseOrder, NewPurchaseOrderProduct, PoType, VendorId};
//! let body = CreatePurchaseOrder::new()
//!     .company_id(CompanyId::new(1)).vendor_id(VendorId::new(20)).po_type(PoType::PurchaseOrder).case_qty_mode(false)
//!     .product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(2))
//!     .build()?;
//! assert_eq!(serde_json::to_value(&body).unwrap()["Products"][0]["ProductID"], "SKU-1");
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::answers::created_id;
use crate::client::Client;
use crate::ids::{CompanyId, PaymentTermId, PurchaseOrderId, VendorId, WarehouseId};
use api_runtime::call::Operation;
use api_runtime::validate::{Validator, not_blank};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::enums::PoType;
use sellercloud_api::types;

/// A new purchase order.
///
/// Required: [`Self::company_id`], [`Self::vendor_id`], [`Self::po_type`],
/// [`Self::case_qty_mode`] and at least one [`Self::product`].
/// `case_qty_mode` decides which quantity fields the products carry: cases
/// (`qty_cases_ordered`, `qty_units_per_case`, `case_price`) or units
/// (`qty_units_ordered`, `unit_price`), never both.
///
/// ```
/// use sellercloud::{CompanyId, CreatePurchaseOrder, Decimal, NewPurchaseOrderAddress, NewPurchaseOrderProduct, PoType, VendorId};
///
/// let request = CreatePurchaseOrder::new()
///     .company_id(CompanyId::new(1))
///     .vendor_id(VendorId::new(20))
///     .po_type(PoType::PurchaseOrder)
///     .case_qty_mode(true)
///     .description("Spring restock")
///     .product(
///         NewPurchaseOrderProduct::new("SKU-1")
///             .qty_cases_ordered(10)
///             .qty_units_per_case(12)
///             .case_price(Decimal::new(5400, 2)),
///     )
///     .shipping_address(NewPurchaseOrderAddress::new("US").city("Brooklyn"));
/// let body = request.build()?;
/// assert_eq!(body.products.len(), 1);
///
/// // Unit fields on a case-mode order are refused before anything is sent:
/// let bad = CreatePurchaseOrder::new()
///     .company_id(CompanyId::new(1)).vendor_id(VendorId::new(20)).po_type(PoType::PurchaseOrder).case_qty_mode(true)
///     .product(NewPurchaseOrderProduct::new("SKU-1").unit_price(Decimal::ONE));
/// let e = bad.build().unwrap_err();
/// assert!(e.violations().unwrap().has_field("Products[0].UnitPrice"));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct CreatePurchaseOrder {
    company_id: Option<CompanyId>,
    vendor_id: Option<VendorId>,
    po_type: Option<PoType>,
    case_qty_mode: Option<bool>,
    default_warehouse_id: Option<WarehouseId>,
    description: Option<String>,
    vendor_note: Option<String>,
    payment_term_id: Option<PaymentTermId>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
    products: Vec<NewPurchaseOrderProduct>,
    billing_address: Option<NewPurchaseOrderAddress>,
    shipping_address: Option<NewPurchaseOrderAddress>,
}

impl CreatePurchaseOrder {
    /// An empty request; set at least the required fields.
    ///
    /// ```
    /// let e = sellercloud::CreatePurchaseOrder::new().build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("CompanyID"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `CompanyID` (required): the company the purchase order belongs to.
    ///
    /// ```
    /// use sellercloud::CompanyId;
    /// let r = sellercloud::CreatePurchaseOrder::new().company_id(CompanyId::new(1));
    /// # let _ = r;
    /// ```
    pub fn company_id(mut self, id: CompanyId) -> Self {
        self.company_id = Some(id);
        self
    }

    /// `VendorID` (required): the vendor the goods are ordered from.
    ///
    /// ```
    /// use sellercloud::VendorId;
    /// let r = sellercloud::CreatePurchaseOrder::new().vendor_id(VendorId::new(20));
    /// # let _ = r;
    /// ```
    pub fn vendor_id(mut self, id: VendorId) -> Self {
        self.vendor_id = Some(id);
        self
    }

    /// `POType` (required).
    ///
    /// ```
    /// let r = sellercloud::CreatePurchaseOrder::new().po_type(sellercloud::PoType::CreditMemo);
    /// # let _ = r;
    /// ```
    pub fn po_type(mut self, po_type: PoType) -> Self {
        self.po_type = Some(po_type);
        self
    }

    /// `CaseQtyMode` (required): `true` orders in cases, `false` in units.
    ///
    /// ```
    /// let r = sellercloud::CreatePurchaseOrder::new().case_qty_mode(false);
    /// # let _ = r;
    /// ```
    pub fn case_qty_mode(mut self, case_qty_mode: bool) -> Self {
        self.case_qty_mode = Some(case_qty_mode);
        self
    }

    /// `DefaultWarehouseID`: the warehouse of the purchase order and of all
    /// its products.
    ///
    /// ```
    /// use sellercloud::WarehouseId;
    /// let r = sellercloud::CreatePurchaseOrder::new().default_warehouse_id(WarehouseId::new(3));
    /// # let _ = r;
    /// ```
    pub fn default_warehouse_id(mut self, id: WarehouseId) -> Self {
        self.default_warehouse_id = Some(id);
        self
    }

    /// `Description`.
    ///
    /// ```
    /// let r = sellercloud::CreatePurchaseOrder::new().description("Spring restock");
    /// # let _ = r;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// `VendorNote`: a note for the vendor.
    ///
    /// ```
    /// let r = sellercloud::CreatePurchaseOrder::new().vendor_note("Deliver to dock 2");
    /// # let _ = r;
    /// ```
    pub fn vendor_note(mut self, note: impl Into<String>) -> Self {
        self.vendor_note = Some(note.into());
        self
    }

    /// `PaymentTermID`.
    ///
    /// ```
    /// use sellercloud::PaymentTermId;
    /// let r = sellercloud::CreatePurchaseOrder::new().payment_term_id(PaymentTermId::new(2));
    /// # let _ = r;
    /// ```
    pub fn payment_term_id(mut self, id: PaymentTermId) -> Self {
        self.payment_term_id = Some(id);
        self
    }

    /// `ExpectedDeliveryDate`: send it only when the client setting "Force
    /// user to enter Expected Delivery Date" is on.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// let r = sellercloud::CreatePurchaseOrder::new()
    ///     .expected_delivery_date(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap());
    /// # let _ = r;
    /// ```
    pub fn expected_delivery_date(mut self, date: impl Into<DateTime<FixedOffset>>) -> Self {
        self.expected_delivery_date = Some(date.into());
        self
    }

    /// Adds a product line (`Products`, at least one).
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, NewPurchaseOrderProduct};
    /// let r = CreatePurchaseOrder::new().product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(1));
    /// # let _ = r;
    /// ```
    pub fn product(mut self, product: NewPurchaseOrderProduct) -> Self {
        self.products.push(product);
        self
    }

    /// Adds several product lines.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, NewPurchaseOrderProduct};
    /// let skus = ["A", "B"];
    /// let r = CreatePurchaseOrder::new()
    ///     .products(skus.iter().map(|s| NewPurchaseOrderProduct::new(*s).qty_units_ordered(1)));
    /// # let _ = r;
    /// ```
    pub fn products(mut self, products: impl IntoIterator<Item = NewPurchaseOrderProduct>) -> Self {
        self.products.extend(products);
        self
    }

    /// `BillingAddress`: only when the client setting "Enable BillTo
    /// address for Purchase Orders" is on.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, NewPurchaseOrderAddress};
    /// let r = CreatePurchaseOrder::new().billing_address(NewPurchaseOrderAddress::new("US"));
    /// # let _ = r;
    /// ```
    pub fn billing_address(mut self, address: NewPurchaseOrderAddress) -> Self {
        self.billing_address = Some(address);
        self
    }

    /// `ShippingAddress`.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, NewPurchaseOrderAddress};
    /// let r = CreatePurchaseOrder::new().shipping_address(NewPurchaseOrderAddress::new("CA").city("Toronto"));
    /// # let _ = r;
    /// ```
    pub fn shipping_address(mut self, address: NewPurchaseOrderAddress) -> Self {
        self.shipping_address = Some(address);
        self
    }

    /// Checks every rule without building the body; an
    /// [`Error::Validation`] lists each broken rule with its field path.
    ///
    /// ```
    /// use sellercloud::CompanyId;
    /// let e = sellercloud::CreatePurchaseOrder::new().company_id(CompanyId::new(1)).validate().unwrap_err();
    /// let v = e.violations().unwrap();
    /// assert!(v.has_field("VendorID") && v.has_field("Products"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        required(&mut v, "CompanyID", self.company_id.is_some());
        required(&mut v, "VendorID", self.vendor_id.is_some());
        required(&mut v, "POType", self.po_type.is_some());
        required(&mut v, "CaseQtyMode", self.case_qty_mode.is_some());
        at_least_one_product(&mut v, &self.products);
        for (i, product) in self.products.iter().enumerate() {
            let at = format!("Products[{i}]");
            let p = &product.0;
            v.enforce(
                &PRODUCT_ID,
                format_args!("{at}.ProductID"),
                not_blank(&p.product_id),
            );
            quantities_and_prices(&mut v, &at, p);
            match self.case_qty_mode {
                Some(true) => case_mode_fields(&mut v, &at, p),
                Some(false) => unit_mode_fields(&mut v, &at, p),
                None => {}
            }
        }
        for (name, address) in [
            ("BillingAddress", &self.billing_address),
            ("ShippingAddress", &self.shipping_address),
        ] {
            if let Some(a) = address {
                address_country(&mut v, name, &a.0);
            }
        }
        v.finish().map_err(Error::Validation)
    }

    /// Checks every rule ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// use sellercloud::CompanyId;
    /// let e = sellercloud::CreatePurchaseOrder::new().company_id(CompanyId::new(1)).build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("VendorID"));
    /// ```
    pub fn build(self) -> Result<types::CreatePurchaseOrderRequest> {
        self.validate()?;
        // validate() recorded a violation for every missing required field.
        let (Some(company_id), Some(vendor_id), Some(po_type), Some(case_qty_mode)) = (
            self.company_id,
            self.vendor_id,
            self.po_type,
            self.case_qty_mode,
        ) else {
            unreachable!("missing required fields are violations");
        };
        Ok(types::CreatePurchaseOrderRequest {
            billing_address: self.billing_address.map(|a| a.0),
            case_qty_mode,
            company_id: company_id.get(),
            default_warehouse_id: self.default_warehouse_id.map(WarehouseId::get),
            description: self.description,
            expected_delivery_date: self.expected_delivery_date,
            payment_term_id: self.payment_term_id.map(PaymentTermId::get),
            po_type,
            products: self.products.into_iter().map(|p| p.0).collect(),
            shipping_address: self.shipping_address.map(|a| a.0),
            vendor_id: vendor_id.get(),
            vendor_note: self.vendor_note,
        })
    }
}

pub(crate) const OPERATION: Operation = Operation::not_idempotent("create_purchase_order");

/// Sends a create: validated first, never re-sent once it may have reached
/// the server (see [`PurchaseOrders::create`](crate::PurchaseOrders::create)).
pub(crate) async fn send(client: &Client, request: CreatePurchaseOrder) -> Result<PurchaseOrderId> {
    let body = request.build()?;
    let created: types::CreatedPurchaseOrder = client
        .call(OPERATION, |api| api.create_purchase_order(&body))
        .await?
        .decode(OPERATION.name)?;
    Ok(created_id(created))
}

pub mod exactly_once;
mod lines;
pub mod rules;
#[cfg(test)]
mod tests;

pub use exactly_once::{Created, ExactlyOnce};
pub use lines::{NewPurchaseOrderAddress, NewPurchaseOrderProduct};
pub use rules::RULES;
use rules::{
    PRODUCT_ID, address_country, at_least_one_product, case_mode_fields, quantities_and_prices,
    required, unit_mode_fields,
};
