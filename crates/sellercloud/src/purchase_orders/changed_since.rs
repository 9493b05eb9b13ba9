//! Purchase orders created or changed since a stored cursor:
//! [`PurchaseOrders::changed_since`](crate::PurchaseOrders::changed_since).
//!
//! The runtime's [`changes`](api_runtime::changes) does the work (windows
//! on the server's clock, paging on `TotalResults`, re-reads when pages
//! shift, the cursor); this module tells it how Sellercloud's list is
//! asked: `GET /api/PurchaseOrders` with `model.updatedDateFrom` and
//! `model.updatedDateTo` (inclusive), pages of at most 50, records told
//! apart by `ID` and dated by `LastRevisedOn`.
//!
//! A purchase order that has never been revised has no `LastRevisedOn` on
//! some servers; its `CreatedOn` dates it then. The updated-date filter is
//! the server's: a server that leaves a new purchase order's updated date
//! empty until its first change would not list it by that filter (the
//! vendor does not say; the fake stamps it at creation, as a revision).
//!
//! Sellercloud writes these times without an offset, in its server's zone:
//! they are read in [`ChangedPurchaseOrders::server_utc_offset`] (UTC unless
//! set), so that they compare with the server-clock times the windows use.

use super::list::{self, PurchaseOrderFilter};
use crate::answers::ListedPurchaseOrder;
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::Result;
use api_runtime::call::ServerClock;
use api_runtime::changes::{ChangeCursor, ChangeOptions, Changes, changes};
use api_runtime::changes::{ChangeFeed, Page, PageRequest};
use chrono::{DateTime, FixedOffset, Utc};

/// How [`PurchaseOrders::changed_since_with`](crate::PurchaseOrders::changed_since_with)
/// follows changes: which purchase orders, the run's
/// [`ChangeOptions`], and the server's zone.
///
/// ```
/// use sellercloud::{ChangeOptions, CompanyId, ChangedPurchaseOrders, PurchaseOrderFilter};
/// use std::time::Duration;
///
/// let follow = ChangedPurchaseOrders::new()
///     .filter(PurchaseOrderFilter::new().company_id(CompanyId::new(1)))
///     .options(ChangeOptions::new().settle(Duration::from_secs(30)));
/// # let _ = follow;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ChangedPurchaseOrders {
    filter: PurchaseOrderFilter,
    options: ChangeOptions,
    server_offset: FixedOffset,
}

impl Default for ChangedPurchaseOrders {
    fn default() -> Self {
        ChangedPurchaseOrders {
            filter: PurchaseOrderFilter::new(),
            options: ChangeOptions::new(),
            server_offset: FixedOffset::east_opt(0).expect("UTC is an offset"),
        }
    }
}

impl ChangedPurchaseOrders {
    /// Every purchase order, the default [`ChangeOptions`], a server on UTC.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the purchase orders `filter` selects (its updated-date bounds
    /// are replaced by each window's, its page size is kept).
    pub fn filter(mut self, filter: PurchaseOrderFilter) -> Self {
        self.filter = filter;
        self
    }

    /// The overlap, settle margin and window bounds of a run.
    pub fn options(mut self, options: ChangeOptions) -> Self {
        self.options = options;
        self
    }

    /// The zone the server writes `LastRevisedOn` and `CreatedOn` in
    /// (without an offset); UTC unless set.
    pub fn server_utc_offset(mut self, offset: FixedOffset) -> Self {
        self.server_offset = offset;
        self
    }
}

/// The purchase order list as a [`ChangeFeed`].
struct Feed {
    client: Client,
    filter: PurchaseOrderFilter,
    server_offset: FixedOffset,
}

impl ChangeFeed for Feed {
    type Record = ListedPurchaseOrder;
    type Key = PurchaseOrderId;

    fn operation(&self) -> &'static str {
        "list_purchase_orders"
    }

    fn page_size(&self) -> u32 {
        self.filter.page_size_value().unsigned_abs()
    }

    async fn fetch(&self, request: PageRequest) -> Result<Page<ListedPurchaseOrder>> {
        let filter = self
            .filter
            .clone()
            .updated_from(request.from)
            .updated_to(request.to)
            .page_size(request.size_i32());
        let answer = list::page(&self.client, &filter, request.number_i32()).await?;
        let records = answer
            .items
            .unwrap_or_default()
            .into_iter()
            .map(ListedPurchaseOrder::from_wire)
            .collect::<Result<Vec<_>>>()?;
        let total = answer.total_results.and_then(|t| u64::try_from(t).ok());
        Ok(Page::new(records, total))
    }

    fn key(&self, record: &ListedPurchaseOrder) -> PurchaseOrderId {
        record.id
    }

    fn changed_at(&self, record: &ListedPurchaseOrder) -> Option<DateTime<Utc>> {
        let wire = &record.wire;
        let at = wire.last_revised_on.or(wire.created_on)?;
        Some(in_server_zone(at, self.server_offset))
    }

    fn server_clock(&self) -> &ServerClock {
        self.client.server_clock()
    }
}

/// A time the server wrote without an offset (read as UTC by the wire
/// types) placed in the server's zone; one written with an offset is kept.
fn in_server_zone(at: DateTime<FixedOffset>, server: FixedOffset) -> DateTime<Utc> {
    if at.offset().local_minus_utc() != 0 {
        return at.with_timezone(&Utc);
    }
    at.naive_utc()
        .and_local_timezone(server)
        .single()
        .map_or_else(|| at.with_timezone(&Utc), |t| t.with_timezone(&Utc))
}

/// The purchase orders changed since `cursor`.
pub(crate) fn stream(
    client: Client,
    cursor: ChangeCursor,
    follow: ChangedPurchaseOrders,
) -> Changes<ListedPurchaseOrder> {
    let feed = Feed {
        client,
        filter: follow.filter,
        server_offset: follow.server_offset,
    };
    changes(feed, cursor, follow.options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn offsetless_times_are_read_in_the_servers_zone() {
        let eastern = FixedOffset::west_opt(5 * 3600).unwrap();
        let naive = Utc
            .with_ymd_and_hms(2026, 3, 1, 10, 0, 0)
            .unwrap()
            .fixed_offset();
        let read = in_server_zone(naive, eastern);
        assert_eq!(read, Utc.with_ymd_and_hms(2026, 3, 1, 15, 0, 0).unwrap());
        // A time sent with its offset is kept as it is.
        let with_offset = eastern.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        assert_eq!(
            in_server_zone(with_offset, FixedOffset::east_opt(0).unwrap()),
            read
        );
    }
}
