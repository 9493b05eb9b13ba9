//! Request handling of the fake Sellercloud.

use super::model::*;
use super::{ClientSettings, CreatedIdShape, Route, SellercloudConfig, TokenDateFormat};
use crate::json::{Json, Violations};
use crate::record::{PresentedAuth, REDACTED};
use crate::server::{
    App, Core, DENIED, Reply, Request, Routing, Seg, basic_username, dotnet_utc, lock, not_routed,
    path_id, read_json, require_json, resolve, utc_after,
};
use api_runtime::secret::Secret;
use bytes::Bytes;
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{HeaderMap, Method, StatusCode};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const ROUTES: &[(Route, Method, &[Seg])] = &[
    (
        Route::Token,
        Method::POST,
        &[Seg::Lit("rest"), Seg::Lit("api"), Seg::Lit("token")],
    ),
    (
        Route::CreatePurchaseOrder,
        Method::POST,
        &[
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("PurchaseOrders"),
        ],
    ),
    (
        Route::UpdatePurchaseOrderItems,
        Method::PUT,
        &[
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("PurchaseOrders"),
            Seg::Param,
            Seg::Lit("Items"),
        ],
    ),
    (
        Route::UpdatePurchaseOrderTrackingNumber,
        Method::PUT,
        &[
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("PurchaseOrders"),
            Seg::Param,
            Seg::Lit("TrackingNumber"),
        ],
    ),
    (
        Route::UpdateOrder,
        Method::PUT,
        &[
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("Orders"),
            Seg::Param,
        ],
    ),
];

struct Token {
    serial: u64,
    /// `None`: the lifetime is too long to represent, so it never expires.
    expires_at: Option<Instant>,
    revoked: bool,
}

pub(crate) struct State {
    tokens: HashMap<String, Token>,
    pub(crate) tokens_issued: u64,
    pub(crate) purchase_orders: BTreeMap<i32, PurchaseOrder>,
    pub(crate) orders: BTreeMap<i32, Order>,
    next_po_id: i32,
    next_item_id: i32,
}

impl State {
    pub(crate) fn seed_purchase_order(&mut self, po: PurchaseOrder) {
        // Keep generated IDs clear of seeded ones.
        self.next_po_id = self.next_po_id.max(po.id.saturating_add(1));
        for item in &po.items {
            self.next_item_id = self.next_item_id.max(item.id.saturating_add(1));
        }
        self.purchase_orders.insert(po.id, po);
    }

    pub(crate) fn expire_tokens(&mut self) {
        for token in self.tokens.values_mut() {
            token.revoked = true;
        }
    }

    fn issue_token(&mut self, lifetime: Duration) -> (String, u64) {
        self.tokens_issued += 1;
        let serial = self.tokens_issued;
        let random: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(40)
            .collect();
        // The serial makes every token unique even if the random part repeats.
        let token = format!("fake{serial}.{random}");
        self.tokens.insert(
            token.clone(),
            Token {
                serial,
                expires_at: Instant::now().checked_add(lifetime),
                revoked: false,
            },
        );
        (token, serial)
    }
}

pub(crate) struct SellercloudApp {
    pub(crate) username: String,
    pub(crate) password: Secret,
    pub(crate) token_lifetime: Duration,
    token_date_format: TokenDateFormat,
    created_id_shape: CreatedIdShape,
    settings: ClientSettings,
    pub(crate) state: Mutex<State>,
    pub(crate) core: Core<Route>,
}

impl SellercloudApp {
    pub(crate) fn new(config: SellercloudConfig) -> SellercloudApp {
        let mut state = State {
            tokens: HashMap::new(),
            tokens_issued: 0,
            purchase_orders: BTreeMap::new(),
            orders: BTreeMap::new(),
            next_po_id: config.first_purchase_order_id,
            next_item_id: config.first_item_id,
        };
        for po in config.purchase_orders {
            state.seed_purchase_order(po);
        }
        for order in config.orders {
            state.orders.insert(order.id, order);
        }
        SellercloudApp {
            username: config.username,
            password: config.password,
            token_lifetime: config.token_lifetime,
            token_date_format: config.token_date_format,
            created_id_shape: config.created_id_shape,
            settings: config.settings,
            state: Mutex::new(state),
            core: Core::new(),
        }
    }

