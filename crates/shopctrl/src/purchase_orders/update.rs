//! `PUT v1/PurchaseOrders`: a purchase order's new data, and its rules.
//!
//! Source: the 2021 help page "PUT v1/PurchaseOrders" (no newer page for
//! this operation was found). It marks `Id`, `OrderCode` (at most 50),
//! `Date`, `OrderTotalExVat`, `CurrencyId`, `ExchangeRate`, `ShopOwnerId`,
//! `ShippingCostsExVat` and `SupplierId` required and `OurReference` at
//! most 50 characters. [`UpdatePurchaseOrder::new`] takes the three IDs;
//! the other required fields are checked before sending. So many required
//! fields suggest the stored purchase order is replaced by what is sent:
//! send it complete.

use crate::client::Client;
use crate::ids::{CurrencyId, PurchaseOrderId, ShopOwnerId, SupplierId, WarehouseId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, max_chars};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use shopctrl_api::types;

const OPERATION: Operation = Operation::idempotent("update_purchase_order");

const PAGE: &str = "help page PUT v1/PurchaseOrders (2021)";

/// A purchase order's new data, for
/// [`PurchaseOrders::update`](crate::purchase_orders::PurchaseOrders::update).
///
/// | Field | Rule | Source |
/// |---|---|---|
/// | `OrderCode` | required, at most 50 characters | [`ORDER_CODE_REQUIRED`], [`ORDER_CODE_LENGTH`] |
/// | `Date` | required | [`DATE_REQUIRED`] |
/// | `OrderTotalExVat` | required | [`ORDER_TOTAL_REQUIRED`] |
/// | `CurrencyId` | required | [`CURRENCY_REQUIRED`] |
/// | `ExchangeRate` | required | [`EXCHANGE_RATE_REQUIRED`] |
/// | `ShippingCostsExVat` | required | [`SHIPPING_COSTS_REQUIRED`] |
/// | `OurReference` | at most 50 characters | [`OUR_REFERENCE_LENGTH`] |
///
/// `Id`, `ShopOwnerId` and `SupplierId`, also required, are taken by
/// [`UpdatePurchaseOrder::new`].
///
/// ```
/// use shopctrl::{CurrencyId, DateTime, Decimal, PurchaseOrderId, ShopOwnerId, SupplierId, UpdatePurchaseOrder};
/// let date = DateTime::parse_from_rfc3339("2026-01-11T16:13:38+01:00").unwrap();
/// let update = UpdatePurchaseOrder::new(PurchaseOrderId::new(7), ShopOwnerId::new(1), SupplierId::new(2))
///     .order_code("PO-7")
///     .date(date)
///     .order_total_ex_vat(Decimal::new(3750, 2))
///     .currency_id(CurrencyId::new(1))
///     .exchange_rate(Decimal::ONE)
///     .shipping_costs_ex_vat(Decimal::ZERO)
///     .comment("confirmed by phone");
/// let json = serde_json::to_string(&update.build().unwrap()).unwrap();
/// assert!(json.contains(r#""Date":"2026-01-11T16:13:38+01:00""#));
///
/// let e = UpdatePurchaseOrder::new(PurchaseOrderId::new(7), ShopOwnerId::new(1), SupplierId::new(2)).validate().unwrap_err();
/// assert!(e.violations().unwrap().has_field("OrderCode"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct UpdatePurchaseOrder {
    id: PurchaseOrderId,
    shop_owner: ShopOwnerId,
    supplier: SupplierId,
    order_code: Option<String>,
    date: Option<DateTime<FixedOffset>>,
    order_total_ex_vat: Option<Decimal>,
    currency_id: Option<CurrencyId>,
    exchange_rate: Option<Decimal>,
    shipping_costs_ex_vat: Option<Decimal>,
    our_reference: Option<String>,
    comment: Option<String>,
    supplier_note: Option<String>,
    warehouse_id: Option<WarehouseId>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
}

impl UpdatePurchaseOrder {
    /// An update of purchase order `id` of `shop_owner` from `supplier`.
    pub fn new(id: PurchaseOrderId, shop_owner: ShopOwnerId, supplier: SupplierId) -> Self {
        UpdatePurchaseOrder {
            id,
            shop_owner,
            supplier,
            order_code: None,
            date: None,
            order_total_ex_vat: None,
            currency_id: None,
            exchange_rate: None,
            shipping_costs_ex_vat: None,
            our_reference: None,
            comment: None,
            supplier_note: None,
            warehouse_id: None,
            expected_delivery_date: None,
        }
    }

    /// `OrderCode` (required, at most 50 characters).
    pub fn order_code(mut self, code: impl Into<String>) -> Self {
        self.order_code = Some(code.into());
        self
    }

