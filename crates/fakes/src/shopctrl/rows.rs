//! `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`: reading an update and
//! applying it to a stored row.

use super::app::ShopCtrlApp;
use super::model::StockItem;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;
use rust_decimal::Decimal;

/// Fields of an update, read and checked; `None` means "keep".
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
    stock_items: Option<Vec<StockItem>>,
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
    let id = v.int(body.get("Id"), "row.Id");
    if Violations::present(body.get("Id")).is_none() {
        v.add(
            "row.Id",
            "The Id field is required: it names the row to update.",
        );
    } else if let Some(id) = id
        && id < 1
    {
        v.add("row.Id", "The field Id must be 1 or greater.");
    }
    let non_negative = |v: &mut Violations, name: &str| {
        let path = format!("row.{name}");
        let value = v.decimal(body.get(name), &path);
        if let Some(d) = value
            && d < Decimal::ZERO
        {
            v.add(path, format!("The field {name} must be zero or greater."));
        }
        value
    };
    let item_quantity = non_negative(&mut v, "ItemQuantity");
    let item_quantity_delivered = non_negative(&mut v, "ItemQuantityDelivered");
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
    let sequence = v.int(body.get("Sequence"), "row.Sequence");
    if let Some(s) = sequence
        && s < 0
    {
        v.add(
            "row.Sequence",
            "The field Sequence must be zero or greater.",
        );
    }
    let expected_delivery_date = v
        .date_time(body.get("ExpectedDeliveryDate"), "row.ExpectedDeliveryDate")
        .map(|(_, text)| text);
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
        id: id.unwrap_or_default(),
        product_id: v.int(body.get("ProductId"), "row.ProductId"),
        item_quantity,
        item_quantity_delivered,
        product_code,
        product_name,
        item_price_ex_vat: v.decimal(body.get("ItemPriceExVat"), "row.ItemPriceExVat"),
        row_total_ex_vat: v.decimal(body.get("RowTotalExVat"), "row.RowTotalExVat"),
        comment: v.string(body.get("Comment"), "row.Comment"),
        sequence,
        expected_delivery_date,
        stock_items,
    };
    if v.is_empty() { Ok(update) } else { Err(v) }
}

fn read_stock_item(v: &mut Violations, item: &Json, path: &str) -> Option<StockItem> {
    let item = v.object(Some(item), path)?;
    let field = |name: &str| format!("{path}.{name}");
    let quantity = v.int(item.get("Quantity"), &field("Quantity"));
    match quantity {
        Some(q) if q >= 1 => {}
        Some(_) => v.add(
            field("Quantity"),
            "The field Quantity must be a positive whole number.",
        ),
        None if Violations::present(item.get("Quantity")).is_none() => {
            v.add(field("Quantity"), "The Quantity field is required.")
        }
        None => {}
    }
    Some(StockItem {
        product_code: v.string(item.get("ProductCode"), &field("ProductCode")),
        lot_number: v.string(item.get("LotNumber"), &field("LotNumber")),
        serial_number: v.string(item.get("SerialNumber"), &field("SerialNumber")),
        expiry_date: v
            .date_time(item.get("ExpiryDate"), &field("ExpiryDate"))
            .map(|(_, text)| text),
        quantity: quantity.unwrap_or_default(),
    })
}
impl ShopCtrlApp {
    pub(crate) fn update_row(&self, po_id: i32, body: &Json) -> Result<Reply, Reply> {
        let update = read_row(body).map_err(|v| v.into_reply(false))?;
        let mut purchase_orders = self.purchase_orders();
        let po = purchase_orders.get_mut(&po_id).ok_or_else(|| {
            Reply::message(
                StatusCode::NOT_FOUND,
                format!("Purchase order {po_id} was not found."),
            )
        })?;
        let Some(row) = po.rows.iter_mut().find(|r| r.id == update.id) else {
            let mut v = Violations::default();
            v.add(
                "row.Id",
                format!("Purchase order {po_id} has no row with Id {}.", update.id),
            );
            return Err(v.into_reply(false));
        };
        fn keep_or<T>(slot: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *slot = value;
            }
        }
        keep_or(&mut row.product_id, update.product_id);
        keep_or(&mut row.item_quantity, update.item_quantity);
        keep_or(
            &mut row.item_quantity_delivered,
            update.item_quantity_delivered,
        );
        keep_or(&mut row.product_code, update.product_code);
        keep_or(&mut row.product_name, update.product_name);
        keep_or(&mut row.item_price_ex_vat, update.item_price_ex_vat);
        keep_or(&mut row.row_total_ex_vat, update.row_total_ex_vat);
        keep_or(&mut row.comment, update.comment);
        keep_or(&mut row.sequence, update.sequence);
        keep_or(
            &mut row.expected_delivery_date,
            update.expected_delivery_date,
        );
        if let Some(stock_items) = update.stock_items {
            row.stock_items = stock_items;
        }
        row.update_count += 1;
        Ok(Reply::empty(StatusCode::OK))
    }
}
