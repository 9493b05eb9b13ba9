//! Companies: `GET /api/Companies` (`Companies_GetAll`, "Get info for list
//! of companies"), filtered by ID and keyword; paged like every list
//! ([`crate::paging`]).

use crate::answers::ListedCompany;
use crate::client::Client;
use crate::ids::CompanyId;
use crate::paging::{MAX_PAGE_SIZE, list_stream, non_empty};
use api_runtime::Result;
use api_runtime::call::Operation;
use futures::Stream;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("list_companies");

/// Which companies to list; every filter is optional.
///
/// ```
/// use sellercloud::CompanyFilter;
/// let filter = CompanyFilter::new().keyword("Outlet");
/// # let _ = filter;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CompanyFilter {
    ids: Vec<CompanyId>,
    keyword: Option<String>,
    page_size: i32,
}

impl Default for CompanyFilter {
    fn default() -> Self {
        CompanyFilter {
            ids: Vec::new(),
            keyword: None,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

impl CompanyFilter {
    /// Every company, 50 a page.
    pub fn new() -> Self {
        Self::default()
    }

    /// `model.companyID`: this company (repeatable).
    pub fn id(mut self, id: CompanyId) -> Self {
        self.ids.push(id);
        self
    }

    /// `model.keyword`.
    pub fn keyword(mut self, keyword: impl Into<String>) -> Self {
        self.keyword = Some(keyword.into());
        self
    }

    /// `model.pageSize`, 1 to 50 (the default).
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE_SIZE);
        self
    }
}

/// Every company the query selects, paged lazily.
pub(crate) fn stream(
    client: Client,
    query: CompanyFilter,
) -> impl Stream<Item = Result<ListedCompany>> + Send + Unpin + 'static {
    let size = query.page_size;
    list_stream(
        client,
        query,
        size,
        |r: &types::CompanyDto| r.id,
        ListedCompany::from_wire,
        page,
    )
}

/// One page.
async fn page(
    client: Client,
    f: CompanyFilter,
    number: i32,
    size: i32,
) -> Result<types::GetAllResponseOfCompanyDto> {
    let ids: Vec<i32> = f.ids.iter().map(|id| id.get()).collect();
    let answer: types::GetAllResponseOfCompanyDto = client
        .call(OPERATION, |api| {
            api.companies_get_all(
                None,
                non_empty(&ids),
                f.keyword.as_deref(),
                Some(number),
                Some(size),
            )
        })
        .await?
        .decode(OPERATION.name)?;
    Ok(answer)
}
