//! Stateful in-process fakes of the Sellercloud and ShopCtrl APIs, for testing
//! code that talks to them without a vendor account.
//!
//! Each fake is a real HTTP/1.1 server on `127.0.0.1` (a port the OS picks,
//! or one you choose) running on your Tokio runtime. It keeps state (tokens,
//! purchase orders, orders, rows), enforces the rules the vendors document on
//! its own, records every request it receives (with secrets masked) and can
//! be scripted to fail in the ways real servers and networks fail.
//!
//! - [`sellercloud::FakeSellercloud`]: token endpoint, bearer check, purchase
//!   orders (create, items, tracking) and orders.
//! - [`shopctrl::FakeShopCtrl`]: HTTP Basic, purchase order rows.
//! - [`FakeServer`]: what both fakes share (address, credentials, recorded
//!   requests, fault scripts); each fake dereferences to one.
//! - [`RateLimit`]: an optional per-client limit, with the counts of each
//!   window readable ([`FakeServer::rate_limit_windows`]).
//! - [`Fault`]: scripted failures per route, from a 503 to a success whose
//!   answer is lost.
//! - [`RecordedRequest`]: what each request looked like on the wire.
//!
//! The `sellercloud-shopctrl-fakes` binary (feature `cli`) runs both for
//! manual use with curl: `cargo install sellercloud-shopctrl-fakes --features
//! cli`, or in this repository `cargo run -p sellercloud-shopctrl-fakes
//! --features cli -- --sellercloud-port 8081 --shopctrl-port 8082`.
//!
//! # Using the fakes in your own tests
//!
//! Add the crate as a dev-dependency next to Tokio:
//!
//! ```toml
//! [dev-dependencies]
//! sellercloud-shopctrl-fakes = "0.1"
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! Start a fake, point your code at its base URL, then assert on what it
//! received and on its state. Here plain reqwest plays the code under test:
//!
//! ```
//! use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudRoute, SellercloudConfig};
//! use sellercloud_shopctrl_fakes::{Fault, PresentedAuth};
//! use serde_json::{Value, json};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = FakeSellercloud::start(SellercloudConfig::new("user", "pass")).await?;
//! let base = fake.base_url(); // http://127.0.0.1:PORT/rest
//! // The first purchase order creation will fail with a 503.
//! fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(503), 1);
//!
//! let http = reqwest::Client::new();
//! let token: Value = http
//!     .post(format!("{base}/api/token"))
//!     .json(&json!({"Username": "user", "Password": "pass"}))
//!     .send()
//!     .await?
//!     .json()
//!     .await?;
//! let token = token["access_token"].as_str().unwrap_or_default();
//! let po = json!({
//!     "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
//!     "Products": [{"ProductID": "SKU-1", "QtyUnitsOrdered": 3, "UnitPrice": 9.99}]
//! });
//! let mut statuses = Vec::new();
//! for _attempt in 0..2 {
//!     let response = http
//!         .post(format!("{base}/api/PurchaseOrders"))
//!         .bearer_auth(token)
//!         .json(&po)
//!         .send()
//!         .await?;
//!     statuses.push(response.status().as_u16());
//! }
//! assert_eq!(statuses, [503, 200]);
//!
//! // What the fake received, and what it now holds:
//! let sent = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
//! assert_eq!(sent[1].auth, PresentedAuth::Bearer { token_serial: Some(1) });
//! assert_eq!(sent[1].header("authorization"), Some("Bearer [redacted]"));
//! let stored = fake.purchase_orders();
//! assert_eq!(stored.len(), 1);
//! assert_eq!(stored[0].items[0].qty_units_ordered, Some(3));
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Everything the fakes answer, and every choice made where the vendors'
//! documents are silent, is described in the [`sellercloud`] and [`shopctrl`]
//! module docs.
#![forbid(unsafe_code)]
// docs.rs marks what a feature adds (see [package.metadata.docs.rs]).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
// A link that does not resolve, or points where the reader cannot follow,
// fails `cargo doc` (CI denies warnings); so does a backtick left open.
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]
#![warn(rustdoc::unescaped_backticks)]

mod clock;
mod control;
mod core;
mod fault;
mod json;
mod out;
mod rate_limit;
mod record;
mod server;

pub mod sellercloud;
pub mod shopctrl;

pub use control::FakeServer;
pub use core::DEFAULT_MAX_RECORDED;
pub use fault::{Fault, FaultBody};
pub use rate_limit::{RateLimit, RateLimitWindow};
pub use record::{PresentedAuth, REDACTED, RecordedRequest};

// The README's example compiles as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
