//! Soak: 10,000 operations over every endpoint of both vendors against the
//! fakes, about 10% of them meeting an injected fault, 32 in flight at a
//! time. Afterwards the fakes' state is compared with what each caller was
//! told:
//!
//! - every call ended, with a success or a typed error, and no task panicked;
//! - every success is in the fakes' state (each update targets its own
//!   record with values unique to it, so "in the state" is exact);
//! - no purchase order was created twice (each create carries a unique
//!   `Description`), none appeared that nobody asked for, and a create whose
//!   error said "not applied" really was not applied;
//! - creates go through `create_exactly_once`: one whose answer a fault
//!   lost is looked up and recovered, and never sent again, so no purchase
//!   order is duplicated, even when the server commits it a second after
//!   answering 503 (the slow-commit fault), and with the server's clock 40 s
//!   ahead of ours (the skewed-clock fault); a reported id is always stored
//!   ("lost": 0); the outcomes left unresolved (a create that may have
//!   applied, and did not, or not within the look) are counted and named,
//!   and each is stored at most once.
//!
//! Loopback only, bounded in count and in time (a hard overall timeout), and
//! alone in its test binary because it installs a global tracing subscriber
//! (to count retries from the SDK's own call spans).
//!
//! `SOAK_SEED=<n>` replays a run; the seed is printed with the counts.

use fakes::Fault;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute as ScRoute, StoredOrder,
    StoredPurchaseOrder as ScPurchaseOrder, StoredPurchaseOrderItem,
};
use fakes::shopctrl::{
    FakeShopCtrl, ShopCtrlConfig, ShopCtrlRoute as ShopRoute,
    StoredPurchaseOrderRows as ShopPurchaseOrder, StoredRow,
};
use futures::StreamExt;
use rust_decimal::Decimal;
use sellercloud::{
    CreatePurchaseOrder, ExactlyOnce, ItemUpdate, NewPurchaseOrderProduct, PoType, RetryPolicy,
    UpdateOrder, UpdatePurchaseOrderItems, UpdatePurchaseOrderTracking,
};
use shopctrl::UpdatePurchaseOrderRow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

const OPERATIONS: usize = 10_000;
const IN_FLIGHT: usize = 32;
/// Share of operations before which one fault is queued on their route.
const FAULT_RATE: f64 = 0.10;
/// Every this many operations all tokens expire (and the next token request
/// meets a 503), so renewal runs under load too.
const TOKEN_EXPIRY_EVERY: usize = 1_000;
/// Small, so that a delayed answer times out; loopback answers come in
/// milliseconds even in a debug build on a loaded machine.
const REQUEST_TIMEOUT: Duration = Duration::from_millis(400);
const DELAY_PAST_TIMEOUT: Duration = Duration::from_millis(600);
/// Rate-limit answers name a reset time this far ahead.
const RATE_LIMIT_RESET: Duration = Duration::from_millis(5);
/// How long `create_exactly_once` waits before looking: longer than a
/// delayed answer outlives the request timeout, so a create the fake
/// applies late is on the list by then.
const SETTLE: Duration = Duration::from_millis(300);
/// How long after answering 503 the slow-commit fault applies a request:
/// longer than the two looks `SETTLE` apart the SDK once made before
/// sending again, shorter than `LOOK_FOR`.
const SLOW_COMMIT: Duration = Duration::from_secs(1);
/// The fake Sellercloud's clock runs this far ahead of ours (the
/// skewed-clock fault: its `Date` headers, `CreatedOn` times and offset-less
/// rate-limit resets all say so): rate-limit holds and exactly-once looks
/// must measure on the server's clock, or holds last 40 s and tight looks
/// miss.
const SERVER_CLOCK_AHEAD: chrono::TimeDelta = chrono::TimeDelta::seconds(40);
/// How long `create_exactly_once` keeps looking.
const LOOK_FOR: Duration = Duration::from_millis(1500);
/// The whole soak must end within this, or the test fails.
const HARD_TIMEOUT: Duration = Duration::from_secs(150);

