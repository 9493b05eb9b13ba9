//! What the vendor's newer purchase-order pages store on a purchase order.

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

/// The general details, tracking numbers, invoice, totals and custom
/// columns of a purchase order, as the newer pages set them. Each value is
/// kept as sent (`None` until set).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredPoDetails {
    /// `OrderedOnDate`.
    pub ordered_on: Option<DateTime<FixedOffset>>,
    /// `RequestedOnDate`.
    pub requested_on: Option<DateTime<FixedOffset>>,
    /// `CancelByDate`.
    pub cancel_by: Option<DateTime<FixedOffset>>,
    /// `Instructions`.
    pub instructions: Option<String>,
    /// The tracking numbers of multiple-tracking mode, oldest first.
    pub tracking_numbers: Vec<StoredTrackingNumber>,
    /// `InvoiceNumber`.
    pub invoice_number: Option<String>,
    /// `InvoiceDate`.
    pub invoice_date: Option<DateTime<FixedOffset>>,
    /// `TaxTotal`, exact.
    pub tax_total: Option<Decimal>,
    /// `OtherTotal`, exact.
    pub other_total: Option<Decimal>,
    /// `ShippingTotal`, exact.
    pub shipping_total: Option<Decimal>,
    /// `ShippingTotalThirdParty`, exact.
    pub shipping_total_third_party: Option<Decimal>,
    /// Custom column values by `ColumnName`, as sent.
    pub custom_columns: Vec<(String, serde_json::Value)>,
    /// The purchase order this one was split from (`POST .../split`).
    pub split_from: Option<i32>,
    /// The sales orders linked to it (`POST /api/Orders/{id}/LinkToPo`),
    /// in the order they were linked.
    pub linked_orders: Vec<i32>,
}

/// One tracking number of multiple-tracking mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredTrackingNumber {
    /// The ID the fake assigned (unique within its purchase order).
    pub id: i32,
    /// `ShippedOn`.
    pub shipped_on: Option<DateTime<FixedOffset>>,
    /// `ShippingCarrier`.
    pub shipping_carrier: String,
    /// `OtherCarrier`.
    pub other_carrier: Option<String>,
    /// `TrackingNumber`.
    pub tracking_number: String,
}
