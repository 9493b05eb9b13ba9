//! Purchase orders of a shop owner created or changed since a stored
//! cursor: [`PurchaseOrders::changed_since`](crate::purchase_orders::PurchaseOrders::changed_since).
//!
//! The runtime's [`changes`](api_runtime::changes) does the work (windows
//! on the server's clock, re-reads when pages shift, the cursor), with the
//! same contract as Sellercloud's; this module only tells it how ShopCtrl's
//! list is asked: `GET v1/ShopOwners/{shopOwnerId}/PurchaseOrders` with
//! `fromDateChanged` and `untilDateChanged`, `pageSize` and `pageNumber`,
//! records told apart by `Id` and dated by `ChangeTimestamp`.
//!
//! ShopCtrl's list reports no total (a plain array), so a window ends at a
//! short page, and a window is settled when a second read of it finds
//! nothing new. The page does not say whether the change bounds are
//! inclusive; the windows overlap by the run's overlap, so a record on a
//! bound is read by one of them. A `ChangeTimestamp` sent without an offset
//! is read as UTC.

use super::list::{self, PurchaseOrderFilter};
use crate::answers::ListedPurchaseOrder;
use crate::client::Client;
use crate::ids::{PurchaseOrderId, ShopOwnerId};
use api_runtime::Result;
use api_runtime::call::ServerClock;
use api_runtime::changes::{
    ChangeCursor, ChangeFeed, ChangeOptions, Changes, Page, PageRequest, changes,
};
use chrono::{DateTime, Utc};

/// The list of one shop owner's purchase orders as a [`ChangeFeed`]: the
/// client and the shop owner's filter.
struct OwnerFeed(Client, PurchaseOrderFilter);

impl ChangeFeed for OwnerFeed {
    type Record = ListedPurchaseOrder;
    type Key = PurchaseOrderId;

    fn operation(&self) -> &'static str {
        list::OPERATION.name
    }

    fn page_size(&self) -> u32 {
        // At least 1 (the filter's setter sees to it).
        u32::try_from(self.1.page_size_value()).unwrap_or(1)
    }

    async fn fetch(&self, request: PageRequest) -> Result<Page<ListedPurchaseOrder>> {
        let window = self.1.within(&request);
        let records = list::page(&self.0, &window, request.number_i32())
            .await?
            .into_iter()
            .map(ListedPurchaseOrder::from_wire)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::new(records, None))
    }

    fn key(&self, record: &ListedPurchaseOrder) -> PurchaseOrderId {
        record.id
    }

    fn changed_at(&self, record: &ListedPurchaseOrder) -> Option<DateTime<Utc>> {
        record
            .wire
            .change_timestamp
            .map(|at| at.with_timezone(&Utc))
    }

    fn server_clock(&self) -> &ServerClock {
        self.0.server_clock()
    }
}

/// The purchase orders of `filter`'s shop owner changed since `cursor`.
pub(crate) fn stream(
    client: Client,
    cursor: ChangeCursor,
    filter: PurchaseOrderFilter,
    options: ChangeOptions,
) -> Changes<ListedPurchaseOrder> {
    changes(OwnerFeed(client, filter), cursor, options)
}

/// Every purchase order of `shop_owner`, 100 a page.
pub(crate) fn all_of(shop_owner: ShopOwnerId) -> PurchaseOrderFilter {
    PurchaseOrderFilter::new(shop_owner)
}
