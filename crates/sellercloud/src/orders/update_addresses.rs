//! Change an order's addresses and keep the rest of them: read the order
//! (`GET /api/Orders/{id}`), change its addresses, send each changed one
//! complete (`PUT /api/Orders/{id}`).
//!
//! Seed 002 ("Update Order"): "When address is provided all of its
//! information has to be passed because a full address update is done". A
//! caller who knows only the new city would blank the street; this reads
//! the stored address first, so the caller changes only what changes. The
//! read names fields as the order answer does (`StreetLine1`, `PostalCode`,
//! `CountryCode`, `StateCode`); they map onto the update's (`AddressLine1`,
//! `ZipCode`, `Country`, `State`). An address the change leaves as it was
//! is not sent; when none changes, nothing is sent at all. The read and the
//! write are two calls: a change made by someone else in between is
//! overwritten.

use super::get;
use super::update::{self, OrderAddressUpdate, UpdateOrder};
use crate::client::Client;
use crate::ids::OrderId;
use api_runtime::Result;
use sellercloud_api::types;

/// An order's addresses as read, for a change to edit.
///
/// ```
/// use sellercloud::{OrderAddressUpdate, OrderAddresses};
/// let read = OrderAddresses::default();
/// let changed = read.shipping(|a| a.city("Springfield"));
/// assert!(changed.shipping.is_some() && changed.billing.is_none());
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct OrderAddresses {
    /// The shipping address, when the order has one.
    pub shipping: Option<OrderAddressUpdate>,
    /// The billing address, when the order has one.
    pub billing: Option<OrderAddressUpdate>,
}

impl OrderAddresses {
    /// Changes the shipping address (starting from an empty one when the
    /// order has none).
    pub fn shipping(
        mut self,
        change: impl FnOnce(OrderAddressUpdate) -> OrderAddressUpdate,
    ) -> Self {
        self.shipping = Some(change(self.shipping.unwrap_or_default()));
        self
    }

    /// Changes the billing address (starting from an empty one when the
    /// order has none).
    pub fn billing(
        mut self,
        change: impl FnOnce(OrderAddressUpdate) -> OrderAddressUpdate,
    ) -> Self {
        self.billing = Some(change(self.billing.unwrap_or_default()));
        self
    }
}

/// The update's form of an address the order answer carries.
fn from_read(a: &types::Address) -> OrderAddressUpdate {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    OrderAddressUpdate::from_wire(types::OrderAddress {
        first_name: text(&a.first_name),
        last_name: text(&a.last_name),
        middle_name: a.middle_initial.clone(),
        zip_code: text(&a.postal_code),
        city: text(&a.city),
        country: text(&a.country_code),
        business: a.company_name.clone(),
        address_line1: text(&a.street_line1),
        address_line2: a.street_line2.clone(),
        fax: a.fax_number.clone(),
        region: None,
        state: a.state_code.clone(),
        phone: a.phone_number.clone(),
    })
}

/// Reads, changes, and sends the changed addresses complete.
pub(crate) async fn send(
    client: &Client,
    order_id: OrderId,
    change: impl FnOnce(OrderAddresses) -> OrderAddresses,
) -> Result<()> {
    let order = get::send(client, order_id).await?;
    let read = OrderAddresses {
        shipping: order.wire.shipping_address.as_ref().map(from_read),
        billing: order.wire.billing_address.as_ref().map(from_read),
    };
    let changed = change(read.clone());
    let mut request = UpdateOrder::new();
    let mut any = false;
    if let Some(a) = changed
        .shipping
        .filter(|a| Some(a) != read.shipping.as_ref())
    {
        request = request.shipping_address(a);
        any = true;
    }
    if let Some(a) = changed.billing.filter(|a| Some(a) != read.billing.as_ref()) {
        request = request.billing_address(a);
        any = true;
    }
    if !any {
        return Ok(());
    }
    update::send(client, order_id, request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_address_maps_onto_the_update_names() {
        let read: types::Address = serde_json::from_str(
            r#"{"FirstName": "Ada", "LastName": "Lovelace", "StreetLine1": "1 Main St", "StreetLine2": "Suite 4",
                "City": "Springfield", "PostalCode": "62701", "CountryCode": "US", "StateCode": "IL",
                "CompanyName": "Engines", "PhoneNumber": "555", "FaxNumber": "556", "MiddleInitial": "K"}"#,
        )
        .unwrap();
        let body = UpdateOrder::new()
            .shipping_address(from_read(&read))
            .build()
            .unwrap();
        let json = serde_json::to_value(&body).unwrap()["ShippingAddress"].clone();
        assert_eq!(
            json,
            serde_json::json!({"FirstName": "Ada", "LastName": "Lovelace", "MiddleName": "K", "ZipCode": "62701",
                "City": "Springfield", "Country": "US", "Business": "Engines", "AddressLine1": "1 Main St",
                "AddressLine2": "Suite 4", "Fax": "556", "State": "IL", "Phone": "555"})
        );
    }
}
