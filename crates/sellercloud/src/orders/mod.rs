//! Order endpoints: [`Orders`], reached with
//! [`Client::orders`](crate::Client::orders). One module per endpoint:
//! [`update`].
//!
//! ```no_run
//! # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
//! client.orders().update(5001, sellercloud::OrderUpdate::new().sales_rep1(12)).await?;
//! # Ok(()) }
//! ```

pub mod update;

use crate::client::Client;
use api_runtime::Result;
use update::OrderUpdate;

/// The order endpoints of a [`Client`].
///
/// ```no_run
/// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
/// use sellercloud::{OrderSource, OrderUpdate};
/// client.orders().update(5001, OrderUpdate::new().order_source(OrderSource::Website)).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Orders<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> Orders<'a> {
    /// Updates an order's header data (`PUT /api/Orders/{id}`). The request
    /// is validated first (see [`OrderUpdate`]). Idempotent: retried on
    /// transient failures.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{OrderAddress, OrderUpdate};
    ///
    /// let address = OrderAddress::new()
    ///     .first_name("Ada")
    ///     .last_name("Lovelace")
    ///     .address_line1("1 Main St")
    ///     .city("Springfield")
    ///     .state("IL")
    ///     .zip_code("62701")
    ///     .country("US");
    /// client.orders().update(5001, OrderUpdate::new().shipping_address(address)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, order_id: i32, request: OrderUpdate) -> Result<()> {
        update::send(self.client, order_id, request).await
    }
}
