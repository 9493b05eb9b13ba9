//! The state the fake Sellercloud keeps, as users read and seed it.

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use std::fmt;

/// Kind of purchase order (the vendor's `POType`: 0 `PurchaseOrder`,
/// 1 `CreditMemo`, 2 `VendorOffer`).
///
/// The fake accepts the name (ASCII case-insensitively, as Json.NET does) or
/// the number; other values are rejected with 400.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PoType {
    /// `PurchaseOrder` (0).
    #[default]
    PurchaseOrder,
    /// `CreditMemo` (1).
    CreditMemo,
    /// `VendorOffer` (2).
    VendorOffer,
}

impl PoType {
    pub(crate) const TABLE: &'static [(&'static str, i64, PoType)] = &[
        ("PurchaseOrder", 0, PoType::PurchaseOrder),
        ("CreditMemo", 1, PoType::CreditMemo),
        ("VendorOffer", 2, PoType::VendorOffer),
    ];
}

/// How a line discount is read (the vendor's `DiscountType`: 0 `FixedAmount`,
/// 1 `Percentage`). Accepted as name or number like [`PoType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiscountType {
    /// `FixedAmount` (0): an amount of money.
    FixedAmount,
    /// `Percentage` (1): a percentage, at most 100.
    Percentage,
}

impl DiscountType {
    pub(crate) const TABLE: &'static [(&'static str, i64, DiscountType)] = &[
        ("FixedAmount", 0, DiscountType::FixedAmount),
        ("Percentage", 1, DiscountType::Percentage),
    ];
}

/// The value of an enum the fake does not interpret (`OrderSource`,
/// `OrderSubType`, `CurrencyCode`), stored exactly as it arrived.
///
/// The fake keeps no name/number table for these on purpose: it checks only
/// that a name (a non-empty string) or a number (an integer) was sent, so that
/// assertions see what the client really put on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EnumValue {
    /// Sent as a name, e.g. `"Local_Store"`.
    Name(String),
    /// Sent as the server's number, e.g. `0`.
    Code(i64),
}

impl EnumValue {
    /// The name, when the value was sent as one.
    pub fn name(&self) -> Option<&str> {
        match self {
            EnumValue::Name(n) => Some(n),
            EnumValue::Code(_) => None,
        }
    }
}

impl fmt::Display for EnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumValue::Name(n) => f.write_str(n),
            EnumValue::Code(c) => write!(f, "{c}"),
        }
    }
}

/// An address, as stored for purchase orders and orders. Every part is kept as
/// received (`None` when it was left out or null).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// `FirstName`.
    pub first_name: Option<String>,
    /// `LastName`.
    pub last_name: Option<String>,
    /// `MiddleName`.
    pub middle_name: Option<String>,
    /// `ZipCode`.
    pub zip_code: Option<String>,
    /// `City`.
    pub city: Option<String>,
    /// `Country`, a two-letter code.
    pub country: Option<String>,
    /// `Business` (company name).
    pub business: Option<String>,
    /// `AddressLine1`.
    pub address_line1: Option<String>,
    /// `AddressLine2`.
    pub address_line2: Option<String>,
    /// `Fax`.
    pub fax: Option<String>,
    /// `Region`.
    pub region: Option<String>,
    /// `State`.
    pub state: Option<String>,
    /// `Phone`.
    pub phone: Option<String>,
}

/// Shipping status of a purchase order, as far as the fake models it.
///
/// A new purchase order starts at [`ShippingStatus::None`]; a tracking update
/// with a non-blank `TrackingNumber` moves it to [`ShippingStatus::Shipped`].
/// The vendor lets `ShippedOn` change only when the status is not "None", so
/// the fake rejects `ShippedOn` (400) on a purchase order that is still at
/// `None`, unless the same request sets a tracking number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ShippingStatus {
    /// Nothing shipped yet ("None" in the vendor's terms).
    #[default]
    None,
    /// A tracking number has been set.
    Shipped,
}

/// The single-tracking shipping information of a purchase order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shipping {
    /// See [`ShippingStatus`].
    pub status: ShippingStatus,
    /// `ShippedOn`, with the offset it was sent with.
    pub shipped_on: Option<DateTime<FixedOffset>>,
    /// `ShippedViaCarrier`.
    pub shipped_via_carrier: Option<String>,
    /// `TrackingNumber`.
    pub tracking_number: Option<String>,
}

