//! `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`: the row builder and its
//! rules.
//!
//! Rules come from the vendor's help page for this operation (current
//! version), an older version of the same page (length limits), and
//! `openapi/shopctrl.yaml`, which records both. Where the vendor states no
//! rule, none is enforced here: the server stays the judge.

use crate::client::Client;
use api_runtime::call::Operation;
use api_runtime::validate::{
    Validator, Violations, max_chars, not_negative, not_negative_decimal, positive,
};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use shopctrl_api::types;

const OPERATION: Operation = Operation::idempotent("update_purchase_order_row");

/// The new data of one purchase order row, for
/// [`PurchaseOrders::update_row`](crate::purchase_orders::PurchaseOrders::update_row).
///
/// Start with [`RowUpdate::new`] and the row's `Id`, then set what you want
/// to send; anything left unset is left out of the request. The rules below
/// are checked before anything is sent ([`RowUpdate::validate`]); field
/// paths in violations use the vendor's JSON names (`ItemQuantity`,
/// `StockItems[0].Quantity`).
///
/// | Field | Rule | Source |
/// |---|---|---|
/// | `Id` | greater than 0 | identifies an existing row |
/// | `ItemQuantity`, `ItemQuantityDelivered` | not negative | quantities (spec: `minimum: 0`) |
/// | `ProductCode` | at most 100 characters | older vendor docs |
/// | `ProductName` | at most 500 characters | older vendor docs |
/// | `Sequence` | not negative | display position (spec: `minimum: 0`) |
/// | `StockItems[i].Quantity` | greater than 0 | a whole number of units (spec: `minimum: 1`) |
///
/// Not checked, because the vendor states no rule: the sign of the prices
/// `ItemPriceExVat` and `RowTotalExVat` (they are exact [`Decimal`]s, never
/// floats), `ProductId`, `Comment`, and whether `RowTotalExVat` equals
/// quantity times price.
///
/// # `StockItems` replace the whole list
///
/// ShopCtrl does not merge stock items: whatever list is sent becomes the
/// row's complete list. So [`RowUpdate::stock_items`] takes the **complete**
/// list, never a few additions:
///
/// - not called: `StockItems` is left out and the stored list is kept;
/// - called with items: those items become the list;
/// - called with an empty list, or [`RowUpdate::clear_stock_items`]: the
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
/// use shopctrl::{DateTime, Decimal, RowUpdate, StockItem};
///
/// let delivery = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
/// let row = RowUpdate::new(1)
///     .item_quantity(Decimal::new(20, 1)) // 2.0
///     .item_price_ex_vat(Decimal::new(5, 0))
///     .expected_delivery_date(delivery)
///     .stock_items(vec![
///         StockItem::new(1).lot_number("L-1"),
///         StockItem::new(1).lot_number("L-2"),
///     ]);
/// let json = serde_json::to_string(&row.build().unwrap()).unwrap();
/// assert!(json.contains(r#""ExpectedDeliveryDate":"2026-01-11T16:13:38.5685399+01:00""#));
/// assert!(json.contains(r#""ItemQuantity":2.0"#));
///
/// let e = RowUpdate::new(1).item_quantity(-1).validate().unwrap_err();
/// assert!(e.violations().unwrap().has_field("ItemQuantity"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RowUpdate {
    /// `stock_items`: `None` leaves the stored list alone, `Some` is the
    /// complete new list (possibly empty).
    row: types::PurchaseOrderRowUpdate,
}