/// The six kinds of operation, taken in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    CreatePurchaseOrder,
    UpdateItemsUnitMode,
    UpdateItemsCaseMode,
    UpdateTracking,
    UpdateOrder,
    UpdateRow,
}

const KINDS: [Kind; 6] = [
    Kind::CreatePurchaseOrder,
    Kind::UpdateItemsUnitMode,
    Kind::UpdateItemsCaseMode,
    Kind::UpdateTracking,
    Kind::UpdateOrder,
    Kind::UpdateRow,
];
const PER_KIND: usize = OPERATIONS.div_ceil(KINDS.len());

impl Kind {
    fn of(i: usize) -> (Kind, usize) {
        (KINDS[i % KINDS.len()], i / KINDS.len())
    }
}

// Each update operation `k` of a kind has its own record, so its effect can
// be checked exactly.
fn unit_po(k: usize) -> (i32, i32) {
    (10_000 + k as i32, 200_000 + k as i32)
}
fn case_po(k: usize) -> (i32, i32) {
    (20_000 + k as i32, 300_000 + k as i32)
}
fn tracking_po(k: usize) -> i32 {
    30_000 + k as i32
}
fn order_id(k: usize) -> i32 {
    40_000 + k as i32
}
const ROWS_PER_SHOPCTRL_PO: usize = 50;
fn shopctrl_row(k: usize) -> (i32, i32) {
    (1 + (k / ROWS_PER_SHOPCTRL_PO) as i32, 1_000 + k as i32)
}
fn description(i: usize) -> String {
    format!("soak-{i}")
}
fn quantity(k: usize) -> i32 {
    1 + (k % 500) as i32
}
fn price(k: usize) -> Decimal {
    Decimal::new(k as i64 + 1, 2)
}

fn seeded_sellercloud() -> SellercloudConfig {
    let mut config = SellercloudConfig::new("soak-user", "soak-password-6b1f")
        .with_server_clock(
            SERVER_CLOCK_AHEAD,
            chrono::FixedOffset::east_opt(0).unwrap(),
        )
        .with_offsetless_reset_times();
    for k in 0..PER_KIND {
        let (po, item) = unit_po(k);
        config = config.with_purchase_order(ScPurchaseOrder::new(po, false).with_item(
            StoredPurchaseOrderItem {
                qty_units_ordered: Some(1),
                ..StoredPurchaseOrderItem::new(item, format!("SEED-U-{k}"))
            },
        ));
        let (po, item) = case_po(k);
        config = config
            .with_purchase_order(ScPurchaseOrder::new(po, true).with_item(
                StoredPurchaseOrderItem {
                    qty_cases_ordered: Some(1),
                    qty_units_per_case: Some(1),
                    ..StoredPurchaseOrderItem::new(item, format!("SEED-C-{k}"))
                },
            ))
            .with_purchase_order(ScPurchaseOrder::new(tracking_po(k), false))
            .with_order(StoredOrder::new(order_id(k)));
    }
    config
}

fn seeded_shopctrl() -> ShopCtrlConfig {
    let mut pos: BTreeMap<i32, ShopPurchaseOrder> = BTreeMap::new();
    for k in 0..PER_KIND {
        let (po, row) = shopctrl_row(k);
        let entry = pos.entry(po).or_insert_with(|| ShopPurchaseOrder::new(po));
        entry.rows.push(StoredRow::new(row));
    }
    pos.into_values().fold(
        ShopCtrlConfig::new("soak-shop-user", "soak-shop-password-93ac"),
        ShopCtrlConfig::with_purchase_order,
    )
}

fn retry_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(20))
        .with_max_elapsed(Duration::from_secs(10))
        .with_max_rate_limit_wait(Duration::from_secs(1))
}

/// A failure as the caller saw it.
#[derive(Debug)]
struct Failure {
    variant: &'static str,
    status: Option<u16>,
    may_have_been_applied: bool,
    text: String,
}

