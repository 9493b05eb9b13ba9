//! Products by id (`GET v1/Products/{productId}`), by code
//! (`GET v1/ShopGroup/{shopGroupId}/Products/{productCode}`) and their
//! stock per location (`GET v1/Products/{productId}/StockPerLocation`).

use super::app::ShopCtrlApp;
use super::model::StoredShopProduct;
use super::rows::not_found;
use crate::out::Out;
use crate::server::Reply;
use http::StatusCode;
use rust_decimal::Decimal;

fn product_out(p: &StoredShopProduct) -> Out {
    let sum = |f: fn(&super::model::StoredStock) -> Decimal| p.stock.iter().map(f).sum::<Decimal>();
    let on_hand = sum(|s| s.qty_on_hand);
    let reserved = sum(|s| s.qty_reserved);
    Out::obj([
        ("Id", Out::int(p.id)),
        ("Code", Out::str(p.code.clone())),
        ("ShopGroupId", Out::int(p.shop_group_id)),
        ("KeepStock", Out::Bool(true)),
        ("QtyOnHand", Out::decimal(on_hand)),
        ("QtyReserved", Out::decimal(reserved)),
        ("QtyAvailable", Out::decimal(on_hand - reserved)),
    ])
}

impl ShopCtrlApp {
    fn product(&self, id: i32) -> Result<StoredShopProduct, Reply> {
        self.products()
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .ok_or_else(|| not_found(format!("Product {id}")))
    }

    /// `GET v1/Products/{productId}`.
    pub(crate) fn get_product(&self, id: i32) -> Result<Reply, Reply> {
        let p = self.product(id)?;
        Ok(Reply::json_text(StatusCode::OK, product_out(&p).to_json()))
    }

    /// `GET v1/ShopGroup/{shopGroupId}/Products/{productCode}`: the code is
    /// compared exactly ("the unique ProductCode").
    pub(crate) fn get_product_by_code(&self, group: i32, code: &str) -> Result<Reply, Reply> {
        let products = self.products();
        let p = products
            .iter()
            .find(|p| p.shop_group_id == group && p.code == code)
            .ok_or_else(|| not_found(format!("Product '{code}' of shop group {group}")))?;
        Ok(Reply::json_text(StatusCode::OK, product_out(p).to_json()))
    }

    /// `GET v1/Products/{productId}/StockPerLocation`.
    pub(crate) fn get_stock_per_location(&self, id: i32) -> Result<Reply, Reply> {
        let p = self.product(id)?;
        let entries = p
            .stock
            .iter()
            .map(|s| {
                Out::obj([
                    ("WarehouseId", Out::int(s.warehouse_id)),
                    ("WarehouseLocationId", Out::int(s.warehouse_location_id)),
                    ("ProductCode", Out::str(p.code.clone())),
                    ("ProductId", Out::int(p.id)),
                    ("QtyOnHand", Out::decimal(s.qty_on_hand)),
                    ("QtyAvailable", Out::decimal(s.qty_on_hand - s.qty_reserved)),
                    ("QtyReserved", Out::decimal(s.qty_reserved)),
                ])
            })
            .collect();
        Ok(Reply::json_text(
            StatusCode::OK,
            Out::Arr(entries).to_json(),
        ))
    }
}
