//! The state the fake ShopCtrl keeps, as users read and seed it.

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredPurchaseOrderRows {
    /// The purchase order ID.
    pub id: i32,
    /// The rows, in seeding order.
    pub rows: Vec<StoredRow>,
}

impl StoredPurchaseOrderRows {
    /// A purchase order without rows, for seeding.
    pub fn new(id: i32) -> StoredPurchaseOrderRows {
        StoredPurchaseOrderRows {
            id,
            rows: Vec::new(),
        }
    }

    /// Adds a row (builder style).
    pub fn with_row(mut self, row: StoredRow) -> StoredPurchaseOrderRows {
        self.rows.push(row);
        self
    }
}
