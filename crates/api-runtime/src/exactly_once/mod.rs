//! Create a record exactly once, even when the answer is lost: the part
//! every vendor shares.
//!
//! A create whose answer never arrives (a timeout after sending, a dropped
//! connection, a 5xx from a proxy) has an unknown outcome: sending it again
//! risks a duplicate, giving up risks a missing record. A server may also
//! commit it *later* than its answer was lost. So a create that may have
//! been applied ([`Error::may_have_been_applied`]) is never sent again; it
//! is looked for:
//!
//! 1. **A reference** unique to the create ([`ExactlyOnce::reference`], or
//!    one made up, `once-<24 hex digits>`) goes where the vendor's answers
//!    echo it; the vendor's [`Lookup`] says where.
//! 2. **Restart safety**: with the caller's own reference and
//!    [`ExactlyOnce::look_first_since`], a record carrying it is looked for
//!    before sending ([`CreateAttempt::look_first`]).
//! 3. **Send once** ([`CreateAttempt::send`]): the client's retry policy re-sends
//!    only what provably did not reach the server.
//! 4. **Look**, after [`ExactlyOnce::settle`]: first tightly around the
//!    attempt's span, then from the attempt to now widened by
//!    [`ExactlyOnce::clock_skew`], all on the server's clock (the client's
//!    [`ServerClock`]), for [`ExactlyOnce::look_for`] (at least the request
//!    timeout), the wait between wide looks doubling and the last look at
//!    the end.
//! 5. **Outcome**: one match is the record, marked [`CreatedOnce::recovered`];
//!    several are [`Error::Ambiguous`]; none by the end, or a lookup that
//!    fails, is [`Error::Unresolved`] with the candidates seen. Nothing is
//!    sent again.
//!
//! What a vendor writes is only its [`Lookup`]: which list to read for a
//! window and whether an entry is the record sent.

mod scan;
mod window;

pub use scan::{Judged, scan};
pub use window::{Look, Window, kept_text, marker_matches};

use crate::call::ServerClock;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How a create is marked and looked for when its answer was lost.
///
/// ```
/// use std::time::Duration;
/// let run_started = chrono::Utc::now();
/// let options = sellercloud_shopctrl_runtime::exactly_once::ExactlyOnce::new()
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
    /// record the server committed to reach its list.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// How long to keep looking before giving up with
    /// [`Error::Unresolved`] (default, and at least: the client's request
    /// timeout; a server may commit as late as the attempt could have
    /// waited for it).
    pub fn look_for(mut self, duration: Duration) -> Self {
        self.look_for = Some(duration);
        self
    }

    /// How far the server's clock may be from the client's estimate of it
    /// (default 5 minutes): when the tight look finds nothing, the window
    /// is widened by this.
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// The caller's own reference for this create, unique per record (say,
    /// the source document's id); the vendor's create says where it is
    /// written. The same reference finds the record again after a restart
    /// ([`Self::look_first_since`]).
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// Whether a reference is made up when the caller gave none (default
    /// `true`). Off, the request is sent as built, and a lost answer is
    /// matched by content only.
    pub fn auto_reference(mut self, on: bool) -> Self {
        self.auto_reference = on;
        self
    }

    /// With a [`Self::reference`]: before sending, look for a record with
    /// this reference created since `since` (on the server's clock, less
    /// the skew allowance), and return it if there is one. For a job that
    /// runs again after a crash: pass when its first run started.
    pub fn look_first_since(mut self, since: impl Into<DateTime<Utc>>) -> Self {
        self.look_first_since = Some(since.into());
        self
    }

    /// The caller's own reference, if one was given.
    pub fn given_reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    /// The reference to mark the create with: the caller's, else a
    /// made-up one unless [`Self::auto_reference`] is off.
    pub fn reference_to_send(&self) -> Option<String> {
        self.reference
            .clone()
            .or_else(|| self.auto_reference.then(made_up_reference))
    }

    fn skew(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.clock_skew).unwrap_or(chrono::Duration::MAX)
    }
}