    pub(crate) fn issue_token(&self) -> String {
        lock(&self.state).issue_token(self.token_lifetime).0
    }

    fn authorize(&self, headers: &HeaderMap) -> Result<(), Reply> {
        let denied = || {
            Reply::message(StatusCode::UNAUTHORIZED, DENIED).with_header(WWW_AUTHENTICATE, "Bearer")
        };
        let token = bearer_token(headers).ok_or_else(denied)?;
        let state = lock(&self.state);
        match state.tokens.get(token) {
            Some(t) if !t.revoked && t.expires_at.is_none_or(|at| Instant::now() < at) => Ok(()),
            _ => Err(denied()),
        }
    }

    fn token(&self, body: &Json) -> Result<Reply, Reply> {
        let mut v = Violations::default();
        let body = require_object(body)?;
        let username = required(&mut v, body.get("Username"), "Username", Violations::string);
        let password = required(&mut v, body.get("Password"), "Password", Violations::string);
        let (Some(username), Some(password)) = (username, password) else {
            return Err(invalid(v));
        };
        if username != self.username || password != self.password.expose() {
            return Err(Reply::message(
                StatusCode::UNAUTHORIZED,
                "The user name or password is incorrect.",
            ));
        }
        let (token, _) = lock(&self.state).issue_token(self.token_lifetime);
        let issued = chrono::Utc::now();
        let expires = utc_after(issued, self.token_lifetime);
        let lifetime = self.token_lifetime;
        let expires_in = if lifetime.subsec_nanos() == 0 {
            serde_json::json!(lifetime.as_secs())
        } else {
            serde_json::json!(lifetime.as_secs_f64())
        };
        let format = |t: chrono::DateTime<chrono::Utc>| match self.token_date_format {
            TokenDateFormat::Rfc3339 => dotnet_utc(t),
            TokenDateFormat::WithoutOffset => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            TokenDateFormat::Rfc1123 => t.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        };
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "username": username,
                "expires_in": expires_in,
                ".issued": format(issued),
                ".expires": format(expires),
            }),
        ))
    }

    fn create_purchase_order(&self, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let company_id = required(&mut v, body.get("CompanyID"), "CompanyID", Violations::int);
        let vendor_id = required(&mut v, body.get("VendorID"), "VendorID", Violations::int);
        let po_type = required(&mut v, body.get("POType"), "POType", |v, j, p| {
            known_enum(v, j, p, "POType", PoType::TABLE)
        });
        let case_mode = required(
            &mut v,
            body.get("CaseQtyMode"),
            "CaseQtyMode",
            Violations::boolean,
        );
        let default_warehouse_id = v.int(body.get("DefaultWarehouseID"), "DefaultWarehouseID");
        let description = v.string(body.get("Description"), "Description");
        let vendor_note = v.string(body.get("VendorNote"), "VendorNote");
        let payment_term_id = v.int(body.get("PaymentTermID"), "PaymentTermID");
        let expected = v.date_time(body.get("ExpectedDeliveryDate"), "ExpectedDeliveryDate");
        if self.settings.force_expected_delivery_date
            && Violations::present(body.get("ExpectedDeliveryDate")).is_none()
        {
            v.add(
                "ExpectedDeliveryDate",
                "is required while the client setting 'Force user to enter Expected Delivery Date' is on",
            );
        }
        let mut items = Vec::new();
        match required(&mut v, body.get("Products"), "Products", Violations::array) {
            Some([]) => v.add("Products", "must contain at least one product"),
            Some(products) => {
                for (index, product) in products.iter().enumerate() {
                    let path = format!("Products[{index}]");
                    if let Some(item) = self.product(&mut v, product, &path, case_mode) {
                        items.push(item);
                    }
                }
            }
            None => {}
        }
        let billing_address = po_address(&mut v, body.get("BillingAddress"), "BillingAddress");
        if billing_address.is_some() && self.settings.disable_bill_to_address {
            v.add(
                "BillingAddress",
                "is only allowed while the client setting 'Enable BillTo address for Purchase Orders' is on",
            );
        }
        let shipping_address = po_address(&mut v, body.get("ShippingAddress"), "ShippingAddress");
        let (Some(company_id), Some(vendor_id), Some(po_type), Some(case_qty_mode), true) =
            (company_id, vendor_id, po_type, case_mode, v.is_empty())
        else {
            return Err(invalid(v));
        };

        let mut state = lock(&self.state);
        let id = state.next_po_id;
        state.next_po_id += 1;
        for item in &mut items {
            item.id = state.next_item_id;
            state.next_item_id += 1;
            if default_warehouse_id.is_some() {
                item.warehouse_id = default_warehouse_id;
            }
        }
        state.purchase_orders.insert(
            id,
            PurchaseOrder {
                id,
                company_id,
                vendor_id,
                po_type,
                case_qty_mode,
                default_warehouse_id,
                description,
                vendor_note,
                payment_term_id,
                expected_delivery_date: expected.map(|(dt, _)| dt),
                items,
                billing_address,
                shipping_address,
                shipping: Shipping::default(),
            },
        );
        let body = match self.created_id_shape {
            CreatedIdShape::Object => serde_json::json!({ "Id": id }),
            CreatedIdShape::BareNumber => serde_json::json!(id),
        };
        Ok(Reply::json(StatusCode::OK, &body))
    }

    fn product(
        &self,
        v: &mut Violations,
        product: &Json,
        path: &str,
        case_mode: Option<bool>,
    ) -> Option<PurchaseOrderItem> {
        let product = v.object(Some(product), path)?;
        let field = |name: &str| format!("{path}.{name}");
        let product_id = required(
            v,
            product.get("ProductID"),
            &field("ProductID"),
            Violations::string,
        );
        if let Some(id) = &product_id
            && id.trim().is_empty()
        {
            v.add(field("ProductID"), "must not be blank");
        }
        let qty = read_quantities(v, product, path);
        check_mode(v, product, path, case_mode, "CaseQtyMode is");
        let discount_type = known_enum(
            v,
            product.get("DiscountType"),
            &field("DiscountType"),
            "DiscountType",
            DiscountType::TABLE,
        );
        let discount_value = v.decimal(product.get("DiscountValue"), &field("DiscountValue"));
        let has_type = Violations::present(product.get("DiscountType")).is_some();
        let has_value = Violations::present(product.get("DiscountValue")).is_some();
        if has_type != has_value {
            let missing = if has_type {
                "DiscountValue"
            } else {
                "DiscountType"
            };
            v.add(
                field(missing),
                "is required when the other of DiscountType and DiscountValue is sent",
            );
        }
        if let Some(value) = discount_value {
            if value < Decimal::ZERO {
                v.add(field("DiscountValue"), "must not be negative");
            }
            if discount_type == Some(DiscountType::Percentage) && value > Decimal::ONE_HUNDRED {
                v.add(
                    field("DiscountValue"),
                    "must not exceed 100 when DiscountType is Percentage",
                );
            }
        }
        if (has_type || has_value) && self.settings.enable_multi_discount {
            v.add(
                field("DiscountValue"),
                "line discounts are only allowed while the client setting 'Enable Multi Discount for Purchase Order' is off",
            );
        }
        let warehouse_id = v.int(product.get("WarehouseID"), &field("WarehouseID"));
        let item_notes = v.string(product.get("ItemNotes"), &field("ItemNotes"));
        Some(PurchaseOrderItem {
            id: 0,
            product_id: product_id?,
            qty_units_ordered: qty.units,
            unit_price: qty.unit_price,
            qty_cases_ordered: qty.cases,
            qty_units_per_case: qty.units_per_case,
            case_price: qty.case_price,
            discount_type,
            discount_value,
            warehouse_id,
            item_notes,
            expected_delivery_date: None,
        })
    }

    fn update_items(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        struct Change<'a> {
            item: &'a Json,
            path: String,
            id: i32,
            qty: Quantities,
            expected: Option<chrono::DateTime<chrono::FixedOffset>>,
        }
        let mut changes = Vec::new();
        match required(&mut v, body.get("Items"), "Items", Violations::array) {
            Some([]) => v.add("Items", "must contain at least one item"),
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    let path = format!("Items[{index}]");
                    let Some(item) = v.object(Some(item), &path) else {
                        continue;
                    };
                    let id = required(
                        &mut v,
                        item.get("ID"),
                        &format!("{path}.ID"),
                        Violations::int,
                    );
                    let qty = read_quantities(&mut v, item, &path);
                    let expected = v
                        .date_time(
                            item.get("ExpectedDeliveryDate"),
                            &format!("{path}.ExpectedDeliveryDate"),
                        )
                        .map(|(dt, _)| dt);
                    if let Some(id) = id {
                        changes.push(Change {
                            item,
                            path,
                            id,
                            qty,
                            expected,
                        });
                    }
                }
            }
            None => {}
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }

        let mut state = lock(&self.state);
        let po = state
            .purchase_orders
            .get_mut(&po_id)
            .ok_or_else(|| not_found("Purchase order", po_id))?;
        for change in &changes {
            if po.item(change.id).is_none() {
                v.add(
                    format!("{}.ID", change.path),
                    format!(
                        "purchase order {po_id} has no item with ID {} (IDs are purchase order item IDs, not product IDs)",
                        change.id
                    ),
                );
            }
            check_mode(
                &mut v,
                change.item,
                &change.path,
                Some(po.case_qty_mode),
                "the purchase order is",
            );
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        for change in changes {
            let Some(item) = po.items.iter_mut().find(|i| i.id == change.id) else {
                continue;
            };
            let q = change.qty;
            set_if(&mut item.qty_units_ordered, q.units);
            set_if(&mut item.unit_price, q.unit_price);
            set_if(&mut item.qty_cases_ordered, q.cases);
            set_if(&mut item.qty_units_per_case, q.units_per_case);
            set_if(&mut item.case_price, q.case_price);
            set_if(&mut item.expected_delivery_date, change.expected);
        }
        Ok(Reply::empty(StatusCode::OK))
    }

    fn update_tracking(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let shipped_on = v
            .date_time(body.get("ShippedOn"), "ShippedOn")
            .map(|(dt, _)| dt);
        let carrier = v.string(body.get("ShippedViaCarrier"), "ShippedViaCarrier");
        let tracking = v.string(body.get("TrackingNumber"), "TrackingNumber");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        if shipped_on.is_none() && carrier.is_none() && tracking.is_none() {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "The request is invalid. Send at least one of ShippedOn, ShippedViaCarrier and TrackingNumber.",
            ));
        }
        let mut state = lock(&self.state);
        let po = state
            .purchase_orders
            .get_mut(&po_id)
            .ok_or_else(|| not_found("Purchase order", po_id))?;
        if self.settings.enable_multiple_tracking_numbers {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "This endpoint only works while the client setting 'Enable Multiple Tracking Numbers On PO' is disabled.",
            ));
        }
        let sets_tracking = tracking.as_deref().is_some_and(|t| !t.trim().is_empty());
        let status = if sets_tracking {
            ShippingStatus::Shipped
        } else {
            po.shipping.status
        };
        if shipped_on.is_some() && status == ShippingStatus::None {
            v.add(
                "ShippedOn",
                format!(
                    "can only be changed when the shipping status of purchase order {po_id} is not None (set a TrackingNumber first, or in the same request)"
                ),
            );
            return Err(invalid(v));
        }
        po.shipping.status = status;
        set_if(&mut po.shipping.shipped_on, shipped_on);
        set_if(&mut po.shipping.shipped_via_carrier, carrier);
        set_if(&mut po.shipping.tracking_number, tracking);
        Ok(Reply::empty(StatusCode::OK))
    }

    fn update_order(&self, order_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let company_id = v.int(body.get("CompanyId"), "CompanyId");
        let customer_id = v.int(body.get("CustomerId"), "CustomerId");
        let order_source = open_enum(&mut v, body.get("OrderSource"), "OrderSource");
        let order_sub_type = open_enum(&mut v, body.get("OrderSubType"), "OrderSubType");
        let sales_rep1 = v.int(body.get("SalesRep1"), "SalesRep1");
        let currency_code = open_enum(&mut v, body.get("CurrencyCode"), "CurrencyCode");
        let disable_inventory_count =
            v.boolean(body.get("DisableInventoryCount"), "DisableInventoryCount");
        let shipping_address =
            order_address(&mut v, body.get("ShippingAddress"), "ShippingAddress");
        let billing_address = order_address(&mut v, body.get("BillingAddress"), "BillingAddress");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let known = [
            "CompanyId",
            "CustomerId",
            "OrderSource",
            "OrderSubType",
            "SalesRep1",
            "CurrencyCode",
            "DisableInventoryCount",
            "ShippingAddress",
            "BillingAddress",
        ];
        if known
            .iter()
            .all(|k| Violations::present(body.get(k)).is_none())
        {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "The request is invalid. Send at least one field to update.",
            ));
        }
        let mut state = lock(&self.state);
        let order = state
            .orders
            .get_mut(&order_id)
            .ok_or_else(|| not_found("Order", order_id))?;
        set_if(&mut order.company_id, company_id);
        set_if(&mut order.customer_id, customer_id);
        set_if(&mut order.order_source, order_source);
        set_if(&mut order.order_sub_type, order_sub_type);
        set_if(&mut order.sales_rep1, sales_rep1);
        set_if(&mut order.currency_code, currency_code);
        set_if(&mut order.disable_inventory_count, disable_inventory_count);
        set_if(&mut order.shipping_address, shipping_address);
        set_if(&mut order.billing_address, billing_address);
        order.update_count += 1;
        Ok(Reply::empty(StatusCode::OK))
    }
}

