//! Runs both fakes with demo data until Ctrl-C, for manual use with curl.
//!
//! ```text
//! cargo run -p fakes -- [--sellercloud-port N] [--shopctrl-port N]
//! ```
//!
//! Port 0 (the default) lets the OS choose; the chosen URLs are printed. The
//! fakes listen on 127.0.0.1 only.

use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
use sellercloud_shopctrl_fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

const USAGE: &str = "usage: fakes [--sellercloud-port N] [--shopctrl-port N]";

fn parse_args() -> Result<(u16, u16), String> {
    let mut sellercloud = 0;
    let mut shopctrl = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--sellercloud-port" => &mut sellercloud,
            "--shopctrl-port" => &mut shopctrl,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        };
        let value = args
            .next()
            .ok_or_else(|| format!("{arg} needs a port number\n{USAGE}"))?;
        *target = value
            .parse()
            .map_err(|_| format!("`{value}` is not a port number\n{USAGE}"))?;
    }
    Ok((sellercloud, shopctrl))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (sellercloud_port, shopctrl_port) = match parse_args() {
        Ok(ports) => ports,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let at = |port| SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let sellercloud =
        match FakeSellercloud::start_on(SellercloudConfig::demo(), at(sellercloud_port)).await {
            Ok(fake) => fake,
            Err(e) => {
                eprintln!("cannot start the fake Sellercloud on port {sellercloud_port}: {e}");
                return ExitCode::FAILURE;
            }
        };
    let shopctrl = match FakeShopCtrl::start_on(ShopCtrlConfig::demo(), at(shopctrl_port)).await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!("cannot start the fake ShopCtrl on port {shopctrl_port}: {e}");
            return ExitCode::FAILURE;
        }
    };

    // These are the fakes' own made-up credentials, printed so that curl can use them.
    let sc = sellercloud.base_url();
    println!("Fake Sellercloud: {sc}");
    println!(
        "  credentials: {} / {}",
        sellercloud.username(),
        sellercloud.password().expose()
    );
    println!("  seeded: order 5001; purchase order 900 with item 90001");
    println!(
        "  curl -s -X POST {sc}/api/token -H 'Content-Type: application/json' \
         -d '{{\"Username\":\"{}\",\"Password\":\"{}\"}}'",
        sellercloud.username(),
        sellercloud.password().expose()
    );
    let sh = shopctrl.base_url();
    println!("Fake ShopCtrl: {sh}");
    println!(
        "  credentials: {} / {}",
        shopctrl.username(),
        shopctrl.password().expose()
    );
    println!("  seeded: purchase order 1 with rows 11 and 12");
    println!(
        "  curl -s -i -X PUT {sh}/v1/PurchaseOrders/1/Rows -u {}:{} \
         -H 'Content-Type: application/json' -d '{{\"Id\":11,\"ItemQuantity\":3}}'",
        shopctrl.username(),
        shopctrl.password().expose()
    );
    println!(
        "  curl -s -u {}:{} {sh}/v1/PurchaseOrders/1/Rows",
        shopctrl.username(),
        shopctrl.password().expose()
    );
    println!("Press Ctrl-C to stop.");

    let stopped = tokio::signal::ctrl_c().await;
    sellercloud.shutdown().await;
    shopctrl.shutdown().await;
    match stopped {
        Ok(()) => {
            println!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot wait for Ctrl-C: {e}");
            ExitCode::FAILURE
        }
    }
}
