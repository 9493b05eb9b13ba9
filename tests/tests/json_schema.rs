//! The `schemars` feature: the generated request types derive
//! `JsonSchema`, and the schema they give describes what the builders send
//! and what the spec documents. A user publishing it (a form, an agent's
//! tool definition) gets a schema the vendor's requests pass and broken
//! ones fail.

use e2e_tests::schema::{Spec, Vendor};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn validator<T: schemars::JsonSchema>() -> (Value, jsonschema::Validator) {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let validator =
        jsonschema::draft7::new(&schema).expect("schemars gives a valid draft 7 schema");
    (schema, validator)
}

/// The property names of a schemars root schema.
fn properties(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .expect("an object schema")
        .keys()
        .cloned()
        .collect()
}

/// The property names the spec documents for component `name`.
fn spec_properties(spec: &Spec, name: &str) -> BTreeSet<String> {
    properties(&spec.json_schema(name).unwrap())
}

#[test]
fn the_create_schema_takes_the_quickstart_request_and_names_the_spec_fields() {
    let (schema, validator) = validator::<sellercloud::types::CreatePurchaseOrderRequest>();
    let spec = Spec::load(Vendor::Sellercloud).unwrap();
    let spec_validator = spec.validator("CreatePurchaseOrderRequest").unwrap();
    assert_eq!(
        properties(&schema),
        spec_properties(&spec, "CreatePurchaseOrderRequest"),
        "the schema's fields are the spec's, by their wire names"
    );
    for request in [
        quickstart::samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ),
        quickstart::samples::case_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ),
    ] {
        let body = serde_json::to_value(request.build().unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{body}: {errors:?}");
        // The spec's own schema agrees, so the two cannot drift apart unseen.
        assert!(spec_validator.is_valid(&body));
    }
}

#[test]
fn the_create_schema_refuses_what_the_wire_type_cannot_hold() {
    let (_, validator) = validator::<sellercloud::types::CreatePurchaseOrderRequest>();
    let good = serde_json::to_value(
        quickstart::samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        )
        .build()
        .unwrap(),
    )
    .unwrap();
    let mut no_products = good.clone();
    no_products.as_object_mut().unwrap().remove("Products");
    assert!(!validator.is_valid(&no_products), "Products is required");
    let mut text_company = good.clone();
    text_company["CompanyID"] = json!("one");
    assert!(
        !validator.is_valid(&text_company),
        "CompanyID is an integer"
    );
    let mut fractional_company = good;
    fractional_company["CompanyID"] = json!(1.5);
    assert!(
        !validator.is_valid(&fractional_company),
        "CompanyID is an integer"
    );
}

#[test]
fn the_create_schema_marks_int32_by_format_not_by_range() {
    // schemars 0.8 says `"format": "int32"` and gives no bounds, and a
    // draft 7 validator does not check that format: a user who needs the
    // range enforced by the schema adds it. This test pins the behaviour,
    // so an upgrade that changes it is noticed.
    let (schema, validator) = validator::<sellercloud::types::CreatePurchaseOrderRequest>();
    assert_eq!(schema["properties"]["CompanyID"]["format"], json!("int32"));
    let mut body = serde_json::to_value(
        quickstart::samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        )
        .build()
        .unwrap(),
    )
    .unwrap();
    body["CompanyID"] = json!(i64::from(i32::MAX) + 1);
    assert!(validator.is_valid(&body));
}

#[test]
fn the_row_update_schema_takes_a_built_row_and_names_the_spec_fields() {
    let (schema, validator) = validator::<shopctrl::types::PurchaseOrderRowUpdate>();
    assert_eq!(
        properties(&schema),
        spec_properties(
            &Spec::load(Vendor::ShopCtrl).unwrap(),
            "PurchaseOrderRowUpdate"
        )
    );
    let body = serde_json::to_value(
        shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(7))
            .item_quantity(Decimal::new(25, 1))
            .product_code("ABC-1")
            .build()
            .unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&body), "{body}");
    assert!(
        !validator.is_valid(&json!({"Id": "seven"})),
        "Id is an integer"
    );
}