fn sellercloud_failure(e: &sellercloud::Error) -> Failure {
    use sellercloud::Error as E;
    let variant = match e {
        E::Validation(_) => "Validation",
        E::Config { .. } => "Config",
        E::Authentication { .. } => "Authentication",
        E::Api { .. } => "Api",
        E::RateLimited { .. } => "RateLimited",
        E::Timeout { .. } => "Timeout",
        E::Transport { .. } => "Transport",
        E::Decode { .. } => "Decode",
        E::Unresolved { .. } => "Unresolved",
        E::Ambiguous { .. } => "Ambiguous",
        _ => "other",
    };
    Failure {
        variant,
        status: e.status(),
        may_have_been_applied: e.may_have_been_applied(),
        text: e.to_string(),
    }
}

fn shopctrl_failure(e: &shopctrl::Error) -> Failure {
    use shopctrl::Error as E;
    let variant = match e {
        E::Validation(_) => "Validation",
        E::Config { .. } => "Config",
        E::Authentication { .. } => "Authentication",
        E::Api { .. } => "Api",
        E::RateLimited { .. } => "RateLimited",
        E::Timeout { .. } => "Timeout",
        E::Transport { .. } => "Transport",
        E::Decode { .. } => "Decode",
        _ => "other",
    };
    Failure {
        variant,
        status: e.status(),
        may_have_been_applied: e.may_have_been_applied(),
        text: e.to_string(),
    }
}

/// What one operation came to: `Ok(Some(id))` for a created purchase order.
type Outcome = Result<Option<sellercloud::PurchaseOrderId>, Failure>;

async fn run_operation(
    i: usize,
    sc: sellercloud::Client,
    shop: shopctrl::Client,
) -> (usize, Outcome) {
    let (kind, k) = Kind::of(i);
    let outcome = match kind {
        Kind::CreatePurchaseOrder => {
            let case_mode = k % 2 == 1;
            let product = NewPurchaseOrderProduct::new(format!("SOAK-{i}"));
            let product = if case_mode {
                product
                    .qty_cases_ordered(quantity(k))
                    .qty_units_per_case(12)
                    .case_price(price(k))
            } else {
                product.qty_units_ordered(quantity(k)).unit_price(price(k))
            };
            let request = CreatePurchaseOrder::new()
                .company_id(sellercloud::CompanyId::new(1))
                .vendor_id(sellercloud::VendorId::new(2))
                .po_type(PoType::PurchaseOrder)
                .case_qty_mode(case_mode)
                .description(description(i))
                .product(product);
            sc.purchase_orders()
                .create_exactly_once_with(
                    request,
                    // The fake's clock is ours: a narrow window keeps each
                    // look to the creates of the last moments.
                    ExactlyOnce::new()
                        .settle(SETTLE)
                        .look_for(LOOK_FOR)
                        .clock_skew(Duration::from_secs(2)),
                )
                .await
                .map(|created| Some(created.id))
                .map_err(|e| sellercloud_failure(&e))
        }
        Kind::UpdateItemsUnitMode => {
            let (po, item) = unit_po(k);
            let update = UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item))
                    .qty_units_ordered(quantity(k))
                    .unit_price(price(k)),
            );
            sc.purchase_orders()
                .update_items(sellercloud::PurchaseOrderId::new(po), update)
                .await
                .map(|()| None)
                .map_err(|e| sellercloud_failure(&e))
        }
        Kind::UpdateItemsCaseMode => {
            let (po, item) = case_po(k);
            let update = UpdatePurchaseOrderItems::case_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item))
                    .qty_cases_ordered(quantity(k))
                    .qty_units_per_case(6)
                    .case_price(price(k)),
            );
            sc.purchase_orders()
                .update_items(sellercloud::PurchaseOrderId::new(po), update)
                .await
                .map(|()| None)
                .map_err(|e| sellercloud_failure(&e))
        }
        Kind::UpdateTracking => {
            let update = UpdatePurchaseOrderTracking::new()
                .shipped_via_carrier("UPS")
                .tracking_number(format!("TRK-{k}"));
            sc.purchase_orders()
                .update_tracking(sellercloud::PurchaseOrderId::new(tracking_po(k)), update)
                .await
                .map(|()| None)
                .map_err(|e| sellercloud_failure(&e))
        }
        Kind::UpdateOrder => {
            let update = UpdateOrder::new().customer_id(k as i32 + 1).sales_rep1(7);
            sc.orders()
                .update(sellercloud::OrderId::new(order_id(k)), update)
                .await
                .map(|()| None)
                .map_err(|e| sellercloud_failure(&e))
        }
        Kind::UpdateRow => {
            let (po, row) = shopctrl_row(k);
            let update = UpdatePurchaseOrderRow::new(shopctrl::RowId::new(row))
                .comment(format!("soak-row-{k}"))
                .item_quantity(Decimal::from(quantity(k)));
            shop.purchase_orders()
                .update_row(shopctrl::PurchaseOrderId::new(po), update)
                .await
                .map(|()| None)
                .map_err(|e| shopctrl_failure(&e))
        }
    };
    (i, outcome)
}

