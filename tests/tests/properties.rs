//! Property tests of every request builder against the specs: any generated
//! input either fails validation with field paths that name real fields of
//! the operation's body, or produces a body that the spec's JSON schema for
//! that operation accepts.
//!
//! The schemas come from `openapi/*.yaml` through `e2e_tests::schema` (the
//! OpenAPI component schemas converted to JSON Schema), not from the
//! generated code, so the check is independent of what the generator made
//! of the spec. The generators lean towards valid values and mix in the
//! edges the rules are about (0, negative numbers, blank and padded texts,
//! three-letter codes, texts past their length limits); each property also
//! checks that both outcomes really occurred.
//!
//! Enum values are drawn from the known values only: the spec lists those,
//! and the SDK keeps unknown values (`Unknown(..)`) for forward
//! compatibility, leaving them to the server.
//!
//! Two qualifications, each checked as narrowly as it can be:
//!
//! - A violation with the empty field path is accepted only when the input
//!   sets nothing at all (`UpdatePurchaseOrderTracking::new()`, `UpdateOrder::new()`): the
//!   rule "set at least one field" is about the request as a whole, which
//!   `api_runtime::validate::Violation` writes as `""`.

use api_runtime::OpenEnum;
use chrono::{DateTime, FixedOffset, TimeZone};
use e2e_tests::schema::{Spec, Vendor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use sellercloud::{
    CaseMode, CreatePurchaseOrder, CurrencyCode, DiscountType, ItemUpdate, NewPurchaseOrderAddress,
    NewPurchaseOrderProduct, OrderAddressUpdate, OrderSource, OrderSubType, PoType, UnitMode,
    UpdateOrder, UpdatePurchaseOrderItems, UpdatePurchaseOrderTracking,
};
use serde::Serialize;
use serde_json::{Value, json};
use shopctrl::{StockItemUpdate, UpdatePurchaseOrderRow};
use std::cell::Cell;
use std::sync::OnceLock;

/// Cases per property; `PROPERTY_CASES=<n>` runs more (or fewer).
fn cases() -> u32 {
    std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

fn sellercloud_spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load(Vendor::Sellercloud).expect("openapi/sellercloud.yaml"))
}

fn shopctrl_spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load(Vendor::ShopCtrl).expect("openapi/shopctrl.yaml"))
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

// ---------------------------------------------------------------- strategies

// Each input is drawn either tame (every value within its rules, so the
// body must be accepted) or wild (each value breaks its rule now and then,
// so single broken rules and their combinations both occur).

/// IDs and quantities, with the edges of "greater than 0" when wild.
fn int(wild: bool) -> BoxedStrategy<i32> {
    if !wild {
        return (1..100_000i32).boxed();
    }
    prop_oneof![
        8 => 1..100_000i32,
        1 => Just(0),
        1 => Just(-1),
        1 => any::<i32>(),
        1 => Just(i32::MAX),
    ]
    .boxed()
}

/// Amounts: exact decimals of any scale; negative ones when wild.
fn money(wild: bool) -> BoxedStrategy<Decimal> {
    let tame = (0i64..10_000_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s));
    if !wild {
        return prop_oneof![8 => tame, 1 => Just(Decimal::ZERO), 1 => Just(Decimal::MAX)].boxed();
    }
    prop_oneof![
        6 => tame,
        1 => Just(Decimal::ZERO),
        1 => Just(Decimal::NEGATIVE_ONE),
        1 => (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => Just(Decimal::MAX),
        1 => Just(Decimal::MIN),
    ]
    .boxed()
}

/// Free texts; empty, blank and any Unicode when wild.
fn text(wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return "[A-Za-z0-9][A-Za-z0-9 .-]{0,23}".boxed();
    }
    prop_oneof![
        6 => "[A-Za-z0-9 .-]{1,24}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => "\\PC{0,40}",
    ]
    .boxed()
}

/// Texts with a length limit (counted in characters); around the limit,
/// in one- to three-byte characters, when wild.
fn text_near(limit: usize, wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return "[A-Za-z0-9 ]{0,20}".boxed();
    }
    prop_oneof![
        1 => "[A-Za-z0-9 ]{0,20}",
        1 => proptest::collection::vec(prop_oneof![Just('x'), Just('é'), Just('漢')], limit - 2..=limit + 2)
            .prop_map(|c| c.into_iter().collect()),
    ]
    .boxed()
}

/// Two-letter codes; and what comes close to them when wild.
fn code(wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return prop_oneof![4 => "[A-Za-z]{2}", 1 => Just("US".to_owned()), 1 => Just("ca".to_owned())]
            .boxed();
    }
    prop_oneof![
        6 => "[A-Za-z]{2}",
        1 => Just("US".to_owned()),
        1 => Just(String::new()),
        1 => " [A-Z]{2}",
        1 => "[A-Z]{2} ",
        1 => "[A-Za-z]{3}",
        1 => "[A-Z][0-9]",
        1 => Just("ÜS".to_owned()),
        1 => "\\PC{0,3}",
    ]
    .boxed()
}

/// Date-times from year 1 to 9999 (RFC 3339's range) with offsets in whole
/// minutes, as date-times with offsets occur.
fn date_time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    const DAY: i64 = 86_400;
    (
        -62_135_596_800i64 + DAY..253_402_300_799 - DAY,
        0u32..1_000_000_000,
        -1439i32..=1439,
    )
        .prop_map(|(secs, nanos, offset_minutes)| {
            let offset = FixedOffset::east_opt(offset_minutes * 60).expect("within a day");
            offset
                .timestamp_opt(secs, nanos)
                .single()
                .expect("a representable instant")
        })
}

fn known<E: OpenEnum + std::fmt::Debug>() -> impl Strategy<Value = E> {
    (0..E::VARIANTS.len()).prop_map(E::from_index)
}

