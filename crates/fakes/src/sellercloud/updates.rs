//! The purchase order updates: items (`PUT .../Items`) and tracking
//! (`PUT .../TrackingNumber`).

use super::app::SellercloudApp;
use super::model::*;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

impl SellercloudApp {
    /// `PUT /api/PurchaseOrders/{id}/Items` (document 000).
    ///
    /// - `Items` required with an `ID` each ("Is Required: true"); each ID
    ///   must be an item of this purchase order (`facts.md`: "`Items[].ID` is
    ///   the purchase order *item* ID").
    /// - Every other field: "Do not provide or set to 'null' if no update is
    ///   needed"; types only, no range. The mode rule: see [`check_mode`].
    pub(crate) fn update_items(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        struct Change<'a> {
            item: &'a Json,
            path: String,
            id: i32,
            qty: Quantities,
            expected: Option<chrono::DateTime<chrono::FixedOffset>>,
        }
        let mut changes = Vec::new();
        match required(&mut v, body.get("Items"), "Items", Violations::array) {
            Some([]) => v.add("Items", "must contain at least one item"),
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    let path = format!("Items[{index}]");
                    let Some(item) = v.object(Some(item), &path) else {
                        continue;
                    };
                    let id = required(
                        &mut v,
                        item.get("ID"),
                        &format!("{path}.ID"),
                        Violations::int,
                    );
                    // Document 000 gives no range for the quantities and prices: only types.
                    let qty = read_quantities(&mut v, item, &path, false);
                    let expected = v
                        .date_time(
                            item.get("ExpectedDeliveryDate"),
                            &format!("{path}.ExpectedDeliveryDate"),
                        )
                        .map(|(dt, _)| dt);
                    if let Some(id) = id {
                        changes.push(Change {
                            item,
                            path,
                            id,
                            qty,
                            expected,
                        });
                    }
                }
            }
            None => {}
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }

        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        for change in &changes {
            if po.item(change.id).is_none() {
                v.add(
                    format!("{}.ID", change.path),
                    format!(
                        "purchase order {po_id} has no item with ID {} (IDs are purchase order item IDs, not product IDs)",
                        change.id
                    ),
                );
            }
            check_mode(
                &mut v,
                change.item,
                &change.path,
                Some(po.case_qty_mode),
                "the purchase order is",
            );
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        for change in changes {
            let Some(item) = po.items.iter_mut().find(|i| i.id == change.id) else {
                continue;
            };
            let q = change.qty;
            set_if(&mut item.qty_units_ordered, q.units);
            set_if(&mut item.unit_price, q.unit_price);
            set_if(&mut item.qty_cases_ordered, q.cases);
            set_if(&mut item.qty_units_per_case, q.units_per_case);
            set_if(&mut item.case_price, q.case_price);
            set_if(&mut item.expected_delivery_date, change.expected);
        }
        po.receiving_status = po.computed_receiving_status();
        po.updated_on = Some(self.core.clock.local_now());
        Ok(Reply::empty(StatusCode::OK))
    }

    /// `PUT /api/PurchaseOrders/{id}/TrackingNumber` (document 004).
    ///
    /// - Each field: "Set to null or omit in the request if update of this
    ///   field is not needed"; a sent string replaces the stored one, a blank
    ///   one (empty or only spaces) clears it. A body with no field changes
    ///   nothing and is accepted: the document states no rule against it.
    /// - `ShippedOn`: "You can only update this value if the PO Shipping
    ///   status is not 'None'", checked against the stored status. Setting a
    ///   tracking number does not change the shipping status.
    /// - "Note that it will only work if the Client Setting Enable Multiple
    ///   Tracking Numbers On PO is disabled."
    pub(crate) fn update_tracking(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let shipped_on = v
            .date_time(body.get("ShippedOn"), "ShippedOn")
            .map(|(dt, _)| dt);
        let carrier = v.string(body.get("ShippedViaCarrier"), "ShippedViaCarrier");
        let tracking = v.string(body.get("TrackingNumber"), "TrackingNumber");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        if self.config.settings.enable_multiple_tracking_numbers {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                "This endpoint only works while the client setting 'Enable Multiple Tracking Numbers On PO' is disabled.",
            ));
        }
        if shipped_on.is_some() && po.shipping.status == ShippingStatus::None {
            v.add(
                "ShippedOn",
                format!(
                    "can only be changed when the shipping status of purchase order {po_id} is not None"
                ),
            );
            return Err(invalid(v));
        }
        if shipped_on.is_none() && carrier.is_none() && tracking.is_none() {
            return Ok(Reply::empty(StatusCode::OK));
        }
        let text = |value: String| (!value.trim().is_empty()).then_some(value);
        set_if(&mut po.shipping.shipped_on, shipped_on);
        if let Some(carrier) = carrier {
            po.shipping.shipped_via_carrier = text(carrier);
        }
        if let Some(tracking) = tracking {
            po.shipping.tracking_number = text(tracking);
        }
        po.updated_on = Some(self.core.clock.local_now());
        Ok(Reply::empty(StatusCode::OK))
    }
}
