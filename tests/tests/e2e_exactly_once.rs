//! `create_exactly_once` against the fake, one test per branch: the answer
//! lost after the create applied, an unknown outcome that did not apply, a
//! server that commits seconds after the client was told it failed, the
//! purchase order late on the list, identical candidates, a lookup that
//! fails, a server whose pages are smaller than asked, a job re-run after a
//! crash, and a bulk job's list calls per recovery.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    EnumFormat, FakeSellercloud, SellercloudConfig, SellercloudRoute as Route,
    StoredPurchaseOrder as PurchaseOrder, StoredPurchaseOrderItem as PurchaseOrderItem,
};
use quickstart::samples::unit_mode_purchase_order;
use sellercloud::{CompanyId, Error, ExactlyOnce, VendorId};
use std::sync::Arc;
use std::time::Duration;

fn options() -> ExactlyOnce {
    ExactlyOnce::new().settle(Duration::from_millis(200))
}

async fn start(config: SellercloudConfig) -> (FakeSellercloud, sellercloud::Client) {
    support::start_sellercloud(config).await.unwrap()
}

/// A client whose attempts wait `timeout`: the look lasts at least that.
fn client_with_timeout(fake: &FakeSellercloud, timeout: Duration) -> sellercloud::Client {
    support::sellercloud_builder(fake)
        .request_timeout(timeout)
        .build()
        .unwrap()
}

fn creates(fake: &FakeSellercloud) -> usize {
    fake.requests_to(Route::CreatePurchaseOrder).len()
}

#[tokio::test]
async fn an_answer_lost_after_the_create_applied_is_recovered() {
    for fault in [Fault::ApplyThenDropAnswer, Fault::apply_then_status(502)] {
        let (fake, client) = start(SellercloudConfig::default()).await;
        fake.inject(Route::CreatePurchaseOrder, fault.clone(), 1);
        let created = client
            .purchase_orders()
            .create_exactly_once_with(
                unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-1"),
                options(),
            )
            .await
            .unwrap();
        assert!(created.recovered, "{fault:?}");
        assert_eq!(created.sends, 1);
        assert_eq!(
            created.list_calls, 1,
            "{fault:?}: one page of the tight window"
        );
        let stored = fake.purchase_orders();
        assert_eq!(stored.len(), 1, "{fault:?}: exactly one purchase order");
        assert_eq!(stored[0].id, created.id.get());
        assert_eq!(creates(&fake), 1, "{fault:?}: never sent again");
        // The made-up reference went out in the first product's notes.
        let notes = stored[0].items[0].item_notes.clone().unwrap_or_default();
        assert!(notes.starts_with("once-"), "{notes}");
    }
}

#[tokio::test]
async fn an_unknown_outcome_that_did_not_apply_is_unresolved_and_never_sent_again() {
    for fault in [Fault::status(503), Fault::DropConnection] {
        let fake = FakeSellercloud::start(SellercloudConfig::default())
            .await
            .unwrap();
        let client = client_with_timeout(&fake, Duration::from_millis(800));
        fake.inject(Route::CreatePurchaseOrder, fault.clone(), 1);
        let e = client
            .purchase_orders()
            .create_exactly_once_with(
                unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-2"),
                options(),
            )
            .await
            .unwrap_err();
        let Error::Unresolved {
            candidates, lookup, ..
        } = &e
        else {
            panic!("{fault:?}: expected Unresolved, got {e:?}");
        };
        assert!(candidates.is_empty() && lookup.is_none(), "{e:?}");
        assert!(e.may_have_been_applied() && !e.is_retryable());
        assert_eq!(creates(&fake), 1, "{fault:?}: never sent again");
        assert!(fake.purchase_orders().is_empty());
        // It looked until the attempt's timeout had passed: at 200 ms
        // (tight), 400 ms, 800 ms and at the end.
        let looks = fake.requests_to(Route::ListPurchaseOrders).len();
        assert!(looks >= 3, "{fault:?}: {looks} looks");
        // The original failure is the source.
        let source = std::error::Error::source(&e).expect("a source");
        let source = source
            .downcast_ref::<Box<Error>>()
            .expect("the create's error");
        assert!(source.may_have_been_applied(), "{source}");
    }
}

