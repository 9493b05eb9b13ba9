//! Read a purchase order's items: `GET /api/PurchaseOrders/{id}/Items` (the
//! vendor's `PurchaseOrders_GetPurchaseOrderItems`), answering
//! `{PoCaseQtyEnabled, Items}`.
//!
//! The answer says which quantity mode the purchase order is in, and
//! [`ItemsByMode`] carries it as a type: a caller builds the
//! [`update`](ItemsInMode::update), [`add`](ItemsInMode::add) or
//! [`receive`](ItemsInMode::receive) request from what the server says,
//! and a request in the other mode does not compile.

use super::add_items::AddPurchaseOrderItems;
use super::mode::{CaseMode, QuantityMode, UnitMode};
use super::receive::ReceivePurchaseOrder;
use super::update_items::UpdatePurchaseOrderItems;
use crate::answers::{ListedItem, listed_items};
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::{Error, Result};
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

const OPERATION: Operation = Operation::idempotent("get_purchase_order_items");

/// A purchase order's items, in the quantity mode the server reported.
///
/// ```
/// use sellercloud::{ItemsByMode, types};
///
/// # fn demo(answer: types::PurchaseOrderItems) -> sellercloud::Result<()> {
/// match ItemsByMode::try_from(answer)? {
///     ItemsByMode::Units(items) => {
///         let update = items.update(); // an UpdatePurchaseOrderItems<UnitMode>
///         # let _ = update;
///     }
///     ItemsByMode::Cases(items) => {
///         let update = items.update(); // an UpdatePurchaseOrderItems<CaseMode>
///         # let _ = update;
///     }
///     ItemsByMode::ModeNotGiven(items) => eprintln!("{} items, mode unknown", items.len()),
///     _ => {}
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ItemsByMode {
    /// `PoCaseQtyEnabled: false`: the items are ordered in units.
    Units(ItemsInMode<UnitMode>),
    /// `PoCaseQtyEnabled: true`: the items are ordered in cases.
    Cases(ItemsInMode<CaseMode>),
    /// The answer had no `PoCaseQtyEnabled` (the vendor's Swagger does not
    /// mark it required), so which mode the purchase order is in is not
    /// known, and no request in a mode is offered: sending unit quantities
    /// to a case-mode purchase order (or the reverse) is refused by the
    /// server or misread. Find the mode out another way (you created the
    /// purchase order with [`CreatePurchaseOrder::case_qty_mode`](crate::CreatePurchaseOrder::case_qty_mode),
    /// or read the items again later) and build the request in it yourself,
    /// with [`UpdatePurchaseOrderItems::unit_mode`] or
    /// [`UpdatePurchaseOrderItems::case_mode`] (and likewise for add and
    /// receive). The items are given as listed, each with its ID.
    ModeNotGiven(Vec<ListedItem>),
}

/// Reads the answer of `GET /api/PurchaseOrders/{id}/Items`; an item
/// without `ID` is an [`Error::MissingField`].
impl TryFrom<types::PurchaseOrderItems> for ItemsByMode {
    type Error = Error;

    fn try_from(answer: types::PurchaseOrderItems) -> Result<Self> {
        let items = listed_items(OPERATION.name, answer.items.unwrap_or_default())?;
        Ok(match answer.po_case_qty_enabled {
            Some(true) => ItemsByMode::Cases(ItemsInMode::new(items)),
            Some(false) => ItemsByMode::Units(ItemsInMode::new(items)),
            None => ItemsByMode::ModeNotGiven(items),
        })
    }
}

impl ItemsByMode {
    /// The items, whatever the mode.
    ///
    /// ```
    /// use sellercloud::{ItemsByMode, types};
    /// let answer: types::PurchaseOrderItems =
    ///     serde_json::from_str(r#"{"PoCaseQtyEnabled": false, "Items": [{"ID": 7, "ProductID": "SKU-1"}]}"#).unwrap();
    /// let items = ItemsByMode::try_from(answer)?;
    /// assert!(matches!(items, ItemsByMode::Units(_)));
    /// assert_eq!(items.items()[0].id, sellercloud::PurchaseOrderItemId::new(7));
    /// # Ok::<(), sellercloud::Error>(())
    /// ```
    pub fn items(&self) -> &[ListedItem] {
        match self {
            ItemsByMode::Units(i) => i.items(),
            ItemsByMode::Cases(i) => i.items(),
            ItemsByMode::ModeNotGiven(i) => i,
        }
    }

    /// Whether the purchase order is in case quantity mode, when the server
    /// said.
    pub fn case_qty_mode(&self) -> Option<bool> {
        match self {
            ItemsByMode::Units(_) => Some(false),
            ItemsByMode::Cases(_) => Some(true),
            ItemsByMode::ModeNotGiven(_) => None,
        }
    }
}

/// The items of a purchase order in quantity mode `M`, with the requests
/// that can be built in that mode.
pub struct ItemsInMode<M: QuantityMode> {
    items: Vec<ListedItem>,
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
    fn new(items: Vec<ListedItem>) -> Self {
        ItemsInMode {
            items,
            mode: PhantomData,
        }
    }

    /// The items as the server listed them, each with its ID.
    pub fn items(&self) -> &[ListedItem] {
        &self.items
    }

    /// An empty items update in this purchase order's mode.
    pub fn update(&self) -> UpdatePurchaseOrderItems<M> {
        UpdatePurchaseOrderItems::new()
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
pub(crate) async fn send(client: &Client, po_id: PurchaseOrderId) -> Result<ItemsByMode> {
    let answer: types::PurchaseOrderItems = client
        .call(OPERATION, |api| api.get_purchase_order_items(po_id.get()))
        .await?
        .decode(OPERATION.name)?;
    answer.try_into()
}
