//! Create a purchase order exactly once, even when the answer is lost.
//!
//! A create whose answer never arrives (a timeout after sending, a dropped
//! connection, a 5xx from a proxy, a 400 the vendor may use for a server
//! error) has an unknown outcome: sending it again risks a duplicate
//! purchase order, giving up risks a missing one. A server may also commit
//! it *later* than its answer was lost: a proxy answers 503 while the server
//! behind it is still working. [`PurchaseOrders::create_exactly_once`](crate::purchase_orders::PurchaseOrders::create_exactly_once)
//! therefore never sends an unknown create again; it looks:
//!
//! 1. **A reference.** Unless turned off ([`ExactlyOnce::auto_reference`]),
//!    the request carries a reference unique to this create in the first
//!    product's `ItemNotes` (the list answer echoes it): the caller's own
//!    ([`ExactlyOnce::reference`]) or one the SDK makes up
//!    (`once-<24 hex digits>`), as aws-sdk fills an idempotency token. A
//!    note the caller set on that product is kept, the reference follows it
//!    in brackets. With a reference a match is certain; without one a
//!    purchase order with the same content created by someone else cannot
//!    be told from this one.
//! 2. **Restart safety.** With a reference and
//!    [`ExactlyOnce::look_first_since`], it first looks for a purchase order
//!    carrying the reference created since then (say, since the job's run
//!    started before a crash), and returns it instead of creating a second
//!    one.
//! 3. **Send once.** The client's retry policy re-sends only an attempt
//!    that provably did not reach the server (the connection was refused,
//!    the token request failed or was refused, the rate limiter refused
//!    it). Any other failure that may have been applied
//!    ([`Error::may_have_been_applied`]) is resolved by looking.
//! 4. **Look.** After [`ExactlyOnce::settle`] (default 2 s) it lists the
//!    purchase orders of the request's company created in a window on the
//!    server's clock (`createDateFrom`/`createDateTo`), first tightly around
//!    the attempt, then from the attempt to now, and compares each with what
//!    was sent: vendor and company, PO type by value (a name in any case or
//!    a number), the products (SKU, ordered units, `ItemNotes` trimmed) and
//!    the `CreatedOn` against the window. A candidate whose entry carries no
//!    items is never taken as the purchase order; it is reported. It keeps
//!    looking for [`ExactlyOnce::look_for`] (default: the client's request
//!    timeout, so a server that commits as late as the attempt could have
//!    waited is still seen), the wait between wide looks doubling each time
//!    and the last look at the end.
//! 5. **Outcome.** One match: its id, marked [`Created::recovered`]. More
//!    than one: [`Error::Ambiguous`] with their ids. None by the end of the
//!    look, or a lookup that fails: [`Error::Unresolved`] with the
//!    candidates seen; nothing is sent again. Look again later (the same
//!    request with the same reference and `look_first_since` finds it once
//!    it commits) rather than create a second one.
//!
//! "The server's clock" is the client's estimate from the `Date` headers of
//! its answers ([`Client::server_clock`]; our clock until an answer has
//! come), so the tight look finds a purchase order even when the two clocks
//! disagree; the wide look adds an allowance ([`ExactlyOnce::clock_skew`],
//! default 5 minutes) for an estimate that is off. Sellercloud sends times
//! without an offset, read as UTC.
//!
//! # Limits
//!
//! - A create that never reached the server but failed in a way that
//!   cannot prove it (a 503 from a proxy, a timeout) ends in
//!   [`Error::Unresolved`] after the look, not in a second send: the
//!   server may still commit it. Run the same request with the same
//!   reference and [`ExactlyOnce::look_first_since`] later to settle it.
//! - Without a reference, a purchase order with the same content created
//!   by someone else in the window is taken for this one (if this one did
//!   not apply) or makes the call [`Error::Ambiguous`].
//! - A wide look lists everything the company created in the allowance
//!   around the attempt; past 10,000 entries it fails rather than conclude
//!   from part of the list ([`Error::Unresolved`] with the lookup's error).
//! - `CreatedOn` is re-checked against the window, allowing for a server
//!   that writes its local time without an offset (a whole number of
//!   quarter hours, up to 14 h, off UTC).
//!
//! [`Error::Ambiguous`]: crate::Error::Ambiguous
//! [`Error::Unresolved`]: crate::Error::Unresolved
//! [`Error::may_have_been_applied`]: crate::Error::may_have_been_applied

mod look;

