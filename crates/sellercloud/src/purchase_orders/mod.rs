//! Purchase order endpoints: [`PurchaseOrders`], reached with
//! [`Client::purchase_orders`](crate::Client::purchase_orders).
//!
//! One module per endpoint, each with its request builder and the rules it
//! checks before sending: [`create`], [`update_items`], [`update_tracking`].
//!
//! ```no_run
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! use sellercloud::TrackingUpdate;
//! client.purchase_orders().update_tracking(1001, TrackingUpdate::new().tracking_number("1Z999")).await?;
//! # Ok(()) }
//! ```

pub mod create;
pub mod update_items;
pub mod update_tracking;

use crate::client::Client;
use api_runtime::Result;
use create::CreatePurchaseOrder;
use update_items::{PurchaseOrderItemsUpdate, QuantityMode};
use update_tracking::TrackingUpdate;

/// The purchase order endpoints of a [`Client`].
///
/// ```no_run
/// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
/// let purchase_orders = client.purchase_orders();
/// purchase_orders
///     .update_tracking(1001, sellercloud::TrackingUpdate::new().tracking_number("1Z999"))
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
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{CreatePurchaseOrder, PoType, PurchaseOrderProduct, Decimal};
    ///
    /// let request = CreatePurchaseOrder::new()
    ///     .company_id(1)
    ///     .vendor_id(20)
    ///     .po_type(PoType::PurchaseOrder)
    ///     .case_qty_mode(false)
    ///     .product(PurchaseOrderProduct::new("SKU-1").qty_units_ordered(12).unit_price(Decimal::new(450, 2)));
    /// match client.purchase_orders().create(request).await {
    ///     Ok(id) => println!("created purchase order {id}"),
    ///     Err(e) if e.may_have_been_applied() => eprintln!("unknown outcome, check before retrying: {e}"),
    ///     Err(e) => eprintln!("not created: {e}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreatePurchaseOrder) -> Result<i32> {
        create::send(self.client, request).await
    }

    /// Updates items of a purchase order (`PUT /api/PurchaseOrders/{id}/Items`).
    ///
    /// `po_id` is the purchase order; the items are named by their purchase
    /// order item IDs. The builder's quantity mode must match the purchase
    /// order's (see [`PurchaseOrderItemsUpdate`]). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{ItemUpdate, PurchaseOrderItemsUpdate};
    ///
    /// let update = PurchaseOrderItemsUpdate::unit_mode().item(ItemUpdate::new(501).qty_units_ordered(24));
    /// client.purchase_orders().update_items(1001, update).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_items<M: QuantityMode>(
        &self,
        po_id: i32,
        request: PurchaseOrderItemsUpdate<M>,
    ) -> Result<()> {
        update_items::send(self.client, po_id, request).await
    }

    /// Updates the shipping information of a purchase order (`PUT
    /// /api/PurchaseOrders/{id}/TrackingNumber`; single tracking number,
    /// only while the client setting "Enable Multiple Tracking Numbers On
    /// PO" is off). Idempotent: retried on transient failures.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::TrackingUpdate;
    ///
    /// let update = TrackingUpdate::new().shipped_via_carrier("UPS").tracking_number("1Z999AA10123456784");
    /// client.purchase_orders().update_tracking(1001, update).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_tracking(&self, po_id: i32, request: TrackingUpdate) -> Result<()> {
        update_tracking::send(self.client, po_id, request).await
    }
}
