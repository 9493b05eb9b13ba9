//! Updates one purchase order row.
//!
//! ```text
//! SHOPCTRL_BASE_URL=https://shop.example.com:52222 \
//! SHOPCTRL_USERNAME=api-user SHOPCTRL_PASSWORD=... \
//! cargo run -p shopctrl --example update_purchase_order_row -- <purchaseOrderId> <rowId> <quantity>
//! ```
//!
//! Without the environment variables or the arguments it prints what to
//! set and exits successfully, sending nothing.

use shopctrl::{Client, Decimal, Error, PurchaseOrderId, RowId, UpdatePurchaseOrderRow};
use std::process::ExitCode;
use std::str::FromStr;

const USAGE: &str = "usage: update_purchase_order_row <purchaseOrderId> <rowId> <quantity>\n\
  e.g. update_purchase_order_row 7 1 2.5";

#[tokio::main]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(Error::Config { setting, problem }) => {
            println!("Not configured: {setting} {problem}.");
            println!(
                "Set {}, {} and {} to run this example.",
                shopctrl::ENV_BASE_URL,
                shopctrl::ENV_USERNAME,
                shopctrl::ENV_PASSWORD
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };

    let args: Vec<String> = std::env::args().skip(1).collect();
    let [purchase_order_id, row_id, quantity] = args.as_slice() else {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let (Ok(purchase_order_id), Ok(row_id), Ok(quantity)) = (
        purchase_order_id.parse::<PurchaseOrderId>(),
        row_id.parse::<RowId>(),
        Decimal::from_str(quantity),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };

    // Only the quantity is sent; StockItems is left out, so the row keeps
    // its stored stock items.
    let row = UpdatePurchaseOrderRow::new(row_id).item_quantity(quantity);
    match client
        .purchase_orders()
        .update_row(purchase_order_id, row)
        .await
    {
        Ok(()) => {
            println!("Row {row_id} of purchase order {purchase_order_id} updated.");
            ExitCode::SUCCESS
        }
        Err(e @ Error::Api { .. }) => {
            eprintln!("{e}");
            for problem in e.field_errors_for("ItemQuantity") {
                eprintln!("  ItemQuantity: {problem}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            if e.may_have_been_applied() {
                eprintln!("The update may have been applied; it is safe to run again.");
            }
            ExitCode::FAILURE
        }
    }
}
