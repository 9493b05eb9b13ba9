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
struct RowUpdate {
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
    if !matches!(body, Json::Obj(_)) {
        v.add(
            "row",
            format!(
                "The request body must be a JSON object, not {}.",
                body.kind()
            ),
        );
        return Err(v);
    }
    let limited = |v: &mut Violations, name: &str, max: usize| {
        let path = format!("row.{name}");
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
    let product_code = limited(&mut v, "ProductCode", 100);
    let product_name = limited(&mut v, "ProductName", 500);
    let stock_items = v
        .array(body.get("StockItems"), "row.StockItems")
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    read_stock_item(&mut v, item, &format!("row.StockItems[{i}]"))
                })
                .collect()
        });
    let update = RowUpdate {
        // ASP.NET binds a missing int as 0, which names no row: 404 below.
        id: v.int(body.get("Id"), "row.Id").unwrap_or_default(),
        product_id: v.int(body.get("ProductId"), "row.ProductId"),
        item_quantity: v.decimal(body.get("ItemQuantity"), "row.ItemQuantity"),
        item_quantity_delivered: v.decimal(
            body.get("ItemQuantityDelivered"),
            "row.ItemQuantityDelivered",
        ),
        product_code,
        product_name,
        item_price_ex_vat: v.decimal(body.get("ItemPriceExVat"), "row.ItemPriceExVat"),
        row_total_ex_vat: v.decimal(body.get("RowTotalExVat"), "row.RowTotalExVat"),
        comment: v.string(body.get("Comment"), "row.Comment"),
        sequence: v.int(body.get("Sequence"), "row.Sequence"),
        expected_delivery_date: v
            .date_time(body.get("ExpectedDeliveryDate"), "row.ExpectedDeliveryDate")
            .map(|(_, text)| text),
        stock_items,
    };
    if v.is_empty() { Ok(update) } else { Err(v) }
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

fn not_found(what: String) -> Reply {
    Reply::message(StatusCode::NOT_FOUND, format!("{what} was not found."))
}

fn purchase_order(
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

    fn overwrite(self, row: &mut StoredRow, position: usize) {
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
fn row_out(row: &StoredRow) -> Out {
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
