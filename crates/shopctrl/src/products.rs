//! Products: `client.products()`. A product by its id (`GET
//! v1/Products/{productId}`), by its code within a shop group (`GET
//! v1/ShopGroup/{shopGroupId}/Products/{productCode}`) and its stock per
//! warehouse location (`GET v1/Products/{productId}/StockPerLocation`). All
//! are reads, so retried on transient failures. No request rule is stated.

use crate::answers::{ProductRecord, StockAtLocation};
use crate::client::Client;
use crate::ids::{ProductId, ShopGroupId};
use api_runtime::Result;
use api_runtime::call::Operation;
use shopctrl_api::types;

const GET: Operation = Operation::idempotent("get_product");
const BY_CODE: Operation = Operation::idempotent("get_product_by_code");
const STOCK: Operation = Operation::idempotent("get_product_stock_per_location");

/// The product operations of a [`Client`]; get it with [`Client::products`].
///
/// ```no_run
/// use shopctrl::{ProductId, ShopGroupId};
/// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
/// let product = client.products().by_code(ShopGroupId::new(1), "SKU-1").await?;
/// for stock in client.products().stock_per_location(product.id).await? {
///     println!("{}: {:?} on hand", stock.location, stock.wire.qty_on_hand);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Products<'a> {
    pub(crate) client: &'a Client,
}

impl Products<'_> {
    /// The product with this id.
    pub async fn get(&self, id: ProductId) -> Result<ProductRecord> {
        let wire: types::Product = self
            .client
            .call(GET, |api| api.get_product(id.get()))
            .await?
            .decode(GET.name)?;
        ProductRecord::from_wire(GET.name, wire)
    }

    /// The product with this code (SKU) in the shop group. The code is sent
    /// as one path segment, escaped (the 2021 page takes the rest of the
    /// path as the code, so a code with `/` also works there).
    pub async fn by_code(&self, group: ShopGroupId, code: &str) -> Result<ProductRecord> {
        let wire: types::Product = self
            .client
            .call(BY_CODE, |api| api.get_product_by_code(group.get(), code))
            .await?
            .decode(BY_CODE.name)?;
        ProductRecord::from_wire(BY_CODE.name, wire)
    }

    /// The product's stock at each warehouse location (quantities exact;
    /// `QtyAvailable` may be negative).
    pub async fn stock_per_location(&self, id: ProductId) -> Result<Vec<StockAtLocation>> {
        let entries: Vec<types::ProductStockLocationInfo> = self
            .client
            .call(STOCK, |api| api.get_product_stock_per_location(id.get()))
            .await?
            .decode(STOCK.name)?;
        StockAtLocation::from_wire(STOCK.name, entries)
    }
}
