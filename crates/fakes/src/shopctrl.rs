//! A stateful fake of the ShopCtrl API subset this SDK uses.
//!
//! [`FakeShopCtrl::start`] serves, under [`FakeShopCtrl::base_url`]
//! (`http://127.0.0.1:PORT`), one route:
//! `PUT {base}/v1/PurchaseOrders/{purchaseOrderId}/Rows`
//! ([`Route::UpdatePurchaseOrderRow`]), answering 200 with an empty body.
//!
//! # Behaviour
//!
//! Steps, the first that fails answers:
//!
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

use crate::Fault;
use crate::json::{Json, Violations};
use crate::record::{PresentedAuth, RecordedRequest};
use crate::server::{
    App, Core, DENIED, Reply, Request, Routing, Seg, Server, basic_username, lock, not_routed,
    path_id, read_json, require_json, resolve,
};
use api_runtime::secret::Secret;
use base64::Engine as _;
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{HeaderMap, Method, StatusCode};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

/// A request recorded by the fake ShopCtrl.
pub type ShopCtrlRequest = RecordedRequest<Route>;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    UpdatePurchaseOrderRow,
}

impl Route {
    /// Every route.
    pub const ALL: [Route; 1] = [Route::UpdatePurchaseOrderRow];

    /// The HTTP method.
    pub fn method(self) -> Method {
        Method::PUT
    }

    /// The path below the base URL, with the parameter in braces.
    pub fn path_template(self) -> &'static str {
        "/v1/PurchaseOrders/{purchaseOrderId}/Rows"
    }
}

const ROUTES: &[(Route, Method, &[Seg])] = &[(
    Route::UpdatePurchaseOrderRow,
    Method::PUT,
    &[
        Seg::Lit("v1"),
        Seg::Lit("PurchaseOrders"),
        Seg::Param,
        Seg::Lit("Rows"),
    ],
)];

/// One stock item of a row (the vendor's `StockItemDto`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StockItem {
    /// `ProductCode`.
    pub product_code: Option<String>,
    /// `LotNumber`.
    pub lot_number: Option<String>,
    /// `SerialNumber`.
    pub serial_number: Option<String>,
    /// `ExpiryDate`, the text as received (offset kept).
    pub expiry_date: Option<String>,
    /// `Quantity`, a positive whole number.
    pub quantity: i32,
}

/// One purchase order row as the fake stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
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
    /// `ProductName` (only the older vendor page lists it).
    pub product_name: Option<String>,
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
    pub stock_items: Vec<StockItem>,
    /// How many updates were applied to this row.
    pub update_count: u32,
}

impl Row {
    /// A row with only an ID, for seeding.
    pub fn new(id: i32) -> Row {
        Row {
            id,
            ..Row::default()
        }
    }
}

/// A purchase order with its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseOrder {
    /// The purchase order ID.
    pub id: i32,
    /// The rows, in seeding order.
    pub rows: Vec<Row>,
}

impl PurchaseOrder {
    /// A purchase order without rows, for seeding.
    pub fn new(id: i32) -> PurchaseOrder {
        PurchaseOrder {
            id,
            rows: Vec::new(),
        }
    }

    /// Adds a row (builder style).
    pub fn with_row(mut self, row: Row) -> PurchaseOrder {
        self.rows.push(row);
        self
    }
}

/// Configuration of a [`FakeShopCtrl`]. `Debug` does not show the password.
///
/// ```
/// use fakes::shopctrl::{PurchaseOrder, Row, ShopCtrlConfig};
/// let config = ShopCtrlConfig::new("api", "pw")
///     .with_purchase_order(PurchaseOrder::new(1).with_row(Row::new(11)));
/// assert!(!format!("{config:?}").contains("\"pw\""));
/// ```
#[derive(Clone, Debug)]
pub struct ShopCtrlConfig {
    /// The Basic user name accepted.
    pub username: String,
    /// The Basic password accepted.
    pub password: Secret,
    /// Purchase orders (with rows) that exist from the start; the API cannot
    /// create them.
    pub purchase_orders: Vec<PurchaseOrder>,
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
            purchase_orders: Vec::new(),
        }
    }

    /// Sample data for manual use and demos: purchase order 1 with rows 11
    /// and 12.
    pub fn demo() -> Self {
        ShopCtrlConfig::default().with_purchase_order(
            PurchaseOrder::new(1)
                .with_row(Row {
                    product_code: Some("DEMO-1".into()),
                    item_quantity: Some(Decimal::from(2)),
                    ..Row::new(11)
                })
                .with_row(Row::new(12)),
        )
    }

    /// Seeds a purchase order.
    pub fn with_purchase_order(mut self, po: PurchaseOrder) -> Self {
        self.purchase_orders.push(po);
        self
    }
}

