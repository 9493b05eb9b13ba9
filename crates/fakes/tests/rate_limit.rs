//! The fakes' rate limit (issue 17): N calls per window per client address,
//! across all routes, refused with the vendor's answer; counts, refusals and
//! arrival times readable. Waits run on paused Tokio time, so the clients
//! here have no timeout of their own (a timer would let paused time jump).

use sellercloud_shopctrl_fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder,
};
use sellercloud_shopctrl_fakes::shopctrl::{self, FakeShopCtrl, ShopCtrlConfig};
use sellercloud_shopctrl_fakes::{Fault, RateLimit};
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

fn client_from(ip: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only(Vec::new())
        .local_address(IpAddr::V4(ip))
        .build()
        .unwrap()
}

fn client() -> reqwest::Client {
    client_from(Ipv4Addr::LOCALHOST)
}

fn po_body() -> Value {
    json!({
        "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
        "Products": [{"ProductID": "SKU-1", "QtyUnitsOrdered": 1, "UnitPrice": 1}]
    })
}

async fn token(client: &reqwest::Client, fake: &FakeSellercloud) -> reqwest::Response {
    client
        .post(format!("{}/api/token", fake.base_url()))
        .json(&json!({"Username": "fake-user", "Password": "fake-password"}))
        .send()
        .await
        .unwrap()
}

async fn create(
    client: &reqwest::Client,
    fake: &FakeSellercloud,
    token: &str,
) -> reqwest::Response {
    client
        .post(format!("{}/api/PurchaseOrders", fake.base_url()))
        .bearer_auth(token)
        .json(&po_body())
        .send()
        .await
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn sellercloud_refuses_over_the_limit_with_the_vendors_body_until_the_window_ends() {
    let config =
        SellercloudConfig::default().with_rate_limit(RateLimit::new(3, Duration::from_secs(2)));
    let fake = FakeSellercloud::start(config).await.unwrap();
    let http = client();
    let issued: Value = token(&http, &fake).await.json().await.unwrap();
    let bearer = issued["access_token"].as_str().unwrap().to_owned();
    // The token call counted: two more are allowed in this window.
    assert_eq!(create(&http, &fake, &bearer).await.status(), 200);
    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(500), 1);
    assert_eq!(create(&http, &fake, &bearer).await.status(), 500);

    let refused = create(&http, &fake, &bearer).await;
    assert_eq!(refused.status(), 429);
    assert!(
        refused.headers().get("retry-after").is_none(),
        "none is documented"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["Error"], "Too many requests.");
    let reset_text = body["RateLimitResetTime"].as_str().unwrap().to_owned();
    assert_eq!(
        token(&http, &fake).await.status(),
        429,
        "the token route too"
    );

    let windows = fake.rate_limit_windows();
    assert_eq!(windows.len(), 1);
    let window = &windows[0];
    assert_eq!((window.accepted, window.refused), (3, 2));
    assert_eq!(window.client, IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert_eq!(window.ends - window.started, Duration::from_secs(2));
    let reset = chrono::DateTime::parse_from_rfc3339(&reset_text).unwrap();
    assert_eq!(reset, window.resets_at, "the answer names the window's end");
    assert_eq!(
        reset_text.split('.').nth(1).map(str::len),
        Some(8),
        "{reset_text}"
    );
    assert_eq!(fake.rate_limit_refusals(), 2);
    assert_eq!(
        fake.purchase_orders().len(),
        1,
        "refused creates had no effect"
    );
    assert_eq!(fake.tokens_issued(), 1);

    let recorded = fake.requests();
    assert_eq!(recorded.len(), 5);
    let limited: Vec<bool> = recorded.iter().map(|r| r.rate_limited).collect();
    assert_eq!(limited, [false, false, false, true, true]);
    assert!(
        recorded
            .iter()
            .all(|r| r.fault.is_none() || !r.rate_limited)
    );

    tokio::time::sleep_until(window.ends).await;
    assert_eq!(
        create(&http, &fake, &bearer).await.status(),
        200,
        "a new window"
    );
    let windows = fake.rate_limit_windows();
    assert_eq!(windows.len(), 2);
    assert_eq!((windows[1].accepted, windows[1].refused), (1, 0));
    assert_eq!(
        windows[1].resets_at - windows[0].resets_at,
        chrono::TimeDelta::seconds(2),
        "reset times follow the paused clock"
    );
}

#[tokio::test(start_paused = true)]
async fn the_refusal_status_is_configurable_and_clients_are_counted_apart() {
    let config = SellercloudConfig::default()
        .with_purchase_order(StoredPurchaseOrder::new(1, false))
        .with_rate_limit(RateLimit::new(1, Duration::from_secs(60)).with_status(409));
    let fake = FakeSellercloud::start(config).await.unwrap();
    let first = client_from(Ipv4Addr::new(127, 0, 0, 1));
    let second = client_from(Ipv4Addr::new(127, 0, 0, 2));
    assert_eq!(token(&first, &fake).await.status(), 200);
    assert_eq!(token(&first, &fake).await.status(), 409);
    assert_eq!(
        token(&second, &fake).await.status(),
        200,
        "another address, another count"
    );
    let windows = fake.rate_limit_windows();
    let clients: Vec<IpAddr> = windows.iter().map(|w| w.client).collect();
    assert_eq!(
        clients,
        [
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)),
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))
        ]
    );
    let peers: Vec<IpAddr> = fake.requests().iter().map(|r| r.peer.ip()).collect();
    assert_eq!(peers[2], IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));

    // Unknown paths count as well: the limiter stands before routing.
    let other = client_from(Ipv4Addr::new(127, 0, 0, 3));
    let url = format!("{}/api/Nope", fake.base_url());
    assert_eq!(other.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(other.get(&url).send().await.unwrap().status(), 409);

    fake.set_rate_limit(None);
    for _ in 0..5 {
        assert_eq!(token(&first, &fake).await.status(), 200, "off again");
    }
    assert_eq!(fake.rate_limit_refusals(), 2);
}

