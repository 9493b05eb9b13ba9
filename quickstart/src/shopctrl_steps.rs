//! The ShopCtrl step (7): update a purchase order row, replacing its stock
//! items; against a fake, seeded with the row and checked afterwards.

use crate::report::{Vendor, Walk, expect, show};
use crate::{
    DEMO_SHOPCTRL_PURCHASE_ORDER_ID, DEMO_SHOPCTRL_ROW_ID, ENV_SHOPCTRL_PURCHASE_ORDER_ID,
    ENV_SHOPCTRL_ROW_ID, ShopCtrlTarget,
};
use fakes::shopctrl::FakeShopCtrl;
use rust_decimal::Decimal;
use shopctrl::{PurchaseOrderId, RowId, StockItemUpdate, UpdatePurchaseOrderRow};
use std::io::{self, Write};

/// Step 7; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &ShopCtrlTarget<'_>,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    const VENDOR: Vendor = Vendor::ShopCtrl;
    let title = "update a purchase order row, replacing its stock items";
    let (client, fake, row) = match target {
        ShopCtrlTarget::Fake { fake, client } => {
            seed_shopctrl_row(fake);
            (
                client,
                Some(*fake),
                Some((
                    PurchaseOrderId::new(DEMO_SHOPCTRL_PURCHASE_ORDER_ID),
                    RowId::new(DEMO_SHOPCTRL_ROW_ID),
                )),
            )
        }
        ShopCtrlTarget::Real { client, ids } => (client, None, ids.row),
    };
    let Some((po, row_id)) = row else {
        return w.skip(
            VENDOR,
            title,
            "PUT /v1/PurchaseOrders/{purchaseOrderId}/Rows".into(),
            format!("set {ENV_SHOPCTRL_PURCHASE_ORDER_ID} and {ENV_SHOPCTRL_ROW_ID} to name a row"),
        );
    };
    w.start(VENDOR, title, format!("PUT /v1/PurchaseOrders/{po}/Rows"))?;
    let delivery = chrono::DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00")
        .expect("a valid RFC 3339 date-time");
    let quantity = Decimal::new(40, 1);
    let update = UpdatePurchaseOrderRow::new(row_id)
        .item_quantity(quantity)
        .item_price_ex_vat(Decimal::new(1250, 2))
        .row_total_ex_vat(Decimal::new(5000, 2))
        .comment("SDK quickstart")
        .expected_delivery_date(delivery)
        .stock_items(vec![
            StockItemUpdate::new(1)
                .lot_number("LOT-A")
                .expiry_date(delivery),
            StockItemUpdate::new(3).lot_number("LOT-B"),
        ]);
    // A row that breaks a rule is refused by the call below, which says why.
    if let Some(json) = update
        .clone()
        .build()
        .ok()
        .and_then(|body| serde_json::to_string(&body).ok())
    {
        w.line("sends", format!("PUT /v1/PurchaseOrders/{po}/Rows {json}"))?;
    }
    let before = fake
        .and_then(|f| f.row(po.get(), row_id.get()))
        .map(|r| stock_list(&r.stock_items));
    let result = client.purchase_orders().update_row(po, update).await;
    let check = fake.filter(|_| result.is_ok()).map(|fake| {
        let stored = fake
            .row(po.get(), row_id.get())
            .ok_or_else(|| format!("row {row_id} is gone"))?;
        expect("ItemQuantity", stored.item_quantity, Some(quantity))?;
        let lots: Vec<(Option<&str>, i32)> = stored
            .stock_items
            .iter()
            .map(|s| (s.lot_number.as_deref(), s.quantity))
            .collect();
        expect(
            "StockItems",
            lots,
            vec![(Some("LOT-A"), 1), (Some("LOT-B"), 3)],
        )?;
        Ok(format!(
            "holds row {row_id} of purchase order {po}: quantity {}, price {} ex VAT, expected {}, stock items {} (replacing {})",
            show(stored.item_quantity),
            show(stored.item_price_ex_vat),
            show(stored.expected_delivery_date),
            stock_list(&stored.stock_items),
            before.as_deref().unwrap_or("none"),
        ))
    });
    w.finish(
        result,
        |()| format!("row {row_id} of purchase order {po} updated"),
        check,
    )?;
    Ok(())
}

fn stock_list(items: &[fakes::shopctrl::StoredStockItem]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(|s| format!("{} x{}", show(s.lot_number.as_deref()), s.quantity))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Makes sure the fake has the demo row, holding one old stock item that
/// the update replaces.
fn seed_shopctrl_row(fake: &FakeShopCtrl) {
    if fake
        .row(DEMO_SHOPCTRL_PURCHASE_ORDER_ID, DEMO_SHOPCTRL_ROW_ID)
        .is_some()
    {
        return;
    }
    let mut po = fake
        .purchase_order(DEMO_SHOPCTRL_PURCHASE_ORDER_ID)
        .unwrap_or_else(|| {
            fakes::shopctrl::StoredPurchaseOrderRows::new(DEMO_SHOPCTRL_PURCHASE_ORDER_ID)
        });
    po.rows.push(fakes::shopctrl::StoredRow {
        product_code: Some("DEMO-1".into()),
        item_quantity: Some(Decimal::from(2)),
        stock_items: vec![fakes::shopctrl::StoredStockItem {
            lot_number: Some("OLD-LOT".into()),
            quantity: 2,
            ..Default::default()
        }],
        ..fakes::shopctrl::StoredRow::new(DEMO_SHOPCTRL_ROW_ID)
    });
    fake.seed_purchase_order(po);
}
