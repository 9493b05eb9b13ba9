//! Create a purchase order: `POST /api/PurchaseOrders`.
//!
//! [`CreatePurchaseOrder`] builds the request; its rules (below, one
//! function each, quoting the vendor's article "Create Purchase Order") are
//! checked by [`CreatePurchaseOrder::build`], which
//! [`PurchaseOrders::create`](crate::PurchaseOrders::create) calls before
//! anything is sent.
//!
//! ```
//! use sellercloud::{CreatePurchaseOrder, PoType, PurchaseOrderProduct};
//! let body = CreatePurchaseOrder::new()
//!     .company_id(1).vendor_id(20).po_type(PoType::PurchaseOrder).case_qty_mode(false)
//!     .product(PurchaseOrderProduct::new("SKU-1").qty_units_ordered(2))
//!     .build()?;
//! assert_eq!(serde_json::to_value(&body).unwrap()["Products"][0]["ProductID"], "SKU-1");
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use api_runtime::call::Operation;
use api_runtime::validate::{
    Rule, RuleKind, Validator, not_blank, not_negative_decimal, positive, two_letter_code,
};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use sellercloud_api::enums::{DiscountType, PoType};
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
/// use sellercloud::{CreatePurchaseOrder, Decimal, PoType, PurchaseOrderAddress, PurchaseOrderProduct};
///
/// let request = CreatePurchaseOrder::new()
///     .company_id(1)
///     .vendor_id(20)
///     .po_type(PoType::PurchaseOrder)
///     .case_qty_mode(true)
///     .description("Spring restock")
///     .product(
///         PurchaseOrderProduct::new("SKU-1")
///             .qty_cases_ordered(10)
///             .qty_units_per_case(12)
///             .case_price(Decimal::new(5400, 2)),
///     )
///     .shipping_address(PurchaseOrderAddress::new("US").city("Brooklyn"));
/// let body = request.build()?;
/// assert_eq!(body.products.len(), 1);
///
/// // Unit fields on a case-mode order are refused before anything is sent:
/// let bad = CreatePurchaseOrder::new()
///     .company_id(1).vendor_id(20).po_type(PoType::PurchaseOrder).case_qty_mode(true)
///     .product(PurchaseOrderProduct::new("SKU-1").unit_price(Decimal::ONE));
/// let e = bad.build().unwrap_err();
/// assert!(e.violations().unwrap().has_field("Products[0].UnitPrice"));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct CreatePurchaseOrder {
    company_id: Option<i32>,
    vendor_id: Option<i32>,
    po_type: Option<PoType>,
    case_qty_mode: Option<bool>,
    default_warehouse_id: Option<i32>,
    description: Option<String>,
    vendor_note: Option<String>,
    payment_term_id: Option<i32>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
    products: Vec<PurchaseOrderProduct>,
    billing_address: Option<PurchaseOrderAddress>,
    shipping_address: Option<PurchaseOrderAddress>,
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
    /// let r = sellercloud::CreatePurchaseOrder::new().company_id(1);
    /// # let _ = r;
    /// ```
    pub fn company_id(mut self, id: i32) -> Self {
        self.company_id = Some(id);
        self
    }

    /// `VendorID` (required): the vendor the goods are ordered from.
    ///
    /// ```
    /// let r = sellercloud::CreatePurchaseOrder::new().vendor_id(20);
    /// # let _ = r;
    /// ```
    pub fn vendor_id(mut self, id: i32) -> Self {
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
    /// let r = sellercloud::CreatePurchaseOrder::new().default_warehouse_id(3);
    /// # let _ = r;
    /// ```
    pub fn default_warehouse_id(mut self, id: i32) -> Self {
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
    /// let r = sellercloud::CreatePurchaseOrder::new().payment_term_id(2);
    /// # let _ = r;
    /// ```
    pub fn payment_term_id(mut self, id: i32) -> Self {
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
    /// use sellercloud::{CreatePurchaseOrder, PurchaseOrderProduct};
    /// let r = CreatePurchaseOrder::new().product(PurchaseOrderProduct::new("SKU-1").qty_units_ordered(1));
    /// # let _ = r;
    /// ```
    pub fn product(mut self, product: PurchaseOrderProduct) -> Self {
        self.products.push(product);
        self
    }

    /// Adds several product lines.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, PurchaseOrderProduct};
    /// let skus = ["A", "B"];
    /// let r = CreatePurchaseOrder::new()
    ///     .products(skus.iter().map(|s| PurchaseOrderProduct::new(*s).qty_units_ordered(1)));
    /// # let _ = r;
    /// ```
    pub fn products(mut self, products: impl IntoIterator<Item = PurchaseOrderProduct>) -> Self {
        self.products.extend(products);
        self
    }

    /// `BillingAddress`: only when the client setting "Enable BillTo
    /// address for Purchase Orders" is on.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, PurchaseOrderAddress};
    /// let r = CreatePurchaseOrder::new().billing_address(PurchaseOrderAddress::new("US"));
    /// # let _ = r;
    /// ```
    pub fn billing_address(mut self, address: PurchaseOrderAddress) -> Self {
        self.billing_address = Some(address);
        self
    }

    /// `ShippingAddress`.
    ///
    /// ```
    /// use sellercloud::{CreatePurchaseOrder, PurchaseOrderAddress};
    /// let r = CreatePurchaseOrder::new().shipping_address(PurchaseOrderAddress::new("CA").city("Toronto"));
    /// # let _ = r;
    /// ```
    pub fn shipping_address(mut self, address: PurchaseOrderAddress) -> Self {
        self.shipping_address = Some(address);
        self
    }

    /// Checks every rule without building the body; an
    /// [`Error::Validation`] lists each broken rule with its field path.
    ///
    /// ```
    /// let e = sellercloud::CreatePurchaseOrder::new().company_id(1).validate().unwrap_err();
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
    /// let e = sellercloud::CreatePurchaseOrder::new().company_id(1).build().unwrap_err();
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
            company_id,
            default_warehouse_id: self.default_warehouse_id,
            description: self.description,
            expected_delivery_date: self.expected_delivery_date,
            payment_term_id: self.payment_term_id,
            po_type,
            products: self.products.into_iter().map(|p| p.0).collect(),
            shipping_address: self.shipping_address.map(|a| a.0),
            vendor_id,
            vendor_note: self.vendor_note,
        })
    }
}

