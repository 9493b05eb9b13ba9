//! Moves an order to another customer and switches off its inventory count.
//!
//! ```text
//! SELLERCLOUD_SERVER_ID=tt SELLERCLOUD_USERNAME=... SELLERCLOUD_PASSWORD=... \
//!   cargo run -p sellercloud --example update_order -- <order_id> <customer_id>
//! ```
//!
//! Without the environment or the arguments it explains what to set and
//! exits successfully.

use sellercloud::{Client, Error, UpdateOrder};
use std::process::ExitCode;

const USAGE: &str = "usage: update_order <order_id> <customer_id>";

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
    let [order_id, customer_id] = args.as_slice() else {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let (Ok(order_id), Ok(customer_id)) = (order_id.parse(), customer_id.parse()) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };

    let update = UpdateOrder::new()
        .customer_id(customer_id)
        .disable_inventory_count(true);
    match client.orders().update(order_id, update).await {
        Ok(()) => {
            println!("order {order_id} now belongs to customer {customer_id}");
            ExitCode::SUCCESS
        }
        Err(Error::Api {
            status,
            message,
            field_errors,
            ..
        }) => {
            eprintln!(
                "Sellercloud refused the update ({status}): {}",
                message.unwrap_or_default()
            );
            for (field, problems) in field_errors {
                eprintln!("  {field}: {}", problems.join("; "));
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
