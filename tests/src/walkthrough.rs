//! The quickstart walkthrough: one call of every endpoint the SDK covers,
//! printed as plain lines of what is sent and what came back.
//!
//! [`run`] is what `cargo run --example quickstart` does. With no
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
//! | 7 | ShopCtrl | `PUT /v1/PurchaseOrders/{id}/Rows` (with `StockItems`) | [`ENV_SHOPCTRL_PURCHASE_ORDER_ID`], [`ENV_SHOPCTRL_ROW_ID`] |
//!
//! Against a fake, steps 3 to 5 use the purchase orders created in steps 1
//! and 2 (their item IDs read from the fake's state, since the API does not
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
//! use e2e_tests::{support, walkthrough};
//! use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
//! use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
//! use walkthrough::{SellercloudTarget, ShopCtrlTarget};
//!
//! let sc = FakeSellercloud::start(SellercloudConfig::default()).await?;
//! let shop = FakeShopCtrl::start(ShopCtrlConfig::default()).await?;
//! let mut out = Vec::new();
//! let report = walkthrough::run_with(
//!     SellercloudTarget::Fake { fake: &sc, client: support::sellercloud_client(&sc) },
//!     ShopCtrlTarget::Fake { fake: &shop, client: support::shopctrl_client(&shop) },
//!     &mut out,
//! )
//! .await?;
//! assert!(report.is_success());
//! assert_eq!(report.succeeded(), 7);
//! assert!(String::from_utf8(out)?.lines().last().unwrap().starts_with("summary: 7 steps"));
//! # Ok(()) }
//! ```

use crate::support;
use fakes::sellercloud::{FakeSellercloud, Order, SellercloudConfig};
use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
use rust_decimal::Decimal;
use sellercloud::{ItemUpdate, OrderUpdate, PurchaseOrderItemsUpdate, TrackingUpdate};
use serde::Serialize;
use shopctrl::{RowUpdate, StockItem};
use std::fmt;
use std::io::{self, Write};

/// Company of the purchase orders created against the fake.
pub const DEMO_COMPANY_ID: i32 = 1;
/// Vendor of the purchase orders created against the fake.
pub const DEMO_VENDOR_ID: i32 = 20;
/// Product of the purchase orders created against the fake.
pub const DEMO_PRODUCT_ID: &str = "QS-SKU-1";
/// The order updated on the fake Sellercloud (seeded when missing).
pub const DEMO_ORDER_ID: i32 = 5001;
/// The purchase order whose row is updated on the fake ShopCtrl.
pub const DEMO_SHOPCTRL_PURCHASE_ORDER_ID: i32 = 1;
/// The row updated on the fake ShopCtrl (seeded when missing).
pub const DEMO_SHOPCTRL_ROW_ID: i32 = 11;

/// `CompanyID` of the purchase orders to create on the real Sellercloud.
pub const ENV_COMPANY_ID: &str = "SELLERCLOUD_COMPANY_ID";
/// `VendorID` of the purchase orders to create on the real Sellercloud.
pub const ENV_VENDOR_ID: &str = "SELLERCLOUD_VENDOR_ID";
/// `ProductID` (SKU) of the purchase orders to create on the real Sellercloud.
pub const ENV_PRODUCT_ID: &str = "SELLERCLOUD_PRODUCT_ID";
/// A real purchase order in unit mode: its items and its tracking are updated.
pub const ENV_UNIT_PO_ID: &str = "SELLERCLOUD_UNIT_PO_ID";
/// A purchase order item ID of [`ENV_UNIT_PO_ID`].
pub const ENV_UNIT_PO_ITEM_ID: &str = "SELLERCLOUD_UNIT_PO_ITEM_ID";
/// A real purchase order in case mode: its items are updated.
pub const ENV_CASE_PO_ID: &str = "SELLERCLOUD_CASE_PO_ID";
/// A purchase order item ID of [`ENV_CASE_PO_ID`].
pub const ENV_CASE_PO_ITEM_ID: &str = "SELLERCLOUD_CASE_PO_ITEM_ID";
/// A real order whose shipping and billing addresses are replaced.
pub const ENV_ORDER_ID: &str = "SELLERCLOUD_ORDER_ID";
/// A real ShopCtrl purchase order.
pub const ENV_SHOPCTRL_PURCHASE_ORDER_ID: &str = "SHOPCTRL_PURCHASE_ORDER_ID";
/// A row of [`ENV_SHOPCTRL_PURCHASE_ORDER_ID`], updated with demo values.
pub const ENV_SHOPCTRL_ROW_ID: &str = "SHOPCTRL_ROW_ID";

