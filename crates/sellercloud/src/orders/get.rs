//! Read an order: `GET /api/Orders/{id}` (the vendor's `Orders_Get`, "Get
//! metadata of existing sales order"), answering `SingleOrderDataDto`: its
//! addresses, items, statuses and totals.

use crate::answers::Order;
use crate::client::Client;
use crate::ids::OrderId;
use api_runtime::Result;
use api_runtime::call::Operation;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("get_order");

/// Reads an order; idempotent, so retried.
pub(crate) async fn send(client: &Client, order_id: OrderId) -> Result<Order> {
    let answer: types::SingleOrderDataDto = client
        .call(OPERATION, |api| api.orders_get(order_id.get()))
        .await?
        .decode(OPERATION.name)?;
    Order::from_wire(answer)
}
