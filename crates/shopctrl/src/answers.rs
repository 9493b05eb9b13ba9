//! Answers as this crate gives them: the IDs the vendor always sends as
//! typed values, so reading one needs no `Option` and no unwrap chain.
//!
//! This module is the one place where the generated [`types`]' plain
//! integers become typed IDs ([`crate::ids`]). An answer that leaves out one
//! of these IDs is not patched with a default (a row ID 0 would address
//! nothing, or the wrong row): the call fails with [`Error::MissingField`](crate::Error::MissingField)
//! naming the field. Everything else is kept as the wire has it, in the
//! answer's `wire` field; the generated types read through
//! [`Client::call`](crate::Client::call) take any answer as it is.

use crate::ids::{ProductId, PurchaseOrderId, RowId, WarehouseLocationId};
use api_runtime::Result;
use api_runtime::id::required;
use shopctrl_api::types;

/// A row of a purchase order as `GET v1/PurchaseOrders/{purchaseOrderId}/Rows`
/// lists it: its [`RowId`] typed, the rest as sent.
///
/// ```
/// use shopctrl::{ListedRow, RowId, types};
/// let listed: Vec<types::PurchaseOrderRow> =
///     serde_json::from_str(r#"[{"Id": 3, "ProductCode": "P-1"}]"#).unwrap();
/// let rows = ListedRow::from_wire(listed)?;
/// assert_eq!(rows[0].id, RowId::new(3));
/// assert_eq!(rows[0].wire.product_code.as_deref(), Some("P-1"));
///
/// let no_id: Vec<types::PurchaseOrderRow> = serde_json::from_str(r#"[{"ProductCode": "P-1"}]"#).unwrap();
/// let e = ListedRow::from_wire(no_id).unwrap_err();
/// assert!(matches!(e, shopctrl::Error::MissingField { ref field, .. } if field == "[0].Id"));
/// # Ok::<(), shopctrl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedRow {
    /// The row's `Id`, which an update names it by.
    pub id: RowId,
    /// The row as the server sent it.
    pub wire: types::PurchaseOrderRow,
}

impl ListedRow {
    /// The rows of an answer, each with its `Id`; a row without one is an
    /// [`Error::MissingField`](crate::Error::MissingField) naming it (`[2].Id`).
    pub fn from_wire(rows: Vec<types::PurchaseOrderRow>) -> Result<Vec<ListedRow>> {
        rows.into_iter()
            .enumerate()
            .map(|(i, wire)| {
                let operation = crate::purchase_orders::rows::OPERATION.name;
                let id = required(wire.id, operation, || format!("[{i}].Id"))?;
                Ok(ListedRow {
                    id: RowId::new(id),
                    wire,
                })
            })
            .collect()
    }
}

/// A purchase order as `GET v1/ShopOwners/{shopOwnerId}/PurchaseOrders`
/// lists it: its [`PurchaseOrderId`] typed, the rest as sent
/// (`ChangeTimestamp`, `OrderCode`, the total, exact).
///
/// ```
/// use shopctrl::{ListedPurchaseOrder, PurchaseOrderId, types};
/// let wire: types::PurchaseOrderBasicInfo =
///     serde_json::from_str(r#"{"Id": 7, "OrderTotalExVat": 12.50}"#).unwrap();
/// let po = ListedPurchaseOrder::from_wire(wire)?;
/// assert_eq!(po.id, PurchaseOrderId::new(7));
/// # Ok::<(), shopctrl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedPurchaseOrder {
    /// The purchase order's `Id`.
    pub id: PurchaseOrderId,
    /// The entry as the server sent it.
    pub wire: types::PurchaseOrderBasicInfo,
}

impl ListedPurchaseOrder {
    /// The entry with its `Id`; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(wire: types::PurchaseOrderBasicInfo) -> Result<ListedPurchaseOrder> {
        let operation = crate::purchase_orders::list::OPERATION.name;
        let id = required(wire.id, operation, || "Id".to_owned())?;
        Ok(ListedPurchaseOrder {
            id: PurchaseOrderId::new(id),
            wire,
        })
    }
}

/// A product as `GET v1/Products/{productId}` or `GET
/// v1/ShopGroup/{shopGroupId}/Products/{productCode}` answers it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProductRecord {
    /// The product's `Id`.
    pub id: ProductId,
    /// The product as the server sent it (quantities exact).
    pub wire: types::Product,
}

impl ProductRecord {
    /// The product with its `Id`; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(operation: &'static str, wire: types::Product) -> Result<ProductRecord> {
        let id = required(wire.id, operation, || "Id".to_owned())?;
        Ok(ProductRecord {
            id: ProductId::new(id),
            wire,
        })
    }
}

/// A product's stock at one location, as `GET
/// v1/Products/{productId}/StockPerLocation` answers it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StockAtLocation {
    /// The location's `WarehouseLocationId`.
    pub location: WarehouseLocationId,
    /// The entry as the server sent it (quantities exact, possibly negative).
    pub wire: types::ProductStockLocationInfo,
}

impl StockAtLocation {
    /// The entries, each with its location; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField) naming it
    /// (`[1].WarehouseLocationId`).
    pub fn from_wire(
        operation: &'static str,
        entries: Vec<types::ProductStockLocationInfo>,
    ) -> Result<Vec<StockAtLocation>> {
        entries
            .into_iter()
            .enumerate()
            .map(|(i, wire)| {
                let id = required(wire.warehouse_location_id, operation, || {
                    format!("[{i}].WarehouseLocationId")
                })?;
                Ok(StockAtLocation {
                    location: WarehouseLocationId::new(id),
                    wire,
                })
            })
            .collect()
    }
}
