//! A stateful fake of the ShopCtrl API subset this SDK uses.
//!
//! [`FakeShopCtrl::start`] serves, under [`base_url`](crate::FakeServer::base_url)
//! (`http://127.0.0.1:PORT`), one route:
//! `PUT {base}/v1/PurchaseOrders/{purchaseOrderId}/Rows`
//! ([`Route::UpdatePurchaseOrderRow`]), answering 200 with an empty body.
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
//! 3. **Media type**: `application/json` or `text/json`, else 415. The real
//!    server also takes XML; the fake speaks JSON only and says so.
//! 4. **Body and field rules**, all reported at once as
//!    `{"Message": "The request is invalid.", "ModelState": {"row.Field":
//!    ["..."]}}` with 400 (a body that is not JSON is reported under `row`):
//!    `Id` required (it names the row), int32 fields and decimal fields must be
//!    numbers, `ItemQuantity` and `ItemQuantityDelivered` not negative,
//!    `ProductCode` at most 100 characters, `ProductName` at most 500 (limits
//!    from the older vendor page, counted in Unicode scalar values), `Sequence`
//!    not negative, `ExpectedDeliveryDate` and `StockItems[].ExpiryDate`
//!    date-times, `StockItems[].Quantity` required and a positive whole number.
//! 5. **Purchase order lookup**: unknown `purchaseOrderId` → 404
//!    `{"Message": "Purchase order 3 was not found."}`.
//! 6. **Row lookup**: the body's `Id` must be a row of that purchase order,
//!    else 400 with `ModelState` `row.Id`. (Documented choice: the row is named
//!    by the body, so an unknown row is a wrong value, not a missing resource.)
//! 7. The update is applied and answered with 200 and no body.
//!
//! # How an update is applied
//!
//! - A field that is sent (not null) replaces the stored value; a field left
//!   out or sent as null keeps it.
//! - `StockItems` follows the vendor's replacement rule: when sent, even as an
//!   empty array, it becomes the complete list; left out (or null), the stored
//!   list stays.
//! - `ExpectedDeliveryDate` and `ExpiryDate` are stored as the text received,
//!   offset included (`2026-01-11T16:13:38.5685399+01:00` stays exactly that).
//! - `ItemQuantityDelivered` is stored like the other fields, although the
//!   vendor calls it read-only.
//!
//! # Example
//!
//! ```
//! use fakes::shopctrl::{FakeShopCtrl, PurchaseOrder, Row, ShopCtrlConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let config = ShopCtrlConfig::default()
//!     .with_purchase_order(PurchaseOrder::new(3).with_row(Row::new(31)));
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
mod routes;
mod rows;

pub use config::ShopCtrlConfig;
pub use model::{PurchaseOrder, Row, StockItem};
pub use routes::Route;

use crate::FakeServer;
use crate::record::RecordedRequest;
use app::ShopCtrlApp;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;

/// A request recorded by the fake ShopCtrl.
pub type ShopCtrlRequest = RecordedRequest<Route>;

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
    server: FakeServer<Route>,
}

impl fmt::Debug for FakeShopCtrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeShopCtrl")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Deref for FakeShopCtrl {
    type Target = FakeServer<Route>;

    fn deref(&self) -> &FakeServer<Route> {
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
    pub fn purchase_orders(&self) -> Vec<PurchaseOrder> {
        self.app.purchase_orders().values().cloned().collect()
    }

    /// One purchase order.
    pub fn purchase_order(&self, id: i32) -> Option<PurchaseOrder> {
        self.app.purchase_orders().get(&id).cloned()
    }

    /// The rows of a purchase order, `None` when it does not exist.
    pub fn rows(&self, po_id: i32) -> Option<Vec<Row>> {
        self.purchase_order(po_id).map(|po| po.rows)
    }

    /// One row of a purchase order.
    pub fn row(&self, po_id: i32, row_id: i32) -> Option<Row> {
        self.app
            .purchase_orders()
            .get(&po_id)
            .and_then(|po| po.rows.iter().find(|r| r.id == row_id).cloned())
    }

    /// Adds or replaces a purchase order with its rows.
    pub fn seed_purchase_order(&self, po: PurchaseOrder) {
        self.app.purchase_orders().insert(po.id, po);
    }
}
