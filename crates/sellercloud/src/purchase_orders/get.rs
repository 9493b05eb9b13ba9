//! Read one purchase order: `GET /api/PurchaseOrders/{id}` (the vendor's
//! `PurchaseOrders_Get`), answering its details: header (`Purchase`),
//! `Statuses`, `VendorAndInvoice`, `TotalInfo` and more.
//!
//! No rule is checked before sending: the id is any int32, and an unknown
//! one is the server's 404.

use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::Result;
use api_runtime::call::Operation;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("get_purchase_order");

/// Reads a purchase order; idempotent, so retried.
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
) -> Result<types::PurchaseOrderDetails> {
    client
        .call(OPERATION, |api| api.get_purchase_order(po_id.get()))
        .await?
        .decode(OPERATION.name)
}
