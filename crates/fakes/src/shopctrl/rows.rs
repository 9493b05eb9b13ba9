//! `v1/PurchaseOrders/{purchaseOrderId}/Rows`: reading and updating rows.
//!
//! Rules of the update, each from a vendor statement or the wire type:
//! - int32 `Id`, `ProductId`, `Sequence` and decimal `ItemQuantity`,
//!   `ItemQuantityDelivered`, `ItemPriceExVat`, `RowTotalExVat` (document
//!   003's types: "integer", "decimal number"); dates must be dates.
//! - `ProductCode` at most 100 characters, `ProductName` at most 500
//!   (`facts.md`: "Older docs mark row fields: ProductName required (max
//!   500), ProductCode required (max 100)"; the newer docs mark nothing
//!   required, so only the maximums are kept).
//! - `StockItems[].Quantity` an integer when sent (`facts.md`:
//!   "`StockItemDto.Quantity` is an integer").
//! - No range: no version of the documents states one.

use super::app::ShopCtrlApp;
use super::config::RowUpdateMode;
use super::model::{StoredPurchaseOrderRows, StoredRow, StoredStockItem};
use crate::json::{Json, Violations};
use crate::out::Out;
use crate::server::Reply;
use http::StatusCode;
use rust_decimal::Decimal;

/// Fields of an update, read and checked; `None` means "not sent".
pub(super) struct RowUpdate {
    id: i32,
    product_id: Option<i32>,
    item_quantity: Option<Decimal>,
    item_quantity_delivered: Option<Decimal>,
    product_code: Option<String>,
    product_name: Option<String>,
    item_price_ex_vat: Option<Decimal>,
    row_total_ex_vat: Option<Decimal>,
    comment: Option<String>,
    sequence: Option<i32>,
    expected_delivery_date: Option<String>,
    stock_items: Option<Vec<StoredStockItem>>,
}

fn read_row(body: &Json) -> Result<RowUpdate, Violations> {
    let mut v = Violations::default();
    let row = read_row_at(&mut v, body, "row");
    match row {
        Some(row) if v.is_empty() => Ok(row),
        _ => Err(v),
    }
}

/// A row at `prefix` (`row`, `purchaseOrder.PurchaseOrderRows[0]`), its
/// problems recorded in `v`.
pub(super) fn read_row_at(v: &mut Violations, body: &Json, prefix: &str) -> Option<RowUpdate> {
    if !matches!(body, Json::Obj(_)) {
        v.add(
            prefix,
            format!(
                "The request body must be a JSON object, not {}.",
                body.kind()
            ),
        );
        return None;
    }
    let path = |name: &str| format!("{prefix}.{name}");
    let limited = |v: &mut Violations, name: &str, max: usize| {
        let path = path(name);
        let value = v.string(body.get(name), &path);
        if let Some(s) = &value
            && s.chars().count() > max
        {
            v.add(
                path,
                format!("The field {name} must be a string with a maximum length of {max}."),
            );
        }
        value
    };
    let product_code = limited(v, "ProductCode", 100);
    let product_name = limited(v, "ProductName", 500);
    let stock_items = v
        .array(body.get("StockItems"), &path("StockItems"))
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    read_stock_item(v, item, &format!("{prefix}.StockItems[{i}]"))
                })
                .collect()
        });
    Some(RowUpdate {
        // ASP.NET binds a missing int as 0, which names no row: 404 below.
        id: v.int(body.get("Id"), &path("Id")).unwrap_or_default(),
        product_id: v.int(body.get("ProductId"), &path("ProductId")),
        item_quantity: v.decimal(body.get("ItemQuantity"), &path("ItemQuantity")),
        item_quantity_delivered: v.decimal(
            body.get("ItemQuantityDelivered"),
            &path("ItemQuantityDelivered"),
        ),
        product_code,
        product_name,
        item_price_ex_vat: v.decimal(body.get("ItemPriceExVat"), &path("ItemPriceExVat")),
        row_total_ex_vat: v.decimal(body.get("RowTotalExVat"), &path("RowTotalExVat")),
        comment: v.string(body.get("Comment"), &path("Comment")),
        sequence: v.int(body.get("Sequence"), &path("Sequence")),
        expected_delivery_date: v
            .date_time(
                body.get("ExpectedDeliveryDate"),
                &path("ExpectedDeliveryDate"),
            )
            .map(|(_, text)| text),
        stock_items,
    })
}

fn read_stock_item(v: &mut Violations, item: &Json, path: &str) -> Option<StoredStockItem> {
    let item = v.object(Some(item), path)?;
    let field = |name: &str| format!("{path}.{name}");
    Some(StoredStockItem {
        product_code: v.string(item.get("ProductCode"), &field("ProductCode")),
        lot_number: v.string(item.get("LotNumber"), &field("LotNumber")),
        serial_number: v.string(item.get("SerialNumber"), &field("SerialNumber")),
        expiry_date: v
            .date_time(item.get("ExpiryDate"), &field("ExpiryDate"))
            .map(|(_, text)| text),
        quantity: v
            .int(item.get("Quantity"), &field("Quantity"))
            .unwrap_or_default(),
    })
}