fn sellercloud_route(kind: Kind) -> Option<ScRoute> {
    match kind {
        Kind::CreatePurchaseOrder => Some(ScRoute::CreatePurchaseOrder),
        Kind::UpdateItemsUnitMode | Kind::UpdateItemsCaseMode => {
            Some(ScRoute::UpdatePurchaseOrderItems)
        }
        Kind::UpdateTracking => Some(ScRoute::UpdatePurchaseOrderTrackingNumber),
        Kind::UpdateOrder => Some(ScRoute::UpdateOrder),
        Kind::UpdateRow => None,
    }
}

/// One of the fault kinds the issue lists (and a 500 and a malformed body),
/// for a route of the given vendor. ShopCtrl documents no rate limit, so
/// only the 429 form applies there.
fn pick_fault(rng: &mut fastrand::Rng, sellercloud: bool) -> Fault {
    let choices = if sellercloud { 10 } else { 8 };
    match rng.usize(..choices) {
        0 => Fault::status(503),
        1 => Fault::status(500),
        2 => Fault::RateLimit {
            status: 429,
            reset_after: RATE_LIMIT_RESET,
        },
        3 => Fault::DropConnection,
        4 => Fault::Delay(DELAY_PAST_TIMEOUT),
        5 => Fault::TruncatedBody,
        6 => Fault::ApplyThenDropAnswer,
        7 => Fault::MalformedBody,
        8 => Fault::RateLimit {
            status: 409,
            reset_after: RATE_LIMIT_RESET,
        },
        _ => Fault::commit_later(503, SLOW_COMMIT),
    }
}

/// Counts attempts from the SDK's own call spans (`sellercloud.call`,
/// `shopctrl.call`): the highest `attempt` recorded on each, when it closes.
#[derive(Clone, Default)]
struct AttemptCounter {
    /// Calls of the operations the soak makes, creates apart.
    calls: Arc<AtomicU64>,
    /// Create calls: one per create, more when create_exactly_once sent
    /// one again.
    create_calls: Arc<AtomicU64>,
    /// List calls create_exactly_once made to look.
    lookups: Arc<AtomicU64>,
    retries: Arc<AtomicU64>,
}

struct HighestAttempt(u64, Option<String>);

struct AttemptVisitor(Option<u64>, Option<String>);

