//! A stateful fake of the Sellercloud REST API subset this SDK uses.
//!
//! [`FakeSellercloud::start`] serves, under [`base_url`](crate::FakeServer::base_url)
//! (`http://127.0.0.1:PORT/rest`):
//!
//! | [`SellercloudRoute`] | request | success |
//! |---|---|---|
//! | [`SellercloudRoute::Token`] | `POST {base}/api/token` | 200, token JSON |
//! | [`SellercloudRoute::CreatePurchaseOrder`] | `POST {base}/api/PurchaseOrders` | 200, `{"Id": n}` |
//! | [`SellercloudRoute::UpdatePurchaseOrderItems`] | `PUT {base}/api/PurchaseOrders/{id}/Items` | 200, empty |
//! | [`SellercloudRoute::UpdatePurchaseOrderTrackingNumber`] | `PUT {base}/api/PurchaseOrders/{id}/TrackingNumber` | 200, empty |
//! | [`SellercloudRoute::UpdateOrder`] | `PUT {base}/api/Orders/{id}` | 200, empty |
//! | [`SellercloudRoute::ListPurchaseOrders`] | `GET {base}/api/PurchaseOrders?...` | 200, `{"Items": [PoMultipleDataDto], "TotalResults": n}` |
//! | [`SellercloudRoute::GetPurchaseOrder`] | `GET {base}/api/PurchaseOrders/{id}` | 200, `PoDetailsDto` |
//! | [`SellercloudRoute::GetPurchaseOrderItems`] | `GET {base}/api/PurchaseOrders/{id}/Items` | 200, `PoItemsDto` |
//! | [`SellercloudRoute::AddPurchaseOrderItems`] | `POST {base}/api/PurchaseOrders/{id}/items` | 200, `Successfully saved the purchase items.` |
//! | [`SellercloudRoute::ReceivePurchaseOrder`] | `POST {base}/api/PurchaseOrders/{id}/receive` | 200, empty |
//! | [`SellercloudRoute::GetOrder`] | `GET {base}/api/Orders/{id}` | 200, `SingleOrderDataDto` (ID, addresses) |
//! | [`SellercloudRoute::ListVendors`] | `GET {base}/api/Vendors?...` | 200, `{"Items": [BaseVendorDto], "TotalResults": n}` |
//! | [`SellercloudRoute::ListCompanies`] | `GET {base}/api/Companies?...` | 200, `{"Items": [CompanyDto], "TotalResults": n}` |
//! | [`SellercloudRoute::ListWarehouses`] | `GET {base}/api/Warehouses?...` | 200, `{"Items": [ManageWarehouseDto], "TotalResults": n}` |
//! | [`SellercloudRoute::ListPaymentTerms`] | `GET {base}/api/Settings/PaymentTerms` | 200, `[{"Key": n, "Value": "..."}]` |
//! | [`SellercloudRoute::ListCatalog`] | `GET {base}/api/Catalog?...` | 200, `{"Items": [ProductCatalogDto], "TotalResults": n}` |
//!
//! The look-up routes serve [`StoredLookups`] (seeded with
//! [`SellercloudConfig::with_lookups`] or [`FakeSellercloud::modify_lookups`]);
//! how they bind and match their filters is in the `lookups` module's
//! notes: whole values ignoring ASCII case, pages capped like the
//! purchase order list's.
//!
//! The read routes answer from the fake's state, so what a test creates, adds
//! or receives is what it reads back, with the Swagger's property names (see
//! [Reading](#reading) below).
//!
//! # Behaviour
//!
//! The fake enforces the vendor's documented rules itself, from the request
//! bytes, without any client code: it is a second opinion on the SDK's own
//! validation, not an echo of it. Every request goes through these steps, and
//! the first that fails answers:
//!
//! 0. **Rate limit**, only when one is configured
//!    ([`SellercloudConfig::rate_limit`], [`set_rate_limit`](crate::FakeServer::set_rate_limit)):
//!    N requests per window per client address, any path (the token route
//!    included), as the vendor documents; over it, the configured status (429
//!    or 409) with `{"Error": "Too many requests.", "RateLimitResetTime":
//!    "<end of the window>"}` and no `Retry-After`. See [`crate::RateLimit`].
//!    Scripted faults come after this step.
//! 1. **Routing**, ASCII case-insensitive as in ASP.NET (a trailing slash is
//!    ignored): unknown path → 404, known path with another method → 405, both
//!    with `{"Message": ...}`.
//! 2. **Authentication** (all routes but the token route):
//!    `Authorization: Bearer <token>` naming a token this fake issued that has
//!    not expired, else 401 `{"Message": "Authorization has been denied for this
//!    request."}` with `WWW-Authenticate: Bearer`. A token expires
//!    [`SellercloudConfig::token_lifetime`] after it was issued, or at once with
//!    [`FakeSellercloud::expire_tokens`].
//! 3. **Media type** (routes with a body): `Content-Type` must be
//!    `application/json` or `text/json`, else 415.
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
//! - **Create purchase order** (document 001): `CompanyID`, `VendorID` (int32),
//!   `POType` (name or number), `CaseQtyMode` (boolean) and `Products` (at
//!   least one) are required; each product needs a non-blank `ProductID`. With
//!   `CaseQtyMode: true` only `QtyCasesOrdered`, `QtyUnitsPerCase` and
//!   `CasePrice` may be sent, with `false` only `QtyUnitsOrdered` and
//!   `UnitPrice` (null counts as not sent); quantities must be greater than 0
//!   ("Should be greater than 0") and prices not negative ("Cannot be
//!   negative"). `DiscountType` (a known name or number) and `DiscountValue`
//!   are optional and independent: no document pairs them or bounds the value.
//!   A `BillingAddress` or `ShippingAddress` needs a two-letter `Country`. The
//!   [`ClientSettings`] add their documented rules. Each product becomes an
//!   item with its own item ID; `DefaultWarehouseID`, when given, becomes
//!   every item's warehouse, as the vendor documents.
//! - **Update items** (document 000): `Items` (at least one) with an int32 `ID`
//!   each; every other field optional (absent or null keeps the stored
//!   value), of its type, with no range (the document gives none). Each `ID`
//!   must be an item of that purchase order (400 otherwise, naming the field),
//!   and the quantity fields must match the purchase order's mode ("Can be
//!   provided only for PO in (non) case quantity mode", 400 otherwise).
//! - **Update tracking** (document 004): every field optional; a body with
//!   none changes nothing (200). A string replaces the stored one, a blank
//!   one clears it (null or absent: no change). `ShippedOn` only while the
//!   stored [`ShippingStatus`] is not `None` ("You can only update this value
//!   if the PO Shipping status is not 'None'"); setting a tracking number
//!   does not change the shipping status (seed it, or use
//!   [`FakeSellercloud::modify_purchase_order`]).
//! - **Update order** (document 002): every field optional; a body with none
//!   changes nothing (200). A `ShippingAddress` or `BillingAddress` replaces
//!   the stored one as a whole, so it must be complete ("all of its
//!   information has to be passed"): `FirstName`, `LastName`, `ZipCode`,
//!   `City`, `AddressLine1` not blank, `Country` two letters, `State` two
//!   letters and required when `Country` is `US` or `CA`.
//! - **Add items**: a JSON array (at least one) of products, each with a
//!   non-blank `ProductID` and, as the add-items article says ("ProductID and
//!   Qty are mandatory"), `QtyCasesOrdered`, `QtyUnitsPerCase` and `CasePrice`
//!   on a case-mode purchase order, `QtyUnitsOrdered` and `UnitPrice`
//!   otherwise; the other mode's fields are refused. No range rule. Each
//!   product becomes a new item with its own ID, even for a SKU already on
//!   the purchase order; without `WarehouseID` it gets the purchase order's
//!   `DefaultWarehouseID`. Field paths: `model[0].ProductID`. The answer is
//!   the article's text, as `text/plain` or, per [`AddItemsAnswer`], the
//!   Swagger's JSON string.
//! - **Receive**: `Items` (at least one), each with an `ID` of an item of that
//!   purchase order; `QtyToReceive` only in unit mode, `CaseQtyToReceive`
//!   only in case mode; the other documented fields are type-checked and
//!   kept in [`StoredReceipt`]. Received units add up (receiving twice receives
//!   twice) and set [`ReceivingStatus`]; a fully received purchase order's
//!   [`PoStatus`] becomes `Received`.
//!
//! Enums arrive as names or numbers and both are accepted: `POType` and
//! `DiscountType` are checked against the vendor's values (names matched ASCII
//! case-insensitively, as Json.NET does); `OrderSource`, `OrderSubType` and
//! `CurrencyCode` are stored as sent ([`EnumValue`]). Property names are matched
//! case-insensitively and unknown properties are ignored, as ASP.NET does.
//! Numbers must be JSON numbers (the fake does not accept `"5"` for 5) and money
//! is stored exactly as sent.
//!
//! # Reading
//!
//! - **Times** the read routes send (`CreatedOn`, `UpdatedOn`, `ReceivedOn`,
//!   dates stored with an offset) are written as the vendor's server does:
//!   without offset, seven fractional digits, in the zone of
//!   [`SellercloudConfig::server_utc_offset`] (default UTC), on the fake's
//!   clock ([`SellercloudConfig::clock_skew`] ahead of this machine's, and
//!   driven by Tokio's clock, so paused time moves it). A created purchase
//!   order's [`StoredPurchaseOrder::created_on`] is that clock's time.
//! - **Enums** are numbers or names per [`EnumFormat`] (default numbers).
//! - **Fields without state** (payments, approvals, custom columns, display
//!   settings) are sent as .NET sends unset values: `null`, `false`, `0` or
//!   `[]`; `PaymentStatus` is always `NoPayment` (10). `PurchaseTitle` is the
//!   `Description`, `Memo` the `VendorNote`, `VendorInvoiceNumber` and
//!   `InvoiceNumber` the latest receipt's `ReceiveInvoiceNumber` (the vendor
//!   does not say which fields echo which; these are the fake's mapping).
//! - **Money** is exact. A line is quantity × price (cases × `CasePrice` in
//!   case mode), less a `FixedAmount` discount's value or a `Percentage`
//!   discount's share; `SubTotal` sums the lines, `GrandTotal` subtracts the
//!   discounts and adds the receipts' `ShippingCost`. The list's `QtyOrdered`
//!   is in units (cases × units per case in case mode). The vendor documents
//!   none of this arithmetic.
//! - **The list** is ordered by ID. Filters, by name with or without
//!   `model.`, in any case, arrays as repeated keys or comma-separated:
//!   `pOIds`, `companyIDList`, `pOStatuses` (names or numbers; `Select`/-1
//!   means any), `receiveWarehouseID` or `receivingWarehouseID` (the default
//!   or any item's warehouse), `shippingStatuses`, `receivedStatuses`,
//!   `createDateFrom`/`To`, `receiveDateFrom`/`To`, `updatedDateFrom`/`To`
//!   (inclusive; a time with offset is converted to the server's zone, one
//!   without is the server's own), `keyword` (a case-insensitive substring of
//!   the ID, `Description`, `VendorNote`, a `ProductID` or product name),
//!   `pageNumber` (from 1; lower reads as 1) and `pageSize` (at most 50, the
//!   article's cap; 50 when absent or below 1). `paymentStatus`,
//!   `inventoryCountEnabled`, `vendorInvoiced`, `approved` and `qBExported`
//!   are accepted and ignored; unknown parameters are ignored, as ASP.NET
//!   does. A value that does not bind is 400 with `ModelState` under the
//!   parameter's name as sent.
//!
//! # Documented choices
//!
//! - **404 for unknown IDs.** The vendor documents only 200, 401 and 500 ("in
//!   case of error") for the purchase order routes. The fake answers 404 with a
//!   `Message` instead of 500 because a 500 would look exactly like the server
//!   failures a client is expected to retry, while an unknown ID is a caller
//!   error no retry can fix; 404 keeps the two apart in tests. A real 500 is one
//!   [`inject`](crate::FakeServer::inject) away.
//! - **400 for unknown item IDs.** An item ID that is not on the purchase order
//!   is a wrong value in the body, not a missing resource at the path, so it
//!   gets 400 naming `Items[i].ID`.
//! - **Shipping status.** See [`ShippingStatus`]. No route of this subset
//!   sets it, so tests seed it or use [`FakeSellercloud::modify_purchase_order`].
//! - **List visibility.** With [`SellercloudConfig::list_visibility_delay`],
//!   a created purchase order joins the list only that long after its
//!   creation (get by ID, items and the other routes see it at once), to
//!   test code that looks for a create whose answer was lost.
//! - **Zero and negative path IDs** are valid int32 values that name no
//!   record: 404, like any unknown ID. A path ID that is not an int32 is 400.
//!
//! # Example
//!
//! ```
//! use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, StoredOrder, SellercloudConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let config = SellercloudConfig::default().with_order(StoredOrder::new(5001));
//! let fake = FakeSellercloud::start(config).await?;
//! assert!(fake.base_url().starts_with("http://127.0.0.1:"));
//! assert!(fake.base_url().ends_with("/rest"));
//! assert_eq!(fake.order(5001).map(|o| o.update_count), Some(0));
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod answers;
mod app;
mod config;
mod create;
mod enums;
mod lifecycle;
mod lookup_model;
mod lookups;
mod model;
mod order_read;
mod orders;
mod query;
mod read;
mod routes;
mod rules;
mod tokens;
mod updates;

