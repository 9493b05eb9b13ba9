//! Update a purchase order's shipping information (single tracking number):
//! `PUT /api/PurchaseOrders/{id}/TrackingNumber`.
//!
//! ```
//! let body = sellercloud::TrackingUpdate::new().tracking_number("1Z999").build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"TrackingNumber":"1Z999"}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::rules::check_path_id;
use api_runtime::call::Operation;
use api_runtime::validate::{Validator, not_blank};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::types;

/// New shipping information of a purchase order. Fields left unset keep
/// their stored values; at least one must be set, and texts must not be
/// blank.
///
/// ```
/// use chrono::Utc;
/// use sellercloud::TrackingUpdate;
///
/// let update = TrackingUpdate::new()
///     .shipped_on(Utc::now())
///     .shipped_via_carrier("UPS")
///     .tracking_number("1Z999AA10123456784");
/// let body = update.build()?;
/// assert_eq!(body.shipped_via_carrier.as_deref(), Some("UPS"));
///
/// assert!(TrackingUpdate::new().build().is_err()); // changes nothing
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct TrackingUpdate(types::PurchaseOrderTrackingUpdate);

impl TrackingUpdate {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = sellercloud::TrackingUpdate::new().tracking_number("1Z999");
    /// # let _ = update;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `ShippedOn`: when the purchase order was shipped (changeable only
    /// when its shipping status is not "None").
    ///
    /// ```
    /// let update = sellercloud::TrackingUpdate::new().shipped_on(chrono::Utc::now());
    /// # let _ = update;
    /// ```
    pub fn shipped_on(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.0.shipped_on = Some(at.into());
        self
    }

    /// `ShippedViaCarrier`: the carrier's name.
    ///
    /// ```
    /// let update = sellercloud::TrackingUpdate::new().shipped_via_carrier("FedEx");
    /// # let _ = update;
    /// ```
    pub fn shipped_via_carrier(mut self, carrier: impl Into<String>) -> Self {
        self.0.shipped_via_carrier = Some(carrier.into());
        self
    }

    /// `TrackingNumber`.
    ///
    /// ```
    /// let update = sellercloud::TrackingUpdate::new().tracking_number("1Z999AA10123456784");
    /// # let _ = update;
    /// ```
    pub fn tracking_number(mut self, number: impl Into<String>) -> Self {
        self.0.tracking_number = Some(number.into());
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::TrackingUpdate::new().shipped_via_carrier("").validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("ShippedViaCarrier"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        at_least_one_field(&mut v, &self.0);
        texts_not_blank(&mut v, &self.0);
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// let e = sellercloud::TrackingUpdate::new().shipped_via_carrier("").build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("ShippedViaCarrier"));
    /// ```
    pub fn build(self) -> Result<types::PurchaseOrderTrackingUpdate> {
        self.validate()?;
        Ok(self.0)
    }
}

/// Sellercloud, Update PO Shipping Information: each field is "Set to null
/// or omit in the request if update of this field is not needed"; a request
/// with none of them changes nothing.
fn at_least_one_field(v: &mut Validator, t: &types::PurchaseOrderTrackingUpdate) {
    v.check(
        t.shipped_on.is_some() || t.shipped_via_carrier.is_some() || t.tracking_number.is_some(),
        "",
        "must set at least one of ShippedOn, ShippedViaCarrier, TrackingNumber",
    );
}

/// Sellercloud, Update PO Shipping Information: `ShippedViaCarrier`
/// "Shipping Carrier Name" and `TrackingNumber` "Tracking Number"; a blank
/// text would erase the stored value rather than set one (leave the field
/// unset to keep it).
fn texts_not_blank(v: &mut Validator, t: &types::PurchaseOrderTrackingUpdate) {
    if let Some(carrier) = &t.shipped_via_carrier {
        v.rule("ShippedViaCarrier", not_blank(carrier));
    }
    if let Some(number) = &t.tracking_number {
        v.rule("TrackingNumber", not_blank(number));
    }
}

const OPERATION: Operation = Operation::idempotent("update_purchase_order_tracking_number");

/// Sends a tracking update: validated first; idempotent, so retried.
pub(crate) async fn send(client: &Client, po_id: i32, request: TrackingUpdate) -> Result<()> {
    check_path_id(po_id)?;
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.update_purchase_order_tracking_number(po_id, &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_field() {
        let e = TrackingUpdate::new().build().unwrap_err();
        let v = e.violations().unwrap();
        assert!(v.has_field(""), "{v}");
        assert!(v.first().rule.contains("at least one"));
        assert!(
            TrackingUpdate::new()
                .shipped_on(chrono::Utc::now())
                .build()
                .is_ok()
        );
        assert!(
            TrackingUpdate::new()
                .shipped_via_carrier("UPS")
                .build()
                .is_ok()
        );
        assert!(TrackingUpdate::new().tracking_number("1Z").build().is_ok());
    }

    #[test]
    fn carrier_not_blank() {
        let e = TrackingUpdate::new()
            .shipped_via_carrier("  ")
            .build()
            .unwrap_err();
        assert!(e.violations().unwrap().has_field("ShippedViaCarrier"));
        assert!(
            TrackingUpdate::new()
                .shipped_via_carrier("DHL")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn tracking_number_not_blank() {
        let e = TrackingUpdate::new()
            .tracking_number("")
            .build()
            .unwrap_err();
        assert!(e.violations().unwrap().has_field("TrackingNumber"));
        assert!(
            TrackingUpdate::new()
                .tracking_number("1Z999")
                .build()
                .is_ok()
        );
    }
}
