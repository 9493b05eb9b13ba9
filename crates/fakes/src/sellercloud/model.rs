//! The state the fake Sellercloud keeps, as users read and seed it.

pub use super::details::{StoredPoDetails, StoredTrackingNumber};
pub use super::enums::{
    DiscountType, EnumValue, PoStatus, PoType, ReceivingStatus, ShippingStatus,
};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use rust_decimal::Decimal;

/// An address, as stored for purchase orders and orders. Every part is kept as
/// received (`None` when it was left out or null).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredAddress {
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

/// The single-tracking shipping information of a purchase order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredShipping {
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
pub struct StoredPurchaseOrderItem {
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
    /// `ProductName`, which the read routes show. The API never sets it (it
    /// knows no product catalogue); seed it to see it.
    pub product_name: Option<String>,
    /// Units received so far: each receipt adds its `QtyToReceive`, or in
    /// case mode `CaseQtyToReceive` × `QtyUnitsPerCase` (one unit per case
    /// when the item has no `QtyUnitsPerCase`).
    pub qty_received: i32,
    /// Cases received so far (case mode): the sum of `CaseQtyToReceive`.
    pub cases_received: i32,
}

impl StoredPurchaseOrderItem {
    /// The units this item orders: `QtyUnitsOrdered` in unit mode,
    /// `QtyCasesOrdered` × `QtyUnitsPerCase` in case mode (one unit per case
    /// when `QtyUnitsPerCase` is missing), 0 when the quantity is unknown.
    /// This is the list answer's `QtyOrdered`.
    pub fn units_ordered(&self, case_qty_mode: bool) -> i64 {
        if case_qty_mode {
            i64::from(self.qty_cases_ordered.unwrap_or(0))
                * i64::from(self.qty_units_per_case.unwrap_or(1))
        } else {
            i64::from(self.qty_units_ordered.unwrap_or(0))
        }
    }

    /// An item with the given item ID and product ID and nothing else set, for
    /// seeding.
    pub fn new(id: i32, product_id: impl Into<String>) -> StoredPurchaseOrderItem {
        StoredPurchaseOrderItem {
            id,
            product_id: product_id.into(),
            ..StoredPurchaseOrderItem::default()
        }
    }
}

/// A purchase order as the fake stores it.
///
/// ```
/// use sellercloud_shopctrl_fakes::sellercloud::{StoredPurchaseOrder, StoredPurchaseOrderItem};
/// let po = StoredPurchaseOrder::new(7, true).with_item(StoredPurchaseOrderItem::new(70, "SKU-1"));
/// assert!(po.case_qty_mode);
/// assert_eq!(po.items[0].id, 70);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredPurchaseOrder {
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
    pub items: Vec<StoredPurchaseOrderItem>,
    /// `BillingAddress`.
    pub billing_address: Option<StoredAddress>,
    /// `ShippingAddress`.
    pub shipping_address: Option<StoredAddress>,
    /// The tracking information.
    pub shipping: StoredShipping,
    /// When the purchase order was created, on the fake server's clock and in
    /// its zone ([`SellercloudConfig::server_utc_offset`](super::SellercloudConfig::server_utc_offset)),
    /// as the read routes send it: without offset. The create route sets it
    /// from the fake's clock; a purchase order seeded without one gets the
    /// time it was seeded.
    pub created_on: Option<NaiveDateTime>,
    /// When the purchase order last changed through the API (or was created),
    /// like [`StoredPurchaseOrder::created_on`].
    pub updated_on: Option<NaiveDateTime>,
    /// When it was last received, like [`StoredPurchaseOrder::created_on`].
    pub received_on: Option<NaiveDateTime>,
    /// The purchase order status (`Saved` when created).
    pub status: PoStatus,
    /// The receiving status, kept from the items' received quantities.
    pub receiving_status: ReceivingStatus,
    /// Every accepted `POST .../receive`, oldest first (receiving twice
    /// receives twice).
    pub receipts: Vec<StoredReceipt>,
    /// What the vendor's newer purchase-order pages change: general
    /// details, tracking numbers (multiple mode), invoice, totals and
    /// custom columns.
    pub details: StoredPoDetails,
}

