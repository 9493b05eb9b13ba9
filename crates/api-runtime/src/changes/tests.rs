//! An in-memory server whose list can change between pages, on a clock of
//! its own, and runs of [`changes`] against it in paused time.

use super::*;
use crate::Error;
use futures::StreamExt;
use reqwest::header::{DATE, HeaderMap, HeaderValue};
use std::collections::{BTreeMap, HashSet};
use tokio::time::Instant;

type Store = BTreeMap<u32, DateTime<Utc>>;
type Hook = Box<dyn FnMut(u32, &mut Store, DateTime<Utc>) + Send>;

/// A list sorted by key, filtered by change time, with pages of at most
/// `cap`, whose clock is `ahead` of ours; `hook` runs before each page is
/// answered (with the request's count from 1 and the server's now).
struct Server {
    store: Mutex<Store>,
    clock: ServerClock,
    base: DateTime<Utc>,
    started: Instant,
    ahead: TimeDelta,
    page_size: u32,
    cap: u32,
    totals: bool,
    requests: Mutex<Vec<PageRequest>>,
    hook: Mutex<Hook>,
    /// How far the times records report are off the filter's.
    misdated: TimeDelta,
}

impl Server {
    fn new(page_size: u32) -> Arc<Server> {
        Self::build(
            page_size,
            page_size,
            true,
            TimeDelta::zero(),
            Box::new(|_, _, _| {}),
        )
    }

    fn build(page_size: u32, cap: u32, totals: bool, ahead: TimeDelta, hook: Hook) -> Arc<Server> {
        Arc::new(Server {
            store: Mutex::new(Store::new()),
            clock: ServerClock::new(),
            base: Utc::now(),
            started: Instant::now(),
            ahead,
            page_size,
            cap,
            totals,
            requests: Mutex::new(Vec::new()),
            hook: Mutex::new(hook),
            misdated: TimeDelta::zero(),
        })
    }

    fn now(&self) -> DateTime<Utc> {
        self.base + TimeDelta::from_std(self.started.elapsed()).unwrap() + self.ahead
    }

    fn put(&self, key: u32, at: DateTime<Utc>) {
        self.store.lock().unwrap().insert(key, at);
    }

    fn requests(&self) -> Vec<PageRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl ChangeFeed for Arc<Server> {
    type Record = (u32, DateTime<Utc>);
    type Key = u32;

    fn operation(&self) -> &'static str {
        "list_memory"
    }

    fn page_size(&self) -> u32 {
        self.page_size
    }

    async fn fetch(&self, request: PageRequest) -> Result<Page<Self::Record>> {
        let now = self.now();
        let count = {
            let mut requests = self.requests.lock().unwrap();
            requests.push(request);
            requests.len() as u32
        };
        let mut store = self.store.lock().unwrap();
        (self.hook.lock().unwrap())(count, &mut store, now);
        let matching: Vec<_> = store
            .iter()
            .map(|(k, at)| (*k, *at))
            .filter(|(_, at)| request.from <= *at && *at <= request.to)
            .collect();
        let size = request.size.min(self.cap) as usize;
        let records = matching
            .iter()
            .copied()
            .skip((request.number as usize - 1) * size)
            .take(size)
            .collect();
        let mut headers = HeaderMap::new();
        let date = now.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        headers.insert(DATE, HeaderValue::from_str(&date).unwrap());
        self.clock.observe(Instant::now(), Instant::now(), &headers);
        let total = self.totals.then_some(matching.len() as u64);
        Ok(Page::new(records, total))
    }

    fn key(&self, record: &Self::Record) -> u32 {
        record.0
    }

    fn changed_at(&self, record: &Self::Record) -> Option<DateTime<Utc>> {
        Some(record.1 + self.misdated)
    }

    fn server_clock(&self) -> &ServerClock {
        &self.clock
    }
}

