//! The documented Sellercloud endpoints the fake serves.

use crate::server::{RouteRow, Seg, route_method};
use http::Method;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// `GET /api/PurchaseOrders` (the Swagger's `PurchaseOrders_GetAll`).
    ListPurchaseOrders,
    /// `GET /api/PurchaseOrders/{id}` (`PurchaseOrders_Get`).
    GetPurchaseOrder,
    /// `GET /api/PurchaseOrders/{id}/Items` (`PurchaseOrders_GetPurchaseOrderItems`).
    GetPurchaseOrderItems,
    /// `POST /api/PurchaseOrders/{id}/items` (`PurchaseOrders_AddPurchaseOrderItems`).
    AddPurchaseOrderItems,
    /// `POST /api/PurchaseOrders/{id}/receive` (`PurchaseOrders_Receive`).
    ReceivePurchaseOrder,
}

impl Route {
    /// Every route, in the order of the table in the [module docs](super).
    pub const ALL: &'static [Route] = &[
        Route::Token,
        Route::CreatePurchaseOrder,
        Route::UpdatePurchaseOrderItems,
        Route::UpdatePurchaseOrderTrackingNumber,
        Route::UpdateOrder,
        Route::ListPurchaseOrders,
        Route::GetPurchaseOrder,
        Route::GetPurchaseOrderItems,
        Route::AddPurchaseOrderItems,
        Route::ReceivePurchaseOrder,
    ];

    /// The HTTP method.
    pub fn method(self) -> Method {
        route_method(ROUTES, &self)
    }

    /// The path below the base URL, with `{id}` for the path parameter.
    pub fn path_template(self) -> &'static str {
        match self {
            Route::Token => "/api/token",
            Route::CreatePurchaseOrder => "/api/PurchaseOrders",
            Route::UpdatePurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            Route::UpdatePurchaseOrderTrackingNumber => "/api/PurchaseOrders/{id}/TrackingNumber",
            Route::UpdateOrder => "/api/Orders/{id}",
            Route::ListPurchaseOrders => "/api/PurchaseOrders",
            Route::GetPurchaseOrder => "/api/PurchaseOrders/{id}",
            Route::GetPurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            Route::AddPurchaseOrderItems => "/api/PurchaseOrders/{id}/items",
            Route::ReceivePurchaseOrder => "/api/PurchaseOrders/{id}/receive",
        }
    }
}

const API: [Seg; 2] = [Seg::Lit("rest"), Seg::Lit("api")];
const PO: [Seg; 3] = [API[0], API[1], Seg::Lit("PurchaseOrders")];

pub(crate) const ROUTES: &[RouteRow<Route>] = &[
    (
        Route::Token,
        Method::POST,
        &[API[0], API[1], Seg::Lit("token")],
    ),
    (Route::CreatePurchaseOrder, Method::POST, &PO),
    (
        Route::UpdatePurchaseOrderItems,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Items")],
    ),
    (
        Route::UpdatePurchaseOrderTrackingNumber,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("TrackingNumber")],
    ),
    (
        Route::UpdateOrder,
        Method::PUT,
        &[API[0], API[1], Seg::Lit("Orders"), Seg::Param],
    ),
    (Route::ListPurchaseOrders, Method::GET, &PO),
    (
        Route::GetPurchaseOrder,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Param],
    ),
    (
        Route::GetPurchaseOrderItems,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Items")],
    ),
    // The Swagger spells this one `items`; ASP.NET routing ignores case anyway.
    (
        Route::AddPurchaseOrderItems,
        Method::POST,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("items")],
    ),
    (
        Route::ReceivePurchaseOrder,
        Method::POST,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("receive")],
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::Route::ALL);
    }
}
