//! The rest of a purchase order's life: adding items and receiving.

use super::app::SellercloudApp;
use super::config::AddItemsAnswer;
use super::model::*;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

/// The add-items article's success text.
pub(crate) const ITEMS_SAVED: &str = "Successfully saved the purchase items.";

/// One product of an add-items body, read before the purchase order's mode
/// is known.
struct NewItem<'a> {
    object: &'a Json,
    path: String,
    item: StoredPurchaseOrderItem,
}

/// One `Items` entry of a receive body.
struct Receiving<'a> {
    object: &'a Json,
    path: String,
    line: StoredReceiptLine,
}

impl SellercloudApp {
    /// `POST /api/PurchaseOrders/{id}/items`: a JSON array of `CreatePoItemDto`.
    ///
    /// Rules, from the add-items article ("ProductID and Qty are mandatory":
    /// in case-quantity mode `CasePrice`, `QtyUnitsPerCase`,
    /// `QtyCasesOrdered`; otherwise `QtyUnitsOrdered`, `UnitPrice`) and the
    /// Swagger (`ProductID` required, the body required): at least one
    /// product, each with a non-blank `ProductID` and its mode's fields; the
    /// other mode's fields are refused, as for the same DTO in document 001
    /// ("Should only be set if case quantity mode is set to ..."). No range
    /// rule: no document states one for this endpoint. Field paths name the
    /// body as the Swagger's parameter does: `model[0].ProductID`.
    pub(crate) fn add_items(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let Json::Arr(products) = body else {
            return Err(Reply::message(
                StatusCode::BAD_REQUEST,
                format!(
                    "The request is invalid. The request body must be a JSON array of products, not {}.",
                    body.kind()
                ),
            ));
        };
        let mut v = Violations::default();
        if products.is_empty() {
            v.add("model", "must contain at least one product");
        }
        let mut new_items = Vec::new();
        for (index, product) in products.iter().enumerate() {
            let path = format!("model[{index}]");
            let Some(object) = v.object(Some(product), &path) else {
                continue;
            };
            let field = |name: &str| format!("{path}.{name}");
            let product_id = required(
                &mut v,
                object.get("ProductID"),
                &field("ProductID"),
                Violations::string,
            );
            if product_id.as_deref().is_some_and(|id| id.trim().is_empty()) {
                v.add(field("ProductID"), "must not be blank");
            }
            let qty = read_quantities(&mut v, object, &path, false);
            let item = StoredPurchaseOrderItem {
                product_id: product_id.unwrap_or_default(),
                qty_units_ordered: qty.units,
                unit_price: qty.unit_price,
                qty_cases_ordered: qty.cases,
                qty_units_per_case: qty.units_per_case,
                case_price: qty.case_price,
                discount_type: known_enum(
                    &mut v,
                    object.get("DiscountType"),
                    &field("DiscountType"),
                ),
                discount_value: v.decimal(object.get("DiscountValue"), &field("DiscountValue")),
                warehouse_id: v.int(object.get("WarehouseID"), &field("WarehouseID")),
                item_notes: v.string(object.get("ItemNotes"), &field("ItemNotes")),
                ..StoredPurchaseOrderItem::default()
            };
            new_items.push(NewItem { object, path, item });
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }

        let now = self.core.clock.local_now();
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        let (case_mode, default_warehouse) = (po.case_qty_mode, po.default_warehouse_id);
        for new in &new_items {
            check_mode(
                &mut v,
                new.object,
                &new.path,
                Some(case_mode),
                "the purchase order is",
            );
            let mandatory: &[&str] = if case_mode {
                &CASE_FIELDS
            } else {
                &UNIT_FIELDS
            };
            for name in mandatory {
                if Violations::present(new.object.get(name)).is_none() {
                    v.add(
                        format!("{}.{name}", new.path),
                        format!(
                            "is required when the purchase order is {} case quantity mode",
                            if case_mode { "in" } else { "not in" }
                        ),
                    );
                }
            }
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let mut items = Vec::with_capacity(new_items.len());
        for new in new_items {
            // A SKU already on the purchase order becomes a new, separate item.
            let mut item = new.item;
            item.id = state.take_item_id()?;
            item.warehouse_id = item.warehouse_id.or(default_warehouse);
            items.push(item);
        }
        let Some(po) = state.purchase_orders.get_mut(&po_id) else {
            return Err(not_found("Purchase order", po_id));
        };
        po.items.extend(items);
        po.receiving_status = po.computed_receiving_status();
        po.updated_on = Some(now);
        Ok(match self.config.add_items_answer {
            AddItemsAnswer::JsonString => Reply::json(StatusCode::OK, &ITEMS_SAVED.into()),
            _ => Reply::text(StatusCode::OK, ITEMS_SAVED),
        })
    }

    /// `POST /api/PurchaseOrders/{id}/receive`: a `ReceivePoRequest`.
    ///
    /// Rules: `Items` required (the Swagger) with at least one entry, each
    /// with an int32 `ID` (required by the Swagger) naming an item of this
    /// purchase order; `QtyToReceive` only in unit mode and `CaseQtyToReceive`
    /// only in case mode (the article: "QtyToReceive (non-case mode),
    /// CaseQtyToReceive (case mode)"). Quantities add to what was received
    /// before (receiving twice receives twice); an entry without its mode's
    /// quantity receives nothing. A sum beyond the int32 range is refused.
    pub(crate) fn receive(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let mut entries = Vec::new();
        match required(&mut v, body.get("Items"), "Items", Violations::array) {
            Some([]) => v.add("Items", "must contain at least one item"),
            Some(items) => {
                for (index, entry) in items.iter().enumerate() {
                    let path = format!("Items[{index}]");
                    if let Some(object) = v.object(Some(entry), &path) {
                        let line = read_receive_line(&mut v, object, &path);
                        entries.push(Receiving { object, path, line });
                    }
                }
            }
            None => {}
        }
        let receipt_head = StoredReceipt {
            receive_invoice_number: v
                .string(body.get("ReceiveInvoiceNumber"), "ReceiveInvoiceNumber"),
            vendor_order_id: v.string(body.get("VendorOrderId"), "VendorOrderId"),
            shipping_cost: v.decimal(body.get("ShippingCost"), "ShippingCost"),
            ..StoredReceipt::default()
        };
        if !v.is_empty() {
            return Err(invalid(v));
        }

        let now = self.core.clock.local_now();
        let mut state = self.state();
        let po = state.purchase_order_mut(po_id)?;
        let mut updated = po.items.clone();
        let mut lines = Vec::with_capacity(entries.len());
        for entry in entries {
            let (forbidden, used) = if po.case_qty_mode {
                ("QtyToReceive", entry.line.case_qty_to_receive)
            } else {
                ("CaseQtyToReceive", entry.line.qty_to_receive)
            };
            if Violations::present(entry.object.get(forbidden)).is_some() {
                v.add(
                    format!("{}.{forbidden}", entry.path),
                    format!(
                        "must not be sent when the purchase order is {} case quantity mode",
                        if po.case_qty_mode { "in" } else { "not in" }
                    ),
                );
            }
            let Some(item) = updated.iter_mut().find(|i| i.id == entry.line.item_id) else {
                v.add(
                    format!("{}.ID", entry.path),
                    format!(
                        "purchase order {po_id} has no item with ID {} (IDs are purchase order item IDs, not product IDs)",
                        entry.line.item_id
                    ),
                );
                continue;
            };
            let quantity = used.unwrap_or(0);
            let units = if po.case_qty_mode {
                quantity.checked_mul(item.qty_units_per_case.unwrap_or(1))
            } else {
                Some(quantity)
            };
            let total = units.and_then(|u| item.qty_received.checked_add(u).map(|t| (u, t)));
            let cases = if po.case_qty_mode {
                item.cases_received.checked_add(quantity)
            } else {
                Some(item.cases_received)
            };
            let (Some((units, total)), Some(cases)) = (total, cases) else {
                v.add(
                    format!("{}.ID", entry.path),
                    "the received quantity would leave the 32-bit integer range",
                );
                continue;
            };
            item.qty_received = total;
            item.cases_received = cases;
            let mut line = entry.line;
            line.units_received = units;
            line.warehouse_id = line.warehouse_id.or(item.warehouse_id);
            lines.push(line);
        }
        if !v.is_empty() {
            return Err(invalid(v));
        }
        po.items = updated;
        po.receipts.push(StoredReceipt {
            received_on: Some(now),
            lines,
            ..receipt_head
        });
        po.received_on = Some(now);
        po.updated_on = Some(now);
        po.receiving_status = po.computed_receiving_status();
        if po.receiving_status == ReceivingStatus::FullyReceived {
            po.status = PoStatus::Received;
        }
        Ok(Reply::empty(StatusCode::OK))
    }
}

/// The fields of one `ReceivePoItem`, type-checked and kept as sent.
fn read_receive_line(v: &mut Violations, object: &Json, path: &str) -> StoredReceiptLine {
    let field = |name: &str| format!("{path}.{name}");
    let id = required(v, object.get("ID"), &field("ID"), Violations::int);
    StoredReceiptLine {
        item_id: id.unwrap_or_default(),
        qty_to_receive: v.int(object.get("QtyToReceive"), &field("QtyToReceive")),
        case_qty_to_receive: v.int(object.get("CaseQtyToReceive"), &field("CaseQtyToReceive")),
        units_received: 0,
        warehouse_id: v.int(object.get("WarehouseId"), &field("WarehouseId")),
        warehouse_bin_id: v.int(object.get("WarehouseBinId"), &field("WarehouseBinId")),
        unit_price: v.decimal(object.get("UnitPrice"), &field("UnitPrice")),
        discount_value: v.decimal(object.get("DiscountValue"), &field("DiscountValue")),
        discount_type: known_enum(v, object.get("DiscountType"), &field("DiscountType")),
        location_notes: v.string(object.get("LocationNotes"), &field("LocationNotes")),
        list_price: v.decimal(object.get("ListPrice"), &field("ListPrice")),
        upc: v.string(object.get("UPC"), &field("UPC")),
        weight_lbs: v.decimal(object.get("WeightLbs"), &field("WeightLbs")),
        weight_oz: v.decimal(object.get("WeightOz"), &field("WeightOz")),
    }
}
