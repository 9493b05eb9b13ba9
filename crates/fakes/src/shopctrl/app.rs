//! The fake ShopCtrl's state and how a routed request reaches its handler.

use super::config::{RowUpdateMode, ShopCtrlConfig};
use super::model::StoredPurchaseOrderRows;
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
        let po_id = path_id(params.first().map_or("", String::as_str), "purchaseOrderId")?;
        match route {
            ShopCtrlRoute::UpdatePurchaseOrderRow => {
                request.require_json(" (the fake does not accept XML)")?;
                let body = read_json(&request.body).map_err(|problem| {
                    let mut v = Violations::default();
                    v.add("row", problem);
                    v.into_reply(false)
                })?;
                self.update_row(po_id, &body)
            }
            ShopCtrlRoute::GetPurchaseOrderRows => self.get_rows(po_id),
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
