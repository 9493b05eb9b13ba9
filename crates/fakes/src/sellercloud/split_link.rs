//! Splitting a purchase order (`POST /api/PurchaseOrders/{id}/split`, page
//! "Split Purchase Order") and linking a sales order to one (`POST
//! /api/Orders/{orderID}/LinkToPo`, page "Link Sales Order to PO
//! (Crossdock)").

use super::app::SellercloudApp;
use super::model::*;
use super::po_details::refuse_any;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

/// One entry of `PoItemsToSplit`, as read.
struct SplitLine {
    path: String,
    id: i32,
    units: Option<i32>,
    units_received: Option<i32>,
    cases: Option<i32>,
    cases_received: Option<i32>,
}

impl SellercloudApp {
    /// `POST /api/PurchaseOrders/{id}/split`:
    ///
    /// - `PoItemsToSplit` required, each entry with the `ID` of an item of
    ///   this purchase order;
    /// - not in case quantity mode: `QtyToSplit` required, `CaseQtyToSplit`
    ///   and `CaseQtyReceivedToSplit` refused; in case mode the reverse
    ///   ("required when the PO is (not) in case qty mode", "should not be
    ///   provided when ...");
    /// - the quantities move to a new purchase order (same company, vendor,
    ///   type and mode, [`StoredPoDetails::split_from`] set), one item per
    ///   entry; the answer is `{"NewPoID": n}`. The page states no bound on
    ///   the quantities, so none is checked (an item's ordered quantity does
    ///   not go below 0).
    pub(crate) fn split(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let mut lines = Vec::new();
        let items = required(
            &mut v,
            body.get("PoItemsToSplit"),
            "PoItemsToSplit",
            Violations::array,
        );
        for (index, item) in items.unwrap_or_default().iter().enumerate() {
            let path = format!("PoItemsToSplit[{index}]");
            let Some(item) = v.object(Some(item), &path) else {
                continue;
            };
            let at = |f: &str| format!("{path}.{f}");
            let id = required(&mut v, item.get("ID"), &at("ID"), Violations::int);
            let units = v.int(item.get("QtyToSplit"), &at("QtyToSplit"));
            let units_received = v.int(item.get("QtyReceivedToSplit"), &at("QtyReceivedToSplit"));
            let cases = v.int(item.get("CaseQtyToSplit"), &at("CaseQtyToSplit"));
            let cases_received = v.int(
                item.get("CaseQtyReceivedToSplit"),
                &at("CaseQtyReceivedToSplit"),
            );
            if let Some(id) = id {
                lines.push(SplitLine {
                    path,
                    id,
                    units,
                    units_received,
                    cases,
                    cases_received,
                });
            }
        }
        refuse_any(&mut v)?;
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        let case_mode = po.case_qty_mode;
        for line in &lines {
            if po.item(line.id).is_none() {
                v.add(
                    format!("{}.ID", line.path),
                    format!("purchase order {po_id} has no item with ID {}", line.id),
                );
            }
            let (needed, given, refused) = if case_mode {
                (
                    "CaseQtyToSplit",
                    line.cases,
                    [
                        ("QtyToSplit", line.units),
                        ("QtyReceivedToSplit", line.units_received),
                    ],
                )
            } else {
                (
                    "QtyToSplit",
                    line.units,
                    [
                        ("CaseQtyToSplit", line.cases),
                        ("CaseQtyReceivedToSplit", line.cases_received),
                    ],
                )
            };
            let mode = if case_mode { "in" } else { "not in" };
            if given.is_none() {
                v.add(
                    format!("{}.{needed}", line.path),
                    format!("is required when the purchase order is {mode} case quantity mode"),
                );
            }
            for (field, value) in refused {
                if value.is_some() {
                    v.add(
                        format!("{}.{field}", line.path),
                        format!(
                            "must not be sent when the purchase order is {mode} case quantity mode"
                        ),
                    );
                }
            }
        }
        refuse_any(&mut v)?;
        let mut moved = Vec::new();
        for line in &lines {
            let Some(item) = po.items.iter_mut().find(|i| i.id == line.id) else {
                continue;
            };
            let mut new = StoredPurchaseOrderItem::new(0, item.product_id.clone());
            new.unit_price = item.unit_price;
            new.case_price = item.case_price;
            new.qty_units_per_case = item.qty_units_per_case;
            new.warehouse_id = item.warehouse_id;
            let (ordered, moved_qty, split) = if case_mode {
                (
                    &mut item.qty_cases_ordered,
                    &mut new.qty_cases_ordered,
                    line.cases,
                )
            } else {
                (
                    &mut item.qty_units_ordered,
                    &mut new.qty_units_ordered,
                    line.units,
                )
            };
            let split = split.unwrap_or(0);
            *ordered = Some(ordered.unwrap_or(0).saturating_sub(split).max(0));
            *moved_qty = Some(split);
            moved.push(new);
        }
        let now = self.core.clock.local_now();
        po.updated_on = Some(now);
        let mut new_po = StoredPurchaseOrder {
            company_id: po.company_id,
            vendor_id: po.vendor_id,
            po_type: po.po_type,
            default_warehouse_id: po.default_warehouse_id,
            description: po.description.clone(),
            ..StoredPurchaseOrder::new(0, case_mode)
        };
        new_po.details.split_from = Some(po_id);
        new_po.id = state.take_po_id()?;
        for mut item in moved {
            item.id = state.take_item_id()?;
            new_po.items.push(item);
        }
        let new_id = new_po.id;
        new_po.created_on = Some(now);
        new_po.updated_on = Some(now);
        state.purchase_orders.insert(new_id, new_po);
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "NewPoID": new_id }),
        ))
    }

    /// `POST /api/Orders/{orderID}/LinkToPo`: the order must exist (404);
    /// `NewPo` (with `CompanyID` and `VendorID`, "yes – if creating a new
    /// PO") or `ExistingPo` (with `PoID` of a stored purchase order, "yes –
    /// if linking to an existing PO"), one of them: the page offers the two
    /// as alternatives. `Items` is type-checked only (the fake keeps no
    /// order items). The link is kept in
    /// [`StoredPoDetails::linked_orders`]; a new purchase order's
    /// `Description` names the order. No answer body.
    pub(crate) fn link_to_po(&self, order_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let new_po = v.object(body.get("NewPo"), "NewPo");
        let existing = v.object(body.get("ExistingPo"), "ExistingPo");
        let mut company = None;
        let mut vendor = None;
        if let Some(new_po) = new_po {
            company = required(
                &mut v,
                new_po.get("CompanyID"),
                "NewPo.CompanyID",
                Violations::int,
            );
            vendor = required(
                &mut v,
                new_po.get("VendorID"),
                "NewPo.VendorID",
                Violations::int,
            );
        }
        let po_id = existing
            .and_then(|e| required(&mut v, e.get("PoID"), "ExistingPo.PoID", Violations::int));
        match (new_po, existing) {
            (None, None) => v.add("NewPo", "either NewPo or ExistingPo is required"),
            (Some(_), Some(_)) => v.add("ExistingPo", "send either NewPo or ExistingPo, not both"),
            _ => {}
        }
        for (index, item) in v
            .array(body.get("Items"), "Items")
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let path = format!("Items[{index}]");
            if let Some(item) = v.object(Some(item), &path) {
                v.int(item.get("OrderItemID"), &format!("{path}.OrderItemID"));
                v.int(item.get("QtyForPo"), &format!("{path}.QtyForPo"));
            }
        }
        refuse_any(&mut v)?;
        let mut state = self.state();
        if !state.orders.contains_key(&order_id) {
            return Err(not_found("Order", order_id));
        }
        let now = self.core.clock.local_now();
        let target = match (po_id, company, vendor) {
            (Some(id), _, _) => {
                if !state.purchase_orders.contains_key(&id) {
                    v.add(
                        "ExistingPo.PoID",
                        format!("purchase order {id} does not exist"),
                    );
                    return Err(invalid(v));
                }
                id
            }
            (None, Some(company_id), Some(vendor_id)) => {
                let id = state.take_po_id()?;
                let po = StoredPurchaseOrder {
                    company_id,
                    vendor_id,
                    description: Some(format!("Order {order_id}")),
                    created_on: Some(now),
                    ..StoredPurchaseOrder::new(id, false)
                };
                state.purchase_orders.insert(id, po);
                id
            }
            _ => return Err(invalid(v)),
        };
        let po = state.purchase_order_mut(target)?;
        po.details.linked_orders.push(order_id);
        po.updated_on = Some(now);
        Ok(Reply::empty(StatusCode::OK))
    }
}
