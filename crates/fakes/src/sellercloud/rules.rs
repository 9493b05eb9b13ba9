//! Field readers and rules shared by the Sellercloud routes: enums, the
//! quantity modes, addresses, and the shapes of 400 and 404 answers.

use super::enums::VendorEnum;
use super::model::{EnumValue, StoredAddress};
use crate::json::{Json, Violations};
use crate::server::{Reply, read_json};
use http::StatusCode;
use rust_decimal::Decimal;

pub(crate) fn parse_body(body: &[u8]) -> Result<Json, Reply> {
    read_json(body).map_err(|problem| {
        Reply::message(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid. {problem}"),
        )
    })
}

pub(crate) fn require_object(body: &Json) -> Result<&Json, Reply> {
    match body {
        Json::Obj(_) => Ok(body),
        other => Err(Reply::message(
            StatusCode::BAD_REQUEST,
            format!(
                "The request is invalid. The request body must be a JSON object, not {}.",
                other.kind()
            ),
        )),
    }
}

pub(crate) fn not_found(what: &str, id: i32) -> Reply {
    Reply::message(StatusCode::NOT_FOUND, format!("{what} {id} was not found."))
}

/// The 400 answer for a list of violations: an ASP.NET-style `Message` naming
/// every field and rule, and the same as `ModelState`.
pub(crate) fn invalid(v: Violations) -> Reply {
    v.into_reply(true)
}

/// A field the vendor marks required ("Is Required: true" in its table, or the
/// Swagger's `required`); the caller names the source.
pub(crate) fn required<'a, T>(
    v: &mut Violations,
    value: Option<&'a Json>,
    path: &str,
    read: impl FnOnce(&mut Violations, Option<&'a Json>, &str) -> Option<T>,
) -> Option<T> {
    if Violations::present(value).is_none() {
        v.add(path, "is required");
        return None;
    }
    read(v, value, path)
}

/// A vendor enum sent as its name (ASCII case-insensitive) or its number.
pub(crate) fn known_enum<T: VendorEnum>(
    v: &mut Violations,
    value: Option<&Json>,
    path: &str,
) -> Option<T> {
    let found = match Violations::present(value)? {
        Json::Str(s) if s.trim().parse::<i64>().is_err() => T::parse(s),
        number @ Json::Num(_) => {
            let mut scratch = Violations::default();
            scratch
                .int(Some(number), path)
                .and_then(|code| T::parse(&code.to_string()))
        }
        _ => None,
    };
    if found.is_none() {
        v.add(
            path,
            format!(
                "is not a valid {}; expected one of {}",
                T::NAME,
                T::expected()
            ),
        );
    }
    found
}

/// An enum the fake does not interpret: a name or an int32 number (`facts.md`:
/// "accept names and numbers; keep values you do not know").
pub(crate) fn open_enum(v: &mut Violations, value: Option<&Json>, path: &str) -> Option<EnumValue> {
    match Violations::present(value)? {
        Json::Str(s) if !s.trim().is_empty() => Some(EnumValue::Name(s.clone())),
        number @ Json::Num(_) => v.int(Some(number), path).map(|c| EnumValue::Code(c.into())),
        _ => {
            v.add(path, "must be an enum name or number");
            None
        }
    }
}

#[derive(Default)]
pub(crate) struct Quantities {
    pub(crate) units: Option<i32>,
    pub(crate) unit_price: Option<Decimal>,
    pub(crate) cases: Option<i32>,
    pub(crate) units_per_case: Option<i32>,
    pub(crate) case_price: Option<Decimal>,
}

/// Reads the five quantity and price fields, int32 quantities and decimal
/// prices (wire types: `facts.md` "All IDs are int32", the Swagger's int32
/// quantities). With `ranges`, also document 001's rules for creating:
/// quantities "Should be greater than 0", prices "Cannot be negative"; the
/// other endpoints' documents state no range, so they pass `false`.
pub(crate) fn read_quantities(
    v: &mut Violations,
    object: &Json,
    path: &str,
    ranges: bool,
) -> Quantities {
    let positive = |v: &mut Violations, name: &str| {
        let field = format!("{path}.{name}");
        let value = v.int(object.get(name), &field);
        if let Some(q) = value
            && ranges
            && q <= 0
        {
            v.add(field, "must be greater than 0");
        }
        value
    };
    let units = positive(v, "QtyUnitsOrdered");
    let cases = positive(v, "QtyCasesOrdered");
    let units_per_case = positive(v, "QtyUnitsPerCase");
    let price = |v: &mut Violations, name: &str| {
        let field = format!("{path}.{name}");
        let value = v.decimal(object.get(name), &field);
        if let Some(p) = value
            && ranges
            && p < Decimal::ZERO
        {
            v.add(field, "must not be negative");
        }
        value
    };
    let unit_price = price(v, "UnitPrice");
    let case_price = price(v, "CasePrice");
    Quantities {
        units,
        unit_price,
        cases,
        units_per_case,
        case_price,
    }
}

