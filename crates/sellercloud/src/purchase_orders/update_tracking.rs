//! Update a purchase order's shipping information (single tracking number):
//! `PUT /api/PurchaseOrders/{id}/TrackingNumber`.
//!
//! ```
//! let body = sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z999").build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"TrackingNumber":"1Z999"}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::types;

/// New shipping information of a purchase order. Fields left unset keep
/// their stored values; at least one must be set ([`CHANGES_SOMETHING`]).
/// A blank text is sent as it is: that is how a wrong tracking number is
/// cleared.
///
/// ```
/// use chrono::Utc;
/// use sellercloud::UpdatePurchaseOrderTracking;
///
/// let update = UpdatePurchaseOrderTracking::new()
///     .shipped_on(Utc::now())
///     .shipped_via_carrier("UPS")
///     .tracking_number("1Z999AA10123456784");
/// let body = update.build()?;
/// assert_eq!(body.shipped_via_carrier.as_deref(), Some("UPS"));
///
/// assert!(UpdatePurchaseOrderTracking::new().build().is_err()); // changes nothing
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct UpdatePurchaseOrderTracking(types::PurchaseOrderTrackingUpdate);

impl UpdatePurchaseOrderTracking {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z999");
    /// # let _ = update;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `ShippedOn`: when the purchase order was shipped (changeable only
    /// when its shipping status is not "None").
    ///
    /// ```
    /// let update = sellercloud::UpdatePurchaseOrderTracking::new().shipped_on(chrono::Utc::now());
    /// # let _ = update;
    /// ```
    pub fn shipped_on(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.shipped_on = Some(at.into());
        self
    }

    /// `ShippedViaCarrier`: the carrier's name.
    ///
    /// ```
    /// let update = sellercloud::UpdatePurchaseOrderTracking::new().shipped_via_carrier("FedEx");
    /// # let _ = update;
    /// ```
    pub fn shipped_via_carrier(mut self, carrier: impl Into<String>) -> Self {
        self.0.shipped_via_carrier = Some(carrier.into());
        self
    }

    /// `TrackingNumber`.
    ///
    /// ```
    /// let update = sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z999AA10123456784");
    /// # let _ = update;
    /// ```
    pub fn tracking_number(mut self, number: impl Into<String>) -> Self {
        self.0.tracking_number = Some(number.into());
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::UpdatePurchaseOrderTracking::new().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("")); // changes nothing
    /// assert!(sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("").validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        at_least_one_field(&mut v, &self.0);
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// let body = sellercloud::UpdatePurchaseOrderTracking::new().shipped_via_carrier("").build().unwrap();
    /// assert_eq!(body.shipped_via_carrier.as_deref(), Some(""));
    /// ```
    pub fn build(self) -> Result<types::PurchaseOrderTrackingUpdate> {
        self.validate()?;
        Ok(self.0)
    }
}

/// Each field is "Set to null or omit in the request if update of this
/// field is not needed": a request with none of them changes nothing. A
/// convenience, not a vendor rule: send an empty update through
/// [`Client::call`](crate::Client::call) if you mean it.
pub static CHANGES_SOMETHING: Rule = Rule {
    operation: "update_purchase_order_tracking_number",
    field: "ShippedOn, ShippedViaCarrier, TrackingNumber",
    rule: "at least one must be set",
    kind: RuleKind::Convenience,
    source: "004 Update PO Shipping Information (Single Tracking)",
    quote: "Set to null or omit in the request if update of this field is not needed.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&CHANGES_SOMETHING];

// Not enforced, because document 004 states no such rule: that a carrier or
// tracking number is not blank. A blank one is sent as it is (to clear a
// wrong tracking number); null or absent means "no change".

fn at_least_one_field(v: &mut Validator, t: &types::PurchaseOrderTrackingUpdate) {
    v.require(
        &CHANGES_SOMETHING,
        t.shipped_on.is_some() || t.shipped_via_carrier.is_some() || t.tracking_number.is_some(),
        "",
    );
}

const OPERATION: Operation = Operation::idempotent("update_purchase_order_tracking_number");

/// Sends a tracking update: validated first; idempotent, so retried.
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderTracking,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_tracking_number(po_id.get(), &body)
        })
        .await
        .map_err(|e| {
            super::settings::explain(e, OPERATION.name, super::tracking::SINGLE_REFUSED)
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_field() {
        let e = UpdatePurchaseOrderTracking::new().build().unwrap_err();
        let v = e.violations().unwrap();
        assert!(v.has_field(""), "{v}");
        assert!(v.first().rule.contains("at least one"));
        assert!(
            UpdatePurchaseOrderTracking::new()
                .shipped_on(chrono::Utc::now())
                .build()
                .is_ok()
        );
        assert!(
            UpdatePurchaseOrderTracking::new()
                .shipped_via_carrier("UPS")
                .build()
                .is_ok()
        );
        assert!(
            UpdatePurchaseOrderTracking::new()
                .tracking_number("1Z")
                .build()
                .is_ok()
        );
    }

    /// Document 004: null or absent means "no change"; nothing refuses a
    /// blank value, so a blank carrier or tracking number is sent, which is
    /// how a wrong one is cleared (issue 14).
    #[test]
    fn blank_texts_are_sent_to_clear_a_value() {
        let body = UpdatePurchaseOrderTracking::new()
            .tracking_number("")
            .shipped_via_carrier("  ")
            .build()
            .unwrap();
        assert_eq!(body.tracking_number.as_deref(), Some(""));
        assert_eq!(body.shipped_via_carrier.as_deref(), Some("  "));
    }
}
