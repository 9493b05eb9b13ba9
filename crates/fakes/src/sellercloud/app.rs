//! The fake Sellercloud's state and how a routed request reaches its handler.

use super::config::SellercloudConfig;
use super::lookup_model::StoredLookups;
use super::model::*;
use super::routes::{ROUTES, SellercloudRoute};
use super::rules::{not_found, parse_body};
use super::tokens::Token;
use crate::clock::Clock;
use crate::core::{Core, lock};
use crate::rate_limit::Refusal;
use crate::record::{PresentedAuth, REDACTED};
use crate::server::{App, Reply, Request, RouteRow, describe_auth, path_id, sellercloud_refusal};
use bytes::Bytes;
use chrono::NaiveDateTime;
use http::{HeaderMap, StatusCode};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::time::Instant;

pub(crate) struct State {
    pub(crate) tokens: HashMap<String, Token>,
    pub(crate) tokens_issued: u64,
    pub(crate) purchase_orders: BTreeMap<i32, StoredPurchaseOrder>,
    pub(crate) orders: BTreeMap<i32, StoredOrder>,
    pub(crate) next_po_id: i32,
    pub(crate) next_item_id: i32,
    /// How long a created purchase order stays off the list.
    pub(crate) list_delay: Duration,
    /// When each purchase order created with a delay joins the list.
    pub(crate) listed_from: HashMap<i32, Instant>,
    /// What the look-up routes serve.
    pub(crate) lookups: StoredLookups,
}

impl State {
    /// The next purchase order ID; 500 once the int32 range is used up.
    pub(crate) fn take_po_id(&mut self) -> Result<i32, Reply> {
        take(&mut self.next_po_id)
    }

    /// The next purchase order item ID, like [`State::take_po_id`].
    pub(crate) fn take_item_id(&mut self) -> Result<i32, Reply> {
        take(&mut self.next_item_id)
    }

    /// Keeps a just created purchase order off the list for the configured delay.
    pub(crate) fn delay_listing(&mut self, id: i32, now: Instant) {
        if !self.list_delay.is_zero() {
            let at = now.checked_add(self.list_delay).unwrap_or(now);
            self.listed_from.insert(id, at);
        }
    }

    /// Whether the list shows this purchase order at `now`.
    pub(crate) fn listed(&self, id: i32, now: Instant) -> bool {
        self.listed_from.get(&id).is_none_or(|at| *at <= now)
    }

    /// The purchase order at a path's ID, or the 404 answer.
    pub(crate) fn purchase_order_mut(
        &mut self,
        id: i32,
    ) -> Result<&mut StoredPurchaseOrder, Reply> {
        self.purchase_orders
            .get_mut(&id)
            .ok_or_else(|| not_found("Purchase order", id))
    }

    /// Stores a seeded purchase order; one without a creation time gets `now`.
    pub(crate) fn seed_purchase_order(&mut self, mut po: StoredPurchaseOrder, now: NaiveDateTime) {
        po.created_on.get_or_insert(now);
        po.updated_on.get_or_insert(now);
        // Keep generated IDs clear of seeded ones.
        self.next_po_id = self.next_po_id.max(po.id.saturating_add(1));
        for item in &po.items {
            self.next_item_id = self.next_item_id.max(item.id.saturating_add(1));
        }
        self.purchase_orders.insert(po.id, po);
    }
}

fn take(next: &mut i32) -> Result<i32, Reply> {
    let id = *next;
    *next = id.checked_add(1).ok_or_else(|| {
        Reply::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The fake has handed out every 32-bit ID above the seeded ones.",
        )
    })?;
    Ok(id)
}

pub(crate) struct SellercloudApp {
    /// The configuration, without its seed data (that moved into the state).
    pub(crate) config: SellercloudConfig,
    pub(crate) state: Mutex<State>,
    pub(crate) core: Arc<Core<SellercloudRoute>>,
}