// ------------------------------------------------------------------- checks

/// Tallies of one property's outcomes, to make sure both occurred.
/// Cells: the runner takes a `Fn` closure.
#[derive(Default, Debug)]
struct Tally {
    accepted: Cell<u32>,
    rejected: Cell<u32>,
}

/// The property itself. `whole_request_allowed`: the input sets nothing at
/// all, so a violation of the request as a whole (field `""`, which
/// `api_runtime::validate::Violation` defines as "the whole request") is the
/// right answer; any other violation must name a real field.
fn check<B: Serialize>(
    spec: &Spec,
    validator: &jsonschema::Validator,
    component: &str,
    outcome: Result<B, Option<sellercloud::Violations>>,
    whole_request_allowed: bool,
    tally: &Tally,
) -> Result<(), TestCaseError> {
    match outcome {
        Ok(body) => {
            tally.accepted.set(tally.accepted.get() + 1);
            let text = serde_json::to_string(&body)
                .map_err(|e| TestCaseError::fail(format!("body does not serialize: {e}")))?;
            let value: Value = serde_json::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("body is not JSON: {e}: {text}")))?;
            let errors: Vec<(String, String)> = validator
                .iter_errors(&value)
                .map(|e| (e.instance_path.to_string(), e.to_string()))
                .collect();
            prop_assert!(
                errors.is_empty(),
                "the builder accepted a body the {component} schema rejects: {errors:?}\nbody: {text}"
            );
        }
        Err(violations) => {
            tally.rejected.set(tally.rejected.get() + 1);
            let violations = violations.ok_or_else(|| {
                TestCaseError::fail("the builder failed with a non-validation error")
            })?;
            prop_assert!(!violations.is_empty());
            for v in violations.iter() {
                if v.field.is_empty() {
                    prop_assert!(
                        whole_request_allowed,
                        "violation without a field path on a request that sets fields: {v}"
                    );
                } else {
                    prop_assert!(
                        spec.resolves(component, &v.field),
                        "violation path `{}` is not a field of {component}: {v}",
                        v.field
                    );
                }
                prop_assert!(!v.rule.is_empty(), "violation without a rule: {v:?}");
            }
        }
    }
    Ok(())
}

fn sellercloud_violations(e: sellercloud::Error) -> Option<sellercloud::Violations> {
    e.violations().cloned()
}

fn shopctrl_violations(e: shopctrl::Error) -> Option<sellercloud::Violations> {
    // Both crates re-export api_runtime's Violations.
    e.violations().cloned()
}

#[track_caller]
fn assert_both_outcomes(name: &str, tally: &Tally) {
    println!("{name}: {tally:?}");
    let min = cases() / 10;
    assert!(
        tally.accepted.get() >= min && tally.rejected.get() >= min,
        "{name}: the generators hardly reach one of the outcomes: {tally:?}"
    );
}

// ------------------------------------------------------ sellercloud: create

#[derive(Clone, Debug)]
struct ProductInput {
    product_id: String,
    qty_units_ordered: Option<i32>,
    unit_price: Option<Decimal>,
    qty_cases_ordered: Option<i32>,
    qty_units_per_case: Option<i32>,
    case_price: Option<Decimal>,
    discount_type: Option<DiscountType>,
    discount_value: Option<Decimal>,
    warehouse_id: Option<i32>,
    item_notes: Option<String>,
}

fn product_input(w: bool) -> impl Strategy<Value = ProductInput> {
    // A tame discount is a valid percentage too.
    let discount_value = if w {
        money(true)
    } else {
        (0i64..=10_000).prop_map(|m| Decimal::new(m, 2)).boxed()
    };
    (
        prop_oneof![4 => "[A-Z]{2,4}-[0-9]{1,5}".boxed(), 1 => text(w)],
        proptest::option::of(int(w)),
        proptest::option::of(money(w)),
        proptest::option::of(int(w)),
        proptest::option::of(int(w)),
        proptest::option::of(money(w)),
        proptest::option::of(known::<DiscountType>()),
        proptest::option::of(discount_value),
        proptest::option::of(int(w)),
        proptest::option::of(text(w)),
    )
        .prop_map(move |t| {
            let mut p = ProductInput {
                product_id: t.0,
                qty_units_ordered: t.1,
                unit_price: t.2,
                qty_cases_ordered: t.3,
                qty_units_per_case: t.4,
                case_price: t.5,
                discount_type: t.6,
                discount_value: t.7,
                warehouse_id: t.8,
                item_notes: t.9,
            };
            // Type and value come together, unless wild.
            if !w && p.discount_type.is_some() != p.discount_value.is_some() {
                p.discount_type = None;
                p.discount_value = None;
            }
            p
        })
}

/// A product line in the request's mode most of the time (otherwise the
/// mode rule rejects nearly every case), any mix now and then.
fn product_for(case_mode: bool, w: bool) -> impl Strategy<Value = ProductInput> {
    (product_input(w), 0u8..10).prop_map(move |(mut p, mix)| {
        if mix > 0 || !w {
            if case_mode {
                p.qty_units_ordered = None;
                p.unit_price = None;
            } else {
                p.qty_cases_ordered = None;
                p.qty_units_per_case = None;
                p.case_price = None;
            }
        }
        p
    })
}

impl ProductInput {
    fn build(&self) -> NewPurchaseOrderProduct {
        let mut p = NewPurchaseOrderProduct::new(self.product_id.clone());
        if let Some(q) = self.qty_units_ordered {
            p = p.qty_units_ordered(q);
        }
        if let Some(x) = self.unit_price {
            p = p.unit_price(x);
        }
        if let Some(q) = self.qty_cases_ordered {
            p = p.qty_cases_ordered(q);
        }
        if let Some(q) = self.qty_units_per_case {
            p = p.qty_units_per_case(q);
        }
        if let Some(x) = self.case_price {
            p = p.case_price(x);
        }
        if let Some(t) = &self.discount_type {
            p = p.discount_type(t.clone());
        }
        if let Some(x) = self.discount_value {
            p = p.discount_value(x);
        }
        if let Some(w) = self.warehouse_id {
            p = p.warehouse_id(sellercloud::WarehouseId::new(w));
        }
        if let Some(n) = &self.item_notes {
            p = p.item_notes(n.clone());
        }
        p
    }
}

