//! The steps of a purchase order sync (12 to 16): find the vendor by name,
//! a sellable warehouse, the payment term and the product by SKU, then
//! follow the purchase orders changed since a cursor (those of steps 1 and
//! 2 among them), printing the cursor to store for the next run.
//!
//! Against a fake, the records looked up are seeded when missing
//! ([`DEMO_VENDOR_ID`], [`DEMO_PRODUCT_ID`] and the ones below). Against a
//! real service these steps are skipped: the look-ups need names of its
//! records, and following changes pages through every purchase order of
//! the day.

use crate::report::{Vendor, Walk, expect};
use crate::{DEMO_COMPANY_ID, DEMO_PRODUCT_ID, DEMO_VENDOR_ID, SellercloudTarget};
use chrono::{TimeDelta, Utc};
use fakes::sellercloud::{FakeSellercloud, StoredProduct, StoredVendor, StoredWarehouse};
use futures::TryStreamExt;
use sellercloud::{
    ChangeCursor, ChangeOptions, ChangedPurchaseOrders, ProductsBySku, VendorFilter,
    WarehouseFilter,
};
use std::io::{self, Write};
use std::time::Duration;

const VENDOR: Vendor = Vendor::Sellercloud;

/// The vendor's name the sync looks up.
const DEMO_VENDOR_NAME: &str = "Quickstart Supplies";
/// The sellable warehouse seeded on the fake.
const DEMO_WAREHOUSE_ID: i32 = 7;
/// The payment term seeded on the fake, and its name.
const DEMO_PAYMENT_TERM: (i32, &str) = (3, "Net 30");

/// Seeds the fake with what the look-ups find, unless it holds it already.
fn seed(fake: &FakeSellercloud) {
    fake.modify_lookups(|l| {
        if !l.vendors.iter().any(|v| v.id == DEMO_VENDOR_ID) {
            l.vendors
                .push(StoredVendor::new(DEMO_VENDOR_ID, DEMO_VENDOR_NAME));
        }
        if !l.warehouses.iter().any(|w| w.id == DEMO_WAREHOUSE_ID) {
            l.warehouses
                .push(StoredWarehouse::new(DEMO_WAREHOUSE_ID, "Main"));
        }
        if !l.payment_terms.iter().any(|t| t.0 == DEMO_PAYMENT_TERM.0) {
            let (id, name) = DEMO_PAYMENT_TERM;
            l.payment_terms.push((id, name.to_owned()));
        }
        if !l.products.iter().any(|p| p.sku == DEMO_PRODUCT_ID) {
            let mut product = StoredProduct::new(DEMO_PRODUCT_ID, "Quickstart widget");
            product.company_id = DEMO_COMPANY_ID;
            l.products.push(product);
        }
    });
}

