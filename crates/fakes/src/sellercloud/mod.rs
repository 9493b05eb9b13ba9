//! A stateful fake of the Sellercloud REST API subset this SDK uses.
//!
//! [`FakeSellercloud::start`] serves, under [`FakeSellercloud::base_url`]
//! (`http://127.0.0.1:PORT/rest`):
//!
//! | [`Route`] | request | success |
//! |---|---|---|
//! | [`Route::Token`] | `POST {base}/api/token` | 200, token JSON |
//! | [`Route::CreatePurchaseOrder`] | `POST {base}/api/PurchaseOrders` | 200, `{"Id": n}` |
//! | [`Route::UpdatePurchaseOrderItems`] | `PUT {base}/api/PurchaseOrders/{id}/Items` | 200, empty |
//! | [`Route::UpdatePurchaseOrderTrackingNumber`] | `PUT {base}/api/PurchaseOrders/{id}/TrackingNumber` | 200, empty |
//! | [`Route::UpdateOrder`] | `PUT {base}/api/Orders/{id}` | 200, empty |
//!
//! # Behaviour
//!
//! The fake enforces the vendor's documented rules itself, from the request
//! bytes, without any client code: it is a second opinion on the SDK's own
//! validation, not an echo of it. Every request goes through these steps, and
//! the first that fails answers:
//!
//! 1. **Routing**, ASCII case-insensitive as in ASP.NET (a trailing slash is
//!    ignored): unknown path → 404, known path with another method → 405, both
//!    with `{"Message": ...}`.
//! 2. **Authentication** (all routes but the token route):
//!    `Authorization: Bearer <token>` naming a token this fake issued that has
//!    not expired, else 401 `{"Message": "Authorization has been denied for this
//!    request."}` with `WWW-Authenticate: Bearer`. A token expires
//!    [`SellercloudConfig::token_lifetime`] after it was issued, or at once with
//!    [`FakeSellercloud::expire_tokens`].
//! 3. **Media type**: `Content-Type` must be `application/json` or `text/json`,
//!    else 415.
//! 4. **Body**: empty or not JSON → 400 `{"Message": ...}` with serde_json's
//!    description of the problem.
//! 5. **Rules that need no stored state** (types, required fields, ranges): 400
//!    with a `Message` that names every offending field and its rule, e.g.
//!    `"The request is invalid. Products[0].QtyUnitsOrdered: must be greater than
//!    0."`, and the same in `ModelState` (`{"Products[0].QtyUnitsOrdered":
//!    ["must be greater than 0"]}`). All violations are reported at once.
//! 6. **Lookup of the path's ID**: unknown purchase order or order → 404
//!    `{"Message": "Purchase order 12 was not found."}`.
//! 7. **Rules that need the stored entity** (item IDs of that purchase order, its
//!    quantity mode, its shipping status): 400 as in step 5.
//! 8. The change is applied atomically (all or nothing) and answered.
//!
//! Rules checked, per route:
//!
//! - **Token**: `{"Username", "Password"}` both strings (else 400); matching the
//!   configuration (exactly) → 200 with `access_token` (random, unique per
//!   issue), `token_type` `"Bearer"`, `username`, `expires_in` (seconds, a whole
//!   number unless the lifetime has a fraction) and the dotted `.issued` and
//!   `.expires` (format per [`TokenDateFormat`]); otherwise 401
//!   `{"Message": "The user name or password is incorrect."}`.
//! - **Create purchase order**: `CompanyID`, `VendorID` (int32), `POType` (name
//!   or number), `CaseQtyMode` (boolean) and `Products` (at least one) are
//!   required; each product needs a non-blank `ProductID`. With `CaseQtyMode:
//!   true` only `QtyCasesOrdered`, `QtyUnitsPerCase` and `CasePrice` may be sent,
//!   with `false` only `QtyUnitsOrdered` and `UnitPrice` (null counts as not
//!   sent); quantities must be above 0 and prices not negative. `DiscountType`
//!   and `DiscountValue` come together, the value is not negative and at most
//!   100 for `Percentage`. A `BillingAddress` or `ShippingAddress` needs a
//!   two-letter `Country`. The [`ClientSettings`] add their documented rules.
//!   Each product becomes an item with its own item ID; `DefaultWarehouseID`,
//!   when given, becomes every item's warehouse, as the vendor documents.
//! - **Update items**: `Items` (at least one) with an int32 `ID` each; every
//!   other field optional (absent or null keeps the stored value), quantities
//!   above 0, prices not negative. Each `ID` must be an item of that purchase
//!   order (400 otherwise, naming the field), and the quantity fields must match
//!   the purchase order's mode (400 otherwise).
//! - **Update tracking**: at least one of `ShippedOn`, `ShippedViaCarrier`,
//!   `TrackingNumber` (400 otherwise). See [`ShippingStatus`] for when
//!   `ShippedOn` is accepted.
//! - **Update order**: every field optional, but at least one must be sent (400
//!   otherwise). A `ShippingAddress` or `BillingAddress` replaces the stored one
//!   as a whole, so it must be complete: `FirstName`, `LastName`, `ZipCode`,
//!   `City`, `AddressLine1` not blank, `Country` two letters, `State` two letters
//!   and required when `Country` is `US` or `CA`.
//!
//! Enums arrive as names or numbers and both are accepted: `POType` and
//! `DiscountType` are checked against the vendor's values (names matched ASCII
//! case-insensitively, as Json.NET does); `OrderSource`, `OrderSubType` and
//! `CurrencyCode` are stored as sent ([`EnumValue`]). Property names are matched
//! case-insensitively and unknown properties are ignored, as ASP.NET does.
//! Numbers must be JSON numbers (the fake does not accept `"5"` for 5) and money
//! is stored exactly as sent.
//!
//! # Documented choices
//!
//! - **404 for unknown IDs.** The vendor documents only 200, 401 and 500 ("in
//!   case of error") for the purchase order routes. The fake answers 404 with a
//!   `Message` instead of 500 because a 500 would look exactly like the server
//!   failures a client is expected to retry, while an unknown ID is a caller
//!   error no retry can fix; 404 keeps the two apart in tests. A real 500 is one
//!   [`FakeSellercloud::inject`] away.
//! - **400 for unknown item IDs.** An item ID that is not on the purchase order
//!   is a wrong value in the body, not a missing resource at the path, so it
//!   gets 400 naming `Items[i].ID`.
//! - **Shipping status.** See [`ShippingStatus`].
//!
//! # Example
//!
//! ```
//! use fakes::sellercloud::{FakeSellercloud, Order, SellercloudConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let config = SellercloudConfig::default().with_order(Order::new(5001));
//! let fake = FakeSellercloud::start(config).await?;
//! assert!(fake.base_url().starts_with("http://127.0.0.1:"));
//! assert!(fake.base_url().ends_with("/rest"));
//! assert_eq!(fake.order(5001).map(|o| o.update_count), Some(0));
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod app;
mod model;