#[derive(Clone, Debug)]
struct AddressInput {
    country: String,
    parts: Vec<Option<String>>,
}

fn address_input(w: bool) -> impl Strategy<Value = AddressInput> {
    (
        code(w),
        proptest::collection::vec(proptest::option::of(text(w)), 12),
    )
        .prop_map(|(country, parts)| AddressInput { country, parts })
}

impl AddressInput {
    fn purchase_order_address(&self) -> NewPurchaseOrderAddress {
        let setters: [fn(NewPurchaseOrderAddress, String) -> NewPurchaseOrderAddress; 12] = [
            |a, v| a.first_name(v),
            |a, v| a.middle_name(v),
            |a, v| a.last_name(v),
            |a, v| a.business(v),
            |a, v| a.address_line1(v),
            |a, v| a.address_line2(v),
            |a, v| a.city(v),
            |a, v| a.state(v),
            |a, v| a.region(v),
            |a, v| a.zip_code(v),
            |a, v| a.phone(v),
            |a, v| a.fax(v),
        ];
        let mut address = NewPurchaseOrderAddress::new(self.country.clone());
        for (set, value) in setters.iter().zip(&self.parts) {
            if let Some(v) = value {
                address = set(address, v.clone());
            }
        }
        address
    }
}

#[derive(Clone, Debug)]
struct CreateInput {
    company_id: Option<i32>,
    vendor_id: Option<i32>,
    po_type: Option<PoType>,
    case_qty_mode: Option<bool>,
    default_warehouse_id: Option<i32>,
    description: Option<String>,
    vendor_note: Option<String>,
    payment_term_id: Option<i32>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
    products: Vec<ProductInput>,
    billing_address: Option<AddressInput>,
    shipping_address: Option<AddressInput>,
}

fn create_input() -> impl Strategy<Value = CreateInput> {
    (any::<bool>(), any::<bool>()).prop_flat_map(|(case_mode, w)| {
        let absent = u32::from(w);
        (
            prop_oneof![6 => int(w).prop_map(Some), absent => Just(None)],
            prop_oneof![6 => int(w).prop_map(Some), absent => Just(None)],
            prop_oneof![6 => known::<PoType>().prop_map(Some), absent => Just(None)],
            prop_oneof![8 => Just(Some(case_mode)), absent => Just(None)],
            (
                proptest::option::of(int(w)),
                proptest::option::of(text(w)),
                proptest::option::of(text(w)),
                proptest::option::of(int(w)),
                proptest::option::of(date_time()),
            ),
            proptest::collection::vec(product_for(case_mode, w), (1 - absent as usize)..4),
            proptest::option::of(address_input(w)),
            proptest::option::of(address_input(w)),
        )
            .prop_map(|t| CreateInput {
                company_id: t.0,
                vendor_id: t.1,
                po_type: t.2,
                case_qty_mode: t.3,
                default_warehouse_id: t.4.0,
                description: t.4.1,
                vendor_note: t.4.2,
                payment_term_id: t.4.3,
                expected_delivery_date: t.4.4,
                products: t.5,
                billing_address: t.6,
                shipping_address: t.7,
            })
    })
}

impl CreateInput {
    fn build(&self) -> CreatePurchaseOrder {
        let mut r = CreatePurchaseOrder::new();
        if let Some(x) = self.company_id {
            r = r.company_id(sellercloud::CompanyId::new(x));
        }
        if let Some(x) = self.vendor_id {
            r = r.vendor_id(sellercloud::VendorId::new(x));
        }
        if let Some(x) = &self.po_type {
            r = r.po_type(x.clone());
        }
        if let Some(x) = self.case_qty_mode {
            r = r.case_qty_mode(x);
        }
        if let Some(x) = self.default_warehouse_id {
            r = r.default_warehouse_id(sellercloud::WarehouseId::new(x));
        }
        if let Some(x) = &self.description {
            r = r.description(x.clone());
        }
        if let Some(x) = &self.vendor_note {
            r = r.vendor_note(x.clone());
        }
        if let Some(x) = self.payment_term_id {
            r = r.payment_term_id(sellercloud::PaymentTermId::new(x));
        }
        if let Some(x) = self.expected_delivery_date {
            r = r.expected_delivery_date(x);
        }
        r = r.products(self.products.iter().map(ProductInput::build));
        if let Some(a) = &self.billing_address {
            r = r.billing_address(a.purchase_order_address());
        }
        if let Some(a) = &self.shipping_address {
            r = r.shipping_address(a.purchase_order_address());
        }
        r
    }
}

#[test]
fn create_purchase_order_bodies_match_the_spec_or_name_the_field() {
    let spec = sellercloud_spec();
    let component = "CreatePurchaseOrderRequest";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    runner()
        .run(&create_input(), |input| {
            let outcome = input.build().build().map_err(sellercloud_violations);
            check(spec, &validator, component, outcome, false, &tally)
        })
        .unwrap();
    assert_both_outcomes(component, &tally);
}

// ------------------------------------------------- sellercloud: update items

#[derive(Clone, Debug)]
struct ItemInput {
    id: i32,
    qty_a: Option<i32>,
    qty_b: Option<i32>,
    price: Option<Decimal>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
}

