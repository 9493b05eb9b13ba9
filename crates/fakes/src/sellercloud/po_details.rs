//! The routes of the vendor's newer purchase-order pages: general details,
//! tracking numbers in multiple mode, invoice, totals, deleting items and
//! custom columns. Each enforces its page's rules from the request bytes,
//! independently of the SDK's builders.

use super::app::SellercloudApp;
use super::model::*;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

/// The 400 the vendor answers when a client setting is the other way,
/// naming the setting.
fn setting_refusal(setting: &str, must_be: &str) -> Reply {
    Reply::message(
        StatusCode::BAD_REQUEST,
        format!("This endpoint only works while the client setting '{setting}' is {must_be}."),
    )
}

const MULTIPLE_TRACKING: &str = "Enable Multiple Tracking Numbers On PO";

/// IDs of a required int array (`PoItemsIDs`, `TrackingNumbersIDs`).
fn id_list(v: &mut Violations, body: &Json, field: &str) -> Vec<(String, i32)> {
    let mut ids = Vec::new();
    if let Some(items) = required(v, body.get(field), field, Violations::array) {
        for (index, item) in items.iter().enumerate() {
            let path = format!("{field}[{index}]");
            if let Some(id) = required(v, Some(item), &path, Violations::int) {
                ids.push((path, id));
            }
        }
    }
    ids
}

/// The 400 naming every violation so far, if there is one.
pub(super) fn refuse_any(v: &mut Violations) -> Result<(), Reply> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(invalid(std::mem::take(v)))
    }
}

/// Each of `ids` that `exists` does not know, as a violation at its path.
fn unknown_ids(
    v: &mut Violations,
    ids: &[(String, i32)],
    exists: impl Fn(i32) -> bool,
    what: &str,
) {
    for (path, id) in ids {
        if !exists(*id) {
            v.add(path.clone(), format!("{what} has no such ID ({id})"));
        }
    }
}

