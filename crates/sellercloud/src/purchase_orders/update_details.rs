//! Update the general details of a purchase order: `PUT
//! /api/PurchaseOrders/{id}` (page "Update Purchase Order").
//!
//! ```
//! use sellercloud::{UpdatePurchaseOrderDetails, VendorId};
//! let body = UpdatePurchaseOrderDetails::new().vendor_id(VendorId::new(20)).description("Spring restock").build()?;
//! assert_eq!(serde_json::to_value(&body).unwrap(), serde_json::json!({"VendorId": 20, "Description": "Spring restock"}));
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::{CompanyId, PurchaseOrderId, VendorId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::types;

/// New general details of a purchase order. Fields left unset keep their
/// stored values; at least one must be set ([`CHANGES_SOMETHING`]). The
/// page states no length, range or content rule, so none is checked.
#[derive(Clone, Debug, Default)]
pub struct UpdatePurchaseOrderDetails(types::PurchaseOrderGeneralUpdate);

impl UpdatePurchaseOrderDetails {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `CompanyId`.
    pub fn company_id(mut self, id: CompanyId) -> Self {
        self.0.company_id = Some(id.get());
        self
    }

    /// `VendorId`.
    pub fn vendor_id(mut self, id: VendorId) -> Self {
        self.0.vendor_id = Some(id.get());
        self
    }

    /// `Description`: the purchase order's description or name.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.0.description = Some(text.into());
        self
    }

    /// `OrderedOnDate`: when the purchase order was placed.
    pub fn ordered_on(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.ordered_on_date = Some(at.into());
        self
    }

    /// `RequestedOnDate`: when it was requested.
    pub fn requested_on(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.requested_on_date = Some(at.into());
        self
    }

    /// `ExpectedDeliveryDate`.
    pub fn expected_delivery_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.expected_delivery_date = Some(at.into());
        self
    }

    /// `CancelByDate`: the deadline for cancelling it.
    pub fn cancel_by(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.cancel_by_date = Some(at.into());
        self
    }

    /// `Instructions`.
    pub fn instructions(mut self, text: impl Into<String>) -> Self {
        self.0.instructions = Some(text.into());
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::UpdatePurchaseOrderDetails::new().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field(""));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let b = &self.0;
        let mut v = Validator::new();
        v.require(
            &CHANGES_SOMETHING,
            b.company_id.is_some()
                || b.vendor_id.is_some()
                || b.description.is_some()
                || b.ordered_on_date.is_some()
                || b.requested_on_date.is_some()
                || b.expected_delivery_date.is_some()
                || b.cancel_by_date.is_some()
                || b.instructions.is_some(),
            "",
        );
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::PurchaseOrderGeneralUpdate> {
        self.validate()?;
        Ok(self.0)
    }
}

/// Each field: "Do not provide or set to null if no update is needed"; a
/// request with none changes nothing. A convenience, not a vendor rule:
/// send an empty update through [`Client::call`](crate::Client::call) if
/// you mean it.
pub static CHANGES_SOMETHING: Rule = Rule {
    operation: "update_purchase_order",
    field: "CompanyId, VendorId, Description, OrderedOnDate, RequestedOnDate, ExpectedDeliveryDate, CancelByDate, Instructions",
    rule: "at least one must be set",
    kind: RuleKind::Convenience,
    source: "page \"Update Purchase Order\"",
    quote: "Do not provide or set to \"null\" if no update is needed.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&CHANGES_SOMETHING];

const OPERATION: Operation = Operation::idempotent("update_purchase_order");

/// Sends the update: validated first; idempotent, so retried.
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderDetails,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order(po_id.get(), &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_something() {
        let e = UpdatePurchaseOrderDetails::new().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&CHANGES_SOMETHING)
        );
        // A blank text is an update like any other: the page sets no rule.
        let body = UpdatePurchaseOrderDetails::new()
            .instructions("")
            .build()
            .unwrap();
        assert_eq!(body.instructions.as_deref(), Some(""));
    }
}
