//! The quickstart walkthrough (placeholder until written).