impl App for SellercloudApp {
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
        if let Some(token) = bearer_token(headers) {
            let serial = lock(&self.state).tokens.get(token).map(|t| t.serial);
            return PresentedAuth::Bearer {
                token_serial: serial,
            };
        }
        match basic_username(value.to_str().unwrap_or("")) {
            Some(username) => PresentedAuth::Basic {
                username,
                accepted: false,
            },
            None => PresentedAuth::Other,
        }
    }

    fn recordable_body(&self, route: Option<Route>, body: &Bytes) -> Bytes {
        if route != Some(Route::Token) || body.is_empty() {
            return body.clone();
        }
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(mut map)) => {
                for (key, value) in map.iter_mut() {
                    if key.eq_ignore_ascii_case("password") {
                        *value = serde_json::Value::String(REDACTED.to_owned());
                    }
                }
                Bytes::from(serde_json::Value::Object(map).to_string())
            }
            _ => Bytes::from_static(REDACTED.as_bytes()),
        }
    }

    fn handle(&self, _route: Option<Route>, request: &Request) -> Reply {
        let routing = resolve(ROUTES, &request.method, &request.path);
        let Routing::Found(route, params) = routing else {
            return not_routed(&routing, request);
        };
        let result = (|| {
            if route != Route::Token {
                self.authorize(&request.headers)?;
            }
            require_json(request, "")?;
            let body = parse_body(&request.body)?;
            match route {
                Route::Token => self.token(&body),
                Route::CreatePurchaseOrder => self.create_purchase_order(&body),
                Route::UpdatePurchaseOrderItems => {
                    self.update_items(path_id(&params[0], "id")?, &body)
                }
                Route::UpdatePurchaseOrderTrackingNumber => {
                    self.update_tracking(path_id(&params[0], "id")?, &body)
                }
                Route::UpdateOrder => self.update_order(path_id(&params[0], "id")?, &body),
            }
        })();
        result.unwrap_or_else(|reply| reply)
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn parse_body(body: &[u8]) -> Result<Json, Reply> {
    read_json(body).map_err(|problem| {
        Reply::message(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid. {problem}"),
        )
    })
}

fn require_object(body: &Json) -> Result<&Json, Reply> {
    match body {
        Json::Obj(_) => Ok(body),
        other => Err(Reply::message(
            StatusCode::BAD_REQUEST,
            format!(
                "The request is invalid. The request body must be a JSON object, not {}.",
                other.kind()
            ),
        )),
    }
}

fn not_found(what: &str, id: i32) -> Reply {
    Reply::message(StatusCode::NOT_FOUND, format!("{what} {id} was not found."))
}

/// The 400 answer for a list of violations: an ASP.NET-style `Message` naming
/// every field and rule, and the same as `ModelState`.
fn invalid(v: Violations) -> Reply {
    let mut message = String::from("The request is invalid.");
    let mut model_state = serde_json::Map::new();
    for (path, problem) in v.0 {
        message.push_str(&format!(" {path}: {problem}."));
        let entry = model_state
            .entry(path)
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let serde_json::Value::Array(list) = entry {
            list.push(serde_json::Value::String(problem));
        }
    }
    Reply::json(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({ "Message": message, "ModelState": model_state }),
    )
}

fn required<'a, T>(
    v: &mut Violations,
    value: Option<&'a Json>,
    path: &str,
    read: impl FnOnce(&mut Violations, Option<&'a Json>, &str) -> Option<T>,
) -> Option<T> {
    if Violations::present(value).is_none() {
        v.add(path, "is required");
        return None;
    }
    read(v, value, path)
}

fn known_enum<T: Copy>(
    v: &mut Violations,
    value: Option<&Json>,
    path: &str,
    name: &str,
    table: &[(&str, i64, T)],
) -> Option<T> {
    let found = match Violations::present(value)? {
        Json::Str(s) => table.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(s)),
        number @ Json::Num(_) => {
            let mut scratch = Violations::default();
            let code = scratch.int(Some(number), path).map(i64::from);
            table.iter().find(|(_, c, _)| Some(*c) == code)
        }
        _ => None,
    };
    if found.is_none() {
        let names: Vec<String> = table.iter().map(|(n, c, _)| format!("{n} ({c})")).collect();
        v.add(
            path,
            format!(
                "is not a valid {name}; expected one of {}",
                names.join(", ")
            ),
        );
    }
    found.map(|(_, _, value)| *value)
}

