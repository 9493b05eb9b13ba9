//! An operation the ergonomic layer does not wrap (the vendors list, from a
//! non-default area of `sellercloud-api`), called through `Client::call`:
//! it gets the bearer token, a new one once on a 401, and retries.

mod common;

use common::*;
use sellercloud::Operation;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const LIST_VENDORS: Operation = Operation::idempotent("vendors_get_all");

#[tokio::test]
async fn an_unwrapped_operation_gets_the_token_renewal_and_retries() {
    let server = server().await;
    // The first token is refused once, a new one is fetched.
    Mock::given(method("GET"))
        .and(path("/rest/api/Vendors"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    // Then one unavailable answer, retried.
    Mock::given(method("GET"))
        .and(path("/rest/api/Vendors"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/api/Vendors"))
        .and(header("authorization", "Bearer tok-2"))
        .and(query_param("model.pageSize", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Items": [{"ID": 12, "Name": "Acme Supply"}],
            "TotalResults": 1,
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder(&server).build().unwrap();
    let reply = client
        .call(LIST_VENDORS, |api| {
            api.vendors_get_all(None, None, None, None, Some(50), None)
        })
        .await
        .unwrap();
    let vendors = reply.decode("vendors_get_all").unwrap();
    assert_eq!(vendors.total_results, Some(1));
    let first = &vendors.items.unwrap()[0];
    assert_eq!(
        (first.id, first.name.as_deref()),
        (Some(12), Some("Acme Supply"))
    );
}
