//! The documented ShopCtrl endpoints the fake serves.

use crate::server::{RouteRow, Seg, route_method};
use http::Method;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Route {
    /// `PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    UpdatePurchaseOrderRow,
    /// `GET /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    GetPurchaseOrderRows,
}

impl Route {
    /// Every route.
    pub const ALL: &'static [Route] = &[Route::UpdatePurchaseOrderRow, Route::GetPurchaseOrderRows];

    /// The HTTP method.
    pub fn method(self) -> Method {
        route_method(ROUTES, &self)
    }

    /// The path below the base URL, with the parameter in braces.
    pub fn path_template(self) -> &'static str {
        match self {
            Route::UpdatePurchaseOrderRow | Route::GetPurchaseOrderRows => {
                "/v1/PurchaseOrders/{purchaseOrderId}/Rows"
            }
        }
    }
}

const ROWS: [Seg; 4] = [
    Seg::Lit("v1"),
    Seg::Lit("PurchaseOrders"),
    Seg::Param,
    Seg::Lit("Rows"),
];

pub(crate) const ROUTES: &[RouteRow<Route>] = &[
    (Route::UpdatePurchaseOrderRow, Method::PUT, &ROWS),
    (Route::GetPurchaseOrderRows, Method::GET, &ROWS),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::Route::ALL);
    }
}
