//! Update purchase order items: `PUT /api/PurchaseOrders/{id}/Items`.
//!
//! Which quantity and price fields an item may carry depends on the purchase
//! order's case quantity mode. The caller states the mode when creating the
//! builder, and the item builder offers only that mode's fields, so mixing
//! them does not compile:
//!
//! ```compile_fail,E0599
//! use sellercloud::{Decimal, ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
//!
//! // A unit price on a purchase order in case quantity mode:
//! let update = UpdatePurchaseOrderItems::case_mode()
//!     .item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_cases_ordered(2).unit_price(Decimal::ONE));
//! ```
//!
//! ```compile_fail,E0308
//! use sellercloud::{ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
//!
//! // An item built for unit mode, added to a case-mode update:
//! let update = UpdatePurchaseOrderItems::case_mode().item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(2));
//! ```
//!
//! ```
//! use sellercloud::{Decimal, ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
//!
//! let update = UpdatePurchaseOrderItems::case_mode()
//!     .item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_cases_ordered(2).case_price(Decimal::ONE));
//! # let _ = update;
//! ```

use crate::client::Client;
use crate::ids::{PurchaseOrderId, PurchaseOrderItemId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

pub use super::mode::{CaseMode, QuantityMode, UnitMode};

/// The items of one purchase order to change, in the purchase order's
/// quantity mode `M`.
///
/// Start with [`UpdatePurchaseOrderItems::case_mode`] or
/// [`UpdatePurchaseOrderItems::unit_mode`] (or take the mode the server
/// reports, [`ItemsByMode`](crate::ItemsByMode)) and add at
/// least one [`ItemUpdate`] ([`AT_LEAST_ONE_ITEM`]). Each item is named by
/// its purchase order *item* ID, not the ProductID. The quantity and price
/// fields of the other mode cannot be set ([`ONE_QUANTITY_MODE`]);
/// Sellercloud's article "Update Purchase Order Items" gives no range for
/// the values, so none is checked.
///
/// ```
/// use sellercloud::PurchaseOrderItemId;
/// use chrono::{TimeZone, Utc};
/// use sellercloud::{Decimal, ItemUpdate, UpdatePurchaseOrderItems};
///
/// let update = UpdatePurchaseOrderItems::unit_mode()
///     .item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(24).unit_price(Decimal::new(399, 2)))
///     .item(ItemUpdate::new(PurchaseOrderItemId::new(502)).expected_delivery_date(Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap()));
/// let body = update.build()?;
/// assert_eq!(body.items.len(), 2);
/// # Ok::<(), sellercloud::Error>(())
/// ```
pub struct UpdatePurchaseOrderItems<M: QuantityMode> {
    items: Vec<ItemUpdate<M>>,
}

impl<M: QuantityMode> Clone for UpdatePurchaseOrderItems<M> {
    fn clone(&self) -> Self {
        UpdatePurchaseOrderItems {
            items: self.items.clone(),
        }
    }
}

impl<M: QuantityMode> Default for UpdatePurchaseOrderItems<M> {
    fn default() -> Self {
        UpdatePurchaseOrderItems::new()
    }
}

impl<M: QuantityMode> fmt::Debug for UpdatePurchaseOrderItems<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdatePurchaseOrderItems")
            .field("mode", &M::NAME)
            .field("items", &self.items)
            .finish()
    }
}

impl UpdatePurchaseOrderItems<CaseMode> {
    /// An update for a purchase order in case quantity mode.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
    /// let update = UpdatePurchaseOrderItems::case_mode().item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_cases_ordered(3));
    /// # let _ = update;
    /// ```
    pub fn case_mode() -> Self {
        UpdatePurchaseOrderItems { items: Vec::new() }
    }
}

impl UpdatePurchaseOrderItems<UnitMode> {
    /// An update for a purchase order not in case quantity mode.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
    /// let update = UpdatePurchaseOrderItems::unit_mode().item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(3));
    /// # let _ = update;
    /// ```
    pub fn unit_mode() -> Self {
        UpdatePurchaseOrderItems { items: Vec::new() }
    }
}

impl<M: QuantityMode> UpdatePurchaseOrderItems<M> {
    /// An update in mode `M`, for code generic over the mode (see
    /// [`ItemsByMode`](crate::ItemsByMode)).
    ///
    /// ```
    /// let update = sellercloud::UpdatePurchaseOrderItems::<sellercloud::UnitMode>::new();
    /// assert!(update.validate().is_err()); // no item yet
    /// ```
    pub fn new() -> Self {
        UpdatePurchaseOrderItems { items: Vec::new() }
    }

