//! Answers as this crate gives them: the IDs the vendor always sends as
//! typed values, so reading one needs no `Option` and no unwrap chain.
//!
//! This module is the one place where the generated [`types`]' plain
//! integers become typed IDs ([`crate::ids`]). An answer that leaves out one
//! of these IDs is not patched with a default (an item ID 0 would address
//! nothing, or the wrong item): the call fails with
//! [`Error::MissingField`](crate::Error::MissingField) naming the field. Everything else an answer
//! carries is kept as the wire has it, in the answer's `wire` field, and the
//! generated types read through [`Client::call`](crate::Client::call) take
//! any answer as it is.

use crate::ids::{PurchaseOrderId, PurchaseOrderItemId};
use api_runtime::Result;
use api_runtime::id::required;
use sellercloud_api::types;

/// An item of a purchase order as `GET /api/PurchaseOrders/{id}/Items`
/// lists it: its [`PurchaseOrderItemId`] typed, the rest as sent.
///
/// ```
/// use sellercloud::{ItemsByMode, PurchaseOrderItemId, types};
/// let answer: types::PurchaseOrderItems =
///     serde_json::from_str(r#"{"PoCaseQtyEnabled": false, "Items": [{"ID": 7, "ProductID": "SKU-1"}]}"#).unwrap();
/// let items = ItemsByMode::try_from(answer)?;
/// let item = &items.items()[0];
/// assert_eq!(item.id, PurchaseOrderItemId::new(7));
/// assert_eq!(item.wire.product_id.as_deref(), Some("SKU-1"));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedItem {
    /// The item's ID on its purchase order (`ID`), which updates and
    /// receipts name it by.
    pub id: PurchaseOrderItemId,
    /// The item as the server sent it (`ProductID`, quantities, prices).
    pub wire: types::PurchaseOrderItem,
}

/// The items of an answer, each with its ID; `operation` names the call in
/// the error when one has none.
pub(crate) fn listed_items(
    operation: &'static str,
    items: Vec<types::PurchaseOrderItem>,
) -> Result<Vec<ListedItem>> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, wire)| {
            let id = required(wire.id, operation, || format!("Items[{i}].ID"))?;
            Ok(ListedItem {
                id: PurchaseOrderItemId::new(id),
                wire,
            })
        })
        .collect()
}

/// A purchase order as `GET /api/PurchaseOrders` lists it: its
/// [`PurchaseOrderId`] typed, the rest as sent.
///
/// ```
/// use sellercloud::{ListedPurchaseOrder, PurchaseOrderId, types};
/// let wire: types::PurchaseOrderSummary = serde_json::from_str(r#"{"ID": 1001, "VendorID": 20}"#).unwrap();
/// let po = ListedPurchaseOrder::from_wire(wire)?;
/// assert_eq!((po.id, po.wire.vendor_id), (PurchaseOrderId::new(1001), Some(20)));
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedPurchaseOrder {
    /// The purchase order's `ID`.
    pub id: PurchaseOrderId,
    /// The purchase order as the server listed it.
    pub wire: types::PurchaseOrderSummary,
}

impl ListedPurchaseOrder {
    /// The listed purchase order with its `ID`; one without is an
    /// [`Error::MissingField`](crate::Error::MissingField).
    pub fn from_wire(wire: types::PurchaseOrderSummary) -> Result<Self> {
        let id = required(wire.id, "list_purchase_orders", || "Items[].ID".into())?;
        Ok(ListedPurchaseOrder {
            id: PurchaseOrderId::new(id),
            wire,
        })
    }
}

/// The ID from either answer shape of create purchase order: `{"Id": n}`
/// (the vendor's Swagger) or a bare `n` (the article: "ID of the created
/// purchase order is returned").
pub(crate) fn created_id(created: types::CreatedPurchaseOrder) -> PurchaseOrderId {
    PurchaseOrderId::new(match created {
        types::CreatedPurchaseOrder::CreatedEntityId(e) => e.id,
        types::CreatedPurchaseOrder::Int32(id) => id,
    })
}
