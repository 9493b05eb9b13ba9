//! `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`: the row builder and its
//! rules.
//!
//! Rules come from the vendor's help page for this operation (current
//! version), an older version of the same page (length limits), and
//! `openapi/shopctrl.yaml`, which records both. Where the vendor states no
//! rule, none is enforced here: the server stays the judge.

use crate::client::Client;
use crate::ids::{ProductId, PurchaseOrderId, RowId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, Violations, max_chars};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use shopctrl_api::types;

const OPERATION: Operation = Operation::idempotent("update_purchase_order_row");

/// The new data of one purchase order row, for
/// [`PurchaseOrders::update_row`](crate::purchase_orders::PurchaseOrders::update_row).
///
/// Start with [`UpdatePurchaseOrderRow::new`] and the row's `Id`, then set what you want
/// to send; anything left unset is left out of the request. What ShopCtrl
/// does with a field left out is not documented (it may keep the stored
/// value or clear it: see [`rows`](crate::purchase_orders::rows)); to change
/// a few fields and keep the rest, use
/// [`update_row_complete`](crate::purchase_orders::PurchaseOrders::update_row_complete),
/// which sends the row complete. The rules below
/// are checked before anything is sent ([`UpdatePurchaseOrderRow::validate`]); field
/// paths in violations use the vendor's JSON names (`ItemQuantity`,
/// `StockItems[0].Quantity`).
///
/// | Field | Rule | Source |
/// |---|---|---|
/// | `ProductCode` | at most 100 characters | older vendor docs ([`PRODUCT_CODE_LENGTH`]) |
/// | `ProductName` | at most 500 characters | older vendor docs ([`PRODUCT_NAME_LENGTH`]) |
///
/// Not checked, because no version of the ShopCtrl documents states a rule:
/// the values of `Id`, `ItemQuantity`, `ItemQuantityDelivered`, `Sequence`
/// and `StockItems[i].Quantity` (0 is a quantity a user can mean, and a
/// stock item may have no quantity at all), the sign of the prices
/// `ItemPriceExVat` and `RowTotalExVat` (exact [`Decimal`]s, never floats),
/// `ProductId`, `Comment`, and whether `RowTotalExVat` equals quantity times
/// price. The server judges those.
///
/// # `StockItems` replace the whole list
///
/// ShopCtrl does not merge stock items: whatever list is sent becomes the
/// row's complete list. So [`UpdatePurchaseOrderRow::stock_items`] takes the **complete**
/// list, never a few additions:
///
/// - not called: `StockItems` is left out and the stored list is kept;
/// - called with items: those items become the list;
/// - called with an empty list, or [`UpdatePurchaseOrderRow::clear_stock_items`]: the
///   stored list is emptied (`"StockItems": []` is sent).
///
/// Stock items only pre-fill provisioning in ShopCtrl's web interface; they
/// have no effect on provisioning done through the API.
///
/// # Dates keep their offset
///
/// `ExpectedDeliveryDate` and `ExpiryDate` are sent with the UTC offset they
/// were given (`2026-01-11T16:13:38.5685399+01:00` is sent exactly so).
///
/// ```
/// use shopctrl::{DateTime, Decimal, RowId, StockItemUpdate, UpdatePurchaseOrderRow};
///
/// let delivery = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
/// let row = UpdatePurchaseOrderRow::new(RowId::new(1))
///     .item_quantity(Decimal::new(20, 1)) // 2.0
///     .item_price_ex_vat(Decimal::new(5, 0))
///     .expected_delivery_date(delivery)
///     .stock_items(vec![
///         StockItemUpdate::new(1).lot_number("L-1"),
///         StockItemUpdate::new(1).lot_number("L-2"),
///     ]);
/// let json = serde_json::to_string(&row.build().unwrap()).unwrap();
/// assert!(json.contains(r#""ExpectedDeliveryDate":"2026-01-11T16:13:38.5685399+01:00""#));
/// assert!(json.contains(r#""ItemQuantity":2.0"#));
///
/// let e = UpdatePurchaseOrderRow::new(RowId::new(1)).product_code("x".repeat(101)).validate().unwrap_err();
/// assert!(e.violations().unwrap().has_field("ProductCode"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct UpdatePurchaseOrderRow {
    /// `stock_items`: `None` leaves the stored list alone, `Some` is the
    /// complete new list (possibly empty).
    row: types::PurchaseOrderRowUpdate,
}