/// Every variable that switches the Sellercloud part to the real service.
pub const SELLERCLOUD_VARIABLES: [&str; 12] = [
    sellercloud::ENV_BASE_URL,
    sellercloud::ENV_SERVER_ID,
    sellercloud::ENV_USERNAME,
    sellercloud::ENV_PASSWORD,
    ENV_COMPANY_ID,
    ENV_VENDOR_ID,
    ENV_PRODUCT_ID,
    ENV_UNIT_PO_ID,
    ENV_UNIT_PO_ITEM_ID,
    ENV_CASE_PO_ID,
    ENV_CASE_PO_ITEM_ID,
    ENV_ORDER_ID,
];

/// Every variable that switches the ShopCtrl part to the real service.
pub const SHOPCTRL_VARIABLES: [&str; 5] = [
    shopctrl::ENV_BASE_URL,
    shopctrl::ENV_USERNAME,
    shopctrl::ENV_PASSWORD,
    ENV_SHOPCTRL_PURCHASE_ORDER_ID,
    ENV_SHOPCTRL_ROW_ID,
];

/// A purchase order item: the purchase order and the item's ID on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PurchaseOrderItemRef {
    /// The purchase order ID.
    pub purchase_order_id: i32,
    /// The purchase order item ID (not the product ID).
    pub item_id: i32,
}

/// What the Sellercloud part may touch on a real service. Each step runs
/// only when its IDs are known, and is skipped (saying why) otherwise.
///
/// ```
/// use e2e_tests::walkthrough::SellercloudIds;
/// let env = |name: &str| (name == "SELLERCLOUD_ORDER_ID").then(|| "5001".to_owned());
/// let ids = SellercloudIds::from_lookup(&env).unwrap();
/// assert_eq!(ids.order_id, Some(5001));
/// assert_eq!(ids.unit_mode_item, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SellercloudIds {
    /// Company, vendor and product of the purchase orders to create (steps 1
    /// and 2); all three or none.
    pub create: Option<(i32, i32, String)>,
    /// The unit-mode item to update (step 3); its purchase order also gets
    /// the tracking update (step 5).
    pub unit_mode_item: Option<PurchaseOrderItemRef>,
    /// The case-mode item to update (step 4).
    pub case_mode_item: Option<PurchaseOrderItemRef>,
    /// The order whose addresses are replaced (step 6).
    pub order_id: Option<i32>,
}

impl SellercloudIds {
    /// The IDs from the process environment (see the module docs).
    ///
    /// # Errors
    ///
    /// [`RunError::Environment`] when a variable is not a number, or one of
    /// a group is set without the others.
    pub fn from_env() -> Result<Self, RunError> {
        Self::from_lookup(&process_env)
    }

    /// The IDs from `lookup` (a variable's value, `None` when unset).
    ///
    /// # Errors
    ///
    /// As [`SellercloudIds::from_env`].
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, RunError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let create = match (get(ENV_COMPANY_ID), get(ENV_VENDOR_ID), get(ENV_PRODUCT_ID)) {
            (None, None, None) => None,
            (Some(company), Some(vendor), Some(product)) => Some((
                number(ENV_COMPANY_ID, &company)?,
                number(ENV_VENDOR_ID, &vendor)?,
                product.trim().to_owned(),
            )),
            (company, vendor, _) => {
                let missing = if company.is_none() {
                    ENV_COMPANY_ID
                } else if vendor.is_none() {
                    ENV_VENDOR_ID
                } else {
                    ENV_PRODUCT_ID
                };
                return Err(RunError::Environment {
                    variable: missing,
                    problem: format!(
                        "is needed with the others of {ENV_COMPANY_ID}, {ENV_VENDOR_ID} and {ENV_PRODUCT_ID}"
                    ),
                });
            }
        };
        Ok(SellercloudIds {
            create,
            unit_mode_item: item_pair(lookup, ENV_UNIT_PO_ID, ENV_UNIT_PO_ITEM_ID)?,
            case_mode_item: item_pair(lookup, ENV_CASE_PO_ID, ENV_CASE_PO_ITEM_ID)?,
            order_id: get(ENV_ORDER_ID)
                .map(|v| number(ENV_ORDER_ID, &v))
                .transpose()?,
        })
    }
}

