//! Update purchase order items: `PUT /api/PurchaseOrders/{id}/Items`.
//!
//! Which quantity and price fields an item may carry depends on the purchase
//! order's case quantity mode. The caller states the mode when creating the
//! builder, and the item builder offers only that mode's fields, so mixing
//! them does not compile:
//!
//! ```compile_fail,E0599
//! use sellercloud::{Decimal, ItemUpdate, PurchaseOrderItemsUpdate};
//!
//! // A unit price on a purchase order in case quantity mode:
//! let update = PurchaseOrderItemsUpdate::case_mode()
//!     .item(ItemUpdate::new(501).qty_cases_ordered(2).unit_price(Decimal::ONE));
//! ```
//!
//! ```compile_fail,E0308
//! use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
//!
//! // An item built for unit mode, added to a case-mode update:
//! let update = PurchaseOrderItemsUpdate::case_mode().item(ItemUpdate::new(501).qty_units_ordered(2));
//! ```
//!
//! ```
//! use sellercloud::{Decimal, ItemUpdate, PurchaseOrderItemsUpdate};
//!
//! let update = PurchaseOrderItemsUpdate::case_mode()
//!     .item(ItemUpdate::new(501).qty_cases_ordered(2).case_price(Decimal::ONE));
//! # let _ = update;
//! ```

use crate::client::Client;
use crate::rules::check_path_id;
use api_runtime::call::Operation;
use api_runtime::validate::{Validator, not_negative_decimal, positive};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

mod sealed {
    pub trait Sealed {}
}

/// A purchase order's quantity mode, as a type: [`CaseMode`] or
/// [`UnitMode`]. Sealed.
///
/// ```
/// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate, QuantityMode};
///
/// fn count_items<M: QuantityMode>(update: &PurchaseOrderItemsUpdate<M>) -> usize {
///     update.clone().build().map(|b| b.items.len()).unwrap_or(0)
/// }
/// assert_eq!(count_items(&PurchaseOrderItemsUpdate::unit_mode().item(ItemUpdate::new(1))), 1);
/// ```
pub trait QuantityMode: sealed::Sealed + Send + Sync + 'static {
    /// The mode in words, for `Debug`.
    ///
    /// ```
    /// use sellercloud::{CaseMode, QuantityMode};
    /// assert_eq!(CaseMode::NAME, "case mode");
    /// ```
    const NAME: &'static str;
}

/// The purchase order is in case quantity mode (`CaseQtyMode: true`): items
/// carry `QtyCasesOrdered`, `QtyUnitsPerCase` and `CasePrice`.
///
/// ```
/// let update = sellercloud::PurchaseOrderItemsUpdate::<sellercloud::CaseMode>::case_mode();
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum CaseMode {}

/// The purchase order is not in case quantity mode: items carry
/// `QtyUnitsOrdered` and `UnitPrice`.
///
/// ```
/// let update = sellercloud::PurchaseOrderItemsUpdate::<sellercloud::UnitMode>::unit_mode();
/// # let _ = update;
/// ```
#[derive(Debug, Clone, Copy)]
pub enum UnitMode {}

impl sealed::Sealed for CaseMode {}
impl sealed::Sealed for UnitMode {}
impl QuantityMode for CaseMode {
    const NAME: &'static str = "case mode";
}
impl QuantityMode for UnitMode {
    const NAME: &'static str = "unit mode";
}

/// The items of one purchase order to change, in the purchase order's
/// quantity mode `M`.
///
/// Start with [`PurchaseOrderItemsUpdate::case_mode`] or
/// [`PurchaseOrderItemsUpdate::unit_mode`] and add at least one
/// [`ItemUpdate`]. Rules checked before sending: at least one item; each
/// item's `ID` (the purchase order *item* ID, not the ProductID) is
/// positive; quantities greater than 0 and prices not negative when given.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use sellercloud::{Decimal, ItemUpdate, PurchaseOrderItemsUpdate};
///
/// let update = PurchaseOrderItemsUpdate::unit_mode()
///     .item(ItemUpdate::new(501).qty_units_ordered(24).unit_price(Decimal::new(399, 2)))
///     .item(ItemUpdate::new(502).expected_delivery_date(Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap()));
/// let body = update.build()?;
/// assert_eq!(body.items.len(), 2);
/// # Ok::<(), sellercloud::Error>(())
/// ```
pub struct PurchaseOrderItemsUpdate<M: QuantityMode> {
    items: Vec<ItemUpdate<M>>,
}

impl<M: QuantityMode> Clone for PurchaseOrderItemsUpdate<M> {
    fn clone(&self) -> Self {
        PurchaseOrderItemsUpdate {
            items: self.items.clone(),
        }
    }
}

impl<M: QuantityMode> fmt::Debug for PurchaseOrderItemsUpdate<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PurchaseOrderItemsUpdate")
            .field("mode", &M::NAME)
            .field("items", &self.items)
            .finish()
    }
}

