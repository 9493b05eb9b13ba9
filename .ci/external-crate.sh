#!/usr/bin/env bash
# A user's crate outside the workspace: depends on the crates as
# `cargo package` packed them (never on paths inside the tree), and runs its
# own test against the fakes as a dev-dependency. Run after `cargo package`
# of the public crates (.ci/run does both).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)"
crates=(sellercloud-shopctrl-runtime sellercloud-api shopctrl-api sellercloud shopctrl sellercloud-shopctrl-fakes)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/packed" "$work/user-service/src" "$work/user-service/tests"

# The packed crates, unpacked: their manifests name each other by version
# only, as on crates.io, and the [patch] below makes those versions these.
patch=""
for crate in "${crates[@]}"; do
  file="$root/target/package/$crate-$version.crate"
  [ -f "$file" ] || { echo "error: $file is missing; run cargo package first" >&2; exit 1; }
  tar -xzf "$file" -C "$work/packed"
  patch+="$crate = { path = \"$work/packed/$crate-$version\" }"$'\n'
done

cat > "$work/user-service/Cargo.toml" <<TOML
[package]
name = "user-service"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
sellercloud = "$version"
shopctrl = { version = "$version", default-features = false, features = ["rustls-ring"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[dev-dependencies]
fakes = { package = "sellercloud-shopctrl-fakes", version = "$version" }

[patch.crates-io]
$patch
TOML

cat > "$work/user-service/src/lib.rs" <<'RS'
//! What a user's service looks like: its own function around the clients.
use sellercloud::{CompanyId, CreatePurchaseOrder, Decimal, NewPurchaseOrderProduct, PoType, PurchaseOrderId, VendorId};

/// Orders `units` of `sku` from vendor 20 for company 1, exactly once.
pub async fn reorder(client: &sellercloud::Client, sku: &str, units: i32) -> sellercloud::Result<PurchaseOrderId> {
    let request = CreatePurchaseOrder::new()
        .company_id(CompanyId::new(1))
        .vendor_id(VendorId::new(20))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .product(NewPurchaseOrderProduct::new(sku).qty_units_ordered(units).unit_price(Decimal::new(450, 2)));
    Ok(client.purchase_orders().create_exactly_once(request).await?.id)
}

/// Sets a ShopCtrl row's comment.
pub async fn annotate(
    client: &shopctrl::Client,
    po: shopctrl::PurchaseOrderId,
    row: shopctrl::RowId,
    text: &str,
) -> shopctrl::Result<()> {
    client.purchase_orders().update_row(po, shopctrl::UpdatePurchaseOrderRow::new(row).comment(text)).await
}
RS

cat > "$work/user-service/tests/against_fakes.rs" <<'RS'
use fakes::sellercloud::{FakeSellercloud, SellercloudConfig, SellercloudRoute};
use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig, StoredPurchaseOrderRows, StoredRow};
use fakes::Fault;

#[tokio::test]
async fn a_reorder_survives_a_lost_answer_and_exists_once() {
    let fake = FakeSellercloud::start(SellercloudConfig::default()).await.unwrap();
    let client = sellercloud::Client::builder()
        .base_url(fake.base_url())
        .username(fake.username())
        .password(fake.password().clone())
        .build()
        .unwrap();
    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let id = user_service::reorder(&client, "SKU-9", 6).await.unwrap();
    let stored = fake.purchase_orders();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id.get());
}

#[tokio::test]
async fn an_annotation_reaches_the_row() {
    let config = ShopCtrlConfig::default().with_purchase_order(StoredPurchaseOrderRows::new(7).with_row(StoredRow::new(70)));
    let fake = FakeShopCtrl::start(config).await.unwrap();
    let client = shopctrl::Client::builder()
        .base_url(fake.base_url())
        .username(fake.username())
        .password(fake.password().clone())
        .build()
        .unwrap();
    let (po, row) = (shopctrl::PurchaseOrderId::new(7), shopctrl::RowId::new(70));
    user_service::annotate(&client, po, row, "checked").await.unwrap();
    assert_eq!(fake.row(7, 70).unwrap().comment.as_deref(), Some("checked"));
}
RS

# The workspace's lock file pins the same versions the workspace is tested
# with; cargo drops what this crate does not use.
cp "$root/Cargo.lock" "$work/user-service/Cargo.lock"
cd "$work/user-service"
# The workspace's target directory: the registry dependencies built for the
# workspace are reused (the packed crates, at their own paths, are built anew).
CARGO_TARGET_DIR="$root/target" cargo test --quiet
echo "external crate: built from the packaged crates and tested against the fakes"
