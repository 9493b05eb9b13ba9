//! `POST v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`: receiving
//! rows with lots, serial numbers, expiry dates and locations.
//!
//! Rules of the newer help page: `PurchaseOrderRowId` required; a
//! `QtyDelivered` left out, zero or negative is taken as 1; without
//! `WarehouseLocationId` the warehouse's default location is used
//! ([`ShopCtrlConfig::default_location`](super::ShopCtrlConfig::default_location)).
//! Each entry adds its quantity to the row's `ItemQuantityDelivered` and,
//! when the row's product is one the fake knows, to that product's stock at
//! the location. A row that is not on the purchase order is a 404 and
//! nothing of the request is applied.

use super::app::ShopCtrlApp;
use super::model::{StoredProvision, StoredStock};
use super::rows::{not_found, purchase_order};
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;
use rust_decimal::Decimal;

fn read(body: &Json) -> Result<Vec<StoredProvision>, Violations> {
    let mut v = Violations::default();
    let Some(items) = v.array(Some(body), "provisionInfo") else {
        v.add("provisionInfo", "The request body must be a JSON array.");
        return Err(v);
    };
    let mut read = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = |name: &str| format!("provisionInfo[{i}].{name}");
        let Some(item) = v.object(Some(item), &format!("provisionInfo[{i}]")) else {
            continue;
        };
        let row_id = v.int(item.get("PurchaseOrderRowId"), &path("PurchaseOrderRowId"));
        if row_id.is_none() {
            v.add(
                path("PurchaseOrderRowId"),
                "The PurchaseOrderRowId field is required.",
            );
        }
        let qty = v.int(item.get("QtyDelivered"), &path("QtyDelivered"));
        read.push(StoredProvision {
            row_id: row_id.unwrap_or_default(),
            // "If not set, or value is lower or equal than zero, QtyDelivered will be set to 1"
            qty_delivered: qty.filter(|q| *q > 0).unwrap_or(1),
            warehouse_location_id: v
                .int(
                    item.get("WarehouseLocationId"),
                    &path("WarehouseLocationId"),
                )
                .unwrap_or_default(),
            lot_number: v.string(item.get("LotNumber"), &path("LotNumber")),
            serial_number: v.string(item.get("SerialNumber"), &path("SerialNumber")),
            expiry_date: v
                .date_time(item.get("ExpiryDate"), &path("ExpiryDate"))
                .map(|(_, text)| text),
        });
    }
    if v.is_empty() { Ok(read) } else { Err(v) }
}

impl ShopCtrlApp {
    /// `POST v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`.
    pub(crate) fn provision(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let mut entries = read(body).map_err(|v| v.into_reply(false))?;
        let now = self.core.clock.utc_now();
        let mut purchase_orders = self.purchase_orders();
        let po = purchase_order(&mut purchase_orders, po_id)?;
        if let Some(missing) = entries
            .iter()
            .find(|e| !po.rows.iter().any(|r| r.id == e.row_id))
        {
            return Err(not_found(format!(
                "Row {} of purchase order {po_id}",
                missing.row_id
            )));
        }
        let mut products = self.products();
        for entry in &mut entries {
            if entry.warehouse_location_id == 0 {
                entry.warehouse_location_id = self.default_location;
            }
            let Some(row) = po.rows.iter_mut().find(|r| r.id == entry.row_id) else {
                continue;
            };
            let qty = Decimal::from(entry.qty_delivered);
            row.item_quantity_delivered =
                Some(row.item_quantity_delivered.unwrap_or_default() + qty);
            let product = row
                .product_id
                .and_then(|id| products.iter_mut().find(|p| p.id == id));
            if let Some(product) = product {
                let at = entry.warehouse_location_id;
                match product
                    .stock
                    .iter_mut()
                    .find(|s| s.warehouse_location_id == at)
                {
                    Some(stock) => stock.qty_on_hand += qty,
                    None => product.stock.push(StoredStock {
                        warehouse_id: po.warehouse_id.unwrap_or_default(),
                        warehouse_location_id: at,
                        qty_on_hand: qty,
                        qty_reserved: Decimal::ZERO,
                    }),
                }
            }
        }
        po.provisions.extend(entries);
        po.changed_at = Some(now);
        Ok(Reply::empty(StatusCode::OK))
    }
}