/// What the ShopCtrl part may touch on a real service.
///
/// ```
/// use e2e_tests::walkthrough::ShopCtrlIds;
/// let env = |name: &str| match name {
///     "SHOPCTRL_PURCHASE_ORDER_ID" => Some("7".to_owned()),
///     "SHOPCTRL_ROW_ID" => Some("70".to_owned()),
///     _ => None,
/// };
/// assert_eq!(ShopCtrlIds::from_lookup(&env).unwrap().row, Some((7, 70)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShopCtrlIds {
    /// The purchase order ID and the row ID to update (step 7).
    pub row: Option<(i32, i32)>,
}

impl ShopCtrlIds {
    /// The IDs from the process environment (see the module docs).
    ///
    /// # Errors
    ///
    /// [`RunError::Environment`] when a variable is not a number, or only
    /// one of the two is set.
    pub fn from_env() -> Result<Self, RunError> {
        Self::from_lookup(&process_env)
    }

    /// The IDs from `lookup` (a variable's value, `None` when unset).
    ///
    /// # Errors
    ///
    /// As [`ShopCtrlIds::from_env`].
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, RunError> {
        let row = item_pair(lookup, ENV_SHOPCTRL_PURCHASE_ORDER_ID, ENV_SHOPCTRL_ROW_ID)?;
        Ok(ShopCtrlIds {
            row: row.map(|r| (r.purchase_order_id, r.item_id)),
        })
    }
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn number(variable: &'static str, value: &str) -> Result<i32, RunError> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| RunError::Environment {
            variable,
            problem: format!("must be a positive 32-bit ID, not `{}`", value.trim()),
        })
}

fn item_pair(
    lookup: &dyn Fn(&str) -> Option<String>,
    parent: &'static str,
    child: &'static str,
) -> Result<Option<PurchaseOrderItemRef>, RunError> {
    let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
    match (get(parent), get(child)) {
        (None, None) => Ok(None),
        (Some(p), Some(c)) => Ok(Some(PurchaseOrderItemRef {
            purchase_order_id: number(parent, &p)?,
            item_id: number(child, &c)?,
        })),
        (Some(_), None) => Err(RunError::Environment {
            variable: child,
            problem: format!("is needed with {parent}"),
        }),
        (None, Some(_)) => Err(RunError::Environment {
            variable: parent,
            problem: format!("is needed with {child}"),
        }),
    }
}

/// Whether any of `variables` is set to something other than blanks: the
/// rule that decides between a fake and the real service.
///
/// ```
/// use e2e_tests::walkthrough::{SELLERCLOUD_VARIABLES, any_set};
/// assert!(!any_set(&SELLERCLOUD_VARIABLES, &|_| None));
/// assert!(!any_set(&SELLERCLOUD_VARIABLES, &|_| Some(" ".into())));
/// assert!(any_set(&SELLERCLOUD_VARIABLES, &|n| (n == "SELLERCLOUD_SERVER_ID").then(|| "tt".into())));
/// ```
pub fn any_set(variables: &[&str], lookup: &dyn Fn(&str) -> Option<String>) -> bool {
    variables
        .iter()
        .any(|name| lookup(name).is_some_and(|v| !v.trim().is_empty()))
}

/// Where the Sellercloud part goes.
#[derive(Debug)]
pub enum SellercloudTarget<'a> {
    /// A fake: the walkthrough seeds what it needs ([`DEMO_ORDER_ID`]),
    /// reads item IDs from the fake's state, and checks what the fake stored.
    Fake {
        /// The running fake.
        fake: &'a FakeSellercloud,
        /// A client pointed at it (e.g. [`support::sellercloud_client`]).
        client: sellercloud::Client,
    },
    /// A real service: only the steps `ids` allow are run.
    Real {
        /// A client pointed at the service.
        client: sellercloud::Client,
        /// What may be touched.
        ids: SellercloudIds,
    },
}

/// Where the ShopCtrl part goes.
#[derive(Debug)]
pub enum ShopCtrlTarget<'a> {
    /// A fake: the walkthrough seeds the row it updates
    /// ([`DEMO_SHOPCTRL_PURCHASE_ORDER_ID`], [`DEMO_SHOPCTRL_ROW_ID`]) when
    /// missing and checks what the fake stored.
    Fake {
        /// The running fake.
        fake: &'a FakeShopCtrl,
        /// A client pointed at it (e.g. [`support::shopctrl_client`]).
        client: shopctrl::Client,
    },
    /// A real service: the row update runs only when `ids` name a row.
    Real {
        /// A client pointed at the service.
        client: shopctrl::Client,
        /// What may be touched.
        ids: ShopCtrlIds,
    },
}