/// One item (product line) of a purchase order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseOrderItem {
    /// The purchase order item ID the fake assigned; `PUT .../Items` names
    /// items by this, not by the product ID.
    pub id: i32,
    /// `ProductID`, the product's SKU-like identifier.
    pub product_id: String,
    /// `QtyUnitsOrdered` (unit mode only).
    pub qty_units_ordered: Option<i32>,
    /// `UnitPrice` (unit mode only), exact.
    pub unit_price: Option<Decimal>,
    /// `QtyCasesOrdered` (case mode only).
    pub qty_cases_ordered: Option<i32>,
    /// `QtyUnitsPerCase` (case mode only).
    pub qty_units_per_case: Option<i32>,
    /// `CasePrice` (case mode only), exact.
    pub case_price: Option<Decimal>,
    /// `DiscountType`.
    pub discount_type: Option<DiscountType>,
    /// `DiscountValue`, exact.
    pub discount_value: Option<Decimal>,
    /// `WarehouseID`; the PO's `DefaultWarehouseID` overrides it when given,
    /// as the vendor documents.
    pub warehouse_id: Option<i32>,
    /// `ItemNotes`.
    pub item_notes: Option<String>,
    /// `ExpectedDeliveryDate`, set by `PUT .../Items`.
    pub expected_delivery_date: Option<DateTime<FixedOffset>>,
}

impl PurchaseOrderItem {
    /// An item with the given item ID and product ID and nothing else set, for
    /// seeding.
    pub fn new(id: i32, product_id: impl Into<String>) -> PurchaseOrderItem {
        PurchaseOrderItem {
            id,
            product_id: product_id.into(),
            ..PurchaseOrderItem::default()
        }
    }
}

/// A purchase order as the fake stores it.
///
/// ```
/// use fakes::sellercloud::{PurchaseOrder, PurchaseOrderItem};
/// let po = PurchaseOrder::new(7, true).with_item(PurchaseOrderItem::new(70, "SKU-1"));
/// assert!(po.case_qty_mode);
/// assert_eq!(po.items[0].id, 70);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseOrder {
    /// The purchase order ID.
    pub id: i32,
    /// `CompanyID`.
    pub company_id: i32,
    /// `VendorID`.
    pub vendor_id: i32,
    /// `POType`.
    pub po_type: PoType,
    /// `CaseQtyMode`: true when ordered in cases.
    pub case_qty_mode: bool,
    /// `DefaultWarehouseID`.
    pub default_warehouse_id: Option<i32>,
    /// `Description`.
    pub description: Option<String>,
    /// `VendorNote`.
    pub vendor_note: Option<String>,
    /// `PaymentTermID`.
    pub payment_term_id: Option<i32>,
    /// `ExpectedDeliveryDate`, with the offset it was sent with.
    pub expected_delivery_date: Option<DateTime<FixedOffset>>,
    /// The items, in the order of the request's `Products`.
    pub items: Vec<PurchaseOrderItem>,
    /// `BillingAddress`.
    pub billing_address: Option<Address>,
    /// `ShippingAddress`.
    pub shipping_address: Option<Address>,
    /// The tracking information.
    pub shipping: Shipping,
}

impl PurchaseOrder {
    /// A purchase order with the given ID and quantity mode, company and vendor
    /// 1, type `PurchaseOrder` and no items, for seeding.
    pub fn new(id: i32, case_qty_mode: bool) -> PurchaseOrder {
        PurchaseOrder {
            id,
            company_id: 1,
            vendor_id: 1,
            case_qty_mode,
            ..PurchaseOrder::default()
        }
    }

    /// Adds an item (builder style).
    pub fn with_item(mut self, item: PurchaseOrderItem) -> PurchaseOrder {
        self.items.push(item);
        self
    }

    /// The item with this item ID.
    pub fn item(&self, id: i32) -> Option<&PurchaseOrderItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// A sales order as the fake stores it. The API cannot create orders, so they
/// are seeded (`SellercloudConfig::orders`, `FakeSellercloud::seed_order`) and
/// then changed by `PUT /api/Orders/{id}`.
///
/// ```
/// use fakes::sellercloud::Order;
/// let order = Order::new(5001);
/// assert_eq!(order.update_count, 0);
/// assert!(order.shipping_address.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Order {
    /// The order ID.
    pub id: i32,
    /// `CompanyId`.
    pub company_id: Option<i32>,
    /// `CustomerId`.
    pub customer_id: Option<i32>,
    /// `OrderSource`, as sent.
    pub order_source: Option<EnumValue>,
    /// `OrderSubType`, as sent.
    pub order_sub_type: Option<EnumValue>,
    /// `SalesRep1`.
    pub sales_rep1: Option<i32>,
    /// `CurrencyCode`, as sent.
    pub currency_code: Option<EnumValue>,
    /// `DisableInventoryCount`.
    pub disable_inventory_count: Option<bool>,
    /// `ShippingAddress` (replaced as a whole by each update that sends one).
    pub shipping_address: Option<Address>,
    /// `BillingAddress` (replaced as a whole by each update that sends one).
    pub billing_address: Option<Address>,
    /// How many updates were applied to this order.
    pub update_count: u32,
}

impl Order {
    /// An order with only an ID, for seeding.
    pub fn new(id: i32) -> Order {
        Order {
            id,
            ..Order::default()
        }
    }
}