#[tokio::test]
async fn a_server_that_commits_after_the_client_gave_up_gets_no_second_purchase_order() {
    // A proxy answers 503 at once; the server commits 3 s later, longer
    // than the two looks 2 s apart the SDK used to make before re-sending.
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let late = Duration::from_secs(3);
    let client = client_with_timeout(&fake, Duration::from_secs(5));
    fake.inject(
        Route::CreatePurchaseOrder,
        Fault::commit_later(503, late),
        1,
    );
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-LATE"),
            ExactlyOnce::new().settle(Duration::from_millis(500)),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(created.sends, 1);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(fake.purchase_orders()[0].id, created.id.get());
    assert_eq!(creates(&fake), 1);

    // Committed later than the client looks: unresolved, still one purchase
    // order once it lands, and the same reference finds it afterwards.
    let client = client_with_timeout(&fake, Duration::from_millis(600));
    fake.inject(
        Route::CreatePurchaseOrder,
        Fault::commit_later(503, late),
        1,
    );
    let started = chrono::Utc::now();
    let request = || unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-LATER");
    let reference = ExactlyOnce::new()
        .settle(Duration::from_millis(200))
        .reference("job-7-late");
    let e = client
        .purchase_orders()
        .create_exactly_once_with(request(), reference.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unresolved { .. }), "{e:?}");
    tokio::time::sleep(late).await;
    let again = client
        .purchase_orders()
        .create_exactly_once_with(request(), reference.look_first_since(started))
        .await
        .unwrap();
    assert!(again.recovered);
    assert_eq!(again.sends, 0, "found before sending");
    assert_eq!(
        fake.purchase_orders().len(),
        2,
        "one per request, no duplicate"
    );
    assert_eq!(creates(&fake), 2);
}

#[tokio::test]
async fn a_purchase_order_late_on_the_list_is_recovered_not_duplicated() {
    // Visible 300 ms after creation: the first look (after 200 ms) misses
    // it, the second (after 400 ms) finds it.
    let config =
        SellercloudConfig::default().with_list_visibility_delay(Duration::from_millis(300));
    let (fake, client) = start(config).await;
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-3"),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(creates(&fake), 1);
}

#[tokio::test]
async fn enums_written_as_names_still_match() {
    let (fake, client) =
        start(SellercloudConfig::default().with_enum_format(EnumFormat::Names)).await;
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-NAMES"),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(creates(&fake), 1);
}

#[tokio::test]
async fn a_server_writing_local_times_without_an_offset_is_still_matched() {
    // Times written 5 h behind UTC and read as UTC: the look's re-check of
    // `CreatedOn` must not rule the purchase order out.
    let zone = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
    let config = SellercloudConfig::default().with_server_clock(chrono::TimeDelta::zero(), zone);
    let (fake, client) = start(config).await;
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-ZONE"),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(creates(&fake), 1);
}

#[tokio::test]
async fn a_server_clock_off_ours_is_read_from_its_dates_so_one_look_finds_it() {
    // 30 s ahead or behind: the client knows the server's clock from the
    // `Date` of the token answer, so the tight look (the attempt, 1 s either
    // side, on the server's clock) finds the purchase order; on our clock it
    // would miss it and cost a wide look.
    for skew in [30, -30] {
        let config = SellercloudConfig::default().with_server_clock(
            chrono::TimeDelta::seconds(skew),
            chrono::FixedOffset::east_opt(0).unwrap(),
        );
        let (fake, client) = start(config).await;
        fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
        let created = client
            .purchase_orders()
            .create_exactly_once_with(
                unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-SKEW"),
                options().clock_skew(Duration::from_secs(60)),
            )
            .await
            .unwrap();
        assert!(created.recovered, "{skew}");
        assert_eq!(
            created.list_calls, 1,
            "{skew}: the tight look on the server's clock finds it"
        );
        assert_eq!(creates(&fake), 1);
    }
}