use super::{CreatePurchaseOrder, OPERATION, created_id};
use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::{Error, Result};
use chrono::{DateTime, Utc};
use look::{Look, Window};
use sellercloud_api::types;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once)
/// marks a create and looks for it when its answer was lost.
///
/// ```
/// use std::time::Duration;
/// let run_started = chrono::Utc::now();
/// let options = sellercloud::ExactlyOnce::new()
///     .reference("sync-8842-line-3")
///     .look_first_since(run_started)
///     .settle(Duration::from_secs(5))
///     .look_for(Duration::from_secs(60))
///     .clock_skew(Duration::from_secs(120));
/// # let _ = options;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExactlyOnce {
    settle: Duration,
    look_for: Option<Duration>,
    clock_skew: Duration,
    reference: Option<String>,
    auto_reference: bool,
    look_first_since: Option<DateTime<Utc>>,
}

impl Default for ExactlyOnce {
    fn default() -> Self {
        ExactlyOnce {
            settle: Duration::from_secs(2),
            look_for: None,
            clock_skew: Duration::from_secs(5 * 60),
            reference: None,
            auto_reference: true,
            look_first_since: None,
        }
    }
}

impl ExactlyOnce {
    /// The defaults: a reference made up per create, settle 2 s, looking
    /// for as long as the client's request timeout, clock skew 5 minutes.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long to wait before each look (default 2 s): long enough for a
    /// purchase order the server committed to reach its list.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// How long to keep looking before giving up with
    /// [`Error::Unresolved`] (default, and at
    /// least: the client's request timeout; a server may commit as late as
    /// the attempt could have waited for it).
    pub fn look_for(mut self, duration: Duration) -> Self {
        self.look_for = Some(duration);
        self
    }

    /// How far the server's clock may be from ours (default 5 minutes):
    /// when the tight look finds nothing, the window is widened by this.
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// The caller's own reference for this create, unique per purchase
    /// order (say, the source document's id): written into the first
    /// product's `ItemNotes` (after a note set there, in brackets), and
    /// the same reference finds the purchase order again after a restart
    /// ([`Self::look_first_since`]).
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Whether the SDK makes up a reference when the caller gave none
    /// (default `true`). Off, the request is sent as built, and a lost
    /// answer is matched by content only (see the module docs).
    pub fn auto_reference(mut self, on: bool) -> Self {
        self.auto_reference = on;
        self
    }

    /// With a [`Self::reference`]: before sending, look for a purchase
    /// order with this reference created since `since` (on the server's
    /// clock, less the skew allowance), and return it if there is one. For
    /// a job that runs again after a crash: pass when its first run started.
    pub fn look_first_since(mut self, since: impl Into<DateTime<Utc>>) -> Self {
        self.look_first_since = Some(since.into());
        self
    }
}

/// A purchase order created by
/// [`PurchaseOrders::create_exactly_once`](crate::PurchaseOrders::create_exactly_once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Created {
    /// The purchase order's ID.
    pub id: PurchaseOrderId,
    /// Whether its answer was lost (or it was found before sending, after
    /// a restart) and the id was found by looking.
    pub recovered: bool,
    /// How many HTTP requests carried the create: 0 when it was found
    /// before sending, more than 1 only when the retry policy re-sent an
    /// attempt that provably did not reach the server.
    pub sends: u32,
    /// How many list requests the looks made.
    pub list_calls: u32,
}

/// What time it is on the server, and how far that may be off: the
/// client's estimate from the `Date` headers of its answers (our clock until
/// it has one), with the caller's allowance for the wide look.
fn server_now(client: &Client, options: &ExactlyOnce) -> (DateTime<Utc>, chrono::Duration) {
    let skew = chrono::Duration::from_std(options.clock_skew).unwrap_or(chrono::Duration::MAX);
    (client.server_clock().now(), skew)
}

/// The allowance of the tight look: the attempt's own span, widened by this
/// much for clock resolution and a server that writes `CreatedOn` when it
/// starts rather than ends the transaction.
const TIGHT_ALLOWANCE: chrono::Duration = chrono::Duration::seconds(1);

/// A reference the SDK makes up: unique enough that two creates never share
/// one (64 random bits, the time and the process).
fn made_up_reference() -> String {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    let salt = nanos ^ (u64::from(std::process::id()) << 40);
    format!("once-{:016x}{:08x}", fastrand::u64(..), salt as u32)
}

/// Writes `reference` into the first product's `ItemNotes`.
fn mark(body: &mut types::CreatePurchaseOrderRequest, reference: &str) {
    if let Some(first) = body.products.first_mut() {
        first.item_notes = Some(match first.item_notes.as_deref().map(str::trim) {
            Some(note) if !note.is_empty() => format!("{note} [{reference}]"),
            _ => reference.to_owned(),
        });
    }
}