impl Visit for AttemptVisitor {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "attempt" {
            self.0 = Some(value);
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        if field.name() == "attempt" {
            self.0 = u64::try_from(value).ok();
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "operation" {
            self.1 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, _field: &Field, _value: &dyn std::fmt::Debug) {}
}

impl<S> Layer<S> for AttemptCounter
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if !attrs.metadata().name().ends_with(".call") {
            return;
        }
        let mut visitor = AttemptVisitor(None, None);
        attrs.record(&mut visitor);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut()
                .insert(HighestAttempt(visitor.0.unwrap_or(0), visitor.1));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let mut visitor = AttemptVisitor(None, None);
        values.record(&mut visitor);
        if let (Some(attempt), Some(span)) = (visitor.0, ctx.span(id))
            && let Some(highest) = span.extensions_mut().get_mut::<HighestAttempt>()
        {
            highest.0 = highest.0.max(attempt);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id)
            && let Some(highest) = span.extensions().get::<HighestAttempt>()
        {
            let counter = match highest.1.as_deref() {
                Some("list_purchase_orders") => &self.lookups,
                Some("create_purchase_order") => &self.create_calls,
                _ => &self.calls,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            self.retries
                .fetch_add(highest.0.saturating_sub(1), Ordering::Relaxed);
        }
    }
}

#[derive(Default, Debug)]
struct Report {
    operations: usize,
    succeeded: usize,
    failures: BTreeMap<(Kind, &'static str), usize>,
    /// Error answers the injected faults cannot explain (a 400 or 404 would
    /// mean the SDK sent something wrong).
    unexplained_statuses: Vec<String>,
    panics: usize,
    faults_injected: u64,
    retries: u64,
    calls_traced: u64,
    create_calls_traced: u64,
    lookups_traced: u64,
    creates_asked: u64,
    duplicates: usize,
    phantom_creates: usize,
    successes_missing: Vec<String>,
    not_applied_but_applied: Vec<String>,
    creates_applied_after_error: usize,
    creates_resent: usize,
    creates_resent_unsafely: Vec<String>,
    /// Creates that ended with their outcome still unknown.
    creates_unknown: Vec<String>,
    /// Unknown creates the fake stored more than once (must be none).
    creates_unknown_stored_twice: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_loses_nothing_duplicates_nothing_and_never_panics() {
    let counter = AttemptCounter::default();
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(
            counter
                .clone()
                .with_filter(tracing::level_filters::LevelFilter::INFO),
        ),
    )
    .expect("the only subscriber of this test binary");

    let seed = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x50a6_2025_u64);
    let report = tokio::time::timeout(HARD_TIMEOUT, soak(seed, &counter))
        .await
        .unwrap_or_else(|_| {
            panic!("the soak did not finish within {HARD_TIMEOUT:?} (seed {seed})")
        });

    let failures: usize = report.failures.values().sum();
    println!(
        "soak (seed {seed}): operations: {}, succeeded: {}, faults injected: {}, retries: {}, \
         failures reported: {failures}, duplicates found: {}",
        report.operations,
        report.succeeded,
        report.faults_injected,
        report.retries,
        report.duplicates
    );
    println!(
        "soak: creates: {}, whose send was lost or refused and then re-sent: {}, outcomes left \
         unresolved: {}, duplicates: {}, lost: {}; calls traced: {} updates, {} creates, {} lookups",
        report.creates_asked,
        report.creates_resent,
        report.creates_unknown.len(),
        report.duplicates,
        report.successes_missing.len(),
        report.calls_traced,
        report.create_calls_traced,
        report.lookups_traced
    );
    for unknown in &report.creates_unknown {
        println!("soak: outcome left unknown: {unknown}");
    }
    for ((kind, variant), n) in &report.failures {
        println!("soak: failures of {kind:?}: {n} x {variant}");
    }

