//! Creates a purchase order in unit mode with one product line.
//!
//! ```text
//! SELLERCLOUD_SERVER_ID=tt SELLERCLOUD_USERNAME=... SELLERCLOUD_PASSWORD=... \
//!   cargo run -p sellercloud --example create_purchase_order -- <company_id> <vendor_id> <product_id> <qty> <unit_price>
//! ```
//!
//! Without the environment or the arguments it explains what to set and
//! exits successfully. `RUST_LOG=sellercloud=debug` shows the calls.

use sellercloud::{
    Client, CompanyId, CreatePurchaseOrder, Decimal, NewPurchaseOrderProduct, PoType, VendorId,
};
use std::process::ExitCode;

const USAGE: &str =
    "usage: create_purchase_order <company_id> <vendor_id> <product_id> <qty> <unit_price>";

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
    let [company_id, vendor_id, product_id, qty, unit_price] = args.as_slice() else {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    };
    let (Ok(company_id), Ok(vendor_id), Ok(qty), Ok(unit_price)) = (
        company_id.parse::<CompanyId>(),
        vendor_id.parse::<VendorId>(),
        qty.parse::<i32>(),
        unit_price.parse::<Decimal>(),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };

    let request = CreatePurchaseOrder::new()
        .company_id(company_id)
        .vendor_id(vendor_id)
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .description("created by the sellercloud crate's example")
        .product(
            NewPurchaseOrderProduct::new(product_id.as_str())
                .qty_units_ordered(qty)
                .unit_price(unit_price),
        );
    match client.purchase_orders().create(request).await {
        Ok(id) => {
            println!("created purchase order {id}");
            ExitCode::SUCCESS
        }
        Err(e) if e.may_have_been_applied() => {
            eprintln!("outcome unknown; look for the purchase order before creating it again: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("not created: {e}");
            ExitCode::FAILURE
        }
    }
}
