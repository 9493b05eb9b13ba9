//! The Sellercloud steps (1 to 6): create a purchase order in each quantity
//! mode (exactly once: a lost answer is looked up, not re-sent blindly),
//! update an item in each mode, set tracking, update an order's addresses;
//! against a fake, each followed by a check of what it stored. Steps 7 to
//! 11 (reading back, listing, adding items, receiving) are in
//! `lifecycle_steps`.

use crate::report::{Outcome, Vendor, Walk, expect, show};
use crate::samples;
use crate::{
    DEMO_COMPANY_ID, DEMO_ORDER_ID, DEMO_PRODUCT_ID, DEMO_VENDOR_ID, ENV_CASE_PO_ID,
    ENV_CASE_PO_ITEM_ID, ENV_COMPANY_ID, ENV_ORDER_ID, ENV_PRODUCT_ID, ENV_UNIT_PO_ID,
    ENV_UNIT_PO_ITEM_ID, ENV_VENDOR_ID, PurchaseOrderItemRef, SellercloudIds, SellercloudTarget,
};
use fakes::sellercloud::{FakeSellercloud, StoredOrder};
use rust_decimal::Decimal;
use sellercloud::{
    CompanyId, ItemUpdate, OrderId, PurchaseOrderItemId, UpdateOrder, UpdatePurchaseOrderItems,
    UpdatePurchaseOrderTracking, VendorId,
};
use serde::Serialize;
use std::fmt;
use std::io::{self, Write};

