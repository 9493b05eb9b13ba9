//! Add items to an existing purchase order: `POST
//! /api/PurchaseOrders/{id}/items` (the vendor's
//! `PurchaseOrders_AddPurchaseOrderItems`), a JSON array of products.
//!
//! Not idempotent: "Adding an item whose SKU is already on the PO creates a
//! new, separate item", so the request is never re-sent once it may have
//! reached the server (like create). The answer is a text,
//! "Successfully saved the purchase items."; the vendor reports a server
//! error as 400, so a 400 does not prove that nothing was saved.

use super::mode::{CaseMode, QuantityMode, UnitMode};
use crate::client::Client;
use crate::ids::{PurchaseOrderId, WarehouseId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, not_blank};
use api_runtime::{Error, Result};
use rust_decimal::Decimal;
use sellercloud_api::enums::DiscountType;
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

const DOC: &str = "lifecycle-facts.md, Add Items to existing purchase order";
const OP: &str = "add_purchase_order_items";

/// "ProductID and Qty are mandatory: in case-quantity mode `CasePrice`,
/// `QtyUnitsPerCase`, `QtyCasesOrdered`; otherwise `QtyUnitsOrdered`,
/// `UnitPrice`." [`NewItem::units`] and [`NewItem::cases`] take exactly
/// those, so an item without them cannot be built.
pub static MANDATORY_FIELDS: Rule = Rule {
    operation: OP,
    field: "[].ProductID, QtyUnitsOrdered, UnitPrice or QtyCasesOrdered, QtyUnitsPerCase, CasePrice",
    rule: "required, by quantity mode",
    kind: RuleKind::Type,
    source: DOC,
    quote: "ProductID and Qty are mandatory: in case-quantity mode CasePrice, QtyUnitsPerCase, QtyCasesOrdered; otherwise QtyUnitsOrdered, UnitPrice.",
};

/// A blank `ProductID` names no product: the mandatory SKU is missing.
pub static PRODUCT_ID: Rule = Rule {
    operation: OP,
    field: "[].ProductID",
    rule: "must not be blank",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "ProductID and Qty are mandatory",
};

/// An empty array adds nothing. A convenience, not a vendor rule.
pub static AT_LEAST_ONE_ITEM: Rule = Rule {
    operation: OP,
    field: "(the array)",
    rule: "must contain at least one item",
    kind: RuleKind::Convenience,
    source: DOC,
    quote: "Body: a JSON array of products",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&MANDATORY_FIELDS, &PRODUCT_ID, &AT_LEAST_ONE_ITEM];

// Not enforced, because no document states it for this endpoint: ranges of
// quantities, prices or discounts.

/// Items to add to a purchase order in quantity mode `M`.
///
/// ```
/// use sellercloud::{AddPurchaseOrderItems, Decimal, NewItem};
///
/// let request = AddPurchaseOrderItems::unit_mode()
///     .item(NewItem::units("SKU-2", 6, Decimal::new(1250, 2)).item_notes("restock"));
/// let body = request.build()?;
/// assert_eq!(serde_json::to_value(&body).unwrap()[0]["QtyUnitsOrdered"], 6);
/// # Ok::<(), sellercloud::Error>(())
/// ```
///
/// A case-mode item on a unit-mode request does not compile:
///
/// ```compile_fail
/// use sellercloud::{AddPurchaseOrderItems, Decimal, NewItem};
/// AddPurchaseOrderItems::unit_mode().item(NewItem::cases("SKU-2", 1, 12, Decimal::ONE));
/// ```
pub struct AddPurchaseOrderItems<M: QuantityMode> {
    items: Vec<NewItem<M>>,
}

impl<M: QuantityMode> Clone for AddPurchaseOrderItems<M> {
    fn clone(&self) -> Self {
        AddPurchaseOrderItems {
            items: self.items.clone(),
        }
    }
}

impl<M: QuantityMode> fmt::Debug for AddPurchaseOrderItems<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddPurchaseOrderItems")
            .field("mode", &M::NAME)
            .field("items", &self.items)
            .finish()
    }
}

impl<M: QuantityMode> Default for AddPurchaseOrderItems<M> {
    fn default() -> Self {
        AddPurchaseOrderItems::new()
    }
}

impl AddPurchaseOrderItems<UnitMode> {
    /// Items for a purchase order not in case quantity mode.
    pub fn unit_mode() -> Self {
        AddPurchaseOrderItems::new()
    }
}

impl AddPurchaseOrderItems<CaseMode> {
    /// Items for a purchase order in case quantity mode.
    pub fn case_mode() -> Self {
        AddPurchaseOrderItems::new()
    }
}

impl<M: QuantityMode> AddPurchaseOrderItems<M> {
    /// No items yet, in mode `M`.
    pub fn new() -> Self {
        AddPurchaseOrderItems { items: Vec::new() }
    }

    /// Adds an item.
    pub fn item(mut self, item: NewItem<M>) -> Self {
        self.items.push(item);
        self
    }

