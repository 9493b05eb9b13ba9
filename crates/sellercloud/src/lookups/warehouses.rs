//! Warehouses: `GET /api/Warehouses` (`Warehouses_GetAll`, "Get metadata
//! for list of warehouses"), filtered by ID, name, type, default and
//! sellable; paged like every list ([`crate::paging`]).

use crate::answers::ListedWarehouse;
use crate::client::Client;
use crate::ids::WarehouseId;
use crate::paging::{MAX_PAGE_SIZE, list_stream, non_empty};
use api_runtime::Result;
use api_runtime::call::Operation;
use futures::Stream;
use sellercloud_api::enums::{IsDefault, WarehouseType};
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("list_warehouses");

/// Which warehouses to list; every filter is optional.
///
/// ```
/// use sellercloud::WarehouseFilter;
/// let filter = WarehouseFilter::new().name("Main").sellable(true);
/// # let _ = filter;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct WarehouseFilter {
    ids: Vec<WarehouseId>,
    name: Option<String>,
    warehouse_type: Option<WarehouseType>,
    default: Option<bool>,
    sellable: Option<bool>,
    page_size: i32,
}

impl Default for WarehouseFilter {
    fn default() -> Self {
        WarehouseFilter {
            ids: Vec::new(),
            name: None,
            warehouse_type: None,
            default: None,
            sellable: None,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

/// `Yes`/`No` of the Swagger's "0 = All, 1 = Yes, 2 = No".
fn yes_no(value: bool) -> IsDefault {
    if value { IsDefault::Yes } else { IsDefault::No }
}

impl WarehouseFilter {
    /// Every warehouse, 50 a page.
    pub fn new() -> Self {
        Self::default()
    }

    /// `model.warehouseIds`: this warehouse (repeatable).
    pub fn id(mut self, id: WarehouseId) -> Self {
        self.ids.push(id);
        self
    }

    /// `model.name`: the warehouse's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `model.warehouseType`.
    pub fn warehouse_type(mut self, warehouse_type: WarehouseType) -> Self {
        self.warehouse_type = Some(warehouse_type);
        self
    }

    /// `model.isDefault`: only the default warehouse (`true`) or the others.
    pub fn default_warehouse(mut self, default: bool) -> Self {
        self.default = Some(default);
        self
    }

    /// `model.isSellable`: only sellable warehouses (`true`) or the others.
    pub fn sellable(mut self, sellable: bool) -> Self {
        self.sellable = Some(sellable);
        self
    }

    /// `model.pageSize`, 1 to 50 (the default).
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE_SIZE);
        self
    }
}

/// Every warehouse the query selects, paged lazily.
pub(crate) fn stream(
    client: Client,
    query: WarehouseFilter,
) -> impl Stream<Item = Result<ListedWarehouse>> + Send + Unpin + 'static {
    let size = query.page_size;
    list_stream(
        client,
        query,
        size,
        |r: &types::ManageWarehouseDto| r.id,
        ListedWarehouse::from_wire,
        page,
    )
}

/// One page.
async fn page(
    client: Client,
    f: WarehouseFilter,
    number: i32,
    size: i32,
) -> Result<types::GetAllResponseOfManageWarehouseDto> {
    let ids: Vec<i32> = f.ids.iter().map(|id| id.get()).collect();
    let default = f.default.map(yes_no);
    let sellable = f.sellable.map(yes_no);
    let answer: types::GetAllResponseOfManageWarehouseDto = client
        .call(OPERATION, |api| {
            api.warehouses_get_all(
                default.as_ref(),
                sellable.as_ref(),
                f.name.as_deref(),
                Some(number),
                Some(size),
                non_empty(&ids),
                f.warehouse_type.as_ref(),
            )
        })
        .await?
        .decode(OPERATION.name)?;
    Ok(answer)
}
