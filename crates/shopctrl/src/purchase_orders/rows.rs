//! Read the rows of a purchase order: `GET
//! v1/PurchaseOrders/{purchaseOrderId}/Rows`, "Get a list with all order
//! rows for a given order." (ShopCtrl's API help pages); and the
//! read-modify-write row update built on it.
//!
//! # Why read before writing
//!
//! What the row update does with a field it is not sent is not documented:
//! the current help page says neither that omitted fields keep their values
//! nor that they are cleared, while an older version marked most row fields
//! required, which suggests the row is overwritten as a whole. Only
//! `StockItems` is stated: "it's important to provide a complete list"
//! (the help page of `PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`). [`PurchaseOrders::update_row_complete`](crate::purchase_orders::PurchaseOrders::update_row_complete)
//! therefore reads the row, applies the caller's changes to it and sends
//! the row complete, every field and the full `StockItems` list, so the
//! result is the same whether the server merges or overwrites.

use super::update_row::{self, StockItemUpdate, UpdatePurchaseOrderRow};
use crate::answers::ListedRow;
use crate::client::Client;
use crate::ids::{PurchaseOrderId, RowId};
use api_runtime::call::Operation;
use api_runtime::{Error, Result};
use shopctrl_api::types;

pub(crate) const OPERATION: Operation = Operation::idempotent("get_purchase_order_rows");

/// Reads every row as the wire has it; idempotent, so retried.
pub(crate) async fn read(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
) -> Result<Vec<types::PurchaseOrderRow>> {
    client
        .call(OPERATION, |api| {
            api.get_purchase_order_rows(purchase_order_id.get())
        })
        .await?
        .decode(OPERATION.name)
}

/// Reads every row, each with its typed `Id`.
pub(crate) async fn send(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
) -> Result<Vec<ListedRow>> {
    ListedRow::from_wire(read(client, purchase_order_id).await?)
}

impl UpdatePurchaseOrderRow {
    /// The complete update of a row as the server listed it: every field
    /// the update carries, and its `StockItems` as the complete list. Apply
    /// changes to it, then send it: the row ends the same whether the server
    /// merges or overwrites.
    ///
    /// A listed row without `StockItems` (one version of the help page
    /// lists none) leaves them out of the update: what they are is not
    /// known, so they are not written.
    ///
    /// ```
    /// use shopctrl::{Decimal, UpdatePurchaseOrderRow, types};
    /// let listed: types::PurchaseOrderRow = serde_json::from_value(serde_json::json!({
    ///     "Id": 3, "ItemQuantity": 2.0, "Comment": "as is", "StockItems": [{"LotNumber": "L-1", "Quantity": 2}]
    /// })).unwrap();
    /// let body = UpdatePurchaseOrderRow::complete(&listed).item_quantity(Decimal::from(5)).build().unwrap();
    /// let json = serde_json::to_value(&body).unwrap();
    /// assert_eq!((json["Comment"].as_str(), json["ItemQuantity"].as_f64()), (Some("as is"), Some(5.0)));
    /// assert_eq!(json["StockItems"][0]["LotNumber"], "L-1");
    /// ```
    pub fn complete(row: &types::PurchaseOrderRow) -> UpdatePurchaseOrderRow {
        let mut update = UpdatePurchaseOrderRow::from_body(types::PurchaseOrderRowUpdate {
            comment: row.comment.clone(),
            expected_delivery_date: row.expected_delivery_date,
            id: row.id,
            item_price_ex_vat: row.item_price_ex_vat,
            item_quantity: row.item_quantity,
            item_quantity_delivered: row.item_quantity_delivered,
            product_code: row.product_code.clone(),
            product_id: row.product_id,
            product_name: row.product_name.clone(),
            row_total_ex_vat: row.row_total_ex_vat,
            sequence: row.sequence,
            stock_items: None,
        });
        if let Some(items) = &row.stock_items {
            update = update.stock_items(items.iter().cloned().map(StockItemUpdate::from_wire));
        }
        update
    }
}

/// Reads the row, applies `change`, sends the row complete.
pub(crate) async fn update_complete(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
    row_id: RowId,
    change: impl FnOnce(UpdatePurchaseOrderRow) -> UpdatePurchaseOrderRow,
) -> Result<()> {
    let rows = send(client, purchase_order_id).await?;
    let Some(row) = rows.iter().find(|r| r.id == row_id) else {
        return Err(Error::NotFound {
            service: "ShopCtrl",
            what: format!(
                "row {row_id} among the {} rows of purchase order {purchase_order_id}",
                rows.len()
            ),
        });
    };
    update_row::send(
        client,
        purchase_order_id,
        change(UpdatePurchaseOrderRow::complete(&row.wire)),
    )
    .await
}
