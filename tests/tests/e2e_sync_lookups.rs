//! What a purchase order sync does besides creating: the look-ups it needs
//! first (vendors, companies, warehouses, payment terms, products by SKU,
//! orders), complete address updates, and following changes since a stored
//! cursor across a crash; end to end against the fake Sellercloud.

use chrono::{TimeDelta, Utc};
use e2e_tests::support;
use fakes::sellercloud::{
    SellercloudConfig, SellercloudRoute, StoredAddress, StoredCompany, StoredLookups, StoredOrder,
    StoredProduct, StoredPurchaseOrder, StoredVendor, StoredWarehouse,
};
use futures::{StreamExt, TryStreamExt};
use sellercloud::{
    ChangeCursor, ChangeOptions, ChangedPurchaseOrders, CompanyFilter, CompanyId,
    CreatePurchaseOrder, Decimal, NewPurchaseOrderProduct, OrderId, PaymentTermId, PoType,
    ProductsBySku, PurchaseOrderId, UpdatePurchaseOrderTracking, VendorFilter, VendorId,
    WarehouseFilter, WarehouseId,
};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

fn lookups() -> StoredLookups {
    let mut lookups = StoredLookups::new()
        .company(StoredCompany::new(1, "Main Company"))
        .company(StoredCompany::new(2, "Outlet Store"))
        .warehouse(StoredWarehouse::new(7, "Main"))
        .warehouse(StoredWarehouse {
            is_sellable: false,
            ..StoredWarehouse::new(8, "Returns")
        })
        .payment_term(3, "Net 30")
        .payment_term(4, "Due on receipt")
        .product(StoredProduct {
            site_cost: Some(Decimal::new(1234567891, 3)),
            ..StoredProduct::new("SKU-1", "Widget")
        })
        .product(StoredProduct::new("SKU-2", "Gadget"));
    // More vendors than a page of the capped fake holds.
    for id in 1..=45 {
        let vendor = StoredVendor::new(id, format!("Vendor {id:02}"));
        lookups = lookups.vendor(if id % 10 == 0 {
            vendor.inactive()
        } else {
            vendor
        });
    }
    lookups.vendor(StoredVendor::new(99, "Acme Supplies"))
}

fn address(city: &str) -> StoredAddress {
    StoredAddress {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        address_line1: Some("1 Main St".into()),
        address_line2: Some("Suite 4".into()),
        city: Some(city.into()),
        state: Some("IL".into()),
        zip_code: Some("62701".into()),
        country: Some("US".into()),
        phone: Some("555-0100".into()),
        ..StoredAddress::default()
    }
}

fn config() -> SellercloudConfig {
    let order = StoredOrder {
        shipping_address: Some(address("Springfield")),
        billing_address: Some(address("Chicago")),
        ..StoredOrder::new(5001)
    };
    SellercloudConfig::default()
        .with_max_page_size(20)
        .with_lookups(lookups())
        .with_order(order)
}

#[tokio::test]
async fn vendors_page_past_the_servers_cap_and_filter_by_name_and_status() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let all: Vec<_> = client
        .lookups()
        .vendors(VendorFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 46, "every vendor, though pages hold 20");
    assert_eq!(fake.requests_to(SellercloudRoute::ListVendors).len(), 3);
    let ids: HashSet<_> = all.iter().map(|v| v.id).collect();
    assert_eq!(ids.len(), 46);

    let acme: Vec<_> = client
        .lookups()
        .vendors(VendorFilter::new().name("acme supplies").active(true))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(acme.len(), 1);
    assert_eq!(
        (acme[0].id, acme[0].wire.name.as_deref()),
        (VendorId::new(99), Some("Acme Supplies"))
    );
    let query = fake
        .requests_to(SellercloudRoute::ListVendors)
        .pop()
        .unwrap()
        .query
        .unwrap();
    assert!(
        query.contains("model.names=acme+supplies") && query.contains("model.activeStatus=1"),
        "{query}"
    );

    let inactive: Vec<_> = client
        .lookups()
        .vendors(VendorFilter::new().active(false))
        .try_collect()
        .await
        .unwrap();
    let inactive: Vec<_> = inactive.iter().map(|v| v.id.get()).collect();
    assert_eq!(inactive, [10, 20, 30, 40]);
}