    assert_eq!(report.panics, 0, "tasks panicked");
    assert_eq!(report.operations, OPERATIONS);
    assert_eq!(report.succeeded + failures, OPERATIONS, "every call ended");
    // One closed span per call: every update once, every create at least
    // once (again only after a look showed it had not applied), and the
    // looks on top.
    assert_eq!(
        report.calls_traced + report.creates_asked,
        OPERATIONS as u64,
        "every update's span closed once"
    );
    assert!(
        report.create_calls_traced >= report.creates_asked,
        "every create's span closed: {} spans for {} creates",
        report.create_calls_traced,
        report.creates_asked
    );
    assert_eq!(report.duplicates, 0, "purchase orders created twice");
    // Unresolved creates are counted and named above; none may have been
    // applied twice.
    assert!(
        report.creates_unknown_stored_twice.is_empty(),
        "unresolved creates stored twice: {:?}",
        report.creates_unknown_stored_twice
    );
    assert_eq!(
        report.phantom_creates, 0,
        "purchase orders nobody asked for"
    );
    assert!(
        report.successes_missing.is_empty(),
        "successes not in the fakes' state: {:?}",
        report.successes_missing
    );
    assert!(
        report.not_applied_but_applied.is_empty(),
        "creates reported as not applied that were applied: {:?}",
        report.not_applied_but_applied
    );
    // The run must really have been faulty, and mostly successful.
    let expected_faults = (OPERATIONS as f64 * FAULT_RATE) as u64;
    assert!(
        report.faults_injected >= expected_faults / 2,
        "too few faults reached the fakes: {}",
        report.faults_injected
    );
    assert!(report.retries > 0, "no call was retried");
    assert!(failures > 0, "no fault surfaced as an error");
    assert!(
        report.succeeded >= OPERATIONS * 8 / 10,
        "fewer than 80% of the calls succeeded: {}",
        report.succeeded
    );
    assert!(
        report.creates_resent_unsafely.is_empty(),
        "creates sent again after a send that applied: {:?}",
        report.creates_resent_unsafely
    );
    assert!(
        report.unexplained_statuses.is_empty(),
        "answers no fault explains: {:?}",
        report.unexplained_statuses
    );
    for (kind, variant) in report.failures.keys() {
        assert!(
            !matches!(*variant, "Validation" | "Config" | "other"),
            "{kind:?} failed with {variant}: valid requests to a configured client"
        );
    }
}

async fn soak(seed: u64, counter: &AttemptCounter) -> Report {
    let sc_fake = FakeSellercloud::start(seeded_sellercloud())
        .await
        .expect("fake Sellercloud");
    let shop_fake = FakeShopCtrl::start(seeded_shopctrl())
        .await
        .expect("fake ShopCtrl");
    // Keep every request: the creates are compared against them afterwards.
    sc_fake.set_max_recorded(4 * OPERATIONS);
    shop_fake.set_max_recorded(4 * OPERATIONS);
    let seeded_po_ids: HashSet<i32> = sc_fake.purchase_orders().iter().map(|p| p.id).collect();

    let sc = sellercloud::Client::builder()
        .base_url(sc_fake.base_url())
        .username(sc_fake.username())
        .password(sc_fake.password().clone())
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(REQUEST_TIMEOUT)
        .retry_policy(retry_policy())
        .build()
        .expect("Sellercloud client");
    let shop = shopctrl::Client::builder()
        .base_url(shop_fake.base_url())
        .username(shop_fake.username())
        .password(shop_fake.password().clone())
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(REQUEST_TIMEOUT)
        .retry_policy(retry_policy())
        .build()
        .expect("ShopCtrl client");

    let mut rng = fastrand::Rng::with_seed(seed);
    let sc_fake = Arc::new(sc_fake);
    let shop_fake = Arc::new(shop_fake);
    let (sc_for_ops, shop_for_ops) = (sc_fake.clone(), shop_fake.clone());
    let tasks = futures::stream::iter(0..OPERATIONS).map(move |i| {
        // Faults are queued per route and met by whichever request to that
        // route comes next (a retry of another call, perhaps): about one in
        // ten requests meets one.
        let (kind, _) = Kind::of(i);
        if i > 0 && i % TOKEN_EXPIRY_EVERY == 0 {
            sc_for_ops.expire_tokens();
            sc_for_ops.inject(ScRoute::Token, Fault::status(503), 1);
        }
        if rng.f64() < FAULT_RATE {
            match sellercloud_route(kind) {
                Some(route) => sc_for_ops.inject(route, pick_fault(&mut rng, true), 1),
                None => shop_for_ops.inject(
                    ShopRoute::UpdatePurchaseOrderRow,
                    pick_fault(&mut rng, false),
                    1,
                ),
            }
        }
        tokio::spawn(run_operation(i, sc.clone(), shop.clone()))
    });
    let joined: Vec<_> = tasks.buffer_unordered(IN_FLIGHT).collect().await;
    // Commits the slow-commit fault still holds land before the check.
    tokio::time::sleep(SLOW_COMMIT + SETTLE).await;

    let mut report = Report {
        operations: joined.len(),
        ..Report::default()
    };
    let mut outcomes: HashMap<usize, Outcome> = HashMap::new();
    for result in joined {
        match result {
            Ok((i, outcome)) => {
                if let Err(f) = &outcome {
                    if let Some(status) = f.status
                        && !matches!(status, 409 | 429 | 500 | 503)
                    {
                        report
                            .unexplained_statuses
                            .push(format!("operation {i}: {}", f.text));
                    }
                    *report
                        .failures
                        .entry((Kind::of(i).0, f.variant))
                        .or_default() += 1;
                } else {
                    report.succeeded += 1;
                }
                outcomes.insert(i, outcome);
            }
            Err(e) => {
                assert!(e.is_panic(), "a task was cancelled: {e}");
                report.panics += 1;
            }
        }
    }
    // Leftover faults must not hit the reads below (they do not go through
    // HTTP, but keep the fakes clean for the record).
    sc_fake.clear_faults();
    shop_fake.clear_faults();
    report.faults_injected = sc_fake.faults_injected() + shop_fake.faults_injected();
    report.retries = counter.retries.load(Ordering::Relaxed);
    report.calls_traced = counter.calls.load(Ordering::Relaxed);
    report.create_calls_traced = counter.create_calls.load(Ordering::Relaxed);
    report.lookups_traced = counter.lookups.load(Ordering::Relaxed);
    report.creates_asked = outcomes
        .keys()
        .filter(|i| Kind::of(**i).0 == Kind::CreatePurchaseOrder)
        .count() as u64;

    check_creates(&mut report, &outcomes, &sc_fake, &seeded_po_ids);
    check_updates(&mut report, &outcomes, &sc_fake, &shop_fake);
    report
}

/// No duplicates, no phantoms, every reported ID stored with its request's
/// description, and no "not applied" that was applied.
fn check_creates(
    report: &mut Report,
    outcomes: &HashMap<usize, Outcome>,
    fake: &FakeSellercloud,
    seeded: &HashSet<i32>,
) {
    let created: Vec<ScPurchaseOrder> = fake
        .purchase_orders()
        .into_iter()
        .filter(|p| !seeded.contains(&p.id))
        .collect();
    let mut by_description: HashMap<String, Vec<i32>> = HashMap::new();
    for po in &created {
        let key = po.description.clone().unwrap_or_default();
        by_description.entry(key).or_default().push(po.id);
    }
    let asked: HashMap<String, usize> = outcomes
        .keys()
        .filter(|i| Kind::of(**i).0 == Kind::CreatePurchaseOrder)
        .map(|i| (description(*i), *i))
        .collect();
    for (description, ids) in &by_description {
        if ids.len() > 1 {
            report.duplicates += ids.len() - 1;
        }
        if !asked.contains_key(description) {
            report.phantom_creates += ids.len();
        }
    }
    for (description, i) in &asked {
        let stored = by_description.get(description);
        match &outcomes[i] {
            Ok(Some(id)) => {
                let matches = stored.is_some_and(|ids| ids.contains(&id.get()))
                    && fake.purchase_order(id.get()).is_some_and(|po| {
                        po.items.len() == 1 && po.items[0].product_id == format!("SOAK-{i}")
                    });
                if !matches {
                    report
                        .successes_missing
                        .push(format!("create {i} answered id {id}, stored: {stored:?}"));
                }
            }
            Ok(None) => unreachable!("a create answers with an ID"),
            Err(f) => {
                if f.may_have_been_applied {
                    report.creates_unknown.push(format!(
                        "create {i}: {} ({}), stored: {stored:?}",
                        f.variant, f.text
                    ));
                    if stored.is_some_and(|ids| ids.len() > 1) {
                        report
                            .creates_unknown_stored_twice
                            .push(format!("create {i}: {stored:?}"));
                    }
                }
                if stored.is_some() {
                    report.creates_applied_after_error += 1;
                    if !f.may_have_been_applied {
                        report.not_applied_but_applied.push(format!(
                            "create {i}: {} ({}) but stored as {stored:?}",
                            f.variant, f.text
                        ));
                    }
                }
            }
        }
    }
    // Re-sending a create is only safe when the earlier sends had no
    // effect: create_exactly_once looks before sending again, so no send
    // may follow one whose fault applied the request before answering. (A
    // `Delay` past the client's timeout applies only if the client waits:
    // it does not, so the fake drops the request unapplied, and the look
    // rightly finds nothing; a wrong look would show as a duplicate.)
    let mut sent: HashMap<String, Vec<Option<Fault>>> = HashMap::new();
    for request in fake.requests_to(ScRoute::CreatePurchaseOrder) {
        if let Some(d) = request
            .body_json()
            .and_then(|b| b["Description"].as_str().map(str::to_owned))
        {
            sent.entry(d).or_default().push(request.fault.clone());
        }
    }
    for (description, faults) in &sent {
        if faults.len() < 2 {
            continue;
        }
        report.creates_resent += 1;
        let (_, earlier) = faults.split_last().expect("two or more");
        let applied_at_once = |f: &Fault| {
            matches!(
                f,
                Fault::ApplyThenDropAnswer
                    | Fault::ApplyThenStatus { .. }
                    | Fault::CommitLater { .. }
                    | Fault::TruncatedBody
                    | Fault::MalformedBody
            )
        };
        if earlier.iter().flatten().any(applied_at_once) {
            report
                .creates_resent_unsafely
                .push(format!("{description}: {faults:?}"));
        }
    }
}

/// Every successful update is in the state, with the values it sent.
fn check_updates(
    report: &mut Report,
    outcomes: &HashMap<usize, Outcome>,
    sc: &FakeSellercloud,
    shop: &FakeShopCtrl,
) {
    for (i, outcome) in outcomes {
        if outcome.is_err() {
            continue;
        }
        let (kind, k) = Kind::of(*i);
        let stored = match kind {
            Kind::CreatePurchaseOrder => continue,
            Kind::UpdateItemsUnitMode => {
                let (po, item) = unit_po(k);
                sc.purchase_order(po)
                    .and_then(|p| p.item(item).cloned())
                    .is_some_and(|it| {
                        it.qty_units_ordered == Some(quantity(k)) && it.unit_price == Some(price(k))
                    })
            }
            Kind::UpdateItemsCaseMode => {
                let (po, item) = case_po(k);
                sc.purchase_order(po)
                    .and_then(|p| p.item(item).cloned())
                    .is_some_and(|it| {
                        it.qty_cases_ordered == Some(quantity(k))
                            && it.qty_units_per_case == Some(6)
                            && it.case_price == Some(price(k))
                    })
            }
            Kind::UpdateTracking => sc.purchase_order(tracking_po(k)).is_some_and(|p| {
                p.shipping.tracking_number.as_deref() == Some(format!("TRK-{k}").as_str())
            }),
            Kind::UpdateOrder => sc.order(order_id(k)).is_some_and(|o| {
                o.customer_id == Some(k as i32 + 1)
                    && o.sales_rep1 == Some(7)
                    && o.update_count >= 1
            }),
            Kind::UpdateRow => {
                let (po, row) = shopctrl_row(k);
                shop.row(po, row).is_some_and(|r| {
                    r.comment.as_deref() == Some(format!("soak-row-{k}").as_str())
                        && r.item_quantity == Some(Decimal::from(quantity(k)))
                })
            }
        };
        if !stored {
            report
                .successes_missing
                .push(format!("{kind:?} #{k} (operation {i})"));
        }
    }
}