/// The vendor a step talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    /// Sellercloud.
    Sellercloud,
    /// ShopCtrl.
    ShopCtrl,
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Vendor::Sellercloud => "Sellercloud",
            Vendor::ShopCtrl => "ShopCtrl",
        })
    }
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded (and, against a fake, the fake stored what was
    /// sent); what came back.
    Succeeded(String),
    /// The call failed, or the fake stored something else; why.
    Failed(String),
    /// The step was not run; why (an ID it needs is not configured).
    Skipped(String),
}

/// One step of the walkthrough.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which API.
    pub vendor: Vendor,
    /// What the step does, e.g. `create a purchase order in unit mode`.
    pub title: &'static str,
    /// Method and path below the base URL, e.g. `PUT /api/Orders/5001`
    /// (with `{id}` when the step was skipped before an ID was known).
    pub request: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// What a walkthrough did, step by step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The steps in the order they ran.
    pub steps: Vec<Step>,
    /// What the Sellercloud part talked to, e.g. `in-process fake at http://127.0.0.1:40001/rest`.
    pub sellercloud: String,
    /// What the ShopCtrl part talked to.
    pub shopctrl: String,
}

impl Report {
    /// Steps that succeeded.
    pub fn succeeded(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Succeeded(_)))
    }

    /// Steps that failed.
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    /// Steps that were skipped.
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }

    /// True when no step failed (skipped steps are not failures).
    pub fn is_success(&self) -> bool {
        self.failed() == 0
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.steps.iter().filter(|s| which(&s.outcome)).count()
    }
}

/// Why a walkthrough could not start.
#[derive(Debug)]
pub enum RunError {
    /// The Sellercloud client could not be configured from the environment.
    Sellercloud(sellercloud::Error),
    /// The ShopCtrl client could not be configured from the environment.
    ShopCtrl(shopctrl::Error),
    /// An ID variable of the walkthrough is unusable.
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
        Some(fake) => SellercloudTarget::Fake {
            fake,
            client: support::sellercloud_client(fake),
        },
        None => SellercloudTarget::Real {
            client: sellercloud::Client::from_env().map_err(RunError::Sellercloud)?,
            ids: SellercloudIds::from_env()?,
        },
    };
    let shopctrl = match &shopctrl_fake {
        Some(fake) => ShopCtrlTarget::Fake {
            fake,
            client: support::shopctrl_client(fake),
        },
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

/// Runs the walkthrough against the given targets (fakes you started, or
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
            sellercloud: describe_sellercloud(&sellercloud),
            shopctrl: describe_shopctrl(&shopctrl),
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
    sellercloud_part(&sellercloud, &mut walk).await?;
    shopctrl_part(&shopctrl, &mut walk).await?;

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

/// A base URL for printing: without user info or query, which could hold
/// credentials.
fn printable(url: &url::Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.as_str().trim_end_matches('/').to_owned()
}

fn describe_sellercloud(target: &SellercloudTarget<'_>) -> String {
    match target {
        SellercloudTarget::Fake { client, .. } => {
            format!("in-process fake at {}", printable(client.base_url()))
        }
        SellercloudTarget::Real { client, .. } => {
            format!("real service at {}", printable(client.base_url()))
        }
    }
}

fn describe_shopctrl(target: &ShopCtrlTarget<'_>) -> String {
    match target {
        ShopCtrlTarget::Fake { client, .. } => {
            format!("in-process fake at {}", printable(client.base_url()))
        }
        ShopCtrlTarget::Real { client, .. } => {
            format!("real service at {}", printable(client.base_url()))
        }
    }
}

/// The output and the report being written.
struct Walk<'w, W> {
    out: &'w mut W,
    report: Report,
    /// The step started and not yet ended.
    pending: Option<(Vendor, &'static str, String)>,
}

impl<W: Write> Walk<'_, W> {
    fn start(&mut self, vendor: Vendor, title: &'static str, request: String) -> io::Result<()> {
        let number = self.report.steps.len() + 1;
        writeln!(self.out, "[{number}] {vendor}: {title}")?;
        self.pending = Some((vendor, title, request));
        Ok(())
    }

    /// A `label value` line under the current step.
    fn line(&mut self, label: &str, text: impl fmt::Display) -> io::Result<()> {
        writeln!(self.out, "    {label:<7} {text}")
    }

    fn sends(&mut self, body: &impl Serialize) -> io::Result<()> {
        let request = self
            .pending
            .as_ref()
            .map(|(_, _, r)| r.clone())
            .unwrap_or_default();
        let json = serde_json::to_string(body).unwrap_or_else(|e| format!("(unprintable: {e})"));
        self.line("sends", format!("{request} {json}"))
    }

    /// Ends the current step; a failure or a skip is printed with its
    /// reason unless a `got` line already showed it.
    fn end(&mut self, outcome: Outcome) -> io::Result<()> {
        match &outcome {
            Outcome::Succeeded(_) => {}
            Outcome::Failed(why) => self.line("FAILED", why)?,
            Outcome::Skipped(why) => self.line("skipped", format!("({why})"))?,
        }
        self.record(outcome);
        Ok(())
    }

    fn record(&mut self, outcome: Outcome) {
        let (vendor, title, request) = self
            .pending
            .take()
            .expect("a step was started before it ends");
        self.report.steps.push(Step {
            vendor,
            title,
            request,
            outcome,
        });
    }

    fn skip(
        &mut self,
        vendor: Vendor,
        title: &'static str,
        request: String,
        why: String,
    ) -> io::Result<()> {
        self.start(vendor, title, request)?;
        self.end(Outcome::Skipped(why))
    }

    /// Ends the step after the call: success when the call succeeded and the
    /// fake (if any) stored what was sent.
    fn finish<T, E: CallError>(
        &mut self,
        result: Result<T, E>,
        came_back: impl FnOnce(&T) -> String,
        fake_check: Option<Result<String, String>>,
    ) -> io::Result<Option<T>> {
        let status = result.as_ref().err().and_then(CallError::status);
        match result {
            Ok(value) => {
                let got = came_back(&value);
                self.line("got", format!("success, {got}"))?;
                match fake_check {
                    None => self.end(Outcome::Succeeded(got))?,
                    Some(Ok(state)) => {
                        self.line("fake", state)?;
                        self.end(Outcome::Succeeded(got))?;
                    }
                    Some(Err(mismatch)) => {
                        self.end(Outcome::Failed(format!(
                            "the call succeeded but the fake stored something else: {mismatch}"
                        )))?;
                    }
                }
                Ok(Some(value))
            }
            Err(e) => {
                match status {
                    Some(status) => self.line("got", format!("HTTP {status} error: {e}"))?,
                    None => self.line("got", format!("error: {e}"))?,
                }
                self.record(Outcome::Failed(e.to_string()));
                Ok(None)
            }
        }
    }
}