impl RowUpdate {
    /// An update of the row with this `Id` (the row's own identifier, not
    /// the product's); it must be greater than 0.
    ///
    /// ```
    /// let row = shopctrl::RowUpdate::new(1);
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1}"#);
    /// ```
    pub fn new(id: i32) -> Self {
        RowUpdate {
            row: types::PurchaseOrderRowUpdate {
                id: Some(id),
                ..Default::default()
            },
        }
    }

    /// `ProductId`: the product on this row.
    pub fn product_id(mut self, product_id: i32) -> Self {
        self.row.product_id = Some(product_id);
        self
    }

    /// `ItemQuantity`: quantity ordered, an exact decimal; not negative.
    ///
    /// ```
    /// use shopctrl::{Decimal, RowUpdate};
    /// let row = RowUpdate::new(1).item_quantity(Decimal::new(25, 1)); // 2.5
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1,"ItemQuantity":2.5}"#);
    /// ```
    pub fn item_quantity(mut self, quantity: impl Into<Decimal>) -> Self {
        self.row.item_quantity = Some(quantity.into());
        self
    }

    /// `ItemQuantityDelivered`: quantity already delivered; not negative. The
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

    /// `Sequence`: display position, not negative. Leave it out to let
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
    /// use shopctrl::{DateTime, RowUpdate};
    /// let at = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
    /// let body = RowUpdate::new(1).expected_delivery_date(at).build().unwrap();
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
    /// [`RowUpdate::clear_stock_items`] does); not calling this method
    /// leaves the stored list as it is. Calling it again replaces the list
    /// given before. Each item's `Quantity` must be greater than 0.
    ///
    /// ```
    /// use shopctrl::{RowUpdate, StockItem};
    /// let row = RowUpdate::new(1).stock_items(vec![StockItem::new(3).serial_number("SN-1")]);
    /// assert_eq!(
    ///     serde_json::to_string(&row.build().unwrap()).unwrap(),
    ///     r#"{"Id":1,"StockItems":[{"Quantity":3,"SerialNumber":"SN-1"}]}"#
    /// );
    /// ```
    pub fn stock_items(mut self, items: impl IntoIterator<Item = StockItem>) -> Self {
        self.row.stock_items = Some(items.into_iter().map(|i| i.item).collect());
        self
    }

    /// Empties the row's stored list of stock items (sends
    /// `"StockItems": []`); the same as `.stock_items(Vec::new())`.
    ///
    /// ```
    /// let row = shopctrl::RowUpdate::new(1).clear_stock_items();
    /// assert_eq!(serde_json::to_string(&row.build().unwrap()).unwrap(), r#"{"Id":1,"StockItems":[]}"#);
    /// ```
    pub fn clear_stock_items(self) -> Self {
        self.stock_items(Vec::new())
    }

    /// Checks the rules (see [`RowUpdate`]); every broken rule is reported,
    /// each with its field path, as [`Error::Validation`].
    ///
    /// ```
    /// use shopctrl::{RowUpdate, StockItem};
    /// let e = RowUpdate::new(1)
    ///     .sequence(-1)
    ///     .stock_items(vec![StockItem::new(1), StockItem::new(0)])
    ///     .validate()
    ///     .unwrap_err();
    /// let v = e.violations().unwrap();
    /// assert!(v.has_field("Sequence") && v.has_field("StockItems[1].Quantity"));
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
    /// let body = shopctrl::RowUpdate::new(1).sequence(2).build().unwrap();
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
/// use shopctrl::{DateTime, StockItem};
/// let expiry = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
/// let item = StockItem::new(1)
///     .product_code("P-1")
///     .lot_number("L-1")
///     .serial_number("SN-1")
///     .expiry_date(expiry);
/// # let _ = item;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StockItem {
    item: types::StockItem,
}