fn open_enum(v: &mut Violations, value: Option<&Json>, path: &str) -> Option<EnumValue> {
    match Violations::present(value)? {
        Json::Str(s) if !s.trim().is_empty() => Some(EnumValue::Name(s.clone())),
        number @ Json::Num(_) => v.int(Some(number), path).map(|c| EnumValue::Code(c.into())),
        _ => {
            v.add(path, "must be an enum name or number");
            None
        }
    }
}

#[derive(Default)]
struct Quantities {
    units: Option<i32>,
    unit_price: Option<Decimal>,
    cases: Option<i32>,
    units_per_case: Option<i32>,
    case_price: Option<Decimal>,
}

/// Reads the five quantity and price fields with their range rules: quantities
/// above zero, prices not negative.
fn read_quantities(v: &mut Violations, object: &Json, path: &str) -> Quantities {
    let positive = |v: &mut Violations, name: &str| {
        let field = format!("{path}.{name}");
        let value = v.int(object.get(name), &field);
        if let Some(q) = value
            && q <= 0
        {
            v.add(field, "must be greater than 0");
        }
        value
    };
    let units = positive(v, "QtyUnitsOrdered");
    let cases = positive(v, "QtyCasesOrdered");
    let units_per_case = positive(v, "QtyUnitsPerCase");
    let price = |v: &mut Violations, name: &str| {
        let field = format!("{path}.{name}");
        let value = v.decimal(object.get(name), &field);
        if let Some(p) = value
            && p < Decimal::ZERO
        {
            v.add(field, "must not be negative");
        }
        value
    };
    let unit_price = price(v, "UnitPrice");
    let case_price = price(v, "CasePrice");
    Quantities {
        units,
        unit_price,
        cases,
        units_per_case,
        case_price,
    }
}

