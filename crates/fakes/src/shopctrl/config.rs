//! How a fake ShopCtrl is set up: credentials and the data it starts with.

use super::model::{StoredPurchaseOrderRows, StoredRow, StoredShopProduct};
use crate::RateLimit;
use api_runtime::secret::Secret;
use rust_decimal::Decimal;

/// How `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows` applies a row.
///
/// The vendor says neither. Document 003 describes the update DTO with no
/// field required and says only of `StockItems` that "it's important to
/// provide a complete list"; older pages marked `ProductName`, `ProductCode`
/// and `Sequence` required, which suggests the row is replaced as a whole.
/// The fake can do either, so code can be tested against both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowUpdateMode {
    /// An omitted or null field keeps the stored value; `StockItems`, when
    /// sent, replaces the list, and when omitted keeps it.
    #[default]
    Merge,
    /// The row becomes what was sent: an omitted or null field is cleared
    /// (`None`), and an omitted `StockItems` clears the list, since the
    /// vendor asks for the complete list on every update. `Sequence` is the
    /// exception: "If not specified ShopCtrl will determine the sequence",
    /// so an omitted one keeps the stored value (or, with none stored,
    /// becomes the row's position from 1). `Id` and `ProductDescription`
    /// (no update page lists it) are never cleared.
    Overwrite,
}

/// Configuration of a [`FakeShopCtrl`](super::FakeShopCtrl). `Debug` does not show the password.
///
/// ```
/// use sellercloud_shopctrl_fakes::shopctrl::{StoredPurchaseOrderRows, StoredRow, ShopCtrlConfig};
/// let config = ShopCtrlConfig::new("api", "pw")
///     .with_purchase_order(StoredPurchaseOrderRows::new(1).with_row(StoredRow::new(11)));
/// assert!(!format!("{config:?}").contains("\"pw\""));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ShopCtrlConfig {
    /// The Basic user name accepted.
    pub username: String,
    /// The Basic password accepted.
    pub password: Secret,
    /// How a row update is applied (default [`RowUpdateMode::Merge`]).
    pub update_mode: RowUpdateMode,
    /// A rate limit the fake enforces (default none); see [`RateLimit`].
    pub rate_limit: Option<RateLimit>,
    /// Purchase orders (with rows) that exist from the start.
    pub purchase_orders: Vec<StoredPurchaseOrderRows>,
    /// Products served by id and by code (default none).
    pub products: Vec<StoredShopProduct>,
    /// The warehouse location provisioning uses when a request names none
    /// (default 1): "If not set default WarehouseLocation for warehouse
    /// will be used".
    pub default_location: i32,
}

impl Default for ShopCtrlConfig {
    /// User `fake-user`, password `fake-password`, no purchase orders.
    fn default() -> Self {
        ShopCtrlConfig::new("fake-user", "fake-password")
    }
}

impl ShopCtrlConfig {
    /// A configuration with these credentials and no purchase orders.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        ShopCtrlConfig {
            username: username.into(),
            password: Secret::new(password),
            update_mode: RowUpdateMode::default(),
            rate_limit: None,
            purchase_orders: Vec::new(),
            products: Vec::new(),
            default_location: 1,
        }
    }

    /// Seeds a product.
    pub fn with_product(mut self, product: StoredShopProduct) -> Self {
        self.products.push(product);
        self
    }

    /// Sample data for manual use and demos: purchase order 1 with rows 11
    /// and 12.
    pub fn demo() -> Self {
        ShopCtrlConfig::default().with_purchase_order(
            StoredPurchaseOrderRows::new(1)
                .with_row(StoredRow {
                    product_code: Some("DEMO-1".into()),
                    item_quantity: Some(Decimal::from(2)),
                    ..StoredRow::new(11)
                })
                .with_row(StoredRow::new(12)),
        )
    }

    /// Sets [`ShopCtrlConfig::update_mode`].
    pub fn with_update_mode(mut self, mode: RowUpdateMode) -> Self {
        self.update_mode = mode;
        self
    }

    /// Enforces a rate limit (see [`RateLimit`]).
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Seeds a purchase order.
    pub fn with_purchase_order(mut self, po: StoredPurchaseOrderRows) -> Self {
        self.purchase_orders.push(po);
        self
    }
}