/// Steps 12 to 16; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    let vendors = format!("GET /api/Vendors?model.names={DEMO_VENDOR_NAME}&model.activeStatus=1");
    let steps = [
        ("find the vendor by name", vendors),
        (
            "find a sellable warehouse",
            "GET /api/Warehouses?model.isSellable=Yes".to_owned(),
        ),
        (
            "find the payment term",
            "GET /api/Settings/PaymentTerms".to_owned(),
        ),
        (
            "find the product by SKU",
            format!("GET /api/Catalog?model.sKU={DEMO_PRODUCT_ID}"),
        ),
        (
            "follow the purchase orders changed since a cursor",
            "GET /api/PurchaseOrders?model.updatedDateFrom=...&model.updatedDateTo=...".to_owned(),
        ),
    ];
    let (client, fake) = match target {
        SellercloudTarget::Fake { fake, client } => (client, *fake),
        SellercloudTarget::Real { .. } => {
            for (title, request) in steps {
                let why = "the sync steps run against the fake: they need names of your records";
                w.skip(VENDOR, title, request, why.into())?;
            }
            return Ok(());
        }
    };
    seed(fake);
    let lookups = client.lookups();
    let [
        vendor_step,
        warehouse_step,
        term_step,
        product_step,
        changes_step,
    ] = steps;

    w.start(VENDOR, vendor_step.0, vendor_step.1)?;
    let filter = VendorFilter::new().name(DEMO_VENDOR_NAME).active(true);
    let result = lookups.vendors(filter).try_collect::<Vec<_>>().await;
    let check = result.as_ref().ok().map(|found| {
        let ids: Vec<_> = found.iter().map(|v| v.id.get()).collect();
        expect("the vendors found", ids, vec![DEMO_VENDOR_ID])?;
        Ok(format!(
            "holds vendor {DEMO_VENDOR_ID} named {DEMO_VENDOR_NAME:?}"
        ))
    });
    w.finish(
        result,
        |found| {
            format!(
                "{} vendor(s): {:?}",
                found.len(),
                found.iter().map(|v| v.id.get()).collect::<Vec<_>>()
            )
        },
        check,
    )?;

    w.start(VENDOR, warehouse_step.0, warehouse_step.1)?;
    let result = lookups
        .warehouses(WarehouseFilter::new().sellable(true))
        .try_collect::<Vec<_>>()
        .await;
    let check = result.as_ref().ok().map(|found| {
        let listed = found.iter().any(|w| w.id.get() == DEMO_WAREHOUSE_ID);
        expect("warehouse 7 among the sellable ones", listed, true)?;
        Ok(format!("holds sellable warehouse {DEMO_WAREHOUSE_ID}"))
    });
    w.finish(
        result,
        |found| format!("{} sellable warehouse(s)", found.len()),
        check,
    )?;

    w.start(VENDOR, term_step.0, term_step.1)?;
    let result = lookups.payment_terms().await;
    let check = result.as_ref().ok().map(|terms| {
        let found = terms
            .iter()
            .find(|t| t.name == DEMO_PAYMENT_TERM.1)
            .map(|t| t.id.get());
        expect("the payment term's id", found, Some(DEMO_PAYMENT_TERM.0))?;
        Ok(format!(
            "holds payment term {} {:?}",
            DEMO_PAYMENT_TERM.0, DEMO_PAYMENT_TERM.1
        ))
    });
    w.finish(
        result,
        |terms| format!("{} payment term(s)", terms.len()),
        check,
    )?;

    w.start(VENDOR, product_step.0, product_step.1)?;
    let result = lookups
        .products_by_sku(ProductsBySku::new(DEMO_PRODUCT_ID))
        .try_collect::<Vec<_>>()
        .await;
    let check = result.as_ref().ok().map(|found| {
        let skus: Vec<_> = found.iter().map(|p| p.sku.as_str()).collect();
        expect("the products found", skus, vec![DEMO_PRODUCT_ID])?;
        Ok(format!("holds product {DEMO_PRODUCT_ID}"))
    });
    w.finish(result, |found| format!("{} product(s)", found.len()), check)?;

    // A first run starts a day back; the next would start from the cursor
    // printed. No settle margin against the fake, so that the purchase
    // orders just created are in this run (the default waits 10 s).
    w.start(VENDOR, changes_step.0, changes_step.1)?;
    let cursor = ChangeCursor::starting_at(Utc::now() - TimeDelta::days(1));
    let follow = ChangedPurchaseOrders::new().options(ChangeOptions::new().settle(Duration::ZERO));
    let mut changes = client.purchase_orders().changed_since_with(cursor, follow);
    let mut seen = Vec::new();
    let mut failure = None;
    while let Some(changed) = futures::StreamExt::next(&mut changes).await {
        match changed {
            Ok(changed) => seen.push(changed.record.id.get()),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let next = serde_json::to_string(&changes.cursor()).unwrap_or_default();
    let result = match failure {
        Some(e) => Err(e),
        None => Ok(seen),
    };
    let check = result.as_ref().ok().map(|seen| {
        let mut stored: Vec<_> = fake.purchase_orders().iter().map(|po| po.id).collect();
        let mut seen = seen.clone();
        stored.sort_unstable();
        seen.sort_unstable();
        expect("the purchase orders changed today", seen, stored.clone())?;
        Ok(format!(
            "holds {} purchase order(s), every one followed",
            stored.len()
        ))
    });
    w.finish(
        result,
        |seen| {
            format!(
                "{} purchase order(s) changed: {seen:?}; cursor to store {next}",
                seen.len()
            )
        },
        check,
    )?;
    Ok(())
}
