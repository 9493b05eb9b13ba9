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
    /// `GET /api/Orders/{id}` (`Orders_Get`).
    GetOrder,
    /// `GET /api/Vendors` (`Vendors_GetAll`).
    ListVendors,
    /// `GET /api/Companies` (`Companies_GetAll`).
    ListCompanies,
    /// `GET /api/Warehouses` (`Warehouses_GetAll`).
    ListWarehouses,
    /// `GET /api/Settings/PaymentTerms` (`Settings_GetPaymentTerms`).
    ListPaymentTerms,
    /// `GET /api/Catalog` (`Catalog_GetAll`).
    ListCatalog,
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
        SellercloudRoute::GetOrder,
        SellercloudRoute::ListVendors,
        SellercloudRoute::ListCompanies,
        SellercloudRoute::ListWarehouses,
        SellercloudRoute::ListPaymentTerms,
        SellercloudRoute::ListCatalog,
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
            SellercloudRoute::GetOrder => "/api/Orders/{id}",
            SellercloudRoute::ListVendors => "/api/Vendors",
            SellercloudRoute::ListCompanies => "/api/Companies",
            SellercloudRoute::ListWarehouses => "/api/Warehouses",
            SellercloudRoute::ListPaymentTerms => "/api/Settings/PaymentTerms",
            SellercloudRoute::ListCatalog => "/api/Catalog",
        }
    }
}

const API: [Seg; 2] = [Seg::Lit("rest"), Seg::Lit("api")];
const PO: [Seg; 3] = [API[0], API[1], Seg::Lit("PurchaseOrders")];

pub(crate) const ROUTES: &[RouteRow<SellercloudRoute>] = &[
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
        SellercloudRoute::GetOrder,
        Method::GET,
        &[API[0], API[1], Seg::Lit("Orders"), Seg::Param],
    ),
    (
        SellercloudRoute::ListVendors,
        Method::GET,
        &[API[0], API[1], Seg::Lit("Vendors")],
    ),
    (
        SellercloudRoute::ListCompanies,
        Method::GET,
        &[API[0], API[1], Seg::Lit("Companies")],
    ),
    (
        SellercloudRoute::ListWarehouses,
        Method::GET,
        &[API[0], API[1], Seg::Lit("Warehouses")],
    ),
    (
        SellercloudRoute::ListPaymentTerms,
        Method::GET,
        &[
            API[0],
            API[1],
            Seg::Lit("Settings"),
            Seg::Lit("PaymentTerms"),
        ],
    ),
    (
        SellercloudRoute::ListCatalog,
        Method::GET,
        &[API[0], API[1], Seg::Lit("Catalog")],
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::SellercloudRoute::ALL);
    }
}
