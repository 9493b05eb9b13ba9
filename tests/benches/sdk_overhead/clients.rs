//! The two clients: the ergonomic `sellercloud::Client`, built as a user
//! would, and the hand-written reqwest baseline that sends the same bytes;
//! and the requests both send.

use crate::{API_VERSION, CARRIER, PASSWORD, PO_ID, PRODUCTS, TRACKING, USERNAME};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use rust_decimal::Decimal;
use sellercloud::{
    CreatePurchaseOrder, NewPurchaseOrderProduct, PoType, UpdatePurchaseOrderTracking,
};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// The hand-written baseline: one `reqwest::Client` configured as the SDK
/// configures its own, a token fetched once, and the documented request.
#[derive(Clone)]
pub(crate) struct Raw {
    http: reqwest::Client,
    base: Arc<str>,
    authorization: HeaderValue,
}

#[derive(Serialize)]
struct RawTracking<'a> {
    #[serde(rename = "ShippedViaCarrier")]
    carrier: &'a str,
    #[serde(rename = "TrackingNumber")]
    number: &'a str,
}

#[derive(Serialize)]
pub(crate) struct RawCreate<'a> {
    #[serde(rename = "CaseQtyMode")]
    case_qty_mode: bool,
    #[serde(rename = "CompanyID")]
    company_id: i32,
    #[serde(rename = "POType")]
    po_type: &'a str,
    #[serde(rename = "Products")]
    products: Vec<RawProduct>,
    #[serde(rename = "VendorID")]
    vendor_id: i32,
}

#[derive(Serialize)]
struct RawProduct {
    #[serde(rename = "ProductID")]
    product_id: String,
    #[serde(rename = "QtyUnitsOrdered")]
    qty_units_ordered: i32,
    #[serde(rename = "UnitPrice", with = "api_runtime::wire::decimal")]
    unit_price: Decimal,
}

#[derive(serde::Deserialize)]
struct RawCreated {
    #[serde(rename = "Id")]
    id: i32,
}

impl Raw {
    pub(crate) async fn connect(base: &str) -> Raw {
        // The SDK's own settings (crates/sellercloud/src/client.rs), so that
        // the comparison is of the code around the request, not of the
        // connection settings.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(format!("sellercloud-rust/{}", env!("CARGO_PKG_VERSION")))
            .tcp_keepalive(Duration::from_secs(60))
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        #[derive(Serialize)]
        struct Credentials<'a> {
            #[serde(rename = "Username")]
            username: &'a str,
            #[serde(rename = "Password")]
            password: &'a str,
        }
        #[derive(serde::Deserialize)]
        struct TokenAnswer {
            access_token: String,
        }
        let token: TokenAnswer = http
            .post(format!("{base}/api/token"))
            .header("api-version", API_VERSION)
            .json(&Credentials {
                username: USERNAME,
                password: PASSWORD,
            })
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("token request")
            .json()
            .await
            .expect("token answer");
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {}", token.access_token)).expect("header");
        authorization.set_sensitive(true);
        Raw {
            http,
            base: base.into(),
            authorization,
        }
    }

    pub(crate) async fn update_tracking(&self) {
        let response = self
            .http
            .put(format!(
                "{}/api/PurchaseOrders/{PO_ID}/TrackingNumber",
                self.base
            ))
            .json(&RawTracking {
                carrier: CARRIER,
                number: TRACKING,
            })
            .header("api-version", API_VERSION)
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .expect("raw call");
        assert!(
            response.status().is_success(),
            "raw call: {}",
            response.status()
        );
    }

    pub(crate) async fn create(&self, body: &RawCreate<'_>) -> i32 {
        let created: RawCreated = self
            .http
            .post(format!("{}/api/PurchaseOrders", self.base))
            .header(ACCEPT, "application/json")
            .json(body)
            .header("api-version", API_VERSION)
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("raw create")
            .json()
            .await
            .expect("raw create answer");
        created.id
    }
}

pub(crate) fn sdk_client(base: &str) -> sellercloud::Client {
    sellercloud::Client::builder()
        .base_url(base)
        .username(USERNAME)
        .password(PASSWORD)
        .build()
        .expect("sdk client")
}

pub(crate) async fn sdk_update_tracking(client: &sellercloud::Client) {
    client
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(PO_ID),
            UpdatePurchaseOrderTracking::new()
                .shipped_via_carrier(CARRIER)
                .tracking_number(TRACKING),
        )
        .await
        .expect("sdk call");
}

/// Either client, for the loops that run both.
#[derive(Clone)]
pub(crate) enum Side {
    Raw(Raw),
    Sdk(sellercloud::Client),
}

impl Side {
    pub(crate) async fn call(&self) {
        match self {
            Side::Raw(raw) => raw.update_tracking().await,
            Side::Sdk(client) => sdk_update_tracking(client).await,
        }
    }
}

fn product_line(i: usize) -> (String, i32, Decimal) {
    (
        format!("SKU-{i:05}"),
        i32::try_from(i % 48 + 1).unwrap(),
        Decimal::new(199 + i64::try_from(i).unwrap() * 7, 2),
    )
}

pub(crate) fn create_request() -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(sellercloud::CompanyId::new(1))
        .vendor_id(sellercloud::VendorId::new(20))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .products((0..PRODUCTS).map(|i| {
            let (sku, qty, price) = product_line(i);
            NewPurchaseOrderProduct::new(sku)
                .qty_units_ordered(qty)
                .unit_price(price)
        }))
}

pub(crate) fn raw_create_body() -> RawCreate<'static> {
    RawCreate {
        case_qty_mode: false,
        company_id: 1,
        po_type: "PurchaseOrder",
        products: (0..PRODUCTS)
            .map(|i| {
                let (product_id, qty_units_ordered, unit_price) = product_line(i);
                RawProduct {
                    product_id,
                    qty_units_ordered,
                    unit_price,
                }
            })
            .collect(),
        vendor_id: 20,
    }
}
