//! Changes the ordered quantity of one purchase order item.
//!
//! ```text
//! SELLERCLOUD_SERVER_ID=tt SELLERCLOUD_USERNAME=... SELLERCLOUD_PASSWORD=... \
//!   cargo run -p sellercloud --example update_purchase_order_items -- <po_id> <item_id> <units|cases> <qty>
//! ```
//!
//! `units` sets `QtyUnitsOrdered` (purchase order not in case quantity mode),
//! `cases` sets `QtyCasesOrdered` (case quantity mode). Without the
//! environment or the arguments it explains what to set and exits
//! successfully.

use sellercloud::{Client, ItemUpdate, UpdatePurchaseOrderItems};
use std::process::ExitCode;

const USAGE: &str = "usage: update_purchase_order_items <po_id> <item_id> <units|cases> <qty>";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            println!("{e}");
            println!(
                "set SELLERCLOUD_BASE_URL (or SELLERCLOUD_SERVER_ID), SELLERCLOUD_USERNAME and SELLERCLOUD_PASSWORD to run this example"
            );
            return ExitCode::SUCCESS;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [po_id, item_id, mode, qty] = args.as_slice() else {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let (Ok(po_id), Ok(item_id), Ok(qty)) = (po_id.parse(), item_id.parse(), qty.parse()) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };

    // The mode is part of the builder's type: each arm offers only its own fields.
    let result = match mode.as_str() {
        "units" => {
            let update = UpdatePurchaseOrderItems::unit_mode()
                .item(ItemUpdate::new(item_id).qty_units_ordered(qty));
            client.purchase_orders().update_items(po_id, update).await
        }
        "cases" => {
            let update = UpdatePurchaseOrderItems::case_mode()
                .item(ItemUpdate::new(item_id).qty_cases_ordered(qty));
            client.purchase_orders().update_items(po_id, update).await
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => {
            println!("updated item {item_id} of purchase order {po_id}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