fn item_input(w: bool) -> impl Strategy<Value = ItemInput> {
    (
        int(w),
        proptest::option::of(int(w)),
        proptest::option::of(int(w)),
        proptest::option::of(money(w)),
        proptest::option::of(date_time()),
    )
        .prop_map(|t| ItemInput {
            id: t.0,
            qty_a: t.1,
            qty_b: t.2,
            price: t.3,
            expected_delivery_date: t.4,
        })
}

fn unit_item(i: &ItemInput) -> ItemUpdate<UnitMode> {
    let mut item = ItemUpdate::<UnitMode>::new(sellercloud::PurchaseOrderItemId::new(i.id));
    if let Some(q) = i.qty_a {
        item = item.qty_units_ordered(q);
    }
    if let Some(p) = i.price {
        item = item.unit_price(p);
    }
    if let Some(d) = i.expected_delivery_date {
        item = item.expected_delivery_date(d);
    }
    item
}

fn case_item(i: &ItemInput) -> ItemUpdate<CaseMode> {
    let mut item = ItemUpdate::<CaseMode>::new(sellercloud::PurchaseOrderItemId::new(i.id));
    if let Some(q) = i.qty_a {
        item = item.qty_cases_ordered(q);
    }
    if let Some(q) = i.qty_b {
        item = item.qty_units_per_case(q);
    }
    if let Some(p) = i.price {
        item = item.case_price(p);
    }
    if let Some(d) = i.expected_delivery_date {
        item = item.expected_delivery_date(d);
    }
    item
}

#[test]
fn update_items_unit_mode_bodies_match_the_spec_or_name_the_field() {
    let spec = sellercloud_spec();
    let component = "PurchaseOrderItemsUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    runner()
        .run(
            &any::<bool>().prop_flat_map(|w| proptest::collection::vec(item_input(w), 0..4)),
            |items| {
                let update =
                    UpdatePurchaseOrderItems::unit_mode().items(items.iter().map(unit_item));
                let outcome = update.build().map_err(sellercloud_violations);
                check(spec, &validator, component, outcome, false, &tally)
            },
        )
        .unwrap();
    assert_both_outcomes("PurchaseOrderItemsUpdate (unit mode)", &tally);
}

#[test]
fn update_items_case_mode_bodies_match_the_spec_or_name_the_field() {
    let spec = sellercloud_spec();
    let component = "PurchaseOrderItemsUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    runner()
        .run(
            &any::<bool>().prop_flat_map(|w| proptest::collection::vec(item_input(w), 0..4)),
            |items| {
                let update =
                    UpdatePurchaseOrderItems::case_mode().items(items.iter().map(case_item));
                let outcome = update.build().map_err(sellercloud_violations);
                check(spec, &validator, component, outcome, false, &tally)
            },
        )
        .unwrap();
    assert_both_outcomes("PurchaseOrderItemsUpdate (case mode)", &tally);
}

// ---------------------------------------------- sellercloud: update tracking

#[test]
fn update_tracking_bodies_match_the_spec_or_name_the_field() {
    let spec = sellercloud_spec();
    let component = "PurchaseOrderTrackingUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    // The only rule left (a convenience) is "set something": leave every
    // field out often enough to reach it.
    let input = any::<bool>().prop_flat_map(|w| {
        (
            proptest::option::weighted(0.35, date_time()),
            proptest::option::weighted(0.35, text(w)),
            proptest::option::weighted(0.35, text(w)),
        )
    });
    runner()
        .run(&input, |(shipped_on, carrier, number)| {
            let nothing_set = shipped_on.is_none() && carrier.is_none() && number.is_none();
            let mut update = UpdatePurchaseOrderTracking::new();
            if let Some(d) = shipped_on {
                update = update.shipped_on(d);
            }
            if let Some(c) = carrier {
                update = update.shipped_via_carrier(c);
            }
            if let Some(n) = number {
                update = update.tracking_number(n);
            }
            let outcome = update.build().map_err(sellercloud_violations);
            check(spec, &validator, component, outcome, nothing_set, &tally)
        })
        .unwrap();
    assert_both_outcomes(component, &tally);
}

// ------------------------------------------------- sellercloud: update order

#[derive(Clone, Debug)]
struct OrderAddressInput {
    required: [Option<String>; 5],
    country: Option<String>,
    state: Option<String>,
    optional: [Option<String>; 6],
}

fn order_address_input(w: bool) -> BoxedStrategy<OrderAddressInput> {
    let absent = u32::from(w);
    let present_text = || prop_oneof![8 => text(w).prop_map(Some), absent => Just(None)];
    (
        [
            present_text(),
            present_text(),
            present_text(),
            present_text(),
            present_text(),
        ],
        prop_oneof![8 => code(w).prop_map(Some), absent => Just(None)],
        prop_oneof![
            4 => code(w).prop_map(Some),
            1 => Just(None),
            absent => text(w).prop_map(Some),
        ],
        [
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
        ],
    )
        .prop_map(|(required, country, state, optional)| OrderAddressInput {
            required,
            country,
            state,
            optional,
        })
        .boxed()
}

impl OrderAddressInput {
    fn build(&self) -> OrderAddressUpdate {
        let required: [fn(OrderAddressUpdate, String) -> OrderAddressUpdate; 5] = [
            |a, v| a.first_name(v),
            |a, v| a.last_name(v),
            |a, v| a.address_line1(v),
            |a, v| a.city(v),
            |a, v| a.zip_code(v),
        ];
        let optional: [fn(OrderAddressUpdate, String) -> OrderAddressUpdate; 6] = [
            |a, v| a.middle_name(v),
            |a, v| a.business(v),
            |a, v| a.address_line2(v),
            |a, v| a.region(v),
            |a, v| a.phone(v),
            |a, v| a.fax(v),
        ];
        let mut address = OrderAddressUpdate::new();
        for (set, value) in required.iter().zip(&self.required) {
            if let Some(v) = value {
                address = set(address, v.clone());
            }
        }
        for (set, value) in optional.iter().zip(&self.optional) {
            if let Some(v) = value {
                address = set(address, v.clone());
            }
        }
        if let Some(c) = &self.country {
            address = address.country(c.clone());
        }
        if let Some(s) = &self.state {
            address = address.state(s.clone());
        }
        address
    }
}

