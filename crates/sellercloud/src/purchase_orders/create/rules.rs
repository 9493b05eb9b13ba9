//! The rules of create purchase order, each quoting Sellercloud's article
//! "Create Purchase Order", and the checks that apply them.

use super::NewPurchaseOrderProduct;
use api_runtime::validate::{
    Rule, RuleKind, Validator, not_negative_decimal, positive, two_letter_code,
};
use sellercloud_api::types;

const DOC: &str = "001 Create Purchase Order";
const OP: &str = "create_purchase_order";

/// `CompanyID`, `VendorID`, `POType` and `CaseQtyMode`: each "Is Required:
/// true" in the article's table.
pub static REQUIRED_FIELDS: Rule = Rule {
    operation: OP,
    field: "CompanyID, VendorID, POType, CaseQtyMode",
    rule: "is required",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "CompanyID | integer | PO company ID | true; VendorID ... | true; POType ... | true; CaseQtyMode ... | true",
};

/// `Products`: "List with PO product items", "Is Required: true".
pub static AT_LEAST_ONE_PRODUCT: Rule = Rule {
    operation: OP,
    field: "Products",
    rule: "must contain at least one product",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Products | List | List with PO product items | true",
};

/// `Product.ProductID`: "Product ID", "Is Required: true"; a blank SKU names
/// no product.
pub static PRODUCT_ID: Rule = Rule {
    operation: OP,
    field: "Products[].ProductID",
    rule: "must not be blank",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Product.ProductID | string | Product ID | true",
};

/// `QtyUnitsOrdered`, `QtyCasesOrdered`, `QtyUnitsPerCase`: "Should be
/// greater than 0."
pub static QUANTITY_POSITIVE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyUnitsOrdered, QtyCasesOrdered, QtyUnitsPerCase",
    rule: "must be greater than 0",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should be greater than 0.",
};

/// `UnitPrice`, `CasePrice`: "Cannot be negative."
pub static PRICE_NOT_NEGATIVE: Rule = Rule {
    operation: OP,
    field: "Products[].UnitPrice, CasePrice",
    rule: "must not be negative",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Cannot be negative.",
};

/// Case quantity mode on: `QtyUnitsOrdered` and `UnitPrice` "Should only
/// be set if case quantity mode is set to false."
pub static NO_UNIT_FIELDS_IN_CASE_MODE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyUnitsOrdered, UnitPrice (CaseQtyMode true)",
    rule: "must not be set when CaseQtyMode is true",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should only be set if case quantity mode is set to false.",
};

/// Case quantity mode off: `QtyCasesOrdered`, `QtyUnitsPerCase` and
/// `CasePrice` "Should only be set if case quantity mode is set to true."
pub static NO_CASE_FIELDS_IN_UNIT_MODE: Rule = Rule {
    operation: OP,
    field: "Products[].QtyCasesOrdered, QtyUnitsPerCase, CasePrice (CaseQtyMode false)",
    rule: "must not be set when CaseQtyMode is false",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Should only be set if case quantity mode is set to true.",
};

/// `Address.Country`: "Two letter country code", "Is Required: true" (the
/// only required part of a purchase order address; the constructor takes
/// it). Checked as two ASCII letters as sent, not against the ISO 3166-1
/// list, so a newly assigned code is never refused.
pub static ADDRESS_COUNTRY: Rule = Rule {
    operation: OP,
    field: "BillingAddress.Country, ShippingAddress.Country",
    rule: "must be a two-letter code",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Address.Country | string | Two letter country code | true",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[
    &REQUIRED_FIELDS,
    &AT_LEAST_ONE_PRODUCT,
    &PRODUCT_ID,
    &QUANTITY_POSITIVE,
    &PRICE_NOT_NEGATIVE,
    &NO_UNIT_FIELDS_IN_CASE_MODE,
    &NO_CASE_FIELDS_IN_UNIT_MODE,
    &ADDRESS_COUNTRY,
];

// Not enforced, because no vendor document states it: that `DiscountType`
// and `DiscountValue` come together, that a `Percentage` is at most 100,
// that a discount is not negative.

pub(super) fn required(v: &mut Validator, field: &'static str, present: bool) {
    v.require(&REQUIRED_FIELDS, present, field);
}

pub(super) fn at_least_one_product(v: &mut Validator, products: &[NewPurchaseOrderProduct]) {
    v.require(&AT_LEAST_ONE_PRODUCT, !products.is_empty(), "Products");
}

/// The ranges hold whatever the mode: a quantity "Should be greater than
/// 0" and a price "Cannot be negative" wherever it is sent (the mode rules
/// below decide whether it may be sent at all).
pub(super) fn quantities_and_prices(v: &mut Validator, at: &str, p: &types::PurchaseOrderProduct) {
    for (name, q) in [
        ("QtyUnitsOrdered", p.qty_units_ordered),
        ("QtyCasesOrdered", p.qty_cases_ordered),
        ("QtyUnitsPerCase", p.qty_units_per_case),
    ] {
        if let Some(q) = q {
            v.enforce(
                &QUANTITY_POSITIVE,
                format_args!("{at}.{name}"),
                positive(q.into()),
            );
        }
    }
    for (name, price) in [("UnitPrice", p.unit_price), ("CasePrice", p.case_price)] {
        if let Some(price) = price {
            v.enforce(
                &PRICE_NOT_NEGATIVE,
                format_args!("{at}.{name}"),
                not_negative_decimal(price),
            );
        }
    }
}

pub(super) fn case_mode_fields(v: &mut Validator, at: &str, p: &types::PurchaseOrderProduct) {
    let rule = &NO_UNIT_FIELDS_IN_CASE_MODE;
    v.require(
        rule,
        p.qty_units_ordered.is_none(),
        format_args!("{at}.QtyUnitsOrdered"),
    );
    v.require(rule, p.unit_price.is_none(), format_args!("{at}.UnitPrice"));
}

pub(super) fn unit_mode_fields(v: &mut Validator, at: &str, p: &types::PurchaseOrderProduct) {
    let rule = &NO_CASE_FIELDS_IN_UNIT_MODE;
    v.require(
        rule,
        p.qty_cases_ordered.is_none(),
        format_args!("{at}.QtyCasesOrdered"),
    );
    v.require(
        rule,
        p.qty_units_per_case.is_none(),
        format_args!("{at}.QtyUnitsPerCase"),
    );
    v.require(rule, p.case_price.is_none(), format_args!("{at}.CasePrice"));
}

pub(super) fn address_country(v: &mut Validator, name: &str, a: &types::PurchaseOrderAddress) {
    v.enforce(
        &ADDRESS_COUNTRY,
        format_args!("{name}.Country"),
        two_letter_code(&a.country),
    );
}