const OPERATION: Operation = Operation::not_idempotent("create_purchase_order");

/// Sends a create: validated first, never re-sent once it may have reached
/// the server (see [`PurchaseOrders::create`](crate::PurchaseOrders::create)).
pub(crate) async fn send(client: &Client, request: CreatePurchaseOrder) -> Result<i32> {
    let body = request.build()?;
    let created: types::CreatedPurchaseOrder = client
        .call(OPERATION, |api| api.create_purchase_order(&body))
        .await?
        .decode(OPERATION.name)?;
    Ok(created_id(created))
}

/// The ID from either answer shape: `{"Id": n}` (the vendor's Swagger) or a
/// bare `n` (the article: "ID of the created purchase order is returned").
fn created_id(created: types::CreatedPurchaseOrder) -> i32 {
    match created {
        types::CreatedPurchaseOrder::CreatedEntityId(e) => e.id,
        types::CreatedPurchaseOrder::Int32(id) => id,
    }
}

const DOC: &str = "001 Create Purchase Order";
const OP: &str = "create_purchase_order";

/// `CompanyID`, `VendorID`, `POType` and `CaseQtyMode`: each "Is Required:
/// true" in the article's table.
pub static REQUIRED_FIELDS: Rule = Rule {
    operation: OP,
    field: "CompanyID, VendorID, POType, CaseQtyMode",
    rule: "is required",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "CompanyID | integer | PO company ID | true; VendorID ... | true; POType ... | true; CaseQtyMode ... | true",
};

/// `Products`: "List with PO product items", "Is Required: true".
pub static AT_LEAST_ONE_PRODUCT: Rule = Rule {
    operation: OP,
    field: "Products",
    rule: "must contain at least one product",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Products | List | List with PO product items | true",
};

