//! The quickstart itself (the `quickstart` package, `cargo run -p
//! quickstart`): it succeeds against the fakes, prints a line per endpoint,
//! reaches every endpoint on the fakes, reports failures, skips what a real
//! service gives it no IDs for, and never prints credentials.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredOrder};
use fakes::shopctrl::{self as fake_shop, FakeShopCtrl, ShopCtrlConfig};
use quickstart::{
    Outcome, RunError, SELLERCLOUD_VARIABLES, SHOPCTRL_VARIABLES, SellercloudIds,
    SellercloudTarget, ShopCtrlIds, ShopCtrlTarget, Vendor,
};
use std::collections::HashMap;

const SELLERCLOUD_PASSWORD: &str = "sc-pass-9c1e";
const SHOPCTRL_PASSWORD: &str = "shop-pass-77d0";

async fn fakes() -> (FakeSellercloud, FakeShopCtrl) {
    let sellercloud = FakeSellercloud::start(SellercloudConfig::new(
        "walkthrough-sc-user",
        SELLERCLOUD_PASSWORD,
    ))
    .await
    .unwrap();
    let shopctrl = FakeShopCtrl::start(ShopCtrlConfig::new(
        "walkthrough-shop-user",
        SHOPCTRL_PASSWORD,
    ))
    .await
    .unwrap();
    (sellercloud, shopctrl)
}

async fn run_on_fakes(
    sellercloud: &FakeSellercloud,
    shopctrl: &FakeShopCtrl,
) -> (quickstart::Report, String) {
    let mut out = Vec::new();
    let report = quickstart::run_with(
        SellercloudTarget::Fake {
            fake: sellercloud,
            client: support::sellercloud_client(sellercloud),
        },
        ShopCtrlTarget::Fake {
            fake: shopctrl,
            client: support::shopctrl_client(shopctrl),
        },
        &mut out,
    )
    .await
    .unwrap();
    (report, String::from_utf8(out).unwrap())
}

fn assert_no_credentials(output: &str, fake_sc: &FakeSellercloud) {
    for secret in [
        SELLERCLOUD_PASSWORD,
        SHOPCTRL_PASSWORD,
        "walkthrough-sc-user",
        "walkthrough-shop-user",
        "Bearer",
        "Basic ",
    ] {
        assert!(!output.contains(secret), "{secret:?} printed:\n{output}");
    }
    // No token text either: issue one to learn the fake's token shape.
    let token = fake_sc.issue_token();
    let prefix = &token[..token.find('.').unwrap_or(token.len())];
    assert!(
        !output.contains(&format!("{prefix}.")),
        "a token printed:\n{output}"
    );
}