impl PurchaseOrderItemsUpdate<CaseMode> {
    /// An update for a purchase order in case quantity mode.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
    /// let update = PurchaseOrderItemsUpdate::case_mode().item(ItemUpdate::new(501).qty_cases_ordered(3));
    /// # let _ = update;
    /// ```
    pub fn case_mode() -> Self {
        PurchaseOrderItemsUpdate { items: Vec::new() }
    }
}

impl PurchaseOrderItemsUpdate<UnitMode> {
    /// An update for a purchase order not in case quantity mode.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
    /// let update = PurchaseOrderItemsUpdate::unit_mode().item(ItemUpdate::new(501).qty_units_ordered(3));
    /// # let _ = update;
    /// ```
    pub fn unit_mode() -> Self {
        PurchaseOrderItemsUpdate { items: Vec::new() }
    }
}

impl<M: QuantityMode> PurchaseOrderItemsUpdate<M> {
    /// Adds an item.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
    /// let update = PurchaseOrderItemsUpdate::unit_mode()
    ///     .item(ItemUpdate::new(501).qty_units_ordered(3))
    ///     .item(ItemUpdate::new(502).qty_units_ordered(1));
    /// # let _ = update;
    /// ```
    pub fn item(mut self, item: ItemUpdate<M>) -> Self {
        self.items.push(item);
        self
    }

    /// Adds several items.
    ///
    /// ```
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
    /// let update = PurchaseOrderItemsUpdate::unit_mode()
    ///     .items([(501, 3), (502, 1)].map(|(id, qty)| ItemUpdate::new(id).qty_units_ordered(qty)));
    /// # let _ = update;
    /// ```
    pub fn items(mut self, items: impl IntoIterator<Item = ItemUpdate<M>>) -> Self {
        self.items.extend(items);
        self
    }

    /// Checks every rule without building the body.
    ///
    /// ```
    /// let e = sellercloud::PurchaseOrderItemsUpdate::case_mode().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Items"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        at_least_one_item(&mut v, &self.items);
        for (i, item) in self.items.iter().enumerate() {
            let at = format!("Items[{i}]");
            item_id(&mut v, &at, &item.inner);
            quantities_and_prices(&mut v, &at, &item.inner);
        }
        v.finish().map_err(Error::Validation)
    }

    /// Checks every rule ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// let e = sellercloud::PurchaseOrderItemsUpdate::case_mode().build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Items"));
    /// ```
    pub fn build(self) -> Result<types::PurchaseOrderItemsUpdate> {
        self.validate()?;
        Ok(types::PurchaseOrderItemsUpdate {
            items: self.items.into_iter().map(|i| i.inner).collect(),
        })
    }
}

/// Sellercloud, Update PO Items: `Items` "List of purchase order items to
/// update", "Is Required: true"; an empty list updates nothing.
fn at_least_one_item<M: QuantityMode>(v: &mut Validator, items: &[ItemUpdate<M>]) {
    v.check(!items.is_empty(), "Items", "must contain at least one item");
}

/// Sellercloud, Update PO Items: `Item.ID` "Purchase order item ID", "Is
/// Required: true"; Sellercloud IDs are positive int32 values.
fn item_id(v: &mut Validator, at: &str, item: &types::PurchaseOrderItemUpdate) {
    v.rule(format!("{at}.ID"), positive(item.id.into()));
}

/// Sellercloud, Update PO Items: the article gives no ranges, but the same
/// fields on Create PO "Should be greater than 0" (quantities) and "Cannot
/// be negative" (prices); the spec adopts those rules here.
fn quantities_and_prices(v: &mut Validator, at: &str, item: &types::PurchaseOrderItemUpdate) {
    for (name, qty) in [
        ("QtyCasesOrdered", item.qty_cases_ordered),
        ("QtyUnitsPerCase", item.qty_units_per_case),
        ("QtyUnitsOrdered", item.qty_units_ordered),
    ] {
        if let Some(qty) = qty {
            v.rule(format!("{at}.{name}"), positive(qty.into()));
        }
    }
    for (name, price) in [
        ("CasePrice", item.case_price),
        ("UnitPrice", item.unit_price),
    ] {
        if let Some(price) = price {
            v.rule(format!("{at}.{name}"), not_negative_decimal(price));
        }
    }
}

