//! Tracking numbers in either mode of the client setting "Enable Multiple
//! Tracking Numbers On PO", which the API cannot read:
//!
//! - off (single mode): `PUT /api/PurchaseOrders/{id}/TrackingNumber`
//!   ([`UpdatePurchaseOrderTracking`], page "Update PO Shipping Information
//!   (Single Tracking)");
//! - on (multiple mode): `GET/POST/DELETE
//!   /api/PurchaseOrders/{id}/TrackingNumber/Multiple` ([`AddTrackingNumbers`],
//!   [`DeleteTrackingNumbers`], pages "Get / Add / Delete PO Shipping
//!   Information (Multiple Tracking Numbers)").
//!
//! [`SetTracking`] holds a change in one mode and says which;
//! [`PurchaseOrders::tracking_mode`](super::PurchaseOrders::tracking_mode)
//! finds the mode the server is in. A 400 that names the setting, from any
//! of these endpoints, is [`Error::ServerSetting`]
//! saying which way it is and which method to use instead.
//!
//! ```
//! use sellercloud::{AddTrackingNumbers, NewTrackingNumber, ShippingStatus, TrackingMode, SetTracking};
//! let add = AddTrackingNumbers::new()
//!     .tracking_number(NewTrackingNumber::new(chrono::Utc::now(), "UPS", "1Z999", ShippingStatus::FullyShipped));
//! let update = SetTracking::Multiple(add);
//! assert_eq!(update.mode(), TrackingMode::Multiple);
//! update.validate()?;
//! # Ok::<(), sellercloud::Error>(())
//! ```

use super::settings::{self, MULTIPLE_TRACKING_NUMBERS, Refusal};
use super::update_tracking::UpdatePurchaseOrderTracking;
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use chrono::{DateTime, FixedOffset};
use sellercloud_api::enums::ShippingStatus;
use sellercloud_api::types;

/// Which tracking endpoints the server accepts: the client setting "Enable
/// Multiple Tracking Numbers On PO" off ([`Single`](Self::Single)) or on
/// ([`Multiple`](Self::Multiple)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackingMode {
    /// The setting is off: one tracking number per purchase order.
    Single,
    /// The setting is on: a list of tracking numbers per purchase order.
    Multiple,
}

/// A tracking change in the mode it is written for.
#[derive(Clone, Debug)]
pub enum SetTracking {
    /// Sets the one tracking number (`PUT .../TrackingNumber`).
    Single(UpdatePurchaseOrderTracking),
    /// Adds tracking numbers (`POST .../TrackingNumber/Multiple`).
    Multiple(AddTrackingNumbers),
}

impl SetTracking {
    /// The mode the server must be in for this change.
    pub fn mode(&self) -> TrackingMode {
        match self {
            SetTracking::Single(_) => TrackingMode::Single,
            SetTracking::Multiple(_) => TrackingMode::Multiple,
        }
    }

    /// Checks the rules of its mode's endpoint.
    pub fn validate(&self) -> Result<()> {
        match self {
            SetTracking::Single(u) => u.validate(),
            SetTracking::Multiple(a) => a.validate(),
        }
    }
}

/// Tracking numbers to add to a purchase order (multiple mode). At least one
/// ([`AT_LEAST_ONE`]); each entry's required fields are taken by
/// [`NewTrackingNumber::new`] ([`ENTRY_FIELDS`]).
#[derive(Clone, Debug, Default)]
pub struct AddTrackingNumbers(Vec<types::NewPurchaseOrderTrackingNumber>);