#[tokio::test]
async fn the_walkthrough_succeeds_against_the_fakes_with_a_line_per_endpoint() {
    let (sc, shop) = fakes().await;
    let (report, output) = run_on_fakes(&sc, &shop).await;
    assert!(report.is_success(), "{report:#?}\n{output}");
    assert_eq!(
        (report.succeeded(), report.failed(), report.skipped()),
        (26, 0, 0)
    );

    let lines: Vec<&str> = output.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "Sellercloud: in-process fake at {}",
            sc.base_url()
        )),
        "{output}"
    );
    assert!(
        lines[1].starts_with(&format!("ShopCtrl: in-process fake at {}", shop.base_url())),
        "{output}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "summary: 26 steps, 26 succeeded, 0 failed, 0 skipped (Sellercloud: in-process fake; ShopCtrl: in-process fake)"
    );

    // One `sends` line per call, naming its endpoint, and each followed by
    // what came back and what the fake stored.
    let sends: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.trim_start().strip_prefix("sends"))
        .map(str::trim_start)
        .collect();
    let endpoints: Vec<String> = sends
        .iter()
        .map(|s| s.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        endpoints,
        [
            "POST /api/PurchaseOrders",
            "POST /api/PurchaseOrders",
            "PUT /api/PurchaseOrders/1000/Items",
            "PUT /api/PurchaseOrders/1001/Items",
            "PUT /api/PurchaseOrders/1000/TrackingNumber",
            "PUT /api/Orders/5001",
            "POST /api/PurchaseOrders/1000/items",
            "POST /api/PurchaseOrders/1000/receive",
            "PUT /api/PurchaseOrders/1000/TrackingNumber",
            "PUT /api/PurchaseOrders/1000/Invoice",
            "PUT /api/PurchaseOrders/1000",
            "PUT /api/PurchaseOrders/1000/Total",
            "PUT /v1/PurchaseOrders/1/Rows",
            "POST /v1/ShopOwners/1/PurchaseOrders",
            "POST /v1/PurchaseOrders/1000/Rows",
            "PUT /v1/PurchaseOrders/1000/Rows",
            "POST /v1/PurchaseOrders/1000/AdvancedProvision",
            "GET /v1/ShopOwners/1/PurchaseOrders",
        ]
    );
    let got = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("got"))
        .count();
    let stored = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("fake "))
        .count();
    // Every step answers; the reads of steps 7 and 8 show what came back
    // and have nothing stored to check.
    assert_eq!((got, stored), (26, 24), "{output}");
    // Every request named a documented route of the fake.
    let unrouted: Vec<_> = sc
        .requests()
        .into_iter()
        .filter(|r| r.route.is_none())
        .map(|r| r.path)
        .collect();
    assert!(unrouted.is_empty(), "{unrouted:?}");
    assert!(output.contains("cursor to store {\"since\":"), "{output}");
    assert!(output.contains("purchase order 1000 created"), "{output}");
    assert!(output.contains("purchase order 1001 created"), "{output}");

    // The fakes received exactly those calls, and hold their effect.
    let routes: Vec<Option<SellercloudRoute>> = sc.requests().iter().map(|r| r.route).collect();
    assert_eq!(
        routes,
        [
            Some(SellercloudRoute::Token),
            Some(SellercloudRoute::CreatePurchaseOrder),
            Some(SellercloudRoute::CreatePurchaseOrder),
            Some(SellercloudRoute::UpdatePurchaseOrderItems),
            Some(SellercloudRoute::UpdatePurchaseOrderItems),
            Some(SellercloudRoute::UpdatePurchaseOrderTrackingNumber),
            Some(SellercloudRoute::UpdateOrder),
            Some(SellercloudRoute::GetPurchaseOrder),
            Some(SellercloudRoute::GetPurchaseOrderItems),
            Some(SellercloudRoute::ListPurchaseOrders),
            Some(SellercloudRoute::AddPurchaseOrderItems),
            Some(SellercloudRoute::GetPurchaseOrderItems),
            Some(SellercloudRoute::ReceivePurchaseOrder),
            Some(SellercloudRoute::GetPurchaseOrderTrackingNumbers),
            Some(SellercloudRoute::UpdatePurchaseOrderTrackingNumber),
            Some(SellercloudRoute::UpdatePurchaseOrderInvoice),
            Some(SellercloudRoute::UpdatePurchaseOrder),
            Some(SellercloudRoute::UpdatePurchaseOrderTotals),
            Some(SellercloudRoute::ListVendors),
            Some(SellercloudRoute::ListWarehouses),
            Some(SellercloudRoute::ListPaymentTerms),
            Some(SellercloudRoute::ListCatalog),
            // The changes since a cursor: one window, one page.
            Some(SellercloudRoute::ListPurchaseOrders),
        ]
    );
    assert_eq!(
        shop.requests_to(fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow)
            .len(),
        2,
        "step 12 and step 15"
    );
    assert!(!sc.purchase_order(1000).unwrap().case_qty_mode);
    assert!(sc.purchase_order(1001).unwrap().case_qty_mode);
    assert!(
        sc.order(quickstart::DEMO_ORDER_ID)
            .unwrap()
            .billing_address
            .is_some()
    );
    let row = shop
        .row(
            quickstart::DEMO_SHOPCTRL_PURCHASE_ORDER_ID,
            quickstart::DEMO_SHOPCTRL_ROW_ID,
        )
        .unwrap();
    assert_eq!(row.stock_items.len(), 2);
    // Steps 18 to 22: one purchase order created, a row added and updated,
    // the first row provisioned, the change listed.
    let created = shop.purchase_order(1000).unwrap();
    assert_eq!(created.rows.len(), 2);
    assert_eq!(created.rows[0].item_quantity_delivered, Some(2.into()));
    assert_eq!(created.provisions.len(), 1);
    assert_eq!(
        shop.requests_to(fake_shop::ShopCtrlRoute::CreatePurchaseOrder)
            .len(),
        1
    );
    assert!(
        output.contains("got     success, 1 changed: 1000 (PO-1000)"),
        "{output}"
    );
    assert_no_credentials(&output, &sc);
}