pub use model::*;

use crate::Fault;
use crate::record::RecordedRequest;
use crate::server::{Server, lock};
use api_runtime::secret::Secret;
use app::SellercloudApp;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// A request recorded by the fake Sellercloud.
pub type SellercloudRequest = RecordedRequest<Route>;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `POST /api/token`.
    Token,
    /// `POST /api/PurchaseOrders`.
    CreatePurchaseOrder,
    /// `PUT /api/PurchaseOrders/{id}/Items`.
    UpdatePurchaseOrderItems,
    /// `PUT /api/PurchaseOrders/{id}/TrackingNumber`.
    UpdatePurchaseOrderTrackingNumber,
    /// `PUT /api/Orders/{id}`.
    UpdateOrder,
}

impl Route {
    /// Every route, in the order of the table in the [module docs](self).
    pub const ALL: [Route; 5] = [
        Route::Token,
        Route::CreatePurchaseOrder,
        Route::UpdatePurchaseOrderItems,
        Route::UpdatePurchaseOrderTrackingNumber,
        Route::UpdateOrder,
    ];

    /// The HTTP method.
    pub fn method(self) -> http::Method {
        match self {
            Route::Token | Route::CreatePurchaseOrder => http::Method::POST,
            _ => http::Method::PUT,
        }
    }

