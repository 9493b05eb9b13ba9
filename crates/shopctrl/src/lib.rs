//! A careful client for the ShopCtrl REST API: purchase orders (listed by
//! change, created exactly once, updated, their rows added, read and
//! updated, provisioned with lots and locations) and products with their
//! stock, each request checked before it is sent.
//!
//! Built on the generated `shopctrl-api` crate (the exact wire shape of
//! `openapi/shopctrl.yaml`), this crate adds what a caller should not have to
//! write each time:
//!
//! - **Authentication**: HTTP Basic with a ShopCtrl employee account used as
//!   API user. The header is built once per [`Client`]; the password is a
//!   [`Secret`] and never appears in `Debug`, `Display`, errors or traces.
//!   A 401 is [`Error::Authentication`], with a hint that the password may
//!   have been changed (the credentials do not expire otherwise).
//! - **Validation** before any I/O: each builder checks the vendor's rules
//!   and reports every broken one with its field path in the vendor's JSON
//!   names ([`Error::Validation`]).
//! - **Retries** of idempotent operations on connection failures, timeouts
//!   and 408, 429, 502, 503 and 504 answers, with exponential backoff and
//!   full jitter, bounded in attempts and time ([`RetryPolicy`]).
//! - **One error type**, [`Error`], including ASP.NET validation answers
//!   (`Message` and `ModelState` field errors; see
//!   [`Error::field_errors_for`]).
//! - **Exact values**: money and quantities are [`Decimal`] (exact JSON
//!   numbers on the wire), date-times keep their UTC offset.
//! - **Tracing**: each call runs in one span, `shopctrl.call`, with the
//!   fields `operation`, `attempt`, `status` and `latency_ms`.
//!
//! # Calling style
//!
//! Operations hang off handles of the client, and take a builder value that
//! is validated when the call is made:
//! `client.purchase_orders().update_row(purchase_order_id, row).await`.
//!
//! ```no_run
//! use shopctrl::{Client, DateTime, Decimal, PurchaseOrderId, RowId, StockItemUpdate, UpdatePurchaseOrderRow};
//!
//! # async fn demo() -> shopctrl::Result<()> {
//! // SHOPCTRL_BASE_URL (e.g. https://shop.example.com:52222),
//! // SHOPCTRL_USERNAME, SHOPCTRL_PASSWORD
//! let client = Client::from_env()?;
//!
//! let delivery = DateTime::parse_from_rfc3339("2026-01-11T16:13:38+01:00").unwrap();
//! let row = UpdatePurchaseOrderRow::new(RowId::new(1)) // the row's Id
//!     .item_quantity(Decimal::new(20, 1)) // 2.0
//!     .item_price_ex_vat(Decimal::new(1250, 2)) // 12.50
//!     .expected_delivery_date(delivery)
//!     // The COMPLETE list: it replaces the row's stored stock items.
//!     .stock_items(vec![StockItemUpdate::new(2).lot_number("L-42")]);
//! client.purchase_orders().update_row(PurchaseOrderId::new(7), row).await?;
//! # Ok(()) }
//! ```
//!
//! Calls need a Tokio runtime (reqwest's connections and the retry
//! backoff's timers run on it).
//!
//! # Where things are
//!
//! - [`Client`] / [`ClientBuilder`]: settings, credentials, the connection pool.
//! - [`purchase_orders`]: `client.purchase_orders()`, one module per
//!   endpoint with its request value and rules: [`purchase_orders::list`]
//!   and [`purchase_orders::changed_since`], [`purchase_orders::create`]
//!   (and [`purchase_orders::create::exactly_once`]),
//!   [`purchase_orders::update`], [`purchase_orders::add_row`],
//!   [`purchase_orders::rows`], [`purchase_orders::update_row`],
//!   [`purchase_orders::provision`].
//! - [`products`]: `client.products()`, by id, by code, stock per location.
//! - [`Error`]: everything a call can fail with.
//! - [`types`]: the generated wire types, for use with [`Client::call`].
//!
//! # Testing your code
//!
//! The crate `sellercloud-shopctrl-fakes` serves a stateful fake of this
//! API on loopback: point [`ClientBuilder::base_url`] at it. The default
//! [`RetryPolicy`] backs off for up to seconds between attempts; against a
//! fake that answers at once,
//! `RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(5))`
//! keeps injected faults cheap, and [`RetryPolicy::never`] shows the first
//! failure as it is. Under `#[tokio::test(start_paused = true)]` the
//! backoff takes no real time, but the clock then jumps ahead whenever every
//! task waits, a request in flight to a real socket included, so a request
//! timeout can fire early: use paused time for code that only waits, and
//! real time with short settings against the fakes. What the server does
//! with fields a row update leaves out is not documented; the fake does
//! either (`RowUpdateMode`), so test against both.
//!
//! # Features
//!
//! - `rustls-aws-lc` (default): TLS by rustls with the aws-lc-rs provider.
//! - `rustls-ring`: TLS by rustls with the ring provider, for targets without
//!   a C toolchain (`default-features = false, features = ["rustls-ring"]`);
//!   the first client built installs ring as the process's default provider
//!   unless the application installed one.
//! - `schemars`: every type in [`types`] implements `schemars::JsonSchema`
//!   (derived, so the docs list the impl without a feature badge).
//!
//! Your own `reqwest::Client` goes in through [`ClientBuilder::http_client`],
//! built with the re-exported [`reqwest`].
#![forbid(unsafe_code)]
// docs.rs marks what a feature adds (see [package.metadata.docs.rs]).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
// A link that does not resolve, or points where the reader cannot follow,
// fails `cargo doc` (CI denies warnings); so does a backtick left open.
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]
#![warn(rustdoc::unescaped_backticks)]

pub mod answers;
mod client;
pub mod ids;
pub mod products;
pub mod purchase_orders;
pub mod rules;
mod vendor;

#[doc(inline)]
pub use answers::{ListedPurchaseOrder, ListedRow, ProductRecord, StockAtLocation};
#[doc(inline)]
pub use api_runtime::exports::*;
#[doc(inline)]
pub use client::{Client, ClientBuilder, ENV_BASE_URL, ENV_PASSWORD, ENV_USERNAME};
#[doc(inline)]
pub use ids::{
    CurrencyId, ProductId, PurchaseOrderId, RowId, ShopGroupId, ShopOwnerId, SupplierId,
    WarehouseId, WarehouseLocationId,
};
#[doc(inline)]
pub use products::Products;
#[doc(inline)]
pub use purchase_orders::{
    CreatePurchaseOrder, Created, ExactlyOnce, NewPurchaseOrderRow, ProvisionItem,
    PurchaseOrderFilter, PurchaseOrders, StockItemUpdate, UpdatePurchaseOrder,
    UpdatePurchaseOrderRow,
};
#[doc(inline)]
pub use shopctrl_api::types;

// The README's example compiles as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
