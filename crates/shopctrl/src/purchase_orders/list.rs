//! List the purchase orders of a shop owner: `GET
//! v1/ShopOwners/{shopOwnerId}/PurchaseOrders`, optionally those changed in
//! a period (`fromDateChanged`, `untilDateChanged`), paged with `pageSize`
//! (default 100) and `pageNumber` (from 1).
//!
//! The answer is a plain array without a total (2021 help page), so
//! [`PurchaseOrders::list`](crate::purchase_orders::PurchaseOrders::list)
//! pages on until a page is short (fewer entries than asked for) or empty,
//! or brings nothing it has not seen (a server that repeats a page): it
//! never loops. A page is requested only when the entries before it have
//! been taken.

use crate::answers::ListedPurchaseOrder;
use crate::client::Client;
use crate::ids::ShopOwnerId;
use api_runtime::Result;
use api_runtime::call::Operation;
use chrono::{DateTime, FixedOffset};
use futures::Stream;
use shopctrl_api::types;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub(crate) const OPERATION: Operation = Operation::idempotent("list_purchase_orders");

/// The server's default page size ("Default this value is 100").
pub const DEFAULT_PAGE_SIZE: i32 = 100;

/// Which purchase orders of a shop owner to list.
///
/// ```
/// use shopctrl::{DateTime, PurchaseOrderFilter, ShopOwnerId};
/// let since = DateTime::parse_from_rfc3339("2026-01-11T16:00:00+01:00").unwrap();
/// let filter = PurchaseOrderFilter::new(ShopOwnerId::new(1)).changed_from(since).page_size(50);
/// assert_eq!(filter.page_size_value(), 50);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseOrderFilter {
    shop_owner: ShopOwnerId,
    changed_from: Option<DateTime<FixedOffset>>,
    changed_until: Option<DateTime<FixedOffset>>,
    main_status_id: Option<i32>,
    main_status_base_status_id: Option<i32>,
    page_size: i32,
}

impl PurchaseOrderFilter {
    /// Every purchase order of `shop_owner`, 100 a page.
    pub fn new(shop_owner: ShopOwnerId) -> Self {
        PurchaseOrderFilter {
            shop_owner,
            changed_from: None,
            changed_until: None,
            main_status_id: None,
            main_status_base_status_id: None,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }

    /// `fromDateChanged`: changed at or after this moment (sent with its
    /// offset).
    pub fn changed_from(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.changed_from = Some(at.into());
        self
    }

    /// `untilDateChanged`: changed up to this moment.
    pub fn changed_until(mut self, at: impl Into<DateTime<FixedOffset>>) -> Self {
        self.changed_until = Some(at.into());
        self
    }

    /// `mainStatusId`.
    pub fn main_status_id(mut self, id: i32) -> Self {
        self.main_status_id = Some(id);
        self
    }

    /// `mainStatusBaseStatusId`.
    pub fn main_status_base_status_id(mut self, id: i32) -> Self {
        self.main_status_base_status_id = Some(id);
        self
    }

    /// `pageSize`, at least 1 (a smaller value is sent as 1). The page
    /// states no largest size.
    pub fn page_size(mut self, size: i32) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The page size sent.
    pub fn page_size_value(&self) -> i32 {
        self.page_size
    }

    /// The same filter for one page of a change window: its change bounds
    /// and page size are the window's.
    pub(crate) fn within(&self, request: &api_runtime::changes::PageRequest) -> Self {
        PurchaseOrderFilter {
            changed_from: Some(request.from.into()),
            changed_until: Some(request.to.into()),
            page_size: request.size_i32().max(1),
            ..self.clone()
        }
    }
}

/// One page: `page_number` counts from 1.
pub(crate) async fn page(
    client: &Client,
    f: &PurchaseOrderFilter,
    page_number: i32,
) -> Result<Vec<types::PurchaseOrderBasicInfo>> {
    client
        .call(OPERATION, |api| {
            api.list_purchase_orders(
                f.shop_owner.get(),
                f.changed_from.as_ref(),
                f.main_status_base_status_id,
                f.main_status_id,
                Some(page_number),
                Some(f.page_size),
                f.changed_until.as_ref(),
            )
        })
        .await?
        .decode(OPERATION.name)
}

struct Pages {
    client: Client,
    filter: PurchaseOrderFilter,
    next_page: i32,
    buffer: VecDeque<types::PurchaseOrderBasicInfo>,
    seen: HashSet<i32>,
    done: bool,
    requests: Arc<AtomicU32>,
}

/// Every purchase order the filter selects, as listed, paged lazily,
/// counting the requests made in `requests`.
pub(crate) fn stream_counted(
    client: Client,
    filter: PurchaseOrderFilter,
    requests: Arc<AtomicU32>,
) -> impl Stream<Item = Result<types::PurchaseOrderBasicInfo>> + Send + 'static {
    let pages = Pages {
        client,
        filter,
        next_page: 1,
        buffer: VecDeque::new(),
        seen: HashSet::new(),
        done: false,
        requests,
    };
    futures::stream::unfold(pages, |mut pages| async move {
        loop {
            if let Some(po) = pages.buffer.pop_front() {
                return Some((Ok(po), pages));
            }
            if pages.done {
                return None;
            }
            pages.requests.fetch_add(1, Ordering::Relaxed);
            let listed = match page(&pages.client, &pages.filter, pages.next_page).await {
                Ok(listed) => listed,
                Err(e) => {
                    pages.done = true;
                    return Some((Err(e), pages));
                }
            };
            pages.next_page = pages.next_page.saturating_add(1);
            let short = listed.len() < pages.filter.page_size as usize;
            let mut fresh = 0;
            for po in listed {
                // An entry without an id cannot be told apart: kept.
                if po.id.is_none_or(|id| pages.seen.insert(id)) {
                    fresh += 1;
                    pages.buffer.push_back(po);
                }
            }
            if short || fresh == 0 || pages.next_page == i32::MAX {
                pages.done = true;
            }
        }
    })
}

/// Every purchase order the filter selects, with its typed ID.
pub(crate) fn stream(
    client: Client,
    filter: PurchaseOrderFilter,
) -> impl Stream<Item = Result<ListedPurchaseOrder>> + Send + 'static {
    use futures::StreamExt;
    stream_counted(client, filter, Arc::default())
        .map(|po| po.and_then(ListedPurchaseOrder::from_wire))
}