    /// The path below the base URL, with `{id}` for the path parameter.
    pub fn path_template(self) -> &'static str {
        match self {
            Route::Token => "/api/token",
            Route::CreatePurchaseOrder => "/api/PurchaseOrders",
            Route::UpdatePurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            Route::UpdatePurchaseOrderTrackingNumber => "/api/PurchaseOrders/{id}/TrackingNumber",
            Route::UpdateOrder => "/api/Orders/{id}",
        }
    }
}

/// How the token answer writes `.issued` and `.expires`.
///
/// The vendor's servers have been seen sending .NET date-times without a UTC
/// offset; OAuth-style servers send RFC 1123. Clients should read all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenDateFormat {
    /// `2024-05-01T10:00:00.1234567Z`.
    #[default]
    Rfc3339,
    /// `2024-05-01T10:00:00` (UTC, no offset).
    WithoutOffset,
    /// `Wed, 01 May 2024 10:00:00 GMT`.
    Rfc1123,
}

/// How the create-purchase-order answer carries the new ID. The vendor's
/// Swagger gives `{"Id": n}`; its article only says "the ID is returned", so
/// clients accept a bare number too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CreatedIdShape {
    /// `{"Id": 1000}`.
    #[default]
    Object,
    /// `1000`.
    BareNumber,
}

/// The Sellercloud client settings that change what the documented endpoints
/// accept. The defaults accept the most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientSettings {
    /// "Force user to enter Expected Delivery Date": when on, creating a
    /// purchase order requires `ExpectedDeliveryDate`.
    pub force_expected_delivery_date: bool,
    /// "Enable BillTo address for Purchase Orders" is *off*: creating a purchase
    /// order with a `BillingAddress` is rejected. (Stored inverted so that the
    /// default accepts billing addresses.)
    pub disable_bill_to_address: bool,
    /// "Enable Multi Discount for Purchase Order": when on, line discounts are
    /// rejected.
    pub enable_multi_discount: bool,
    /// "Enable Multiple Tracking Numbers On PO": when on, the single-tracking
    /// endpoint rejects every request.
    pub enable_multiple_tracking_numbers: bool,
}

/// Configuration of a [`FakeSellercloud`].
///
/// `Debug` does not show the password.
///
/// ```
/// use fakes::sellercloud::{Order, PurchaseOrder, SellercloudConfig};
/// use std::time::Duration;
///
/// let config = SellercloudConfig::new("api-user", "s3cret")
///     .with_token_lifetime(Duration::from_secs(2))
///     .with_order(Order::new(5001))
///     .with_purchase_order(PurchaseOrder::new(10, false));
/// assert!(!format!("{config:?}").contains("s3cret"));
/// ```
#[derive(Clone, Debug)]
pub struct SellercloudConfig {
    /// The user name the token endpoint accepts.
    pub username: String,
    /// The password the token endpoint accepts.
    pub password: Secret,
    /// How long an issued token stays valid, also sent as `expires_in`
    /// (default 3600 s, the vendor's documented 60 minutes).
    pub token_lifetime: Duration,
    /// How `.issued` and `.expires` are written.
    pub token_date_format: TokenDateFormat,
    /// How the create-purchase-order answer carries the ID.
    pub created_id_shape: CreatedIdShape,
    /// Client settings that change the rules.
    pub settings: ClientSettings,
    /// The ID of the first purchase order the API creates (default 1000).
    /// Purchase order and item IDs come from separate ranges so that a client
    /// mixing them up is caught.
    pub first_purchase_order_id: i32,
    /// The ID of the first purchase order item the API creates (default 50000).
    pub first_item_id: i32,
    /// Orders that exist from the start (the API cannot create orders).
    pub orders: Vec<Order>,
    /// Purchase orders that exist from the start.
    pub purchase_orders: Vec<PurchaseOrder>,
}