#[derive(Clone, Debug)]
struct OrderInput {
    company_id: Option<i32>,
    customer_id: Option<i32>,
    order_source: Option<OrderSource>,
    order_sub_type: Option<OrderSubType>,
    sales_rep1: Option<i32>,
    currency_code: Option<CurrencyCode>,
    disable_inventory_count: Option<bool>,
    shipping_address: Option<OrderAddressInput>,
    billing_address: Option<OrderAddressInput>,
}

fn order_input(w: bool) -> impl Strategy<Value = OrderInput> {
    (
        proptest::option::weighted(0.3, int(w)),
        proptest::option::weighted(0.3, int(w)),
        proptest::option::weighted(0.2, known::<OrderSource>()),
        proptest::option::weighted(0.2, known::<OrderSubType>()),
        proptest::option::weighted(0.2, int(w)),
        proptest::option::weighted(0.2, known::<CurrencyCode>()),
        proptest::option::weighted(0.2, any::<bool>()),
        proptest::option::weighted(0.4, order_address_input(w)),
        proptest::option::weighted(0.3, order_address_input(w)),
    )
        .prop_map(|t| OrderInput {
            company_id: t.0,
            customer_id: t.1,
            order_source: t.2,
            order_sub_type: t.3,
            sales_rep1: t.4,
            currency_code: t.5,
            disable_inventory_count: t.6,
            shipping_address: t.7,
            billing_address: t.8,
        })
}

impl OrderInput {
    fn sets_nothing(&self) -> bool {
        self.company_id.is_none()
            && self.customer_id.is_none()
            && self.order_source.is_none()
            && self.order_sub_type.is_none()
            && self.sales_rep1.is_none()
            && self.currency_code.is_none()
            && self.disable_inventory_count.is_none()
            && self.shipping_address.is_none()
            && self.billing_address.is_none()
    }

    fn build(&self) -> UpdateOrder {
        let mut u = UpdateOrder::new();
        if let Some(x) = self.company_id {
            u = u.company_id(sellercloud::CompanyId::new(x));
        }
        if let Some(x) = self.customer_id {
            u = u.customer_id(x);
        }
        if let Some(x) = &self.order_source {
            u = u.order_source(x.clone());
        }
        if let Some(x) = &self.order_sub_type {
            u = u.order_sub_type(x.clone());
        }
        if let Some(x) = self.sales_rep1 {
            u = u.sales_rep1(x);
        }
        if let Some(x) = &self.currency_code {
            u = u.currency_code(x.clone());
        }
        if let Some(x) = self.disable_inventory_count {
            u = u.disable_inventory_count(x);
        }
        if let Some(a) = &self.shipping_address {
            u = u.shipping_address(a.build());
        }
        if let Some(a) = &self.billing_address {
            u = u.billing_address(a.build());
        }
        u
    }
}

#[test]
fn update_order_bodies_match_the_spec_or_name_the_field() {
    let spec = sellercloud_spec();
    let component = "OrderUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    runner()
        .run(&any::<bool>().prop_flat_map(order_input), |input| {
            let outcome = input.build().build().map_err(sellercloud_violations);
            check(
                spec,
                &validator,
                component,
                outcome,
                input.sets_nothing(),
                &tally,
            )
        })
        .unwrap();
    assert_both_outcomes(component, &tally);
}

// ---------------------------------------------------- shopctrl: update row

#[derive(Clone, Debug)]
struct RowInput {
    id: i32,
    product_id: Option<i32>,
    item_quantity: Option<Decimal>,
    item_quantity_delivered: Option<Decimal>,
    product_code: Option<String>,
    product_name: Option<String>,
    item_price_ex_vat: Option<Decimal>,
    row_total_ex_vat: Option<Decimal>,
    comment: Option<String>,
    sequence: Option<i32>,
    expected_delivery_date: Option<DateTime<FixedOffset>>,
    stock_items: Option<Vec<StockItemInput>>,
}

#[derive(Clone, Debug)]
struct StockItemInput {
    quantity: i32,
    texts: [Option<String>; 3],
    expiry_date: Option<DateTime<FixedOffset>>,
}

fn stock_item_input(w: bool) -> impl Strategy<Value = StockItemInput> {
    (
        int(w),
        [
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
            proptest::option::of(text(w)),
        ],
        proptest::option::of(date_time()),
    )
        .prop_map(|(quantity, texts, expiry_date)| StockItemInput {
            quantity,
            texts,
            expiry_date,
        })
}

fn row_input(w: bool) -> impl Strategy<Value = RowInput> {
    let wild = u32::from(w);
    (
        int(w),
        proptest::option::of(any::<i32>()),
        proptest::option::of(money(w)),
        proptest::option::of(money(w)),
        // The lengths are the row's only rules: send them often.
        proptest::option::weighted(0.9, text_near(100, w)),
        proptest::option::weighted(0.9, text_near(500, w)),
        (
            // Prices have no rule: any amount, also when tame.
            proptest::option::of(money(true)),
            proptest::option::of(money(true)),
            proptest::option::of(text(w)),
            proptest::option::of(prop_oneof![
                4 => 0..1000i32,
                wild => Just(-1),
                wild => any::<i32>(),
            ]),
            proptest::option::of(date_time()),
            proptest::option::of(proptest::collection::vec(stock_item_input(w), 0..3)),
        ),
    )
        .prop_map(|t| RowInput {
            id: t.0,
            product_id: t.1,
            item_quantity: t.2,
            item_quantity_delivered: t.3,
            product_code: t.4,
            product_name: t.5,
            item_price_ex_vat: t.6.0,
            row_total_ex_vat: t.6.1,
            comment: t.6.2,
            sequence: t.6.3,
            expected_delivery_date: t.6.4,
            stock_items: t.6.5,
        })
}