impl SellercloudApp {
    pub(crate) fn new(mut config: SellercloudConfig) -> SellercloudApp {
        let mut state = State {
            tokens: HashMap::new(),
            tokens_issued: 0,
            purchase_orders: BTreeMap::new(),
            orders: BTreeMap::new(),
            next_po_id: config.first_purchase_order_id,
            next_item_id: config.first_item_id,
            list_delay: config.list_visibility_delay,
            listed_from: HashMap::new(),
            lookups: std::mem::take(&mut config.lookups),
        };
        let clock = Clock::new(config.clock_skew, config.server_utc_offset);
        for po in std::mem::take(&mut config.purchase_orders) {
            state.seed_purchase_order(po, clock.local_now());
        }
        for order in std::mem::take(&mut config.orders) {
            state.orders.insert(order.id, order);
        }
        let core = Arc::new(Core::new(
            config.username.clone(),
            config.password.clone(),
            clock,
        ));
        core.limiter.set(config.rate_limit);
        SellercloudApp {
            config,
            state: Mutex::new(state),
            core,
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(crate) fn issue_token(&self) -> String {
        self.state().issue_token(self.config.token_lifetime).0
    }

    fn dispatch(
        &self,
        route: SellercloudRoute,
        params: &[String],
        request: &Request,
    ) -> Result<Reply, Reply> {
        if route != SellercloudRoute::Token {
            self.authorize(&request.headers)?;
        }
        let id = || path_id(params.first().map_or("", String::as_str), "id");
        // The GET routes take no body; the others a JSON one.
        let body = || {
            request.require_json("")?;
            parse_body(&request.body)
        };
        match route {
            SellercloudRoute::Token => self.token(&body()?),
            SellercloudRoute::CreatePurchaseOrder => self.create_purchase_order(&body()?),
            SellercloudRoute::UpdatePurchaseOrderItems => self.update_items(id()?, &body()?),
            SellercloudRoute::UpdatePurchaseOrderTrackingNumber => {
                self.update_tracking(id()?, &body()?)
            }
            SellercloudRoute::UpdateOrder => self.update_order(id()?, &body()?),
            SellercloudRoute::ListPurchaseOrders => {
                self.list_purchase_orders(request.query.as_deref())
            }
            SellercloudRoute::GetPurchaseOrder => self.get_purchase_order(id()?),
            SellercloudRoute::GetPurchaseOrderItems => self.get_purchase_order_items(id()?),
            SellercloudRoute::AddPurchaseOrderItems => self.add_items(id()?, &body()?),
            SellercloudRoute::ReceivePurchaseOrder => self.receive(id()?, &body()?),
            SellercloudRoute::GetOrder => self.get_order(id()?),
            SellercloudRoute::ListVendors => self.list_vendors(request.query.as_deref()),
            SellercloudRoute::ListCompanies => self.list_companies(request.query.as_deref()),
            SellercloudRoute::ListWarehouses => self.list_warehouses(request.query.as_deref()),
            SellercloudRoute::ListPaymentTerms => self.list_payment_terms(),
            SellercloudRoute::ListCatalog => self.list_catalog(request.query.as_deref()),
        }
    }
}

impl App for SellercloudApp {
    type Route = SellercloudRoute;
    const ROUTES: &'static [RouteRow<SellercloudRoute>] = ROUTES;

    fn core(&self) -> &Core<SellercloudRoute> {
        &self.core
    }

    fn describe_auth(&self, headers: &HeaderMap) -> PresentedAuth {
        // The fake Sellercloud accepts no Basic credentials at all.
        describe_auth(
            headers,
            |token| self.state().tokens.get(token).map(|t| t.serial),
            |_, _| false,
        )
    }

    fn recordable_body(&self, route: Option<SellercloudRoute>, body: &Bytes) -> Bytes {
        if route != Some(SellercloudRoute::Token) || body.is_empty() {
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

    fn refuse(&self, refusal: &Refusal) -> Reply {
        sellercloud_refusal(
            refusal.status,
            refusal.resets_at,
            self.config.reset_time_with_offset,
        )
    }

    fn reset_with_offset(&self) -> bool {
        self.config.reset_time_with_offset
    }

    fn handle(&self, route: SellercloudRoute, params: &[String], request: &Request) -> Reply {
        self.dispatch(route, params, request)
            .unwrap_or_else(|reply| reply)
    }
}
