//! Shared pieces of the end-to-end suite: the quickstart walkthrough (run by
//! `cargo run --example quickstart` and by the tests that check its output).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod schema;
pub mod support;
pub mod walkthrough;