const CASE_FIELDS: [&str; 3] = ["QtyCasesOrdered", "QtyUnitsPerCase", "CasePrice"];
const UNIT_FIELDS: [&str; 2] = ["QtyUnitsOrdered", "UnitPrice"];

/// The case-quantity-mode rule: in case mode only the case fields may be sent,
/// otherwise only the unit fields.
fn check_mode(
    v: &mut Violations,
    object: &Json,
    path: &str,
    case_mode: Option<bool>,
    subject: &str,
) {
    let Some(case_mode) = case_mode else {
        return;
    };
    let (forbidden, allowed): (&[&str], &[&str]) = if case_mode {
        (&UNIT_FIELDS, &CASE_FIELDS)
    } else {
        (&CASE_FIELDS, &UNIT_FIELDS)
    };
    for name in forbidden {
        if Violations::present(object.get(name)).is_some() {
            v.add(
                format!("{path}.{name}"),
                format!(
                    "must not be sent when {subject} {} case quantity mode (send only {})",
                    if case_mode { "in" } else { "not in" },
                    allowed.join(", ")
                ),
            );
        }
    }
}

fn read_address(v: &mut Violations, object: &Json, path: &str) -> Address {
    let mut s = |name: &str| v.string(object.get(name), &format!("{path}.{name}"));
    Address {
        first_name: s("FirstName"),
        last_name: s("LastName"),
        middle_name: s("MiddleName"),
        zip_code: s("ZipCode"),
        city: s("City"),
        country: s("Country"),
        business: s("Business"),
        address_line1: s("AddressLine1"),
        address_line2: s("AddressLine2"),
        fax: s("Fax"),
        region: s("Region"),
        state: s("State"),
        phone: s("Phone"),
    }
}