impl UpdatePurchaseOrderRow {
    /// An update carrying exactly `body`.
    pub(crate) fn from_body(body: types::PurchaseOrderRowUpdate) -> UpdatePurchaseOrderRow {
        UpdatePurchaseOrderRow { row: body }
    }

    /// An update of the row with this `Id` (the row's own identifier, not
    /// the product's).
    ///
    /// ```
    /// use shopctrl::RowId;
    /// let row = shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1));
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1}"#);
    /// ```
    pub fn new(id: RowId) -> Self {
        UpdatePurchaseOrderRow {
            row: types::PurchaseOrderRowUpdate {
                id: Some(id.get()),
                ..Default::default()
            },
        }
    }

    /// `ProductId`: the product on this row.
    pub fn product_id(mut self, product_id: ProductId) -> Self {
        self.row.product_id = Some(product_id.get());
        self
    }

    /// `ItemQuantity`: quantity ordered, an exact decimal.
    ///
    /// ```
    /// use shopctrl::{Decimal, RowId, UpdatePurchaseOrderRow};
    /// let row = UpdatePurchaseOrderRow::new(RowId::new(1)).item_quantity(Decimal::new(25, 1)); // 2.5
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1,"ItemQuantity":2.5}"#);
    /// ```
    pub fn item_quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.row.item_quantity = Some(quantity.into());
        self
    }

    /// `ItemQuantityDelivered`: quantity already delivered. The
    /// vendor describes it as read-only ("Gets the item quantity
    /// delivered"), so the server may ignore it.
    pub fn item_quantity_delivered(mut self, quantity: impl Into<Decimal>) -> Self {
        self.row.item_quantity_delivered = Some(quantity.into());
        self
    }

    /// `ProductCode`: at most 100 characters (a limit from the older vendor
    /// documentation; the current one states none).
    pub fn product_code(mut self, code: impl Into<String>) -> Self {
        self.row.product_code = Some(code.into());
        self
    }

    /// `ProductName`: at most 500 characters. Only the older vendor
    /// documentation lists this field; leave it out unless your server needs it.
    pub fn product_name(mut self, name: impl Into<String>) -> Self {
        self.row.product_name = Some(name.into());
        self
    }

    /// `ItemPriceExVat`: price of one item without VAT, an exact decimal.
    /// Its sign is not checked (the vendor states no rule).
    pub fn item_price_ex_vat(mut self, price: impl Into<Decimal>) -> Self {
        self.row.item_price_ex_vat = Some(price.into());
        self
    }

    /// `RowTotalExVat`: total of the row without VAT, an exact decimal. Its
    /// sign is not checked, nor whether it equals quantity times price (the
    /// vendor states no rule).
    pub fn row_total_ex_vat(mut self, total: impl Into<Decimal>) -> Self {
        self.row.row_total_ex_vat = Some(total.into());
        self
    }

    /// `Comment`: free text.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.row.comment = Some(comment.into());
        self
    }

    /// `Sequence`: display position. Leave it out to let
    /// ShopCtrl choose.
    pub fn sequence(mut self, sequence: i32) -> Self {
        self.row.sequence = Some(sequence);
        self
    }

    /// `ExpectedDeliveryDate`, sent with its UTC offset. Takes any chrono
    /// date-time that converts into `DateTime<FixedOffset>`
    /// (`DateTime<Utc>` is sent with `Z`).
    ///
    /// ```
    /// use shopctrl::{DateTime, RowId, UpdatePurchaseOrderRow};
    /// let at = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
    /// let body = UpdatePurchaseOrderRow::new(RowId::new(1)).expected_delivery_date(at).build().unwrap();
    /// let json = serde_json::to_string(&body).unwrap();
    /// assert_eq!(json, r#"{"ExpectedDeliveryDate":"2026-01-11T16:13:38.5685399+01:00","Id":1}"#);
    /// ```
    pub fn expected_delivery_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.row.expected_delivery_date = Some(at.into());
        self
    }

    /// `StockItems`: the row's **complete** new list of stock items, which
    /// **replaces** the stored list; it is not merged with it.
    ///
    /// Send every item the row should have after the update, including the
    /// ones it already has. An empty list empties the stored list (as
    /// [`UpdatePurchaseOrderRow::clear_stock_items`] does); not calling this method
    /// leaves the stored list as it is. Calling it again replaces the list
    /// given before.
    ///
    /// ```
    /// use shopctrl::{RowId, StockItemUpdate, UpdatePurchaseOrderRow};
    /// let row = UpdatePurchaseOrderRow::new(RowId::new(1)).stock_items(vec![StockItemUpdate::new(3).serial_number("SN-1")]);
    /// assert_eq!(
    ///     serde_json::to_string(&row.build().unwrap()).unwrap(),
    ///     r#"{"Id":1,"StockItems":[{"Quantity":3,"SerialNumber":"SN-1"}]}"#
    /// );
    /// ```
    pub fn stock_items(mut self, items: impl IntoIterator<Item = StockItemUpdate>) -> Self {
        self.row.stock_items = Some(items.into_iter().map(|i| i.item).collect());
        self
    }

    /// Empties the row's stored list of stock items (sends
    /// `"StockItems": []`); the same as `.stock_items(Vec::new())`.
    ///
    /// ```
    /// use shopctrl::RowId;
    /// let row = shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1)).clear_stock_items();
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1,"StockItems":[]}"#);
    /// ```
    pub fn clear_stock_items(self) -> Self {
        self.stock_items(Vec::new())
    }

    /// Checks the rules (see [`UpdatePurchaseOrderRow`]); every broken rule is reported,
    /// each with its field path, as [`Error::Validation`].
    ///
    /// ```
    /// use shopctrl::{RowId, StockItemUpdate, UpdatePurchaseOrderRow};
    /// let e = UpdatePurchaseOrderRow::new(RowId::new(1))
    ///     .product_code("x".repeat(101))
    ///     .product_name("y".repeat(501))
    ///     .validate()
    ///     .unwrap_err();
    /// let v = e.violations().unwrap();
    /// assert!(v.has_field("ProductCode") && v.has_field("ProductName"));
    /// // No vendor rule on quantities or sequence: these are sent as they are.
    /// assert!(UpdatePurchaseOrderRow::new(RowId::new(1)).sequence(-1).stock_items([StockItemUpdate::new(0)]).validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        check_row(&mut v, self);
        v.finish().map_err(Error::Validation)
    }

    /// The validated body, as the generated client takes it (for
    /// [`Client::api`](crate::Client::api) or for inspection).
    ///
    /// ```
    /// use shopctrl::RowId;
    /// let body = shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1)).sequence(2).build().unwrap();
    /// assert_eq!((body.id, body.sequence, body.stock_items), (Some(1), Some(2), None));
    /// ```
    pub fn build(self) -> Result<types::PurchaseOrderRowUpdate> {
        self.validate()?;
        Ok(self.row)
    }
}

