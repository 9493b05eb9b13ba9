//! The fake ShopCtrl's state and how a routed request reaches its handler.

use super::config::{RowUpdateMode, ShopCtrlConfig};
use super::model::{StoredPurchaseOrderRows, StoredShopProduct};
use super::routes::{ROUTES, ShopCtrlRoute};
use crate::clock::Clock;
use crate::core::{Core, lock};
use crate::json::Violations;
use crate::rate_limit::Refusal;
use crate::record::PresentedAuth;
use crate::server::{
    App, DENIED, Reply, Request, RouteRow, basic_credentials, describe_auth, path_id, read_json,
};
use chrono::{Offset, TimeDelta, Utc};
use http::header::{HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderMap, StatusCode};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

pub(crate) struct ShopCtrlApp {
    pub(crate) update_mode: RowUpdateMode,
    pub(crate) purchase_orders: Mutex<BTreeMap<i32, StoredPurchaseOrderRows>>,
    pub(crate) products: Mutex<Vec<StoredShopProduct>>,
    pub(crate) default_location: i32,
    pub(crate) core: Arc<Core<ShopCtrlRoute>>,
}

impl ShopCtrlApp {
    pub(crate) fn new(config: ShopCtrlConfig) -> ShopCtrlApp {
        let app = ShopCtrlApp {
            update_mode: config.update_mode,
            purchase_orders: Mutex::new(
                config
                    .purchase_orders
                    .into_iter()
                    .map(|po| (po.id, po))
                    .collect(),
            ),
            products: Mutex::new(config.products),
            default_location: config.default_location,
            core: Arc::new(Core::new(
                config.username,
                config.password,
                Clock::new(TimeDelta::zero(), Utc.fix()),
            )),
        };
        app.core.limiter.set(config.rate_limit);
        app
    }

    pub(crate) fn purchase_orders(&self) -> MutexGuard<'_, BTreeMap<i32, StoredPurchaseOrderRows>> {
        lock(&self.purchase_orders)
    }

    pub(crate) fn products(&self) -> MutexGuard<'_, Vec<StoredShopProduct>> {
        lock(&self.products)
    }

    fn credentials_match(&self, headers: &HeaderMap) -> bool {
        matches!(
            basic_credentials(headers),
            Some(Some((username, password))) if self.core.credentials_match(&username, &password)
        )
    }

    fn dispatch(
        &self,
        route: ShopCtrlRoute,
        params: &[String],
        request: &Request,
    ) -> Result<Reply, Reply> {
        if !self.credentials_match(&request.headers) {
            return Err(
                Reply::message(StatusCode::UNAUTHORIZED, DENIED).with_header(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"ShopCtrl\""),
                ),
            );
        }
        let id = |i: usize, name: &str| path_id(params.get(i).map_or("", String::as_str), name);
        let body = |name: &str| {
            request.require_json(" (the fake does not accept XML)")?;
            read_json(&request.body).map_err(|problem| {
                let mut v = Violations::default();
                v.add(name, problem);
                v.into_reply(false)
            })
        };
        match route {
            ShopCtrlRoute::UpdatePurchaseOrderRow => {
                self.update_row(id(0, "purchaseOrderId")?, &body("row")?)
            }
            ShopCtrlRoute::GetPurchaseOrderRows => self.get_rows(id(0, "purchaseOrderId")?),
            ShopCtrlRoute::AddPurchaseOrderRow => {
                self.add_row(id(0, "purchaseOrderId")?, &body("row")?)
            }
            ShopCtrlRoute::ListPurchaseOrders => {
                self.list_purchase_orders(id(0, "shopOwnerId")?, request.query.as_deref())
            }
            ShopCtrlRoute::CreatePurchaseOrder => {
                self.create_purchase_order(id(0, "shopOwnerId")?, &body("purchaseOrder")?)
            }
            ShopCtrlRoute::UpdatePurchaseOrder => {
                self.update_purchase_order(&body("purchaseOrder")?)
            }
            ShopCtrlRoute::ProvisionPurchaseOrder => {
                self.provision(id(0, "purchaseOrderId")?, &body("provisionInfo")?)
            }
            ShopCtrlRoute::GetProduct => self.get_product(id(0, "productId")?),
            ShopCtrlRoute::GetProductByCode => self.get_product_by_code(
                id(0, "shopGroupId")?,
                params.get(1).map_or("", String::as_str),
            ),
            ShopCtrlRoute::GetStockPerLocation => self.get_stock_per_location(id(0, "productId")?),
        }
    }
}

impl App for ShopCtrlApp {
    type Route = ShopCtrlRoute;
    const ROUTES: &'static [RouteRow<ShopCtrlRoute>] = ROUTES;

    fn core(&self) -> &Core<ShopCtrlRoute> {
        &self.core
    }

    fn describe_auth(&self, headers: &HeaderMap) -> PresentedAuth {
        // ShopCtrl issues no tokens, so a Bearer token is never one of its own.
        describe_auth(headers, |_| None, |u, p| self.core.credentials_match(u, p))
    }

    /// ShopCtrl documents no rate limit; the fake's answers 429 (or the
    /// configured status) with `Retry-After` in whole seconds, rounded up.
    fn refuse(&self, refusal: &Refusal) -> Reply {
        let seconds = refusal.remaining.as_secs() + u64::from(refusal.remaining.subsec_nanos() > 0);
        Reply::message(
            Reply::status_or(refusal.status, StatusCode::TOO_MANY_REQUESTS),
            "Too many requests.",
        )
        .with_header(RETRY_AFTER, HeaderValue::from(seconds))
    }

    fn handle(&self, route: ShopCtrlRoute, params: &[String], request: &Request) -> Reply {
        self.dispatch(route, params, request)
            .unwrap_or_else(|reply| reply)
    }
}