/// The two SDK error types, for printing.
trait CallError: fmt::Display {
    fn status(&self) -> Option<u16>;
}

// One error type serves both clients (`sellercloud::Error` is `shopctrl::Error`).
impl CallError for sellercloud::Error {
    fn status(&self) -> Option<u16> {
        sellercloud::Error::status(self)
    }
}

/// Compares what the fake stored with what was sent.
fn expect<T: PartialEq + fmt::Debug>(what: &str, stored: T, sent: T) -> Result<(), String> {
    if stored == sent {
        Ok(())
    } else {
        Err(format!("{what} is {stored:?}, {sent:?} was sent"))
    }
}

fn describe_fake_po(fake: &FakeSellercloud, id: i32) -> Result<String, String> {
    let po = fake
        .purchase_order(id)
        .ok_or_else(|| format!("the fake has no purchase order {id}"))?;
    let items: Vec<String> = po
        .items
        .iter()
        .map(|i| {
            if po.case_qty_mode {
                format!(
                    "item {} {}: {} case(s) of {} at {}",
                    i.id,
                    i.product_id,
                    show(i.qty_cases_ordered),
                    show(i.qty_units_per_case),
                    show(i.case_price),
                )
            } else {
                format!(
                    "item {} {}: {} unit(s) at {}",
                    i.id,
                    i.product_id,
                    show(i.qty_units_ordered),
                    show(i.unit_price),
                )
            }
        })
        .collect();
    Ok(format!(
        "holds purchase order {id} in {} mode, {}",
        if po.case_qty_mode { "case" } else { "unit" },
        items.join(", ")
    ))
}

fn show<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

