//! What a call tells `tracing`: the same spans, fields and events for both
//! vendors, under each vendor's own target and span names.
//!
//! `tracing` keeps a span's name and target in static metadata, so they
//! cannot be parameters of the shared pipeline. Each vendor crate declares
//! its [`Telemetry`] with [`telemetry!`](crate::telemetry), which writes the
//! spans and events below with that crate's prefix: `sellercloud.call` and
//! `sellercloud.attempt` under target `sellercloud`, `shopctrl.call` and
//! `shopctrl.attempt` under `shopctrl`. So `RUST_LOG=sellercloud=debug`
//! shows everything the Sellercloud client does.
//!
//! - the call span (info): `operation`, and at the end `attempt` (how many
//!   were made), `status` (the last HTTP status) and `latency_ms`;
//! - one attempt span (debug) per attempt: `attempt`, `status`, `latency_ms`;
//! - events: an attempt about to be retried (info: `wait_ms`, `error`), the
//!   call's end (debug on success, info with `error` on failure), token
//!   requests, renewals and refusals (debug; a failed early renewal is a
//!   warning), and a call held back by a rate limit (info: `wait_ms`).
//!
//! Nothing recorded comes from request headers or bodies, so no credential
//! reaches a trace.

use crate::error::Error;
use tracing::Span;

/// The spans and events of one vendor's calls; declare it with
/// [`telemetry!`](crate::telemetry).
pub trait Telemetry: Send + Sync + 'static {
    /// The service's name in errors (`"Sellercloud"`).
    fn service(&self) -> &'static str;
    /// The span of one call of `operation`.
    fn call_span(&self, operation: &'static str) -> Span;
    /// The span of attempt number `attempt` (1-based), inside the call span.
    fn attempt_span(&self, attempt: u32) -> Span;
    /// An attempt failed and is retried after `wait_ms` if the policy allows.
    fn attempt_failed(&self, wait_ms: Option<u64>, error: &Error);
    /// The call ended.
    fn call_finished(&self, error: Option<&Error>);
    /// A call waits `wait_ms` for a rate limit's reset another call learnt.
    fn held_by_rate_limit(&self, wait_ms: u64);
    /// A token is being requested.
    fn token_requested(&self);
    /// A token was obtained.
    fn token_obtained(&self, generation: u64, lifetime_s: u64);
    /// Renewing a still valid token failed; it stays in use.
    fn token_renewal_failed(&self, error: &Error);
    /// The server refused token `generation`; it is dropped.
    fn token_refused(&self, generation: u64);
}

#[doc(hidden)]
pub use tracing as __tracing;

/// Declares a vendor's [`Telemetry`]: a unit struct whose spans are named
/// `<prefix>.call` and `<prefix>.attempt` under target `<prefix>`, and whose
/// errors name `<service>`.
///
/// ```
/// sellercloud_shopctrl_runtime::telemetry!(pub struct Demo = "demo", "Demo Service");
/// use sellercloud_shopctrl_runtime::call::Telemetry;
/// assert_eq!(Demo.service(), "Demo Service");
/// ```
#[macro_export]
macro_rules! telemetry {
    ($(#[$meta:meta])* $vis:vis struct $name:ident = $prefix:literal, $service:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug)]
        $vis struct $name;

        impl $crate::call::Telemetry for $name {
            fn service(&self) -> &'static str {
                $service
            }

            fn call_span(&self, operation: &'static str) -> $crate::call::__tracing::Span {
                use $crate::call::__tracing::field::Empty;
                $crate::call::__tracing::info_span!(
                    target: $prefix,
                    concat!($prefix, ".call"),
                    operation,
                    attempt = Empty,
                    status = Empty,
                    latency_ms = Empty
                )
            }

            fn attempt_span(&self, attempt: u32) -> $crate::call::__tracing::Span {
                use $crate::call::__tracing::field::Empty;
                $crate::call::__tracing::debug_span!(
                    target: $prefix,
                    concat!($prefix, ".attempt"),
                    attempt,
                    status = Empty,
                    latency_ms = Empty
                )
            }

            fn attempt_failed(&self, wait_ms: Option<u64>, error: &$crate::Error) {
                $crate::call::__tracing::info!(
                    target: $prefix,
                    wait_ms,
                    error = %error,
                    "attempt failed; retrying if the retry policy allows"
                );
            }

            fn call_finished(&self, error: Option<&$crate::Error>) {
                match error {
                    None => $crate::call::__tracing::debug!(target: $prefix, "call succeeded"),
                    Some(error) => {
                        $crate::call::__tracing::info!(target: $prefix, error = %error, "call failed")
                    }
                }
            }

            fn held_by_rate_limit(&self, wait_ms: u64) {
                $crate::call::__tracing::info!(
                    target: $prefix,
                    wait_ms,
                    "holding the call until the rate limit resets"
                );
            }

            fn token_requested(&self) {
                $crate::call::__tracing::debug!(target: $prefix, "requesting a bearer token");
            }

            fn token_obtained(&self, generation: u64, lifetime_s: u64) {
                $crate::call::__tracing::debug!(
                    target: $prefix,
                    generation,
                    lifetime_s,
                    "bearer token obtained"
                );
            }

            fn token_renewal_failed(&self, error: &$crate::Error) {
                $crate::call::__tracing::warn!(
                    target: $prefix,
                    error = %error,
                    "token renewal failed; the current token is still valid"
                );
            }

            fn token_refused(&self, generation: u64) {
                $crate::call::__tracing::debug!(
                    target: $prefix,
                    generation,
                    "token refused by the server; renewing"
                );
            }
        }
    };
}