    /// Adds an item.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
    /// let update = UpdatePurchaseOrderItems::unit_mode()
    ///     .item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(3))
    ///     .item(ItemUpdate::new(PurchaseOrderItemId::new(502)).qty_units_ordered(1));
    /// # let _ = update;
    /// ```
    pub fn item(mut self, item: ItemUpdate<M>) -> Self {
        self.items.push(item);
        self
    }

    /// Adds several items.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemId, UpdatePurchaseOrderItems};
    /// let update = UpdatePurchaseOrderItems::unit_mode().items(
    ///     [(501, 3), (502, 1)].map(|(id, qty)| ItemUpdate::new(PurchaseOrderItemId::new(id)).qty_units_ordered(qty)),
    /// );
    /// # let _ = update;
    /// ```
    pub fn items(mut self, items: impl IntoIterator<Item = ItemUpdate<M>>) -> Self {
        self.items.extend(items);
        self
    }

    /// Checks every rule without building the body.
    ///
    /// ```
    /// let e = sellercloud::UpdatePurchaseOrderItems::case_mode().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Items"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        at_least_one_item(&mut v, &self.items);
        v.finish().map_err(Error::Validation)
    }

    /// Checks every rule ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// let e = sellercloud::UpdatePurchaseOrderItems::case_mode().build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Items"));
    /// ```
    pub fn build(self) -> Result<types::PurchaseOrderItemsUpdate> {
        self.validate()?;
        Ok(types::PurchaseOrderItemsUpdate {
            items: self.items.into_iter().map(|i| i.inner).collect(),
        })
    }
}

const DOC: &str = "000 Update Purchase Order Items";
const OP: &str = "update_purchase_order_items";

/// `Items`: "List of purchase order items to update", "Is Required: true".
pub static AT_LEAST_ONE_ITEM: Rule = Rule {
    operation: OP,
    field: "Items",
    rule: "must contain at least one item",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Items | Array | List of purchase order items to update | true",
};

/// The quantity and price fields of one mode only: "Can be provided only
/// for PO in non case quantity mode" (units) and "... in case quantity
/// mode" (cases). [`UpdatePurchaseOrderItems`]'s mode parameter enforces it
/// at compile time.
pub static ONE_QUANTITY_MODE: Rule = Rule {
    operation: OP,
    field: "Items[].QtyUnitsOrdered, UnitPrice or QtyCasesOrdered, QtyUnitsPerCase, CasePrice",
    rule: "only the fields of the purchase order's quantity mode",
    kind: RuleKind::Type,
    source: DOC,
    quote: "Can be provided only for PO in non case quantity mode. / Can be provided only for PO in case quantity mode.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&AT_LEAST_ONE_ITEM, &ONE_QUANTITY_MODE];

// Not enforced, because document 000 gives no range: the sign of
// quantities and prices (a quantity of 0 is a request a user can mean), and
// the value of `Item.ID` (an unknown item is the server's to refuse).

fn at_least_one_item<M: QuantityMode>(v: &mut Validator, items: &[ItemUpdate<M>]) {
    v.require(&AT_LEAST_ONE_ITEM, !items.is_empty(), "Items");
}

/// New values for one purchase order item, in quantity mode `M`. Fields
/// left unset keep their stored values.
///
/// The mode is usually inferred from the first mode-specific setter or from
/// the [`UpdatePurchaseOrderItems`] it is added to.
///
/// ```
/// use sellercloud::{CaseMode, Decimal, ItemUpdate, PurchaseOrderItemId};
///
/// let in_cases = ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_cases_ordered(4).qty_units_per_case(6).case_price(Decimal::from(30));
/// let date_only: ItemUpdate<CaseMode> = ItemUpdate::new(PurchaseOrderItemId::new(502))
///     .expected_delivery_date(chrono::Utc::now());
/// # let _ = (in_cases, date_only);
/// ```
pub struct ItemUpdate<M: QuantityMode> {
    inner: types::PurchaseOrderItemUpdate,
    mode: PhantomData<fn() -> M>,
}

impl<M: QuantityMode> Clone for ItemUpdate<M> {
    fn clone(&self) -> Self {
        ItemUpdate {
            inner: self.inner.clone(),
            mode: PhantomData,
        }
    }
}

impl<M: QuantityMode> fmt::Debug for ItemUpdate<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemUpdate")
            .field("mode", &M::NAME)
            .field("item", &self.inner)
            .finish()
    }
}