/// `Product.ProductID`: "Product ID", "Is Required: true"; a blank SKU names
/// no product.
pub static PRODUCT_ID: Rule = Rule {
    operation: OP,
    field: "Products[].ProductID",
    rule: "must not be blank",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Product.ProductID | string | Product ID | true",
};

/// `QtyUnitsOrdered`, `QtyCasesOrdered`, `QtyUnitsPerCase`: "Should be
/// greater than 0."
pub static QUANTITY_POSITIVE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyUnitsOrdered, QtyCasesOrdered, QtyUnitsPerCase",
    rule: "must be greater than 0",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should be greater than 0.",
};

/// `UnitPrice`, `CasePrice`: "Cannot be negative."
pub static PRICE_NOT_NEGATIVE: Rule = Rule {
    operation: OP,
    field: "Products[].UnitPrice, CasePrice",
    rule: "must not be negative",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Cannot be negative.",
};

/// Case quantity mode on: `QtyUnitsOrdered` and `UnitPrice` "Should only
/// be set if case quantity mode is set to false."
pub static NO_UNIT_FIELDS_IN_CASE_MODE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyUnitsOrdered, UnitPrice (CaseQtyMode true)",
    rule: "must not be set when CaseQtyMode is true",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should only be set if case quantity mode is set to false.",
};

/// Case quantity mode off: `QtyCasesOrdered`, `QtyUnitsPerCase` and
/// `CasePrice` "Should only be set if case quantity mode is set to true."
pub static NO_CASE_FIELDS_IN_UNIT_MODE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyCasesOrdered, QtyUnitsPerCase, CasePrice (CaseQtyMode false)",
    rule: "must not be set when CaseQtyMode is false",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should only be set if case quantity mode is set to true.",
};

/// `Address.Country`: "Two letter country code", "Is Required: true" (the
/// only required part of a purchase order address; the constructor takes
/// it). Checked as two ASCII letters as sent, not against the ISO 3166-1
/// list, so a newly assigned code is never refused.
pub static ADDRESS_COUNTRY: Rule = Rule {
    operation: OP,
    field: "BillingAddress.Country, ShippingAddress.Country",
    rule: "must be a two-letter code",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Address.Country | string | Two letter country code | true",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[
    &REQUIRED_FIELDS,
    &AT_LEAST_ONE_PRODUCT,
    &PRODUCT_ID,
    &QUANTITY_POSITIVE,
    &PRICE_NOT_NEGATIVE,
    &NO_UNIT_FIELDS_IN_CASE_MODE,
    &NO_CASE_FIELDS_IN_UNIT_MODE,
    &ADDRESS_COUNTRY,
];

// Not enforced, because no vendor document states it: that `DiscountType`
// and `DiscountValue` come together, that a `Percentage` is at most 100,
// that a discount is not negative.

fn required(v: &mut Validator, field: &'static str, present: bool) {
    v.require(&REQUIRED_FIELDS, present, field);
}

fn at_least_one_product(v: &mut Validator, products: &[PurchaseOrderProduct]) {
    v.require(&AT_LEAST_ONE_PRODUCT, !products.is_empty(), "Products");
}

fn case_mode_fields(v: &mut Validator, at: &str, p: &types::PurchaseOrderProduct) {
    if let Some(q) = p.qty_cases_ordered {
        v.enforce(
            &QUANTITY_POSITIVE,
            format_args!("{at}.QtyCasesOrdered"),
            positive(q.into()),
        );
    }
    if let Some(q) = p.qty_units_per_case {
        v.enforce(
            &QUANTITY_POSITIVE,
            format_args!("{at}.QtyUnitsPerCase"),
            positive(q.into()),
        );
    }
    if let Some(price) = p.case_price {
        v.enforce(
            &PRICE_NOT_NEGATIVE,
            format_args!("{at}.CasePrice"),
            not_negative_decimal(price),
        );
    }
    let rule = &NO_UNIT_FIELDS_IN_CASE_MODE;
    v.require(
        rule,
        p.qty_units_ordered.is_none(),
        format_args!("{at}.QtyUnitsOrdered"),
    );
    v.require(rule, p.unit_price.is_none(), format_args!("{at}.UnitPrice"));
}