impl AddTrackingNumbers {
    /// No tracking number yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one entry.
    pub fn tracking_number(mut self, entry: NewTrackingNumber) -> Self {
        self.0.push(entry.0);
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::AddTrackingNumbers::new().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("TrackingNumbers"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&AT_LEAST_ONE, !self.0.is_empty(), "TrackingNumbers");
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::NewPurchaseOrderTrackingNumbers> {
        self.validate()?;
        Ok(types::NewPurchaseOrderTrackingNumbers {
            tracking_numbers: self.0,
        })
    }
}

/// One tracking number to add, with its ship date, carrier and the
/// purchase order's shipping status.
#[derive(Clone, Debug)]
pub struct NewTrackingNumber(types::NewPurchaseOrderTrackingNumber);

impl NewTrackingNumber {
    /// `ShippedOn`, `ShippingCarrier` (the page lists `UPS`, `USPS`,
    /// `FedEx`, `DHL` and `Other`; a newer server may take more, so any text
    /// is sent), `TrackingNumber` and `ShippingStatus`, all required.
    /// `ShippedOn` is taken only while the purchase order's shipping status
    /// is not `None` (the server checks).
    pub fn new(
        shipped_on: impl Into<DateTime<FixedOffset>>,
        carrier: impl Into<String>,
        tracking_number: impl Into<String>,
        shipping_status: ShippingStatus,
    ) -> Self {
        NewTrackingNumber(types::NewPurchaseOrderTrackingNumber {
            shipped_on: shipped_on.into(),
            shipping_carrier: carrier.into(),
            other_carrier: None,
            tracking_number: tracking_number.into(),
            shipping_status,
        })
    }

    /// `OtherCarrier`: the carrier's name when `ShippingCarrier` is `Other`.
    pub fn other_carrier(mut self, name: impl Into<String>) -> Self {
        self.0.other_carrier = Some(name.into());
        self
    }
}

/// Tracking numbers to remove (multiple mode), by the IDs
/// [`PurchaseOrders::tracking_numbers`](super::PurchaseOrders::tracking_numbers)
/// reports. At least one ([`AT_LEAST_ONE_ID`]).
#[derive(Clone, Debug, Default)]
pub struct DeleteTrackingNumbers(Vec<i32>);

impl DeleteTrackingNumbers {
    /// No ID yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the ID of a stored tracking number.
    pub fn id(mut self, id: i32) -> Self {
        self.0.push(id);
        self
    }

