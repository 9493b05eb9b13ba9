//! Purchase order endpoints: [`PurchaseOrders`], reached with
//! [`Client::purchase_orders`](crate::Client::purchase_orders).
//!
//! One module per endpoint, each with its request builder and the rules it
//! checks before sending: [`create`], [`get`], [`items`], [`list`], [`changed_since`],
//! [`add_items`], [`update_items`], [`update_tracking`], [`receive`]. The
//! quantity mode shared by the item requests is in [`mode`].
//!
//! ```no_run
//! use sellercloud::PurchaseOrderId;
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! use sellercloud::UpdatePurchaseOrderTracking;
//! client.purchase_orders().update_tracking(PurchaseOrderId::new(1001), UpdatePurchaseOrderTracking::new().tracking_number("1Z999")).await?;
//! # Ok(()) }
//! ```

pub mod add_items;
pub mod changed_since;
pub mod create;
pub mod get;
pub mod items;
pub mod list;
pub mod mode;
pub mod receive;
pub mod update_items;
pub mod update_tracking;

use crate::answers::ListedPurchaseOrder;
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use add_items::AddPurchaseOrderItems;
use api_runtime::Result;
use api_runtime::changes::{ChangeCursor, Changes};
use changed_since::ChangedPurchaseOrders;
use create::CreatePurchaseOrder;
use futures::{Stream, StreamExt};
use items::ItemsByMode;
use list::PurchaseOrderFilter;
use mode::QuantityMode;
use receive::ReceivePurchaseOrder;
use sellercloud_api::types;
use update_items::UpdatePurchaseOrderItems;
use update_tracking::UpdatePurchaseOrderTracking;

