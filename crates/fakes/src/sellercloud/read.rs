//! The purchase order read routes: one purchase order, its items, the list.

use super::answers::Writer;
use super::app::SellercloudApp;
use super::model::StoredPurchaseOrder;
use super::query::ListQuery;
use super::rules::invalid;
use crate::out::Out;
use crate::server::Reply;
use http::StatusCode;

impl SellercloudApp {
    fn writer(&self) -> Writer<'_> {
        Writer {
            enums: self.config.enum_format,
            zone: self.core.clock.zone(),
            username: &self.core.username,
        }
    }

    fn with_purchase_order(
        &self,
        id: i32,
        answer: impl FnOnce(&StoredPurchaseOrder) -> Out,
    ) -> Result<Reply, Reply> {
        let mut state = self.state();
        let po = state.purchase_order_mut(id)?;
        Ok(Reply::json_text(StatusCode::OK, answer(po).to_json()))
    }

    /// `GET /api/PurchaseOrders/{id}`: `PoDetailsDto`.
    pub(crate) fn get_purchase_order(&self, id: i32) -> Result<Reply, Reply> {
        let writer = self.writer();
        let require = self.config.settings.force_expected_delivery_date;
        self.with_purchase_order(id, |po| writer.details(po, require))
    }

    /// `GET /api/PurchaseOrders/{id}/Items`: `PoItemsDto`.
    pub(crate) fn get_purchase_order_items(&self, id: i32) -> Result<Reply, Reply> {
        let writer = self.writer();
        self.with_purchase_order(id, |po| writer.items(po))
    }

    /// `GET /api/PurchaseOrders`: `{"Items": [PoMultipleDataDto], "TotalResults": n}`,
    /// by ascending ID.
    pub(crate) fn list_purchase_orders(&self, query: Option<&str>) -> Result<Reply, Reply> {
        let query = ListQuery::parse(query, self.core.clock.zone(), self.config.max_page_size)
            .map_err(invalid)?;
        let now = self.core.clock.now();
        let state = self.state();
        let found: Vec<&StoredPurchaseOrder> = state
            .purchase_orders
            .values()
            .filter(|po| state.listed(po.id, now) && query.matches(po))
            .collect();
        let writer = self.writer();
        let skip = (query.page_number - 1).saturating_mul(query.page_size);
        let page = found
            .iter()
            .skip(skip)
            .take(query.page_size)
            .map(|po| writer.list_entry(po))
            .collect();
        let body = Out::obj([
            ("Items", Out::Arr(page)),
            ("TotalResults", Out::int(found.len() as i64)),
        ]);
        Ok(Reply::json_text(StatusCode::OK, body.to_json()))
    }
}