/// Every item of a run, or the error that ended it, and the end cursor.
async fn run(
    server: &Arc<Server>,
    cursor: ChangeCursor,
    options: ChangeOptions,
) -> (
    Vec<Changed<(u32, DateTime<Utc>)>>,
    Option<Error>,
    ChangeCursor,
) {
    let mut stream = changes(server.clone(), cursor, options);
    let mut items = Vec::new();
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(changed) => items.push(changed),
            Err(e) => error = Some(e),
        }
    }
    (items, error, stream.cursor())
}

fn keys(items: &[Changed<(u32, DateTime<Utc>)>]) -> Vec<u32> {
    items.iter().map(|c| c.record.0).collect()
}

fn assert_once(items: &[Changed<(u32, DateTime<Utc>)>]) {
    let mut seen = HashSet::new();
    for c in items {
        assert!(
            seen.insert(c.record),
            "{:?} delivered twice in a run",
            c.record
        );
    }
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

#[tokio::test(start_paused = true)]
async fn every_record_once_oldest_first_paged_on_the_total_in_the_servers_page_size() {
    // Pages of 10 asked, 4 answered: paging on a short page would stop at 4.
    let server = Server::build(10, 4, true, TimeDelta::zero(), Box::new(|_, _, _| {}));
    let now = server.now();
    for key in 0..45u32 {
        // Keys and times in different orders, so sorting is by time.
        server.put(key, now - minutes(i64::from((key * 7) % 45) + 1));
    }
    let start = ChangeCursor::starting_at(now - minutes(50));
    let (items, error, end) = run(&server, start, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 45);
    assert_once(&items);
    let times: Vec<_> = items.iter().map(|c| c.changed_at.unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    // Each record's cursor is its change time, never past a later record.
    for c in &items {
        assert_eq!(c.cursor.since(), c.changed_at.unwrap());
    }
    // The run ends at the server's now less the settle margin.
    let upper = now - TimeDelta::seconds(10);
    assert!(
        (end.since() - upper).abs() <= TimeDelta::seconds(1),
        "{end:?}"
    );
    // The probe, then 12 pages of 4 in one pass.
    let requests = server.requests();
    assert_eq!(
        requests[0].size, 1,
        "the first request reads the server's clock"
    );
    assert!(requests[1..].iter().all(|r| r.number == 1 || r.size == 4));
    assert_eq!(requests.len(), 1 + 12);
}

#[tokio::test(start_paused = true)]
async fn a_record_that_changes_while_pages_are_read_shifts_the_rest_and_none_is_skipped() {
    // Record 0 is on page 1; after page 1 is read it changes again, so it
    // leaves the window and record 10 moves up onto page 1.
    let hook: Hook = Box::new(|count, store, now| {
        if count == 3 {
            store.insert(0, now);
        }
    });
    let server = Server::build(10, 10, true, TimeDelta::zero(), hook);
    let now = server.now();
    for key in 0..30u32 {
        server.put(key, now - minutes(40) + TimeDelta::seconds(i64::from(key)));
    }
    let start = ChangeCursor::starting_at(now - minutes(45));
    let (items, error, end) = run(&server, start, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(keys(&items), (0..30).collect::<Vec<_>>());
    // Probe, a pass of 3 pages that saw the total drop, a settled pass of 3.
    assert_eq!(server.requests().len(), 1 + 3 + 3);

    // With one read allowed, the shift is reported, not passed over.
    let server_once = Server::build(10, 10, true, TimeDelta::zero(), {
        Box::new(|count, store: &mut Store, now| {
            if count == 3 {
                store.insert(0, now);
            }
        })
    });
    for key in 0..30u32 {
        server_once.put(key, now - minutes(40) + TimeDelta::seconds(i64::from(key)));
    }
    let (items, error, end_once) =
        run(&server_once, start, ChangeOptions::new().max_passes(1)).await;
    assert!(items.is_empty());
    assert!(
        matches!(error, Some(Error::Unsettled { passes: 1, .. })),
        "{error:?}"
    );
    assert_eq!(
        end_once, start,
        "the cursor stays before the unsettled window"
    );

    // The next run delivers record 0 with its new change time.
    tokio::time::advance(Duration::from_secs(60)).await;
    let (items, error, _) = run(&server, end, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    let again: Vec<_> = items.iter().filter(|c| c.record.0 == 0).collect();
    assert_eq!(again.len(), 1);
    assert!(again[0].changed_at.unwrap() > end.since());
}

#[tokio::test(start_paused = true)]
async fn a_window_that_never_settles_ends_the_stream_after_the_last_pass() {
    // Something changes before every page: no two reads agree.
    let hook: Hook = Box::new(|count, store, now| {
        store.insert(1000 + count, now - minutes(30));
    });
    let server = Server::build(5, 5, true, TimeDelta::zero(), hook);
    let now = server.now();
    for key in 0..12u32 {
        server.put(key, now - minutes(20));
    }
    let start = ChangeCursor::starting_at(now - minutes(60));
    let (items, error, end) = run(&server, start, ChangeOptions::new().max_passes(3)).await;
    assert!(items.is_empty());
    let error = error.expect("an error");
    assert!(matches!(
        error,
        Error::Unsettled {
            operation: "list_memory",
            passes: 3
        }
    ));
    assert!(error.is_retryable() && !error.may_have_been_applied());
    assert_eq!(end, start);
    // Bounded: the probe and three passes, each up to the total it saw
    // (one more record a page: 13 to 28 records, so 3 to 6 pages of 5).
    let count = server.requests().len();
    assert!((1 + 3 * 3..=1 + 3 * 6).contains(&count), "{count} requests");
}

#[tokio::test(start_paused = true)]
async fn a_crash_and_a_resume_lose_nothing_and_repeat_only_inside_the_overlap() {
    // While run 1 pages, purchase orders arrive and existing ones change.
    let hook: Hook = Box::new(|count, store, now| {
        if (2..=6).contains(&count) {
            store.insert(500 + count, now);
            store.insert(count * 3, now);
        }
    });
    let server = Server::build(20, 20, true, TimeDelta::zero(), hook);
    let now = server.now();
    for key in 0..60u32 {
        server.put(
            key,
            now - minutes(30) + TimeDelta::seconds(i64::from(key) * 20),
        );
    }
    let overlap = Duration::from_secs(60);
    let options = ChangeOptions::new().overlap(overlap);
    let start = ChangeCursor::starting_at(now - minutes(31));

    // Run 1 handles 25 records, storing the cursor after each, then crashes.
    let mut stream = changes(server.clone(), start, options);
    let mut first = Vec::new();
    let mut stored = String::new();
    while let Some(item) = stream.next().await {
        let changed = item.unwrap();
        stored = serde_json::to_string(&changed.cursor).unwrap();
        first.push(changed);
        if first.len() == 25 {
            break;
        }
    }
    drop(stream);
    assert_once(&first);

    // Run 2 resumes from the stored cursor; run 3 follows it.
    tokio::time::advance(Duration::from_secs(120)).await;
    let resume: ChangeCursor = serde_json::from_str(&stored).unwrap();
    let (second, error, after_second) = run(&server, resume, options).await;
    assert!(error.is_none(), "{error:?}");
    assert_once(&second);
    tokio::time::advance(Duration::from_secs(120)).await;
    let (third, error, _) = run(&server, after_second, options).await;
    assert!(error.is_none(), "{error:?}");
    assert_once(&third);

    // Every record's latest version was delivered.
    let delivered: HashSet<_> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|c| c.record)
        .collect();
    for (key, at) in server.store.lock().unwrap().iter() {
        assert!(
            delivered.contains(&(*key, *at)),
            "record {key} at {at} was lost"
        );
    }
    // A record delivered by both sides of the crash changed inside the overlap.
    let overlap_from = resume.since() - TimeDelta::from_std(overlap).unwrap();
    let before: HashSet<_> = first.iter().map(|c| c.record).collect();
    for c in &second {
        if before.contains(&c.record) {
            assert!(
                c.changed_at.unwrap() >= overlap_from,
                "{:?} repeated outside the overlap",
                c.record
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_window_with_more_records_than_allowed_is_split_in_time() {
    let server = Server::new(10);
    let now = server.now();
    for key in 0..100u32 {
        server.put(key, now - minutes(600) + minutes(i64::from(key) * 6));
    }
    let options = ChangeOptions::new().max_window_records(30);
    let start = ChangeCursor::starting_at(now - minutes(601));
    let (items, error, _) = run(&server, start, options).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(keys(&items), (0..100).collect::<Vec<_>>());
    // No window past its first page held more than 30 records.
    let requests = server.requests();
    let windows: HashSet<_> = requests
        .iter()
        .filter(|r| r.number > 1)
        .map(|r| (r.from, r.to))
        .collect();
    for (from, to) in windows {
        let held = server
            .store
            .lock()
            .unwrap()
            .values()
            .filter(|at| from <= **at && **at <= to)
            .count();
        assert!(held <= 30, "a window of {held} records was read");
    }
    assert!(requests.len() < 60, "{} requests", requests.len());
}

#[tokio::test(start_paused = true)]
async fn the_runs_bound_is_the_servers_now_less_the_settle_margin() {
    // The server's clock is an hour ahead of ours.
    let server = Server::build(10, 10, true, minutes(60), Box::new(|_, _, _| {}));
    let server_now = server.now();
    server.put(1, server_now - minutes(30)); // after our now: still delivered
    server.put(2, server_now - TimeDelta::seconds(3)); // inside the settle margin
    let start = ChangeCursor::starting_at(server_now - minutes(40));
    let (items, error, end) = run(&server, start, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(keys(&items), [1]);
    let upper = server_now - TimeDelta::seconds(10);
    assert!(
        (end.since() - upper).abs() <= TimeDelta::seconds(1),
        "{end:?} vs {upper}"
    );
    // The next run delivers record 2, which had settled by then.
    tokio::time::advance(Duration::from_secs(30)).await;
    let (items, _, _) = run(&server, end, ChangeOptions::new().overlap(Duration::ZERO)).await;
    assert_eq!(keys(&items), [2]);
}

#[tokio::test(start_paused = true)]
async fn without_a_total_pages_end_at_a_short_page_and_a_second_read_confirms() {
    let server = Server::build(10, 10, false, TimeDelta::zero(), Box::new(|_, _, _| {}));
    let now = server.now();
    for key in 0..25u32 {
        server.put(key, now - minutes(5) + TimeDelta::seconds(i64::from(key)));
    }
    let start = ChangeCursor::starting_at(now - minutes(6));
    let (items, error, _) = run(&server, start, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(keys(&items), (0..25).collect::<Vec<_>>());
    // Probe, then two reads of three pages.
    assert_eq!(server.requests().len(), 1 + 3 + 3);
}

#[tokio::test(start_paused = true)]
async fn a_run_with_nothing_to_read_keeps_or_advances_the_cursor_never_back() {
    let server = Server::new(10);
    let now = server.now();
    // A cursor in the server's future (our clock was ahead once).
    let ahead = ChangeCursor::starting_at(now + minutes(5));
    let (items, error, end) = run(&server, ahead, ChangeOptions::new()).await;
    assert!(items.is_empty() && error.is_none());
    assert_eq!(end, ahead);
    let json = serde_json::to_string(&end).unwrap();
    assert_eq!(serde_json::from_str::<ChangeCursor>(&json).unwrap(), end);
    assert!(ChangeCursor::from_beginning() < end);
}

#[tokio::test(start_paused = true)]
async fn records_dated_outside_their_window_do_not_move_the_cursor() {
    // The records' own times read two hours late (a server zone misread).
    let mut server = Server::new(10);
    Arc::get_mut(&mut server).unwrap().misdated = minutes(120);
    let now = server.now();
    for key in 0..8u32 {
        server.put(key, now - minutes(30) + minutes(i64::from(key)));
    }
    let start = ChangeCursor::starting_at(now - minutes(40));
    let mut stream = changes(server.clone(), start, ChangeOptions::new());
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.cursor, start, "a misdated record moved the cursor");
    drop(stream);
    // A crash after the first record: the resume delivers all of them.
    let (items, error, _) = run(&server, first.cursor, ChangeOptions::new()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 8);
}