/// The purchase order endpoints of a [`Client`].
///
/// ```no_run
/// use sellercloud::PurchaseOrderId;
/// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
/// let purchase_orders = client.purchase_orders();
/// purchase_orders
///     .update_tracking(PurchaseOrderId::new(1001), sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z999"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PurchaseOrders<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> PurchaseOrders<'a> {
    /// Creates a purchase order (`POST /api/PurchaseOrders`) and returns its
    /// ID.
    ///
    /// The request is validated first ([`CreatePurchaseOrder`] lists the
    /// rules). It is **never re-sent once it may have reached the server**:
    /// a duplicate purchase order is worse than an error. It is retried only
    /// when it certainly was not applied: the connection could not be
    /// made, or Sellercloud's rate limiter refused it (which happens before
    /// the request is processed). Otherwise the error's
    /// [`Error::may_have_been_applied`](crate::Error::may_have_been_applied) tells whether to check for the
    /// purchase order before creating it again.
    ///
    /// ```no_run
    /// use sellercloud::{CompanyId, VendorId};
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{CreatePurchaseOrder, PoType, NewPurchaseOrderProduct, Decimal};
    ///
    /// let request = CreatePurchaseOrder::new()
    ///     .company_id(CompanyId::new(1))
    ///     .vendor_id(VendorId::new(20))
    ///     .po_type(PoType::PurchaseOrder)
    ///     .case_qty_mode(false)
    ///     .product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(12).unit_price(Decimal::new(450, 2)));
    /// match client.purchase_orders().create(request).await {
    ///     Ok(id) => println!("created purchase order {id}"),
    ///     Err(e) if e.may_have_been_applied() => eprintln!("unknown outcome, check before retrying: {e}"),
    ///     Err(e) => eprintln!("not created: {e}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreatePurchaseOrder) -> Result<PurchaseOrderId> {
        create::send(self.client, request).await
    }

    /// Creates a purchase order like [`Self::create`], and when the answer
    /// is lost (the outcome unknown) finds out whether it was applied
    /// instead of leaving that to the caller, **never sending it again**: the
    /// purchase order found is returned ([`Created::recovered`](create::Created::recovered)),
    /// several candidates end in [`Error::Ambiguous`](crate::Error::Ambiguous),
    /// and none found while looking (or a failed lookup) in
    /// [`Error::Unresolved`](crate::Error::Unresolved). The request carries
    /// a reference unique to it in the first product's `ItemNotes` (made up
    /// by the SDK unless you give one or turn it off). How, and its limits:
    /// [`create::exactly_once`]. Uses [`ExactlyOnce::default`](create::ExactlyOnce);
    /// [`Self::create_exactly_once_with`] takes other settings.
    ///
    /// ```no_run
    /// use sellercloud::{CompanyId, VendorId};
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{CreatePurchaseOrder, PoType, NewPurchaseOrderProduct};
    /// let request = CreatePurchaseOrder::new()
    ///     .company_id(CompanyId::new(1))
    ///     .vendor_id(VendorId::new(20))
    ///     .po_type(PoType::PurchaseOrder)
    ///     .case_qty_mode(false)
    ///     .product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(12));
    /// let created = client.purchase_orders().create_exactly_once(request).await?;
    /// if created.recovered {
    ///     println!("the answer was lost; purchase order {} exists", created.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_exactly_once(
        &self,
        request: CreatePurchaseOrder,
    ) -> Result<create::Created> {
        create::exactly_once::send(self.client, request, create::ExactlyOnce::default()).await
    }

    /// [`Self::create_exactly_once`] with other settings: your own
    /// reference, a look before sending for a job that runs again after a
    /// crash, how long and how often to look.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client, run_started: chrono::DateTime<chrono::Utc>) -> sellercloud::Result<()> {
    /// use sellercloud::{CompanyId, CreatePurchaseOrder, ExactlyOnce, NewPurchaseOrderProduct, PoType, VendorId};
    /// let request = CreatePurchaseOrder::new()
    ///     .company_id(CompanyId::new(1)).vendor_id(VendorId::new(20))
    ///     .po_type(PoType::PurchaseOrder).case_qty_mode(false)
    ///     .product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(12));
    /// // The source document's id: after a crash, the same call finds what
    /// // the first run created instead of creating it again.
    /// let options = ExactlyOnce::new().reference("erp-po-8842").look_first_since(run_started);
    /// match client.purchase_orders().create_exactly_once_with(request, options).await {
    ///     Ok(created) => println!("purchase order {}", created.id),
    ///     Err(sellercloud::Error::Unresolved { candidates, .. }) => {
    ///         eprintln!("unknown outcome, not sent again; run again later to find it ({candidates:?})")
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_exactly_once_with(
        &self,
        request: CreatePurchaseOrder,
        options: create::ExactlyOnce,
    ) -> Result<create::Created> {
        create::exactly_once::send(self.client, request, options).await
    }

    /// Updates items of a purchase order (`PUT /api/PurchaseOrders/{id}/Items`).
    ///
    /// `po_id` is the purchase order; the items are named by their purchase
    /// order item IDs. The builder's quantity mode must match the purchase
    /// order's (see [`UpdatePurchaseOrderItems`]). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// use sellercloud::{PurchaseOrderId, PurchaseOrderItemId};
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{ItemUpdate, UpdatePurchaseOrderItems};
    ///
    /// let update = UpdatePurchaseOrderItems::unit_mode().item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(24));
    /// client.purchase_orders().update_items(PurchaseOrderId::new(1001), update).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_items<M: QuantityMode>(
        &self,
        po_id: PurchaseOrderId,
        request: UpdatePurchaseOrderItems<M>,
    ) -> Result<()> {
        update_items::send(self.client, po_id, request).await
    }

    /// Updates the shipping information of a purchase order (`PUT
    /// /api/PurchaseOrders/{id}/TrackingNumber`; single tracking number,
    /// only while the client setting "Enable Multiple Tracking Numbers On
    /// PO" is off). Idempotent: retried on transient failures.
    ///
    /// ```no_run
    /// use sellercloud::PurchaseOrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::UpdatePurchaseOrderTracking;
    ///
    /// let update = UpdatePurchaseOrderTracking::new().shipped_via_carrier("UPS").tracking_number("1Z999AA10123456784");
    /// client.purchase_orders().update_tracking(PurchaseOrderId::new(1001), update).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_tracking(
        &self,
        po_id: PurchaseOrderId,
        request: UpdatePurchaseOrderTracking,
    ) -> Result<()> {
        update_tracking::send(self.client, po_id, request).await
    }

    /// Reads a purchase order (`GET /api/PurchaseOrders/{id}`): its header
    /// (`Purchase`), `Statuses`, `VendorAndInvoice`, `TotalInfo` and more.
    /// Idempotent: retried on transient failures. Enums in the answer may
    /// come as names or numbers; both are read.
    ///
    /// ```no_run
    /// use sellercloud::PurchaseOrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// let po = client.purchase_orders().get(PurchaseOrderId::new(1001)).await?;
    /// let status = po.statuses.and_then(|s| s.receiving_status);
    /// println!("receiving status: {status:?}");
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, po_id: PurchaseOrderId) -> Result<types::PurchaseOrderDetails> {
        get::send(self.client, po_id).await
    }

    /// Reads a purchase order's items (`GET /api/PurchaseOrders/{id}/Items`)
    /// in the quantity mode the server reports, from which an update, add or
    /// receive request in the right mode is built. Idempotent.
    ///
    /// ```no_run
    /// use sellercloud::PurchaseOrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{ItemUpdate, ItemsByMode};
    /// match client.purchase_orders().items(PurchaseOrderId::new(1001)).await? {
    ///     ItemsByMode::Units(items) => {
    ///         let first = items.items()[0].id;
    ///         let update = items.update().item(ItemUpdate::new(first).qty_units_ordered(5));
    ///         client.purchase_orders().update_items(PurchaseOrderId::new(1001), update).await?;
    ///     }
    ///     other => println!("{} items", other.items().len()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn items(&self, po_id: PurchaseOrderId) -> Result<ItemsByMode> {
        items::send(self.client, po_id).await
    }

    /// Lists the purchase orders `filter` selects (`GET /api/PurchaseOrders`),
    /// as a stream that pages lazily through all of them (see [`list`]).
    /// Each page is one idempotent call, retried on transient failures; a
    /// failed page ends the stream with its error. Each purchase order comes
    /// with its ID typed ([`ListedPurchaseOrder`]); one listed without an ID
    /// is an [`Error::MissingField`](crate::Error::MissingField) in the
    /// stream.
    ///
    /// ```no_run
    /// use sellercloud::CompanyId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use futures::{StreamExt, TryStreamExt};
    /// use sellercloud::PurchaseOrderFilter;
    /// let first_two: Vec<_> = client
    ///     .purchase_orders()
    ///     .list(PurchaseOrderFilter::new().company_id(CompanyId::new(1)))
    ///     .take(2)
    ///     .try_collect()
    ///     .await?; // one request: the first page holds both
    /// # let _ = first_two;
    /// # Ok(()) }
    /// ```
    pub fn list(
        &self,
        filter: PurchaseOrderFilter,
    ) -> impl Stream<Item = Result<ListedPurchaseOrder>> + Send + 'static {
        list::stream(self.client.clone(), filter)
            .map(|listed| listed.and_then(ListedPurchaseOrder::from_wire))
    }

    /// The purchase orders created or changed since `cursor`, oldest change
    /// first, each once a run, with the cursor to store for the next run
    /// (see [`changed_since`] and the runtime's
    /// [`changes`](api_runtime::changes) for the guarantees): after a crash,
    /// a run from the last stored cursor loses nothing and repeats only the
    /// purchase orders changed within the overlap (60 s by default) before
    /// it. Pages of 50, on `TotalResults`; a list that shifts under the
    /// pages is read again; the run ends at the server's now, on its clock.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client, stored: Option<String>) -> Result<(), Box<dyn std::error::Error>> {
    /// use futures::StreamExt;
    /// use sellercloud::ChangeCursor;
    /// let cursor = match stored {
    ///     Some(json) => serde_json::from_str(&json)?,
    ///     None => ChangeCursor::starting_at(chrono::Utc::now() - chrono::TimeDelta::days(30)),
    /// };
    /// let mut changes = client.purchase_orders().changed_since(cursor);
    /// while let Some(changed) = changes.next().await {
    ///     let changed = changed?;
    ///     println!("purchase order {} changed", changed.record.id);
    ///     // store serde_json::to_string(&changed.cursor)? with what you did
    /// }
    /// let next_run = changes.cursor(); // store it for the next run
    /// # let _ = next_run;
    /// # Ok(()) }
    /// ```
    pub fn changed_since(&self, cursor: ChangeCursor) -> Changes<ListedPurchaseOrder> {
        changed_since::stream(self.client.clone(), cursor, ChangedPurchaseOrders::new())
    }

    /// [`Self::changed_since`] for the purchase orders a filter selects, with
    /// other [`ChangeOptions`](crate::ChangeOptions) or a server zone.
    pub fn changed_since_with(
        &self,
        cursor: ChangeCursor,
        follow: ChangedPurchaseOrders,
    ) -> Changes<ListedPurchaseOrder> {
        changed_since::stream(self.client.clone(), cursor, follow)
    }

    /// One page of [`Self::list`] (`page_number` counts from 1), with the
    /// server's `TotalResults`.
    pub async fn list_page(
        &self,
        filter: &PurchaseOrderFilter,
        page_number: i32,
    ) -> Result<types::PurchaseOrderList> {
        list::page(self.client, filter, page_number).await
    }

    /// Adds items to a purchase order (`POST /api/PurchaseOrders/{id}/items`)
    /// in its quantity mode; returns the server's text ("Successfully saved
    /// the purchase items."). **Not idempotent**: an item whose SKU is on
    /// the purchase order already is added again as a new item, so this is
    /// never re-sent once it may have reached the server; check
    /// [`Error::may_have_been_applied`](crate::Error::may_have_been_applied)
    /// (and read the items) before sending it again.
    ///
    /// ```no_run
    /// use sellercloud::PurchaseOrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{AddPurchaseOrderItems, Decimal, NewItem};
    /// let add = AddPurchaseOrderItems::unit_mode().item(NewItem::units("SKU-9", 4, Decimal::new(199, 2)));
    /// client.purchase_orders().add_items(PurchaseOrderId::new(1001), add).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_items<M: QuantityMode>(
        &self,
        po_id: PurchaseOrderId,
        request: AddPurchaseOrderItems<M>,
    ) -> Result<String> {
        add_items::send(self.client, po_id, request).await
    }

    /// Receives items of a purchase order (`POST
    /// /api/PurchaseOrders/{id}/receive`). **Not idempotent** ("receiving
    /// twice receives twice"): never re-sent once it may have reached the
    /// server.
    ///
    /// ```no_run
    /// use sellercloud::{PurchaseOrderId, PurchaseOrderItemId};
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{ReceiveItem, ReceivePurchaseOrder};
    /// let receipt = ReceivePurchaseOrder::unit_mode().item(ReceiveItem::new(PurchaseOrderItemId::new(50001)).qty_to_receive(12));
    /// client.purchase_orders().receive(PurchaseOrderId::new(1001), receipt).await?;
    /// # Ok(()) }
    /// ```
    pub async fn receive<M: QuantityMode>(
        &self,
        po_id: PurchaseOrderId,
        request: ReceivePurchaseOrder<M>,
    ) -> Result<()> {
        receive::send(self.client, po_id, request).await
    }
}