/// Steps 1 to 6; see the [crate docs](crate). Returns the ids it used and
/// made, for the steps after it.
pub(crate) async fn part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<SellercloudIds> {
    const VENDOR: Vendor = Vendor::Sellercloud;
    let (client, fake, mut ids) = match target {
        SellercloudTarget::Fake { fake, client } => {
            if fake.order(DEMO_ORDER_ID).is_none() {
                fake.seed_order(StoredOrder::new(DEMO_ORDER_ID));
            }
            let ids = SellercloudIds {
                create: Some((
                    CompanyId::new(DEMO_COMPANY_ID),
                    VendorId::new(DEMO_VENDOR_ID),
                    DEMO_PRODUCT_ID.to_owned(),
                )),
                unit_mode_item: None,
                case_mode_item: None,
                order_id: Some(OrderId::new(DEMO_ORDER_ID)),
            };
            (client, Some(*fake), ids)
        }
        SellercloudTarget::Real { client, ids } => (client, None, ids.clone()),
    };

    // Steps 1 and 2: create a purchase order in each quantity mode.
    let creates: [(&'static str, bool); 2] = [
        ("create a purchase order in unit mode", false),
        ("create a purchase order in case mode", true),
    ];
    for (title, case_mode) in creates {
        let request_line = "POST /api/PurchaseOrders".to_owned();
        let Some((company_id, vendor_id, product_id)) = ids.create.clone() else {
            w.skip(
                VENDOR,
                title,
                request_line,
                format!("set {ENV_COMPANY_ID}, {ENV_VENDOR_ID} and {ENV_PRODUCT_ID} to create purchase orders"),
            )?;
            continue;
        };
        let request = if case_mode {
            samples::case_mode_purchase_order(company_id, vendor_id, &product_id)
        } else {
            samples::unit_mode_purchase_order(company_id, vendor_id, &product_id)
        };
        w.start(VENDOR, title, request_line)?;
        match request.clone().build() {
            Ok(body) => w.sends(&body)?,
            Err(e) => {
                w.end(Outcome::Failed(e.to_string()))?;
                continue;
            }
        }
        let result = client.purchase_orders().create_exactly_once(request).await;
        let check = match (&result, fake) {
            (Ok(created), Some(fake)) => Some(check_created(
                fake,
                created.id.get(),
                case_mode,
                &product_id,
            )),
            _ => None,
        };
        let created = w
            .finish(
                result,
                |created| {
                    if created.recovered {
                        format!(
                            "purchase order {} created (its answer was lost; found by looking, not created again)",
                            created.id
                        )
                    } else {
                        format!("purchase order {} created", created.id)
                    }
                },
                check,
            )?
            .map(|created| created.id);
        // Against a fake the new purchase order's first item is what steps
        // 3 to 5 change; the API does not return item IDs.
        if let (Some(id), Some(fake)) = (created, fake) {
            let item = fake
                .purchase_order(id.get())
                .and_then(|po| po.items.first().map(|i| i.id))
                .map(|item_id| PurchaseOrderItemRef {
                    purchase_order_id: id,
                    item_id: PurchaseOrderItemId::new(item_id),
                });
            if case_mode {
                ids.case_mode_item = item;
            } else {
                ids.unit_mode_item = item;
            }
        }
    }

    // Step 3: update an item in unit mode.
    let title = "update purchase order items in unit mode";
    match ids.unit_mode_item {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/Items".into(),
            missing_item(fake.is_some(), ENV_UNIT_PO_ID, ENV_UNIT_PO_ITEM_ID),
        )?,
        Some(item) => {
            let po = item.purchase_order_id;
            w.start(VENDOR, title, format!("PUT /api/PurchaseOrders/{po}/Items"))?;
            let qty = 24;
            let price = Decimal::new(425, 2);
            let update = UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(item.item_id)
                    .qty_units_ordered(qty)
                    .unit_price(price),
            );
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_items(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let stored = fake
                    .purchase_order(po.get())
                    .and_then(|p| p.item(item.item_id.get()).cloned())
                    .ok_or_else(|| format!("item {} is gone", item.item_id))?;
                expect("QtyUnitsOrdered", stored.qty_units_ordered, Some(qty))?;
                expect("UnitPrice", stored.unit_price, Some(price))?;
                describe_fake_po(fake, po.get())
            });
            w.finish(
                result,
                |()| format!("item {} of purchase order {po} updated", item.item_id),
                check,
            )?;
        }
    }

    // Step 4: update an item in case mode.
    let title = "update purchase order items in case mode";
    match ids.case_mode_item {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/Items".into(),
            missing_item(fake.is_some(), ENV_CASE_PO_ID, ENV_CASE_PO_ITEM_ID),
        )?,
        Some(item) => {
            let po = item.purchase_order_id;
            w.start(VENDOR, title, format!("PUT /api/PurchaseOrders/{po}/Items"))?;
            let (cases, per_case, price) = (3, 24, Decimal::new(9450, 2));
            let update = UpdatePurchaseOrderItems::case_mode().item(
                ItemUpdate::new(item.item_id)
                    .qty_cases_ordered(cases)
                    .qty_units_per_case(per_case)
                    .case_price(price),
            );
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_items(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let stored = fake
                    .purchase_order(po.get())
                    .and_then(|p| p.item(item.item_id.get()).cloned())
                    .ok_or_else(|| format!("item {} is gone", item.item_id))?;
                expect("QtyCasesOrdered", stored.qty_cases_ordered, Some(cases))?;
                expect("QtyUnitsPerCase", stored.qty_units_per_case, Some(per_case))?;
                expect("CasePrice", stored.case_price, Some(price))?;
                describe_fake_po(fake, po.get())
            });
            w.finish(
                result,
                |()| format!("item {} of purchase order {po} updated", item.item_id),
                check,
            )?;
        }
    }

    // Step 5: set tracking on the unit-mode purchase order.
    let title = "set the tracking number of a purchase order";
    match ids.unit_mode_item.map(|i| i.purchase_order_id) {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/PurchaseOrders/{id}/TrackingNumber".into(),
            if fake.is_some() {
                "the unit-mode purchase order was not created".to_owned()
            } else {
                format!("set {ENV_UNIT_PO_ID} (and {ENV_UNIT_PO_ITEM_ID}) to name a purchase order")
            },
        )?,
        Some(po) => {
            w.start(
                VENDOR,
                title,
                format!("PUT /api/PurchaseOrders/{po}/TrackingNumber"),
            )?;
            let tracking = "1Z999AA10123456784";
            // No ShippedOn: the vendor accepts it only once the purchase
            // order's shipping status is not "None" (document 004), which a
            // new purchase order's is.
            let update = UpdatePurchaseOrderTracking::new()
                .tracking_number(tracking)
                .shipped_via_carrier("UPS");
            sends_built(w, update.clone().build())?;
            let result = client.purchase_orders().update_tracking(po, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let shipping = fake
                    .purchase_order(po.get())
                    .map(|p| p.shipping)
                    .ok_or_else(|| format!("purchase order {po} is gone"))?;
                expect(
                    "TrackingNumber",
                    shipping.tracking_number.as_deref(),
                    Some(tracking),
                )?;
                Ok(format!(
                    "holds purchase order {po}: shipping status {:?}, tracking number {}, carrier {}, shipped on {}",
                    shipping.status,
                    show(shipping.tracking_number),
                    show(shipping.shipped_via_carrier),
                    show(shipping.shipped_on),
                ))
            });
            w.finish(
                result,
                |()| format!("tracking of purchase order {po} set"),
                check,
            )?;
        }
    }

    // Step 6: replace an order's shipping and billing addresses.
    let title = "update an order with full shipping and billing addresses";
    match ids.order_id {
        None => w.skip(
            VENDOR,
            title,
            "PUT /api/Orders/{id}".into(),
            format!("set {ENV_ORDER_ID} to name an order"),
        )?,
        Some(order_id) => {
            w.start(VENDOR, title, format!("PUT /api/Orders/{order_id}"))?;
            let update = UpdateOrder::new()
                .shipping_address(samples::full_order_address("Ada"))
                .billing_address(
                    samples::full_order_address("Charles")
                        .address_line1("1 Difference Engine Way")
                        .address_line2("Accounts payable"),
                );
            sends_built(w, update.clone().build())?;
            let result = client.orders().update(order_id, update).await;
            let check = fake.filter(|_| result.is_ok()).map(|fake| {
                let order = fake
                    .order(order_id.get())
                    .ok_or_else(|| format!("order {order_id} is gone"))?;
                let shipping = order.shipping_address.clone().unwrap_or_default();
                let billing = order.billing_address.clone().unwrap_or_default();
                expect(
                    "ShippingAddress.FirstName",
                    shipping.first_name.as_deref(),
                    Some("Ada"),
                )?;
                expect(
                    "BillingAddress.AddressLine1",
                    billing.address_line1.as_deref(),
                    Some("1 Difference Engine Way"),
                )?;
                Ok(format!(
                    "holds order {order_id}: ships to {}; bills to {}",
                    one_line(&shipping),
                    one_line(&billing)
                ))
            });
            w.finish(result, |()| format!("order {order_id} updated"), check)?;
        }
    }
    Ok(ids)
}

