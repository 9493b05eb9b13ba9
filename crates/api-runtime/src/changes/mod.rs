//! "Every record changed since my last run": the vendor-independent part of
//! following a list that can be filtered by a change time, resumable after
//! a crash.
//!
//! A vendor crate implements [`ChangeFeed`] for one list (how to ask for
//! one page of the records changed in a time window, a record's key and its
//! change time); [`changes`] does the rest:
//!
//! - **Windows on the server's clock.** A run reads the records changed
//!   from the cursor (less an [`overlap`](ChangeOptions::overlap)) up to
//!   *now on the server's clock* less a [`settle`](ChangeOptions::settle)
//!   margin, fixed when the run starts, so records written while it runs
//!   belong to the next run. The server's time comes from the feed's
//!   [`ServerClock`]; a client that has not heard from its server yet asks
//!   for one small page first, so that our clock alone never sets the bound.
//! - **Paging on the total.** A window is read page by page (pages counted
//!   from 1) until the positions read reach the total the server reports,
//!   not until a short page: a server whose pages are smaller than asked
//!   is paged on in its own size. Only a feed without a total ends at a
//!   short page.
//! - **Bounded windows.** A window whose total is more than
//!   [`max_window_records`](ChangeOptions::max_window_records) is split in
//!   two halves in time, until it fits or spans a second, so that a window
//!   is read in a few requests and held in memory whole.
//! - **Pages that shift.** While a window is read, a record that changes
//!   again leaves it (its new change time is after the window), and the
//!   records behind it move one position up: the first record of the next
//!   page would be skipped. A read of a window counts as settled only when
//!   every page reported the same total and the read found that many
//!   distinct records (without a total: when a second read finds nothing
//!   new). Otherwise the window is read again, keeping what earlier reads
//!   found, at most [`max_passes`](ChangeOptions::max_passes) times; then
//!   the stream ends with [`Error::Unsettled`](crate::Error::Unsettled) and
//!   the cursor stays before the window.
//! - **Order and duplicates.** Windows are delivered oldest first, and the
//!   records of one window in order of change time, then key (records
//!   without a change time last). A key is delivered once per run: a
//!   record two adjacent windows share (changed at their common bound) is
//!   delivered by the first.
//! - **The cursor.** Each [`Changed`] carries the cursor to store once the
//!   record is handled; [`Changes::cursor`] is the cursor after everything
//!   delivered so far, and after the end of the stream it covers the whole
//!   run, empty windows included. A cursor names a time `since`: every
//!   record whose latest change is before it has been delivered. A run
//!   from it reads from `since - overlap`, so after a resume a record
//!   changed within the overlap before `since` may be delivered again;
//!   nothing else is. A record that changes again while a run reads is
//!   delivered by the next run (with its new change time), so none is lost.
//!   The per-record cursor trusts [`ChangeFeed::changed_at`] to be on the
//!   clock the window filter uses; when a window holds a record dated
//!   outside it (by more than a second), none of its records moves the
//!   cursor, only the window's end does.
//!
//! Every loop is bounded: by the total and the page size, by
//! [`max_passes`](ChangeOptions::max_passes), and by the one-second floor
//! of a window split. The stream waits for nothing but the feed's requests.
//!
//! ```
//! use chrono::{DateTime, TimeDelta, Utc};
//! use futures::StreamExt;
//! use sellercloud_shopctrl_runtime::call::ServerClock;
//! use sellercloud_shopctrl_runtime::changes::{
//!     changes, ChangeCursor, ChangeFeed, ChangeOptions, Page, PageRequest,
//! };
//!
//! /// An in-memory list: (id, changed at), in id order as a server lists.
//! struct Memory {
//!     records: Vec<(u32, DateTime<Utc>)>,
//!     clock: ServerClock,
//! }
//!
//! impl ChangeFeed for Memory {
//!     type Record = (u32, DateTime<Utc>);
//!     type Key = u32;
//!     fn operation(&self) -> &'static str { "list_memory" }
//!     fn page_size(&self) -> u32 { 2 }
//!     async fn fetch(&self, request: PageRequest) -> sellercloud_shopctrl_runtime::Result<Page<Self::Record>> {
//!         let matching: Vec<_> = self.records.iter().copied()
//!             .filter(|(_, at)| request.from <= *at && *at <= request.to)
//!             .collect();
//!         let skip = (request.number as usize - 1) * request.size as usize;
//!         let records = matching.iter().copied().skip(skip).take(request.size as usize).collect();
//!         Ok(Page::new(records, Some(matching.len() as u64)))
//!     }
//!     fn key(&self, record: &Self::Record) -> u32 { record.0 }
//!     fn changed_at(&self, record: &Self::Record) -> Option<DateTime<Utc>> { Some(record.1) }
//!     fn server_clock(&self) -> &ServerClock { &self.clock }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let now = Utc::now();
//! let minutes_ago = |m| now - TimeDelta::minutes(m);
//! let feed = Memory {
//!     records: vec![(7, minutes_ago(3)), (8, minutes_ago(50)), (9, minutes_ago(2)), (10, minutes_ago(1))],
//!     clock: ServerClock::new(),
//! };
//! // The cursor a previous run stored (a `ChangeCursor` is serde-serializable).
//! let stored = serde_json::to_string(&ChangeCursor::starting_at(minutes_ago(10)))?;
//! let cursor: ChangeCursor = serde_json::from_str(&stored)?;
//!
//! let mut stream = changes(feed, cursor, ChangeOptions::new());
//! let mut ids = Vec::new();
//! while let Some(changed) = stream.next().await {
//!     let changed = changed?;
//!     ids.push(changed.record.0);
//!     // Handle the record, then store `changed.cursor` ...
//! }
//! // ... or store the cursor at the end, which covers the whole run.
//! let next_run = stream.cursor();
//! assert_eq!(ids, [7, 9, 10]); // oldest change first; 8 is before the cursor
//! assert!(next_run.since() > minutes_ago(1));
//! # Ok(()) }
//! ```