    /// Checks the rules without building the body.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&AT_LEAST_ONE_ID, !self.0.is_empty(), "TrackingNumbersIDs");
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::PurchaseOrderTrackingNumberIds> {
        self.validate()?;
        Ok(types::PurchaseOrderTrackingNumberIds {
            tracking_numbers_i_ds: self.0,
        })
    }
}

const ADD: &str = "add_purchase_order_tracking_numbers";
const PAGE_ADD: &str = "page \"Add PO Shipping Information (Multiple Tracking Numbers)\"";

/// `TrackingNumbers` is required. That the list holds an entry is a
/// convenience (an empty list adds nothing), not a vendor rule.
pub static AT_LEAST_ONE: Rule = Rule {
    operation: ADD,
    field: "TrackingNumbers",
    rule: "must contain at least one entry",
    kind: RuleKind::Convenience,
    source: PAGE_ADD,
    quote: "TrackingNumbers | body | array | List of tracking numbers and shipping information to update. | yes",
};

/// `ShippedOn`, `ShippingCarrier`, `TrackingNumber` and `ShippingStatus` are
/// required in each entry: [`NewTrackingNumber::new`] takes them.
pub static ENTRY_FIELDS: Rule = Rule {
    operation: ADD,
    field: "TrackingNumbers[].ShippedOn, ShippingCarrier, TrackingNumber, ShippingStatus",
    rule: "required",
    kind: RuleKind::Type,
    source: PAGE_ADD,
    quote: "ShippedOn ... yes; ShippingCarrier ... yes; TrackingNumber ... yes; ShippingStatus ... yes",
};

/// `TrackingNumbersIDs` is required; an empty list removes nothing (a
/// convenience, not a vendor rule).
pub static AT_LEAST_ONE_ID: Rule = Rule {
    operation: "delete_purchase_order_tracking_numbers",
    field: "TrackingNumbersIDs",
    rule: "must contain at least one ID",
    kind: RuleKind::Convenience,
    source: "page \"Delete PO Shipping Information (Multiple Tracking Numbers)\"",
    quote: "TrackingNumbersIDs | body | array | List of the IDs of existing tracking numbers to remove from the targeted PO. | yes",
};

/// Every rule of the multiple-tracking endpoints.
pub static RULES: &[&Rule] = &[&AT_LEAST_ONE, &ENTRY_FIELDS, &AT_LEAST_ONE_ID];

// Not enforced: that `OtherCarrier` is set when `ShippingCarrier` is
// `Other` (the page says it "should be populated", not that the server
// refuses otherwise), and that `ShippingCarrier` is one of the five listed
// names (a newer server may take more).

/// In multiple mode, a refusal naming the setting means it is off.
const MULTIPLE_REFUSED: &[Refusal] = &[Refusal {
    setting: MULTIPLE_TRACKING_NUMBERS,
    enabled: false,
    use_instead: Some("PurchaseOrders::update_tracking"),
}];

/// In single mode, a refusal naming the setting means it is on.
pub(crate) const SINGLE_REFUSED: &[Refusal] = &[Refusal {
    setting: MULTIPLE_TRACKING_NUMBERS,
    enabled: true,
    use_instead: Some("PurchaseOrders::add_tracking_numbers"),
}];

const LIST: Operation = Operation::idempotent("get_purchase_order_tracking_numbers");
/// Each call adds entries: never re-sent once it may have been applied.
const ADD_OPERATION: Operation = Operation::not_idempotent(ADD);
const DELETE: Operation = Operation::idempotent("delete_purchase_order_tracking_numbers");

/// Reads the tracking numbers (multiple mode).
pub(crate) async fn list(
    client: &Client,
    po_id: PurchaseOrderId,
) -> Result<Vec<types::PurchaseOrderTrackingNumberEntry>> {
    let answer: types::PurchaseOrderTrackingNumbers = client
        .call(LIST, |api| {
            api.get_purchase_order_tracking_numbers(po_id.get())
        })
        .await
        .map_err(|e| settings::explain(e, LIST.name, MULTIPLE_REFUSED))?
        .decode(LIST.name)?;
    Ok(answer.tracking_numbers.unwrap_or_default())
}

/// The mode the server is in, by reading the multiple-mode list: a refusal
/// naming the setting means single mode. Reads only.
pub(crate) async fn mode(client: &Client, po_id: PurchaseOrderId) -> Result<TrackingMode> {
    match list(client, po_id).await {
        Ok(_) => Ok(TrackingMode::Multiple),
        Err(Error::ServerSetting { enabled: false, .. }) => Ok(TrackingMode::Single),
        Err(e) => Err(e),
    }
}

/// Adds tracking numbers (multiple mode).
pub(crate) async fn add(
    client: &Client,
    po_id: PurchaseOrderId,
    request: AddTrackingNumbers,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(ADD_OPERATION, |api| {
            api.add_purchase_order_tracking_numbers(po_id.get(), &body)
        })
        .await
        .map_err(|e| settings::explain(e, ADD, MULTIPLE_REFUSED))?;
    Ok(())
}

/// Removes tracking numbers (multiple mode).
pub(crate) async fn delete(
    client: &Client,
    po_id: PurchaseOrderId,
    request: DeleteTrackingNumbers,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(DELETE, |api| {
            api.delete_purchase_order_tracking_numbers(po_id.get(), &body)
        })
        .await
        .map_err(|e| settings::explain(e, DELETE.name, MULTIPLE_REFUSED))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_entry_and_id() {
        let e = AddTrackingNumbers::new().build().unwrap_err();
        assert_eq!(e.violations().unwrap().first().source, Some(&AT_LEAST_ONE));
        let e = DeleteTrackingNumbers::new().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&AT_LEAST_ONE_ID)
        );
        assert!(DeleteTrackingNumbers::new().id(3).build().is_ok());
    }

    #[test]
    fn entries_carry_their_required_fields() {
        let body = AddTrackingNumbers::new()
            .tracking_number(
                NewTrackingNumber::new(
                    chrono::Utc::now(),
                    "Other",
                    "T-1",
                    ShippingStatus::PartiallyShipped,
                )
                .other_carrier("Local courier"),
            )
            .build()
            .unwrap();
        let json = serde_json::to_value(&body).unwrap();
        let entry = &json["TrackingNumbers"][0];
        assert_eq!(entry["ShippingCarrier"], "Other");
        assert_eq!(entry["OtherCarrier"], "Local courier");
        assert_eq!(entry["ShippingStatus"], "PartiallyShipped");
        assert!(entry["ShippedOn"].is_string());
    }
}
