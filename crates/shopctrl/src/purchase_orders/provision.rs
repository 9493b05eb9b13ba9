//! `POST v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision`: receive
//! rows of a purchase order, with lots, serial numbers, expiry dates and
//! locations.
//!
//! What the newer help page states, and how it is kept:
//! - `PurchaseOrderRowId` and `QtyDelivered` are required:
//!   [`ProvisionItem::new`] takes both.
//! - "If not set, or value is lower or equal than zero, QtyDelivered will
//!   be set to 1": a quantity of 0 or less is sent as given, not refused
//!   (the server counts it as 1).
//! - Without `WarehouseLocationId` the warehouse's default location is used.
//! - `ExpiryDate` keeps its offset.
//!
//! No other rule is stated, so none is enforced. Provisioning is not
//! idempotent (a re-sent request receives the goods twice): it is never
//! retried after it may have reached the server.

use crate::client::Client;
use crate::ids::{PurchaseOrderId, RowId, WarehouseLocationId};
use api_runtime::Result;
use api_runtime::call::Operation;
use chrono::{DateTime, FixedOffset};
use shopctrl_api::types;

const OPERATION: Operation = Operation::not_idempotent("provision_purchase_order");

/// One stock item received (the vendor's `AdvancedProvisionInfo`).
///
/// ```
/// use shopctrl::{DateTime, ProvisionItem, RowId, WarehouseLocationId};
/// let expiry = DateTime::parse_from_rfc3339("2027-03-01T00:00:00+01:00").unwrap();
/// let item = ProvisionItem::new(RowId::new(31), 4)
///     .lot_number("L-2026-11")
///     .expiry_date(expiry)
///     .warehouse_location_id(WarehouseLocationId::new(12));
/// let json = serde_json::to_string(&item.into_wire()).unwrap();
/// assert_eq!(
///     json,
///     r#"{"ExpiryDate":"2027-03-01T00:00:00+01:00","LotNumber":"L-2026-11","PurchaseOrderRowId":31,"QtyDelivered":4,"WarehouseLocationId":12}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ProvisionItem {
    item: types::AdvancedProvisionInfo,
}

impl ProvisionItem {
    /// `quantity` units of row `row` received. The page: a quantity of 0 or
    /// less "will be set to 1"; it is sent as given.
    pub fn new(row: RowId, quantity: i32) -> Self {
        ProvisionItem {
            item: types::AdvancedProvisionInfo {
                purchase_order_row_id: row.get(),
                qty_delivered: quantity,
                warehouse_location_id: None,
                lot_number: None,
                serial_number: None,
                expiry_date: None,
            },
        }
    }

    /// `WarehouseLocationId`: where the units go (left out: the
    /// warehouse's default location).
    pub fn warehouse_location_id(mut self, location: WarehouseLocationId) -> Self {
        self.item.warehouse_location_id = Some(location.get());
        self
    }

    /// `LotNumber`.
    pub fn lot_number(mut self, lot: impl Into<String>) -> Self {
        self.item.lot_number = Some(lot.into());
        self
    }

    /// `SerialNumber`.
    pub fn serial_number(mut self, serial: impl Into<String>) -> Self {
        self.item.serial_number = Some(serial.into());
        self
    }

    /// `ExpiryDate`, sent with its offset.
    pub fn expiry_date(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.item.expiry_date = Some(at.into());
        self
    }

    /// The item as the generated client takes it.
    pub fn into_wire(self) -> types::AdvancedProvisionInfo {
        self.item
    }
}

pub(crate) async fn send(
    client: &Client,
    purchase_order_id: PurchaseOrderId,
    items: Vec<ProvisionItem>,
) -> Result<()> {
    let body: Vec<types::AdvancedProvisionInfo> =
        items.into_iter().map(ProvisionItem::into_wire).collect();
    client
        .call(OPERATION, |api| {
            api.provision_purchase_order(purchase_order_id.get(), &body)
        })
        .await?;
    Ok(())
}