fn unit_mode_fields(v: &mut Validator, at: &str, p: &types::PurchaseOrderProduct) {
    if let Some(q) = p.qty_units_ordered {
        v.enforce(
            &QUANTITY_POSITIVE,
            format_args!("{at}.QtyUnitsOrdered"),
            positive(q.into()),
        );
    }
    if let Some(price) = p.unit_price {
        v.enforce(
            &PRICE_NOT_NEGATIVE,
            format_args!("{at}.UnitPrice"),
            not_negative_decimal(price),
        );
    }
    let rule = &NO_CASE_FIELDS_IN_UNIT_MODE;
    v.require(
        rule,
        p.qty_cases_ordered.is_none(),
        format_args!("{at}.QtyCasesOrdered"),
    );
    v.require(
        rule,
        p.qty_units_per_case.is_none(),
        format_args!("{at}.QtyUnitsPerCase"),
    );
    v.require(rule, p.case_price.is_none(), format_args!("{at}.CasePrice"));
}

fn address_country(v: &mut Validator, name: &str, a: &types::PurchaseOrderAddress) {
    v.enforce(
        &ADDRESS_COUNTRY,
        format_args!("{name}.Country"),
        two_letter_code(&a.country),
    );
}

/// One product line of a [`CreatePurchaseOrder`].
///
/// Set either the case fields or the unit fields, matching the request's
/// `case_qty_mode`.
///
/// ```
/// use sellercloud::{Decimal, DiscountType, PurchaseOrderProduct};
///
/// let in_units = PurchaseOrderProduct::new("SKU-1")
///     .qty_units_ordered(12)
///     .unit_price(Decimal::new(450, 2))
///     .discount(DiscountType::Percentage, Decimal::from(5))
///     .item_notes("fragile");
/// let in_cases = PurchaseOrderProduct::new("SKU-2")
///     .qty_cases_ordered(3)
///     .qty_units_per_case(24)
///     .case_price(Decimal::new(9900, 2));
/// # let _ = (in_units, in_cases);
/// ```
#[derive(Clone, Debug)]
pub struct PurchaseOrderProduct(types::PurchaseOrderProduct);

impl PurchaseOrderProduct {
    /// A line for `product_id` (`ProductID`, the product's SKU-like ID).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1");
    /// # let _ = p;
    /// ```
    pub fn new(product_id: impl Into<String>) -> Self {
        PurchaseOrderProduct(types::PurchaseOrderProduct {
            case_price: None,
            discount_type: None,
            discount_value: None,
            item_notes: None,
            product_id: product_id.into(),
            qty_cases_ordered: None,
            qty_units_ordered: None,
            qty_units_per_case: None,
            unit_price: None,
            warehouse_id: None,
        })
    }

    /// `QtyUnitsOrdered` (unit mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").qty_units_ordered(12);
    /// # let _ = p;
    /// ```
    pub fn qty_units_ordered(mut self, qty: i32) -> Self {
        self.0.qty_units_ordered = Some(qty);
        self
    }

    /// `UnitPrice` (unit mode; not negative).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").unit_price(sellercloud::Decimal::new(199, 2));
    /// # let _ = p;
    /// ```
    pub fn unit_price(mut self, price: Decimal) -> Self {
        self.0.unit_price = Some(price);
        self
    }

    /// `QtyCasesOrdered` (case mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").qty_cases_ordered(2);
    /// # let _ = p;
    /// ```
    pub fn qty_cases_ordered(mut self, qty: i32) -> Self {
        self.0.qty_cases_ordered = Some(qty);
        self
    }

    /// `QtyUnitsPerCase` (case mode; greater than 0).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").qty_units_per_case(24);
    /// # let _ = p;
    /// ```
    pub fn qty_units_per_case(mut self, qty: i32) -> Self {
        self.0.qty_units_per_case = Some(qty);
        self
    }

