//! The ShopCtrl purchase order steps (13 to 17): create a purchase order
//! with a row exactly once, add a row, update it, provision the first row
//! with a lot, an expiry date and a location, and list what changed since
//! the create; against a fake, each checked in its state.

use crate::ShopCtrlTarget;
use crate::environment::{ENV_SHOPCTRL_SHOP_OWNER_ID, ENV_SHOPCTRL_SUPPLIER_ID};
use crate::report::{Vendor, Walk, expect, show};
use fakes::shopctrl::{FakeShopCtrl, StoredShopProduct};
use futures::StreamExt;
use rust_decimal::Decimal;
use shopctrl::{
    ChangeCursor, ChangeOptions, CreatePurchaseOrder, ExactlyOnce, NewPurchaseOrderRow, ProductId,
    ProvisionItem, PurchaseOrderFilter, PurchaseOrderId, RowId, ShopOwnerId, SupplierId,
    WarehouseLocationId,
};
use std::io::{self, Write};
use std::time::Duration;

const VENDOR: Vendor = Vendor::ShopCtrl;

/// The shop owner, supplier and product the steps use against a fake.
const DEMO_SHOP_OWNER_ID: i32 = 1;
const DEMO_SUPPLIER_ID: i32 = 7;
const DEMO_PRODUCT_ID: i32 = 501;

const TITLES: [(&str, &str); 5] = [
    (
        "create a purchase order with a row, exactly once",
        "POST /v1/ShopOwners/{shopOwnerId}/PurchaseOrders",
    ),
    (
        "add a second row",
        "POST /v1/PurchaseOrders/{purchaseOrderId}/Rows",
    ),
    (
        "update the added row",
        "PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows",
    ),
    (
        "provision the first row with a lot, an expiry date and a location",
        "POST /v1/PurchaseOrders/{purchaseOrderId}/AdvancedProvision",
    ),
    (
        "list the purchase orders changed since the create",
        "GET /v1/ShopOwners/{shopOwnerId}/PurchaseOrders",
    ),
];

/// Steps 13 to 17; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &ShopCtrlTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    let (client, fake, owner) = match target {
        ShopCtrlTarget::Fake { fake, client } => {
            seed_product(fake);
            let owner = (
                ShopOwnerId::new(DEMO_SHOP_OWNER_ID),
                SupplierId::new(DEMO_SUPPLIER_ID),
            );
            (client, Some(*fake), Some(owner))
        }
        ShopCtrlTarget::Real { client, ids } => (client, None, ids.owner),
    };
    let Some((owner, supplier)) = owner else {
        for (title, request) in TITLES {
            w.skip(
                VENDOR,
                title,
                request.into(),
                format!("set {ENV_SHOPCTRL_SHOP_OWNER_ID} and {ENV_SHOPCTRL_SUPPLIER_ID}"),
            )?;
        }
        return Ok(());
    };
    let steps = Steps { client, fake };
    let since =
        ChangeCursor::starting_at(client.server_clock().now() - chrono::TimeDelta::seconds(1));
    let Some(po) = steps.create(w, owner, supplier).await? else {
        return skip_rest(w, 1, "the purchase order was not created");
    };
    let Some(added) = steps.add_row(w, po).await? else {
        return skip_rest(w, 2, "the row was not added");
    };
    steps.update_row(w, po, added).await?;
    steps.provision(w, po).await?;
    steps.changed(w, owner, po, since).await
}

fn skip_rest<W: Write + Send>(w: &mut Walk<'_, W>, from: usize, why: &str) -> io::Result<()> {
    for (title, request) in &TITLES[from..] {
        w.skip(VENDOR, title, (*request).into(), why.into())?;
    }
    Ok(())
}

struct Steps<'a> {
    client: &'a shopctrl::Client,
    fake: Option<&'a FakeShopCtrl>,
}

