//! The control surface both fakes share ([`sellercloud_shopctrl_fakes::FakeServer`]): one generic
//! test drives both, and every documented route is recognised at the method
//! and path its `Route` names.

mod common;

use common::http;
use sellercloud_shopctrl_fakes::sellercloud::{self, FakeSellercloud, SellercloudConfig};
use sellercloud_shopctrl_fakes::shopctrl::{self, FakeShopCtrl, ShopCtrlConfig};
use sellercloud_shopctrl_fakes::{FakeServer, Fault};
use std::fmt::Debug;

/// Sends one request to each route (its template with `1` for parameters) and
/// checks what the shared controls report, the same way for either fake.
async fn exercise<R>(
    fake: &FakeServer<R>,
    routes: &[R],
    method_and_path: impl Fn(R) -> (http::Method, &'static str),
) where
    R: Copy + Eq + Debug + Send + Sync + 'static,
{
    let first = routes[0];
    fake.inject(first, Fault::status(503), 2);
    assert_eq!(fake.pending_faults(first), 2);
    let client = http();
    for &route in routes {
        let (method, template) = method_and_path(route);
        // Every `{parameter}` segment becomes `1`.
        let path: String = template
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "1"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let url = format!("{}{path}", fake.base_url());
        let response = client
            .request(method, url)
            .basic_auth(fake.username(), Some(fake.password().expose()))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        // A handler's own 404 (an unknown record) is fine; the router's is not.
        assert!(
            !text.contains("No HTTP resource"),
            "{route:?} at {path} is routed: {text}"
        );
        assert_ne!(status, 405, "{route:?} at {path} is routed");
        let recorded = fake.requests_to(route);
        assert_eq!(recorded.len(), 1, "{route:?} recorded under its route");
        assert_eq!(
            recorded[0].path.to_ascii_lowercase(),
            format!("{}{path}", base_path(fake)).to_ascii_lowercase()
        );
    }
    assert_eq!(fake.faults_injected(), 1);
    assert_eq!(fake.pending_faults(first), 1);
    assert_eq!(fake.requests().len(), routes.len());
    assert_eq!(fake.requests_to(first)[0].fault, Some(Fault::status(503)));
    fake.clear_faults();
    assert_eq!(fake.pending_faults(first), 0);
    fake.set_max_recorded(1);
    assert_eq!(fake.requests().len(), 1);
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

fn base_path<R>(fake: &FakeServer<R>) -> String {
    let base = fake.base_url();
    let after_scheme = base.trim_start_matches("http://");
    after_scheme
        .find('/')
        .map_or(String::new(), |i| after_scheme[i..].to_owned())
}

#[tokio::test]
async fn both_fakes_share_one_control_surface() {
    let sc = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    assert!(sc.base_url().ends_with("/rest"));
    assert_eq!(sc.username(), "fake-user");
    exercise(&sc, sellercloud::SellercloudRoute::ALL, |r| {
        (r.method(), r.path_template())
    })
    .await;

    let shop = FakeShopCtrl::start(ShopCtrlConfig::new("shop", "pw"))
        .await
        .unwrap();
    assert_eq!(shop.base_url(), format!("http://{}", shop.addr()));
    assert_eq!((shop.username(), shop.password().expose()), ("shop", "pw"));
    exercise(&shop, shopctrl::ShopCtrlRoute::ALL, |r| {
        (r.method(), r.path_template())
    })
    .await;

    let addr = shop.addr();
    shop.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
