//! Where each vendor's part of the quickstart goes: a fake started in the
//! same process (seeded with the demo records below), or a real service.

use crate::{SellercloudIds, ShopCtrlIds};
use fakes::sellercloud::FakeSellercloud;
use fakes::shopctrl::FakeShopCtrl;

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

/// Where the Sellercloud part goes.
#[derive(Debug)]
pub enum SellercloudTarget<'a> {
    /// A fake: the quickstart seeds what it needs ([`DEMO_ORDER_ID`]),
    /// reads item IDs from the fake's state, and checks what the fake stored.
    Fake {
        /// The running fake.
        fake: &'a FakeSellercloud,
        /// A client pointed at it ([`SellercloudTarget::fake`] builds one).
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
    /// A fake: the quickstart seeds the row it updates
    /// ([`DEMO_SHOPCTRL_PURCHASE_ORDER_ID`], [`DEMO_SHOPCTRL_ROW_ID`]) when
    /// missing and checks what the fake stored.
    Fake {
        /// The running fake.
        fake: &'a FakeShopCtrl,
        /// A client pointed at it ([`ShopCtrlTarget::fake`] builds one).
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

impl<'a> SellercloudTarget<'a> {
    /// `fake`, with a client built as a user would point one at it: its
    /// base URL and credentials, every other setting the default.
    ///
    /// # Errors
    ///
    /// When the client cannot be built (for a running fake, a bug).
    pub fn fake(fake: &'a FakeSellercloud) -> sellercloud::Result<Self> {
        let client = sellercloud::Client::builder()
            .base_url(fake.base_url())
            .username(fake.username())
            .password(fake.password().clone())
            .build()?;
        Ok(SellercloudTarget::Fake { fake, client })
    }
}

impl<'a> SellercloudTarget<'a> {
    /// The client, and the fake when it is one.
    pub(crate) fn parts(&self) -> (&sellercloud::Client, Option<&'a FakeSellercloud>) {
        match self {
            SellercloudTarget::Fake { fake, client } => (client, Some(*fake)),
            SellercloudTarget::Real { client, .. } => (client, None),
        }
    }
}

impl<'a> ShopCtrlTarget<'a> {
    /// `fake`, with a client built as a user would point one at it.
    ///
    /// # Errors
    ///
    /// When the client cannot be built (for a running fake, a bug).
    pub fn fake(fake: &'a FakeShopCtrl) -> shopctrl::Result<Self> {
        let client = shopctrl::Client::builder()
            .base_url(fake.base_url())
            .username(fake.username())
            .password(fake.password().clone())
            .build()?;
        Ok(ShopCtrlTarget::Fake { fake, client })
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

impl SellercloudTarget<'_> {
    /// What it talks to, for the first lines: never a user name or password.
    pub(crate) fn describe(&self) -> String {
        match self {
            SellercloudTarget::Fake { client, .. } => {
                format!("in-process fake at {}", printable(client.base_url()))
            }
            SellercloudTarget::Real { client, .. } => {
                format!("real service at {}", printable(client.base_url()))
            }
        }
    }
}

impl ShopCtrlTarget<'_> {
    /// What it talks to, for the first lines.
    pub(crate) fn describe(&self) -> String {
        match self {
            ShopCtrlTarget::Fake { client, .. } => {
                format!("in-process fake at {}", printable(client.base_url()))
            }
            ShopCtrlTarget::Real { client, .. } => {
                format!("real service at {}", printable(client.base_url()))
            }
        }
    }
}