/// One stock item of a row (the vendor's `StockItemDto`): lot and serial
/// numbers and expiry date to pre-fill for provisioning in the web interface.
///
/// ```
/// use shopctrl::{DateTime, StockItemUpdate};
/// let expiry = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
/// let item = StockItemUpdate::new(1)
///     .product_code("P-1")
///     .lot_number("L-1")
///     .serial_number("SN-1")
///     .expiry_date(expiry);
/// # let _ = item;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StockItemUpdate {
    pub(crate) item: types::StockItem,
}

impl StockItemUpdate {
    /// A stock item as the server listed it.
    pub(crate) fn from_wire(item: types::StockItem) -> StockItemUpdate {
        StockItemUpdate { item }
    }

    /// A stock item of `quantity` units (`StockItemDto.Quantity` is an
    /// integer; the vendor states no range). [`StockItemUpdate::default`] is one
    /// without a quantity.
    ///
    /// ```
    /// use shopctrl::RowId;
    /// let item = shopctrl::StockItemUpdate::default().lot_number("L-1");
    /// let body = shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1)).stock_items([item]).build().unwrap();
    /// assert_eq!(body.stock_items.unwrap()[0].quantity, None);
    /// ```
    pub fn new(quantity: i32) -> Self {
        StockItemUpdate::default().quantity(quantity)
    }

    /// `Quantity`.
    pub fn quantity(mut self, quantity: i32) -> Self {
        self.item.quantity = Some(quantity);
        self
    }

    /// `ProductCode` of the stock item.
    pub fn product_code(mut self, code: impl Into<String>) -> Self {
        self.item.product_code = Some(code.into());
        self
    }