/// One accepted `POST /api/PurchaseOrders/{id}/receive`, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredReceipt {
    /// When it was received, like [`StoredPurchaseOrder::created_on`].
    pub received_on: Option<NaiveDateTime>,
    /// `ReceiveInvoiceNumber`.
    pub receive_invoice_number: Option<String>,
    /// `VendorOrderId`.
    pub vendor_order_id: Option<String>,
    /// `ShippingCost`, exact.
    pub shipping_cost: Option<Decimal>,
    /// `Items`, in request order.
    pub lines: Vec<StoredReceiptLine>,
}

/// One entry of a receipt's `Items` (the Swagger's `ReceivePoItem`), as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredReceiptLine {
    /// `ID`: the purchase order item ID.
    pub item_id: i32,
    /// `QtyToReceive` (unit mode).
    pub qty_to_receive: Option<i32>,
    /// `CaseQtyToReceive` (case mode).
    pub case_qty_to_receive: Option<i32>,
    /// The units this line added to the item's [`StoredPurchaseOrderItem::qty_received`].
    pub units_received: i32,
    /// `WarehouseId`, or the item's warehouse when not sent (the article's
    /// default: "the item's warehouse from creation").
    pub warehouse_id: Option<i32>,
    /// `WarehouseBinId`.
    pub warehouse_bin_id: Option<i32>,
    /// `UnitPrice`, exact.
    pub unit_price: Option<Decimal>,
    /// `DiscountValue`, exact.
    pub discount_value: Option<Decimal>,
    /// `DiscountType`.
    pub discount_type: Option<DiscountType>,
    /// `LocationNotes`.
    pub location_notes: Option<String>,
    /// `ListPrice`, exact.
    pub list_price: Option<Decimal>,
    /// `UPC`.
    pub upc: Option<String>,
    /// `WeightLbs`, exact.
    pub weight_lbs: Option<Decimal>,
    /// `WeightOz`, exact.
    pub weight_oz: Option<Decimal>,
}

impl StoredPurchaseOrder {
    /// A purchase order with the given ID and quantity mode, company and vendor
    /// 1, type `StoredPurchaseOrder` and no items, for seeding.
    pub fn new(id: i32, case_qty_mode: bool) -> StoredPurchaseOrder {
        StoredPurchaseOrder {
            id,
            company_id: 1,
            vendor_id: 1,
            case_qty_mode,
            ..StoredPurchaseOrder::default()
        }
    }

    /// Adds an item (builder style).
    pub fn with_item(mut self, item: StoredPurchaseOrderItem) -> StoredPurchaseOrder {
        self.items.push(item);
        self
    }

    /// The item with this item ID.
    pub fn item(&self, id: i32) -> Option<&StoredPurchaseOrderItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The receiving status the items' received quantities give (see
    /// [`ReceivingStatus`]).
    pub fn computed_receiving_status(&self) -> ReceivingStatus {
        let received = |i: &StoredPurchaseOrderItem| i64::from(i.qty_received);
        if self.items.iter().all(|i| received(i) <= 0) {
            ReceivingStatus::None
        } else if self
            .items
            .iter()
            .all(|i| received(i) >= i.units_ordered(self.case_qty_mode))
        {
            ReceivingStatus::FullyReceived
        } else {
            ReceivingStatus::PartiallyReceived
        }
    }
}

/// A sales order as the fake stores it. The API cannot create orders, so they
/// are seeded (`SellercloudConfig::orders`, `FakeSellercloud::seed_order`) and
/// then changed by `PUT /api/Orders/{id}`.
///
/// ```
/// use sellercloud_shopctrl_fakes::sellercloud::StoredOrder;
/// let order = StoredOrder::new(5001);
/// assert_eq!(order.update_count, 0);
/// assert!(order.shipping_address.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredOrder {
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
    pub shipping_address: Option<StoredAddress>,
    /// `BillingAddress` (replaced as a whole by each update that sends one).
    pub billing_address: Option<StoredAddress>,
    /// How many updates were applied to this order.
    pub update_count: u32,
}

impl StoredOrder {
    /// An order with only an ID, for seeding.
    pub fn new(id: i32) -> StoredOrder {
        StoredOrder {
            id,
            ..StoredOrder::default()
        }
    }
}
