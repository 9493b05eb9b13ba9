//! Paging through a Sellercloud list answer (`{Items, TotalResults}`), for
//! every list this crate wraps: purchase orders, vendors, companies,
//! warehouses and the catalog.
//!
//! Every list asks for a page only when the records before it have been
//! taken. It stops at `TotalResults` (a short page does not end it while
//! `TotalResults` says more remain: a server whose pages are smaller than
//! asked is paged on in its own size), at an empty page, at a short page
//! when there is no `TotalResults`, or at a page whose records were all seen
//! before (a server that repeats a page), so it never loops.
//!
//! Page sizes are at most [`MAX_PAGE_SIZE`]: the vendor's article for the
//! purchase order list says "If greater value is provided 50 records will
//! be returned per page", and public clients report the same cap on every
//! list, so a larger size would make page numbers skip records.

use crate::client::Client;
use api_runtime::Result;
use futures::{Stream, StreamExt};
use sellercloud_api::types;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::Hash;

/// The largest page the server answers in full (see the module docs).
pub const MAX_PAGE_SIZE: i32 = 50;

/// One page as the server answered it: its records and `TotalResults`.
pub(crate) struct PageAnswer<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: Option<i32>,
}

struct Pages<T, K, F> {
    fetch: F,
    key: fn(&T) -> Option<K>,
    page_size: i32,
    next_page: i32,
    buffer: VecDeque<T>,
    seen: HashSet<K>,
    taken: u64,
    done: bool,
}

/// Every record of a list, paged lazily: `fetch(page_number, page_size)`
/// asks for one page (numbers from 1); `key` tells records apart (a record
/// without one is kept).
pub(crate) fn paged<T, K, F, Fut>(
    page_size: i32,
    key: fn(&T) -> Option<K>,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send + 'static
where
    T: Send + 'static,
    K: Hash + Eq + Send + 'static,
    F: FnMut(i32, i32) -> Fut + Send + 'static,
    Fut: Future<Output = Result<PageAnswer<T>>> + Send,
{
    let pages = Pages {
        fetch,
        key,
        page_size: page_size.clamp(1, MAX_PAGE_SIZE),
        next_page: 1,
        buffer: VecDeque::new(),
        seen: HashSet::new(),
        taken: 0,
        done: false,
    };
    futures::stream::unfold(pages, |mut pages| async move {
        loop {
            if let Some(record) = pages.buffer.pop_front() {
                pages.taken += 1;
                return Some((Ok(record), pages));
            }
            if pages.done {
                return None;
            }
            let answer = match (pages.fetch)(pages.next_page, pages.page_size).await {
                Ok(answer) => answer,
                Err(e) => {
                    pages.done = true;
                    return Some((Err(e), pages));
                }
            };
            let first = pages.next_page == 1;
            pages.next_page = pages.next_page.saturating_add(1);
            let count = answer.items.len();
            let short = count < pages.page_size as usize;
            let mut fresh = 0;
            for record in answer.items {
                if (pages.key)(&record).is_none_or(|k| pages.seen.insert(k)) {
                    fresh += 1;
                    pages.buffer.push_back(record);
                }
            }
            let total = answer.total.and_then(|t| u64::try_from(t).ok());
            let reached_total = total.is_some_and(|t| pages.taken + pages.buffer.len() as u64 >= t);
            if short && first && count > 0 && total.is_some() && !reached_total {
                // The server's pages are smaller than ours (it capped the
                // size): page on with its size, so page 2 starts where its
                // page 1 ended, whichever size it counts pages in.
                pages.page_size = count as i32;
            }
            let ended = match total {
                Some(_) => reached_total,
                // Without a total only a short page tells the end.
                None => short,
            };
            if count == 0 || fresh == 0 || ended || pages.next_page == i32::MAX {
                pages.done = true;
            }
        }
    })
}

/// Every record of a list endpoint as its typed answer (a stream that is
/// `Unpin`): `fetch(client,
/// query, page_number, page_size)` asks for one page, `answer` types each
/// record (its ID), `key` tells records apart while paging.
pub(crate) fn list_stream<Q, L, A, K, Fetch, Fut>(
    client: Client,
    query: Q,
    page_size: i32,
    key: fn(&L::Item) -> Option<K>,
    answer: fn(L::Item) -> Result<A>,
    fetch: Fetch,
) -> impl Stream<Item = Result<A>> + Send + Unpin + 'static
where
    Q: Clone + Send + 'static,
    L: ListPage,
    L::Item: Send + 'static,
    A: Send + 'static,
    K: Hash + Eq + Send + 'static,
    Fetch: Fn(Client, Q, i32, i32) -> Fut + Send + 'static,
    Fut: Future<Output = Result<L>> + Send,
{
    paged(page_size, key, move |number, size| {
        let page = fetch(client.clone(), query.clone(), number, size);
        async move { Ok(page.await?.into_page()) }
    })
    .map(move |record| record.and_then(answer))
    // Boxed, so that a caller can take the first record with `try_next`.
    .boxed()
}

/// A list answer (`{Items, TotalResults}`) as one page for [`paged`].
pub(crate) trait ListPage {
    type Item;
    fn into_page(self) -> PageAnswer<Self::Item>;
}

macro_rules! list_page {
    ($($answer:ty => $item:ty),* $(,)?) => {$(
        impl ListPage for $answer {
            type Item = $item;
            fn into_page(self) -> PageAnswer<$item> {
                PageAnswer { items: self.items.unwrap_or_default(), total: self.total_results }
            }
        }
    )*};
}

list_page! {
    types::PurchaseOrderList => types::PurchaseOrderSummary,
    types::GetAllResponseOfBaseVendorDto => types::BaseVendorDto,
    types::GetAllResponseOfCompanyDto => types::CompanyDto,
    types::GetAllResponseOfManageWarehouseDto => types::ManageWarehouseDto,
    types::GetAllResponseOfProductCatalogDto => types::ProductCatalogDto,
}

/// An empty list filter is not sent at all.
pub(crate) fn non_empty<T>(values: &Vec<T>) -> Option<&Vec<T>> {
    (!values.is_empty()).then_some(values)
}
