//! Shared pieces of the end-to-end suite (`tests/tests/*.rs`) and the
//! benchmarks (`tests/benches/`):
//!
//! - [`support`]: start a fake and get an SDK client pointed at it with tiny
//!   timeouts and backoffs;
//! - [`loopback`]: a raw loopback HTTP/1.1 server (scripted bytes or a
//!   handler per request, or whole connections) for the tests and the
//!   benchmark that must control the wire;
//! - [`schema`]: the specs' component schemas as JSON Schema validators.
//!
//! The quickstart is a package of its own (`quickstart/`, `cargo run -p
//! quickstart`); `tests/tests/e2e_quickstart.rs` checks its output.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod loopback;
pub mod schema;
pub mod support;

// The README's Rust examples compile as doc tests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
