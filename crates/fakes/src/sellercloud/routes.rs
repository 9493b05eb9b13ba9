//! The documented Sellercloud endpoints the fake serves.

use crate::server::{RouteRow, Seg, route_method};
use http::Method;

/// The documented endpoints, for fault injection and request filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SellercloudRoute {
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
    /// `PUT /api/PurchaseOrders/{id}` (page "Update Purchase Order").
    UpdatePurchaseOrder,
    /// `GET /api/PurchaseOrders/{id}/TrackingNumber/Multiple`.
    GetPurchaseOrderTrackingNumbers,
    /// `POST /api/PurchaseOrders/{id}/TrackingNumber/Multiple`.
    AddPurchaseOrderTrackingNumbers,
    /// `DELETE /api/PurchaseOrders/{id}/TrackingNumber/Multiple`.
    DeletePurchaseOrderTrackingNumbers,
    /// `PUT /api/PurchaseOrders/{id}/Invoice`.
    UpdatePurchaseOrderInvoice,
    /// `PUT /api/PurchaseOrders/{id}/Total`.
    UpdatePurchaseOrderTotals,
    /// `DELETE /api/PurchaseOrders/{id}/Items`.
    DeletePurchaseOrderItems,
    /// `GET /api/PurchaseOrders/{id}/CustomColumns`.
    GetPurchaseOrderCustomColumns,
    /// `GET /api/PurchaseOrders/CustomColumns?id={id}`.
    GetPurchaseOrderCustomColumnsByQuery,
    /// `PUT /api/PurchaseOrders/{id}/CustomColumns`.
    UpdatePurchaseOrderCustomColumns,
    /// `POST /api/PurchaseOrders/{id}/split`.
    SplitPurchaseOrder,
    /// `POST /api/Orders/{orderID}/LinkToPo`.
    LinkOrderToPurchaseOrder,
}

impl SellercloudRoute {
    /// Every route, in the order of the table in the [module docs](super).
    pub const ALL: &'static [SellercloudRoute] = &[
        SellercloudRoute::Token,
        SellercloudRoute::CreatePurchaseOrder,
        SellercloudRoute::UpdatePurchaseOrderItems,
        SellercloudRoute::UpdatePurchaseOrderTrackingNumber,
        SellercloudRoute::UpdateOrder,
        SellercloudRoute::ListPurchaseOrders,
        SellercloudRoute::GetPurchaseOrder,
        SellercloudRoute::GetPurchaseOrderItems,
        SellercloudRoute::AddPurchaseOrderItems,
        SellercloudRoute::ReceivePurchaseOrder,
        SellercloudRoute::UpdatePurchaseOrder,
        SellercloudRoute::GetPurchaseOrderTrackingNumbers,
        SellercloudRoute::AddPurchaseOrderTrackingNumbers,
        SellercloudRoute::DeletePurchaseOrderTrackingNumbers,
        SellercloudRoute::UpdatePurchaseOrderInvoice,
        SellercloudRoute::UpdatePurchaseOrderTotals,
        SellercloudRoute::DeletePurchaseOrderItems,
        SellercloudRoute::GetPurchaseOrderCustomColumns,
        SellercloudRoute::GetPurchaseOrderCustomColumnsByQuery,
        SellercloudRoute::UpdatePurchaseOrderCustomColumns,
        SellercloudRoute::SplitPurchaseOrder,
        SellercloudRoute::LinkOrderToPurchaseOrder,
    ];

    /// The HTTP method.
    pub fn method(self) -> Method {
        route_method(ROUTES, &self)
    }

    /// The path below the base URL, with `{id}` for the path parameter.
    pub fn path_template(self) -> &'static str {
        match self {
            SellercloudRoute::Token => "/api/token",
            SellercloudRoute::CreatePurchaseOrder => "/api/PurchaseOrders",
            SellercloudRoute::UpdatePurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            SellercloudRoute::UpdatePurchaseOrderTrackingNumber => {
                "/api/PurchaseOrders/{id}/TrackingNumber"
            }
            SellercloudRoute::UpdateOrder => "/api/Orders/{id}",
            SellercloudRoute::ListPurchaseOrders => "/api/PurchaseOrders",
            SellercloudRoute::GetPurchaseOrder => "/api/PurchaseOrders/{id}",
            SellercloudRoute::GetPurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            SellercloudRoute::AddPurchaseOrderItems => "/api/PurchaseOrders/{id}/items",
            SellercloudRoute::ReceivePurchaseOrder => "/api/PurchaseOrders/{id}/receive",
            SellercloudRoute::UpdatePurchaseOrder => "/api/PurchaseOrders/{id}",
            SellercloudRoute::GetPurchaseOrderTrackingNumbers
            | SellercloudRoute::AddPurchaseOrderTrackingNumbers
            | SellercloudRoute::DeletePurchaseOrderTrackingNumbers => {
                "/api/PurchaseOrders/{id}/TrackingNumber/Multiple"
            }
            SellercloudRoute::UpdatePurchaseOrderInvoice => "/api/PurchaseOrders/{id}/Invoice",
            SellercloudRoute::UpdatePurchaseOrderTotals => "/api/PurchaseOrders/{id}/Total",
            SellercloudRoute::DeletePurchaseOrderItems => "/api/PurchaseOrders/{id}/Items",
            SellercloudRoute::GetPurchaseOrderCustomColumns
            | SellercloudRoute::UpdatePurchaseOrderCustomColumns => {
                "/api/PurchaseOrders/{id}/CustomColumns"
            }
            SellercloudRoute::GetPurchaseOrderCustomColumnsByQuery => {
                "/api/PurchaseOrders/CustomColumns"
            }
            SellercloudRoute::SplitPurchaseOrder => "/api/PurchaseOrders/{id}/split",
            SellercloudRoute::LinkOrderToPurchaseOrder => "/api/Orders/{id}/LinkToPo",
        }
    }
}

