//! `GET /api/Orders/{id}` (`Orders_Get`): an order's `SingleOrderDataDto`,
//! with the fields the fake keeps state for (`OrderID`, the addresses,
//! `CompanyID` under `OrderDetails`); its addresses name their parts as the
//! Swagger's `Address` does (`StreetLine1`, `PostalCode`, `CountryCode`,
//! `StateCode`), not as the update sends them. `Region`, which the update
//! takes, has no place in this answer and is not written.

use super::app::SellercloudApp;
use super::model::StoredAddress;
use super::rules::not_found;
use crate::out::Out;
use crate::server::Reply;
use http::StatusCode;

fn address(a: &StoredAddress, shipping: bool) -> Out {
    let text = |v: &Option<String>| Out::opt(v.clone(), Out::str);
    Out::obj([
        ("FirstName", text(&a.first_name)),
        ("LastName", text(&a.last_name)),
        ("MiddleInitial", text(&a.middle_name)),
        ("CompanyName", text(&a.business)),
        ("StreetLine1", text(&a.address_line1)),
        ("StreetLine2", text(&a.address_line2)),
        ("City", text(&a.city)),
        ("StateCode", text(&a.state)),
        ("PostalCode", text(&a.zip_code)),
        ("CountryCode", text(&a.country)),
        ("PhoneNumber", text(&a.phone)),
        ("FaxNumber", text(&a.fax)),
        ("IsShippingAddress", Out::Bool(shipping)),
        ("IsBillingAddress", Out::Bool(!shipping)),
    ])
}

impl SellercloudApp {
    /// `GET /api/Orders/{id}`; 404 for an unknown order, as the purchase
    /// order reads do.
    pub(crate) fn get_order(&self, order_id: i32) -> Result<Reply, Reply> {
        let state = self.state();
        let order = state
            .orders
            .get(&order_id)
            .ok_or_else(|| not_found("Order", order_id))?;
        let body = Out::obj([
            ("OrderID", Out::int(order.id)),
            (
                "ShippingAddress",
                Out::opt(order.shipping_address.as_ref(), |a| address(a, true)),
            ),
            (
                "BillingAddress",
                Out::opt(order.billing_address.as_ref(), |a| address(a, false)),
            ),
            ("OrderItems", Out::Arr(Vec::new())),
        ]);
        Ok(Reply::json_text(StatusCode::OK, body.to_json()))
    }
}