    /// `LotNumber` (batch number).
    pub fn lot_number(mut self, lot: impl Into<String>) -> Self {
        self.item.lot_number = Some(lot.into());
        self
    }

    /// `SerialNumber`.
    pub fn serial_number(mut self, serial: impl Into<String>) -> Self {
        self.item.serial_number = Some(serial.into());
        self
    }

    /// `ExpiryDate`, sent with its UTC offset.
    pub fn expiry_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.item.expiry_date = Some(at.into());
        self
    }
}

pub(crate) const FACTS: &str = "facts.md (older UpdatePurchaseOrderRow page)";

/// `ProductCode`: the older version of the UpdatePurchaseOrderRow page
/// gives it "max 100" (so does the `maxLength` in this project's
/// `openapi/shopctrl.yaml`).
/// The current page states no limit; a value within it suits servers
/// following either version.
pub static PRODUCT_CODE_LENGTH: Rule = Rule {
    operation: "update_purchase_order_row",
    field: "ProductCode",
    rule: "at most 100 characters",
    kind: RuleKind::Stated,
    source: FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// `ProductName`: "max 500" in the older page, as for `ProductCode`.
pub static PRODUCT_NAME_LENGTH: Rule = Rule {
    operation: "update_purchase_order_row",
    field: "ProductName",
    rule: "at most 500 characters",
    kind: RuleKind::Stated,
    source: FACTS,
    quote: "Older docs mark row fields: ProductName required (max 500), ProductCode required (max 100)",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&PRODUCT_CODE_LENGTH, &PRODUCT_NAME_LENGTH];

/// A row's `ProductCode` (at most 100) and `ProductName` (at most 500),
/// each checked against its endpoint's rule, the field named under `at`
/// (`""` or `PurchaseOrderRows[0].`).
pub(crate) fn product_texts_fit(
    v: &mut Validator,
    rules: [&'static Rule; 2],
    at: &str,
    code: Option<&str>,
    name: Option<&str>,
) {
    if let Some(code) = code {
        v.enforce(rules[0], format!("{at}ProductCode"), max_chars(code, 100));
    }
    if let Some(name) = name {
        v.enforce(rules[1], format!("{at}ProductName"), max_chars(name, 500));
    }
}

fn check_row(v: &mut Validator, row: &UpdatePurchaseOrderRow) {
    product_texts_fit(
        v,
        [&PRODUCT_CODE_LENGTH, &PRODUCT_NAME_LENGTH],
        "",
        row.row.product_code.as_deref(),
        row.row.product_name.as_deref(),
    );
}

fn check(row: &UpdatePurchaseOrderRow) -> std::result::Result<(), Violations> {
    let mut v = Validator::new();
    check_row(&mut v, row);
    v.finish()
}

pub(crate) async fn send(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
    row: UpdatePurchaseOrderRow,
) -> Result<()> {
    check(&row)?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_row(purchase_order_id.get(), &row.row)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    impl UpdatePurchaseOrderRow {
        /// The body as sent, for comparing with the vendor's samples.
        fn json(self) -> String {
            serde_json::to_string(&self.build().expect("a valid row")).unwrap()
        }
    }

    fn violations(row: &UpdatePurchaseOrderRow) -> Violations {
        check(row).expect_err("a rule should be broken")
    }

    fn assert_only(row: &UpdatePurchaseOrderRow, field: &str) {
        let v = violations(row);
        assert_eq!(v.len(), 1, "{v}");
        assert_eq!(v.first().field, field, "{v}");
    }

    fn assert_valid(row: &UpdatePurchaseOrderRow) {
        if let Err(v) = check(row) {
            panic!("expected valid, got {v}");
        }
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// No ShopCtrl document states a range for the purchase order id, the
    /// row's `Id`, its quantities, its `Sequence` or a stock item's
    /// `Quantity`, nor that a stock item has one: all are sent (issue 14).
    #[test]
    fn no_range_is_enforced_without_a_vendor_rule() {
        let row = UpdatePurchaseOrderRow::new(RowId::new(0))
            .item_quantity(0)
            .item_quantity_delivered(-1)
            .sequence(-1)
            .stock_items(vec![
                StockItemUpdate::new(0),
                StockItemUpdate::new(-2),
                StockItemUpdate::default(),
            ]);
        assert_valid(&row);
        assert_valid(&UpdatePurchaseOrderRow::new(RowId::new(-1)).item_quantity(dec("-0.5")));
    }

    #[test]
    fn product_code_is_at_most_100_characters() {
        assert_only(
            &UpdatePurchaseOrderRow::new(RowId::new(1)).product_code("x".repeat(101)),
            "ProductCode",
        );
        // Characters, not bytes: 100 two-byte characters fit.
        assert_valid(&UpdatePurchaseOrderRow::new(RowId::new(1)).product_code("é".repeat(100)));
    }

    #[test]
    fn product_name_is_at_most_500_characters() {
        assert_only(
            &UpdatePurchaseOrderRow::new(RowId::new(1)).product_name("x".repeat(501)),
            "ProductName",
        );
        assert_valid(&UpdatePurchaseOrderRow::new(RowId::new(1)).product_name("x".repeat(500)));
    }

    #[test]
    fn prices_are_not_checked_for_sign() {
        // The vendor states no rule for prices; the server decides.
        let row = UpdatePurchaseOrderRow::new(RowId::new(1))
            .item_price_ex_vat(dec("-5.00"))
            .row_total_ex_vat(dec("-10.00"));
        assert_valid(&row);
    }

    #[test]
    fn every_broken_rule_is_reported() {
        let row = UpdatePurchaseOrderRow::new(RowId::new(1))
            .product_code("x".repeat(101))
            .product_name("x".repeat(501));
        let v = violations(&row);
        for field in ["ProductCode", "ProductName"] {
            assert!(v.has_field(field), "{field} missing from {v}");
        }
        assert!(v.iter().all(|v| v.source.is_some()), "{v}");
    }

    #[test]
    fn offsets_round_trip_byte_for_byte() {
        let text = "2026-01-11T16:13:38.5685399+01:00";
        let at = DateTime::parse_from_rfc3339(text).unwrap();
        let json = UpdatePurchaseOrderRow::new(RowId::new(1))
            .expected_delivery_date(at)
            .stock_items(vec![StockItemUpdate::new(1).expiry_date(at)])
            .json();
        assert_eq!(
            json,
            format!(
                r#"{{"ExpectedDeliveryDate":"{text}","Id":1,"StockItems":[{{"ExpiryDate":"{text}","Quantity":1}}]}}"#
            )
        );
    }

    #[test]
    fn utc_date_times_are_accepted_and_sent_with_z() {
        let at = DateTime::parse_from_rfc3339("2026-01-11T15:13:38Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let json = UpdatePurchaseOrderRow::new(RowId::new(1))
            .expected_delivery_date(at)
            .json();
        assert!(
            json.contains(r#""ExpectedDeliveryDate":"2026-01-11T15:13:38Z""#),
            "{json}"
        );
    }

    #[test]
    fn decimals_are_exact_json_numbers() {
        let json = UpdatePurchaseOrderRow::new(RowId::new(1))
            .item_price_ex_vat(dec("0.1000000000000000000000000001"))
            .row_total_ex_vat(dec("12.50"))
            .json();
        assert_eq!(
            json,
            r#"{"Id":1,"ItemPriceExVat":0.1000000000000000000000000001,"RowTotalExVat":12.50}"#
        );
    }

    #[test]
    fn stock_items_left_out_sent_or_cleared() {
        let kept = UpdatePurchaseOrderRow::new(RowId::new(1)).json();
        assert!(!kept.contains("StockItems"), "{kept}");
        let cleared = UpdatePurchaseOrderRow::new(RowId::new(1))
            .stock_items(Vec::new())
            .json();
        assert_eq!(cleared, r#"{"Id":1,"StockItems":[]}"#);
        let replaced = UpdatePurchaseOrderRow::new(RowId::new(1))
            .stock_items(vec![StockItemUpdate::new(1)])
            .stock_items(vec![StockItemUpdate::new(2), StockItemUpdate::new(3)])
            .json();
        assert_eq!(
            replaced,
            r#"{"Id":1,"StockItems":[{"Quantity":2},{"Quantity":3}]}"#
        );
    }

    #[test]
    fn build_refuses_an_invalid_row() {
        let e = UpdatePurchaseOrderRow::new(RowId::new(1))
            .product_code("x".repeat(101))
            .build()
            .unwrap_err();
        assert!(e.violations().unwrap().has_field("ProductCode"));
    }
}