pub(crate) async fn send(
    client: &Client,
    request: CreatePurchaseOrder,
    options: ExactlyOnce,
) -> Result<Created> {
    let mut body = request.build()?;
    let reference = options
        .reference
        .clone()
        .or_else(|| options.auto_reference.then(made_up_reference));
    if let Some(reference) = &reference {
        mark(&mut body, reference);
    }
    let mut list_calls = 0;
    // Only the caller's own reference can be on a purchase order an earlier
    // run created; a made-up one is new.
    if let (Some(since), Some(_)) = (options.look_first_since, &options.reference) {
        let (now, skew) = server_now(client, &options);
        let window = Window::new(since - skew, now + skew);
        let found = look::look(client, &body, &window, &mut list_calls).await?;
        match found {
            Look::Found(id) => {
                tracing::info!(target: "sellercloud", id, "purchase order with this reference found before sending");
                return Ok(Created {
                    id: PurchaseOrderId::new(id),
                    recovered: true,
                    sends: 0,
                    list_calls,
                });
            }
            Look::Several(candidates) => {
                return Err(Error::Ambiguous {
                    operation: OPERATION.name,
                    candidates,
                    // Nothing was sent: the reference is already on several.
                    error: Box::new(Error::Config {
                        setting: "reference",
                        problem: "more than one purchase order already carries it".into(),
                    }),
                });
            }
            Look::Nothing { .. } => {}
        }
    }
    let sends = AtomicU32::new(0);
    // The attempt's span is measured on our monotonic clock and placed on
    // the server's once it is over: a first call learns the server's clock
    // only from the answers it gets (its token's), after it started.
    let sent_at = tokio::time::Instant::now();
    let result = client
        .call(OPERATION, |api| {
            sends.fetch_add(1, Ordering::Relaxed);
            api.create_purchase_order(&body)
        })
        .await;
    let (ended, _) = server_now(client, &options);
    let started = chrono::Duration::from_std(sent_at.elapsed())
        .ok()
        .and_then(|took| ended.checked_sub_signed(took))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let sends = sends.load(Ordering::Relaxed);
    let error = match result {
        Ok(reply) => {
            let created: types::CreatedPurchaseOrder = reply.decode(OPERATION.name)?;
            return Ok(Created {
                id: created_id(created),
                recovered: false,
                sends,
                list_calls,
            });
        }
        Err(e) if !e.may_have_been_applied() => return Err(e),
        Err(e) => e,
    };
    tracing::info!(target: "sellercloud", error = %error, "create outcome unknown; looking for the purchase order");
    let look_for = options
        .look_for
        .unwrap_or_default()
        .max(client.request_timeout());
    let deadline = tokio::time::Instant::now() + look_for;
    let mut seen = Vec::new();
    let mut tight = true;
    let mut wait = options.settle;
    loop {
        tokio::time::sleep(wait).await;
        let (now, skew) = server_now(client, &options);
        let window = if tight {
            Window::new(started - TIGHT_ALLOWANCE, ended + TIGHT_ALLOWANCE)
        } else {
            Window::new(started - skew, now + skew)
        };
        let found = match look::look(client, &body, &window, &mut list_calls).await {
            Ok(found) => found,
            Err(lookup) => {
                return Err(unresolved(error, seen, Some(lookup)));
            }
        };
        match found {
            Look::Found(id) => {
                tracing::info!(target: "sellercloud", id, list_calls, "lost create answer recovered: the purchase order exists");
                return Ok(Created {
                    id: PurchaseOrderId::new(id),
                    recovered: true,
                    sends,
                    list_calls,
                });
            }
            Look::Several(candidates) => {
                return Err(Error::Ambiguous {
                    operation: OPERATION.name,
                    candidates,
                    error: Box::new(error),
                });
            }
            Look::Nothing { unconfirmed } => {
                for id in unconfirmed {
                    if !seen.contains(&id) {
                        seen.push(id);
                    }
                }
            }
        }
        if !tight && tokio::time::Instant::now() >= deadline {
            return Err(unresolved(error, seen, None));
        }
        // After the tight look, the window runs from the attempt to now: a
        // late commit or a skewed server clock puts it outside the tight one.
        // Wide looks cost more pages, so they come less and less often
        // (settle, twice that, ...), the last one at the end of the look.
        if !tight {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            wait = wait.saturating_mul(2).min(left);
        }
        tight = false;
    }
}

fn unresolved(error: Error, mut candidates: Vec<i32>, lookup: Option<Error>) -> Error {
    candidates.sort_unstable();
    tracing::warn!(target: "sellercloud", error = %error, ?candidates, "create outcome unresolved; not sent again");
    Error::Unresolved {
        operation: OPERATION.name,
        error: Box::new(error),
        candidates,
        lookup: lookup.map(Box::new),
    }
}