    /// `Date` (required), sent with its offset.
    pub fn date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.date = Some(at.into());
        self
    }

    /// `OrderTotalExVat` (required), exact.
    pub fn order_total_ex_vat(mut self, total: impl Into<Decimal>) -> Self {
        self.order_total_ex_vat = Some(total.into());
        self
    }

    /// `CurrencyId` (required).
    pub fn currency_id(mut self, currency: CurrencyId) -> Self {
        self.currency_id = Some(currency);
        self
    }

    /// `ExchangeRate` (required), exact.
    pub fn exchange_rate(mut self, rate: impl Into<Decimal>) -> Self {
        self.exchange_rate = Some(rate.into());
        self
    }

    /// `ShippingCostsExVat` (required), exact.
    pub fn shipping_costs_ex_vat(mut self, costs: impl Into<Decimal>) -> Self {
        self.shipping_costs_ex_vat = Some(costs.into());
        self
    }

    /// `OurReference`: at most 50 characters.
    pub fn our_reference(mut self, reference: impl Into<String>) -> Self {
        self.our_reference = Some(reference.into());
        self
    }

    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `SupplierNote`.
    pub fn supplier_note(mut self, note: impl Into<String>) -> Self {
        self.supplier_note = Some(note.into());
        self
    }

    /// `WarehouseId`.
    pub fn warehouse_id(mut self, warehouse: WarehouseId) -> Self {
        self.warehouse_id = Some(warehouse);
        self
    }

    /// `ExpectedDeliveryDate`, sent with its offset.
    pub fn expected_delivery_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.expected_delivery_date = Some(at.into());
        self
    }

    /// Checks the rules (see [`UpdatePurchaseOrder`]); every broken one is
    /// reported with its field.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&ORDER_CODE_REQUIRED, self.order_code.is_some(), "OrderCode");
        if let Some(code) = &self.order_code {
            v.enforce(&ORDER_CODE_LENGTH, "OrderCode", max_chars(code, 50));
        }
        v.require(&DATE_REQUIRED, self.date.is_some(), "Date");
        v.require(
            &ORDER_TOTAL_REQUIRED,
            self.order_total_ex_vat.is_some(),
            "OrderTotalExVat",
        );
        v.require(&CURRENCY_REQUIRED, self.currency_id.is_some(), "CurrencyId");
        v.require(
            &EXCHANGE_RATE_REQUIRED,
            self.exchange_rate.is_some(),
            "ExchangeRate",
        );
        v.require(
            &SHIPPING_COSTS_REQUIRED,
            self.shipping_costs_ex_vat.is_some(),
            "ShippingCostsExVat",
        );
        if let Some(reference) = &self.our_reference {
            v.enforce(
                &OUR_REFERENCE_LENGTH,
                "OurReference",
                max_chars(reference, 50),
            );
        }
        v.finish().map_err(Error::Validation)
    }

    /// The validated body, as the generated client takes it.
    pub fn build(self) -> Result<types::PurchaseOrderUpdate> {
        self.validate()?;
        let (Some(order_code), Some(date), Some(total), Some(currency), Some(rate), Some(shipping)) = (
            self.order_code,
            self.date,
            self.order_total_ex_vat,
            self.currency_id,
            self.exchange_rate,
            self.shipping_costs_ex_vat,
        ) else {
            // validate() refuses every missing required field first.
            return Err(Error::Config {
                setting: "UpdatePurchaseOrder",
                problem: "a required field is missing".into(),
            });
        };
        Ok(types::PurchaseOrderUpdate {
            id: self.id.get(),
            shop_owner_id: self.shop_owner.get(),
            supplier_id: self.supplier.get(),
            order_code,
            date,
            order_total_ex_vat: total,
            currency_id: currency.get(),
            exchange_rate: rate,
            shipping_costs_ex_vat: shipping,
            our_reference: self.our_reference,
            comment: self.comment,
            supplier_note: self.supplier_note,
            warehouse_id: self.warehouse_id.map(|w| w.get()),
            expected_delivery_date: self.expected_delivery_date,
            date_received: None,
            handover_timestamp: None,
            order_id: None,
        })
    }
}

