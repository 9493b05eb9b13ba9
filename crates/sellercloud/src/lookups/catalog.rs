//! Products by SKU: `GET /api/Catalog` (`Catalog_GetAll`, "Get catalog info
//! for multiple products") with `model.sKU`, answering `{Items,
//! TotalResults}`; paged like every list ([`crate::paging`]). Sellercloud
//! has no `GET /api/Products/{id}`: the catalog is where a product is found
//! by its SKU.

use crate::answers::ListedProduct;
use crate::client::Client;
use crate::paging::{MAX_PAGE_SIZE, list_stream};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, not_blank};
use api_runtime::{Error, Result};
use futures::{Stream, StreamExt};
use sellercloud_api::enums::QuickBooksExportedFilter;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("list_products");

/// A blank `model.sKU` filters nothing: the look-up would page through the
/// whole catalog. A convenience, not a vendor rule; list the catalog
/// through [`Client::call`](crate::Client::call) if you mean it.
pub static SKU_NOT_BLANK: Rule = Rule {
    operation: "list_products",
    field: "model.sKU",
    rule: "must not be blank",
    kind: RuleKind::Convenience,
    source: "Swagger Catalog_GetAll",
    quote: "model.sKU: List of product IDs",
};

/// Every rule of this look-up.
pub static RULES: &[&Rule] = &[&SKU_NOT_BLANK];

/// The products of one SKU, as `model.sKU` selects them.
///
/// ```
/// use sellercloud::ProductsBySku;
/// assert!(ProductsBySku::new("SKU-1").active(true).validate().is_ok());
/// let e = ProductsBySku::new(" ").validate().unwrap_err();
/// assert!(e.violations().unwrap().has_field("model.sKU"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ProductsBySku {
    sku: String,
    active: Option<bool>,
    page_size: i32,
}

impl ProductsBySku {
    /// The products whose SKU the server matches to `sku`, any status.
    pub fn new(sku: impl Into<String>) -> Self {
        ProductsBySku {
            sku: sku.into(),
            active: None,
            page_size: MAX_PAGE_SIZE,
        }
    }

    /// `model.activeStatus`: only active (`true`) or inactive products
    /// ("0 = No, 1 = Yes, -1 = All").
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// `model.pageSize`, 1 to 50 (the default).
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// Checks [`SKU_NOT_BLANK`].
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.enforce(&SKU_NOT_BLANK, "model.sKU", not_blank(&self.sku));
        v.finish().map_err(Error::Validation)
    }
}

/// The products of the SKU, paged lazily; a look-up that breaks a rule is
/// one [`Error::Validation`] and nothing is sent.
pub(crate) fn stream(
    client: Client,
    lookup: ProductsBySku,
) -> impl Stream<Item = Result<ListedProduct>> + Send + Unpin + 'static {
    if let Err(e) = lookup.validate() {
        return futures::stream::iter([Err(e)]).left_stream();
    }
    let size = lookup.page_size;
    let key = |p: &types::ProductCatalogDto| p.id.clone();
    list_stream(client, lookup, size, key, ListedProduct::from_wire, page).right_stream()
}

/// One page.
async fn page(
    client: Client,
    l: ProductsBySku,
    number: i32,
    size: i32,
) -> Result<types::GetAllResponseOfProductCatalogDto> {
    let active = l.active.map(|a| match a {
        true => QuickBooksExportedFilter::Yes,
        false => QuickBooksExportedFilter::No,
    });
    client
        .call(OPERATION, |api| {
            api.catalog_get_all(
                active.as_ref(),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                Some(number),
                Some(size),
                None,
                None,
                None,
                Some(l.sku.as_str()),
                None,
                None,
                None,
                None,
                None,
            )
        })
        .await?
        .decode(OPERATION.name)
}