fn is_two_letters(value: &str) -> bool {
    value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic())
}

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn check_country(v: &mut Violations, address: &Address, path: &str) {
    match &address.country {
        Some(c) if is_two_letters(c) => {}
        Some(_) => v.add(
            format!("{path}.Country"),
            "must be a two-letter country code",
        ),
        None => v.add(format!("{path}.Country"), "is required"),
    }
}

/// A purchase order address: only `Country` is required.
fn po_address(v: &mut Violations, value: Option<&Json>, path: &str) -> Option<Address> {
    let object = v.object(value, path)?;
    let address = read_address(v, object, path);
    check_country(v, &address, path);
    Some(address)
}

/// An order address: complete, because it replaces the stored one as a whole.
fn order_address(v: &mut Violations, value: Option<&Json>, path: &str) -> Option<Address> {
    let object = v.object(value, path)?;
    let address = read_address(v, object, path);
    for (name, part) in [
        ("FirstName", &address.first_name),
        ("LastName", &address.last_name),
        ("ZipCode", &address.zip_code),
        ("City", &address.city),
        ("AddressLine1", &address.address_line1),
    ] {
        if blank(part) {
            v.add(
                format!("{path}.{name}"),
                "is required (an order address is replaced as a whole)",
            );
        }
    }
    check_country(v, &address, path);
    let needs_state = address
        .country
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("US") || c.eq_ignore_ascii_case("CA"));
    match &address.state {
        Some(state) if !state.trim().is_empty() && !is_two_letters(state) => v.add(
            format!("{path}.State"),
            "must be a two-letter state or province code",
        ),
        state if needs_state && blank(state) => v.add(
            format!("{path}.State"),
            "is required when Country is US or CA",
        ),
        _ => {}
    }
    Some(address)
}

fn set_if<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}