mod window;

use crate::Result;
use crate::call::ServerClock;
use chrono::{DateTime, TimeDelta, Utc};
use futures::Stream;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use window::{Read, read_window};

/// One list that can be filtered by change time: what a vendor crate
/// supplies to [`changes`].
pub trait ChangeFeed: Send + Sync + 'static {
    /// A record as the list answers it.
    type Record: Send + 'static;
    /// What tells two records apart (the record's id).
    type Key: Clone + Eq + Hash + Ord + Send + Sync + 'static;

    /// The list operation's name, for errors (`list_purchase_orders`).
    fn operation(&self) -> &'static str;

    /// The page size to ask for (the vendor's largest).
    fn page_size(&self) -> u32;

    /// One page of the records whose change time lies in
    /// `[request.from, request.to]`, both included, with the server's total
    /// of such records when it reports one.
    fn fetch(
        &self,
        request: PageRequest,
    ) -> impl Future<Output = Result<Page<Self::Record>>> + Send;

    /// The record's key.
    fn key(&self, record: &Self::Record) -> Self::Key;

    /// When the record last changed, on the server's clock (`None` when the
    /// record does not say).
    fn changed_at(&self, record: &Self::Record) -> Option<DateTime<Utc>>;

    /// The server's clock, as the client that fetches estimates it.
    fn server_clock(&self) -> &ServerClock;
}

/// What [`ChangeFeed::fetch`] is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageRequest {
    /// Changed at or after (server time).
    pub from: DateTime<Utc>,
    /// Changed at or before (server time).
    pub to: DateTime<Utc>,
    /// The page, counted from 1.
    pub number: u32,
    /// Records a page.
    pub size: u32,
}

impl PageRequest {
    /// The page number as the vendors' `int32` query parameters take it
    /// (a number past `i32::MAX` is sent as `i32::MAX`).
    pub fn number_i32(&self) -> i32 {
        i32::try_from(self.number).unwrap_or(i32::MAX)
    }

    /// The page size as an `int32` query parameter takes it.
    pub fn size_i32(&self) -> i32 {
        i32::try_from(self.size).unwrap_or(i32::MAX)
    }
}

/// One page of a [`ChangeFeed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<R> {
    /// The page's records.
    pub records: Vec<R>,
    /// How many records the whole window holds, when the server says.
    pub total: Option<u64>,
}

impl<R> Page<R> {
    /// A page of `records` out of `total`.
    pub fn new(records: Vec<R>, total: Option<u64>) -> Self {
        Page { records, total }
    }
}

/// Where a run of [`changes`] starts: every record whose latest change is
/// before [`since`](ChangeCursor::since) has been delivered. Store it
/// (it serializes with serde) and hand it to the next run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ChangeCursor {
    since: DateTime<Utc>,
}

impl ChangeCursor {
    /// A first run that delivers the records changed at or after `since`
    /// (server time).
    pub fn starting_at(since: impl Into<DateTime<Utc>>) -> Self {
        ChangeCursor {
            since: since.into(),
        }
    }