async fn sellercloud_part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    const VENDOR: Vendor = Vendor::Sellercloud;
    let (client, fake, mut ids) = match target {
        SellercloudTarget::Fake { fake, client } => {
            if fake.order(DEMO_ORDER_ID).is_none() {
                fake.seed_order(Order::new(DEMO_ORDER_ID));
            }
            let ids = SellercloudIds {
                create: Some((DEMO_COMPANY_ID, DEMO_VENDOR_ID, DEMO_PRODUCT_ID.to_owned())),
                unit_mode_item: None,
                case_mode_item: None,
                order_id: Some(DEMO_ORDER_ID),
            };
            (client, Some(*fake), ids)
        }
        SellercloudTarget::Real { client, ids } => (client, None, ids.clone()),
    };

    // Steps 1 and 2: create a purchase order in each quantity mode.
    let creates: [(&'static str, bool); 2] = [
        ("create a purchase order in unit mode", false),
        ("create a purchase order in case mode", true),
    ];
    for (title, case_mode) in creates {
        let request_line = "POST /api/PurchaseOrders".to_owned();
        let Some((company_id, vendor_id, product_id)) = ids.create.clone() else {
            w.skip(
                VENDOR,
                title,
                request_line,
                format!("set {ENV_COMPANY_ID}, {ENV_VENDOR_ID} and {ENV_PRODUCT_ID} to create purchase orders"),
            )?;
            continue;
        };
        let request = if case_mode {
            support::case_mode_purchase_order(company_id, vendor_id, &product_id)
        } else {
            support::unit_mode_purchase_order(company_id, vendor_id, &product_id)
        };
        w.start(VENDOR, title, request_line)?;
        match request.clone().build() {
            Ok(body) => w.sends(&body)?,
            Err(e) => {
                w.end(Outcome::Failed(e.to_string()))?;
                continue;
            }
        }
        let result = client.purchase_orders().create(request).await;
        let check = match (&result, fake) {
            (Ok(id), Some(fake)) => Some(check_created(fake, *id, case_mode, &product_id)),
            _ => None,
        };
        let created = w.finish(result, |id| format!("purchase order {id} created"), check)?;
        // Against a fake the new purchase order's first item is what steps
        // 3 to 5 change; the API does not return item IDs.
        if let (Some(id), Some(fake)) = (created, fake) {
            let item = fake
                .purchase_order(id)
                .and_then(|po| po.items.first().map(|i| i.id))
                .map(|item_id| PurchaseOrderItemRef {
                    purchase_order_id: id,
                    item_id,
                });
            if case_mode {
                ids.case_mode_item = item;
            } else {
                ids.unit_mode_item = item;
            }
        }
    }

    // Step 3: update an item in unit mode.
    let title = "update purchase order items in unit mode";
    match ids.unit_mode_item {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/Items".into(),
            missing_item(fake.is_some(), ENV_UNIT_PO_ID, ENV_UNIT_PO_ITEM_ID),
        )?,
        Some(item) => {
            let po = item.purchase_order_id;
            w.start(VENDOR, title, format!("PUT /api/PurchaseOrders/{po}/Items"))?;
            let qty = 24;
            let price = Decimal::new(425, 2);
            let update = PurchaseOrderItemsUpdate::unit_mode().item(
                ItemUpdate::new(item.item_id)
                    .qty_units_ordered(qty)
                    .unit_price(price),
            );
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_items(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let stored = fake
                    .purchase_order(po)
                    .and_then(|p| p.item(item.item_id).cloned())
                    .ok_or_else(|| format!("item {} is gone", item.item_id))?;
                expect("QtyUnitsOrdered", stored.qty_units_ordered, Some(qty))?;
                expect("UnitPrice", stored.unit_price, Some(price))?;
                describe_fake_po(fake, po)
            });
            w.finish(
                result,
                |()| format!("item {} of purchase order {po} updated", item.item_id),
                check,
            )?;
        }
    }

    // Step 4: update an item in case mode.
    let title = "update purchase order items in case mode";
    match ids.case_mode_item {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/Items".into(),
            missing_item(fake.is_some(), ENV_CASE_PO_ID, ENV_CASE_PO_ITEM_ID),
        )?,
        Some(item) => {
            let po = item.purchase_order_id;
            w.start(VENDOR, title, format!("PUT /api/PurchaseOrders/{po}/Items"))?;
            let (cases, per_case, price) = (3, 24, Decimal::new(9450, 2));
            let update = PurchaseOrderItemsUpdate::case_mode().item(
                ItemUpdate::new(item.item_id)
                    .qty_cases_ordered(cases)
                    .qty_units_per_case(per_case)
                    .case_price(price),
            );
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_items(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let stored = fake
                    .purchase_order(po)
                    .and_then(|p| p.item(item.item_id).cloned())
                    .ok_or_else(|| format!("item {} is gone", item.item_id))?;
                expect("QtyCasesOrdered", stored.qty_cases_ordered, Some(cases))?;
                expect("QtyUnitsPerCase", stored.qty_units_per_case, Some(per_case))?;
                expect("CasePrice", stored.case_price, Some(price))?;
                describe_fake_po(fake, po)
            });
            w.finish(
                result,
                |()| format!("item {} of purchase order {po} updated", item.item_id),
                check,
            )?;
        }
    }

    // Step 5: set tracking on the unit-mode purchase order.
    let title = "set the tracking number of a purchase order";
    match ids.unit_mode_item.map(|i| i.purchase_order_id) {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/TrackingNumber".into(),
            if fake.is_some() {
                "the unit-mode purchase order was not created".to_owned()
            } else {
                format!("set {ENV_UNIT_PO_ID} (and {ENV_UNIT_PO_ITEM_ID}) to name a purchase order")
            },
        )?,
        Some(po) => {
            w.start(
                VENDOR,
                title,
                format!("PUT /api/PurchaseOrders/{po}/TrackingNumber"),
            )?;
            let tracking = "1Z999AA10123456784";
            let update = TrackingUpdate::new()
                .tracking_number(tracking)
                .shipped_via_carrier("UPS")
                .shipped_on(chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0));
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_tracking(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let shipping = fake
                    .purchase_order(po)
                    .map(|p| p.shipping)
                    .ok_or_else(|| format!("purchase order {po} is gone"))?;
                expect(
                    "TrackingNumber",
                    shipping.tracking_number.as_deref(),
                    Some(tracking),
                )?;
                Ok(format!(
                    "holds purchase order {po}: shipping status {:?}, tracking number {}, carrier {}, shipped on {}",
                    shipping.status,
                    show(shipping.tracking_number),
                    show(shipping.shipped_via_carrier),
                    show(shipping.shipped_on),
                ))
            });
            w.finish(
                result,
                |()| format!("tracking of purchase order {po} set"),
                check,
            )?;
        }
    }

    // Step 6: replace an order's shipping and billing addresses.
    let title = "update an order with full shipping and billing addresses";
    match ids.order_id {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/Orders/{id}".into(),
            format!("set {ENV_ORDER_ID} to name an order"),
        )?,
        Some(order_id) => {
            w.start(VENDOR, title, format!("PUT /api/Orders/{order_id}"))?;
            let update = OrderUpdate::new()
                .shipping_address(support::full_order_address("Ada"))
                .billing_address(
                    support::full_order_address("Charles")
                        .address_line1("1 Difference Engine Way")
                        .address_line2("Accounts payable"),
                );
            sends_built(w, update.clone().build())?;
            let result = client.orders().update(order_id, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let order = fake
                    .order(order_id)
                    .ok_or_else(|| format!("order {order_id} is gone"))?;
                let shipping = order.shipping_address.clone().unwrap_or_default();
                let billing = order.billing_address.clone().unwrap_or_default();
                expect(
                    "ShippingAddress.FirstName",
                    shipping.first_name.as_deref(),
                    Some("Ada"),
                )?;
                expect(
                    "BillingAddress.AddressLine1",
                    billing.address_line1.as_deref(),
                    Some("1 Difference Engine Way"),
                )?;
                Ok(format!(
                    "holds order {order_id}: ships to {}; bills to {}",
                    one_line(&shipping),
                    one_line(&billing)
                ))
            });
            w.finish(result, |()| format!("order {order_id} updated"), check)?;
        }
    }
    Ok(())
}

