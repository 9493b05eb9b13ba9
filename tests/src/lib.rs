//! Shared pieces of the end-to-end suite (`tests/tests/*.rs`), the quickstart
//! and the benchmarks:
//!
//! - [`walkthrough`]: the quickstart, one call of every endpoint with plain
//!   output, run by `cargo run --example quickstart` and by the tests that
//!   check its output;
//! - [`support`]: start a fake and get an SDK client pointed at it with tiny
//!   timeouts and backoffs, plus the sample requests the walkthrough sends;
//! - [`schema`]: the specs' component schemas as JSON Schema validators.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod loopback;
pub mod schema;
pub mod support;
pub mod walkthrough;

// The README's Rust examples compile as doc tests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