impl Steps<'_> {
    async fn create<W: Write + Send>(
        &self,
        w: &mut Walk<'_, W>,
        owner: ShopOwnerId,
        supplier: SupplierId,
    ) -> io::Result<Option<PurchaseOrderId>> {
        let (title, _) = TITLES[0];
        w.start(
            VENDOR,
            title,
            format!("POST /v1/ShopOwners/{owner}/PurchaseOrders"),
        )?;
        let request = CreatePurchaseOrder::new(owner, supplier, Decimal::ONE, Decimal::new(495, 2))
            .comment("SDK quickstart")
            .row(
                NewPurchaseOrderRow::new()
                    .product_id(ProductId::new(DEMO_PRODUCT_ID))
                    .product_code("DEMO-501")
                    .item_quantity(Decimal::from(4))
                    .item_price_ex_vat(Decimal::new(1250, 2))
                    .row_total_ex_vat(Decimal::new(5000, 2)),
            );
        // `OurReference` is left to the SDK: it makes one up, and a lost
        // answer is found by it (and the first row's comment) instead of
        // creating a second purchase order.
        if let Ok(body) = request.clone().build() {
            w.sends(&body)?;
        }
        let options = ExactlyOnce::new().settle(Duration::from_millis(200));
        let result = self
            .client
            .purchase_orders()
            .create_exactly_once(request, options)
            .await;
        let check = self.fake.filter(|_| result.is_ok()).map(|fake| {
            let id = result.as_ref().map(|c| c.id.get()).unwrap_or_default();
            let stored = fake
                .purchase_order(id)
                .ok_or_else(|| format!("purchase order {id} is not stored"))?;
            expect("rows", stored.rows.len(), 1)?;
            Ok(format!(
                "holds purchase order {id} of shop owner {}: OurReference {}, shipping {} ex VAT, {} purchase order(s) in all",
                show(stored.shop_owner_id),
                show(stored.our_reference.as_deref()),
                show(stored.shipping_costs_ex_vat),
                fake.purchase_orders().len(),
            ))
        });
        let created = w.finish(
            result,
            |c| {
                if c.recovered {
                    format!(
                        "purchase order {} created (its answer was lost; found by looking, not created again)",
                        c.id
                    )
                } else {
                    format!("purchase order {} created", c.id)
                }
            },
            check,
        )?;
        Ok(created.map(|c| c.id))
    }

    async fn add_row<W: Write + Send>(
        &self,
        w: &mut Walk<'_, W>,
        po: PurchaseOrderId,
    ) -> io::Result<Option<RowId>> {
        let (title, _) = TITLES[1];
        w.start(VENDOR, title, format!("POST /v1/PurchaseOrders/{po}/Rows"))?;
        let expected = chrono::DateTime::parse_from_rfc3339("2026-02-02T09:00:00+01:00")
            .expect("a valid RFC 3339 date-time");
        let row = NewPurchaseOrderRow::new()
            .product_code("DEMO-502")
            .item_quantity(Decimal::new(25, 1))
            .item_price_ex_vat(Decimal::new(399, 2))
            .expected_delivery_date(expected);
        if let Ok(body) = row.clone().build() {
            w.sends(&body)?;
        }
        let orders = self.client.purchase_orders();
        // The answer has no body: the new row's Id comes from reading the rows.
        let result = match orders.add_row(po, row).await {
            Ok(()) => orders.rows(po).await.map(|rows| {
                rows.into_iter()
                    .find(|r| r.wire.product_code.as_deref() == Some("DEMO-502"))
                    .map(|r| r.id)
            }),
            Err(e) => Err(e),
        };
        let check = self.fake.filter(|_| result.is_ok()).map(|fake| {
            let rows = fake.rows(po.get()).unwrap_or_default();
            expect("rows", rows.len(), 2)?;
            let added = &rows[1];
            expect(
                "ItemQuantity",
                added.item_quantity,
                Some(Decimal::new(25, 1)),
            )?;
            Ok(format!(
                "holds row {} of purchase order {po}: quantity {}, expected {}",
                added.id,
                show(added.item_quantity),
                show(added.expected_delivery_date.as_deref()),
            ))
        });
        let added = w.finish(
            result,
            |id| match id {
                Some(id) => {
                    format!("row {id} added to purchase order {po} (read back from its rows)")
                }
                None => format!("row added to purchase order {po}, but not found in its rows"),
            },
            check,
        )?;
        Ok(added.flatten())
    }

    async fn update_row<W: Write + Send>(
        &self,
        w: &mut Walk<'_, W>,
        po: PurchaseOrderId,
        row: RowId,
    ) -> io::Result<()> {
        let (title, _) = TITLES[2];
        w.start(VENDOR, title, format!("PUT /v1/PurchaseOrders/{po}/Rows"))?;
        let quantity = Decimal::from(3);
        // Sent complete (read, changed, written), so the row ends the same
        // whether the server merges or overwrites.
        w.line(
            "sends",
            format!("PUT /v1/PurchaseOrders/{po}/Rows (row {row} complete, ItemQuantity 3, Comment \"three after all\")"),
        )?;
        let result = self
            .client
            .purchase_orders()
            .update_row_complete(po, row, |r| {
                r.item_quantity(quantity).comment("three after all")
            })
            .await;
        let check = self.fake.filter(|_| result.is_ok()).map(|fake| {
            let stored = fake
                .row(po.get(), row.get())
                .ok_or_else(|| format!("row {row} is gone"))?;
            expect("ItemQuantity", stored.item_quantity, Some(quantity))?;
            expect(
                "ProductCode",
                stored.product_code.as_deref(),
                Some("DEMO-502"),
            )?;
            Ok(format!(
                "holds row {row}: quantity {}, comment {}, product {} (kept)",
                show(stored.item_quantity),
                show(stored.comment.as_deref()),
                show(stored.product_code.as_deref()),
            ))
        });
        w.finish(
            result,
            |()| format!("row {row} of purchase order {po} updated"),
            check,
        )?;
        Ok(())
    }

    async fn provision<W: Write + Send>(
        &self,
        w: &mut Walk<'_, W>,
        po: PurchaseOrderId,
    ) -> io::Result<()> {
        let (title, _) = TITLES[3];
        w.start(
            VENDOR,
            title,
            format!("POST /v1/PurchaseOrders/{po}/AdvancedProvision"),
        )?;
        let orders = self.client.purchase_orders();
        let first = match orders.rows(po).await {
            Ok(rows) => rows
                .into_iter()
                .find(|r| r.wire.product_code.as_deref() == Some("DEMO-501")),
            Err(e) => {
                w.finish::<(), _>(Err(e), |()| String::new(), None)?;
                return Ok(());
            }
        };
        let Some(first) = first else {
            return w.end(crate::Outcome::Failed("the first row is not listed".into()));
        };
        let expiry = chrono::DateTime::parse_from_rfc3339("2027-03-01T00:00:00+01:00")
            .expect("a valid RFC 3339 date-time");
        let items = vec![
            ProvisionItem::new(first.id, 2)
                .lot_number("LOT-2026-12")
                .expiry_date(expiry)
                .warehouse_location_id(WarehouseLocationId::new(4)),
        ];
        let body: Vec<_> = items
            .iter()
            .cloned()
            .map(ProvisionItem::into_wire)
            .collect();
        w.sends(&body)?;
        let result = orders.provision(po, items).await;
        let check = self.fake.filter(|_| result.is_ok()).map(|fake| {
            let stored = fake
                .row(po.get(), first.id.get())
                .ok_or_else(|| format!("row {} is gone", first.id))?;
            expect("ItemQuantityDelivered", stored.item_quantity_delivered, Some(Decimal::from(2)))?;
            let stock = fake
                .products()
                .into_iter()
                .find(|p| p.id == DEMO_PRODUCT_ID)
                .and_then(|p| p.stock.into_iter().find(|s| s.warehouse_location_id == 4))
                .map(|s| s.qty_on_hand);
            Ok(format!(
                "holds row {}: ItemQuantityDelivered {} of {}; product {DEMO_PRODUCT_ID} has {} on hand at location 4",
                first.id,
                show(stored.item_quantity_delivered),
                show(stored.item_quantity),
                show(stock),
            ))
        });
        w.finish(
            result,
            |()| format!("2 units of row {} received at location 4", first.id),
            check,
        )?;
        Ok(())
    }

    async fn changed<W: Write + Send>(
        &self,
        w: &mut Walk<'_, W>,
        owner: ShopOwnerId,
        po: PurchaseOrderId,
        since: ChangeCursor,
    ) -> io::Result<()> {
        let (title, _) = TITLES[4];
        w.start(
            VENDOR,
            title,
            format!("GET /v1/ShopOwners/{owner}/PurchaseOrders"),
        )?;
        w.line(
            "sends",
            format!(
                "GET /v1/ShopOwners/{owner}/PurchaseOrders (fromDateChanged {}, untilDateChanged now)",
                since.since().to_rfc3339()
            ),
        )?;
        // A demo reads up to now; a sync keeps the default settle margin, so
        // that a change still being written belongs to its next run.
        let options = ChangeOptions::new().settle(Duration::ZERO);
        let mut changes = self.client.purchase_orders().changed_since_with(
            PurchaseOrderFilter::new(owner),
            since,
            options,
        );
        let mut listed = Vec::new();
        let mut failure = None;
        while let Some(changed) = changes.next().await {
            match changed {
                Ok(changed) => listed.push((changed.record.id, changed.record.wire.order_code)),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        let result = match failure {
            Some(e) => Err(e),
            None => Ok(listed),
        };
        let check = self.fake.filter(|_| result.is_ok()).map(|_| {
            let ids: Vec<PurchaseOrderId> = result
                .as_ref()
                .map(|l| l.iter().map(|(id, _)| *id).collect())
                .unwrap_or_default();
            if ids.contains(&po) {
                Ok(format!("purchase order {po} is among them"))
            } else {
                Err(format!("purchase order {po} is not among {ids:?}"))
            }
        });
        let cursor = changes.cursor();
        w.finish(
            result,
            |listed| {
                let names: Vec<String> = listed
                    .iter()
                    .map(|(id, code)| format!("{id} ({})", show(code.as_deref())))
                    .collect();
                format!(
                    "{} changed: {}; the next run starts at {}",
                    listed.len(),
                    names.join(", "),
                    cursor.since().to_rfc3339()
                )
            },
            check,
        )?;
        Ok(())
    }
}

/// Makes sure the fake knows the demo product, so provisioning moves stock.
fn seed_product(fake: &FakeShopCtrl) {
    if !fake.products().iter().any(|p| p.id == DEMO_PRODUCT_ID) {
        fake.seed_product(StoredShopProduct::new(DEMO_PRODUCT_ID, "DEMO-501", 1));
    }
}