fn check_created(
    fake: &FakeSellercloud,
    id: i32,
    case_mode: bool,
    product_id: &str,
) -> Result<String, String> {
    let po = fake
        .purchase_order(id)
        .ok_or_else(|| format!("the fake has no purchase order {id}"))?;
    expect("CaseQtyMode", po.case_qty_mode, case_mode)?;
    expect(
        "Products[0].ProductID",
        po.items.first().map(|i| i.product_id.as_str()),
        Some(product_id),
    )?;
    describe_fake_po(fake, id)
}

fn missing_item(fake: bool, parent: &str, child: &str) -> String {
    if fake {
        "the purchase order it needs was not created".to_owned()
    } else {
        format!("set {parent} and {child} to name a purchase order item")
    }
}

fn sends_built<W: Write, B: Serialize, E: fmt::Display>(
    w: &mut Walk<'_, W>,
    built: Result<B, E>,
) -> io::Result<()> {
    match built {
        Ok(body) => w.sends(&body),
        // The call reports the same validation error; show it there.
        Err(_) => Ok(()),
    }
}

fn one_line(a: &fakes::sellercloud::StoredAddress) -> String {
    let parts = [
        &a.first_name,
        &a.last_name,
        &a.address_line1,
        &a.address_line2,
        &a.city,
        &a.state,
        &a.zip_code,
        &a.country,
    ];
    parts
        .iter()
        .filter_map(|p| p.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_fake_po(fake: &FakeSellercloud, id: i32) -> Result<String, String> {
    let po = fake
        .purchase_order(id)
        .ok_or_else(|| format!("the fake has no purchase order {id}"))?;
    let items: Vec<String> = po
        .items
        .iter()
        .map(|i| {
            if po.case_qty_mode {
                format!(
                    "item {} {}: {} case(s) of {} at {}",
                    i.id,
                    i.product_id,
                    show(i.qty_cases_ordered),
                    show(i.qty_units_per_case),
                    show(i.case_price),
                )
            } else {
                format!(
                    "item {} {}: {} unit(s) at {}",
                    i.id,
                    i.product_id,
                    show(i.qty_units_ordered),
                    show(i.unit_price),
                )
            }
        })
        .collect();
    Ok(format!(
        "holds purchase order {id} in {} mode, {}",
        if po.case_qty_mode { "case" } else { "unit" },
        items.join(", ")
    ))
}
