//! `POST v1/PurchaseOrders/{purchaseOrderId}/Rows`: a new row, and the rows
//! a purchase order is created with.
//!
//! Rules: the newer help page ("AddPurchaseOrderRow") marks no field
//! required and has no `Id`, so the 2021 page's "`Id` Must be 0" is no rule
//! any more. The 2021 page's length limits of `ProductCode` (100) and
//! `ProductName` (500) are kept, as for the row update.

use super::update_row::{FACTS, StockItemUpdate, product_texts_fit};
use crate::client::Client;
use crate::ids::{ProductId, PurchaseOrderId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, Violations};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use shopctrl_api::types;

// Adding is not idempotent: a lost answer re-sent adds a second row.
const OPERATION: Operation = Operation::not_idempotent("add_purchase_order_row");

/// A row to add to a purchase order
/// ([`PurchaseOrders::add_row`](crate::purchase_orders::PurchaseOrders::add_row)),
/// or to create one with
/// ([`CreatePurchaseOrder::row`](crate::CreatePurchaseOrder::row)).
///
/// No field is required; what is left unset is left out of the request.
/// Quantities and prices are exact [`Decimal`]s, dates keep their offset.
///
/// | Field | Rule | Source |
/// |---|---|---|
/// | `ProductCode` | at most 100 characters | 2021 page ([`PRODUCT_CODE_LENGTH`]) |
/// | `ProductName` | at most 500 characters | 2021 page ([`PRODUCT_NAME_LENGTH`]) |
///
/// ```
/// use shopctrl::{Decimal, NewPurchaseOrderRow, ProductId};
/// let row = NewPurchaseOrderRow::new()
///     .product_id(ProductId::new(5))
///     .product_code("SKU-5")
///     .item_quantity(Decimal::new(30, 1)) // 3.0
///     .item_price_ex_vat(Decimal::new(1250, 2)); // 12.50
/// let json = serde_json::to_string(&row.build().unwrap()).unwrap();
/// assert_eq!(json, r#"{"ItemPriceExVat":12.50,"ItemQuantity":3.0,"ProductCode":"SKU-5","ProductId":5}"#);
///
/// let e = NewPurchaseOrderRow::new().product_code("x".repeat(101)).validate().unwrap_err();
/// assert!(e.violations().unwrap().has_field("ProductCode"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewPurchaseOrderRow {
    pub(crate) row: types::PurchaseOrderRowAddition,
}

impl NewPurchaseOrderRow {
    /// An empty row.
    pub fn new() -> Self {
        Self::default()
    }

    /// `ProductId`.
    pub fn product_id(mut self, id: ProductId) -> Self {
        self.row.product_id = Some(id.get());
        self
    }

    /// `ProductCode`: at most 100 characters.
    pub fn product_code(mut self, code: impl Into<String>) -> Self {
        self.row.product_code = Some(code.into());
        self
    }

    /// `ProductName`: at most 500 characters; only the 2021 page lists it.
    pub fn product_name(mut self, name: impl Into<String>) -> Self {
        self.row.product_name = Some(name.into());
        self
    }