macro_rules! required_rule {
    ($(#[$doc:meta])* $name:ident, $field:literal, $quote:literal) => {
        $(#[$doc])*
        pub static $name: Rule = Rule {
            operation: "update_purchase_order",
            field: $field,
            rule: "required",
            kind: RuleKind::Stated,
            source: PAGE,
            quote: $quote,
        };
    };
}

required_rule!(
    /// `OrderCode` is marked "Required" on the page.
    ORDER_CODE_REQUIRED,
    "OrderCode",
    "OrderCode | Gets or sets the Purchase Order code. | string | Required Max length: 50"
);
required_rule!(
    /// `Date` is marked "Required" on the page.
    DATE_REQUIRED,
    "Date",
    "Date | Gets or sets the date. | date | Required"
);
required_rule!(
    /// `OrderTotalExVat` is marked "Required" on the page.
    ORDER_TOTAL_REQUIRED,
    "OrderTotalExVat",
    "OrderTotalExVat | Gets or sets the purchaseOrder total without the 'VAT'. | decimal number | Required"
);
required_rule!(
    /// `CurrencyId` is marked "Required" on the page.
    CURRENCY_REQUIRED,
    "CurrencyId",
    "CurrencyId | Gets or sets the currency identifier. | integer | Required"
);
required_rule!(
    /// `ExchangeRate` is marked "Required" on the page.
    EXCHANGE_RATE_REQUIRED,
    "ExchangeRate",
    "ExchangeRate | Gets or sets the exchange rate. | decimal number | Required"
);
required_rule!(
    /// `ShippingCostsExVat` is marked "Required" on the page.
    SHIPPING_COSTS_REQUIRED,
    "ShippingCostsExVat",
    "ShippingCostsExVat | Gets or sets the shipping costs (exclude VAT). | decimal number | Required"
);

/// `OrderCode`: "Required Max length: 50" on the page.
pub static ORDER_CODE_LENGTH: Rule = Rule {
    operation: "update_purchase_order",
    field: "OrderCode",
    rule: "at most 50 characters",
    kind: RuleKind::Stated,
    source: PAGE,
    quote: "OrderCode | Gets or sets the Purchase Order code. | string | Required Max length: 50",
};

/// `OurReference`: "Max length: 50" on the page.
pub static OUR_REFERENCE_LENGTH: Rule = Rule {
    operation: "update_purchase_order",
    field: "OurReference",
    rule: "at most 50 characters",
    kind: RuleKind::Stated,
    source: PAGE,
    quote: "OurReference | Gets or sets Our Reference. | string | Max length: 50",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[
    &ORDER_CODE_REQUIRED,
    &ORDER_CODE_LENGTH,
    &DATE_REQUIRED,
    &ORDER_TOTAL_REQUIRED,
    &CURRENCY_REQUIRED,
    &EXCHANGE_RATE_REQUIRED,
    &SHIPPING_COSTS_REQUIRED,
    &OUR_REFERENCE_LENGTH,
];

pub(crate) async fn send(client: &Client, update: UpdatePurchaseOrder) -> Result<()> {
    let body = update.build()?;
    client
        .call(OPERATION, |api| api.update_purchase_order(&body))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare() -> UpdatePurchaseOrder {
        UpdatePurchaseOrder::new(
            PurchaseOrderId::new(1),
            ShopOwnerId::new(2),
            SupplierId::new(3),
        )
    }

    fn complete() -> UpdatePurchaseOrder {
        bare()
            .order_code("PO-1")
            .date(DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap())
            .order_total_ex_vat(Decimal::new(1, 2))
            .currency_id(CurrencyId::new(1))
            .exchange_rate(Decimal::ONE)
            .shipping_costs_ex_vat(Decimal::ZERO)
    }

    #[test]
    fn every_required_field_is_reported() {
        let e = bare().validate().unwrap_err();
        let v = e.violations().unwrap();
        for field in [
            "OrderCode",
            "Date",
            "OrderTotalExVat",
            "CurrencyId",
            "ExchangeRate",
            "ShippingCostsExVat",
        ] {
            assert!(v.has_field(field), "{field} missing from {v}");
        }
        assert_eq!(v.len(), 6);
    }

    #[test]
    fn order_code_and_our_reference_are_at_most_50_characters() {
        let e = complete()
            .order_code("x".repeat(51))
            .our_reference("y".repeat(51))
            .validate()
            .unwrap_err();
        let v = e.violations().unwrap();
        assert!(
            v.has_field("OrderCode") && v.has_field("OurReference"),
            "{v}"
        );
        assert!(
            complete()
                .order_code("x".repeat(50))
                .our_reference("y".repeat(50))
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn the_date_keeps_its_offset_and_money_is_exact() {
        let json = serde_json::to_string(&complete().build().unwrap()).unwrap();
        assert!(
            json.contains(r#""Date":"2026-01-11T16:13:38.5685399+01:00""#),
            "{json}"
        );
        assert!(json.contains(r#""OrderTotalExVat":0.01"#), "{json}");
    }
}
