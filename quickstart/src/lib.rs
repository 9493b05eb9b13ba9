//! The quickstart: one call of every endpoint the SDK covers, printed as
//! plain lines of what is sent and what came back.
//!
//! ```text
//! cargo run -p quickstart
//! ```
//!
//! [`run`] is what that binary does. With no
//! `SELLERCLOUD_*` / `SHOPCTRL_*` variable set it starts both fakes
//! in-process and needs no configuration; with them set, that vendor's part
//! talks to the real service instead ([`sellercloud::Client::from_env`],
//! [`shopctrl::Client::from_env`]) and does only what the variables give it
//! IDs for, saying what it skipped and why.
//!
//! The steps, in order:
//!
//! | # | vendor | request | real service needs |
//! |---|---|---|---|
//! | 1 | Sellercloud | `POST /api/PurchaseOrders` (unit mode) | [`ENV_COMPANY_ID`], [`ENV_VENDOR_ID`], [`ENV_PRODUCT_ID`] |
//! | 2 | Sellercloud | `POST /api/PurchaseOrders` (case mode) | the same |
//! | 3 | Sellercloud | `PUT /api/PurchaseOrders/{id}/Items` (unit mode) | [`ENV_UNIT_PO_ID`], [`ENV_UNIT_PO_ITEM_ID`] |
//! | 4 | Sellercloud | `PUT /api/PurchaseOrders/{id}/Items` (case mode) | [`ENV_CASE_PO_ID`], [`ENV_CASE_PO_ITEM_ID`] |
//! | 5 | Sellercloud | `PUT /api/PurchaseOrders/{id}/TrackingNumber` | [`ENV_UNIT_PO_ID`] |
//! | 6 | Sellercloud | `PUT /api/Orders/{id}` (full shipping and billing addresses) | [`ENV_ORDER_ID`] |
//! | 7 | Sellercloud | `GET /api/PurchaseOrders/{id}` | [`ENV_UNIT_PO_ID`] |
//! | 8 | Sellercloud | `GET /api/PurchaseOrders/{id}/Items` (the quantity mode it reports) | the same |
//! | 9 | Sellercloud | `GET /api/PurchaseOrders` filtered by id and company | the same |
//! | 10 | Sellercloud | `POST /api/PurchaseOrders/{id}/items` (in the mode of step 8) | the same |
//! | 11 | Sellercloud | `POST /api/PurchaseOrders/{id}/receive` (everything ordered) | the same |
//! | 12 | Sellercloud | `GET /api/PurchaseOrders/{id}/TrackingNumber/Multiple` to find the tracking mode, then `PUT .../TrackingNumber` (single) or `POST .../TrackingNumber/Multiple` | [`ENV_UNIT_PO_ID`] |
//! | 13 | Sellercloud | `PUT /api/PurchaseOrders/{id}/Invoice` | the same |
//! | 14 | Sellercloud | `PUT /api/PurchaseOrders/{id}` (general details) | the same |
//! | 15 | Sellercloud | `PUT /api/PurchaseOrders/{id}/Total` | the same |
//! | 16 | Sellercloud | `GET /api/Vendors` by name, active | (fake only) |
//! | 17 | Sellercloud | `GET /api/Warehouses`, sellable | (fake only) |
//! | 18 | Sellercloud | `GET /api/Settings/PaymentTerms` | (fake only) |
//! | 19 | Sellercloud | `GET /api/Catalog` by SKU | (fake only) |
//! | 20 | Sellercloud | `GET /api/PurchaseOrders` by updated date: the purchase orders changed since a cursor, and the cursor to store | (fake only) |
//! | 21 | ShopCtrl | `PUT /v1/PurchaseOrders/{id}/Rows` (with `StockItems`) | [`ENV_SHOPCTRL_PURCHASE_ORDER_ID`], [`ENV_SHOPCTRL_ROW_ID`] |
//! | 22 | ShopCtrl | `POST /v1/ShopOwners/{id}/PurchaseOrders` (with a row, exactly once) | [`ENV_SHOPCTRL_SHOP_OWNER_ID`], [`ENV_SHOPCTRL_SUPPLIER_ID`] |
//! | 23 | ShopCtrl | `POST /v1/PurchaseOrders/{id}/Rows` (a second row) | the same |
//! | 24 | ShopCtrl | `PUT /v1/PurchaseOrders/{id}/Rows` (the added row) | the same |
//! | 25 | ShopCtrl | `POST /v1/PurchaseOrders/{id}/AdvancedProvision` (lot, expiry, location) | the same |
//! | 26 | ShopCtrl | `GET /v1/ShopOwners/{id}/PurchaseOrders` (what changed since the create) | the same |
//!
//! Steps 1, 2 and 22 create exactly once: a lost answer is looked up on the
//! purchase order list, and a purchase order found that way is printed as
//! recovered instead of being created again.
//!
//! Steps 16 to 20 are what a sync does around its creates: the look-ups of
//! the IDs a purchase order needs, then every purchase order changed since
//! a stored cursor (on the fake, steps 1 and 2's among them).
//!
//! Against a fake, steps 3 to 5 and 7 to 15 use the purchase orders created
//! in steps 1 and 2 (their item IDs read from the fake's state, since the API does not
//! return them), and every step is followed by a `fake` line showing what the
//! fake stored; a step whose stored result differs from what was sent fails.
//! Against a real service the values written are demo values: point the
//! variables at sandbox records.
//!
//! The output never contains a password, a token or a user name: each part
//! names only the base URL it talks to.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
//! use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
//! use quickstart::{SellercloudTarget, ShopCtrlTarget};
//!
//! let sc = FakeSellercloud::start(SellercloudConfig::default()).await?;
//! let shop = FakeShopCtrl::start(ShopCtrlConfig::default()).await?;
//! let mut out = Vec::new();
//! let report = quickstart::run_with(
//!     SellercloudTarget::fake(&sc)?,
//!     ShopCtrlTarget::fake(&shop)?,
//!     &mut out,
//! )
//! .await?;
//! assert!(report.is_success());
//! assert_eq!(report.succeeded(), 26);
//! assert!(String::from_utf8(out)?.lines().last().unwrap().starts_with("summary: 26 steps"));
//! # Ok(()) }
//! ```
//!
//! The pieces: [`environment`](SellercloudIds) (what is read from the
//! environment), [`SellercloudTarget`] and [`ShopCtrlTarget`] (fake or real
//! service), the steps of each vendor, the [`Report`] and its printed lines,
//! and [`samples`], the requests sent.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod environment;
mod lifecycle_steps;
mod po_detail_steps;
mod report;
pub mod samples;
mod sellercloud_steps;
mod shopctrl_flow_steps;
mod shopctrl_steps;
mod sync_steps;
mod targets;

