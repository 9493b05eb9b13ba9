//! Purchase order operations: `client.purchase_orders()`.

pub mod rows;
pub mod update_row;

pub use update_row::{StockItemUpdate, UpdatePurchaseOrderRow};

use crate::answers::ListedRow;
use crate::client::Client;
use crate::ids::{PurchaseOrderId, RowId};
use api_runtime::Result;

/// The purchase order operations of a [`Client`]; get it with
/// [`Client::purchase_orders`].
///
/// ```no_run
/// use shopctrl::{PurchaseOrderId, RowId};
/// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
/// let orders = client.purchase_orders();
/// orders.update_row(PurchaseOrderId::new(7), shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1)).sequence(3)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PurchaseOrders<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> PurchaseOrders<'a> {
    /// Replaces the data of one existing row of purchase order
    /// `purchase_order_id` (`PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`);
    /// the row is the one whose `Id` the [`UpdatePurchaseOrderRow`] names.
    ///
    /// The request is checked before anything is sent (see [`UpdatePurchaseOrderRow`] for
    /// the rules); a broken
    /// rule is [`Error::Validation`](crate::Error::Validation). The update is
    /// idempotent, so connection failures, timeouts and 408, 429, 502, 503 and
    /// 504 answers are retried as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows. A 401 is
    /// [`Error::Authentication`](crate::Error::Authentication) and is not
    /// retried. ShopCtrl answers with a status only, so success is `()`.
    ///
    /// **`StockItems` replace the stored list**: see
    /// [`UpdatePurchaseOrderRow::stock_items`].
    ///
    /// ```no_run
    /// use shopctrl::{PurchaseOrderId, RowId};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::{Decimal, UpdatePurchaseOrderRow, StockItemUpdate};
    ///
    /// let row = UpdatePurchaseOrderRow::new(RowId::new(1))
    ///     .item_quantity(Decimal::new(20, 1)) // 2.0
    ///     .item_price_ex_vat(Decimal::new(1250, 2)) // 12.50
    ///     .stock_items(vec![StockItemUpdate::new(2).lot_number("L-42")]);
    /// client.purchase_orders().update_row(PurchaseOrderId::new(7), row).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_row(
        &self,
        purchase_order_id: PurchaseOrderId,
        row: UpdatePurchaseOrderRow,
    ) -> Result<()> {
        update_row::send(self.client, purchase_order_id, row).await
    }

    /// Reads every row of purchase order `purchase_order_id` (`GET
    /// v1/PurchaseOrders/{purchaseOrderId}/Rows`). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// use shopctrl::PurchaseOrderId;
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// for row in client.purchase_orders().rows(PurchaseOrderId::new(7)).await? {
    ///     println!("row {}: {:?} x {:?}", row.id, row.wire.product_code, row.wire.item_quantity);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn rows(&self, purchase_order_id: PurchaseOrderId) -> Result<Vec<ListedRow>> {
        rows::send(self.client, purchase_order_id).await
    }

    /// Changes a row and keeps the rest of it, whatever the server does
    /// with omitted fields: reads the row, applies `change` to its complete
    /// update ([`UpdatePurchaseOrderRow::complete`]) and sends it with every field and the
    /// full `StockItems` list. A row the server does not list is
    /// [`Error::NotFound`](crate::Error::NotFound) and nothing is written.
    /// The read and the write are two calls: a change made by someone else
    /// in between is overwritten.
    ///
    /// ```no_run
    /// use shopctrl::{PurchaseOrderId, RowId};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::Decimal;
    /// client
    ///     .purchase_orders()
    ///     .update_row_complete(PurchaseOrderId::new(7), RowId::new(1), |row| row.item_quantity(Decimal::from(6)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_row_complete(
        &self,
        purchase_order_id: PurchaseOrderId,
        row_id: RowId,
        change: impl FnOnce(UpdatePurchaseOrderRow) -> UpdatePurchaseOrderRow,
    ) -> Result<()> {
        rows::update_complete(self.client, purchase_order_id, row_id, change).await
    }
}
