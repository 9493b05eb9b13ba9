//! Quickstart (placeholder until written).
fn main() {}