#[tokio::test]
async fn identical_candidates_without_a_reference_are_an_error_naming_both() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    // Someone created an identical purchase order a moment before.
    let theirs = client
        .purchase_orders()
        .create(unit_mode_purchase_order(
            CompanyId::new(1),
            VendorId::new(20),
            "ONCE-4",
        ))
        .await
        .unwrap()
        .get();
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let e = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-4"),
            options().auto_reference(false),
        )
        .await
        .unwrap_err();
    let Error::Ambiguous { candidates, .. } = &e else {
        panic!("expected Ambiguous, got {e:?}");
    };
    let ours = fake
        .purchase_orders()
        .into_iter()
        .map(|p| p.id)
        .find(|id| *id != theirs)
        .unwrap();
    assert_eq!(candidates, &vec![theirs.min(ours), theirs.max(ours)]);
    assert!(e.may_have_been_applied() && !e.is_retryable());
    assert!(std::error::Error::source(&e).is_some(), "the lost answer");
    assert_eq!(creates(&fake), 2, "nothing sent again");

    // With the default reference the same situation is certain.
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-4"),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert!(created.id.get() != theirs && created.id.get() != ours);
}

#[tokio::test]
async fn a_marker_in_item_notes_tells_identical_purchase_orders_apart() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    let with_ref = |r: &str| {
        sellercloud::CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .vendor_id(VendorId::new(20))
            .po_type(sellercloud::PoType::PurchaseOrder)
            .case_qty_mode(false)
            .product(
                sellercloud::NewPurchaseOrderProduct::new("ONCE-5")
                    .qty_units_ordered(1)
                    .item_notes(r),
            )
    };
    client
        .purchase_orders()
        .create(with_ref("job-1"))
        .await
        .unwrap();
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(with_ref("job-2"), options().auto_reference(false))
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(fake.purchase_orders().len(), 2);
}

#[tokio::test]
async fn a_failed_lookup_is_unresolved_with_the_cause() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    fake.inject(Route::ListPurchaseOrders, Fault::status(500), 5);
    let e = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-6"),
            options(),
        )
        .await
        .unwrap_err();
    let Error::Unresolved { error, lookup, .. } = &e else {
        panic!("expected Unresolved, got {e:?}");
    };
    assert!(error.may_have_been_applied(), "{error}");
    assert!(
        matches!(
            error.as_ref(),
            Error::Transport { .. } | Error::Timeout { .. }
        ),
        "{error:?}"
    );
    let lookup = lookup.as_ref().expect("the lookup's failure");
    assert_eq!(lookup.status(), Some(500), "{lookup}");
    assert!(e.to_string().contains("looking it up failed"), "{e}");
    assert!(e.may_have_been_applied());
    assert_eq!(creates(&fake), 1, "nothing sent again");
}

#[tokio::test]
async fn a_server_whose_pages_hold_20_is_paged_to_its_total() {
    let (fake, client) = start(SellercloudConfig::default().with_max_page_size(20)).await;
    // 45 others of the same company created just before, in the window.
    for id in 0..45 {
        fake.seed_purchase_order(PurchaseOrder::new(2000 + id, false).with_item(
            PurchaseOrderItem {
                qty_units_ordered: Some(12),
                ..PurchaseOrderItem::new(70_000 + id, "ONCE-CAP")
            },
        ));
    }
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-CAP"),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    // Ours is the 46th, on the server's third page of 20.
    assert_eq!(created.list_calls, 3);
    assert_eq!(creates(&fake), 1);
    assert_eq!(fake.purchase_orders().len(), 46);
}

#[tokio::test]
async fn a_job_rerun_after_a_crash_finds_its_purchase_order_instead_of_creating_another() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let run_started = chrono::Utc::now();
    let request = || unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-CRASH");
    let options = || options().reference("import-42/po-7");

    // Run 1: the create reaches the server, its answer is lost, and the
    // process dies while looking (its task and client are dropped).
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    fake.inject(
        Route::ListPurchaseOrders,
        Fault::Delay(Duration::from_secs(30)),
        1,
    );
    let first = Arc::new(support::sellercloud_client(&fake));
    let run = tokio::spawn({
        let client = first.clone();
        async move {
            client
                .purchase_orders()
                .create_exactly_once_with(request(), options())
                .await
        }
    });
    while fake.requests_to(Route::ListPurchaseOrders).is_empty() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    run.abort();
    assert!(run.await.unwrap_err().is_cancelled());
    drop(first);
    fake.clear_faults();
    assert_eq!(fake.purchase_orders().len(), 1);

    // Run 2: a new process, the same reference, looking since run 1 began.
    let second = support::sellercloud_client(&fake);
    let created = second
        .purchase_orders()
        .create_exactly_once_with(request(), options().look_first_since(run_started))
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(created.sends, 0);
    assert_eq!(fake.purchase_orders().len(), 1, "one purchase order");
    assert_eq!(fake.purchase_orders()[0].id, created.id.get());
    assert_eq!(creates(&fake), 1);
}