pub(super) fn not_found(what: String) -> Reply {
    Reply::message(StatusCode::NOT_FOUND, format!("{what} was not found."))
}

pub(super) fn purchase_order(
    purchase_orders: &mut std::collections::BTreeMap<i32, StoredPurchaseOrderRows>,
    id: i32,
) -> Result<&mut StoredPurchaseOrderRows, Reply> {
    purchase_orders
        .get_mut(&id)
        .ok_or_else(|| not_found(format!("Purchase order {id}")))
}

impl RowUpdate {
    fn merge_into(self, row: &mut StoredRow) {
        fn keep_or<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        keep_or(&mut row.product_id, self.product_id);
        keep_or(&mut row.item_quantity, self.item_quantity);
        keep_or(
            &mut row.item_quantity_delivered,
            self.item_quantity_delivered,
        );
        keep_or(&mut row.product_code, self.product_code);
        keep_or(&mut row.product_name, self.product_name);
        keep_or(&mut row.item_price_ex_vat, self.item_price_ex_vat);
        keep_or(&mut row.row_total_ex_vat, self.row_total_ex_vat);
        keep_or(&mut row.comment, self.comment);
        keep_or(&mut row.sequence, self.sequence);
        keep_or(&mut row.expected_delivery_date, self.expected_delivery_date);
        if let Some(stock_items) = self.stock_items {
            row.stock_items = stock_items;
        }
    }

    pub(super) fn overwrite(self, row: &mut StoredRow, position: usize) {
        let sequence = self
            .sequence
            .or(row.sequence)
            .or_else(|| i32::try_from(position + 1).ok());
        *row = StoredRow {
            id: row.id,
            product_description: row.product_description.take(),
            update_count: row.update_count,
            product_id: self.product_id,
            item_quantity: self.item_quantity,
            item_quantity_delivered: self.item_quantity_delivered,
            product_code: self.product_code,
            product_name: self.product_name,
            item_price_ex_vat: self.item_price_ex_vat,
            row_total_ex_vat: self.row_total_ex_vat,
            comment: self.comment,
            sequence,
            expected_delivery_date: self.expected_delivery_date,
            stock_items: self.stock_items.unwrap_or_default(),
        };
    }
}

/// `PurchaseOrderRow`, as the rows page lists its fields.
pub(super) fn row_out(row: &StoredRow) -> Out {
    let text = |value: &Option<String>| Out::opt(value.clone(), Out::Str);
    let stock = row
        .stock_items
        .iter()
        .map(|s| {
            Out::obj([
                ("ProductCode", text(&s.product_code)),
                ("LotNumber", text(&s.lot_number)),
                ("SerialNumber", text(&s.serial_number)),
                ("ExpiryDate", text(&s.expiry_date)),
                ("Quantity", Out::int(s.quantity)),
            ])
        })
        .collect();
    Out::obj([
        ("Id", Out::int(row.id)),
        ("ProductId", Out::opt(row.product_id, Out::int)),
        ("ItemQuantity", Out::opt(row.item_quantity, Out::decimal)),
        (
            "ItemQuantityDelivered",
            Out::opt(row.item_quantity_delivered, Out::decimal),
        ),
        ("ProductName", text(&row.product_name)),
        ("ProductCode", text(&row.product_code)),
        ("ProductDescription", text(&row.product_description)),
        (
            "ItemPriceExVat",
            Out::opt(row.item_price_ex_vat, Out::decimal),
        ),
        (
            "RowTotalExVat",
            Out::opt(row.row_total_ex_vat, Out::decimal),
        ),
        ("Comment", text(&row.comment)),
        ("Sequence", Out::opt(row.sequence, Out::int)),
        ("ExpectedDeliveryDate", text(&row.expected_delivery_date)),
        ("StockItems", Out::Arr(stock)),
    ])
}

impl ShopCtrlApp {
    /// `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`, applied as
    /// [`RowUpdateMode`] says.
    pub(crate) fn update_row(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let update = read_row(body).map_err(|v| v.into_reply(false))?;
        let mut purchase_orders = self.purchase_orders();
        let po = purchase_order(&mut purchase_orders, po_id)?;
        let Some(position) = po.rows.iter().position(|r| r.id == update.id) else {
            return Err(not_found(format!(
                "Row {} of purchase order {po_id}",
                update.id
            )));
        };
        let row = &mut po.rows[position];
        match self.update_mode {
            RowUpdateMode::Overwrite => update.overwrite(row, position),
            _ => update.merge_into(row),
        }
        row.update_count += 1;
        po.changed_at = Some(self.core.clock.utc_now());
        Ok(Reply::empty(StatusCode::OK))
    }

    /// `GET v1/PurchaseOrders/{purchaseOrderId}/Rows`: "Get a list with all
    /// order rows for a given order."
    pub(crate) fn get_rows(&self, po_id: i32) -> Result<Reply, Reply> {
        let mut purchase_orders = self.purchase_orders();
        let po = purchase_order(&mut purchase_orders, po_id)?;
        let rows = Out::Arr(po.rows.iter().map(row_out).collect());
        Ok(Reply::json_text(StatusCode::OK, rows.to_json()))
    }
}
