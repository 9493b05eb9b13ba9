//! One test per rule of create purchase order, and the body it sends.

use super::*;
use rust_decimal::Decimal;
use sellercloud_api::enums::DiscountType;

#[test]
fn both_answer_shapes_give_the_id() {
    let object: types::CreatedPurchaseOrder = serde_json::from_str(r#"{"Id": 42}"#).unwrap();
    let bare: types::CreatedPurchaseOrder = serde_json::from_str("43").unwrap();
    assert_eq!((created_id(object).get(), created_id(bare).get()), (42, 43));
}

fn base(case_mode: bool) -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(CompanyId::new(1))
        .vendor_id(VendorId::new(2))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(case_mode)
}

fn units() -> NewPurchaseOrderProduct {
    NewPurchaseOrderProduct::new("SKU-1")
        .qty_units_ordered(5)
        .unit_price(Decimal::new(125, 2))
}

fn cases() -> NewPurchaseOrderProduct {
    NewPurchaseOrderProduct::new("SKU-1")
        .qty_cases_ordered(2)
        .qty_units_per_case(12)
        .case_price(Decimal::from(30))
}

/// The request fails, and `field` is among the violations.
#[track_caller]
fn fails_at(request: CreatePurchaseOrder, field: &str) {
    let e = request.build().unwrap_err();
    let v = e.violations().expect("a validation error");
    assert!(v.has_field(field), "expected {field}, got: {v}");
}

#[track_caller]
fn passes(request: CreatePurchaseOrder) {
    if let Err(e) = request.build() {
        panic!("expected valid, got: {e}");
    }
}

#[test]
fn required_fields() {
    let full = || base(false).product(units());
    passes(full());
    let p = || units();
    fails_at(
        CreatePurchaseOrder::new()
            .vendor_id(VendorId::new(2))
            .po_type(PoType::PurchaseOrder)
            .case_qty_mode(false)
            .product(p()),
        "CompanyID",
    );
    fails_at(
        CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .po_type(PoType::PurchaseOrder)
            .case_qty_mode(false)
            .product(p()),
        "VendorID",
    );
    fails_at(
        CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .vendor_id(VendorId::new(2))
            .case_qty_mode(false)
            .product(p()),
        "POType",
    );
    fails_at(
        CreatePurchaseOrder::new()
            .company_id(CompanyId::new(1))
            .vendor_id(VendorId::new(2))
            .po_type(PoType::PurchaseOrder)
            .product(p()),
        "CaseQtyMode",
    );
}

#[test]
fn at_least_one_product() {
    fails_at(base(false), "Products");
    passes(base(false).product(units()));
}

#[test]
fn product_id_not_blank() {
    fails_at(
        base(false).product(units().clone_with_id(" ")),
        "Products[0].ProductID",
    );
    fails_at(
        base(false)
            .product(units())
            .product(units().clone_with_id("")),
        "Products[1].ProductID",
    );
    passes(base(false).product(units().clone_with_id("X")));
}

impl NewPurchaseOrderProduct {
    fn clone_with_id(mut self, id: &str) -> Self {
        self.0.product_id = id.into();
        self
    }
}

#[test]
fn case_mode_quantities_positive() {
    fails_at(
        base(true).product(cases().qty_cases_ordered(0)),
        "Products[0].QtyCasesOrdered",
    );
    fails_at(
        base(true).product(cases().qty_units_per_case(-1)),
        "Products[0].QtyUnitsPerCase",
    );
    passes(base(true).product(cases().qty_cases_ordered(1).qty_units_per_case(1)));
    // "when given": a line without quantities is left to the server.
    passes(base(true).product(NewPurchaseOrderProduct::new("SKU")));
}

#[test]
fn case_mode_price_not_negative() {
    fails_at(
        base(true).product(cases().case_price(Decimal::new(-1, 2))),
        "Products[0].CasePrice",
    );
    passes(base(true).product(cases().case_price(Decimal::ZERO)));
}

#[test]
fn case_mode_refuses_unit_fields() {
    fails_at(
        base(true).product(cases().qty_units_ordered(3)),
        "Products[0].QtyUnitsOrdered",
    );
    fails_at(
        base(true).product(cases().unit_price(Decimal::ONE)),
        "Products[0].UnitPrice",
    );
    passes(base(true).product(cases()));
}

#[test]
fn unit_mode_quantity_positive_and_price_not_negative() {
    fails_at(
        base(false).product(units().qty_units_ordered(0)),
        "Products[0].QtyUnitsOrdered",
    );
    fails_at(
        base(false).product(units().unit_price(Decimal::NEGATIVE_ONE)),
        "Products[0].UnitPrice",
    );
    passes(base(false).product(units().unit_price(Decimal::ZERO)));
}

#[test]
fn unit_mode_refuses_case_fields() {
    fails_at(
        base(false).product(units().qty_cases_ordered(1)),
        "Products[0].QtyCasesOrdered",
    );
    fails_at(
        base(false).product(units().qty_units_per_case(1)),
        "Products[0].QtyUnitsPerCase",
    );
    fails_at(
        base(false).product(units().case_price(Decimal::ONE)),
        "Products[0].CasePrice",
    );
    passes(base(false).product(units()));
}

/// No vendor document pairs `DiscountType` with `DiscountValue`, caps a
/// `Percentage` at 100 or refuses a negative value: the builder does not
/// either (issue 14), whatever the server then makes of it.
#[test]
fn discounts_are_not_judged_without_a_vendor_rule() {
    passes(base(false).product(units().discount_value(Decimal::ONE)));
    passes(base(false).product(units().discount_type(DiscountType::FixedAmount)));
    passes(base(false).product(units().discount(DiscountType::Percentage, Decimal::new(10001, 2))));
    passes(base(false).product(units().discount(DiscountType::FixedAmount, Decimal::NEGATIVE_ONE)));
}

#[test]
fn address_country_two_letters() {
    fails_at(
        base(false)
            .product(units())
            .shipping_address(NewPurchaseOrderAddress::new("USA")),
        "ShippingAddress.Country",
    );
    fails_at(
        base(false)
            .product(units())
            .billing_address(NewPurchaseOrderAddress::new("")),
        "BillingAddress.Country",
    );
    // Checked as sent: a padded code would go on the wire padded.
    fails_at(
        base(false)
            .product(units())
            .shipping_address(NewPurchaseOrderAddress::new(" US")),
        "ShippingAddress.Country",
    );
    passes(
        base(false)
            .product(units())
            .shipping_address(NewPurchaseOrderAddress::new("US"))
            .billing_address(NewPurchaseOrderAddress::new("de")),
    );
}

#[test]
fn body_has_the_vendor_names() {
    let body = base(true)
        .product(cases().discount(DiscountType::Percentage, Decimal::new(125, 1)))
        .shipping_address(NewPurchaseOrderAddress::new("US").city("Austin"))
        .build()
        .unwrap();
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(json["CompanyID"], 1);
    assert_eq!(json["POType"], "PurchaseOrder");
    assert_eq!(json["CaseQtyMode"], true);
    assert_eq!(json["Products"][0]["CasePrice"], serde_json::json!(30));
    assert_eq!(json["Products"][0]["DiscountType"], "Percentage");
    assert_eq!(json["ShippingAddress"]["City"], "Austin");
    assert!(json["Products"][0].get("UnitPrice").is_none());
}