/// A reference made up for one create: unique enough that two creates
/// never share one (64 random bits, the time and the process); 29
/// characters.
pub fn made_up_reference() -> String {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    let salt = nanos ^ (u64::from(std::process::id()) << 40);
    format!("once-{:016x}{:08x}", fastrand::u64(..), salt as u32)
}

/// A record created exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreatedOnce<Id> {
    /// The record's ID.
    pub id: Id,
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

impl<Id> CreatedOnce<Id> {
    /// The same outcome with its ID made into another type (a vendor's
    /// typed ID).
    pub fn map_id<T>(self, f: impl FnOnce(Id) -> T) -> CreatedOnce<T> {
        CreatedOnce {
            id: f(self.id),
            recovered: self.recovered,
            sends: self.sends,
            list_calls: self.list_calls,
        }
    }
}

/// How a vendor looks for the record a create made.
pub trait Lookup {
    /// The records in `window` that match what was sent.
    fn look(&mut self, window: &Window) -> impl Future<Output = Result<Look>> + Send;

    /// How many list requests the looks have made so far.
    fn requests(&self) -> u32;
}

/// The allowance of the tight look: the attempt's own span, widened by this
/// much for clock resolution and a server that writes its time when it
/// starts rather than ends the transaction.
const TIGHT_ALLOWANCE: chrono::Duration = chrono::Duration::seconds(1);

/// One create: its operation, the client's clock and timeout, the caller's
/// options, and how many requests carried it. A vendor client makes one
/// with its `exactly_once` method (from [`vendor_client!`](crate::vendor_client)).
#[derive(Debug)]
pub struct CreateAttempt<'a> {
    operation: &'static str,
    clock: &'a ServerClock,
    request_timeout: Duration,
    options: &'a ExactlyOnce,
    sends: AtomicU32,
}

