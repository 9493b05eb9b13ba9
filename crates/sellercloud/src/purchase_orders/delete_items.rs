//! Delete items of a purchase order: `DELETE /api/PurchaseOrders/{id}/Items`
//! (page "Delete Purchase Order Items"), naming them by purchase order item
//! ID.
//!
//! The page says a server error is answered 400, so a 400 here may still
//! have removed the items ([`Error::may_have_been_applied`]).
//!
//! ```
//! use sellercloud::{DeletePurchaseOrderItems, PurchaseOrderItemId};
//! let body = DeletePurchaseOrderItems::new().item(PurchaseOrderItemId::new(501)).build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"PoItemsIDs":[501]}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::{PurchaseOrderId, PurchaseOrderItemId};
use api_runtime::call::{Operation, Reply};
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use sellercloud_api::types;

/// The items to remove, by purchase order item ID (not product ID). At
/// least one ([`AT_LEAST_ONE_ITEM`]).
#[derive(Clone, Debug, Default)]
pub struct DeletePurchaseOrderItems(Vec<i32>);

impl DeletePurchaseOrderItems {
    /// No item yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an item to remove.
    pub fn item(mut self, id: PurchaseOrderItemId) -> Self {
        self.0.push(id.get());
        self
    }

    /// Checks the rules without building the body.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&AT_LEAST_ONE_ITEM, !self.0.is_empty(), "PoItemsIDs");
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::PurchaseOrderItemIds> {
        self.validate()?;
        Ok(types::PurchaseOrderItemIds {
            po_items_i_ds: self.0,
        })
    }
}

/// `PoItemsIDs` is the list of items to delete; an empty one removes
/// nothing (a convenience, not a vendor rule).
pub static AT_LEAST_ONE_ITEM: Rule = Rule {
    operation: "delete_purchase_order_items",
    field: "PoItemsIDs",
    rule: "must contain at least one item ID",
    kind: RuleKind::Convenience,
    source: "page \"Delete Purchase Order Items\"",
    quote: "PoItemsIDs: List of integers representing purchase order items IDs.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&AT_LEAST_ONE_ITEM];

/// Deleting twice leaves what deleting once does; a server error is a 400.
const OPERATION: Operation =
    Operation::idempotent("delete_purchase_order_items").server_errors_as_4xx();

/// Sends the deletion: validated first. Returns the server's text ("Items
/// deleted successfully.").
pub(crate) async fn send(
    client: &Client,
    po_id: PurchaseOrderId,
    request: DeletePurchaseOrderItems,
) -> Result<String> {
    let body = request.build()?;
    match client
        .call(OPERATION, |api| {
            api.delete_purchase_order_items(po_id.get(), &body)
        })
        .await?
    {
        Reply::Parsed(text) => Ok(text),
        Reply::Other { body, .. } => Ok(sellercloud_api::text_answer::decode(&body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_item() {
        let e = DeletePurchaseOrderItems::new().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&AT_LEAST_ONE_ITEM)
        );
    }
}