fn to_value(json: &Json) -> serde_json::Value {
    match json {
        Json::Null => serde_json::Value::Null,
        Json::Bool(b) => (*b).into(),
        Json::Num(text) => serde_json::from_str(text).unwrap_or(serde_json::Value::Null),
        Json::Str(s) => s.clone().into(),
        Json::Arr(items) => items.iter().map(to_value).collect(),
        Json::Obj(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), to_value(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

impl SellercloudApp {
    /// Applies `change` to the stored purchase order `po_id` (404 when there
    /// is none) and, when it succeeds, marks the purchase order updated now.
    /// The multiple-tracking routes work only while the setting is on.
    fn require_multiple_tracking(&self) -> Result<(), Reply> {
        if self.config.settings.enable_multiple_tracking_numbers {
            Ok(())
        } else {
            Err(setting_refusal(MULTIPLE_TRACKING, "enabled"))
        }
    }

    fn change_po(
        &self,
        po_id: i32,
        change: impl FnOnce(&mut StoredPurchaseOrder) -> Result<Reply, Reply>,
    ) -> Result<Reply, Reply> {
        let now = self.core.clock.local_now();
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        let reply = change(po)?;
        po.updated_on = Some(now);
        Ok(reply)
    }

    /// `PUT /api/PurchaseOrders/{id}` (page "Update Purchase Order"): every
    /// field optional ("Do not provide or set to null if no update is
    /// needed"), of its type, no other rule; a body with none changes
    /// nothing.
    pub(crate) fn update_details(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let company = v.int(body.get("CompanyId"), "CompanyId");
        let vendor = v.int(body.get("VendorId"), "VendorId");
        let description = v.string(body.get("Description"), "Description");
        let instructions = v.string(body.get("Instructions"), "Instructions");
        let mut date = |field: &str| v.date_time(body.get(field), field).map(|(dt, _)| dt);
        let ordered = date("OrderedOnDate");
        let requested = date("RequestedOnDate");
        let expected = date("ExpectedDeliveryDate");
        let cancel_by = date("CancelByDate");
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
            if let Some(company) = company {
                po.company_id = company;
            }
            if let Some(vendor) = vendor {
                po.vendor_id = vendor;
            }
            set_if(&mut po.description, description);
            set_if(&mut po.expected_delivery_date, expected);
            let d = &mut po.details;
            set_if(&mut d.instructions, instructions);
            set_if(&mut d.ordered_on, ordered);
            set_if(&mut d.requested_on, requested);
            set_if(&mut d.cancel_by, cancel_by);
            Ok(Reply::empty(StatusCode::OK))
        })
    }

    /// `GET /api/PurchaseOrders/{id}/TrackingNumber/Multiple`: only while
    /// "Enable Multiple Tracking Numbers On PO" is on.
    pub(crate) fn tracking_numbers(&self, po_id: i32) -> Result<Reply, Reply> {
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        self.require_multiple_tracking()?;
        let entries: Vec<_> = po
            .details
            .tracking_numbers
            .iter()
            .map(|t| {
                serde_json::json!({
                    "ID": t.id,
                    "ShippedOn": t.shipped_on.map(|at| at.to_rfc3339()),
                    "ShippingCarrier": t.shipping_carrier,
                    "TrackingNumber": t.tracking_number,
                })
            })
            .collect();
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "TrackingNumbers": entries }),
        ))
    }

    /// `POST /api/PurchaseOrders/{id}/TrackingNumber/Multiple` (page "Add PO
    /// Shipping Information (Multiple Tracking Numbers)"):
    ///
    /// - `TrackingNumbers` required; each entry requires `ShippedOn`,
    ///   `ShippingCarrier`, `TrackingNumber` and `ShippingStatus` (a known
    ///   name or number); `OtherCarrier` optional. An empty list adds nothing.
    /// - only while "Enable Multiple Tracking Numbers On PO" is on;
    /// - `ShippedOn` "only ... if the PO Shipping status is not None": the
    ///   status the entry sets, or else the stored one, must not be `None`.
    /// - each entry is added with a new ID; the purchase order's shipping
    ///   status becomes the last entry's.
    pub(crate) fn add_tracking_numbers(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let mut entries = Vec::new();
        if let Some(items) = required(
            &mut v,
            body.get("TrackingNumbers"),
            "TrackingNumbers",
            Violations::array,
        ) {
            for (index, item) in items.iter().enumerate() {
                let path = format!("TrackingNumbers[{index}]");
                let Some(item) = v.object(Some(item), &path) else {
                    continue;
                };
                let at = |f: &str| format!("{path}.{f}");
                let shipped_on = required(
                    &mut v,
                    item.get("ShippedOn"),
                    &at("ShippedOn"),
                    |v, j, p| v.date_time(j, p).map(|(dt, _)| dt),
                );
                let carrier = required(
                    &mut v,
                    item.get("ShippingCarrier"),
                    &at("ShippingCarrier"),
                    Violations::string,
                );
                let other = v.string(item.get("OtherCarrier"), &at("OtherCarrier"));
                let number = required(
                    &mut v,
                    item.get("TrackingNumber"),
                    &at("TrackingNumber"),
                    Violations::string,
                );
                let status = required(
                    &mut v,
                    item.get("ShippingStatus"),
                    &at("ShippingStatus"),
                    known_enum::<ShippingStatus>,
                );
                if let (Some(carrier), Some(number), Some(status)) = (carrier, number, status) {
                    entries.push((at("ShippedOn"), shipped_on, carrier, other, number, status));
                }
            }
        }
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
        self.require_multiple_tracking()?;
        for (path, shipped_on, _, _, _, status) in &entries {
            if shipped_on.is_some()
                && *status == ShippingStatus::None
                && po.shipping.status == ShippingStatus::None
            {
                v.add(path.clone(), format!("can only be set when the shipping status of purchase order {po_id} is not None"));
            }
        }
        refuse_any(&mut v)?;
        for (_, shipped_on, carrier, other, number, status) in entries {
            let id = po
                .details
                .tracking_numbers
                .iter()
                .map(|t| t.id)
                .max()
                .unwrap_or(0)
                + 1;
            po.details.tracking_numbers.push(StoredTrackingNumber {
                id,
                shipped_on,
                shipping_carrier: carrier,
                other_carrier: other,
                tracking_number: number,
            });
            po.shipping.status = status;
        }
        Ok(Reply::empty(StatusCode::OK))
        })
    }

    /// `DELETE /api/PurchaseOrders/{id}/TrackingNumber/Multiple`:
    /// `TrackingNumbersIDs` required, each the ID of a tracking number of
    /// that purchase order; only while the multiple setting is on.
    pub(crate) fn delete_tracking_numbers(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let ids = id_list(&mut v, body, "TrackingNumbersIDs");
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
            self.require_multiple_tracking()?;
            let stored = &po.details.tracking_numbers;
            let what = format!("the tracking numbers of purchase order {po_id}");
            unknown_ids(&mut v, &ids, |id| stored.iter().any(|t| t.id == id), &what);
            refuse_any(&mut v)?;
            po.details
                .tracking_numbers
                .retain(|t| !ids.iter().any(|(_, id)| *id == t.id));
            Ok(Reply::empty(StatusCode::OK))
        })
    }

    /// `PUT /api/PurchaseOrders/{id}/Invoice` (page "Update PO Invoice
    /// Number"): both fields optional; only while "Enable Vendor Invoices
    /// Workflow" is off.
    pub(crate) fn update_invoice(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let date = v
            .date_time(body.get("InvoiceDate"), "InvoiceDate")
            .map(|(dt, _)| dt);
        let number = v.string(body.get("InvoiceNumber"), "InvoiceNumber");
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
            if self.config.settings.enable_vendor_invoices_workflow {
                return Err(setting_refusal(
                    "Enable Vendor Invoices Workflow",
                    "disabled",
                ));
            }
            set_if(&mut po.details.invoice_date, date);
            set_if(&mut po.details.invoice_number, number);
            Ok(Reply::empty(StatusCode::OK))
        })
    }

    /// `PUT /api/PurchaseOrders/{id}/Total` (page "Update PO Totals"): four
    /// optional numbers ("Won't update if not provided"), kept exactly; no
    /// range.
    pub(crate) fn update_totals(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let mut amount = |field: &str| v.decimal(body.get(field), field);
        let tax = amount("TaxTotal");
        let other = amount("OtherTotal");
        let shipping = amount("ShippingTotal");
        let third_party = amount("ShippingTotalThirdParty");
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
            let d = &mut po.details;
            set_if(&mut d.tax_total, tax);
            set_if(&mut d.other_total, other);
            set_if(&mut d.shipping_total, shipping);
            set_if(&mut d.shipping_total_third_party, third_party);
            Ok(Reply::empty(StatusCode::OK))
        })
    }

    /// `DELETE /api/PurchaseOrders/{id}/Items` (page "Delete Purchase Order
    /// Items"): `PoItemsIDs`, each an item of that purchase order; answers
    /// "Items deleted successfully.".
    pub(crate) fn delete_items(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let ids = id_list(&mut v, body, "PoItemsIDs");
        refuse_any(&mut v)?;
        self.change_po(po_id, |po| {
            let what = format!("purchase order {po_id} (item IDs, not product IDs)");
            unknown_ids(&mut v, &ids, |id| po.item(id).is_some(), &what);
            refuse_any(&mut v)?;
            po.items.retain(|i| !ids.iter().any(|(_, id)| *id == i.id));
            po.receiving_status = po.computed_receiving_status();
            let text = serde_json::Value::String("Items deleted successfully.".into());
            Ok(Reply::json(StatusCode::OK, &text))
        })
    }

    /// `GET /api/PurchaseOrders/{id}/CustomColumns` and
    /// `GET /api/PurchaseOrders/CustomColumns?id=`: every defined column with
    /// its value (null until set).
    pub(crate) fn custom_columns(&self, po_id: i32) -> Result<Reply, Reply> {
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        let columns: Vec<_> = self
            .config
            .purchase_order_custom_columns
            .iter()
            .map(|name| {
                let value = po
                    .details
                    .custom_columns
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map_or(serde_json::Value::Null, |(_, v)| v.clone());
                serde_json::json!({ "ColumnName": name, "DisplayName": name, "Value": value })
            })
            .collect();
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::Value::Array(columns),
        ))
    }

    /// `GET /api/PurchaseOrders/CustomColumns?id={id}` (page "Get Custom
    /// Columns"): `id` required.
    pub(crate) fn custom_columns_by_query(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let id = query
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| key.eq_ignore_ascii_case("id"))
            .and_then(|(_, value)| value.parse::<i32>().ok());
        match id {
            Some(id) => self.custom_columns(id),
            None => {
                let mut v = Violations::default();
                v.add("id", "is required (an int32)");
                Err(invalid(v))
            }
        }
    }

    /// `PUT /api/PurchaseOrders/{id}/CustomColumns` (page "Update Custom
    /// Columns"): `ColumnName` ("Name of existing column name") and `Value`
    /// both mandatory; a null `Value` counts as absent.
    pub(crate) fn update_custom_column(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let name = required(
            &mut v,
            body.get("ColumnName"),
            "ColumnName",
            Violations::string,
        );
        let value = Violations::present(body.get("Value")).map(to_value);
        if value.is_none() {
            v.add("Value", "is required");
        }
        let defined = |name: &str| {
            self.config
                .purchase_order_custom_columns
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
        };
        if let Some(name) = name.as_deref().filter(|n| !defined(n)) {
            v.add(
                "ColumnName",
                format!("`{name}` is not an existing custom column"),
            );
        }
        refuse_any(&mut v)?;
        let (Some(name), Some(value)) = (name, value) else {
            return Err(invalid(v));
        };
        self.change_po(po_id, |po| {
            let columns = &mut po.details.custom_columns;
            columns.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            columns.push((name, value));
            Ok(Reply::empty(StatusCode::OK))
        })
    }
}
