//! Receive a purchase order: `POST /api/PurchaseOrders/{id}/receive` (the
//! vendor's `PurchaseOrders_Receive`), a `ReceivePoRequest` whose `Items`
//! name purchase order item ids.
//!
//! Not idempotent: "Receiving twice receives twice", so the request is never
//! re-sent once it may have reached the server (like create).

use super::mode::{CaseMode, QuantityMode, UnitMode};
use crate::client::Client;
use crate::ids::{PurchaseOrderId, PurchaseOrderItemId, WarehouseId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use rust_decimal::Decimal;
use sellercloud_api::enums::DiscountType;
use sellercloud_api::types;
use std::fmt;
use std::marker::PhantomData;

const DOC: &str = "Swagger ReceivePoRequest; lifecycle-facts.md, Receive Purchase Order";
const OP: &str = "receive_purchase_order";

/// `Items` (required): the items to receive.
pub static AT_LEAST_ONE_ITEM: Rule = Rule {
    operation: OP,
    field: "Items",
    rule: "must contain at least one item",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "ReceivePoRequest: required [Items]; \"Items (required)\"",
};

/// `ReceivePoItem.ID` is required (the Swagger's `required: [ID]`):
/// [`ReceiveItem::new`] takes it.
pub static ITEM_ID: Rule = Rule {
    operation: OP,
    field: "Items[].ID",
    rule: "required",
    kind: RuleKind::Type,
    source: DOC,
    quote: "ReceivePoItem: required [ID]; \"ID (the PO item id, required)\"",
};

/// `QtyToReceive` in non-case mode, `CaseQtyToReceive` in case mode: the
/// mode parameter of [`ReceivePurchaseOrder`] offers only the right one.
pub static ONE_QUANTITY_MODE: Rule = Rule {
    operation: OP,
    field: "Items[].QtyToReceive or CaseQtyToReceive",
    rule: "only the field of the purchase order's quantity mode",
    kind: RuleKind::Type,
    source: DOC,
    quote: "QtyToReceive (non-case mode), CaseQtyToReceive (case mode)",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&AT_LEAST_ONE_ITEM, &ITEM_ID, &ONE_QUANTITY_MODE];

/// A receipt of items of a purchase order in quantity mode `M`.
///
/// ```
/// use sellercloud::{PurchaseOrderItemId, ReceiveItem, ReceivePurchaseOrder};
///
/// let receipt = ReceivePurchaseOrder::unit_mode()
///     .receive_invoice_number("INV-77")
///     .item(ReceiveItem::new(PurchaseOrderItemId::new(50001)).qty_to_receive(5));
/// let body = receipt.build()?;
/// assert_eq!(body.items[0].qty_to_receive, Some(5));
/// # Ok::<(), sellercloud::Error>(())
/// ```
pub struct ReceivePurchaseOrder<M: QuantityMode> {
    body: types::ReceivePurchaseOrderRequest,
    mode: PhantomData<M>,
}

impl<M: QuantityMode> Clone for ReceivePurchaseOrder<M> {
    fn clone(&self) -> Self {
        ReceivePurchaseOrder {
            body: self.body.clone(),
            mode: PhantomData,
        }
    }
}

impl<M: QuantityMode> fmt::Debug for ReceivePurchaseOrder<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivePurchaseOrder")
            .field("mode", &M::NAME)
            .field("body", &self.body)
            .finish()
    }
}

impl<M: QuantityMode> Default for ReceivePurchaseOrder<M> {
    fn default() -> Self {
        ReceivePurchaseOrder::new()
    }
}

impl ReceivePurchaseOrder<UnitMode> {
    /// A receipt for a purchase order not in case quantity mode.
    pub fn unit_mode() -> Self {
        ReceivePurchaseOrder::new()
    }
}

impl ReceivePurchaseOrder<CaseMode> {
    /// A receipt for a purchase order in case quantity mode.
    pub fn case_mode() -> Self {
        ReceivePurchaseOrder::new()
    }
}

impl<M: QuantityMode> ReceivePurchaseOrder<M> {
    /// An empty receipt in mode `M`.
    pub fn new() -> Self {
        ReceivePurchaseOrder {
            body: types::ReceivePurchaseOrderRequest {
                items: Vec::new(),
                receive_invoice_number: None,
                shipping_cost: None,
                vendor_order_id: None,
            },
            mode: PhantomData,
        }
    }

    /// Adds an item to receive.
    pub fn item(mut self, item: ReceiveItem<M>) -> Self {
        self.body.items.push(item.inner);
        self
    }

    /// `ReceiveInvoiceNumber`.
    pub fn receive_invoice_number(mut self, number: impl Into<String>) -> Self {
        self.body.receive_invoice_number = Some(number.into());
        self
    }

    /// `VendorOrderId`.
    pub fn vendor_order_id(mut self, id: impl Into<String>) -> Self {
        self.body.vendor_order_id = Some(id.into());
        self
    }

