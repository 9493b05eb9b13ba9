//! Sellercloud bearer tokens end to end: expiry mid-run, renewal, and one
//! token request for many concurrent calls. The fake's count of issued
//! tokens and the token each request carried are the evidence.

use e2e_tests::support;
use fakes::sellercloud::{SellercloudConfig, SellercloudRoute, StoredOrder, TokenDateFormat};
use fakes::{Fault, PresentedAuth};
use quickstart::samples;
use sellercloud::UpdateOrder;
use std::time::Duration;

const ORDER_ID: i32 = 5001;

fn config() -> SellercloudConfig {
    SellercloudConfig::default().with_order(StoredOrder::new(ORDER_ID))
}

fn serials(requests: &[fakes::sellercloud::SellercloudRequest]) -> Vec<Option<u64>> {
    requests
        .iter()
        .map(|r| match r.auth {
            PresentedAuth::Bearer { token_serial } => token_serial,
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_token_expiring_mid_run_is_renewed_once_and_the_call_succeeds() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap();
    assert_eq!(fake.tokens_issued(), 1);

    fake.expire_tokens();
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(2),
        )
        .await
        .unwrap();

    assert_eq!(fake.tokens_issued(), 2);
    assert_eq!(fake.requests_to(SellercloudRoute::Token).len(), 2);
    let updates = fake.requests_to(SellercloudRoute::UpdateOrder);
    // Token 1 works, is refused after expiring, and token 2 carries the retry.
    assert_eq!(serials(&updates), [Some(1), Some(1), Some(2)]);
    let order = fake.order(ORDER_ID).unwrap();
    assert_eq!(order.customer_id, Some(2));
    assert_eq!(order.update_count, 2, "the refused request had no effect");

    // The new token stays in use.
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(3),
        )
        .await
        .unwrap();
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test]
async fn create_is_sent_again_after_a_401_because_nothing_was_applied() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap();
    fake.expire_tokens();
    let id = client
        .purchase_orders()
        .create(samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ))
        .await
        .unwrap();
    let creates = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
    assert_eq!(serials(&creates), [Some(1), Some(2)]);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert!(fake.purchase_order(id.get()).is_some());
}

#[tokio::test]
async fn a_token_refused_twice_is_an_authentication_error_not_a_loop() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    // Every request after the token's is answered 401, as a server that
    // refuses this user's tokens would.
    fake.inject(
        SellercloudRoute::UpdateOrder,
        Fault::Status {
            status: 401,
            body: fakes::FaultBody::Json(
                serde_json::json!({"Message": "Authorization has been denied for this request."}),
            ),
        },
        10,
    );
    let e = client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            sellercloud::Error::Authentication {
                status: Some(401),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        fake.requests_to(SellercloudRoute::UpdateOrder).len(),
        2,
        "one renewal only"
    );
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_calls_share_one_token_request() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let calls = (1..=8).map(|customer| {
        let client = client.clone();
        async move {
            client
                .orders()
                .update(
                    sellercloud::OrderId::new(ORDER_ID),
                    UpdateOrder::new().customer_id(customer),
                )
                .await
        }
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(fake.tokens_issued(), 1);
    assert_eq!(fake.requests_to(SellercloudRoute::Token).len(), 1);
    let updates = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(serials(&updates), [Some(1); 8]);
    assert_eq!(fake.order(ORDER_ID).unwrap().update_count, 8);
}

#[tokio::test]
async fn a_renewal_margin_past_the_lifetime_renews_before_every_call() {
    let (fake, _) =
        support::start_sellercloud(config().with_token_lifetime(Duration::from_secs(600)))
            .await
            .unwrap();
    let client = support::sellercloud_builder(&fake)
        .token_renewal_margin(Duration::from_secs(3600))
        .build()
        .unwrap();
    for customer in 1..=3 {
        client
            .orders()
            .update(
                sellercloud::OrderId::new(ORDER_ID),
                UpdateOrder::new().customer_id(customer),
            )
            .await
            .unwrap();
    }
    assert_eq!(fake.tokens_issued(), 3);
    let updates = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(
        serials(&updates),
        [Some(1), Some(2), Some(3)],
        "no 401 needed"
    );
}

#[tokio::test]
async fn every_token_date_format_is_read() {
    for format in [
        TokenDateFormat::Rfc3339,
        TokenDateFormat::WithoutOffset,
        TokenDateFormat::Rfc1123,
    ] {
        let mut config = config();
        config.token_date_format = format;
        let (fake, client) = support::start_sellercloud(config).await.unwrap();
        for customer in 1..=2 {
            client
                .orders()
                .update(
                    sellercloud::OrderId::new(ORDER_ID),
                    UpdateOrder::new().customer_id(customer),
                )
                .await
                .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        }
        assert_eq!(fake.tokens_issued(), 1, "{format:?}: the token is cached");
    }
}

#[tokio::test]
async fn a_failing_token_endpoint_is_retried_without_touching_the_operation() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    fake.inject(SellercloudRoute::Token, Fault::status(503), 1);
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap();
    assert_eq!(fake.requests_to(SellercloudRoute::Token).len(), 2);
    assert_eq!(fake.tokens_issued(), 1);
    assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
}
