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
    /// `POST /v1/PurchaseOrders/{purchaseOrderId}/Rows`.
    AddPurchaseOrderRow,
    /// `GET /v1/ShopOwners/{shopOwnerId}/PurchaseOrders`.
    ListPurchaseOrders,
    /// `POST /v1/ShopOwners/{shopOwnerId}/PurchaseOrders`.
    CreatePurchaseOrder,
    /// `PUT /v1/PurchaseOrders`.
    UpdatePurchaseOrder,
    /// `POST /v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`.
    ProvisionPurchaseOrder,
    /// `GET /v1/Products/{productId}`.
    GetProduct,
    /// `GET /v1/ShopGroup/{shopGroupId}/Products/{productCode}`.
    GetProductByCode,
    /// `GET /v1/Products/{productId}/StockPerLocation`.
    GetStockPerLocation,
}

impl ShopCtrlRoute {
    /// Every route.
    pub const ALL: &'static [ShopCtrlRoute] = &[
        ShopCtrlRoute::UpdatePurchaseOrderRow,
        ShopCtrlRoute::GetPurchaseOrderRows,
        ShopCtrlRoute::AddPurchaseOrderRow,
        ShopCtrlRoute::ListPurchaseOrders,
        ShopCtrlRoute::CreatePurchaseOrder,
        ShopCtrlRoute::UpdatePurchaseOrder,
        ShopCtrlRoute::ProvisionPurchaseOrder,
        ShopCtrlRoute::GetProduct,
        ShopCtrlRoute::GetProductByCode,
        ShopCtrlRoute::GetStockPerLocation,
    ];

    /// The HTTP method.
    pub fn method(self) -> Method {
        route_method(ROUTES, &self)
    }

    /// The path below the base URL, with the parameter in braces.
    pub fn path_template(self) -> &'static str {
        match self {
            ShopCtrlRoute::UpdatePurchaseOrderRow
            | ShopCtrlRoute::GetPurchaseOrderRows
            | ShopCtrlRoute::AddPurchaseOrderRow => "/v1/PurchaseOrders/{purchaseOrderId}/Rows",
            ShopCtrlRoute::ListPurchaseOrders | ShopCtrlRoute::CreatePurchaseOrder => {
                "/v1/ShopOwners/{shopOwnerId}/PurchaseOrders"
            }
            ShopCtrlRoute::UpdatePurchaseOrder => "/v1/PurchaseOrders",
            ShopCtrlRoute::ProvisionPurchaseOrder => {
                "/v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision"
            }
            ShopCtrlRoute::GetProduct => "/v1/Products/{productId}",
            ShopCtrlRoute::GetProductByCode => "/v1/ShopGroup/{shopGroupId}/Products/{productCode}",
            ShopCtrlRoute::GetStockPerLocation => "/v1/Products/{productId}/StockPerLocation",
        }
    }
}

const ROWS: [Seg; 4] = [
    Seg::Lit("v1"),
    Seg::Lit("PurchaseOrders"),
    Seg::Param,
    Seg::Lit("Rows"),
];

const OWNER_POS: [Seg; 4] = [
    Seg::Lit("v1"),
    Seg::Lit("ShopOwners"),
    Seg::Param,
    Seg::Lit("PurchaseOrders"),
];
const POS: [Seg; 2] = [Seg::Lit("v1"), Seg::Lit("PurchaseOrders")];
const PROVISION: [Seg; 4] = [
    Seg::Lit("v1"),
    Seg::Lit("PurchaseOrders"),
    Seg::Param,
    Seg::Lit("AdvancedProvision"),
];
const PRODUCT: [Seg; 3] = [Seg::Lit("v1"), Seg::Lit("Products"), Seg::Param];
const BY_CODE: [Seg; 5] = [
    Seg::Lit("v1"),
    Seg::Lit("ShopGroup"),
    Seg::Param,
    Seg::Lit("Products"),
    Seg::Param,
];
const STOCK: [Seg; 4] = [
    Seg::Lit("v1"),
    Seg::Lit("Products"),
    Seg::Param,
    Seg::Lit("StockPerLocation"),
];

pub(crate) const ROUTES: &[RouteRow<ShopCtrlRoute>] = &[
    (ShopCtrlRoute::UpdatePurchaseOrderRow, Method::PUT, &ROWS),
    (ShopCtrlRoute::GetPurchaseOrderRows, Method::GET, &ROWS),
    (ShopCtrlRoute::AddPurchaseOrderRow, Method::POST, &ROWS),
    (ShopCtrlRoute::ListPurchaseOrders, Method::GET, &OWNER_POS),
    (ShopCtrlRoute::CreatePurchaseOrder, Method::POST, &OWNER_POS),
    (ShopCtrlRoute::UpdatePurchaseOrder, Method::PUT, &POS),
    (
        ShopCtrlRoute::ProvisionPurchaseOrder,
        Method::POST,
        &PROVISION,
    ),
    (ShopCtrlRoute::GetProduct, Method::GET, &PRODUCT),
    (ShopCtrlRoute::GetProductByCode, Method::GET, &BY_CODE),
    (ShopCtrlRoute::GetStockPerLocation, Method::GET, &STOCK),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_in_the_table_once_and_in_all() {
        crate::server::check_route_table(super::ROUTES, super::ShopCtrlRoute::ALL);
    }
}