fn check_created(
    fake: &FakeSellercloud,
    id: i32,
    case_mode: bool,
    product_id: &str,
) -> Result<String, String> {
    let po = fake
        .purchase_order(id)
        .ok_or_else(|| format!("the fake has no purchase order {id}"))?;
    expect("CaseQtyMode", po.case_qty_mode, case_mode)?;
    expect(
        "Products[0].ProductID",
        po.items.first().map(|i| i.product_id.as_str()),
        Some(product_id),
    )?;
    describe_fake_po(fake, id)
}

fn missing_item(fake: bool, parent: &str, child: &str) -> String {
    if fake {
        "the purchase order it needs was not created".to_owned()
    } else {
        format!("set {parent} and {child} to name a purchase order item")
    }
}

fn sends_built<W: Write, B: Serialize, E: fmt::Display>(
    w: &mut Walk<'_, W>,
    built: Result<B, E>,
) -> io::Result<()> {
    match built {
        Ok(body) => w.sends(&body),
        // The call reports the same validation error; show it there.
        Err(_) => Ok(()),
    }
}

fn one_line(a: &fakes::sellercloud::Address) -> String {
    let parts = [
        &a.first_name,
        &a.last_name,
        &a.address_line1,
        &a.address_line2,
        &a.city,
        &a.state,
        &a.zip_code,
        &a.country,
    ];
    parts
        .iter()
        .filter_map(|p| p.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn shopctrl_part<W: Write + Send>(
    target: &ShopCtrlTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    const VENDOR: Vendor = Vendor::ShopCtrl;
    let title = "update a purchase order row, replacing its stock items";
    let (client, fake, row) = match target {
        ShopCtrlTarget::Fake { fake, client } => {
            seed_shopctrl_row(fake);
            (
                client,
                Some(*fake),
                Some((DEMO_SHOPCTRL_PURCHASE_ORDER_ID, DEMO_SHOPCTRL_ROW_ID)),
            )
        }
        ShopCtrlTarget::Real { client, ids } => (client, None, ids.row),
    };
    let Some((po, row_id)) = row else {
        return w.skip(
            VENDOR,
            title,
            "PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows".into(),
            format!("set {ENV_SHOPCTRL_PURCHASE_ORDER_ID} and {ENV_SHOPCTRL_ROW_ID} to name a row"),
        );
    };
    w.start(VENDOR, title, format!("PUT /v1/PurchaseOrders/{po}/Rows"))?;
    let delivery = chrono::DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00")
        .expect("a valid RFC 3339 date-time");
    let quantity = Decimal::new(40, 1);
    let update = RowUpdate::new(row_id)
        .item_quantity(quantity)
        .item_price_ex_vat(Decimal::new(1250, 2))
        .row_total_ex_vat(Decimal::new(5000, 2))
        .comment("SDK quickstart")
        .expected_delivery_date(delivery)
        .stock_items(vec![
            StockItem::new(1).lot_number("LOT-A").expiry_date(delivery),
            StockItem::new(3).lot_number("LOT-B"),
        ]);
    // A row that breaks a rule is refused by the call below, which says why.
    if let Some(json) = update
        .clone()
        .build()
        .ok()
        .and_then(|body| serde_json::to_string(&body).ok())
    {
        w.line("sends", format!("PUT /v1/PurchaseOrders/{po}/Rows {json}"))?;
    }
    let before = fake
        .and_then(|f| f.row(po, row_id))
        .map(|r| stock_list(&r.stock_items));
    let result = client.purchase_orders().update_row(po, update).await;
    let check = fake.filter(|_| result.is_ok()).map(|fake| {
        let stored = fake
            .row(po, row_id)
            .ok_or_else(|| format!("row {row_id} is gone"))?;
        expect("ItemQuantity", stored.item_quantity, Some(quantity))?;
        let lots: Vec<(Option<&str>, i32)> = stored
            .stock_items
            .iter()
            .map(|s| (s.lot_number.as_deref(), s.quantity))
            .collect();
        expect(
            "StockItems",
            lots,
            vec![(Some("LOT-A"), 1), (Some("LOT-B"), 3)],
        )?;
        Ok(format!(
            "holds row {row_id} of purchase order {po}: quantity {}, price {} ex VAT, expected {}, stock items {} (replacing {})",
            show(stored.item_quantity),
            show(stored.item_price_ex_vat),
            show(stored.expected_delivery_date),
            stock_list(&stored.stock_items),
            before.as_deref().unwrap_or("none"),
        ))
    });
    w.finish(
        result,
        |()| format!("row {row_id} of purchase order {po} updated"),
        check,
    )?;
    Ok(())
}

fn stock_list(items: &[fakes::shopctrl::StockItem]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|s| format!("{} x{}", show(s.lot_number.as_deref()), s.quantity))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Makes sure the fake has the demo row, holding one old stock item that
/// the update replaces.
fn seed_shopctrl_row(fake: &FakeShopCtrl) {
    if fake
        .row(DEMO_SHOPCTRL_PURCHASE_ORDER_ID, DEMO_SHOPCTRL_ROW_ID)
        .is_some()
    {
        return;
    }
    let mut po = fake
        .purchase_order(DEMO_SHOPCTRL_PURCHASE_ORDER_ID)
        .unwrap_or_else(|| fakes::shopctrl::PurchaseOrder::new(DEMO_SHOPCTRL_PURCHASE_ORDER_ID));
    po.rows.push(fakes::shopctrl::Row {
        product_code: Some("DEMO-1".into()),
        item_quantity: Some(Decimal::from(2)),
        stock_items: vec![fakes::shopctrl::StockItem {
            lot_number: Some("OLD-LOT".into()),
            quantity: 2,
            ..Default::default()
        }],
        ..fakes::shopctrl::Row::new(DEMO_SHOPCTRL_ROW_ID)
    });
    fake.seed_purchase_order(po);
}
