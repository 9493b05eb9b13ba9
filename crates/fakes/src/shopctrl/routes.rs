//! The documented ShopCtrl endpoints the fake serves.

use crate::server::{RouteRow, Seg, route_method};
use http::Method;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShopCtrlRoute {
    /// `PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    UpdatePurchaseOrderRow,
    /// `GET /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    GetPurchaseOrderRows,
}

impl ShopCtrlRoute {
    /// Every route.
    pub const ALL: &'static [ShopCtrlRoute] = &[
        ShopCtrlRoute::UpdatePurchaseOrderRow,
        ShopCtrlRoute::GetPurchaseOrderRows,
    ];

    /// The HTTP method.
    pub fn method(self) -> Method {
        route_method(ROUTES, &self)
    }

    /// The path below the base URL, with the parameter in braces.
    pub fn path_template(self) -> &'static str {
        match self {
            ShopCtrlRoute::UpdatePurchaseOrderRow | ShopCtrlRoute::GetPurchaseOrderRows => {
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

pub(crate) const ROUTES: &[RouteRow<ShopCtrlRoute>] = &[
    (ShopCtrlRoute::UpdatePurchaseOrderRow, Method::PUT, &ROWS),
    (ShopCtrlRoute::GetPurchaseOrderRows, Method::GET, &ROWS),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::ShopCtrlRoute::ALL);
    }
}