#[tokio::test]
async fn run_starts_its_own_fakes_when_nothing_is_configured() {
    let env = |name: &str| std::env::var(name).ok();
    if quickstart::any_set(&SELLERCLOUD_VARIABLES, &env)
        || quickstart::any_set(&SHOPCTRL_VARIABLES, &env)
    {
        // Would talk to a real service; the fake path is covered above.
        eprintln!("SELLERCLOUD_*/SHOPCTRL_* set: not running quickstart::run here");
        return;
    }
    let mut out = Vec::new();
    let report = quickstart::run(&mut out).await.unwrap();
    let output = String::from_utf8(out).unwrap();
    assert!(report.is_success(), "{output}");
    assert_eq!(report.succeeded(), 26, "{output}");
    assert!(
        report
            .sellercloud
            .starts_with("in-process fake at http://127.0.0.1:")
    );
    assert!(
        report
            .shopctrl
            .starts_with("in-process fake at http://127.0.0.1:")
    );
    assert!(!output.contains("fake-password"), "{output}");
}

#[tokio::test]
async fn a_failing_step_is_reported_and_the_rest_still_runs() {
    let (sc, shop) = fakes().await;
    sc.seed_order(StoredOrder::new(quickstart::DEMO_ORDER_ID));
    sc.inject(SellercloudRoute::UpdateOrder, Fault::status(500), 1);
    let (report, output) = run_on_fakes(&sc, &shop).await;
    assert!(!report.is_success());
    assert_eq!((report.succeeded(), report.failed()), (25, 1), "{output}");
    let failed = report
        .steps
        .iter()
        .find(|s| matches!(s.outcome, Outcome::Failed(_)))
        .unwrap();
    assert_eq!(failed.request, "PUT /api/Orders/5001");
    assert!(
        output.contains("HTTP 500 error: Sellercloud answered 500: An error has occurred."),
        "{output}"
    );
    assert!(
        output
            .lines()
            .last()
            .unwrap()
            .starts_with("summary: 26 steps, 25 succeeded, 1 failed, 0 skipped"),
        "{output}"
    );
    assert_eq!(
        report.steps.get(20).map(|s| (s.vendor, &s.outcome)),
        Some((
            Vendor::ShopCtrl,
            &Outcome::Succeeded("row 11 of purchase order 1 updated".into())
        ))
    );
}

#[tokio::test]
async fn a_real_service_gets_only_the_steps_it_has_ids_for() {
    // A fake plays the "real" service, so the test can see what was sent.
    let sc = FakeSellercloud::start(SellercloudConfig::default().with_order(StoredOrder::new(42)))
        .await
        .unwrap();
    let shop = FakeShopCtrl::start(ShopCtrlConfig::default())
        .await
        .unwrap();
    let ids = SellercloudIds {
        order_id: Some(sellercloud::OrderId::new(42)),
        ..SellercloudIds::default()
    };
    let mut out = Vec::new();
    let report = quickstart::run_with(
        SellercloudTarget::Real {
            client: support::sellercloud_client(&sc),
            ids,
        },
        ShopCtrlTarget::Real {
            client: support::shopctrl_client(&shop),
            ids: ShopCtrlIds::default(),
        },
        &mut out,
    )
    .await
    .unwrap();
    let output = String::from_utf8(out).unwrap();
    assert!(report.is_success(), "{output}");
    assert_eq!((report.succeeded(), report.skipped()), (1, 25), "{output}");
    assert!(output.starts_with(&format!("Sellercloud: real service at {}\n", sc.base_url())));
    for variable in [
        "SELLERCLOUD_COMPANY_ID",
        "SELLERCLOUD_UNIT_PO_ITEM_ID",
        "SELLERCLOUD_CASE_PO_ID",
        "SHOPCTRL_ROW_ID",
        "SHOPCTRL_SHOP_OWNER_ID",
    ] {
        assert!(output.contains(variable), "{variable} not named:\n{output}");
    }
    assert!(output.lines().last().unwrap().ends_with(
        "1 succeeded, 0 failed, 25 skipped (Sellercloud: real service; ShopCtrl: real service)"
    ));
    let routes: Vec<Option<SellercloudRoute>> = sc.requests().iter().map(|r| r.route).collect();
    assert_eq!(
        routes,
        [
            Some(SellercloudRoute::Token),
            Some(SellercloudRoute::UpdateOrder)
        ]
    );
    assert!(shop.requests().is_empty());
    assert_eq!(sc.order(42).unwrap().update_count, 1);
}