struct ShopCtrlApp {
    username: String,
    password: Secret,
    purchase_orders: Mutex<BTreeMap<i32, PurchaseOrder>>,
    core: Core<Route>,
}

/// Fields of an update, read and checked; `None` means "keep".
struct RowUpdate {
    id: i32,
    product_id: Option<i32>,
    item_quantity: Option<Decimal>,
    item_quantity_delivered: Option<Decimal>,
    product_code: Option<String>,
    product_name: Option<String>,
    item_price_ex_vat: Option<Decimal>,
    row_total_ex_vat: Option<Decimal>,
    comment: Option<String>,
    sequence: Option<i32>,
    expected_delivery_date: Option<String>,
    stock_items: Option<Vec<StockItem>>,
}

fn invalid(v: Violations) -> Reply {
    let mut model_state = serde_json::Map::new();
    for (path, problem) in v.0 {
        let entry = model_state
            .entry(path)
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(list) = entry {
            list.push(serde_json::Value::String(problem));
        }
    }
    Reply::json(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({ "Message": "The request is invalid.", "ModelState": model_state }),
    )
}

fn read_row(body: &Json) -> Result<RowUpdate, Violations> {
    let mut v = Violations::default();
    if !matches!(body, Json::Obj(_)) {
        v.add(
            "row",
            format!(
                "The request body must be a JSON object, not {}.",
                body.kind()
            ),
        );
        return Err(v);
    }
    let id = v.int(body.get("Id"), "row.Id");
    if Violations::present(body.get("Id")).is_none() {
        v.add(
            "row.Id",
            "The Id field is required: it names the row to update.",
        );
    } else if let Some(id) = id
        && id < 1
    {
        v.add("row.Id", "The field Id must be 1 or greater.");
    }
    let non_negative = |v: &mut Violations, name: &str| {
        let path = format!("row.{name}");
        let value = v.decimal(body.get(name), &path);
        if let Some(d) = value
            && d < Decimal::ZERO
        {
            v.add(path, format!("The field {name} must be zero or greater."));
        }
        value
    };
    let item_quantity = non_negative(&mut v, "ItemQuantity");
    let item_quantity_delivered = non_negative(&mut v, "ItemQuantityDelivered");
    let limited = |v: &mut Violations, name: &str, max: usize| {
        let path = format!("row.{name}");
        let value = v.string(body.get(name), &path);
        if let Some(s) = &value
            && s.chars().count() > max
        {
            v.add(
                path,
                format!("The field {name} must be a string with a maximum length of {max}."),
            );
        }
        value
    };
    let product_code = limited(&mut v, "ProductCode", 100);
    let product_name = limited(&mut v, "ProductName", 500);
    let sequence = v.int(body.get("Sequence"), "row.Sequence");
    if let Some(s) = sequence
        && s < 0
    {
        v.add(
            "row.Sequence",
            "The field Sequence must be zero or greater.",
        );
    }
    let expected_delivery_date = v
        .date_time(body.get("ExpectedDeliveryDate"), "row.ExpectedDeliveryDate")
        .map(|(_, text)| text);
    let stock_items = v
        .array(body.get("StockItems"), "row.StockItems")
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    read_stock_item(&mut v, item, &format!("row.StockItems[{i}]"))
                })
                .collect()
        });
    let update = RowUpdate {
        id: id.unwrap_or_default(),
        product_id: v.int(body.get("ProductId"), "row.ProductId"),
        item_quantity,
        item_quantity_delivered,
        product_code,
        product_name,
        item_price_ex_vat: v.decimal(body.get("ItemPriceExVat"), "row.ItemPriceExVat"),
        row_total_ex_vat: v.decimal(body.get("RowTotalExVat"), "row.RowTotalExVat"),
        comment: v.string(body.get("Comment"), "row.Comment"),
        sequence,
        expected_delivery_date,
        stock_items,
    };
    if v.is_empty() { Ok(update) } else { Err(v) }
}

