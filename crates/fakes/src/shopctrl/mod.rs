//! A stateful fake of the ShopCtrl API subset this SDK uses.
//!
//! [`FakeShopCtrl::start`] serves, under [`base_url`](crate::FakeServer::base_url)
//! (`http://127.0.0.1:PORT`):
//!
//! | [`ShopCtrlRoute`] | request | success |
//! |---|---|---|
//! | [`ShopCtrlRoute::UpdatePurchaseOrderRow`] | `PUT {base}/v1/PurchaseOrders/{purchaseOrderId}/Rows` | 200, empty (document 003: "a status only") |
//! | [`ShopCtrlRoute::GetPurchaseOrderRows`] | `GET {base}/v1/PurchaseOrders/{purchaseOrderId}/Rows` | 200, `[PurchaseOrderRow]` |
//! | [`ShopCtrlRoute::AddPurchaseOrderRow`] | `POST {base}/v1/PurchaseOrders/{purchaseOrderId}/Rows` | 200, empty |
//! | [`ShopCtrlRoute::ListPurchaseOrders`] | `GET {base}/v1/ShopOwners/{shopOwnerId}/PurchaseOrders` | 200, `[PurchaseOrderBasicInfo]` |
//! | [`ShopCtrlRoute::CreatePurchaseOrder`] | `POST {base}/v1/ShopOwners/{shopOwnerId}/PurchaseOrders` | 200, `PurchaseOrder` |
//! | [`ShopCtrlRoute::UpdatePurchaseOrder`] | `PUT {base}/v1/PurchaseOrders` | 200, empty |
//! | [`ShopCtrlRoute::ProvisionPurchaseOrder`] | `POST {base}/v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision` | 200, empty |
//! | [`ShopCtrlRoute::GetProduct`] | `GET {base}/v1/Products/{productId}` | 200, `Product` |
//! | [`ShopCtrlRoute::GetProductByCode`] | `GET {base}/v1/ShopGroup/{shopGroupId}/Products/{productCode}` | 200, `Product` |
//! | [`ShopCtrlRoute::GetStockPerLocation`] | `GET {base}/v1/Products/{productId}/StockPerLocation` | 200, `[ProductStockLocationInfo]` |
//!
//! The purchase-order, provisioning and product endpoints keep their rules
//! in their own modules (`purchase_orders.rs`, `provision.rs`,
//! `products.rs`); every endpoint has the faults of [`Fault`](crate::Fault),
//! a lost answer after the request was applied included.
//!
//! # Behaviour
//!
//! Steps, the first that fails answers:
//!
//! 0. **Rate limit**, only when one is configured
//!    ([`ShopCtrlConfig::rate_limit`]): over it, 429 (or the configured
//!    status) with `{"Message": "Too many requests."}` and `Retry-After` in
//!    whole seconds until the client's window ends. ShopCtrl documents no
//!    limit; this lets clients test their `Retry-After` handling.
//! 1. **Routing**, ASCII case-insensitive: unknown path → 404, other method →
//!    405, with `{"Message": ...}`.
//! 2. **HTTP Basic**: `Authorization: Basic base64(user:password)` matching the
//!    configuration, else 401 `{"Message": "Authorization has been denied for
//!    this request."}` with `WWW-Authenticate: Basic realm="ShopCtrl"`.
//! 3. **Path**: a `purchaseOrderId` that is not an int32 → 400.
//! 4. **Media type** (the update): `application/json` or `text/json`, else
//!    415. The real server also takes XML; the fake speaks JSON only and says so.
//! 5. **Body and field rules** (the update), all reported at once as
//!    `{"Message": "The request is invalid.", "ModelState": {"row.Field":
//!    ["..."]}}` with 400 (a body that is not JSON is reported under `row`).
//!    Only rules a vendor source states or the wire type implies: int32
//!    `Id`, `ProductId`, `Sequence`; decimal quantities and prices;
//!    `ProductCode` at most 100 characters and `ProductName` at most 500
//!    (`facts.md`: "Older docs mark row fields: ProductName required (max
//!    500), ProductCode required (max 100)"; counted in Unicode scalar
//!    values; the newer docs mark nothing required, so nothing is);
//!    `ExpectedDeliveryDate` and `StockItems[].ExpiryDate` date-times;
//!    `StockItems[].Quantity` an integer when sent. No range rule: no
//!    version of the documents states one, so a quantity of 0 or a negative
//!    one is accepted.
//! 6. **Lookup**: unknown `purchaseOrderId` → 404 `{"Message": "Purchase
//!    order 3 was not found."}`; a body `Id` that is not a row of it → 404
//!    `{"Message": "Row 99 of purchase order 3 was not found."}`. An update
//!    without `Id` names row 0, as ASP.NET binds a missing `int`, and gets
//!    the same 404.
//! 7. The update is applied and answered with 200 and no body; the read
//!    answers the rows.
//!
//! # How an update is applied
//!
//! What is known: `StockItems` "When updating an OrderRow, it's important to
//! provide a complete list of StockItems" (document 003; `facts.md`: "it
//! replaces the previous one"), so a sent list, even an empty one, becomes
//! the complete list. What is not: whether the other fields that are left
//! out keep their values or are cleared. The spec says the update
//! "overwrites the data"; older pages marked most fields required, which
//! suggests a full overwrite; nothing says so outright. So the fake does
//! either, per [`ShopCtrlConfig::update_mode`]:
//!
//! - [`RowUpdateMode::Merge`] (default): a field that is sent (not null)
//!   replaces the stored value; a field left out or null keeps it; a left-out
//!   `StockItems` keeps the list.
//! - [`RowUpdateMode::Overwrite`]: the row becomes what was sent; every field
//!   left out or null is cleared, a left-out `StockItems` clears the list,
//!   and a left-out `Sequence` keeps the stored one ("If not specified
//!   ShopCtrl will determine the sequence").
//!
//! In both modes `ExpectedDeliveryDate` and `ExpiryDate` are stored as the
//! text received, offset included (`2026-01-11T16:13:38.5685399+01:00` stays
//! exactly that, and the read sends it back so), and `ItemQuantityDelivered`
//! is stored like the other fields, although the vendor calls it read-only.
//! A stock item without `Quantity` is stored (and read back) with 0.
//!
//! # Reading
//!
//! `GET .../Rows` answers the purchase order's rows in stored order with the
//! rows page's fields: `Id`, `ProductId`, `ItemQuantity`,
//! `ItemQuantityDelivered`, `ProductName`, `ProductCode`,
//! `ProductDescription`, `ItemPriceExVat`, `RowTotalExVat`, `Comment`,
//! `Sequence`, `ExpectedDeliveryDate` and `StockItems`; what is not stored is
//! `null`, money is exact.
//!
//! # Example
//!
//! ```
//! use sellercloud_shopctrl_fakes::shopctrl::{FakeShopCtrl, StoredPurchaseOrderRows, StoredRow, ShopCtrlConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let config = ShopCtrlConfig::default()
//!     .with_purchase_order(StoredPurchaseOrderRows::new(3).with_row(StoredRow::new(31)));
//! let fake = FakeShopCtrl::start(config).await?;
//! assert!(fake.base_url().starts_with("http://127.0.0.1:"));
//! assert_eq!(fake.rows(3).map(|rows| rows.len()), Some(1));
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod app;
mod config;
mod model;
mod products;
mod provision;
mod purchase_orders;
mod routes;
mod rows;