pub use environment::{
    ENV_CASE_PO_ID, ENV_CASE_PO_ITEM_ID, ENV_COMPANY_ID, ENV_ORDER_ID, ENV_PRODUCT_ID,
    ENV_SHOPCTRL_PURCHASE_ORDER_ID, ENV_SHOPCTRL_ROW_ID, ENV_SHOPCTRL_SHOP_OWNER_ID,
    ENV_SHOPCTRL_SUPPLIER_ID, ENV_UNIT_PO_ID, ENV_UNIT_PO_ITEM_ID, ENV_VENDOR_ID,
    PurchaseOrderItemRef, SELLERCLOUD_VARIABLES, SHOPCTRL_VARIABLES, SellercloudIds, ShopCtrlIds,
    any_set,
};
pub use report::{Outcome, Report, Step, Vendor};
pub use targets::{
    DEMO_COMPANY_ID, DEMO_ORDER_ID, DEMO_PRODUCT_ID, DEMO_SHOPCTRL_PURCHASE_ORDER_ID,
    DEMO_SHOPCTRL_ROW_ID, DEMO_VENDOR_ID, SellercloudTarget, ShopCtrlTarget,
};

use environment::process_env;
use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
use report::Walk;
use std::fmt;
use std::io::{self, Write};

/// Why the quickstart could not start.
#[derive(Debug)]
pub enum RunError {
    /// The Sellercloud client could not be configured from the environment.
    Sellercloud(sellercloud::Error),
    /// The ShopCtrl client could not be configured from the environment.
    ShopCtrl(shopctrl::Error),
    /// An ID variable of the quickstart is unusable.
    Environment {
        /// The variable.
        variable: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// A fake could not start, or the output could not be written.
    Io(io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Sellercloud(e) => write!(f, "Sellercloud configuration: {e}"),
            RunError::ShopCtrl(e) => write!(f, "ShopCtrl configuration: {e}"),
            RunError::Environment { variable, problem } => write!(f, "{variable} {problem}"),
            RunError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Sellercloud(e) => Some(e),
            RunError::ShopCtrl(e) => Some(e),
            RunError::Environment { .. } => None,
            RunError::Io(e) => Some(e),
        }
    }
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> Self {
        RunError::Io(e)
    }
}

