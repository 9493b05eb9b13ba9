//! The Sellercloud read-back and lifecycle steps (7 to 11), on the
//! unit-mode purchase order of steps 1 and 3: read it back, read its items
//! (and the quantity mode they say), find it with a filtered list, add an
//! item in that mode, and receive everything it orders.

use crate::report::{Vendor, Walk, expect};
use crate::{ENV_UNIT_PO_ID, SellercloudIds, SellercloudTarget};
use fakes::sellercloud::{FakeSellercloud, StoredPurchaseOrder};
use futures::TryStreamExt;
use rust_decimal::Decimal;
use sellercloud::{ItemsByMode, NewItem, PurchaseOrderFilter, PurchaseOrderId, ReceiveItem};
use std::io::{self, Write};

const VENDOR: Vendor = Vendor::Sellercloud;

/// Steps 7 to 11; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    ids: &SellercloudIds,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    let (client, fake) = target.parts();
    let steps = [
        ("read back a purchase order", "GET /api/PurchaseOrders/{id}"),
        (
            "read a purchase order's items and its quantity mode",
            "GET /api/PurchaseOrders/{id}/Items",
        ),
        (
            "find a purchase order with a filtered list",
            "GET /api/PurchaseOrders",
        ),
        (
            "add an item to a purchase order in its mode",
            "POST /api/PurchaseOrders/{id}/items",
        ),
        (
            "receive a purchase order",
            "POST /api/PurchaseOrders/{id}/receive",
        ),
    ];
    let Some(po) = unit_purchase_order_or_skip(ids, fake.is_some(), w, &steps)? else {
        return Ok(());
    };
    let pos = client.purchase_orders();
    let path = |p: &str| p.replace("{id}", &po.to_string());

    // Step 7: read it back.
    w.start(VENDOR, steps[0].0, path(steps[0].1))?;
    let result = pos.get(po).await;
    w.finish(
        result,
        |details| {
            let statuses = details.statuses.as_ref();
            format!(
                "purchase order {po}: vendor {}, status {}, receiving status {}",
                show(details.purchase.as_ref().and_then(|p| p.vendor_id)),
                show(statuses.and_then(|s| s.status.clone())),
                show(statuses.and_then(|s| s.receiving_status.clone())),
            )
        },
        None,
    )?;

    // Step 8: the items, in the mode the server reports.
    w.start(VENDOR, steps[1].0, path(steps[1].1))?;
    let result = pos.items(po).await;
    let items = w.finish(
        result,
        |items| {
            let mode = match items.case_qty_mode() {
                Some(true) => "case mode",
                Some(false) => "unit mode",
                None => "a mode the server did not say",
            };
            format!("{} item(s), in {mode}", items.items().len())
        },
        None,
    )?;

    // Step 9: a filtered list finds it.
    let company = ids.create.as_ref().map(|c| c.0);
    let mut filter = PurchaseOrderFilter::new().id(po);
    if let Some(company) = company {
        filter = filter.company_id(company);
    }
    let query = match company {
        Some(c) => format!("?model.companyIDList={c}&model.pOIds={po}"),
        None => format!("?model.pOIds={po}"),
    };
    w.start(VENDOR, steps[2].0, format!("{}{query}", steps[2].1))?;
    let result: sellercloud::Result<Vec<_>> = pos.list(filter).try_collect().await;
    let check = match &result {
        Ok(found) => Some(expect(
            "the purchase order's id on the list",
            found.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![po],
        )),
        Err(_) => None,
    };
    w.finish(
        result,
        |found| format!("{} purchase order(s) listed", found.len()),
        check.map(|c| c.map(|()| format!("lists purchase order {po}"))),
    )?;

    // Steps 10 and 11 need the mode read in step 8.
    let Some(ItemsByMode::Units(items)) = items else {
        for (title, request) in &steps[3..] {
            w.skip(
                VENDOR,
                title,
                path(request),
                "the items were not read in unit mode".into(),
            )?;
        }
        return Ok(());
    };
    w.start(VENDOR, steps[3].0, path(steps[3].1))?;
    let add = items
        .add()
        .item(NewItem::units("QS-SKU-2", 3, Decimal::new(799, 2)));
    if let Ok(body) = add.clone().build() {
        w.sends(&body)?;
    }
    let before = items.items().len();
    let result = pos.add_items(po, add).await;
    let check = check_stored(fake, &result, po, |stored| {
        expect("the number of items", stored.items.len(), before + 1)?;
        Ok(format!(
            "holds {} items on purchase order {po}",
            stored.items.len()
        ))
    });
    w.finish(result, |text| format!("\"{text}\""), check)?;

    w.start(VENDOR, steps[4].0, path(steps[4].1))?;
    let all = pos.items(po).await.ok();
    let mut receipt = items.receive().receive_invoice_number("QS-INV-1");
    for item in all.as_ref().map(ItemsByMode::items).unwrap_or_default() {
        if let Some(qty) = item.wire.qty_units_ordered {
            receipt = receipt.item(ReceiveItem::new(item.id).qty_to_receive(qty));
        }
    }
    if let Ok(body) = receipt.clone().build() {
        w.sends(&body)?;
    }
    let result = pos.receive(po, receipt).await;
    let check = check_stored(fake, &result, po, |stored| {
        Ok(format!(
            "holds purchase order {po} as {:?}, receiving status {:?}",
            stored.status, stored.receiving_status
        ))
    });
    w.finish(result, |()| format!("purchase order {po} received"), check)?;
    Ok(())
}

/// The unit-mode purchase order of steps 1 and 3, or `None` after each of
/// `steps` (title, request) is skipped saying why there is none.
pub(crate) fn unit_purchase_order_or_skip<W: Write + Send>(
    ids: &SellercloudIds,
    against_fake: bool,
    w: &mut Walk<'_, W>,
    steps: &[(&'static str, &str)],
) -> io::Result<Option<PurchaseOrderId>> {
    if let Some(item) = ids.unit_mode_item {
        return Ok(Some(item.purchase_order_id));
    }
    let why = if against_fake {
        "the unit-mode purchase order was not created".to_owned()
    } else {
        format!("set {ENV_UNIT_PO_ID} to name a purchase order")
    };
    for (title, request) in steps {
        w.skip(VENDOR, title, (*request).into(), why.clone())?;
    }
    Ok(None)
}

/// What the fake stores of purchase order `po` after a call that
/// succeeded, judged by `check`; `None` against a real service or after a
/// failed call.
pub(crate) fn check_stored<T>(
    fake: Option<&FakeSellercloud>,
    result: &sellercloud::Result<T>,
    po: PurchaseOrderId,
    check: impl FnOnce(&StoredPurchaseOrder) -> Result<String, String>,
) -> Option<Result<String, String>> {
    fake.filter(|_| result.is_ok()).map(|fake| {
        let stored = fake
            .purchase_order(po.get())
            .ok_or("the purchase order is gone")?;
        check(&stored)
    })
}

fn show<T: std::fmt::Debug>(value: Option<T>) -> String {
    value.map_or_else(|| "(not given)".to_owned(), |v| format!("{v:?}"))
}