#[tokio::test]
async fn companies_warehouses_and_payment_terms_come_typed() {
    let (_fake, client) = support::start_sellercloud(config()).await.unwrap();
    let lookups = client.lookups();
    let outlet: Vec<_> = lookups
        .companies(CompanyFilter::new().keyword("outlet"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(outlet.len(), 1);
    assert_eq!(outlet[0].id, CompanyId::new(2));
    let every: Vec<_> = lookups
        .companies(CompanyFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(every.len(), 2);

    let sellable: Vec<_> = lookups
        .warehouses(WarehouseFilter::new().sellable(true))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        sellable.iter().map(|w| w.id).collect::<Vec<_>>(),
        [WarehouseId::new(7)]
    );
    let returns: Vec<_> = lookups
        .warehouses(WarehouseFilter::new().name("returns"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(returns[0].id, WarehouseId::new(8));
    assert_eq!(returns[0].wire.is_sell_able, Some(false));

    let terms = lookups.payment_terms().await.unwrap();
    let terms: Vec<_> = terms.iter().map(|t| (t.id, t.name.as_str())).collect();
    assert_eq!(
        terms,
        [
            (PaymentTermId::new(3), "Net 30"),
            (PaymentTermId::new(4), "Due on receipt")
        ]
    );
}

#[tokio::test]
async fn products_are_found_by_sku_and_a_blank_sku_sends_nothing() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let found: Vec<_> = client
        .lookups()
        .products_by_sku(ProductsBySku::new("sku-1").active(true))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sku, "SKU-1");
    assert_eq!(
        found[0].wire.site_cost,
        Some(Decimal::new(1234567891, 3)),
        "money is exact"
    );
    let none: Vec<_> = client
        .lookups()
        .products_by_sku(ProductsBySku::new("NOPE"))
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());

    let before = fake.requests_to(SellercloudRoute::ListCatalog).len();
    let e = client
        .lookups()
        .products_by_sku(ProductsBySku::new("  "))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(e.violations().unwrap().has_field("model.sKU"), "{e}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::ListCatalog).len(),
        before
    );
}

#[tokio::test]
async fn an_order_is_read_and_its_addresses_updated_completely() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let order = client.orders().get(OrderId::new(5001)).await.unwrap();
    assert_eq!(order.id, OrderId::new(5001));
    let shipping = order.wire.shipping_address.unwrap();
    assert_eq!(shipping.street_line1.as_deref(), Some("1 Main St"));
    assert_eq!(shipping.state_code.as_deref(), Some("IL"));
    let missing = client.orders().get(OrderId::new(1)).await.unwrap_err();
    assert_eq!(missing.status(), Some(404));

    // Only the city changes; the rest of the address is sent as it was.
    client
        .orders()
        .update_addresses(OrderId::new(5001), |a| a.shipping(|s| s.city("Peoria")))
        .await
        .unwrap();
    let stored = fake.order(5001).unwrap();
    assert_eq!(stored.shipping_address, Some(address("Peoria")));
    assert_eq!(stored.billing_address, Some(address("Chicago")));
    let put = fake
        .requests_to(SellercloudRoute::UpdateOrder)
        .pop()
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(put["ShippingAddress"]["AddressLine2"], "Suite 4");
    assert!(
        put.get("BillingAddress").is_none(),
        "an unchanged address is not sent"
    );

    // No change sends nothing; a change that breaks a rule sends nothing.
    client
        .orders()
        .update_addresses(OrderId::new(5001), |a| a)
        .await
        .unwrap();
    let e = client
        .orders()
        .update_addresses(OrderId::new(5001), |a| a.billing(|b| b.country("USA")))
        .await
        .unwrap_err();
    assert!(
        e.violations().unwrap().has_field("BillingAddress.Country"),
        "{e}"
    );
    assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
    assert_eq!(fake.order(5001).unwrap().update_count, 1);
}

fn new_purchase_order(sku: &str) -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(CompanyId::new(1))
        .vendor_id(VendorId::new(99))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .product(NewPurchaseOrderProduct::new(sku).qty_units_ordered(1))
}

/// The latest change time seen of each purchase order.
type Seen = HashMap<i32, chrono::DateTime<Utc>>;

