//! Update the totals of a purchase order: `PUT
//! /api/PurchaseOrders/{id}/Total` (page "Update PO Totals").
//!
//! The amounts are exact decimals. The page types them as integers; they
//! are money, and a decimal carries every integer too.
//!
//! ```
//! use sellercloud::{Decimal, UpdatePurchaseOrderTotals};
//! let body = UpdatePurchaseOrderTotals::new().tax_total(Decimal::new(1250, 2)).build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"TaxTotal":12.50}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use rust_decimal::Decimal;
use sellercloud_api::types;

/// New totals. Fields left unset keep their stored values; at least one
/// must be set ([`CHANGES_SOMETHING`]). The page gives no range, so none is
/// checked. Two depend on client settings the API cannot read: the
/// shipping total ("Enable Per Session Receiving Cost For PO" must be off)
/// and the third-party shipping total (not while "Enable Free Shipping for
/// Purchase Orders" is on and the purchase order is partly or fully
/// received); the server refuses those.
#[derive(Clone, Debug, Default)]
pub struct UpdatePurchaseOrderTotals(types::PurchaseOrderTotalsUpdate);

impl UpdatePurchaseOrderTotals {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `TaxTotal`.
    pub fn tax_total(mut self, amount: Decimal) -> Self {
        self.0.tax_total = Some(amount);
        self
    }

    /// `OtherTotal`.
    pub fn other_total(mut self, amount: Decimal) -> Self {
        self.0.other_total = Some(amount);
        self
    }

    /// `ShippingTotal`.
    pub fn shipping_total(mut self, amount: Decimal) -> Self {
        self.0.shipping_total = Some(amount);
        self
    }

    /// `ShippingTotalThirdParty`.
    pub fn shipping_total_third_party(mut self, amount: Decimal) -> Self {
        self.0.shipping_total_third_party = Some(amount);
        self
    }

    /// Checks the rules without building the body.
    pub fn validate(&self) -> Result<()> {
        let b = &self.0;
        let mut v = Validator::new();
        v.require(
            &CHANGES_SOMETHING,
            b.tax_total.is_some()
                || b.other_total.is_some()
                || b.shipping_total.is_some()
                || b.shipping_total_third_party.is_some(),
            "",
        );
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::PurchaseOrderTotalsUpdate> {
        self.validate()?;
        Ok(self.0)
    }
}

/// Each total "won't update if not provided": a request with none changes
/// nothing. A convenience, not a vendor rule.
pub static CHANGES_SOMETHING: Rule = Rule {
    operation: "update_purchase_order_totals",
    field: "TaxTotal, OtherTotal, ShippingTotal, ShippingTotalThirdParty",
    rule: "at least one must be set",
    kind: RuleKind::Convenience,
    source: "page \"Update PO Totals\"",
    quote: "Won't update if not provided.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&CHANGES_SOMETHING];

const OPERATION: Operation = Operation::idempotent("update_purchase_order_totals");

/// Sends the update: validated first; idempotent, so retried.
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderTotals,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_totals(po_id.get(), &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_something_and_no_range() {
        let e = UpdatePurchaseOrderTotals::new().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&CHANGES_SOMETHING)
        );
        let body = UpdatePurchaseOrderTotals::new()
            .other_total(Decimal::new(-5, 1))
            .build()
            .unwrap();
        assert_eq!(body.other_total, Some(Decimal::new(-5, 1)));
    }
}