pub use config::{RowUpdateMode, ShopCtrlConfig};
pub use model::{
    StoredProvision, StoredPurchaseOrderRows, StoredRow, StoredShopProduct, StoredStock,
    StoredStockItem,
};
pub use routes::ShopCtrlRoute;

use crate::FakeServer;
use crate::record::RecordedRequest;
use app::ShopCtrlApp;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;

/// A request recorded by the fake ShopCtrl.
pub type ShopCtrlRequest = RecordedRequest<ShopCtrlRoute>;

/// A running fake ShopCtrl server and the handle to inspect, script and stop
/// it. See the [module docs](self) for its behaviour.
///
/// The controls it shares with the fake Sellercloud (address, credentials,
/// recorded requests, fault scripts) are those of the [`FakeServer`] it
/// dereferences to.
///
/// Dropping the handle stops the server; [`FakeShopCtrl::shutdown`] does the
/// same and waits until it is done.
pub struct FakeShopCtrl {
    app: Arc<ShopCtrlApp>,
    server: FakeServer<ShopCtrlRoute>,
}

impl fmt::Debug for FakeShopCtrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeShopCtrl")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Deref for FakeShopCtrl {
    type Target = FakeServer<ShopCtrlRoute>;

    fn deref(&self) -> &FakeServer<ShopCtrlRoute> {
        &self.server
    }
}

impl FakeShopCtrl {
    /// Starts the fake on `127.0.0.1` with a port the OS picks.
    ///
    /// Must be called inside a Tokio runtime; the server runs on it.
    pub async fn start(config: ShopCtrlConfig) -> io::Result<FakeShopCtrl> {
        FakeShopCtrl::start_on(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts the fake on the given address (port 0 lets the OS pick).
    pub async fn start_on(config: ShopCtrlConfig, addr: SocketAddr) -> io::Result<FakeShopCtrl> {
        let app = Arc::new(ShopCtrlApp::new(config));
        let server = FakeServer::start(app.clone(), app.core.clone(), addr, "").await?;
        Ok(FakeShopCtrl { app, server })
    }

    /// Stops accepting connections, closes the open ones and waits until the
    /// server task has ended.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }

    /// All purchase orders, by ID.
    pub fn purchase_orders(&self) -> Vec<StoredPurchaseOrderRows> {
        self.app.purchase_orders().values().cloned().collect()
    }

    /// One purchase order.
    pub fn purchase_order(&self, id: i32) -> Option<StoredPurchaseOrderRows> {
        self.app.purchase_orders().get(&id).cloned()
    }

    /// The rows of a purchase order, `None` when it does not exist.
    pub fn rows(&self, po_id: i32) -> Option<Vec<StoredRow>> {
        self.purchase_order(po_id).map(|po| po.rows)
    }

    /// One row of a purchase order.
    pub fn row(&self, po_id: i32, row_id: i32) -> Option<StoredRow> {
        self.app
            .purchase_orders()
            .get(&po_id)
            .and_then(|po| po.rows.iter().find(|r| r.id == row_id).cloned())
    }

    /// Adds or replaces a product (by its id).
    pub fn seed_product(&self, product: StoredShopProduct) {
        let mut products = self.app.products();
        products.retain(|p| p.id != product.id);
        products.push(product);
    }

    /// The products, with their stock.
    pub fn products(&self) -> Vec<StoredShopProduct> {
        self.app.products().clone()
    }

    /// Adds or replaces a purchase order with its rows.
    pub fn seed_purchase_order(&self, po: StoredPurchaseOrderRows) {
        self.app.purchase_orders().insert(po.id, po);
    }
}
