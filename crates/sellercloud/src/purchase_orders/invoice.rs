//! Update the invoice number and date of a purchase order: `PUT
//! /api/PurchaseOrders/{id}/Invoice` (page "Update PO Invoice Number").
//!
//! Works only while the client settings "Enable Vendor Invoices Workflow"
//! and "Enable Multiple Invoices for Purchase Orders" are off; a refusal
//! naming one is [`Error::ServerSetting`].
//!
//! ```
//! let body = sellercloud::UpdatePurchaseOrderInvoice::new().invoice_number("INV-77").build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"InvoiceNumber":"INV-77"}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use super::settings::{self, MULTIPLE_INVOICES, Refusal, VENDOR_INVOICES_WORKFLOW};
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::types;

/// A new invoice number and/or date. Fields left unset keep their stored
/// values; at least one must be set ([`CHANGES_SOMETHING`]).
#[derive(Clone, Debug, Default)]
pub struct UpdatePurchaseOrderInvoice(types::PurchaseOrderInvoiceUpdate);

impl UpdatePurchaseOrderInvoice {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `InvoiceNumber`.
    pub fn invoice_number(mut self, number: impl Into<String>) -> Self {
        self.0.invoice_number = Some(number.into());
        self
    }

    /// `InvoiceDate`: when the purchase order was invoiced.
    pub fn invoice_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.invoice_date = Some(at.into());
        self
    }

    /// Checks the rules without building the body.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(
            &CHANGES_SOMETHING,
            self.0.invoice_number.is_some() || self.0.invoice_date.is_some(),
            "",
        );
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::PurchaseOrderInvoiceUpdate> {
        self.validate()?;
        Ok(self.0)
    }
}

/// "Set to null or omit in the request if update of this field is not
/// needed": a request with neither field changes nothing. A convenience,
/// not a vendor rule.
pub static CHANGES_SOMETHING: Rule = Rule {
    operation: "update_purchase_order_invoice",
    field: "InvoiceDate, InvoiceNumber",
    rule: "at least one must be set",
    kind: RuleKind::Convenience,
    source: "page \"Update PO Invoice Number\"",
    quote: "Set to null or omit in the request if update of this field is not needed.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&CHANGES_SOMETHING];

const OPERATION: Operation = Operation::idempotent("update_purchase_order_invoice");

/// A 400 naming either setting means it is on; no other endpoint of this
/// SDK sets the invoice then.
const REFUSALS: &[Refusal] = &[
    Refusal {
        setting: VENDOR_INVOICES_WORKFLOW,
        enabled: true,
        use_instead: None,
    },
    Refusal {
        setting: MULTIPLE_INVOICES,
        enabled: true,
        use_instead: None,
    },
];

/// Sends the update: validated first; idempotent, so retried.
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderInvoice,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_invoice(po_id.get(), &body)
        })
        .await
        .map_err(|e| settings::explain(e, OPERATION.name, REFUSALS))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_something() {
        let e = UpdatePurchaseOrderInvoice::new().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&CHANGES_SOMETHING)
        );
        assert!(
            UpdatePurchaseOrderInvoice::new()
                .invoice_date(chrono::Utc::now())
                .build()
                .is_ok()
        );
    }
}
