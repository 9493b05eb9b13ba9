//! The password and the Basic header never show in `Debug` or `Display`
//! output of the client, its builder or its errors.

mod common;

use common::*;
use shopctrl::{Client, Error, RowId, UpdatePurchaseOrderRow};
use wiremock::{MockServer, ResponseTemplate};

fn shown<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}\n{value:#?}")
}

fn shown_error(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    text
}

#[test]
fn client_and_builder_do_not_show_the_password() {
    let builder = builder("https://shop.example.com:52222");
    assert_no_secret("builder", &shown(&builder));
    let client = builder.build().unwrap();
    let text = shown(&client);
    assert_no_secret("client", &text);
    // The output is still useful.
    assert!(
        text.contains(USERNAME) && text.contains("shop.example.com"),
        "{text}"
    );
    assert_no_secret("generated client", &shown(client.api()));
}

#[test]
fn configuration_errors_do_not_show_the_password() {
    let errors = [
        builder("http://shop.example.com").build().unwrap_err(),
        Client::builder()
            .base_url("https://shop.example.com")
            .username("api:user")
            .password(PASSWORD)
            .build()
            .unwrap_err(),
        Client::builder()
            .base_url(format!("https://{USERNAME}:{PASSWORD}@shop.example.com"))
            .username(USERNAME)
            .password(PASSWORD)
            .build()
            .unwrap_err(),
    ];
    for err in &errors {
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert_no_secret("configuration error", &shown_error(err));
    }
}

#[tokio::test]
async fn answer_errors_do_not_show_the_password() {
    let mut errors = Vec::new();
    for template in [
        ResponseTemplate::new(401),
        ResponseTemplate::new(400).set_body_raw(
            r#"{"Message":"The request is invalid.","ModelState":{"row.Id":["bad"]}}"#,
            "application/json",
        ),
        ResponseTemplate::new(503),
    ] {
        let server = MockServer::start().await;
        answer(&server, template).await;
        errors.push(
            client(&server)
                .purchase_orders()
                .update_row(
                    PURCHASE_ORDER_ID,
                    UpdatePurchaseOrderRow::new(RowId::new(1)),
                )
                .await
                .unwrap_err(),
        );
    }
    // A port that was free a moment ago: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    errors.push(
        builder(&format!("http://{closed}"))
            .build()
            .unwrap()
            .purchase_orders()
            .update_row(
                PURCHASE_ORDER_ID,
                UpdatePurchaseOrderRow::new(RowId::new(1)),
            )
            .await
            .unwrap_err(),
    );
    errors.push(
        UpdatePurchaseOrderRow::new(RowId::new(1))
            .product_code("x".repeat(101))
            .validate()
            .unwrap_err(),
    );

    assert!(matches!(errors[0], Error::Authentication { .. }));
    assert!(matches!(errors[1], Error::Api { status: 400, .. }));
    assert!(matches!(errors[2], Error::Api { status: 503, .. }));
    assert!(
        matches!(errors[3], Error::Transport { .. }),
        "{:?}",
        errors[3]
    );
    assert!(matches!(errors[4], Error::Validation(_)));
    for err in &errors {
        assert_no_secret("error", &shown_error(err));
    }
}
