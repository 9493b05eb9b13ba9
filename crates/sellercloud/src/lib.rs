//! A Sellercloud REST API client: purchase orders (create, exactly once if
//! asked; read, list, follow changes since a cursor, read items; add,
//! update and receive items; set tracking), orders (read, update, update
//! addresses completely) and the look-ups a sync needs (vendors, companies,
//! warehouses, payment terms, products by SKU).
//!
//! A thin, careful layer over the generated `sellercloud-api` bindings:
//!
//! - **Authentication**: the bearer token is requested on first use,
//!   cached, and renewed shortly before it runs out; however many calls need
//!   one at once, a single token request is in flight. A call answered 401
//!   renews the token once and is sent once more.
//! - **Retries**: the PUT endpoints are idempotent and are retried on
//!   connection failures, timeouts, 408/429/502/503/504 and Sellercloud's
//!   rate-limit answer (waiting for its reset time), within a
//!   [`RetryPolicy`]. Create purchase order is never re-sent once it may
//!   have reached the server; its error says whether it may have been
//!   applied ([`Error::may_have_been_applied`]).
//! - **Validation**: every request is a builder whose documented rules are
//!   checked before anything is sent; a broken rule is an
//!   [`Error::Validation`] naming the field path (`Products[2].QtyCasesOrdered`)
//!   and the rule.
//! - **Secrets**: the password and tokens never appear in `Debug`,
//!   `Display`, errors or tracing output.
//! - **Tracing**: one `sellercloud.call` span per call with `operation`,
//!   `attempt`, `status` and `latency_ms`.
//!
//! # Style
//!
//! Build a request value, then pass it to the endpoint, which validates it
//! and sends it: `client.purchase_orders().create(request).await`. Each
//! builder's `build()` returns the validated wire body, for checking a
//! request without sending it.
//!
//! ```no_run
//! use sellercloud::{Client, CompanyId, CreatePurchaseOrder, Decimal, NewPurchaseOrderProduct, PoType, VendorId};
//!
//! # async fn demo() -> sellercloud::Result<()> {
//! // SELLERCLOUD_SERVER_ID (or SELLERCLOUD_BASE_URL), SELLERCLOUD_USERNAME, SELLERCLOUD_PASSWORD
//! let client = Client::from_env()?;
//! let po_id = client
//!     .purchase_orders()
//!     .create(
//!         CreatePurchaseOrder::new()
//!             .company_id(CompanyId::new(1))
//!             .vendor_id(VendorId::new(20))
//!             .po_type(PoType::PurchaseOrder)
//!             .case_qty_mode(false)
//!             .product(NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(12).unit_price(Decimal::new(450, 2))),
//!     )
//!     .await?;
//! println!("created purchase order {po_id}");
//! # Ok(()) }
//! ```
//!
//! Money is [`Decimal`] (exact on the wire), date-times are chrono
//! [`DateTime<FixedOffset>`] (setters accept anything `Into` it, such as
//! `DateTime<Utc>`), and the vendor's enums ([`PoType`], [`DiscountType`],
//! [`OrderSource`], [`OrderSubType`], [`CurrencyCode`]) keep values this
//! crate does not know yet in an `Unknown` variant.
//!
//! # Testing your code
//!
//! The crate `sellercloud-shopctrl-fakes` serves a stateful fake of this
//! API on loopback: point [`ClientBuilder::base_url`] at it. Three settings
//! keep such tests fast and deterministic:
//!
//! - **The exactly-once settle time.** When a create's answer is lost,
//!   [`PurchaseOrders::create_exactly_once`] waits [`ExactlyOnce::settle`]
//!   (2 s by default) before each of its two looks, so a test that injects a
//!   lost answer waits up to 4 s unless it shortens it:
//!   `create_exactly_once_with(request, ExactlyOnce::new().settle(Duration::from_millis(20)))`.
//! - **Retries against a fake.** The default [`RetryPolicy`] backs off for
//!   up to seconds between attempts; against a fake that answers at once,
//!   `RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(5))`
//!   keeps injected faults cheap, and [`RetryPolicy::never`] shows the first
//!   failure as it is.
//! - **Paused time.** Under `#[tokio::test(start_paused = true)]` the waits
//!   this crate makes (backoff, rate-limit waits, the settle time) take no
//!   real time. The clock then jumps ahead whenever every task waits, a
//!   request in flight to a real socket included, so a request timeout can
//!   fire early: use paused time for code that only waits, and real time
//!   with the short settings above against the fakes.
//!
//! ```
//! use sellercloud::{Client, ExactlyOnce, RetryPolicy};
//! use std::time::Duration;
//!
//! # fn demo(fake_base_url: &str) -> sellercloud::Result<()> {
//! let client = Client::builder()
//!     .base_url(fake_base_url) // http://127.0.0.1:PORT/rest
//!     .username("fake-user")
//!     .password("fake-password")
//!     .retry_policy(
//!         RetryPolicy::default()
//!             .with_initial_backoff(Duration::from_millis(1))
//!             .with_max_backoff(Duration::from_millis(5)),
//!     )
//!     .build()?;
//! let quick_look = ExactlyOnce::new().settle(Duration::from_millis(20));
//! # let _ = (client, quick_look);
//! # Ok(()) }
//! # demo("http://127.0.0.1:8081/rest").unwrap();
//! ```
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
mod auth;
mod client;
pub mod ids;
pub mod lookups;
pub mod orders;
pub mod paging;
pub mod purchase_orders;
pub mod rules;
mod vendor;