impl RowInput {
    fn build(&self) -> UpdatePurchaseOrderRow {
        let mut r = UpdatePurchaseOrderRow::new(shopctrl::RowId::new(self.id));
        if let Some(x) = self.product_id {
            r = r.product_id(shopctrl::ProductId::new(x));
        }
        if let Some(x) = self.item_quantity {
            r = r.item_quantity(x);
        }
        if let Some(x) = self.item_quantity_delivered {
            r = r.item_quantity_delivered(x);
        }
        if let Some(x) = &self.product_code {
            r = r.product_code(x.clone());
        }
        if let Some(x) = &self.product_name {
            r = r.product_name(x.clone());
        }
        if let Some(x) = self.item_price_ex_vat {
            r = r.item_price_ex_vat(x);
        }
        if let Some(x) = self.row_total_ex_vat {
            r = r.row_total_ex_vat(x);
        }
        if let Some(x) = &self.comment {
            r = r.comment(x.clone());
        }
        if let Some(x) = self.sequence {
            r = r.sequence(x);
        }
        if let Some(x) = self.expected_delivery_date {
            r = r.expected_delivery_date(x);
        }
        if let Some(items) = &self.stock_items {
            r = r.stock_items(items.iter().map(|i| {
                let mut s = StockItemUpdate::new(i.quantity);
                if let Some(x) = &i.texts[0] {
                    s = s.product_code(x.clone());
                }
                if let Some(x) = &i.texts[1] {
                    s = s.lot_number(x.clone());
                }
                if let Some(x) = &i.texts[2] {
                    s = s.serial_number(x.clone());
                }
                if let Some(x) = i.expiry_date {
                    s = s.expiry_date(x);
                }
                s
            }));
        }
        r
    }
}

#[test]
fn update_row_bodies_match_the_spec_or_name_the_field() {
    let spec = shopctrl_spec();
    let component = "PurchaseOrderRowUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    runner()
        .run(&any::<bool>().prop_flat_map(row_input), |input| {
            let row = input.build();
            // `validate` and `build` must agree.
            let validated = row.validate().is_ok();
            let outcome = row.build().map_err(shopctrl_violations);
            prop_assert_eq!(validated, outcome.is_ok());
            check(spec, &validator, component, outcome, false, &tally)
        })
        .unwrap();
    assert_both_outcomes(component, &tally);
}

// ------------------------------------------ shopctrl: purchase orders

#[test]
fn shopctrl_create_bodies_match_the_spec_or_name_the_field() {
    use shopctrl::{CreatePurchaseOrder, NewPurchaseOrderRow, ShopOwnerId, SupplierId};
    let spec = shopctrl_spec();
    let component = "NewPurchaseOrder";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    let input = any::<bool>().prop_flat_map(|w| {
        (
            int(w),
            int(w),
            money(w),
            money(w),
            proptest::option::of(text_near(50, w)),
            proptest::collection::vec(
                (
                    text_near(100, w),
                    text_near(500, w),
                    money(w),
                    proptest::option::of(date_time()),
                ),
                0..3,
            ),
        )
    });
    runner()
        .run(
            &input,
            |(owner, supplier, rate, shipping, reference, rows)| {
                let mut po = CreatePurchaseOrder::new(
                    ShopOwnerId::new(owner),
                    SupplierId::new(supplier),
                    rate,
                    shipping,
                );
                if let Some(r) = reference {
                    po = po.our_reference(r);
                }
                for (code, name, qty, at) in rows {
                    let mut row = NewPurchaseOrderRow::new()
                        .product_code(code)
                        .product_name(name)
                        .item_quantity(qty);
                    if let Some(at) = at {
                        row = row.expected_delivery_date(at);
                    }
                    po = po.row(row);
                }
                let validated = po.validate().is_ok();
                let outcome = po.build().map_err(shopctrl_violations);
                prop_assert_eq!(validated, outcome.is_ok());
                check(spec, &validator, component, outcome, false, &tally)
            },
        )
        .unwrap();
    assert_both_outcomes(component, &tally);
}

#[test]
fn shopctrl_update_bodies_match_the_spec_or_name_the_field() {
    use shopctrl::{CurrencyId, PurchaseOrderId, ShopOwnerId, SupplierId, UpdatePurchaseOrder};
    let spec = shopctrl_spec();
    let component = "PurchaseOrderUpdate";
    let validator = spec.validator(component).unwrap();
    let tally = Tally::default();
    // A required field is left out now and then when wild, never when tame.
    fn mostly<T: std::fmt::Debug + Clone + 'static>(
        value: impl Strategy<Value = T> + 'static,
        wild: bool,
    ) -> BoxedStrategy<Option<T>> {
        let left_out = if wild { 1 } else { 0 };
        prop_oneof![10 => value.prop_map(Some), left_out => Just(None)].boxed()
    }
    let input = any::<bool>().prop_flat_map(|w| {
        (
            mostly(text_near(50, w), w),
            mostly(date_time(), w),
            mostly(money(w), w),
            mostly(int(w), w),
            mostly(money(w), w),
            mostly(money(w), w),
            proptest::option::of(text_near(50, w)),
        )
    });
    runner()
        .run(
            &input,
            |(code, date, total, currency, rate, shipping, reference)| {
                let mut u = UpdatePurchaseOrder::new(
                    PurchaseOrderId::new(1),
                    ShopOwnerId::new(2),
                    SupplierId::new(3),
                );
                if let Some(c) = code {
                    u = u.order_code(c);
                }
                if let Some(d) = date {
                    u = u.date(d);
                }
                if let Some(t) = total {
                    u = u.order_total_ex_vat(t);
                }
                if let Some(c) = currency {
                    u = u.currency_id(CurrencyId::new(c));
                }
                if let Some(r) = rate {
                    u = u.exchange_rate(r);
                }
                if let Some(s) = shipping {
                    u = u.shipping_costs_ex_vat(s);
                }
                if let Some(r) = reference {
                    u = u.our_reference(r);
                }
                let validated = u.validate().is_ok();
                let outcome = u.build().map_err(shopctrl_violations);
                prop_assert_eq!(validated, outcome.is_ok());
                check(spec, &validator, component, outcome, false, &tally)
            },
        )
        .unwrap();
    assert_both_outcomes(component, &tally);
}