#[tokio::test]
async fn a_lost_create_answer_is_recovered_and_printed_as_such() {
    let (sc, shop) = fakes().await;
    sc.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let (report, output) = run_on_fakes(&sc, &shop).await;
    assert!(report.is_success(), "{output}");
    assert!(
        output.contains(
            "got     success, purchase order 1000 created (its answer was lost; found by looking, not created again)"
        ),
        "{output}"
    );
    assert_eq!(
        sc.requests_to(SellercloudRoute::CreatePurchaseOrder).len(),
        2,
        "two creates, none repeated"
    );
    assert_eq!(sc.purchase_orders().len(), 2);
}

#[test]
fn ids_come_from_the_environment_and_bad_ones_are_named() {
    let env = |vars: &[(&str, &str)]| {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| map.get(name).cloned()
    };
    let all = env(&[
        ("SELLERCLOUD_COMPANY_ID", "1"),
        ("SELLERCLOUD_VENDOR_ID", "20"),
        ("SELLERCLOUD_PRODUCT_ID", " SKU-9 "),
        ("SELLERCLOUD_UNIT_PO_ID", "100"),
        ("SELLERCLOUD_UNIT_PO_ITEM_ID", "1001"),
        ("SELLERCLOUD_CASE_PO_ID", "200"),
        ("SELLERCLOUD_CASE_PO_ITEM_ID", "2001"),
        ("SELLERCLOUD_ORDER_ID", "5001"),
    ]);
    let ids = SellercloudIds::from_lookup(&all).unwrap();
    assert_eq!(
        ids.create,
        Some((
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-9".to_owned()
        ))
    );
    assert_eq!(
        ids.unit_mode_item
            .map(|i| (i.purchase_order_id.get(), i.item_id.get())),
        Some((100, 1001))
    );
    assert_eq!(
        ids.case_mode_item
            .map(|i| (i.purchase_order_id.get(), i.item_id.get())),
        Some((200, 2001))
    );
    assert_eq!(ids.order_id, Some(sellercloud::OrderId::new(5001)));
    assert_eq!(
        SellercloudIds::from_lookup(&env(&[])).unwrap(),
        SellercloudIds::default()
    );

    let problem = |vars: &[(&str, &str)]| match SellercloudIds::from_lookup(&env(vars)) {
        Err(RunError::Environment { variable, .. }) => variable,
        other => panic!("expected an environment error, got {other:?}"),
    };
    assert_eq!(
        problem(&[("SELLERCLOUD_ORDER_ID", "abc")]),
        "SELLERCLOUD_ORDER_ID"
    );
    assert_eq!(
        problem(&[("SELLERCLOUD_ORDER_ID", "0")]),
        "SELLERCLOUD_ORDER_ID"
    );
    assert_eq!(
        problem(&[("SELLERCLOUD_UNIT_PO_ID", "100")]),
        "SELLERCLOUD_UNIT_PO_ITEM_ID"
    );
    assert_eq!(
        problem(&[
            ("SELLERCLOUD_COMPANY_ID", "1"),
            ("SELLERCLOUD_PRODUCT_ID", "X")
        ]),
        "SELLERCLOUD_VENDOR_ID"
    );

    let shop = ShopCtrlIds::from_lookup(&env(&[("SHOPCTRL_ROW_ID", "5")]));
    assert!(
        matches!(
            shop,
            Err(RunError::Environment {
                variable: "SHOPCTRL_PURCHASE_ORDER_ID",
                ..
            })
        ),
        "{shop:?}"
    );
    // Any one variable of a vendor selects its real service.
    assert!(quickstart::any_set(
        &SELLERCLOUD_VARIABLES,
        &env(&[("SELLERCLOUD_ORDER_ID", "1")])
    ));
    assert!(quickstart::any_set(
        &SHOPCTRL_VARIABLES,
        &env(&[("SHOPCTRL_BASE_URL", "https://x")])
    ));
    assert!(!quickstart::any_set(
        &SHOPCTRL_VARIABLES,
        &env(&[("SELLERCLOUD_ORDER_ID", "1")])
    ));
}