impl<M: QuantityMode> ItemUpdate<M> {
    /// Changes the item with purchase order item ID `item_id` (`ID`; not
    /// the ProductID).
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::<sellercloud::UnitMode>::new(PurchaseOrderItemId::new(501));
    /// # let _ = item;
    /// ```
    pub fn new(item_id: PurchaseOrderItemId) -> Self {
        ItemUpdate {
            inner: types::PurchaseOrderItemUpdate {
                case_price: None,
                expected_delivery_date: None,
                id: item_id.get(),
                qty_cases_ordered: None,
                qty_units_ordered: None,
                qty_units_per_case: None,
                unit_price: None,
            },
            mode: PhantomData,
        }
    }

    /// `ExpectedDeliveryDate` of the item.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// use chrono::{TimeZone, Utc};
    /// let item = sellercloud::ItemUpdate::<sellercloud::UnitMode>::new(PurchaseOrderItemId::new(501))
    ///     .expected_delivery_date(Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap());
    /// # let _ = item;
    /// ```
    pub fn expected_delivery_date(mut self, date: impl Into<DateTime<FixedOffset>>) -> Self {
        self.inner.expected_delivery_date = Some(date.into());
        self
    }
}

impl ItemUpdate<CaseMode> {
    /// `QtyCasesOrdered`.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_cases_ordered(4);
    /// # let _ = item;
    /// ```
    pub fn qty_cases_ordered(mut self, qty: i32) -> Self {
        self.inner.qty_cases_ordered = Some(qty);
        self
    }

    /// `QtyUnitsPerCase`.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_per_case(12);
    /// # let _ = item;
    /// ```
    pub fn qty_units_per_case(mut self, qty: i32) -> Self {
        self.inner.qty_units_per_case = Some(qty);
        self
    }

    /// `CasePrice`.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::new(PurchaseOrderItemId::new(501)).case_price(sellercloud::Decimal::new(2450, 2));
    /// # let _ = item;
    /// ```
    pub fn case_price(mut self, price: Decimal) -> Self {
        self.inner.case_price = Some(price);
        self
    }
}

impl ItemUpdate<UnitMode> {
    /// `QtyUnitsOrdered`.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(24);
    /// # let _ = item;
    /// ```
    pub fn qty_units_ordered(mut self, qty: i32) -> Self {
        self.inner.qty_units_ordered = Some(qty);
        self
    }

    /// `UnitPrice`.
    ///
    /// ```
    /// use sellercloud::PurchaseOrderItemId;
    /// let item = sellercloud::ItemUpdate::new(PurchaseOrderItemId::new(501)).unit_price(sellercloud::Decimal::new(399, 2));
    /// # let _ = item;
    /// ```
    pub fn unit_price(mut self, price: Decimal) -> Self {
        self.inner.unit_price = Some(price);
        self
    }
}

const OPERATION: Operation = Operation::idempotent("update_purchase_order_items");

/// Sends an items update: validated first; idempotent, so retried.
pub(crate) async fn send<M: QuantityMode>(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderItems<M>,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_items(po_id.get(), &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn fails_at<M: QuantityMode>(update: UpdatePurchaseOrderItems<M>, field: &str) {
        let e = update.build().unwrap_err();
        let v = e.violations().expect("a validation error");
        assert!(v.has_field(field), "expected {field}, got: {v}");
    }

    #[test]
    fn at_least_one_item() {
        fails_at(UpdatePurchaseOrderItems::unit_mode(), "Items");
        assert!(
            UpdatePurchaseOrderItems::unit_mode()
                .item(ItemUpdate::new(PurchaseOrderItemId::new(1)))
                .build()
                .is_ok()
        );
    }

    /// Document 000 states no range for the IDs, quantities or prices of
    /// an items update: a quantity of 0, a negative price and an ID of 0
    /// all go to the server, which judges them (issue 14).
    #[test]
    fn no_range_is_enforced_without_a_vendor_rule() {
        let cases = UpdatePurchaseOrderItems::case_mode().item(
            ItemUpdate::new(PurchaseOrderItemId::new(0))
                .qty_cases_ordered(0)
                .qty_units_per_case(-2)
                .case_price(Decimal::NEGATIVE_ONE),
        );
        let body = cases.build().unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["Items"][0]["QtyCasesOrdered"], 0);
        assert!(json["Items"][0].get("UnitPrice").is_none());
        let units = UpdatePurchaseOrderItems::unit_mode().item(
            ItemUpdate::new(PurchaseOrderItemId::new(1))
                .qty_units_ordered(0)
                .unit_price(Decimal::new(-1, 2)),
        );
        assert_eq!(units.build().unwrap().items[0].qty_units_ordered, Some(0));
    }
}