const API: [Seg; 2] = [Seg::Lit("rest"), Seg::Lit("api")];
const PO: [Seg; 3] = [API[0], API[1], Seg::Lit("PurchaseOrders")];

pub(crate) const ROUTES: &[RouteRow<SellercloudRoute>] = &[
    // Before `GetPurchaseOrder`, whose `{id}` would take `CustomColumns`.
    (
        SellercloudRoute::GetPurchaseOrderCustomColumnsByQuery,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Lit("CustomColumns")],
    ),
    (
        SellercloudRoute::Token,
        Method::POST,
        &[API[0], API[1], Seg::Lit("token")],
    ),
    (SellercloudRoute::CreatePurchaseOrder, Method::POST, &PO),
    (
        SellercloudRoute::UpdatePurchaseOrderItems,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Items")],
    ),
    (
        SellercloudRoute::UpdatePurchaseOrderTrackingNumber,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("TrackingNumber")],
    ),
    (
        SellercloudRoute::UpdateOrder,
        Method::PUT,
        &[API[0], API[1], Seg::Lit("Orders"), Seg::Param],
    ),
    (SellercloudRoute::ListPurchaseOrders, Method::GET, &PO),
    (
        SellercloudRoute::GetPurchaseOrder,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Param],
    ),
    (
        SellercloudRoute::GetPurchaseOrderItems,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Items")],
    ),
    // The Swagger spells this one `items`; ASP.NET routing ignores case anyway.
    (
        SellercloudRoute::AddPurchaseOrderItems,
        Method::POST,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("items")],
    ),
    (
        SellercloudRoute::ReceivePurchaseOrder,
        Method::POST,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("receive")],
    ),
    (
        SellercloudRoute::UpdatePurchaseOrder,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param],
    ),
    (
        SellercloudRoute::GetPurchaseOrderTrackingNumbers,
        Method::GET,
        &MULTIPLE,
    ),
    (
        SellercloudRoute::AddPurchaseOrderTrackingNumbers,
        Method::POST,
        &MULTIPLE,
    ),
    (
        SellercloudRoute::DeletePurchaseOrderTrackingNumbers,
        Method::DELETE,
        &MULTIPLE,
    ),
    (
        SellercloudRoute::UpdatePurchaseOrderInvoice,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Invoice")],
    ),
    (
        SellercloudRoute::UpdatePurchaseOrderTotals,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Total")],
    ),
    (
        SellercloudRoute::DeletePurchaseOrderItems,
        Method::DELETE,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("Items")],
    ),
    (
        SellercloudRoute::GetPurchaseOrderCustomColumns,
        Method::GET,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("CustomColumns")],
    ),
    (
        SellercloudRoute::UpdatePurchaseOrderCustomColumns,
        Method::PUT,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("CustomColumns")],
    ),
    (
        SellercloudRoute::SplitPurchaseOrder,
        Method::POST,
        &[PO[0], PO[1], PO[2], Seg::Param, Seg::Lit("split")],
    ),
    (
        SellercloudRoute::LinkOrderToPurchaseOrder,
        Method::POST,
        &[
            API[0],
            API[1],
            Seg::Lit("Orders"),
            Seg::Param,
            Seg::Lit("LinkToPo"),
        ],
    ),
];

const MULTIPLE: [Seg; 6] = [
    PO[0],
    PO[1],
    PO[2],
    Seg::Param,
    Seg::Lit("TrackingNumber"),
    Seg::Lit("Multiple"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::SellercloudRoute::ALL);
    }
}
