//! The state the fake ShopCtrl keeps, as users read and seed it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// One stock item of a row (the vendor's `StockItemDto`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredStockItem {
    /// `ProductCode`.
    pub product_code: Option<String>,
    /// `LotNumber`.
    pub lot_number: Option<String>,
    /// `SerialNumber`.
    pub serial_number: Option<String>,
    /// `ExpiryDate`, the text as received (offset kept).
    pub expiry_date: Option<String>,
    /// `Quantity`, a whole number (`facts.md`: "`StockItemDto.Quantity` is an
    /// integer"). A stock item sent without one (or with null) is stored
    /// with 0, as ASP.NET binds a missing `int`; whether the vendor's DTO
    /// makes it nullable is not documented.
    pub quantity: i32,
}

/// One purchase order row as the fake stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredRow {
    /// The row ID (`Id`).
    pub id: i32,
    /// `ProductId`.
    pub product_id: Option<i32>,
    /// `ItemQuantity`, exact.
    pub item_quantity: Option<Decimal>,
    /// `ItemQuantityDelivered`, exact.
    pub item_quantity_delivered: Option<Decimal>,
    /// `ProductCode`.
    pub product_code: Option<String>,
    /// `ProductName` (the older update page and the rows page list it).
    pub product_name: Option<String>,
    /// `ProductDescription`, which the rows page shows. No update page lists
    /// it, so updates never change it; seed it to see it.
    pub product_description: Option<String>,
    /// `ItemPriceExVat`, exact.
    pub item_price_ex_vat: Option<Decimal>,
    /// `RowTotalExVat`, exact.
    pub row_total_ex_vat: Option<Decimal>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `Sequence`.
    pub sequence: Option<i32>,
    /// `ExpectedDeliveryDate`, the text as received (offset kept).
    pub expected_delivery_date: Option<String>,
    /// `StockItems`, replaced as a whole by each update that sends them.
    pub stock_items: Vec<StoredStockItem>,
    /// How many updates were applied to this row.
    pub update_count: u32,
}

impl StoredRow {
    /// A row with only an ID, for seeding.
    pub fn new(id: i32) -> StoredRow {
        StoredRow {
            id,
            ..StoredRow::default()
        }
    }
}

/// A purchase order with its rows.
///
/// The header fields are those `POST`/`PUT` purchase-order requests carry;
/// a purchase order seeded with [`StoredPurchaseOrderRows::new`] has none of
/// them but its ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredPurchaseOrderRows {
    /// The purchase order ID.
    pub id: i32,
    /// The rows, in seeding order.
    pub rows: Vec<StoredRow>,
    /// The shop owner it belongs to (the path's `shopOwnerId` on create).
    pub shop_owner_id: Option<i32>,
    /// `SupplierId`.
    pub supplier_id: Option<i32>,
    /// `OurReference`, the caller's own reference.
    pub our_reference: Option<String>,
    /// `OrderCode` (the fake makes up `PO-{id}` on create).
    pub order_code: Option<String>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `ExchangeRate`, exact.
    pub exchange_rate: Option<Decimal>,
    /// `ShippingCostsExVat`, exact.
    pub shipping_costs_ex_vat: Option<Decimal>,
    /// `CurrencyId`.
    pub currency_id: Option<i32>,
    /// `WarehouseId`.
    pub warehouse_id: Option<i32>,
    /// `ExpectedDeliveryDate`, the text as received (offset kept).
    pub expected_delivery_date: Option<String>,
    /// When it last changed, on the fake's clock: the list's
    /// `ChangeTimestamp` and what its change filters compare.
    pub changed_at: Option<DateTime<Utc>>,
    /// Every stock item received through `AdvancedProvision`, in order.
    pub provisions: Vec<StoredProvision>,
}

/// One stock item received through
/// `POST v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredProvision {
    /// `PurchaseOrderRowId`.
    pub row_id: i32,
    /// `QtyDelivered` as applied (a value left out, zero or less is 1).
    pub qty_delivered: i32,
    /// `WarehouseLocationId`, or the default location when left out.
    pub warehouse_location_id: i32,
    /// `LotNumber`.
    pub lot_number: Option<String>,
    /// `SerialNumber`.
    pub serial_number: Option<String>,
    /// `ExpiryDate`, the text as received (offset kept).
    pub expiry_date: Option<String>,
}

/// A product the fake serves by id and by code, with its stock per location.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredShopProduct {
    /// `Id`.
    pub id: i32,
    /// `Code` (SKU), unique within its shop group.
    pub code: String,
    /// `ShopGroupId`.
    pub shop_group_id: i32,
    /// Stock per warehouse location.
    pub stock: Vec<StoredStock>,
}

impl StoredShopProduct {
    /// A product without stock.
    pub fn new(id: i32, code: impl Into<String>, shop_group_id: i32) -> StoredShopProduct {
        StoredShopProduct {
            id,
            code: code.into(),
            shop_group_id,
            stock: Vec::new(),
        }
    }

    /// Adds stock at a location (builder style).
    pub fn with_stock(mut self, stock: StoredStock) -> StoredShopProduct {
        self.stock.push(stock);
        self
    }
}

/// A product's stock at one warehouse location.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredStock {
    /// `WarehouseId`.
    pub warehouse_id: i32,
    /// `WarehouseLocationId`.
    pub warehouse_location_id: i32,
    /// `QtyOnHand`, exact.
    pub qty_on_hand: Decimal,
    /// `QtyReserved`, exact; `QtyAvailable` is on hand less reserved.
    pub qty_reserved: Decimal,
}

impl StoredPurchaseOrderRows {
    /// A purchase order without rows, for seeding.
    pub fn new(id: i32) -> StoredPurchaseOrderRows {
        StoredPurchaseOrderRows {
            id,
            ..StoredPurchaseOrderRows::default()
        }
    }

    /// Adds a row (builder style).
    pub fn with_row(mut self, row: StoredRow) -> StoredPurchaseOrderRows {
        self.rows.push(row);
        self
    }
}
