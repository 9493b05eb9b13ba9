//! How a fake Sellercloud is set up: credentials, answer shapes, the vendor's
//! client settings and the data it starts with.

use super::lookup_model::StoredLookups;
use super::model::{StoredOrder, StoredPurchaseOrder, StoredPurchaseOrderItem};
use crate::RateLimit;
use api_runtime::secret::Secret;
use chrono::{FixedOffset, Offset, TimeDelta, Utc};
use std::time::Duration;

/// How the token answer writes `.issued` and `.expires`.
///
/// The vendor's servers have been seen sending .NET date-times without a UTC
/// offset; OAuth-style servers send RFC 1123. Clients should read all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenDateFormat {
    /// `2024-05-01T10:00:00.1234567Z`.
    #[default]
    Rfc3339,
    /// `2024-05-01T10:00:00` (UTC, no offset).
    WithoutOffset,
    /// `Wed, 01 May 2024 10:00:00 GMT`.
    Rfc1123,
}

/// How the create-purchase-order answer carries the new ID. The vendor's
/// Swagger gives `{"Id": n}`; its article only says "the ID is returned", so
/// clients accept a bare number too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CreatedIdShape {
    /// `{"Id": 1000}`.
    #[default]
    Object,
    /// `1000`.
    BareNumber,
}

/// How the read routes write enums. The vendor's article samples show both:
/// a newer one numbers (`"POType": 0`), an older one names
/// (`"POType": "PurchaseOrder"`, `"ReceivingStatus": "None"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnumFormat {
    /// `"ReceivingStatus": 0`, as the Swagger's int32 enums and the newer sample.
    #[default]
    Numbers,
    /// `"ReceivingStatus": "None"`, as the older sample.
    Names,
}

/// How `POST /api/PurchaseOrders/{id}/items` answers success.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddItemsAnswer {
    /// The article's "200 with the text": `Successfully saved the purchase
    /// items.` as `text/plain`.
    #[default]
    PlainText,
    /// The Swagger's `type: string` answer: the same text as a JSON string,
    /// `"Successfully saved the purchase items."`, as `application/json`.
    JsonString,
}

/// The Sellercloud client settings that change what the documented endpoints
/// accept. The defaults accept the most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientSettings {
    /// "Force user to enter Expected Delivery Date": when on, creating a
    /// purchase order requires `ExpectedDeliveryDate`.
    pub force_expected_delivery_date: bool,
    /// "Enable BillTo address for Purchase Orders" is *off*: creating a purchase
    /// order with a `BillingAddress` is rejected. (Stored inverted so that the
    /// default accepts billing addresses.)
    pub disable_bill_to_address: bool,
    /// "Enable Multi Discount for Purchase Order": when on, line discounts are
    /// rejected.
    pub enable_multi_discount: bool,
    /// "Enable Multiple Tracking Numbers On PO": when on, the single-tracking
    /// endpoint rejects every request.
    pub enable_multiple_tracking_numbers: bool,
}

/// Configuration of a [`FakeSellercloud`](super::FakeSellercloud).
///
/// `Debug` does not show the password.
///
/// ```
/// use sellercloud_shopctrl_fakes::sellercloud::{StoredOrder, StoredPurchaseOrder, SellercloudConfig};
/// use std::time::Duration;
///
/// let config = SellercloudConfig::new("api-user", "s3cret")
///     .with_token_lifetime(Duration::from_secs(2))
///     .with_order(StoredOrder::new(5001))
///     .with_purchase_order(StoredPurchaseOrder::new(10, false));
/// assert!(!format!("{config:?}").contains("s3cret"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SellercloudConfig {
    /// The user name the token endpoint accepts.
    pub username: String,
    /// The password the token endpoint accepts.
    pub password: Secret,
    /// How long an issued token stays valid, also sent as `expires_in`
    /// (default 3600 s, the vendor's documented 60 minutes).
    pub token_lifetime: Duration,
    /// How `.issued` and `.expires` are written.
    pub token_date_format: TokenDateFormat,
    /// How the create-purchase-order answer carries the ID.
    pub created_id_shape: CreatedIdShape,
    /// Client settings that change the rules.
    pub settings: ClientSettings,
    /// The ID of the first purchase order the API creates (default 1000).
    /// Purchase order and item IDs come from separate ranges so that a client
    /// mixing them up is caught.
    pub first_purchase_order_id: i32,
    /// The ID of the first purchase order item the API creates (default 50000).
    pub first_item_id: i32,
    /// How the read routes write enums (default numbers).
    pub enum_format: EnumFormat,
    /// How adding items answers (default the article's plain text).
    pub add_items_answer: AddItemsAnswer,
    /// How far the fake server's clock runs ahead of this machine's (negative:
    /// behind), for the times it writes: creation dates, the token's
    /// `.issued` and `.expires`, rate-limit reset times. Default zero.
    pub clock_skew: TimeDelta,
    /// The zone of the times the server writes without an offset (`CreatedOn`
    /// and the other read-side dates), and in which it reads date filters sent
    /// without one. The vendor does not document it; default UTC.
    pub server_utc_offset: FixedOffset,
    /// Whether a rate-limit refusal's `RateLimitResetTime` is written with
    /// its `Z` (default, as `facts.md` quotes it) or without any offset, as
    /// the server's UTC on its (skewed) clock.
    pub reset_time_with_offset: bool,
    /// How long after its creation a purchase order stays off the list
    /// (`GET /api/PurchaseOrders`), as an eventually consistent search index
    /// would keep it; reading it by ID works at once. On Tokio's clock, so
    /// paused-time tests can step over it. Default zero.
    pub list_visibility_delay: Duration,
    /// A rate limit the fake enforces (default none); see [`RateLimit`].
    pub rate_limit: Option<RateLimit>,
    /// The most purchase orders one list page holds, whatever `pageSize`
    /// asks (default 50, the documented cap). A smaller cap plays a server
    /// whose pages are smaller than the client asked for; pages are then
    /// counted in the capped size.
    pub max_page_size: usize,
    /// Orders that exist from the start (the API cannot create orders).
    pub orders: Vec<StoredOrder>,
    /// Purchase orders that exist from the start.
    pub purchase_orders: Vec<StoredPurchaseOrder>,
    /// Vendors, companies, warehouses, payment terms and products the
    /// look-up routes serve (default none).
    pub lookups: StoredLookups,
}