    /// `ItemQuantity`: quantity ordered.
    pub fn item_quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.row.item_quantity = Some(quantity.into());
        self
    }

    /// `ItemPriceExVat`: price of one item without VAT. Its sign is not
    /// checked (the vendor states no rule).
    pub fn item_price_ex_vat(mut self, price: impl Into<Decimal>) -> Self {
        self.row.item_price_ex_vat = Some(price.into());
        self
    }

    /// `RowTotalExVat`: the row's total without VAT (not checked against
    /// quantity times price: the vendor states no rule).
    pub fn row_total_ex_vat(mut self, total: impl Into<Decimal>) -> Self {
        self.row.row_total_ex_vat = Some(total.into());
        self
    }

    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.row.comment = Some(comment.into());
        self
    }

    /// `Sequence`: display position; left out, ShopCtrl chooses.
    pub fn sequence(mut self, sequence: i32) -> Self {
        self.row.sequence = Some(sequence);
        self
    }

    /// `ExpectedDeliveryDate`, sent with its offset.
    pub fn expected_delivery_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.row.expected_delivery_date = Some(at.into());
        self
    }

    /// `StockItems`: pre-fill provisioning in the web interface (they have
    /// no effect on provisioning through the API).
    pub fn stock_items(mut self, items: impl IntoIterator<Item = StockItemUpdate>) -> Self {
        self.row.stock_items = Some(items.into_iter().map(|i| i.item).collect());
        self
    }

    /// Checks the rules (see [`NewPurchaseOrderRow`]).
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        self.check_at(&mut v, [&PRODUCT_CODE_LENGTH, &PRODUCT_NAME_LENGTH], "");
        v.finish().map_err(Error::Validation)
    }

    /// The validated body, as the generated client takes it.
    pub fn build(self) -> Result<types::PurchaseOrderRowAddition> {
        self.validate()?;
        Ok(self.row)
    }

    pub(crate) fn check_at(&self, v: &mut Validator, rules: [&'static Rule; 2], at: &str) {
        product_texts_fit(
            v,
            rules,
            at,
            self.row.product_code.as_deref(),
            self.row.product_name.as_deref(),
        );
    }

    /// The row as a create's `PurchaseOrderRows` entry takes it (the
    /// vendor's `UpdatePurchaseOrderRow`, without `Id`).
    pub(crate) fn into_create_row(self) -> types::PurchaseOrderRowUpdate {
        let r = self.row;
        types::PurchaseOrderRowUpdate {
            comment: r.comment,
            expected_delivery_date: r.expected_delivery_date,
            id: None,
            item_price_ex_vat: r.item_price_ex_vat,
            item_quantity: r.item_quantity,
            item_quantity_delivered: r.item_quantity_delivered,
            product_code: r.product_code,
            product_id: r.product_id,
            product_name: r.product_name,
            row_total_ex_vat: r.row_total_ex_vat,
            sequence: r.sequence,
            stock_items: r.stock_items,
        }
    }
}

/// `ProductCode` of a new row: "Max length: 100" on the 2021 page of this
/// endpoint (the newer page states no limit; a value within it suits both).
pub static PRODUCT_CODE_LENGTH: Rule = Rule {
    operation: "add_purchase_order_row",
    field: "ProductCode",
    rule: "at most 100 characters",
    kind: RuleKind::Stated,
    source: FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// `ProductName` of a new row: "Max length: 500" on the 2021 page.
pub static PRODUCT_NAME_LENGTH: Rule = Rule {
    operation: "add_purchase_order_row",
    field: "ProductName",
    rule: "at most 500 characters",
    kind: RuleKind::Stated,
    source: FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&PRODUCT_CODE_LENGTH, &PRODUCT_NAME_LENGTH];

fn check(row: &NewPurchaseOrderRow) -> std::result::Result<(), Violations> {
    let mut v = Validator::new();
    row.check_at(&mut v, [&PRODUCT_CODE_LENGTH, &PRODUCT_NAME_LENGTH], "");
    v.finish()
}

pub(crate) async fn send(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
    row: NewPurchaseOrderRow,
) -> Result<()> {
    check(&row)?;
    client
        .call(OPERATION, |api| {
            api.add_purchase_order_row(purchase_order_id.get(), &row.row)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_code_is_at_most_100_characters() {
        let e = check(&NewPurchaseOrderRow::new().product_code("x".repeat(101))).unwrap_err();
        assert_eq!((e.len(), e.first().field.as_str()), (1, "ProductCode"));
        assert!(check(&NewPurchaseOrderRow::new().product_code("é".repeat(100))).is_ok());
    }

    #[test]
    fn product_name_is_at_most_500_characters() {
        let e = check(&NewPurchaseOrderRow::new().product_name("x".repeat(501))).unwrap_err();
        assert_eq!((e.len(), e.first().field.as_str()), (1, "ProductName"));
        assert!(check(&NewPurchaseOrderRow::new().product_name("x".repeat(500))).is_ok());
    }

    #[test]
    fn nothing_is_required_and_no_id_is_sent() {
        let body = NewPurchaseOrderRow::new().build().unwrap();
        assert_eq!(serde_json::to_string(&body).unwrap(), "{}");
        let create_row = NewPurchaseOrderRow::new()
            .item_quantity(0)
            .into_create_row();
        assert_eq!(create_row.id, None);
    }
}