pub use config::{
    AddItemsAnswer, ClientSettings, CreatedIdShape, EnumFormat, SellercloudConfig, TokenDateFormat,
};
pub use lookup_model::*;
pub use model::*;
pub use routes::SellercloudRoute;

use crate::FakeServer;
use crate::record::RecordedRequest;
use app::SellercloudApp;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

/// A request recorded by the fake Sellercloud.
pub type SellercloudRequest = RecordedRequest<SellercloudRoute>;

/// A running fake Sellercloud server and the handle to inspect, script and stop
/// it. See the [module docs](self) for its behaviour.
///
/// The controls it shares with the fake ShopCtrl (address, credentials,
/// recorded requests, fault scripts) are those of the [`FakeServer`] it
/// dereferences to: `fake.requests()`, `fake.inject(...)`, `fake.base_url()`.
///
/// Dropping the handle stops the server and closes its connections;
/// [`FakeSellercloud::shutdown`] does the same and waits until it is done.
pub struct FakeSellercloud {
    app: Arc<SellercloudApp>,
    server: FakeServer<SellercloudRoute>,
}

impl fmt::Debug for FakeSellercloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSellercloud")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Deref for FakeSellercloud {
    type Target = FakeServer<SellercloudRoute>;

    fn deref(&self) -> &FakeServer<SellercloudRoute> {
        &self.server
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
    /// use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
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
        let server = FakeServer::start(app.clone(), app.core.clone(), addr, "/rest").await?;
        Ok(FakeSellercloud { app, server })
    }

    /// Stops accepting connections, closes the open ones and waits until the
    /// server task has ended.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }

    /// How many tokens have been issued (by the token endpoint and by
    /// [`FakeSellercloud::issue_token`]).
    pub fn tokens_issued(&self) -> u64 {
        self.app.state().tokens_issued
    }

    /// Issues a valid token directly, for tests that send their own requests
    /// without going through the token endpoint.
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
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
        self.app.state().expire_tokens();
    }

    /// All purchase orders, by ID.
    pub fn purchase_orders(&self) -> Vec<StoredPurchaseOrder> {
        self.app.state().purchase_orders.values().cloned().collect()
    }

    /// One purchase order.
    pub fn purchase_order(&self, id: i32) -> Option<StoredPurchaseOrder> {
        self.app.state().purchase_orders.get(&id).cloned()
    }

    /// All orders, by ID.
    pub fn orders(&self) -> Vec<StoredOrder> {
        self.app.state().orders.values().cloned().collect()
    }

    /// One order.
    pub fn order(&self, id: i32) -> Option<StoredOrder> {
        self.app.state().orders.get(&id).cloned()
    }

    /// Adds or replaces an order.
    pub fn seed_order(&self, order: StoredOrder) {
        self.app.state().orders.insert(order.id, order);
    }

    /// Adds or replaces a purchase order. IDs the API generates later stay above
    /// the seeded purchase order and item IDs.
    pub fn seed_purchase_order(&self, po: StoredPurchaseOrder) {
        let now = self.app.core.clock.local_now();
        self.app.state().seed_purchase_order(po, now);
    }

    /// Changes [`SellercloudConfig::list_visibility_delay`] for purchase
    /// orders created from now on.
    pub fn set_list_visibility_delay(&self, delay: Duration) {
        self.app.state().list_delay = delay;
    }

    /// Whether the list shows this purchase order now (false while its
    /// visibility delay runs, and for an unknown ID).
    pub fn is_listed(&self, id: i32) -> bool {
        let now = self.app.core.clock.now();
        let state = self.app.state();
        state.purchase_orders.contains_key(&id) && state.listed(id, now)
    }

    /// Changes a stored purchase order in place (e.g. to set a shipping or
    /// purchase order status no route sets) and returns what `change`
    /// returns; `None` when there is no purchase order with this ID. Like
    /// every change through the API, it stamps the purchase order's
    /// updated time (`UpdatedOn`, `LastRevisedOn`) with the fake's clock,
    /// unless `change` set one itself.
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, StoredPurchaseOrder, SellercloudConfig, ShippingStatus};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start(
    ///     SellercloudConfig::default().with_purchase_order(StoredPurchaseOrder::new(7, false)),
    /// )
    /// .await?;
    /// fake.modify_purchase_order(7, |po| po.shipping.status = ShippingStatus::PartiallyShipped);
    /// assert_eq!(
    ///     fake.purchase_order(7).map(|po| po.shipping.status),
    ///     Some(ShippingStatus::PartiallyShipped)
    /// );
    /// # Ok(()) }
    /// ```
    pub fn modify_purchase_order<T>(
        &self,
        id: i32,
        change: impl FnOnce(&mut StoredPurchaseOrder) -> T,
    ) -> Option<T> {
        let now = self.app.core.clock.local_now();
        let mut state = self.app.state();
        let po = state.purchase_orders.get_mut(&id)?;
        let before = po.updated_on;
        let answer = change(po);
        if po.updated_on == before {
            po.updated_on = Some(now);
        }
        Some(answer)
    }

    /// What the look-up routes serve (vendors, companies, warehouses,
    /// payment terms, products).
    pub fn lookups(&self) -> StoredLookups {
        self.app.state().lookups.clone()
    }

    /// Changes what the look-up routes serve, e.g. to add a vendor while
    /// a test runs.
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudConfig, StoredVendor};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start(SellercloudConfig::default()).await?;
    /// fake.modify_lookups(|l| l.vendors.push(StoredVendor::new(20, "Acme Supplies")));
    /// assert_eq!(fake.lookups().vendors.len(), 1);
    /// # Ok(()) }
    /// ```
    pub fn modify_lookups<T>(&self, change: impl FnOnce(&mut StoredLookups) -> T) -> T {
        change(&mut self.app.state().lookups)
    }
}