/// An answer built from a response component of the spec: each property
/// absent, null or a value of its type, as `choices` (one per property, in
/// the schema's order) say.
fn answer_from_schema(spec: &Spec, component: &str, choices: &[(u8, i32, String)]) -> Value {
    let schema = spec.json_schema(component).unwrap();
    let mut answer = serde_json::Map::new();
    let properties = schema["properties"].as_object().unwrap();
    for ((name, property), (choice, number, text)) in properties.iter().zip(choices.iter().cycle())
    {
        let types: Vec<&str> = match &property["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let value = match (choice % 3, types.first().copied()) {
            (0, _) => continue,
            (1, _) => Value::Null,
            (_, Some("integer")) => json!(number),
            (_, Some("number")) => {
                serde_json::from_str(&Decimal::new(i64::from(*number), 2).to_string()).unwrap()
            }
            (_, Some("boolean")) => json!(number % 2 == 0),
            (_, Some("string")) if property["format"] == "date-time" => {
                json!("2026-01-11T16:13:38.5685399+01:00")
            }
            (_, Some("string")) => json!(text),
            _ => continue,
        };
        answer.insert(name.clone(), value);
    }
    Value::Object(answer)
}

fn answer_choices() -> impl Strategy<Value = Vec<(u8, i32, String)>> {
    proptest::collection::vec((any::<u8>(), any::<i32>(), "\\PC{0,12}"), 1..16)
}

/// Every new ShopCtrl answer, built from its response schema, parses into
/// its generated type and reads as this crate's typed answer exactly when
/// it carries its ID (never a panic, never a made-up ID); exact decimals
/// and offsets are kept.
#[test]
fn shopctrl_answers_from_the_spec_read_as_typed_answers() {
    let spec = shopctrl_spec();
    let tally = Tally::default();
    runner()
        .run(&answer_choices(), |choices| {
            let listed = answer_from_schema(spec, "PurchaseOrderBasicInfo", &choices);
            let wire: shopctrl::types::PurchaseOrderBasicInfo =
                serde_json::from_value(listed.clone())
                    .map_err(|e| TestCaseError::fail(format!("{e}: {listed}")))?;
            let id = listed.get("Id").and_then(Value::as_i64);
            match shopctrl::ListedPurchaseOrder::from_wire(wire.clone()) {
                Ok(po) => {
                    tally.accepted.set(tally.accepted.get() + 1);
                    prop_assert_eq!(Some(i64::from(po.id.get())), id);
                    prop_assert_eq!(&po.wire, &wire);
                }
                Err(e) => {
                    tally.rejected.set(tally.rejected.get() + 1);
                    prop_assert!(id.is_none(), "{e}");
                    prop_assert!(matches!(e, shopctrl::Error::MissingField { .. }), "{e}");
                }
            }
            if let Some(total) = listed.get("OrderTotalExVat").filter(|t| t.is_number()) {
                prop_assert_eq!(
                    wire.order_total_ex_vat.map(|d| d.to_string()),
                    Some(total.to_string())
                );
            }
            let product = answer_from_schema(spec, "Product", &choices);
            let wire: shopctrl::types::Product = serde_json::from_value(product.clone())
                .map_err(|e| TestCaseError::fail(format!("{e}: {product}")))?;
            let read = shopctrl::ProductRecord::from_wire("get_product", wire);
            prop_assert_eq!(read.is_ok(), product.get("Id").is_some_and(Value::is_i64));
            let stock = answer_from_schema(spec, "ProductStockLocationInfo", &choices);
            let wire: shopctrl::types::ProductStockLocationInfo =
                serde_json::from_value(stock.clone())
                    .map_err(|e| TestCaseError::fail(format!("{e}: {stock}")))?;
            let read =
                shopctrl::StockAtLocation::from_wire("get_product_stock_per_location", vec![wire]);
            prop_assert_eq!(
                read.is_ok(),
                stock.get("WarehouseLocationId").is_some_and(Value::is_i64)
            );
            let created = answer_from_schema(spec, "PurchaseOrder", &choices);
            prop_assert!(serde_json::from_value::<shopctrl::types::PurchaseOrder>(created).is_ok());
            Ok(())
        })
        .unwrap();
    assert_both_outcomes("shopctrl answers", &tally);
}

// --------------------------------------------- the converter itself is strict

#[test]
fn every_component_schema_compiles() {
    for (vendor, spec) in [
        (Vendor::Sellercloud, sellercloud_spec()),
        (Vendor::ShopCtrl, shopctrl_spec()),
    ] {
        let names: Vec<&str> = spec.components().collect();
        assert!(names.len() >= 3, "{vendor:?}: {names:?}");
        for name in names {
            spec.validator(name)
                .unwrap_or_else(|e| panic!("{vendor:?} {name}: {e}"));
        }
    }
}