    /// A first run over every record, however old (from 1970).
    pub fn from_beginning() -> Self {
        ChangeCursor {
            since: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    /// Every record whose latest change is before this time (server time)
    /// has been delivered.
    pub fn since(&self) -> DateTime<Utc> {
        self.since
    }

    fn advance_to(&mut self, time: DateTime<Utc>) {
        self.since = self.since.max(time);
    }
}

/// A record [`changes`] delivers.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Changed<R> {
    /// The record, as the list answered it.
    pub record: R,
    /// When it last changed, as [`ChangeFeed::changed_at`] says.
    pub changed_at: Option<DateTime<Utc>>,
    /// The cursor to store once this record (and those before it) is
    /// handled.
    pub cursor: ChangeCursor,
}

/// How [`changes`] reads; [`ChangeOptions::new`] gives the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeOptions {
    overlap: Duration,
    settle: Duration,
    max_window_records: Option<u64>,
    max_passes: u32,
}

impl Default for ChangeOptions {
    fn default() -> Self {
        ChangeOptions {
            overlap: Duration::from_secs(60),
            settle: Duration::from_secs(10),
            max_window_records: None,
            max_passes: 4,
        }
    }
}

impl ChangeOptions {
    /// Overlap 60 s, settle 10 s, windows of at most ten pages, four
    /// reads of a window.
    pub fn new() -> Self {
        Self::default()
    }

    /// How far before the cursor a run starts reading (default 60 s): a
    /// record whose change time the server stamped before the previous
    /// run's bound but stored after it read is still found. Records
    /// changed within it may be delivered again after a resume.
    pub fn overlap(mut self, overlap: Duration) -> Self {
        self.overlap = overlap;
        self
    }

    /// How far behind the server's now a run stops (default 10 s), so that
    /// records being written as it starts are complete when read; it also
    /// covers the error of the server clock's estimate.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// The most records a window is read with before it is split in time
    /// (default: ten pages). At least one page.
    pub fn max_window_records(mut self, records: u64) -> Self {
        self.max_window_records = Some(records);
        self
    }

    /// How many times one window is read before the stream gives up with
    /// [`Error::Unsettled`](crate::Error::Unsettled) (default 4, at least 1).
    pub fn max_passes(mut self, passes: u32) -> Self {
        self.max_passes = passes.max(1);
        self
    }
}

/// The records changed since a cursor: a [`Stream`] of
/// `Result<`[`Changed`]`<R>>`, made by [`changes`]. It ends after the last
/// record of the run, or after its first error.
#[must_use = "a stream does nothing until polled"]
pub struct Changes<R> {
    inner: Pin<Box<dyn Stream<Item = Result<Changed<R>>> + Send>>,
    cursor: Arc<Mutex<ChangeCursor>>,
}

impl<R> std::fmt::Debug for Changes<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes")
            .field("cursor", &self.cursor())
            .finish_non_exhaustive()
    }
}

