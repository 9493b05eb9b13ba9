//! The Sellercloud steps of the vendor's newer purchase-order pages (12 to
//! 15), on the unit-mode purchase order of step 1: set tracking in the mode
//! the server is in (the client setting "Enable Multiple Tracking Numbers
//! On PO", found by reading), set the invoice number, update the general
//! details and the totals.

use crate::lifecycle_steps::{check_stored, unit_purchase_order_or_skip};
use crate::report::{Vendor, Walk, expect};
use crate::{SellercloudIds, SellercloudTarget};
use rust_decimal::Decimal;
use sellercloud::{
    AddTrackingNumbers, NewTrackingNumber, SetTracking, ShippingStatus, TrackingMode,
    UpdatePurchaseOrderDetails, UpdatePurchaseOrderInvoice, UpdatePurchaseOrderTotals,
    UpdatePurchaseOrderTracking,
};
use std::io::{self, Write};

const VENDOR: Vendor = Vendor::Sellercloud;
const TRACKING: &str = "set tracking in the mode the server is in";
const INVOICE: &str = "set the invoice";
const DETAILS: &str = "update a purchase order's general details";
const TOTALS: &str = "update a purchase order's totals";
const INSTRUCTIONS: &str = "Deliver to dock 4";
const TRACKING_NUMBER: &str = "QS-1Z-2";
const INVOICE_NUMBER: &str = "QS-INV-2";

/// Steps 12 to 15; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    ids: &SellercloudIds,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    let (client, fake) = target.parts();
    let steps = [
        (
            TRACKING,
            "PUT /api/PurchaseOrders/{id}/TrackingNumber (or .../Multiple)",
        ),
        (INVOICE, "PUT /api/PurchaseOrders/{id}/Invoice"),
        (DETAILS, "PUT /api/PurchaseOrders/{id}"),
        (TOTALS, "PUT /api/PurchaseOrders/{id}/Total"),
    ];
    let Some(po) = unit_purchase_order_or_skip(ids, fake.is_some(), w, &steps)? else {
        return Ok(());
    };
    let pos = client.purchase_orders();

    // Step 12: the mode is read first (a read only), then the change is
    // written for that mode.
    let mode = pos.tracking_mode(po).await;
    let request = match mode {
        Ok(TrackingMode::Multiple) => {
            format!("POST /api/PurchaseOrders/{po}/TrackingNumber/Multiple")
        }
        _ => format!("PUT /api/PurchaseOrders/{po}/TrackingNumber"),
    };
    w.start(VENDOR, TRACKING, request)?;
    let result = match mode {
        Ok(TrackingMode::Single) => {
            let update = UpdatePurchaseOrderTracking::new()
                .shipped_via_carrier("UPS")
                .tracking_number(TRACKING_NUMBER);
            if let Ok(body) = update.clone().build() {
                w.sends(&body)?;
            }
            pos.set_tracking(po, SetTracking::Single(update))
                .await
                .map(|()| TrackingMode::Single)
        }
        Ok(TrackingMode::Multiple) => {
            let add = AddTrackingNumbers::new().tracking_number(NewTrackingNumber::new(
                chrono::Utc::now(),
                "UPS",
                TRACKING_NUMBER,
                ShippingStatus::PartiallyShipped,
            ));
            if let Ok(body) = add.clone().build() {
                w.sends(&body)?;
            }
            pos.set_tracking(po, SetTracking::Multiple(add))
                .await
                .map(|()| TrackingMode::Multiple)
        }
        Err(e) => Err(e),
    };
    let check = check_stored(fake, &result, po, |stored| {
        let numbers: Vec<String> = stored
            .details
            .tracking_numbers
            .iter()
            .map(|t| t.tracking_number.clone())
            .chain(stored.shipping.tracking_number.clone())
            .collect();
        expect(
            "the tracking number",
            numbers.contains(&TRACKING_NUMBER.to_owned()),
            true,
        )?;
        Ok(format!(
            "holds tracking number {TRACKING_NUMBER} on purchase order {po}"
        ))
    });
    w.finish(
        result,
        |mode| {
            format!(
                "tracking set in {} mode",
                match mode {
                    TrackingMode::Single => "single",
                    _ => "multiple",
                }
            )
        },
        check,
    )?;

    // Step 13: the invoice number.
    w.start(
        VENDOR,
        INVOICE,
        format!("PUT /api/PurchaseOrders/{po}/Invoice"),
    )?;
    let update = UpdatePurchaseOrderInvoice::new().invoice_number(INVOICE_NUMBER);
    if let Ok(body) = update.clone().build() {
        w.sends(&body)?;
    }
    let result = pos.update_invoice(po, update).await;
    let check = check_stored(fake, &result, po, |stored| {
        expect(
            "the invoice number",
            stored.details.invoice_number.as_deref(),
            Some(INVOICE_NUMBER),
        )?;
        Ok(format!(
            "holds invoice {INVOICE_NUMBER} on purchase order {po}"
        ))
    });
    w.finish(result, |()| format!("invoice {INVOICE_NUMBER} set"), check)?;

    // Step 14: the general details (only the instructions change).
    w.start(VENDOR, DETAILS, format!("PUT /api/PurchaseOrders/{po}"))?;
    let update = UpdatePurchaseOrderDetails::new().instructions(INSTRUCTIONS);
    if let Ok(body) = update.clone().build() {
        w.sends(&body)?;
    }
    let result = pos.update_details(po, update).await;
    let check = check_stored(fake, &result, po, |stored| {
        expect(
            "the instructions",
            stored.details.instructions.as_deref(),
            Some(INSTRUCTIONS),
        )?;
        Ok(format!("holds the instructions of purchase order {po}"))
    });
    w.finish(result, |()| "general details updated".to_owned(), check)?;

    // Step 15: the totals, exact decimals.
    let tax = Decimal::new(1234, 2);
    w.start(
        VENDOR,
        TOTALS,
        format!("PUT /api/PurchaseOrders/{po}/Total"),
    )?;
    let update = UpdatePurchaseOrderTotals::new().tax_total(tax);
    if let Ok(body) = update.clone().build() {
        w.sends(&body)?;
    }
    let result = pos.update_totals(po, update).await;
    let check = check_stored(fake, &result, po, |stored| {
        expect("the tax total", stored.details.tax_total, Some(tax))?;
        Ok(format!("holds tax total {tax} on purchase order {po}"))
    });
    w.finish(result, |()| format!("tax total {tax} set"), check)?;
    Ok(())
}