/// Runs the quickstart: each vendor's part against its real service when any
/// of its variables ([`SELLERCLOUD_VARIABLES`], [`SHOPCTRL_VARIABLES`]) is
/// set, otherwise against a fake started here (and stopped at the end).
/// Writes plain lines to `out`, the last one the summary.
///
/// # Errors
///
/// When a client cannot be configured from the environment, an ID variable
/// is unusable, a fake cannot start, or `out` cannot be written. Failed
/// steps are not errors: see [`Report::is_success`].
pub async fn run<W: Write + Send>(out: &mut W) -> Result<Report, RunError> {
    let sellercloud_fake = if any_set(&SELLERCLOUD_VARIABLES, &process_env) {
        None
    } else {
        Some(FakeSellercloud::start(SellercloudConfig::default()).await?)
    };
    let shopctrl_fake = if any_set(&SHOPCTRL_VARIABLES, &process_env) {
        None
    } else {
        Some(FakeShopCtrl::start(ShopCtrlConfig::default()).await?)
    };
    let sellercloud = match &sellercloud_fake {
        Some(fake) => SellercloudTarget::fake(fake).map_err(RunError::Sellercloud)?,
        None => SellercloudTarget::Real {
            client: sellercloud::Client::from_env().map_err(RunError::Sellercloud)?,
            ids: SellercloudIds::from_env()?,
        },
    };
    let shopctrl = match &shopctrl_fake {
        Some(fake) => ShopCtrlTarget::fake(fake).map_err(RunError::ShopCtrl)?,
        None => ShopCtrlTarget::Real {
            client: shopctrl::Client::from_env().map_err(RunError::ShopCtrl)?,
            ids: ShopCtrlIds::from_env()?,
        },
    };
    let report = run_with(sellercloud, shopctrl, out).await?;
    if let Some(fake) = sellercloud_fake {
        fake.shutdown().await;
    }
    if let Some(fake) = shopctrl_fake {
        fake.shutdown().await;
    }
    Ok(report)
}

/// Runs the quickstart against the given targets (fakes you started, or
/// clients you configured), writing plain lines to `out`.
///
/// # Errors
///
/// Only when `out` cannot be written; failed steps are in the [`Report`].
pub async fn run_with<W: Write + Send>(
    sellercloud: SellercloudTarget<'_>,
    shopctrl: ShopCtrlTarget<'_>,
    out: &mut W,
) -> io::Result<Report> {
    let mut walk = Walk {
        out,
        report: Report {
            steps: Vec::new(),
            sellercloud: sellercloud.describe(),
            shopctrl: shopctrl.describe(),
        },
        pending: None,
    };
    let sellercloud_note = match &sellercloud {
        SellercloudTarget::Fake { .. } => {
            " (no SELLERCLOUD_* variable set; the client gets its bearer token from POST /api/token on first use)"
        }
        SellercloudTarget::Real { .. } => "",
    };
    let shopctrl_note = match &shopctrl {
        ShopCtrlTarget::Fake { .. } => " (no SHOPCTRL_* variable set; HTTP Basic)",
        ShopCtrlTarget::Real { .. } => "",
    };
    writeln!(
        walk.out,
        "Sellercloud: {}{sellercloud_note}",
        walk.report.sellercloud
    )?;
    writeln!(
        walk.out,
        "ShopCtrl: {}{shopctrl_note}",
        walk.report.shopctrl
    )?;
    let ids = sellercloud_steps::part(&sellercloud, &mut walk).await?;
    lifecycle_steps::part(&sellercloud, &ids, &mut walk).await?;
    po_detail_steps::part(&sellercloud, &ids, &mut walk).await?;
    sync_steps::part(&sellercloud, &mut walk).await?;
    shopctrl_steps::part(&shopctrl, &mut walk).await?;
    shopctrl_flow_steps::part(&shopctrl, &mut walk).await?;

    let mut notes = Vec::new();
    if let SellercloudTarget::Fake { fake, .. } = &sellercloud {
        notes.push(format!(
            "the fake Sellercloud received {} requests and issued {} token(s)",
            fake.requests().len(),
            fake.tokens_issued()
        ));
    }
    if let ShopCtrlTarget::Fake { fake, .. } = &shopctrl {
        notes.push(format!(
            "the fake ShopCtrl received {} request(s)",
            fake.requests().len()
        ));
    }
    if !notes.is_empty() {
        writeln!(walk.out, "{}", notes.join("; "))?;
    }
    let r = &walk.report;
    writeln!(
        walk.out,
        "summary: {} steps, {} succeeded, {} failed, {} skipped (Sellercloud: {}; ShopCtrl: {})",
        r.steps.len(),
        r.succeeded(),
        r.failed(),
        r.skipped(),
        kind_of(matches!(sellercloud, SellercloudTarget::Fake { .. })),
        kind_of(matches!(shopctrl, ShopCtrlTarget::Fake { .. })),
    )?;
    Ok(walk.report)
}

fn kind_of(fake: bool) -> &'static str {
    if fake {
        "in-process fake"
    } else {
        "real service"
    }
}