pub(crate) const CASE_FIELDS: [&str; 3] = ["QtyCasesOrdered", "QtyUnitsPerCase", "CasePrice"];
pub(crate) const UNIT_FIELDS: [&str; 2] = ["QtyUnitsOrdered", "UnitPrice"];

/// The case-quantity-mode rule: in case mode only the case fields may be sent,
/// otherwise only the unit fields. Document 001: "Should only be set if case
/// quantity mode is set to false / true"; document 000: "Can be provided only
/// for PO in (non) case quantity mode".
pub(crate) fn check_mode(
    v: &mut Violations,
    object: &Json,
    path: &str,
    case_mode: Option<bool>,
    subject: &str,
) {
    let Some(case_mode) = case_mode else {
        return;
    };
    let (forbidden, allowed): (&[&str], &[&str]) = if case_mode {
        (&UNIT_FIELDS, &CASE_FIELDS)
    } else {
        (&CASE_FIELDS, &UNIT_FIELDS)
    };
    for name in forbidden {
        if Violations::present(object.get(name)).is_some() {
            v.add(
                format!("{path}.{name}"),
                format!(
                    "must not be sent when {subject} {} case quantity mode (send only {})",
                    if case_mode { "in" } else { "not in" },
                    allowed.join(", ")
                ),
            );
        }
    }
}

pub(crate) fn read_address(v: &mut Violations, object: &Json, path: &str) -> StoredAddress {
    let mut s = |name: &str| v.string(object.get(name), &format!("{path}.{name}"));
    StoredAddress {
        first_name: s("FirstName"),
        last_name: s("LastName"),
        middle_name: s("MiddleName"),
        zip_code: s("ZipCode"),
        city: s("City"),
        country: s("Country"),
        business: s("Business"),
        address_line1: s("AddressLine1"),
        address_line2: s("AddressLine2"),
        fax: s("Fax"),
        region: s("Region"),
        state: s("State"),
        phone: s("Phone"),
    }
}

pub(crate) fn is_two_letters(value: &str) -> bool {
    value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic())
}

pub(crate) fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|s| s.trim().is_empty())
}

pub(crate) fn check_country(v: &mut Violations, address: &StoredAddress, path: &str) {
    match &address.country {
        Some(c) if is_two_letters(c) => {}
        Some(_) => v.add(
            format!("{path}.Country"),
            "must be a two-letter country code",
        ),
        None => v.add(format!("{path}.Country"), "is required"),
    }
}

/// A purchase order address: only `Country` is required, a two-letter code
/// (document 001: `Address.Country` "Two letter country code", required;
/// `facts.md`: "for purchase orders only Country is required").
pub(crate) fn po_address(
    v: &mut Violations,
    value: Option<&Json>,
    path: &str,
) -> Option<StoredAddress> {
    let object = v.object(value, path)?;
    let address = read_address(v, object, path);
    check_country(v, &address, path);
    Some(address)
}

/// An order address: complete, because it replaces the stored one as a whole
/// (document 002: "When address is provided all of its information has to be
/// passed because a full address update is done"; its table marks FirstName,
/// LastName, ZipCode, City, Country and AddressLine1 required, Country "two
/// letter country code", State "two letter code. Required when country is
/// set to 'US' or 'CA'"; `facts.md` repeats the list).
pub(crate) fn order_address(
    v: &mut Violations,
    value: Option<&Json>,
    path: &str,
) -> Option<StoredAddress> {
    let object = v.object(value, path)?;
    let address = read_address(v, object, path);
    for (name, part) in [
        ("FirstName", &address.first_name),
        ("LastName", &address.last_name),
        ("ZipCode", &address.zip_code),
        ("City", &address.city),
        ("AddressLine1", &address.address_line1),
    ] {
        if blank(part) {
            v.add(
                format!("{path}.{name}"),
                "is required (an order address is replaced as a whole)",
            );
        }
    }
    check_country(v, &address, path);
    let needs_state = address
        .country
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("US") || c.eq_ignore_ascii_case("CA"));
    match &address.state {
        Some(state) if !state.trim().is_empty() && !is_two_letters(state) => v.add(
            format!("{path}.State"),
            "must be a two-letter state or province code",
        ),
        state if needs_state && blank(state) => v.add(
            format!("{path}.State"),
            "is required when Country is US or CA",
        ),
        _ => {}
    }
    Some(address)
}

pub(crate) fn set_if<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}