impl Default for SellercloudConfig {
    /// User `fake-user`, password `fake-password`, no seeded data.
    fn default() -> Self {
        SellercloudConfig::new("fake-user", "fake-password")
    }
}

impl SellercloudConfig {
    /// A configuration with these credentials and otherwise the defaults.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        SellercloudConfig {
            username: username.into(),
            password: Secret::new(password),
            token_lifetime: Duration::from_secs(3600),
            token_date_format: TokenDateFormat::default(),
            created_id_shape: CreatedIdShape::default(),
            settings: ClientSettings::default(),
            enum_format: EnumFormat::default(),
            add_items_answer: AddItemsAnswer::default(),
            clock_skew: TimeDelta::zero(),
            server_utc_offset: Utc.fix(),
            reset_time_with_offset: true,
            list_visibility_delay: Duration::ZERO,
            rate_limit: None,
            max_page_size: super::query::MAX_PAGE_SIZE,
            first_purchase_order_id: 1000,
            first_item_id: 50_000,
            orders: Vec::new(),
            purchase_orders: Vec::new(),
            lookups: StoredLookups::default(),
        }
    }

    /// Sample data for manual use and demos: order 5001 and purchase order 900
    /// (unit mode, item 90001 for product `DEMO-SKU-1`).
    pub fn demo() -> Self {
        SellercloudConfig::default()
            .with_order(StoredOrder::new(5001))
            .with_purchase_order(StoredPurchaseOrder::new(900, false).with_item(
                StoredPurchaseOrderItem {
                    qty_units_ordered: Some(1),
                    unit_price: Some(rust_decimal::Decimal::new(999, 2)),
                    ..StoredPurchaseOrderItem::new(90001, "DEMO-SKU-1")
                },
            ))
    }

    /// Sets [`SellercloudConfig::token_lifetime`].
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Seeds an order.
    pub fn with_order(mut self, order: StoredOrder) -> Self {
        self.orders.push(order);
        self
    }

    /// Sets [`SellercloudConfig::list_visibility_delay`].
    pub fn with_list_visibility_delay(mut self, delay: Duration) -> Self {
        self.list_visibility_delay = delay;
        self
    }

    /// Sets [`SellercloudConfig::lookups`].
    pub fn with_lookups(mut self, lookups: StoredLookups) -> Self {
        self.lookups = lookups;
        self
    }

    /// Sets [`SellercloudConfig::max_page_size`] (at least 1).
    pub fn with_max_page_size(mut self, size: usize) -> Self {
        self.max_page_size = size.max(1);
        self
    }

    /// Enforces a rate limit (see [`RateLimit`]).
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Seeds a purchase order.
    pub fn with_purchase_order(mut self, po: StoredPurchaseOrder) -> Self {
        self.purchase_orders.push(po);
        self
    }

    /// Sets the client settings.
    pub fn with_settings(mut self, settings: ClientSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Sets [`SellercloudConfig::token_date_format`].
    pub fn with_token_date_format(mut self, format: TokenDateFormat) -> Self {
        self.token_date_format = format;
        self
    }

    /// Sets [`SellercloudConfig::created_id_shape`].
    pub fn with_created_id_shape(mut self, shape: CreatedIdShape) -> Self {
        self.created_id_shape = shape;
        self
    }

    /// Sets [`SellercloudConfig::enum_format`].
    pub fn with_enum_format(mut self, format: EnumFormat) -> Self {
        self.enum_format = format;
        self
    }

    /// Sets [`SellercloudConfig::add_items_answer`].
    pub fn with_add_items_answer(mut self, answer: AddItemsAnswer) -> Self {
        self.add_items_answer = answer;
        self
    }

    /// Sets [`SellercloudConfig::clock_skew`] and
    /// [`SellercloudConfig::server_utc_offset`].
    pub fn with_server_clock(mut self, skew: TimeDelta, utc_offset: FixedOffset) -> Self {
        self.clock_skew = skew;
        self.server_utc_offset = utc_offset;
        self
    }

    /// Writes rate-limit reset times without an offset (see
    /// [`SellercloudConfig::reset_time_with_offset`]).
    pub fn with_offsetless_reset_times(mut self) -> Self {
        self.reset_time_with_offset = false;
        self
    }

    /// Sets the first purchase order ID and the first item ID the API hands out.
    pub fn with_first_ids(mut self, purchase_order: i32, item: i32) -> Self {
        self.first_purchase_order_id = purchase_order;
        self.first_item_id = item;
        self
    }
}
