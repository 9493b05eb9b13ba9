//! The Sellercloud steps of the vendor's newer purchase-order pages (12 and
//! 13), on the unit-mode purchase order of step 1: set tracking in the mode
//! the server is in (the client setting "Enable Multiple Tracking Numbers
//! On PO", found by reading), and set the invoice number.

use crate::report::{Vendor, Walk, expect};
use crate::{ENV_UNIT_PO_ID, SellercloudIds, SellercloudTarget};
use sellercloud::{
    AddTrackingNumbers, NewTrackingNumber, SetTracking, ShippingStatus, TrackingMode,
    UpdatePurchaseOrderInvoice, UpdatePurchaseOrderTracking,
};
use std::io::{self, Write};

const VENDOR: Vendor = Vendor::Sellercloud;
const TRACKING: &str = "set tracking in the mode the server is in";
const INVOICE: &str = "set the invoice";
const TRACKING_NUMBER: &str = "QS-1Z-2";
const INVOICE_NUMBER: &str = "QS-INV-2";

/// Steps 12 and 13; see the [crate docs](crate).
pub(crate) async fn part<W: Write + Send>(
    target: &SellercloudTarget<'_>,
    ids: &SellercloudIds,
    w: &mut Walk<'_, W>,
) -> io::Result<()> {
    let (client, fake) = match target {
        SellercloudTarget::Fake { fake, client } => (client, Some(*fake)),
        SellercloudTarget::Real { client, .. } => (client, None),
    };
    let invoice_path = "PUT /api/PurchaseOrders/{id}/Invoice";
    let Some(po) = ids.unit_mode_item.map(|i| i.purchase_order_id) else {
        let why = if fake.is_some() {
            "the unit-mode purchase order was not created".to_owned()
        } else {
            format!("set {ENV_UNIT_PO_ID} to name a purchase order")
        };
        w.skip(
            VENDOR,
            TRACKING,
            "PUT /api/PurchaseOrders/{id}/TrackingNumber[/Multiple]".into(),
            why.clone(),
        )?;
        return w.skip(VENDOR, INVOICE, invoice_path.into(), why);
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
    let check = fake.filter(|_| result.is_ok()).map(|fake| {
        let stored = fake
            .purchase_order(po.get())
            .ok_or("the purchase order is gone")?;
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
        invoice_path.replace("{id}", &po.to_string()),
    )?;
    let update = UpdatePurchaseOrderInvoice::new().invoice_number(INVOICE_NUMBER);
    if let Ok(body) = update.clone().build() {
        w.sends(&body)?;
    }
    let result = pos.update_invoice(po, update).await;
    let check = fake.filter(|_| result.is_ok()).map(|fake| {
        let stored = fake
            .purchase_order(po.get())
            .ok_or("the purchase order is gone")?;
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
    Ok(())
}
