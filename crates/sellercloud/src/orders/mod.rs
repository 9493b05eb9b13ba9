//! Order endpoints: [`Orders`], reached with
//! [`Client::orders`](crate::Client::orders). One module per endpoint:
//! [`update`].
//!
//! ```no_run
//! use sellercloud::OrderId;
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! client.orders().update(OrderId::new(5001), sellercloud::UpdateOrder::new().sales_rep1(12)).await?;
//! # Ok(()) }
//! ```

pub mod update;

use crate::client::Client;
use crate::ids::OrderId;
use api_runtime::Result;
use update::UpdateOrder;

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
}