impl Default for SellercloudConfig {
    /// User `fake-user`, password `fake-password`, no seeded data.
    fn default() -> Self {
        SellercloudConfig::new("fake-user", "fake-password")
    }
}

impl SellercloudConfig {
    /// A configuration with these credentials and otherwise the defaults.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        SellercloudConfig {
            username: username.into(),
            password: Secret::new(password),
            token_lifetime: Duration::from_secs(3600),
            token_date_format: TokenDateFormat::default(),
            created_id_shape: CreatedIdShape::default(),
            settings: ClientSettings::default(),
            first_purchase_order_id: 1000,
            first_item_id: 50_000,
            orders: Vec::new(),
            purchase_orders: Vec::new(),
        }
    }

    /// Sample data for manual use and demos: order 5001 and purchase order 900
    /// (unit mode, item 90001 for product `DEMO-SKU-1`).
    pub fn demo() -> Self {
        SellercloudConfig::default()
            .with_order(Order::new(5001))
            .with_purchase_order(PurchaseOrder::new(900, false).with_item(PurchaseOrderItem {
                qty_units_ordered: Some(1),
                unit_price: Some(rust_decimal::Decimal::new(999, 2)),
                ..PurchaseOrderItem::new(90001, "DEMO-SKU-1")
            }))
    }

    /// Sets [`SellercloudConfig::token_lifetime`].
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Seeds an order.
    pub fn with_order(mut self, order: Order) -> Self {
        self.orders.push(order);
        self
    }

    /// Seeds a purchase order.
    pub fn with_purchase_order(mut self, po: PurchaseOrder) -> Self {
        self.purchase_orders.push(po);
        self
    }

    /// Sets the client settings.
    pub fn with_settings(mut self, settings: ClientSettings) -> Self {
        self.settings = settings;
        self
    }
}

/// A running fake Sellercloud server and the handle to inspect, script and stop
/// it. See the [module docs](self) for its behaviour.
///
/// Dropping the handle stops the server and closes its connections;
/// [`FakeSellercloud::shutdown`] does the same and waits until it is done.
pub struct FakeSellercloud {
    app: Arc<SellercloudApp>,
    server: Server,
}