/// The request-body schema of the operation `method path` names in a spec
/// (OpenAPI 3.0 as JSON), matching `{param}` segments; a literal segment
/// wins over a parameter (`/api/PurchaseOrders/CustomColumns` is not
/// `/api/PurchaseOrders/{id}`). `None`: the operation takes no JSON body;
/// `Err`: no operation matches.
fn request_schema<'a>(
    document: &'a serde_json::Value,
    method: &str,
    path: &str,
) -> Result<Option<&'a serde_json::Value>, String> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let paths = document["paths"].as_object().ok_or("no paths")?;
    let best = paths
        .iter()
        .filter_map(|(template, item)| {
            let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
            let matches = parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p.starts_with('{') || p == s);
            let literals = parts.iter().filter(|p| !p.starts_with('{')).count();
            let operation = item.get(method.to_ascii_lowercase())?;
            matches.then_some((literals, operation))
        })
        .max_by_key(|(literals, _)| *literals)
        .map(|(_, operation)| operation)
        .ok_or_else(|| format!("no operation in the spec for {method} {path}"))?;
    Ok(best.pointer("/requestBody/content/application~1json/schema"))
}

#[tokio::test]
async fn every_request_the_quickstart_sends_keeps_the_vendors_contract() {
    use e2e_tests::schema::{Spec, Vendor};
    let (sc, shop) = fakes().await;
    let (report, output) = run_on_fakes(&sc, &shop).await;
    assert!(report.is_success(), "{output}");
    let mut checked = 0;
    let sent = sc
        .requests()
        .into_iter()
        .map(|r| (Vendor::Sellercloud, r.body_json(), r.method, r.path, r.body))
        .chain(
            shop.requests()
                .into_iter()
                .map(|r| (Vendor::ShopCtrl, r.body_json(), r.method, r.path, r.body)),
        );
    let mut specs = HashMap::new();
    for (vendor, json, method, path, body) in sent {
        let (spec, document) = specs.entry(vendor).or_insert_with(|| {
            let text = std::fs::read_to_string(vendor.spec_path()).unwrap();
            let document: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
            (Spec::from_yaml(&text).unwrap(), document)
        });
        // The fakes' paths carry the base URL's own path (`/rest`).
        let at = ["/api/", "/v1/"]
            .iter()
            .filter_map(|p| path.find(p))
            .min()
            .unwrap_or(0);
        let route = &path[at..];
        let schema = request_schema(document, method.as_str(), route)
            .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));
        match schema {
            Some(schema) => {
                let json = json
                    .unwrap_or_else(|| panic!("{method} {route}: the body is not JSON: {body:?}"));
                let validator = spec.inline_validator(schema).unwrap();
                let errors: Vec<String> = validator
                    .iter_errors(&json)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{method} {route} {json}: {errors:?}");
                checked += 1;
            }
            None => assert!(
                body.is_empty() || route.ends_with("/token"),
                "{method} {route} sent a body the spec does not describe"
            ),
        }
    }
    // Creates, updates, adds, receipts, tracking, invoice, details, totals,
    // provisioning: most steps send a body.
    assert!(checked >= 15, "only {checked} bodies checked");
}