fn read_stock_item(v: &mut Violations, item: &Json, path: &str) -> Option<StockItem> {
    let item = v.object(Some(item), path)?;
    let field = |name: &str| format!("{path}.{name}");
    let quantity = v.int(item.get("Quantity"), &field("Quantity"));
    match quantity {
        Some(q) if q >= 1 => {}
        Some(_) => v.add(
            field("Quantity"),
            "The field Quantity must be a positive whole number.",
        ),
        None if Violations::present(item.get("Quantity")).is_none() => {
            v.add(field("Quantity"), "The Quantity field is required.")
        }
        None => {}
    }
    Some(StockItem {
        product_code: v.string(item.get("ProductCode"), &field("ProductCode")),
        lot_number: v.string(item.get("LotNumber"), &field("LotNumber")),
        serial_number: v.string(item.get("SerialNumber"), &field("SerialNumber")),
        expiry_date: v
            .date_time(item.get("ExpiryDate"), &field("ExpiryDate"))
            .map(|(_, text)| text),
        quantity: quantity.unwrap_or_default(),
    })
}

impl ShopCtrlApp {
    fn credentials_match(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let Some((scheme, encoded)) = value.trim().split_once(' ') else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        let expected = format!("{}:{}", self.username, self.password.expose());
        base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .is_ok_and(|decoded| decoded == expected.as_bytes())
    }

    fn update_row(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let update = read_row(body).map_err(invalid)?;
        let mut purchase_orders = lock(&self.purchase_orders);
        let po = purchase_orders.get_mut(&po_id).ok_or_else(|| {
            Reply::message(
                StatusCode::NOT_FOUND,
                format!("Purchase order {po_id} was not found."),
            )
        })?;
        let Some(row) = po.rows.iter_mut().find(|r| r.id == update.id) else {
            let mut v = Violations::default();
            v.add(
                "row.Id",
                format!("Purchase order {po_id} has no row with Id {}.", update.id),
            );
            return Err(invalid(v));
        };
        fn keep_or<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        keep_or(&mut row.product_id, update.product_id);
        keep_or(&mut row.item_quantity, update.item_quantity);
        keep_or(
            &mut row.item_quantity_delivered,
            update.item_quantity_delivered,
        );
        keep_or(&mut row.product_code, update.product_code);
        keep_or(&mut row.product_name, update.product_name);
        keep_or(&mut row.item_price_ex_vat, update.item_price_ex_vat);
        keep_or(&mut row.row_total_ex_vat, update.row_total_ex_vat);
        keep_or(&mut row.comment, update.comment);
        keep_or(&mut row.sequence, update.sequence);
        keep_or(
            &mut row.expected_delivery_date,
            update.expected_delivery_date,
        );
        if let Some(stock_items) = update.stock_items {
            row.stock_items = stock_items;
        }
        row.update_count += 1;
        Ok(Reply::empty(StatusCode::OK))
    }
}

impl App for ShopCtrlApp {
    type Route = Route;

    fn core(&self) -> &Core<Route> {
        &self.core
    }

    fn route(&self, method: &Method, path: &str) -> Option<Route> {
        match resolve(ROUTES, method, path) {
            Routing::Found(route, _) => Some(route),
            _ => None,
        }
    }

    fn describe_auth(&self, headers: &HeaderMap) -> PresentedAuth {
        let Some(value) = headers.get(AUTHORIZATION) else {
            return PresentedAuth::None;
        };
        match basic_username(value.to_str().unwrap_or("")) {
            Some(username) => PresentedAuth::Basic {
                username,
                accepted: self.credentials_match(headers),
            },
            None if value
                .to_str()
                .is_ok_and(|v| v.trim_start().to_ascii_lowercase().starts_with("bearer ")) =>
            {
                PresentedAuth::Bearer { token_serial: None }
            }
            None => PresentedAuth::Other,
        }
    }