    /// Adds several items.
    pub fn items(mut self, items: impl IntoIterator<Item = NewItem<M>>) -> Self {
        self.items.extend(items);
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// use sellercloud::{AddPurchaseOrderItems, Decimal, NewItem};
    /// assert!(AddPurchaseOrderItems::unit_mode().validate().is_err());
    /// let blank = AddPurchaseOrderItems::unit_mode().item(NewItem::units(" ", 1, Decimal::ONE));
    /// assert!(blank.validate().unwrap_err().violations().unwrap().has_field("[0].ProductID"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&AT_LEAST_ONE_ITEM, !self.items.is_empty(), "");
        for (i, item) in self.items.iter().enumerate() {
            v.enforce(
                &PRODUCT_ID,
                format_args!("[{i}].ProductID"),
                not_blank(&item.inner.product_id),
            );
        }
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<Vec<types::NewPurchaseOrderItem>> {
        self.validate()?;
        Ok(self.items.into_iter().map(|i| i.inner).collect())
    }
}

/// One item to add, in quantity mode `M`.
pub struct NewItem<M: QuantityMode> {
    inner: types::NewPurchaseOrderItem,
    mode: PhantomData<M>,
}

impl<M: QuantityMode> Clone for NewItem<M> {
    fn clone(&self) -> Self {
        NewItem {
            inner: self.inner.clone(),
            mode: PhantomData,
        }
    }
}

impl<M: QuantityMode> fmt::Debug for NewItem<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewItem")
            .field("mode", &M::NAME)
            .field("item", &self.inner)
            .finish()
    }
}

fn blank(product_id: String) -> types::NewPurchaseOrderItem {
    types::NewPurchaseOrderItem {
        case_price: None,
        discount_type: None,
        discount_value: None,
        item_notes: None,
        product_id,
        qty_cases_ordered: None,
        qty_units_ordered: None,
        qty_units_per_case: None,
        unit_price: None,
        warehouse_id: None,
    }
}

impl NewItem<UnitMode> {
    /// `qty_units_ordered` units of product `product_id` at `unit_price`
    /// each: the fields the vendor makes mandatory in unit mode.
    pub fn units(
        product_id: impl Into<String>,
        qty_units_ordered: i32,
        unit_price: Decimal,
    ) -> Self {
        let mut inner = blank(product_id.into());
        inner.qty_units_ordered = Some(qty_units_ordered);
        inner.unit_price = Some(unit_price);
        NewItem {
            inner,
            mode: PhantomData,
        }
    }
}

impl NewItem<CaseMode> {
    /// `qty_cases_ordered` cases of `qty_units_per_case` units of product
    /// `product_id` at `case_price` a case: the fields the vendor makes
    /// mandatory in case mode.
    pub fn cases(
        product_id: impl Into<String>,
        qty_cases_ordered: i32,
        qty_units_per_case: i32,
        case_price: Decimal,
    ) -> Self {
        let mut inner = blank(product_id.into());
        inner.qty_cases_ordered = Some(qty_cases_ordered);
        inner.qty_units_per_case = Some(qty_units_per_case);
        inner.case_price = Some(case_price);
        NewItem {
            inner,
            mode: PhantomData,
        }
    }
}

impl<M: QuantityMode> NewItem<M> {
    /// `DiscountType` and `DiscountValue`.
    pub fn discount(mut self, kind: DiscountType, value: Decimal) -> Self {
        self.inner.discount_type = Some(kind);
        self.inner.discount_value = Some(value);
        self
    }

    /// `WarehouseID` of the new item.
    pub fn warehouse_id(mut self, id: WarehouseId) -> Self {
        self.inner.warehouse_id = Some(id.get());
        self
    }

    /// `ItemNotes` of the new item.
    pub fn item_notes(mut self, notes: impl Into<String>) -> Self {
        self.inner.item_notes = Some(notes.into());
        self
    }
}

/// "A server error is reported as 400" (lifecycle-facts.md): a 400 after
/// sending may have saved the items, and says so.
const OPERATION: Operation =
    Operation::not_idempotent("add_purchase_order_items").server_errors_as_4xx();

/// Sends the items: validated first, never re-sent once they may have
/// reached the server. Returns the server's text.
pub(crate) async fn send<M: QuantityMode>(
    client: &Client,
    po_id: PurchaseOrderId,
    request: AddPurchaseOrderItems<M>,
) -> Result<String> {
    let body = request.build()?;
    match client
        .call(OPERATION, |api| {
            api.add_purchase_order_items(po_id.get(), &body)
        })
        .await?
    {
        api_runtime::call::Reply::Parsed(text) => Ok(text),
        api_runtime::call::Reply::Other { body, .. } => {
            Ok(sellercloud_api::text_answer::decode(&body))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mandatory_fields_are_taken_by_the_constructors() {
        let units = AddPurchaseOrderItems::unit_mode()
            .item(NewItem::units("A", 0, Decimal::NEGATIVE_ONE))
            .build()
            .unwrap();
        let json = serde_json::to_value(&units).unwrap();
        assert_eq!(
            json[0]["QtyUnitsOrdered"], 0,
            "no range: document states none"
        );
        assert_eq!(json[0]["UnitPrice"], -1);
        assert!(json[0].get("CasePrice").is_none());
        let cases = AddPurchaseOrderItems::case_mode()
            .item(NewItem::cases("B", 2, 12, Decimal::from(30)).warehouse_id(WarehouseId::new(3)))
            .build()
            .unwrap();
        let json = serde_json::to_value(&cases).unwrap();
        assert_eq!(
            (
                json[0]["QtyCasesOrdered"].clone(),
                json[0]["WarehouseID"].clone()
            ),
            (2.into(), 3.into())
        );
        assert!(json[0].get("QtyUnitsOrdered").is_none());
    }

    #[test]
    fn product_id_not_blank_and_at_least_one_item() {
        let e = AddPurchaseOrderItems::unit_mode().validate().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&AT_LEAST_ONE_ITEM)
        );
        let e = AddPurchaseOrderItems::case_mode()
            .item(NewItem::cases("", 1, 1, Decimal::ONE))
            .validate()
            .unwrap_err();
        assert!(e.violations().unwrap().has_field("[0].ProductID"));
    }
}