    /// `CasePrice` (case mode; not negative).
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").case_price(sellercloud::Decimal::from(48));
    /// # let _ = p;
    /// ```
    pub fn case_price(mut self, price: Decimal) -> Self {
        self.0.case_price = Some(price);
        self
    }

    /// `DiscountType` and `DiscountValue` together (only while the client
    /// setting "Enable Multi Discount for Purchase Order" is off).
    ///
    /// ```
    /// use sellercloud::{Decimal, DiscountType, PurchaseOrderProduct};
    /// let p = PurchaseOrderProduct::new("SKU-1").discount(DiscountType::FixedAmount, Decimal::from(3));
    /// # let _ = p;
    /// ```
    pub fn discount(self, kind: DiscountType, value: Decimal) -> Self {
        self.discount_type(kind).discount_value(value)
    }

    /// `DiscountType` alone.
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").discount_type(sellercloud::DiscountType::Percentage);
    /// # let _ = p;
    /// ```
    pub fn discount_type(mut self, kind: DiscountType) -> Self {
        self.0.discount_type = Some(kind);
        self
    }

    /// `DiscountValue` alone.
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").discount_value(sellercloud::Decimal::from(10));
    /// # let _ = p;
    /// ```
    pub fn discount_value(mut self, value: Decimal) -> Self {
        self.0.discount_value = Some(value);
        self
    }

    /// `WarehouseID` of this line.
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").warehouse_id(4);
    /// # let _ = p;
    /// ```
    pub fn warehouse_id(mut self, id: i32) -> Self {
        self.0.warehouse_id = Some(id);
        self
    }

    /// `ItemNotes`: notes on the purchase order item.
    ///
    /// ```
    /// let p = sellercloud::PurchaseOrderProduct::new("SKU-1").item_notes("fragile");
    /// # let _ = p;
    /// ```
    pub fn item_notes(mut self, notes: impl Into<String>) -> Self {
        self.0.item_notes = Some(notes.into());
        self
    }
}

/// A purchase order's billing or shipping address: only `Country` is
/// required (order addresses, see [`OrderAddress`](crate::OrderAddress),
/// have stricter rules).
///
/// ```
/// let a = sellercloud::PurchaseOrderAddress::new("US")
///     .first_name("Ada")
///     .last_name("Lovelace")
///     .address_line1("1 Main St")
///     .city("Springfield")
///     .state("IL")
///     .zip_code("62701");
/// # let _ = a;
/// ```
#[derive(Clone, Debug)]
pub struct PurchaseOrderAddress(types::PurchaseOrderAddress);

macro_rules! optional_text {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.0.$name = Some(value.into());
            self
        }
    )*};
}

impl PurchaseOrderAddress {
    /// An address in `country` (two-letter code, e.g. `US`).
    ///
    /// ```
    /// let a = sellercloud::PurchaseOrderAddress::new("GB");
    /// # let _ = a;
    /// ```
    pub fn new(country: impl Into<String>) -> Self {
        PurchaseOrderAddress(types::PurchaseOrderAddress {
            address_line1: None,
            address_line2: None,
            business: None,
            city: None,
            country: country.into(),
            fax: None,
            first_name: None,
            last_name: None,
            middle_name: None,
            phone: None,
            region: None,
            state: None,
            zip_code: None,
        })
    }