#[doc(inline)]
pub use answers::{
    ListedCompany, ListedItem, ListedProduct, ListedPurchaseOrder, ListedVendor, ListedWarehouse,
    Order, PaymentTerm,
};
#[doc(inline)]
pub use api_runtime::auth::DEFAULT_RENEWAL_MARGIN;
#[doc(inline)]
pub use api_runtime::exports::*;
#[doc(inline)]
pub use auth::DEFAULT_TOKEN_LIFETIME;
#[doc(inline)]
pub use client::{Client, ClientBuilder, ENV_BASE_URL, ENV_PASSWORD, ENV_SERVER_ID, ENV_USERNAME};
#[doc(inline)]
pub use ids::{
    CompanyId, OrderId, PaymentTermId, PurchaseOrderId, PurchaseOrderItemId, VendorId, WarehouseId,
};
#[doc(inline)]
pub use lookups::Lookups;
#[doc(inline)]
pub use lookups::catalog::ProductsBySku;
#[doc(inline)]
pub use lookups::companies::CompanyFilter;
#[doc(inline)]
pub use lookups::vendors::VendorFilter;
#[doc(inline)]
pub use lookups::warehouses::WarehouseFilter;
#[doc(inline)]
pub use orders::Orders;
#[doc(inline)]
pub use orders::update::{OrderAddressUpdate, UpdateOrder};
#[doc(inline)]
pub use orders::update_addresses::OrderAddresses;
#[doc(inline)]
pub use purchase_orders::PurchaseOrders;
#[doc(inline)]
pub use purchase_orders::add_items::{AddPurchaseOrderItems, NewItem};
#[doc(inline)]
pub use purchase_orders::changed_since::ChangedPurchaseOrders;
#[doc(inline)]
pub use purchase_orders::create::{
    CreatePurchaseOrder, Created, ExactlyOnce, NewPurchaseOrderAddress, NewPurchaseOrderProduct,
};
#[doc(inline)]
pub use purchase_orders::items::{ItemsByMode, ItemsInMode};
#[doc(inline)]
pub use purchase_orders::list::PurchaseOrderFilter;
#[doc(inline)]
pub use purchase_orders::mode::{CaseMode, QuantityMode, UnitMode};
#[doc(inline)]
pub use purchase_orders::receive::{ReceiveItem, ReceivePurchaseOrder};
#[doc(inline)]
pub use purchase_orders::update_items::{ItemUpdate, UpdatePurchaseOrderItems};
#[doc(inline)]
pub use purchase_orders::update_tracking::UpdatePurchaseOrderTracking;
#[doc(inline)]
pub use sellercloud_api::enums::{
    CurrencyCode, DiscountType, OrderSource, OrderSubType, PaymentStatus, PoType,
    PurchaseOrderStatus, ReceivingStatus, ShippingStatus, WarehouseType,
};
#[doc(inline)]
pub use sellercloud_api::{enums, types};

// The README's example compiles as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