    fn handle(&self, _route: Option<Route>, request: &Request) -> Reply {
        let routing = resolve(ROUTES, &request.method, &request.path);
        let Routing::Found(Route::UpdatePurchaseOrderRow, params) = routing else {
            return not_routed(&routing, request);
        };
        let result = (|| {
            if !self.credentials_match(&request.headers) {
                return Err(Reply::message(StatusCode::UNAUTHORIZED, DENIED)
                    .with_header(WWW_AUTHENTICATE, "Basic realm=\"ShopCtrl\""));
            }
            require_json(request, " (the fake does not accept XML)")?;
            let body = read_json(&request.body).map_err(|problem| {
                let mut v = Violations::default();
                v.add("row", problem);
                invalid(v)
            })?;
            let po_id = path_id(&params[0], "purchaseOrderId")?;
            self.update_row(po_id, &body)
        })();
        result.unwrap_or_else(|reply| reply)
    }
}

/// A running fake ShopCtrl server and the handle to inspect, script and stop
/// it. See the [module docs](self) for its behaviour.
///
/// Dropping the handle stops the server; [`FakeShopCtrl::shutdown`] does the
/// same and waits until it is done.
pub struct FakeShopCtrl {
    app: Arc<ShopCtrlApp>,
    server: Server,
}

impl fmt::Debug for FakeShopCtrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeShopCtrl")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
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
        let app = Arc::new(ShopCtrlApp {
            username: config.username,
            password: config.password,
            purchase_orders: Mutex::new(
                config
                    .purchase_orders
                    .into_iter()
                    .map(|po| (po.id, po))
                    .collect(),
            ),
            core: Core::new(),
        });
        let server = Server::start(app.clone(), addr).await?;
        Ok(FakeShopCtrl { app, server })
    }

    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The base URL to configure a client with, `http://127.0.0.1:PORT`; the
    /// route is `{base_url}/v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// The Basic user name accepted.
    pub fn username(&self) -> &str {
        &self.app.username
    }

    /// The Basic password accepted.
    pub fn password(&self) -> &Secret {
        &self.app.password
    }

    /// Stops accepting connections, closes the open ones and waits until the
    /// server task has ended.
    pub async fn shutdown(mut self) {
        self.server.shutdown().await;
    }

    /// All purchase orders, by ID.
    pub fn purchase_orders(&self) -> Vec<PurchaseOrder> {
        lock(&self.app.purchase_orders).values().cloned().collect()
    }

    /// One purchase order.
    pub fn purchase_order(&self, id: i32) -> Option<PurchaseOrder> {
        lock(&self.app.purchase_orders).get(&id).cloned()
    }

    /// The rows of a purchase order, `None` when it does not exist.
    pub fn rows(&self, po_id: i32) -> Option<Vec<Row>> {
        self.purchase_order(po_id).map(|po| po.rows)
    }

    /// One row of a purchase order.
    pub fn row(&self, po_id: i32, row_id: i32) -> Option<Row> {
        lock(&self.app.purchase_orders)
            .get(&po_id)
            .and_then(|po| po.rows.iter().find(|r| r.id == row_id).cloned())
    }

    /// Adds or replaces a purchase order with its rows.
    pub fn seed_purchase_order(&self, po: PurchaseOrder) {
        lock(&self.app.purchase_orders).insert(po.id, po);
    }

    /// Every recorded request, oldest first (see [`RecordedRequest`] for what is
    /// masked).
    pub fn requests(&self) -> Vec<ShopCtrlRequest> {
        self.app.core.requests()
    }

    /// The recorded requests that matched `route`.
    pub fn requests_to(&self, route: Route) -> Vec<ShopCtrlRequest> {
        self.app.core.requests_to(route)
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.app.core.clear_requests();
    }

    /// Keeps at most `max` recorded requests, dropping the oldest (0 stops
    /// recording).
    pub fn set_max_recorded(&self, max: usize) {
        self.app.core.set_max_recorded(max);
    }

    /// Scripts a fault: the next `times` requests to `route` get `fault`, then
    /// normal service resumes. Faults for the same route queue up in order.
    ///
    /// ```
    /// use fakes::{Fault, FaultBody};
    /// use fakes::shopctrl::{FakeShopCtrl, Route, ShopCtrlConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeShopCtrl::start(ShopCtrlConfig::default()).await?;
    /// let body = FaultBody::Text("Service Unavailable".into());
    /// fake.inject(Route::UpdatePurchaseOrderRow, Fault::Status { status: 503, body }, 1);
    /// assert_eq!(fake.pending_faults(Route::UpdatePurchaseOrderRow), 1);
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