impl<R> Changes<R> {
    /// The cursor after everything delivered so far: after the stream has
    /// ended without an error, it covers the whole run (store it for the
    /// next one); after an error, what was delivered before it.
    pub fn cursor(&self) -> ChangeCursor {
        *self.cursor.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<R> Stream for Changes<R> {
    type Item = Result<Changed<R>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// The records `feed` lists as changed since `cursor`, oldest change first
/// (see the [module docs](self) for the guarantees).
pub fn changes<F: ChangeFeed>(
    feed: F,
    cursor: ChangeCursor,
    options: ChangeOptions,
) -> Changes<F::Record> {
    let shared = Arc::new(Mutex::new(cursor));
    let run = Run {
        feed,
        options,
        start: cursor,
        cursor: shared.clone(),
        windows: None,
        upper: None,
        ready: VecDeque::new(),
        seen: HashMap::new(),
        done: false,
    };
    Changes {
        inner: Box::pin(futures::stream::unfold(run, Run::next)),
        cursor: shared,
    }
}

/// What a run hands out next: a record, or a cursor move once a window
/// is fully delivered.
enum Ready<R> {
    Record(Changed<R>),
    Advance(DateTime<Utc>),
}

struct Run<F: ChangeFeed> {
    feed: F,
    options: ChangeOptions,
    start: ChangeCursor,
    cursor: Arc<Mutex<ChangeCursor>>,
    /// Windows still to read, the oldest last.
    windows: Option<Vec<(DateTime<Utc>, DateTime<Utc>)>>,
    upper: Option<DateTime<Utc>>,
    ready: VecDeque<Ready<F::Record>>,
    /// Keys delivered this run, with their change times, for windows that
    /// share a bound; pruned as windows move on.
    seen: HashMap<F::Key, Option<DateTime<Utc>>>,
    done: bool,
}

impl<F: ChangeFeed> Run<F> {
    fn advance(&self, time: DateTime<Utc>) -> ChangeCursor {
        let mut cursor = self.cursor.lock().unwrap_or_else(|p| p.into_inner());
        cursor.advance_to(time);
        *cursor
    }

    async fn next(mut self) -> Option<(Result<Changed<F::Record>>, Self)> {
        loop {
            match self.ready.pop_front() {
                Some(Ready::Record(changed)) => {
                    self.advance(changed.cursor.since);
                    return Some((Ok(changed), self));
                }
                Some(Ready::Advance(time)) => {
                    self.advance(time);
                    continue;
                }
                None => {}
            }
            if self.done {
                return None;
            }
            if self.windows.is_none() {
                match self.first_window().await {
                    Ok(window) => self.windows = Some(window.into_iter().collect()),
                    Err(e) => {
                        self.done = true;
                        return Some((Err(e), self));
                    }
                }
            }
            let Some((from, to)) = self.windows.as_mut().and_then(Vec::pop) else {
                if let Some(upper) = self.upper {
                    self.advance(upper);
                }
                self.done = true;
                return None;
            };
            match read_window(&self.feed, from, to, &self.options).await {
                Ok(Read::Split(mid)) => {
                    let windows = self.windows.get_or_insert_with(Vec::new);
                    windows.push((mid, to));
                    windows.push((from, mid));
                }
                Ok(Read::Records(records)) => self.queue(from, to, records),
                Err(e) => {
                    self.done = true;
                    return Some((Err(e), self));
                }
            }
        }
    }

    /// The run's window: from the cursor less the overlap to the server's
    /// now less the settle margin (none when that is not after its start).
    async fn first_window(&mut self) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
        let clock = self.feed.server_clock();
        if clock.offset().is_none() {
            // No answer has carried the server's time yet: one small page
            // does, so the bound is not set by our clock alone.
            let now = clock.now();
            let probe = PageRequest {
                from: now,
                to: now,
                number: 1,
                size: 1,
            };
            self.feed.fetch(probe).await?;
        }
        let settle = TimeDelta::from_std(self.options.settle).unwrap_or(TimeDelta::MAX);
        let overlap = TimeDelta::from_std(self.options.overlap).unwrap_or(TimeDelta::MAX);
        let now = self.feed.server_clock().now();
        let upper = now.checked_sub_signed(settle).unwrap_or(now);
        let from = self
            .start
            .since
            .checked_sub_signed(overlap)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.upper = Some(upper);
        Ok((from < upper).then_some((from, upper)))
    }

    /// Queues a window's records in order, each once a run, with the
    /// cursor each one leaves, then the window's end.
    fn queue(&mut self, from: DateTime<Utc>, to: DateTime<Utc>, records: Vec<F::Record>) {
        // Keys changed before this window cannot come again this run.
        self.seen.retain(|_, at| at.is_none_or(|at| at >= from));
        let mut keyed: Vec<_> = records
            .into_iter()
            .map(|r| (self.feed.changed_at(&r), self.feed.key(&r), r))
            .collect();
        // Change time first (no time last), then key.
        keyed.sort_by(|(a, ka, _), (b, kb, _)| (a.is_none(), a, ka).cmp(&(b.is_none(), b, kb)));
        let mut cursor = self
            .cursor
            .lock()
            .map(|c| *c)
            .unwrap_or_else(|p| *p.into_inner());
        // A record the window holds but dates outside it says the feed's
        // times are not the filter's (a server zone read wrongly): then no
        // record of the window moves the cursor, only the window's end.
        let slack = TimeDelta::seconds(1);
        let trusted = keyed
            .iter()
            .all(|(at, _, _)| at.is_none_or(|t| from - slack <= t && t <= to + slack));
        if !trusted {
            tracing::warn!(
                operation = self.feed.operation(),
                %from,
                %to,
                "records dated outside the window they were listed in; the cursor moves at the window's end only"
            );
        }
        for (at, key, record) in keyed {
            if self.seen.insert(key, at) == Some(at) {
                // Delivered this run already (a window's shared bound).
                continue;
            }
            if let Some(at) = at.filter(|_| trusted) {
                // A record the server placed just after the window does not
                // move the cursor past records the next windows hold.
                cursor.advance_to(at.min(to));
            }
            self.ready.push_back(Ready::Record(Changed {
                record,
                changed_at: at,
                cursor,
            }));
        }
        self.ready.push_back(Ready::Advance(to));
    }
}

#[cfg(test)]
mod tests;
