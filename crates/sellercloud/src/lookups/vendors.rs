//! Vendors: `GET /api/Vendors` (the vendor's `Vendors_GetAll`, "Get
//! metadata for list of vendors"), filtered by ID, name, email and active
//! status, answering `{Items, TotalResults}`; paged like every list
//! ([`crate::paging`]).

use crate::answers::ListedVendor;
use crate::client::Client;
use crate::ids::VendorId;
use crate::paging::{MAX_PAGE_SIZE, list_stream, non_empty};
use api_runtime::Result;
use api_runtime::call::Operation;
use futures::Stream;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("list_vendors");

/// Which vendors to list; every filter is optional.
///
/// ```
/// use sellercloud::VendorFilter;
/// let filter = VendorFilter::new().name("Acme Supplies").active(true);
/// # let _ = filter;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct VendorFilter {
    ids: Vec<VendorId>,
    names: Vec<String>,
    email: Option<String>,
    active: Option<bool>,
    page_size: i32,
}

impl Default for VendorFilter {
    fn default() -> Self {
        VendorFilter {
            ids: Vec::new(),
            names: Vec::new(),
            email: None,
            active: None,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

impl VendorFilter {
    /// Every vendor, 50 a page.
    pub fn new() -> Self {
        Self::default()
    }

    /// `model.vendorIDs`: this vendor (repeatable).
    pub fn id(mut self, id: VendorId) -> Self {
        self.ids.push(id);
        self
    }

    /// `model.names`: the vendor of this name (repeatable).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.names.push(name.into());
        self
    }

    /// `model.email`.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// `model.activeStatus`, sent as 1 (active) or 0. The Swagger lists no
    /// values for it; these are the catalog's `activeStatus` ones ("0 = No,
    /// 1 = Yes").
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// `model.pageSize`, 1 to 50 (the default); a value outside is
    /// brought inside.
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE_SIZE);
        self
    }
}

/// Every vendor the query selects, paged lazily.
pub(crate) fn stream(
    client: Client,
    query: VendorFilter,
) -> impl Stream<Item = Result<ListedVendor>> + Send + Unpin + 'static {
    let size = query.page_size;
    list_stream(
        client,
        query,
        size,
        |r: &types::BaseVendorDto| r.id,
        ListedVendor::from_wire,
        page,
    )
}

/// One page.
async fn page(
    client: Client,
    f: VendorFilter,
    number: i32,
    size: i32,
) -> Result<types::GetAllResponseOfBaseVendorDto> {
    let ids: Vec<i32> = f.ids.iter().map(|id| id.get()).collect();
    let active = f.active.map(i32::from);
    let answer: types::GetAllResponseOfBaseVendorDto = client
        .call(OPERATION, |api| {
            api.vendors_get_all(
                active,
                f.email.as_deref(),
                non_empty(&f.names),
                Some(number),
                Some(size),
                non_empty(&ids),
            )
        })
        .await?
        .decode(OPERATION.name)?;
    Ok(answer)
}