impl<'a> CreateAttempt<'a> {
    /// A create of `operation`, looked for on `clock` for at least
    /// `request_timeout`, as `options` say.
    pub fn new(
        operation: &'static str,
        clock: &'a ServerClock,
        request_timeout: Duration,
        options: &'a ExactlyOnce,
    ) -> CreateAttempt<'a> {
        CreateAttempt {
            operation,
            clock,
            request_timeout,
            options,
            sends: AtomicU32::new(0),
        }
    }

    /// Counts one request carrying the create: call it from the closure
    /// that makes each request.
    pub fn count_send(&self) {
        self.sends.fetch_add(1, Ordering::Relaxed);
    }

    /// The whole create: [`Self::look_first`], then [`Self::send`].
    pub async fn create<L: Lookup, T>(
        &self,
        lookup: &mut L,
        call: impl Future<Output = Result<T>>,
        decode: impl FnOnce(T) -> Result<i32>,
    ) -> Result<CreatedOnce<i32>> {
        // Only the caller's own reference can be on a record an earlier
        // run created; a made-up one is new. `call` is lazy: nothing is
        // sent unless this finds nothing.
        if let Some(found) = self.look_first(lookup).await? {
            return Ok(found);
        }
        self.send(lookup, call, decode).await
    }

    /// With the caller's own reference and
    /// [`ExactlyOnce::look_first_since`]: the record an earlier run
    /// created, if the look finds one. Several are [`Error::Ambiguous`].
    pub async fn look_first<L: Lookup>(&self, lookup: &mut L) -> Result<Option<CreatedOnce<i32>>> {
        let (Some(since), Some(_)) = (
            self.options.look_first_since,
            self.options.given_reference(),
        ) else {
            return Ok(None);
        };
        let skew = self.options.skew();
        let window = Window::new(since - skew, self.clock.now() + skew);
        match lookup.look(&window).await? {
            Look::Found(id) => {
                tracing::info!(
                    id,
                    operation = self.operation,
                    "record with this reference found before sending"
                );
                Ok(Some(CreatedOnce {
                    id,
                    recovered: true,
                    sends: 0,
                    list_calls: lookup.requests(),
                }))
            }
            Look::Several(candidates) => Err(Error::Ambiguous {
                operation: self.operation,
                candidates,
                // Nothing was sent: the reference is already on several.
                error: Box::new(Error::Config {
                    setting: "reference",
                    problem: "more than one record already carries it".into(),
                }),
            }),
            Look::Nothing { .. } => Ok(None),
        }
    }

    /// Sends the create once (`call` is the call, which counts each request
    /// it makes with [`Self::count_send`]; `decode` reads the created id
    /// from its answer) and, when the outcome is unknown, looks for it.
    pub async fn send<L, T>(
        &self,
        lookup: &mut L,
        call: impl Future<Output = Result<T>>,
        decode: impl FnOnce(T) -> Result<i32>,
    ) -> Result<CreatedOnce<i32>>
    where
        L: Lookup,
    {
        // The attempt's span is measured on our monotonic clock and placed
        // on the server's once it is over: a first call learns the server's
        // clock only from the answers it gets, after it started.
        let sent_at = tokio::time::Instant::now();
        let result = call.await;
        let ended = self.clock.now();
        let started = chrono::Duration::from_std(sent_at.elapsed())
            .ok()
            .and_then(|took| ended.checked_sub_signed(took))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let sends = self.sends.load(Ordering::Relaxed);
        let error = match result {
            Ok(answer) => {
                return Ok(CreatedOnce {
                    id: decode(answer)?,
                    recovered: false,
                    sends,
                    list_calls: lookup.requests(),
                });
            }
            Err(e) if !e.may_have_been_applied() => return Err(e),
            Err(e) => e,
        };
        tracing::info!(error = %error, operation = self.operation, "create outcome unknown; looking for the record");
        self.resolve(lookup, error, Window::new(started, ended), sends)
            .await
    }

    /// Looks for the record of an attempt that spanned `attempt` and failed
    /// with `error`, until found or the look is over.
    async fn resolve<L: Lookup>(
        &self,
        lookup: &mut L,
        error: Error,
        attempt: Window,
        sends: u32,
    ) -> Result<CreatedOnce<i32>> {
        let look_for = self
            .options
            .look_for
            .unwrap_or_default()
            .max(self.request_timeout);
        let deadline = tokio::time::Instant::now() + look_for;
        let mut seen = Vec::new();
        let mut tight = true;
        let mut wait = self.options.settle;
        loop {
            tokio::time::sleep(wait).await;
            let skew = self.options.skew();
            let window = if tight {
                Window::new(attempt.from - TIGHT_ALLOWANCE, attempt.to + TIGHT_ALLOWANCE)
            } else {
                Window::new(attempt.from - skew, self.clock.now() + skew)
            };
            let found = match lookup.look(&window).await {
                Ok(found) => found,
                Err(failed) => return Err(self.unresolved(error, seen, Some(failed))),
            };
            match found {
                Look::Found(id) => {
                    tracing::info!(
                        id,
                        operation = self.operation,
                        "lost create answer recovered: the record exists"
                    );
                    return Ok(CreatedOnce {
                        id,
                        recovered: true,
                        sends,
                        list_calls: lookup.requests(),
                    });
                }
                Look::Several(candidates) => {
                    return Err(Error::Ambiguous {
                        operation: self.operation,
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
                return Err(self.unresolved(error, seen, None));
            }
            // After the tight look, the window runs from the attempt to
            // now: a late commit or a skewed server clock puts it outside
            // the tight one. Wide looks cost more pages, so they come less
            // and less often, the last one at the end of the look.
            if !tight {
                let left = deadline.saturating_duration_since(tokio::time::Instant::now());
                wait = wait.saturating_mul(2).min(left);
            }
            tight = false;
        }
    }

    fn unresolved(&self, error: Error, mut candidates: Vec<i32>, lookup: Option<Error>) -> Error {
        candidates.sort_unstable();
        tracing::warn!(error = %error, ?candidates, operation = self.operation, "create outcome unresolved; not sent again");
        Error::Unresolved {
            operation: self.operation,
            error: Box::new(error),
            candidates,
            lookup: lookup.map(Box::new),
        }
    }
}