#[tokio::test]
async fn changed_since_sees_every_purchase_order_across_a_crash_while_they_change() {
    let now = Utc::now();
    let mut config = SellercloudConfig::default().with_max_page_size(20);
    for id in 1..=60 {
        let mut po = StoredPurchaseOrder::new(id, false);
        po.updated_on = Some(
            (now - TimeDelta::minutes(90) + TimeDelta::seconds(i64::from(id) * 60)).naive_utc(),
        );
        config = config.with_purchase_order(po);
    }
    let (fake, client) = support::start_sellercloud(config).await.unwrap();
    let overlap = Duration::from_secs(2);
    let options = ChangeOptions::new()
        .overlap(overlap)
        .settle(Duration::ZERO)
        .max_window_records(30);
    let follow = || ChangedPurchaseOrders::new().options(options);
    let start = ChangeCursor::starting_at(now - TimeDelta::minutes(100));
    let tracking = |n: i32| UpdatePurchaseOrderTracking::new().tracking_number(format!("1Z{n}"));

    // Run 1: while it pages (windows of at most 30, pages of 20), purchase
    // orders are created and changed; it crashes after 35, having stored
    // the cursor after each.
    let mut run1 = client.purchase_orders().changed_since_with(start, follow());
    let (mut first, mut stored) = (Vec::new(), String::new());
    while let Some(changed) = run1.next().await {
        let changed = changed.unwrap();
        stored = serde_json::to_string(&changed.cursor).unwrap();
        first.push((changed.record.id.get(), changed.changed_at.unwrap()));
        if first.len() % 7 == 0 {
            let n = first.len() as i32;
            client
                .purchase_orders()
                .create(new_purchase_order(&format!("NEW-{n}")))
                .await
                .unwrap();
            // One seen already, one not yet read: it leaves its window.
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(n / 2), tracking(n))
                .await
                .unwrap();
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(n + 10), tracking(n))
                .await
                .unwrap();
        }
        if first.len() == 35 {
            break;
        }
    }
    drop(run1);
    assert!(
        fake.requests_to(SellercloudRoute::ListPurchaseOrders)
            .iter()
            .all(|r| {
                r.query
                    .as_deref()
                    .is_some_and(|q| q.contains("model.updatedDateFrom="))
            })
    );
    // More changes while the sync is down.
    client
        .purchase_orders()
        .create(new_purchase_order("WHILE-DOWN"))
        .await
        .unwrap();
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(3), tracking(3))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;

    // Run 2 resumes from the stored cursor; run 3 follows it.
    let resume: ChangeCursor = serde_json::from_str(&stored).unwrap();
    let mut run2 = client
        .purchase_orders()
        .changed_since_with(resume, follow());
    let mut second = Vec::new();
    while let Some(changed) = run2.next().await {
        let changed = changed.unwrap();
        second.push((changed.record.id.get(), changed.changed_at.unwrap()));
    }
    let after_second = run2.cursor();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let third: Vec<_> = client
        .purchase_orders()
        .changed_since_with(after_second, follow())
        .map(|c| c.map(|c| (c.record.id.get(), c.changed_at.unwrap())))
        .try_collect()
        .await
        .unwrap();

    for run in [&first, &second, &third] {
        let ids: HashSet<_> = run.iter().map(|(id, _)| id).collect();
        assert_eq!(
            ids.len(),
            run.len(),
            "a purchase order twice within a run: {run:?}"
        );
    }
    // Every purchase order, in its latest version, was seen.
    let mut seen = Seen::new();
    for (id, at) in first.iter().chain(&second).chain(&third) {
        let latest = seen.entry(*id).or_insert(*at);
        *latest = (*latest).max(*at);
    }
    let stored_pos = fake.purchase_orders();
    assert!(
        stored_pos.len() > 60,
        "purchase orders were created while it ran"
    );
    for po in &stored_pos {
        let updated = po.updated_on.unwrap().and_utc();
        let at = seen
            .get(&po.id)
            .unwrap_or_else(|| panic!("purchase order {} was lost", po.id));
        assert!(
            (*at - updated).abs() < TimeDelta::microseconds(1),
            "purchase order {}: seen at {at}, last changed {updated}",
            po.id
        );
    }
    // Across the crash, only the overlap was delivered again.
    let overlap_from = resume.since() - TimeDelta::from_std(overlap).unwrap();
    let before: HashSet<_> = first.iter().copied().collect();
    for record in &second {
        if before.contains(record) {
            assert!(
                record.1 >= overlap_from,
                "{record:?} repeated outside the overlap"
            );
        }
    }
}

/// Whatever names, SKUs and exact amounts the fake answers with, the
/// look-ups read them back unchanged.
#[test]
fn any_lookup_answer_reads_back_exactly() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (fake, client) = rt
        .block_on(support::start_sellercloud(SellercloudConfig::default()))
        .unwrap();
    let answer = (
        "\\PC{1,24}",
        "[A-Za-z0-9._-]{1,16}",
        (any::<i64>(), 0u32..=12),
        any::<i32>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&answer, |(name, sku, (mantissa, scale), id)| {
            let cost = Decimal::new(mantissa, scale);
            fake.modify_lookups(|l| {
                *l = StoredLookups::new()
                    .vendor(StoredVendor::new(id, name.clone()))
                    .warehouse(StoredWarehouse::new(id, name.clone()))
                    .payment_term(id, name.clone())
                    .product(StoredProduct {
                        site_cost: Some(cost),
                        ..StoredProduct::new(sku.clone(), name.clone())
                    });
            });
            let (vendors, warehouses, terms, products) = rt.block_on(async {
                let l = client.lookups();
                (
                    l.vendors(VendorFilter::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .unwrap(),
                    l.warehouses(WarehouseFilter::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .unwrap(),
                    l.payment_terms().await.unwrap(),
                    l.products_by_sku(ProductsBySku::new(sku.as_str()))
                        .try_collect::<Vec<_>>()
                        .await
                        .unwrap(),
                )
            });
            prop_assert_eq!(
                (vendors[0].id.get(), vendors[0].wire.name.as_deref()),
                (id, Some(name.as_str()))
            );
            prop_assert_eq!(warehouses[0].id.get(), id);
            prop_assert_eq!(
                (terms[0].id.get(), terms[0].name.as_str()),
                (id, name.as_str())
            );
            prop_assert_eq!(&products[0].sku, &sku);
            prop_assert_eq!(products[0].wire.site_cost, Some(cost));
            Ok(())
        })
        .unwrap();
}