impl fmt::Debug for FakeSellercloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSellercloud")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl FakeSellercloud {
    /// Starts the fake on `127.0.0.1` with a port the OS picks.
    ///
    /// Must be called inside a Tokio runtime; the server runs on it.
    pub async fn start(config: SellercloudConfig) -> io::Result<FakeSellercloud> {
        FakeSellercloud::start_on(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts the fake on the given address (port 0 lets the OS pick).
    ///
    /// ```
    /// use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start_on(SellercloudConfig::default(), "127.0.0.1:0".parse().unwrap()).await?;
    /// assert_ne!(fake.addr().port(), 0);
    /// # Ok(()) }
    /// ```
    pub async fn start_on(
        config: SellercloudConfig,
        addr: SocketAddr,
    ) -> io::Result<FakeSellercloud> {
        let app = Arc::new(SellercloudApp::new(config));
        let server = Server::start(app.clone(), addr).await?;
        Ok(FakeSellercloud { app, server })
    }

    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The base URL to configure a client with, `http://127.0.0.1:PORT/rest`;
    /// the routes are `{base_url}/api/...`.
    pub fn base_url(&self) -> String {
        format!("http://{}/rest", self.addr())
    }

    /// The user name the token endpoint accepts.
    pub fn username(&self) -> &str {
        &self.app.username
    }

    /// The password the token endpoint accepts.
    pub fn password(&self) -> &Secret {
        &self.app.password
    }

    /// Stops accepting connections, closes the open ones and waits until the
    /// server task has ended.
    pub async fn shutdown(mut self) {
        self.server.shutdown().await;
    }

    /// How many tokens have been issued (by the token endpoint and by
    /// [`FakeSellercloud::issue_token`]).
    pub fn tokens_issued(&self) -> u64 {
        lock(&self.app.state).tokens_issued
    }

    /// Issues a valid token directly, for tests that send their own requests
    /// without going through the token endpoint.
    ///
    /// ```
    /// use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start(SellercloudConfig::default()).await?;
    /// let token = fake.issue_token();
    /// assert_ne!(token, fake.issue_token());
    /// assert_eq!(fake.tokens_issued(), 2);
    /// # Ok(()) }
    /// ```
    pub fn issue_token(&self) -> String {
        self.app.issue_token()
    }

    /// Makes every token issued so far invalid at once, as if its lifetime had
    /// run out: the next request with it gets 401. Tokens issued later are
    /// valid. This is the deterministic way to test renewal mid-run.
    pub fn expire_tokens(&self) {
        lock(&self.app.state).expire_tokens();
    }

    /// All purchase orders, by ID.
    pub fn purchase_orders(&self) -> Vec<PurchaseOrder> {
        lock(&self.app.state)
            .purchase_orders
            .values()
            .cloned()
            .collect()
    }

    /// One purchase order.
    pub fn purchase_order(&self, id: i32) -> Option<PurchaseOrder> {
        lock(&self.app.state).purchase_orders.get(&id).cloned()
    }

    /// All orders, by ID.
    pub fn orders(&self) -> Vec<Order> {
        lock(&self.app.state).orders.values().cloned().collect()
    }

    /// One order.
    pub fn order(&self, id: i32) -> Option<Order> {
        lock(&self.app.state).orders.get(&id).cloned()
    }

    /// Adds or replaces an order.
    pub fn seed_order(&self, order: Order) {
        lock(&self.app.state).orders.insert(order.id, order);
    }

    /// Adds or replaces a purchase order. IDs the API generates later stay above
    /// the seeded purchase order and item IDs.
    pub fn seed_purchase_order(&self, po: PurchaseOrder) {
        lock(&self.app.state).seed_purchase_order(po);
    }

    /// Every recorded request, oldest first (see [`RecordedRequest`] for what is
    /// masked).
    pub fn requests(&self) -> Vec<SellercloudRequest> {
        self.app.core.requests()
    }

    /// The recorded requests that matched `route`.
    pub fn requests_to(&self, route: Route) -> Vec<SellercloudRequest> {
        self.app.core.requests_to(route)
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.app.core.clear_requests();
    }

    /// Keeps at most `max` recorded requests, dropping the oldest (default
    /// [`crate::DEFAULT_MAX_RECORDED`]; 0 stops recording, e.g. for
    /// benchmarks).
    pub fn set_max_recorded(&self, max: usize) {
        self.app.core.set_max_recorded(max);
    }

    /// Scripts a fault: the next `times` requests to `route` get `fault`, then
    /// normal service resumes. Faults injected for the same route queue up in
    /// the order they were injected.
    ///
    /// ```
    /// use fakes::Fault;
    /// use fakes::sellercloud::{FakeSellercloud, Route, SellercloudConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start(SellercloudConfig::default()).await?;
    /// fake.inject(Route::CreatePurchaseOrder, Fault::status(503), 2);
    /// fake.inject(Route::CreatePurchaseOrder, Fault::DropConnection, 1);
    /// assert_eq!(fake.pending_faults(Route::CreatePurchaseOrder), 3);
    /// # Ok(()) }
    /// ```
    pub fn inject(&self, route: Route, fault: Fault, times: u32) {
        self.app.core.inject(route, fault, times);
    }

    /// How many scripted faults are still waiting for requests to `route`.
    pub fn pending_faults(&self, route: Route) -> u32 {
        self.app.core.pending_faults(route)
    }

    /// Drops every fault still waiting.
    pub fn clear_faults(&self) {
        self.app.core.clear_faults();
    }

    /// How many faults have been applied to requests so far.
    pub fn faults_injected(&self) -> u64 {
        self.app.core.faults_injected()
    }
}
