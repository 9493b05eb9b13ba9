//! Sets the carrier and tracking number of a purchase order (single
//! tracking), shipped now.
//!
//! ```text
//! SELLERCLOUD_SERVER_ID=tt SELLERCLOUD_USERNAME=... SELLERCLOUD_PASSWORD=... \
//!   cargo run -p sellercloud --example update_purchase_order_tracking -- <po_id> <carrier> <tracking_number>
//! ```
//!
//! Without the environment or the arguments it explains what to set and
//! exits successfully.

use sellercloud::{Client, UpdatePurchaseOrderTracking, Utc};
use std::process::ExitCode;

const USAGE: &str = "usage: update_purchase_order_tracking <po_id> <carrier> <tracking_number>";

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
    let [po_id, carrier, tracking_number] = args.as_slice() else {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let Ok(po_id) = po_id.parse() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };

    let update = UpdatePurchaseOrderTracking::new()
        .shipped_on(Utc::now())
        .shipped_via_carrier(carrier.as_str())
        .tracking_number(tracking_number.as_str());
    match client
        .purchase_orders()
        .update_tracking(po_id, update)
        .await
    {
        Ok(()) => {
            println!("purchase order {po_id} shipped via {carrier}, tracking {tracking_number}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