/// New values for one purchase order item, in quantity mode `M`. Fields
/// left unset keep their stored values.
///
/// The mode is usually inferred from the first mode-specific setter or from
/// the [`PurchaseOrderItemsUpdate`] it is added to.
///
/// ```
/// use sellercloud::{CaseMode, Decimal, ItemUpdate};
///
/// let in_cases = ItemUpdate::new(501).qty_cases_ordered(4).qty_units_per_case(6).case_price(Decimal::from(30));
/// let date_only: ItemUpdate<CaseMode> = ItemUpdate::new(502)
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
    /// let item = sellercloud::ItemUpdate::<sellercloud::UnitMode>::new(501);
    /// # let _ = item;
    /// ```
    pub fn new(item_id: i32) -> Self {
        ItemUpdate {
            inner: types::PurchaseOrderItemUpdate {
                case_price: None,
                expected_delivery_date: None,
                id: item_id,
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
    /// use chrono::{TimeZone, Utc};
    /// let item = sellercloud::ItemUpdate::<sellercloud::UnitMode>::new(501)
    ///     .expected_delivery_date(Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap());
    /// # let _ = item;
    /// ```
    pub fn expected_delivery_date(mut self, date: impl Into<DateTime<FixedOffset>>) -> Self {
        self.inner.expected_delivery_date = Some(date.into());
        self
    }
}

impl ItemUpdate<CaseMode> {
    /// `QtyCasesOrdered` (greater than 0).
    ///
    /// ```
    /// let item = sellercloud::ItemUpdate::new(501).qty_cases_ordered(4);
    /// # let _ = item;
    /// ```
    pub fn qty_cases_ordered(mut self, qty: i32) -> Self {
        self.inner.qty_cases_ordered = Some(qty);
        self
    }

    /// `QtyUnitsPerCase` (greater than 0).
    ///
    /// ```
    /// let item = sellercloud::ItemUpdate::new(501).qty_units_per_case(12);
    /// # let _ = item;
    /// ```
    pub fn qty_units_per_case(mut self, qty: i32) -> Self {
        self.inner.qty_units_per_case = Some(qty);
        self
    }

    /// `CasePrice` (not negative).
    ///
    /// ```
    /// let item = sellercloud::ItemUpdate::new(501).case_price(sellercloud::Decimal::new(2450, 2));
    /// # let _ = item;
    /// ```
    pub fn case_price(mut self, price: Decimal) -> Self {
        self.inner.case_price = Some(price);
        self
    }
}

impl ItemUpdate<UnitMode> {
    /// `QtyUnitsOrdered` (greater than 0).
    ///
    /// ```
    /// let item = sellercloud::ItemUpdate::new(501).qty_units_ordered(24);
    /// # let _ = item;
    /// ```
    pub fn qty_units_ordered(mut self, qty: i32) -> Self {
        self.inner.qty_units_ordered = Some(qty);
        self
    }

    /// `UnitPrice` (not negative).
    ///
    /// ```
    /// let item = sellercloud::ItemUpdate::new(501).unit_price(sellercloud::Decimal::new(399, 2));
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
    po_id: i32,
    request: PurchaseOrderItemsUpdate<M>,
) -> Result<()> {
    check_path_id(po_id)?;
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_items(po_id, &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn fails_at<M: QuantityMode>(update: PurchaseOrderItemsUpdate<M>, field: &str) {
        let e = update.build().unwrap_err();
        let v = e.violations().expect("a validation error");
        assert!(v.has_field(field), "expected {field}, got: {v}");
    }

    #[test]
    fn at_least_one_item() {
        fails_at(PurchaseOrderItemsUpdate::unit_mode(), "Items");
        assert!(
            PurchaseOrderItemsUpdate::unit_mode()
                .item(ItemUpdate::new(1))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn item_id_positive() {
        fails_at(
            PurchaseOrderItemsUpdate::case_mode().item(ItemUpdate::new(0)),
            "Items[0].ID",
        );
        fails_at(
            PurchaseOrderItemsUpdate::case_mode()
                .item(ItemUpdate::new(4))
                .item(ItemUpdate::new(-4)),
            "Items[1].ID",
        );
        assert!(
            PurchaseOrderItemsUpdate::case_mode()
                .item(ItemUpdate::new(4))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn case_quantities_positive_and_price_not_negative() {
        let up = |item| PurchaseOrderItemsUpdate::case_mode().item(item);
        fails_at(
            up(ItemUpdate::new(1).qty_cases_ordered(0)),
            "Items[0].QtyCasesOrdered",
        );
        fails_at(
            up(ItemUpdate::new(1).qty_units_per_case(-2)),
            "Items[0].QtyUnitsPerCase",
        );
        fails_at(
            up(ItemUpdate::new(1).case_price(Decimal::NEGATIVE_ONE)),
            "Items[0].CasePrice",
        );
        let ok = up(ItemUpdate::new(1)
            .qty_cases_ordered(1)
            .qty_units_per_case(1)
            .case_price(Decimal::ZERO))
        .build()
        .unwrap();
        let json = serde_json::to_value(&ok).unwrap();
        assert_eq!(json["Items"][0]["QtyCasesOrdered"], 1);
        assert!(json["Items"][0].get("UnitPrice").is_none());
    }

    #[test]
    fn unit_quantity_positive_and_price_not_negative() {
        let up = |item| PurchaseOrderItemsUpdate::unit_mode().item(item);
        fails_at(
            up(ItemUpdate::new(1).qty_units_ordered(0)),
            "Items[0].QtyUnitsOrdered",
        );
        fails_at(
            up(ItemUpdate::new(1).unit_price(Decimal::new(-1, 2))),
            "Items[0].UnitPrice",
        );
        let ok = up(ItemUpdate::new(1)
            .qty_units_ordered(1)
            .unit_price(Decimal::ZERO))
        .build()
        .unwrap();
        assert_eq!(ok.items[0].qty_units_ordered, Some(1));
    }
}
