//! Order endpoints: [`Orders`], reached with
//! [`Client::orders`](crate::Client::orders). One module per endpoint:
//! [`get`], [`update`], and [`update_addresses`] (a read, then an update).
//!
//! ```no_run
//! use sellercloud::OrderId;
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! client.orders().update(OrderId::new(5001), sellercloud::UpdateOrder::new().sales_rep1(12)).await?;
//! # Ok(()) }
//! ```

pub mod get;
pub mod update;
pub mod update_addresses;

use crate::answers::Order;
use crate::client::Client;
use crate::ids::OrderId;
use api_runtime::Result;
use update::UpdateOrder;
use update_addresses::OrderAddresses;

/// The order endpoints of a [`Client`].
///
/// ```no_run
/// use sellercloud::OrderId;
/// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
/// use sellercloud::{OrderSource, UpdateOrder};
/// client.orders().update(OrderId::new(5001), UpdateOrder::new().order_source(OrderSource::Website)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Orders<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> Orders<'a> {
    /// Updates an order's header data (`PUT /api/Orders/{id}`). The request
    /// is validated first (see [`UpdateOrder`]). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// use sellercloud::OrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{OrderAddressUpdate, UpdateOrder};
    ///
    /// let address = OrderAddressUpdate::new()
    ///     .first_name("Ada")
    ///     .last_name("Lovelace")
    ///     .address_line1("1 Main St")
    ///     .city("Springfield")
    ///     .state("IL")
    ///     .zip_code("62701")
    ///     .country("US");
    /// client.orders().update(OrderId::new(5001), UpdateOrder::new().shipping_address(address)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, order_id: OrderId, request: UpdateOrder) -> Result<()> {
        update::send(self.client, order_id, request).await
    }

    /// Reads an order (`GET /api/Orders/{id}`): addresses, items, statuses
    /// and totals, with its ID typed. Idempotent: retried on transient
    /// failures.
    ///
    /// ```no_run
    /// use sellercloud::OrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// let order = client.orders().get(OrderId::new(5001)).await?;
    /// println!("ships to {:?}", order.wire.shipping_address.and_then(|a| a.city));
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, order_id: OrderId) -> Result<Order> {
        get::send(self.client, order_id).await
    }

    /// Changes an order's addresses and keeps the rest of them: reads the
    /// order, applies `change` to its addresses, and sends each changed
    /// address complete, as "a full address update is done" requires (see
    /// [`update_addresses`]). Nothing is sent when nothing changed; a
    /// changed address that breaks a rule is an
    /// [`Error::Validation`](crate::Error::Validation) and nothing is sent.
    ///
    /// ```no_run
    /// use sellercloud::OrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// client
    ///     .orders()
    ///     .update_addresses(OrderId::new(5001), |addresses| addresses.shipping(|a| a.address_line2("Suite 4")))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_addresses(
        &self,
        order_id: OrderId,
        change: impl FnOnce(OrderAddresses) -> OrderAddresses,
    ) -> Result<()> {
        update_addresses::send(self.client, order_id, change).await
    }
}
