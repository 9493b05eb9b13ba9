//! The order route: `PUT /api/Orders/{id}`.

use super::app::SellercloudApp;
use super::rules::*;
use crate::json::{Json, Violations};
use crate::server::Reply;
use http::StatusCode;

impl SellercloudApp {
    /// `PUT /api/Orders/{id}` (document 002).
    ///
    /// - Every field is optional: "Do not provide or set to 'null' if no
    ///   update is needed". A body with no field changes nothing (not even
    ///   [`StoredOrder::update_count`](super::StoredOrder::update_count)) and is accepted:
    ///   the document states no rule against it.
    /// - An address "has to be passed [whole] because a full address update is
    ///   done": see [`order_address`].
    pub(crate) fn update_order(&self, order_id: i32, body: &Json) -> Result<Reply, Reply> {
        let body = require_object(body)?;
        let mut v = Violations::default();
        let company_id = v.int(body.get("CompanyId"), "CompanyId");
        let customer_id = v.int(body.get("CustomerId"), "CustomerId");
        let order_source = open_enum(&mut v, body.get("OrderSource"), "OrderSource");
        let order_sub_type = open_enum(&mut v, body.get("OrderSubType"), "OrderSubType");
        let sales_rep1 = v.int(body.get("SalesRep1"), "SalesRep1");
        let currency_code = open_enum(&mut v, body.get("CurrencyCode"), "CurrencyCode");
        let disable_inventory_count =
            v.boolean(body.get("DisableInventoryCount"), "DisableInventoryCount");
        let shipping_address =
            order_address(&mut v, body.get("ShippingAddress"), "ShippingAddress");
        let billing_address = order_address(&mut v, body.get("BillingAddress"), "BillingAddress");
        if !v.is_empty() {
            return Err(invalid(v));
        }
        let changes_something = [
            "CompanyId",
            "CustomerId",
            "OrderSource",
            "OrderSubType",
            "SalesRep1",
            "CurrencyCode",
            "DisableInventoryCount",
            "ShippingAddress",
            "BillingAddress",
        ]
        .iter()
        .any(|k| Violations::present(body.get(k)).is_some());
        let mut state = self.state();
        let order = state
            .orders
            .get_mut(&order_id)
            .ok_or_else(|| not_found("Order", order_id))?;
        if !changes_something {
            return Ok(Reply::empty(StatusCode::OK));
        }
        set_if(&mut order.company_id, company_id);
        set_if(&mut order.customer_id, customer_id);
        set_if(&mut order.order_source, order_source);
        set_if(&mut order.order_sub_type, order_sub_type);
        set_if(&mut order.sales_rep1, sales_rep1);
        set_if(&mut order.currency_code, currency_code);
        set_if(&mut order.disable_inventory_count, disable_inventory_count);
        set_if(&mut order.shipping_address, shipping_address);
        set_if(&mut order.billing_address, billing_address);
        order.update_count += 1;
        Ok(Reply::empty(StatusCode::OK))
    }
}