/// 300 creates from 16 tasks at about 30 a second, every 13th answer lost:
/// how many list calls each recovery needs (target at most 2, recorded in
/// BENCHMARKS.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_list_calls_per_recovery() {
    const CREATES: usize = 300;
    const TASKS: usize = 16;
    const PER_SECOND: u64 = 30;
    let (fake, client) = start(SellercloudConfig::default()).await;
    let fake = Arc::new(fake);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let (fake, client, next) = (fake.clone(), client.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= CREATES {
                    return out;
                }
                // The pace of the whole job: create `i` starts at i/30 s.
                tokio::time::sleep_until(
                    started + Duration::from_millis(i as u64 * 1000 / PER_SECOND),
                )
                .await;
                if i % 13 == 12 {
                    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
                }
                let result = client
                    .purchase_orders()
                    .create_exactly_once_with(
                        unit_mode_purchase_order(
                            CompanyId::new(1),
                            VendorId::new(20),
                            &format!("BULK-{i}"),
                        ),
                        ExactlyOnce::new().settle(Duration::from_millis(500)),
                    )
                    .await;
                out.push(result);
            }
        }));
    }
    let mut recovered = 0u32;
    let mut list_calls = 0u32;
    let mut created = 0;
    for task in tasks {
        for result in task.await.unwrap() {
            let c = result.expect("every create resolves");
            created += 1;
            if c.recovered {
                recovered += 1;
                list_calls += c.list_calls;
            }
        }
    }
    assert_eq!(created, CREATES);
    assert_eq!(
        fake.purchase_orders().len(),
        CREATES,
        "no duplicate, none lost"
    );
    assert!(recovered >= 20, "{recovered} recoveries");
    let per_recovery = f64::from(list_calls) / f64::from(recovered);
    println!(
        "bulk: {CREATES} creates at {PER_SECOND}/s, {recovered} recovered, {list_calls} list calls, {per_recovery:.2} per recovery"
    );
    assert!(
        per_recovery <= 2.0,
        "{per_recovery:.2} list calls per recovery"
    );
}

/// A server whose list entries carry no items: the look can neither take
/// them nor rule them out, so the outcome is unresolved and names them.
#[tokio::test]
async fn list_entries_without_items_are_never_taken_and_are_named() {
    use e2e_tests::loopback::{LoopbackServer, Reply, Request};
    let creates = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = creates.clone();
    let server = LoopbackServer::start(move |request: &Request| {
        let target = request.target();
        if target.contains("/api/token") {
            let token = r#"{"access_token":"itemless-token-1","expires_in":3600}"#;
            return Reply::response(200, "application/json", token).close();
        }
        if request.method() == "POST" {
            // The create's answer is lost.
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Reply::hang_up();
        }
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.f");
        let list = format!(
            r#"{{"Items":[{{"ID":77,"VendorID":20,"CompanyID":1,"POType":"PurchaseOrder","CreatedOn":"{now}"}},{{"ID":78,"VendorID":20,"CompanyID":1,"POType":0,"Items":[]}}],"TotalResults":2}}"#
        );
        Reply::response(200, "application/json", list).close()
    })
    .unwrap();
    let client = sellercloud::Client::builder()
        .base_url(format!("http://{}/rest", server.addr()))
        .username("u")
        .password("itemless-password")
        .request_timeout(Duration::from_millis(500))
        .retry_policy(support::fast_retry_policy())
        .build()
        .unwrap();
    let e = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(CompanyId::new(1), VendorId::new(20), "ONCE-NOITEMS"),
            options(),
        )
        .await
        .unwrap_err();
    let Error::Unresolved { candidates, .. } = &e else {
        panic!("expected Unresolved, got {e:?}");
    };
    assert_eq!(candidates, &vec![77, 78]);
    assert!(
        e.to_string().contains("could not be compared: 77, 78"),
        "{e}"
    );
    assert_eq!(
        creates.load(std::sync::atomic::Ordering::Relaxed),
        1,
        "never sent again"
    );
}
