//! Purchase order operations: `client.purchase_orders()`.

pub mod rows;
pub mod update_row;

pub use update_row::{RowUpdate, StockItem};

use crate::client::Client;
use api_runtime::Result;

/// The purchase order operations of a [`Client`]; get it with
/// [`Client::purchase_orders`].
///
/// ```no_run
/// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
/// let orders = client.purchase_orders();
/// orders.update_row(7, shopctrl::RowUpdate::new(1).sequence(3)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PurchaseOrders<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> PurchaseOrders<'a> {
    /// Replaces the data of one existing row of purchase order
    /// `purchase_order_id` (`PUT v1/PurchaseOrders/{purchaseOrderId}/Rows`);
    /// the row is the one whose `Id` the [`RowUpdate`] names.
    ///
    /// The request is checked before anything is sent (see [`RowUpdate`] for
    /// the rules); a broken
    /// rule is [`Error::Validation`](crate::Error::Validation). The update is
    /// idempotent, so connection failures, timeouts and 408, 429, 502, 503 and
    /// 504 answers are retried as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows. A 401 is
    /// [`Error::Authentication`](crate::Error::Authentication) and is not
    /// retried. ShopCtrl answers with a status only, so success is `()`.
    ///
    /// **`StockItems` replace the stored list**: see
    /// [`RowUpdate::stock_items`].
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::{Decimal, RowUpdate, StockItem};
    ///
    /// let row = RowUpdate::new(1)
    ///     .item_quantity(Decimal::new(20, 1)) // 2.0
    ///     .item_price_ex_vat(Decimal::new(1250, 2)) // 12.50
    ///     .stock_items(vec![StockItem::new(2).lot_number("L-42")]);
    /// client.purchase_orders().update_row(7, row).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_row(&self, purchase_order_id: i32, row: RowUpdate) -> Result<()> {
        update_row::send(self.client, purchase_order_id, row).await
    }

    /// Reads every row of purchase order `purchase_order_id` (`GET
    /// v1/PurchaseOrders/{purchaseOrderId}/Rows`). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// for row in client.purchase_orders().rows(7).await? {
    ///     println!("row {:?}: {:?} x {:?}", row.id, row.product_code, row.item_quantity);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn rows(
        &self,
        purchase_order_id: i32,
    ) -> Result<Vec<shopctrl_api::types::PurchaseOrderRow>> {
        rows::send(self.client, purchase_order_id).await
    }

    /// Changes a row and keeps the rest of it, whatever the server does
    /// with omitted fields: reads the row, applies `change` to its complete
    /// update ([`RowUpdate::complete`]) and sends it with every field and the
    /// full `StockItems` list. A row the server does not list is
    /// [`Error::NotFound`](crate::Error::NotFound) and nothing is written.
    /// The read and the write are two calls: a change made by someone else
    /// in between is overwritten.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::Decimal;
    /// client
    ///     .purchase_orders()
    ///     .update_row_complete(7, 1, |row| row.item_quantity(Decimal::from(6)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_row_complete(
        &self,
        purchase_order_id: i32,
        row_id: i32,
        change: impl FnOnce(RowUpdate) -> RowUpdate,
    ) -> Result<()> {
        rows::update_complete(self.client, purchase_order_id, row_id, change).await
    }
}
