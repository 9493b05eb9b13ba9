//! `ClientBuilder::http_client`: a user's own `reqwest::Client` carries
//! every request (its headers and user agent are what the server sees),
//! while what belongs to the call pipeline still applies: authentication,
//! retries and the error type.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder,
};
use fakes::shopctrl::{self as fake_shopctrl, FakeShopCtrl, ShopCtrlConfig};
use std::time::Duration;

/// A client as a user would build one: the re-exported reqwest, no
/// redirects, a timeout, and a header of their own.
fn users_client(
    reqwest_builder: sellercloud::reqwest::ClientBuilder,
) -> sellercloud::reqwest::Client {
    let mut headers = sellercloud::reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "tenant-7".parse().unwrap());
    reqwest_builder
        .redirect(sellercloud::reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .user_agent("users-own-client/1")
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn sellercloud_sends_through_the_users_client_and_still_authenticates_and_retries() {
    let fake = FakeSellercloud::start(
        SellercloudConfig::default().with_purchase_order(StoredPurchaseOrder::new(10, false)),
    )
    .await
    .unwrap();
    let client = support::sellercloud_builder(&fake)
        .http_client(users_client(sellercloud::reqwest::Client::builder()))
        .build()
        .unwrap();
    fake.inject(SellercloudRoute::GetPurchaseOrder, Fault::status(503), 1);

    let po = client
        .purchase_orders()
        .get(sellercloud::PurchaseOrderId::new(10))
        .await
        .unwrap();
    assert_eq!(po.purchase.as_ref().and_then(|p| p.po_id), Some(10));

    let sent = fake.requests_to(SellercloudRoute::GetPurchaseOrder);
    assert_eq!(
        sent.len(),
        2,
        "the 503 was retried through the user's client"
    );
    for request in sent
        .iter()
        .chain(fake.requests_to(SellercloudRoute::Token).iter())
    {
        assert_eq!(request.header("x-tenant"), Some("tenant-7"));
        assert_eq!(request.header("user-agent"), Some("users-own-client/1"));
    }
    assert_eq!(sent[1].header("authorization"), Some("Bearer [redacted]"));
    assert_eq!(fake.tokens_issued(), 1);
}

#[tokio::test]
async fn shopctrl_sends_through_the_users_client_and_keeps_basic_auth() {
    let fake = FakeShopCtrl::start(ShopCtrlConfig::default().with_purchase_order(
        fake_shopctrl::StoredPurchaseOrderRows::new(7).with_row(fake_shopctrl::StoredRow::new(70)),
    ))
    .await
    .unwrap();
    let client = support::shopctrl_builder(&fake)
        .http_client(users_client(shopctrl::reqwest::Client::builder()))
        .build()
        .unwrap();

    client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70))
                .comment("via my client"),
        )
        .await
        .unwrap();

    let sent = fake.requests_to(fake_shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-tenant"), Some("tenant-7"));
    assert_eq!(sent[0].header("user-agent"), Some("users-own-client/1"));
    assert_eq!(sent[0].header("authorization"), Some("Basic [redacted]"));
    assert_eq!(
        fake.row(7, 70).unwrap().comment.as_deref(),
        Some("via my client")
    );
}

#[tokio::test]
async fn without_a_users_client_the_crates_own_user_agent_is_sent() {
    let (fake, client) = support::start_shopctrl(ShopCtrlConfig::default().with_purchase_order(
        fake_shopctrl::StoredPurchaseOrderRows::new(7).with_row(fake_shopctrl::StoredRow::new(70)),
    ))
    .await
    .unwrap();
    client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70)),
        )
        .await
        .unwrap();
    let sent = fake.requests_to(fake_shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow);
    assert!(
        sent[0]
            .header("user-agent")
            .is_some_and(|agent| agent.starts_with("shopctrl-rust/")),
        "{:?}",
        sent[0].header("user-agent")
    );
    assert_eq!(sent[0].header("x-tenant"), None);
}
