//! Purchase order operations: `client.purchase_orders()`.

pub mod add_row;
pub mod changed_since;
pub mod create;
pub mod list;
pub mod provision;
pub mod rows;
pub mod update;
pub mod update_row;

pub use add_row::NewPurchaseOrderRow;
pub use create::CreatePurchaseOrder;
pub use create::exactly_once::{Created, ExactlyOnce};
pub use list::PurchaseOrderFilter;
pub use provision::ProvisionItem;
pub use update::UpdatePurchaseOrder;
pub use update_row::{StockItemUpdate, UpdatePurchaseOrderRow};

use crate::answers::{ListedPurchaseOrder, ListedRow};
use crate::client::Client;
use crate::ids::ShopOwnerId;
use crate::ids::{PurchaseOrderId, RowId};
use api_runtime::Result;
use api_runtime::changes::{ChangeCursor, ChangeOptions, Changes};
use futures::Stream;

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

    /// Every purchase order the filter selects (`GET
    /// v1/ShopOwners/{shopOwnerId}/PurchaseOrders`), paged lazily: see
    /// [`list`] for how paging ends. Idempotent: each page is retried on
    /// transient failures.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use shopctrl::{PurchaseOrderFilter, ShopOwnerId, Utc};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// let since = Utc::now() - chrono::Duration::hours(1);
    /// let filter = PurchaseOrderFilter::new(ShopOwnerId::new(1)).changed_from(since);
    /// let changed: Vec<_> = client.purchase_orders().list(filter).try_collect().await?;
    /// # let _ = changed; Ok(()) }
    /// ```
    pub fn list(
        &self,
        filter: PurchaseOrderFilter,
    ) -> impl Stream<Item = Result<ListedPurchaseOrder>> + Send + 'static {
        list::stream(self.client.clone(), filter)
    }

    /// Creates a purchase order with its rows (`POST
    /// v1/ShopOwners/{shopOwnerId}/PurchaseOrders`) and answers its ID. Not
    /// idempotent: an attempt that may have reached the server is never
    /// re-sent, and a lost answer is an error whose
    /// [`may_have_been_applied`](crate::Error::may_have_been_applied) is
    /// true. [`Self::create_exactly_once`] resolves that case.
    pub async fn create(&self, request: CreatePurchaseOrder) -> Result<PurchaseOrderId> {
        create::send(self.client, request).await
    }

    /// Creates a purchase order exactly once, even when the answer is lost:
    /// marked with `OurReference` and the first row's `Comment`, and looked
    /// for instead of sent again (see [`create::exactly_once`]).
    ///
    /// ```no_run
    /// use shopctrl::{CreatePurchaseOrder, Decimal, ExactlyOnce, NewPurchaseOrderRow, ShopOwnerId, SupplierId};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// let request = CreatePurchaseOrder::new(ShopOwnerId::new(1), SupplierId::new(7), Decimal::ONE, Decimal::ZERO)
    ///     .our_reference("erp-po-8842")
    ///     .row(NewPurchaseOrderRow::new().product_code("SKU-1").item_quantity(Decimal::from(3)));
    /// let created = client.purchase_orders().create_exactly_once(request, ExactlyOnce::new()).await?;
    /// println!("purchase order {} (recovered: {})", created.id, created.recovered);
    /// # Ok(()) }
    /// ```
    pub async fn create_exactly_once(
        &self,
        request: CreatePurchaseOrder,
        options: ExactlyOnce,
    ) -> Result<Created> {
        create::exactly_once::send(self.client, request, options).await
    }

    /// Updates a purchase order (`PUT v1/PurchaseOrders`); see
    /// [`UpdatePurchaseOrder`] for the required fields. Idempotent, so
    /// retried on transient failures.
    pub async fn update(&self, update: UpdatePurchaseOrder) -> Result<()> {
        update::send(self.client, update).await
    }

    /// Adds a row to a purchase order (`POST
    /// v1/PurchaseOrders/{purchaseOrderId}/Rows`). The answer carries no
    /// body: read the rows ([`Self::rows`]) for the new row's `Id`. Not
    /// idempotent: never re-sent after it may have reached the server.
    pub async fn add_row(
        &self,
        purchase_order_id: PurchaseOrderId,
        row: NewPurchaseOrderRow,
    ) -> Result<()> {
        add_row::send(self.client, purchase_order_id, row).await
    }

    /// Receives stock items of a purchase order's rows (`POST
    /// v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`): each adds
    /// to its row's `ItemQuantityDelivered`. Not idempotent.
    ///
    /// ```no_run
    /// use shopctrl::{ProvisionItem, PurchaseOrderId, RowId};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// let items = vec![ProvisionItem::new(RowId::new(31), 2).lot_number("L-1")];
    /// client.purchase_orders().provision(PurchaseOrderId::new(7), items).await?;
    /// # Ok(()) }
    /// ```
    pub async fn provision(
        &self,
        purchase_order_id: PurchaseOrderId,
        items: impl IntoIterator<Item = ProvisionItem>,
    ) -> Result<()> {
        provision::send(self.client, purchase_order_id, items.into_iter().collect()).await
    }

    /// The purchase orders of `shop_owner` created or changed since
    /// `cursor`, oldest change first, each once a run, with the cursor to
    /// store for the next run: the same contract as Sellercloud's (see
    /// [`changed_since`] and the runtime's [`changes`](api_runtime::changes)).
    /// After a crash, a run from the last stored cursor loses nothing and
    /// repeats only the purchase orders changed within the overlap.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client, stored: Option<String>) -> Result<(), Box<dyn std::error::Error>> {
    /// use futures::StreamExt;
    /// use shopctrl::{ChangeCursor, ShopOwnerId};
    /// let cursor = match stored {
    ///     Some(json) => serde_json::from_str(&json)?,
    ///     None => ChangeCursor::starting_at(chrono::Utc::now() - chrono::TimeDelta::days(30)),
    /// };
    /// let mut changes = client.purchase_orders().changed_since(ShopOwnerId::new(1), cursor);
    /// while let Some(changed) = changes.next().await {
    ///     let changed = changed?;
    ///     println!("purchase order {} changed", changed.record.id);
    /// }
    /// let next_run = changes.cursor(); // store it for the next run
    /// # let _ = next_run;
    /// # Ok(()) }
    /// ```
    pub fn changed_since(
        &self,
        shop_owner: ShopOwnerId,
        cursor: ChangeCursor,
    ) -> Changes<ListedPurchaseOrder> {
        self.changed_since_with(
            changed_since::all_of(shop_owner),
            cursor,
            ChangeOptions::new(),
        )
    }

    /// [`Self::changed_since`] for the purchase orders a filter selects
    /// (its change bounds are replaced by each window's; its shop owner,
    /// status filters and page size are kept), with other
    /// [`ChangeOptions`].
    pub fn changed_since_with(
        &self,
        filter: PurchaseOrderFilter,
        cursor: ChangeCursor,
        options: ChangeOptions,
    ) -> Changes<ListedPurchaseOrder> {
        changed_since::stream(self.client.clone(), cursor, filter, options)
    }
}