impl StockItem {
    /// A stock item of `quantity` units: a whole number greater than 0.
    pub fn new(quantity: i32) -> Self {
        StockItem {
            item: types::StockItem {
                quantity: Some(quantity),
                ..Default::default()
            },
        }
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

/// ShopCtrl, `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`: `purchaseOrderId`
/// is "The order identifier", "Required."; it names an existing purchase
/// order, so it is greater than 0.
fn purchase_order_id_is_positive(v: &mut Validator, purchase_order_id: i32) {
    v.rule("purchaseOrderId", positive(purchase_order_id.into()));
}

/// ShopCtrl, UpdatePurchaseOrderRow: `Id` is "the identifier" of the row to
/// update (older docs: required); it names an existing row, so it is
/// greater than 0 (spec: `minimum: 1`).
fn id_is_positive(v: &mut Validator, row: &types::PurchaseOrderRowUpdate) {
    if let Some(id) = row.id {
        v.rule("Id", positive(id.into()));
    }
}

/// ShopCtrl, UpdatePurchaseOrderRow: `ItemQuantity` ("the item quantity",
/// decimal number) and `ItemQuantityDelivered` ("the item quantity
/// delivered") are quantities, not negative (spec: `minimum: 0`).
fn quantities_are_not_negative(v: &mut Validator, row: &types::PurchaseOrderRowUpdate) {
    if let Some(q) = row.item_quantity {
        v.rule("ItemQuantity", not_negative_decimal(q));
    }
    if let Some(q) = row.item_quantity_delivered {
        v.rule("ItemQuantityDelivered", not_negative_decimal(q));
    }
}

/// ShopCtrl, older version of the UpdatePurchaseOrderRow page (recorded in
/// the vendor facts and the spec's `maxLength`): ProductCode "max 100",
/// ProductName "max 500". The current page states no limits; a value within
/// them suits servers following either version.
fn product_texts_fit(v: &mut Validator, row: &types::PurchaseOrderRowUpdate) {
    if let Some(code) = &row.product_code {
        v.rule("ProductCode", max_chars(code, 100));
    }
    if let Some(name) = &row.product_name {
        v.rule("ProductName", max_chars(name, 500));
    }
}

/// ShopCtrl, UpdatePurchaseOrderRow: `Sequence` is "The display sequence";
/// a position, not negative (spec: `minimum: 0`).
fn sequence_is_not_negative(v: &mut Validator, row: &types::PurchaseOrderRowUpdate) {
    if let Some(sequence) = row.sequence {
        v.rule("Sequence", not_negative(sequence.into()));
    }
}

/// ShopCtrl, StockItemDto: `Quantity` is an integer ("Quantity": 1 in the
/// sample), a number of units: greater than 0 (spec: `minimum: 1`).
fn stock_item_quantities_are_positive(v: &mut Validator, row: &types::PurchaseOrderRowUpdate) {
    for (i, item) in row.stock_items.iter().flatten().enumerate() {
        // Always set: StockItem::new takes the quantity.
        if let Some(q) = item.quantity {
            v.rule(format!("StockItems[{i}].Quantity"), positive(q.into()));
        }
    }
}

fn check_row(v: &mut Validator, row: &RowUpdate) {
    id_is_positive(v, &row.row);
    quantities_are_not_negative(v, &row.row);
    product_texts_fit(v, &row.row);
    sequence_is_not_negative(v, &row.row);
    stock_item_quantities_are_positive(v, &row.row);
}

fn check(purchase_order_id: i32, row: &RowUpdate) -> std::result::Result<(), Violations> {
    let mut v = Validator::new();
    purchase_order_id_is_positive(&mut v, purchase_order_id);
    check_row(&mut v, row);
    v.finish()
}

pub(super) async fn send(client: &Client, purchase_order_id: i32, row: RowUpdate) -> Result<()> {
    check(purchase_order_id, &row)?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_row(purchase_order_id, &row.row)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    impl RowUpdate {
        /// The body as sent, for comparing with the vendor's samples.
        fn json(self) -> String {
            serde_json::to_string(&self.build().expect("a valid row")).unwrap()
        }
    }

    fn violations(purchase_order_id: i32, row: &RowUpdate) -> Violations {
        check(purchase_order_id, row).expect_err("a rule should be broken")
    }

    fn assert_only(purchase_order_id: i32, row: &RowUpdate, field: &str) {
        let v = violations(purchase_order_id, row);
        assert_eq!(v.len(), 1, "{v}");
        assert_eq!(v.first().field, field, "{v}");
    }

    fn assert_valid(purchase_order_id: i32, row: &RowUpdate) {
        if let Err(v) = check(purchase_order_id, row) {
            panic!("expected valid, got {v}");
        }
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn purchase_order_id_must_be_positive() {
        assert_only(0, &RowUpdate::new(1), "purchaseOrderId");
        assert_only(-7, &RowUpdate::new(1), "purchaseOrderId");
        assert_valid(1, &RowUpdate::new(1));
    }

    #[test]
    fn id_must_be_positive() {
        assert_only(7, &RowUpdate::new(0), "Id");
        assert_only(7, &RowUpdate::new(-1), "Id");
        assert_valid(7, &RowUpdate::new(1));
    }

    #[test]
    fn item_quantity_must_not_be_negative() {
        assert_only(
            7,
            &RowUpdate::new(1).item_quantity(dec("-0.5")),
            "ItemQuantity",
        );
        assert_valid(7, &RowUpdate::new(1).item_quantity(dec("0")));
        assert_valid(7, &RowUpdate::new(1).item_quantity(dec("2.0")));
    }

    #[test]
    fn item_quantity_delivered_must_not_be_negative() {
        assert_only(
            7,
            &RowUpdate::new(1).item_quantity_delivered(-1),
            "ItemQuantityDelivered",
        );
        assert_valid(7, &RowUpdate::new(1).item_quantity_delivered(dec("3.0")));
    }

    #[test]
    fn product_code_is_at_most_100_characters() {
        assert_only(
            7,
            &RowUpdate::new(1).product_code("x".repeat(101)),
            "ProductCode",
        );
        // Characters, not bytes: 100 two-byte characters fit.
        assert_valid(7, &RowUpdate::new(1).product_code("é".repeat(100)));
    }

    #[test]
    fn product_name_is_at_most_500_characters() {
        assert_only(
            7,
            &RowUpdate::new(1).product_name("x".repeat(501)),
            "ProductName",
        );
        assert_valid(7, &RowUpdate::new(1).product_name("x".repeat(500)));
    }

    #[test]
    fn sequence_must_not_be_negative() {
        assert_only(7, &RowUpdate::new(1).sequence(-1), "Sequence");
        assert_valid(7, &RowUpdate::new(1).sequence(0));
    }

    #[test]
    fn stock_item_quantity_must_be_positive() {
        let row = RowUpdate::new(1).stock_items(vec![StockItem::new(1), StockItem::new(0)]);
        assert_only(7, &row, "StockItems[1].Quantity");
        let row = RowUpdate::new(1).stock_items(vec![StockItem::new(-2)]);
        assert_only(7, &row, "StockItems[0].Quantity");
        assert_valid(7, &RowUpdate::new(1).stock_items(vec![StockItem::new(1)]));
        assert_valid(7, &RowUpdate::new(1).clear_stock_items());
    }

    #[test]
    fn prices_are_not_checked_for_sign() {
        // The vendor states no rule for prices; the server decides.
        let row = RowUpdate::new(1)
            .item_price_ex_vat(dec("-5.00"))
            .row_total_ex_vat(dec("-10.00"));
        assert_valid(7, &row);
    }

    #[test]
    fn every_broken_rule_is_reported() {
        let row = RowUpdate::new(0)
            .item_quantity(-1)
            .sequence(-1)
            .stock_items(vec![StockItem::new(0)]);
        let v = violations(0, &row);
        for field in [
            "purchaseOrderId",
            "Id",
            "ItemQuantity",
            "Sequence",
            "StockItems[0].Quantity",
        ] {
            assert!(v.has_field(field), "{field} missing from {v}");
        }
    }

    #[test]
    fn offsets_round_trip_byte_for_byte() {
        let text = "2026-01-11T16:13:38.5685399+01:00";
        let at = DateTime::parse_from_rfc3339(text).unwrap();
        let json = RowUpdate::new(1)
            .expected_delivery_date(at)
            .stock_items(vec![StockItem::new(1).expiry_date(at)])
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
        let json = RowUpdate::new(1).expected_delivery_date(at).json();
        assert!(
            json.contains(r#""ExpectedDeliveryDate":"2026-01-11T15:13:38Z""#),
            "{json}"
        );
    }

    #[test]
    fn decimals_are_exact_json_numbers() {
        let json = RowUpdate::new(1)
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
        let kept = RowUpdate::new(1).json();
        assert!(!kept.contains("StockItems"), "{kept}");
        let cleared = RowUpdate::new(1).stock_items(Vec::new()).json();
        assert_eq!(cleared, r#"{"Id":1,"StockItems":[]}"#);
        let replaced = RowUpdate::new(1)
            .stock_items(vec![StockItem::new(1)])
            .stock_items(vec![StockItem::new(2), StockItem::new(3)])
            .json();
        assert_eq!(
            replaced,
            r#"{"Id":1,"StockItems":[{"Quantity":2},{"Quantity":3}]}"#
        );
    }

    #[test]
    fn build_refuses_an_invalid_row() {
        let e = RowUpdate::new(0).build().unwrap_err();
        assert!(e.violations().unwrap().has_field("Id"));
    }
}