#[test]
fn the_converted_schemas_reject_bad_bodies() {
    let sc = sellercloud_spec();
    let shop = shopctrl_spec();
    let valid_product = json!({"ProductID": "SKU-1", "QtyUnitsOrdered": 1, "UnitPrice": 0});
    let valid_create = json!({
        "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
        "Products": [valid_product],
        "ShippingAddress": {"Country": "US"},
        "ExpectedDeliveryDate": "2026-01-11T16:13:38.5685399+01:00"
    });
    let cases: Vec<(&Spec, &str, Value, bool)> = vec![
        (sc, "PurchaseOrderProduct", valid_product.clone(), true),
        // minimum: 1
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "QtyUnitsOrdered": 0}),
            false,
        ),
        // nullable: true
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "QtyUnitsOrdered": null}),
            true,
        ),
        // not nullable (UnitPrice has no `nullable`)
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "UnitPrice": null}),
            false,
        ),
        // minimum: 0 on a decimal
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "UnitPrice": -0.01}),
            false,
        ),
        // required
        (
            sc,
            "PurchaseOrderProduct",
            json!({"QtyUnitsOrdered": 1}),
            false,
        ),
        // enum, through a $ref
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "DiscountType": "Bogus"}),
            false,
        ),
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "DiscountType": "Percentage"}),
            true,
        ),
        // int32 range
        (
            sc,
            "PurchaseOrderProduct",
            json!({"ProductID": "S", "WarehouseID": 2_147_483_648i64}),
            false,
        ),
        // pattern
        (sc, "PurchaseOrderAddress", json!({"Country": "USA"}), false),
        (sc, "PurchaseOrderAddress", json!({"Country": " US"}), false),
        (sc, "PurchaseOrderAddress", json!({"Country": "us"}), true),
        (sc, "CreatePurchaseOrderRequest", valid_create.clone(), true),
        // $ref to another component, embedded under definitions
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(&valid_create, "ShippingAddress", json!({"Country": "USA"})),
            false,
        ),
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(
                &valid_create,
                "Products",
                json!([{"ProductID": "S", "QtyCasesOrdered": 0}]),
            ),
            false,
        ),
        // minItems: 1
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(&valid_create, "Products", json!([])),
            false,
        ),
        // type
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(&valid_create, "CaseQtyMode", json!("false")),
            false,
        ),
        // format: date-time
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(&valid_create, "ExpectedDeliveryDate", json!("tomorrow")),
            false,
        ),
        (
            sc,
            "CreatePurchaseOrderRequest",
            with(&valid_create, "ExpectedDeliveryDate", json!(null)),
            true,
        ),
        (
            sc,
            "PurchaseOrderTrackingUpdate",
            json!({"ShippedOn": "2024-05-01T10:00:00Z"}),
            true,
        ),
        (
            sc,
            "PurchaseOrderTrackingUpdate",
            json!({"ShippedOn": "2024-13-01T10:00:00Z"}),
            false,
        ),
        (
            sc,
            "PurchaseOrderItemsUpdate",
            json!({"Items": [{"ID": 5, "CasePrice": 1.5}]}),
            true,
        ),
        (
            sc,
            "PurchaseOrderItemsUpdate",
            json!({"Items": [{"QtyUnitsOrdered": 1}]}),
            false,
        ),
        (
            sc,
            "OrderUpdate",
            json!({"ShippingAddress": {"FirstName": "A", "LastName": "B", "ZipCode": "1", "City": "C", "Country": "GB", "AddressLine1": "D"}}),
            true,
        ),
        (
            sc,
            "OrderUpdate",
            json!({"ShippingAddress": {"FirstName": "A", "LastName": "B", "ZipCode": "1", "City": "C", "Country": "GBR", "AddressLine1": "D"}}),
            false,
        ),
        (
            sc,
            "OrderUpdate",
            json!({"ShippingAddress": {"FirstName": "A", "Country": "GB"}}),
            false,
        ),
        (
            sc,
            "OrderUpdate",
            json!({"OrderSource": "Amazon", "CurrencyCode": "EUR"}),
            true,
        ),
        (sc, "OrderUpdate", json!({"CurrencyCode": "XYZ"}), false),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "StockItems": [{"Quantity": 1}]}),
            true,
        ),
        (shop, "PurchaseOrderRowUpdate", json!({"Id": 0}), true),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "StockItems": [{"Quantity": 0}]}),
            true,
        ),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "ItemQuantity": -1}),
            true,
        ),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "Sequence": -1}),
            true,
        ),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "ProductCode": "x".repeat(100)}),
            true,
        ),
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "ProductCode": "x".repeat(101)}),
            false,
        ),
        // maxLength counts characters, not bytes
        (
            shop,
            "PurchaseOrderRowUpdate",
            json!({"Id": 1, "ProductCode": "é".repeat(100)}),
            true,
        ),
    ];
    for (spec, component, body, valid) in cases {
        let validator = spec.validator(component).unwrap();
        assert_eq!(
            validator.is_valid(&body),
            valid,
            "{component} should {} {body}",
            if valid { "accept" } else { "reject" }
        );
    }
}

fn with(base: &Value, key: &str, value: Value) -> Value {
    let mut out = base.clone();
    out[key] = value;
    out
}

#[test]
fn field_paths_resolve_only_to_real_fields() {
    let sc = sellercloud_spec();
    for path in [
        "",
        "CompanyID",
        "Products",
        "Products[0].QtyCasesOrdered",
        "Products[12].DiscountValue",
        "ShippingAddress.Country",
        "BillingAddress.Country",
    ] {
        assert!(sc.resolves("CreatePurchaseOrderRequest", path), "{path}");
    }
    for path in [
        "CompanyId",
        "Products.QtyCasesOrdered.x",
        "Products[0].Quantity",
        "ShippingAddress.Street",
        "Products[x].ProductID",
        "Products[0]..ProductID",
    ] {
        assert!(!sc.resolves("CreatePurchaseOrderRequest", path), "{path}");
    }
    assert!(sc.resolves("OrderUpdate", "BillingAddress.State"));
    assert!(!sc.resolves("OrderUpdate", "CompanyID"));
    assert!(!sc.resolves("NoSuchComponent", ""));
}