    optional_text! {
        /// `FirstName`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").first_name("Ada");
        /// # let _ = a;
        /// ```
        first_name,
        /// `MiddleName`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").middle_name("K");
        /// # let _ = a;
        /// ```
        middle_name,
        /// `LastName`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").last_name("Lovelace");
        /// # let _ = a;
        /// ```
        last_name,
        /// `Business`: company name.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").business("Acme");
        /// # let _ = a;
        /// ```
        business,
        /// `AddressLine1`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").address_line1("1 Main St");
        /// # let _ = a;
        /// ```
        address_line1,
        /// `AddressLine2`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").address_line2("Suite 4");
        /// # let _ = a;
        /// ```
        address_line2,
        /// `City`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").city("Springfield");
        /// # let _ = a;
        /// ```
        city,
        /// `State`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").state("IL");
        /// # let _ = a;
        /// ```
        state,
        /// `Region`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("FR").region("Bretagne");
        /// # let _ = a;
        /// ```
        region,
        /// `ZipCode`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").zip_code("62701");
        /// # let _ = a;
        /// ```
        zip_code,
        /// `Phone`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").phone("+1 555 0100");
        /// # let _ = a;
        /// ```
        phone,
        /// `Fax`.
        ///
        /// ```
        /// let a = sellercloud::PurchaseOrderAddress::new("US").fax("+1 555 0101");
        /// # let _ = a;
        /// ```
        fax,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_answer_shapes_give_the_id() {
        let object: types::CreatedPurchaseOrder = serde_json::from_str(r#"{"Id": 42}"#).unwrap();
        let bare: types::CreatedPurchaseOrder = serde_json::from_str("43").unwrap();
        assert_eq!((created_id(object), created_id(bare)), (42, 43));
    }

    fn base(case_mode: bool) -> CreatePurchaseOrder {
        CreatePurchaseOrder::new()
            .company_id(1)
            .vendor_id(2)
            .po_type(PoType::PurchaseOrder)
            .case_qty_mode(case_mode)
    }

    fn units() -> PurchaseOrderProduct {
        PurchaseOrderProduct::new("SKU-1")
            .qty_units_ordered(5)
            .unit_price(Decimal::new(125, 2))
    }

    fn cases() -> PurchaseOrderProduct {
        PurchaseOrderProduct::new("SKU-1")
            .qty_cases_ordered(2)
            .qty_units_per_case(12)
            .case_price(Decimal::from(30))
    }

    /// The request fails, and `field` is among the violations.
    #[track_caller]
    fn fails_at(request: CreatePurchaseOrder, field: &str) {
        let e = request.build().unwrap_err();
        let v = e.violations().expect("a validation error");
        assert!(v.has_field(field), "expected {field}, got: {v}");
    }

    #[track_caller]
    fn passes(request: CreatePurchaseOrder) {
        if let Err(e) = request.build() {
            panic!("expected valid, got: {e}");
        }
    }

    #[test]
    fn required_fields() {
        let full = || base(false).product(units());
        passes(full());
        let p = || units();
        fails_at(
            CreatePurchaseOrder::new()
                .vendor_id(2)
                .po_type(PoType::PurchaseOrder)
                .case_qty_mode(false)
                .product(p()),
            "CompanyID",
        );
        fails_at(
            CreatePurchaseOrder::new()
                .company_id(1)
                .po_type(PoType::PurchaseOrder)
                .case_qty_mode(false)
                .product(p()),
            "VendorID",
        );
        fails_at(
            CreatePurchaseOrder::new()
                .company_id(1)
                .vendor_id(2)
                .case_qty_mode(false)
                .product(p()),
            "POType",
        );
        fails_at(
            CreatePurchaseOrder::new()
                .company_id(1)
                .vendor_id(2)
                .po_type(PoType::PurchaseOrder)
                .product(p()),
            "CaseQtyMode",
        );
    }

    #[test]
    fn at_least_one_product() {
        fails_at(base(false), "Products");
        passes(base(false).product(units()));
    }

    #[test]
    fn product_id_not_blank() {
        fails_at(
            base(false).product(units().clone_with_id(" ")),
            "Products[0].ProductID",
        );
        fails_at(
            base(false)
                .product(units())
                .product(units().clone_with_id("")),
            "Products[1].ProductID",
        );
        passes(base(false).product(units().clone_with_id("X")));
    }

    impl PurchaseOrderProduct {
        fn clone_with_id(mut self, id: &str) -> Self {
            self.0.product_id = id.into();
            self
        }
    }

    #[test]
    fn case_mode_quantities_positive() {
        fails_at(
            base(true).product(cases().qty_cases_ordered(0)),
            "Products[0].QtyCasesOrdered",
        );
        fails_at(
            base(true).product(cases().qty_units_per_case(-1)),
            "Products[0].QtyUnitsPerCase",
        );
        passes(base(true).product(cases().qty_cases_ordered(1).qty_units_per_case(1)));
        // "when given": a line without quantities is left to the server.
        passes(base(true).product(PurchaseOrderProduct::new("SKU")));
    }

    #[test]
    fn case_mode_price_not_negative() {
        fails_at(
            base(true).product(cases().case_price(Decimal::new(-1, 2))),
            "Products[0].CasePrice",
        );
        passes(base(true).product(cases().case_price(Decimal::ZERO)));
    }

    #[test]
    fn case_mode_refuses_unit_fields() {
        fails_at(
            base(true).product(cases().qty_units_ordered(3)),
            "Products[0].QtyUnitsOrdered",
        );
        fails_at(
            base(true).product(cases().unit_price(Decimal::ONE)),
            "Products[0].UnitPrice",
        );
        passes(base(true).product(cases()));
    }

    #[test]
    fn unit_mode_quantity_positive_and_price_not_negative() {
        fails_at(
            base(false).product(units().qty_units_ordered(0)),
            "Products[0].QtyUnitsOrdered",
        );
        fails_at(
            base(false).product(units().unit_price(Decimal::NEGATIVE_ONE)),
            "Products[0].UnitPrice",
        );
        passes(base(false).product(units().unit_price(Decimal::ZERO)));
    }

    #[test]
    fn unit_mode_refuses_case_fields() {
        fails_at(
            base(false).product(units().qty_cases_ordered(1)),
            "Products[0].QtyCasesOrdered",
        );
        fails_at(
            base(false).product(units().qty_units_per_case(1)),
            "Products[0].QtyUnitsPerCase",
        );
        fails_at(
            base(false).product(units().case_price(Decimal::ONE)),
            "Products[0].CasePrice",
        );
        passes(base(false).product(units()));
    }

    /// No vendor document pairs `DiscountType` with `DiscountValue`, caps a
    /// `Percentage` at 100 or refuses a negative value: the builder does not
    /// either (issue 14), whatever the server then makes of it.
    #[test]
    fn discounts_are_not_judged_without_a_vendor_rule() {
        passes(base(false).product(units().discount_value(Decimal::ONE)));
        passes(base(false).product(units().discount_type(DiscountType::FixedAmount)));
        passes(
            base(false).product(units().discount(DiscountType::Percentage, Decimal::new(10001, 2))),
        );
        passes(
            base(false).product(units().discount(DiscountType::FixedAmount, Decimal::NEGATIVE_ONE)),
        );
    }

    #[test]
    fn address_country_two_letters() {
        fails_at(
            base(false)
                .product(units())
                .shipping_address(PurchaseOrderAddress::new("USA")),
            "ShippingAddress.Country",
        );
        fails_at(
            base(false)
                .product(units())
                .billing_address(PurchaseOrderAddress::new("")),
            "BillingAddress.Country",
        );
        // Checked as sent: a padded code would go on the wire padded.
        fails_at(
            base(false)
                .product(units())
                .shipping_address(PurchaseOrderAddress::new(" US")),
            "ShippingAddress.Country",
        );
        passes(
            base(false)
                .product(units())
                .shipping_address(PurchaseOrderAddress::new("US"))
                .billing_address(PurchaseOrderAddress::new("de")),
        );
    }

    #[test]
    fn body_has_the_vendor_names() {
        let body = base(true)
            .product(cases().discount(DiscountType::Percentage, Decimal::new(125, 1)))
            .shipping_address(PurchaseOrderAddress::new("US").city("Austin"))
            .build()
            .unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["CompanyID"], 1);
        assert_eq!(json["POType"], "PurchaseOrder");
        assert_eq!(json["CaseQtyMode"], true);
        assert_eq!(json["Products"][0]["CasePrice"], serde_json::json!(30));
        assert_eq!(json["Products"][0]["DiscountType"], "Percentage");
        assert_eq!(json["ShippingAddress"]["City"], "Austin");
        assert!(json["Products"][0].get("UnitPrice").is_none());
    }
}