    /// `ShippingCost`.
    pub fn shipping_cost(mut self, cost: Decimal) -> Self {
        self.body.shipping_cost = Some(cost);
        self
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::ReceivePurchaseOrder::unit_mode().validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Items"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(&AT_LEAST_ONE_ITEM, !self.body.items.is_empty(), "Items");
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::ReceivePurchaseOrderRequest> {
        self.validate()?;
        Ok(self.body)
    }
}

/// One item to receive, named by its purchase order item id.
pub struct ReceiveItem<M: QuantityMode> {
    inner: types::ReceivePurchaseOrderItem,
    mode: PhantomData<M>,
}

impl<M: QuantityMode> Clone for ReceiveItem<M> {
    fn clone(&self) -> Self {
        ReceiveItem {
            inner: self.inner.clone(),
            mode: PhantomData,
        }
    }
}

impl<M: QuantityMode> fmt::Debug for ReceiveItem<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiveItem")
            .field("mode", &M::NAME)
            .field("item", &self.inner)
            .finish()
    }
}

impl<M: QuantityMode> ReceiveItem<M> {
    /// The item with purchase order item id `item_id` (`ID`).
    pub fn new(item_id: PurchaseOrderItemId) -> Self {
        ReceiveItem {
            inner: types::ReceivePurchaseOrderItem {
                case_qty_to_receive: None,
                discount_type: None,
                discount_value: None,
                id: item_id.get(),
                list_price: None,
                location_notes: None,
                qty_to_receive: None,
                unit_price: None,
                upc: None,
                warehouse_bin_id: None,
                warehouse_id: None,
                weight_lbs: None,
                weight_oz: None,
            },
            mode: PhantomData,
        }
    }

    /// `WarehouseId` (by default the item's warehouse from creation).
    pub fn warehouse_id(mut self, id: WarehouseId) -> Self {
        self.inner.warehouse_id = Some(id.get());
        self
    }

    /// `WarehouseBinId`.
    pub fn warehouse_bin_id(mut self, id: i32) -> Self {
        self.inner.warehouse_bin_id = Some(id);
        self
    }

    /// `UnitPrice`.
    pub fn unit_price(mut self, price: Decimal) -> Self {
        self.inner.unit_price = Some(price);
        self
    }

    /// `DiscountType` and `DiscountValue`.
    pub fn discount(mut self, kind: DiscountType, value: Decimal) -> Self {
        self.inner.discount_type = Some(kind);
        self.inner.discount_value = Some(value);
        self
    }

    /// `ListPrice`.
    pub fn list_price(mut self, price: Decimal) -> Self {
        self.inner.list_price = Some(price);
        self
    }

    /// `LocationNotes`.
    pub fn location_notes(mut self, notes: impl Into<String>) -> Self {
        self.inner.location_notes = Some(notes.into());
        self
    }

    /// `UPC`.
    pub fn upc(mut self, upc: impl Into<String>) -> Self {
        self.inner.upc = Some(upc.into());
        self
    }

    /// `WeightLbs` and `WeightOz`.
    pub fn weight(mut self, lbs: f64, oz: f64) -> Self {
        self.inner.weight_lbs = Some(lbs);
        self.inner.weight_oz = Some(oz);
        self
    }
}

impl ReceiveItem<UnitMode> {
    /// `QtyToReceive`: units received.
    pub fn qty_to_receive(mut self, qty: i32) -> Self {
        self.inner.qty_to_receive = Some(qty);
        self
    }
}

impl ReceiveItem<CaseMode> {
    /// `CaseQtyToReceive`: cases received.
    pub fn case_qty_to_receive(mut self, qty: i32) -> Self {
        self.inner.case_qty_to_receive = Some(qty);
        self
    }
}

const OPERATION: Operation = Operation::not_idempotent("receive_purchase_order");

/// Sends the receipt: validated first, never re-sent once it may have
/// reached the server.
pub(crate) async fn send<M: QuantityMode>(
    client: &Client,
    po_id: PurchaseOrderId,
    request: ReceivePurchaseOrder<M>,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| {
            api.receive_purchase_order(po_id.get(), &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_item_and_the_mode_field() {
        let e = ReceivePurchaseOrder::case_mode().build().unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&AT_LEAST_ONE_ITEM)
        );
        let body = ReceivePurchaseOrder::case_mode()
            .item(ReceiveItem::new(PurchaseOrderItemId::new(9)).case_qty_to_receive(2))
            .build()
            .unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["Items"][0]["CaseQtyToReceive"], 2);
        assert!(json["Items"][0].get("QtyToReceive").is_none());
        // No quantity at all is sent as it is: no document requires one.
        let body = ReceivePurchaseOrder::unit_mode()
            .item(ReceiveItem::new(PurchaseOrderItemId::new(9)))
            .build()
            .unwrap();
        assert_eq!(body.items[0].qty_to_receive, None);
    }
}
