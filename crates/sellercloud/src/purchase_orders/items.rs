//! Read a purchase order's items: `GET /api/PurchaseOrders/{id}/Items` (the
//! vendor's `PurchaseOrders_GetPurchaseOrderItems`), answering
//! `{PoCaseQtyEnabled, Items}`.
//!
//! The answer says which quantity mode the purchase order is in, and
//! [`PurchaseOrderItems`] carries it as a type: a caller builds the
//! [`update`](ItemsInMode::update), [`add`](ItemsInMode::add) or
//! [`receive`](ItemsInMode::receive) request from what the server says,
//! and a request in the other mode does not compile.

use super::add_items::AddPurchaseOrderItems;
use super::mode::{CaseMode, QuantityMode, UnitMode};
use super::receive::ReceivePurchaseOrder;
use super::update_items::PurchaseOrderItemsUpdate;
use crate::client::Client;
use api_runtime::Result;
use api_runtime::call::Operation;
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

const OPERATION: Operation = Operation::idempotent("get_purchase_order_items");

/// A purchase order's items, in the quantity mode the server reported.
///
/// ```
/// use sellercloud::{PurchaseOrderItems, types};
///
/// # fn demo(answer: types::PurchaseOrderItems) {
/// match PurchaseOrderItems::from(answer) {
///     PurchaseOrderItems::Units(items) => {
///         let update = items.update(); // a PurchaseOrderItemsUpdate<UnitMode>
///         # let _ = update;
///     }
///     PurchaseOrderItems::Cases(items) => {
///         let update = items.update(); // a PurchaseOrderItemsUpdate<CaseMode>
///         # let _ = update;
///     }
///     PurchaseOrderItems::ModeNotGiven(items) => eprintln!("{} items, mode unknown", items.len()),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum PurchaseOrderItems {
    /// `PoCaseQtyEnabled: false`: the items are ordered in units.
    Units(ItemsInMode<UnitMode>),
    /// `PoCaseQtyEnabled: true`: the items are ordered in cases.
    Cases(ItemsInMode<CaseMode>),
    /// The answer had no `PoCaseQtyEnabled` (the Swagger does not mark it
    /// required): the items as sent, without a mode.
    ModeNotGiven(Vec<types::PurchaseOrderItem>),
}

impl From<types::PurchaseOrderItems> for PurchaseOrderItems {
    fn from(answer: types::PurchaseOrderItems) -> Self {
        let items = answer.items.unwrap_or_default();
        match answer.po_case_qty_enabled {
            Some(true) => PurchaseOrderItems::Cases(ItemsInMode::new(items)),
            Some(false) => PurchaseOrderItems::Units(ItemsInMode::new(items)),
            None => PurchaseOrderItems::ModeNotGiven(items),
        }
    }
}

impl PurchaseOrderItems {
    /// The items, whatever the mode.
    ///
    /// ```
    /// use sellercloud::{PurchaseOrderItems, types};
    /// let answer: types::PurchaseOrderItems =
    ///     serde_json::from_str(r#"{"PoCaseQtyEnabled": false, "Items": [{"ID": 7, "ProductID": "SKU-1"}]}"#).unwrap();
    /// let items = PurchaseOrderItems::from(answer);
    /// assert!(matches!(items, PurchaseOrderItems::Units(_)));
    /// assert_eq!(items.items()[0].id, Some(7));
    /// ```
    pub fn items(&self) -> &[types::PurchaseOrderItem] {
        match self {
            PurchaseOrderItems::Units(i) => i.items(),
            PurchaseOrderItems::Cases(i) => i.items(),
            PurchaseOrderItems::ModeNotGiven(i) => i,
        }
    }

    /// Whether the purchase order is in case quantity mode, when the server
    /// said.
    pub fn case_qty_mode(&self) -> Option<bool> {
        match self {
            PurchaseOrderItems::Units(_) => Some(false),
            PurchaseOrderItems::Cases(_) => Some(true),
            PurchaseOrderItems::ModeNotGiven(_) => None,
        }
    }
}

/// The items of a purchase order in quantity mode `M`, with the requests
/// that can be built in that mode.
pub struct ItemsInMode<M: QuantityMode> {
    items: Vec<types::PurchaseOrderItem>,
    mode: PhantomData<M>,
}

impl<M: QuantityMode> Clone for ItemsInMode<M> {
    fn clone(&self) -> Self {
        ItemsInMode::new(self.items.clone())
    }
}

impl<M: QuantityMode> fmt::Debug for ItemsInMode<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemsInMode")
            .field("mode", &M::NAME)
            .field("items", &self.items)
            .finish()
    }
}

impl<M: QuantityMode> ItemsInMode<M> {
    fn new(items: Vec<types::PurchaseOrderItem>) -> Self {
        ItemsInMode {
            items,
            mode: PhantomData,
        }
    }

    /// The items as the server sent them.
    pub fn items(&self) -> &[types::PurchaseOrderItem] {
        &self.items
    }

    /// An empty items update in this purchase order's mode.
    pub fn update(&self) -> PurchaseOrderItemsUpdate<M> {
        PurchaseOrderItemsUpdate::new()
    }

    /// An empty add-items request in this purchase order's mode.
    pub fn add(&self) -> AddPurchaseOrderItems<M> {
        AddPurchaseOrderItems::new()
    }

    /// An empty receive request in this purchase order's mode.
    pub fn receive(&self) -> ReceivePurchaseOrder<M> {
        ReceivePurchaseOrder::new()
    }
}

/// Reads the items; idempotent, so retried.
pub(crate) async fn send(client: &Client, po_id: i32) -> Result<PurchaseOrderItems> {
    let answer: types::PurchaseOrderItems = client
        .call(OPERATION, |api| api.get_purchase_order_items(po_id))
        .await?
        .decode(OPERATION.name)?;
    Ok(answer.into())
}