#[tokio::test(start_paused = true)]
async fn no_limit_by_default_and_arrival_times_follow_the_clock() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let http = client();
    for _ in 0..30 {
        assert_eq!(token(&http, &fake).await.status(), 200);
    }
    assert!(fake.rate_limit_windows().is_empty());
    fake.clear_requests();
    for pause in [0u64, 250, 1000] {
        tokio::time::sleep(Duration::from_millis(pause)).await;
        token(&http, &fake).await;
    }
    let arrivals: Vec<_> = fake.requests().iter().map(|r| r.arrived_at).collect();
    assert_eq!(arrivals[1] - arrivals[0], Duration::from_millis(250));
    assert_eq!(arrivals[2] - arrivals[1], Duration::from_millis(1000));
}

#[tokio::test(start_paused = true)]
async fn shopctrl_refuses_with_429_and_retry_after() {
    let config = ShopCtrlConfig::demo().with_rate_limit(RateLimit::new(2, Duration::from_secs(10)));
    let fake = FakeShopCtrl::start(config).await.unwrap();
    let http = client();
    let send = || {
        http.put(format!("{}/v1/PurchaseOrders/1/Rows", fake.base_url()))
            .basic_auth("fake-user", Some("fake-password"))
            .json(&json!({"Id": 11, "Comment": "x"}))
            .send()
    };
    assert_eq!(send().await.unwrap().status(), 200);
    assert_eq!(send().await.unwrap().status(), 200);
    let refused = send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "10");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let refused = send().await.unwrap();
    assert_eq!(
        refused.headers()["retry-after"],
        "7",
        "6.5 s left, rounded up"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["Message"], "Too many requests.");
    assert_eq!(fake.row(1, 11).unwrap().update_count, 2);
    assert_eq!(
        fake.requests_to(shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow)
            .len(),
        4
    );
    tokio::time::sleep(Duration::from_millis(6500)).await;
    assert_eq!(send().await.unwrap().status(), 200);
}
