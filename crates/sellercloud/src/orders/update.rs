//! Update an order: `PUT /api/Orders/{id}`.
//!
//! [`UpdateOrder`] builds the request and [`OrderAddressUpdate`] a replacement
//! address; their rules (below, quoting the vendor's article "Update Order")
//! are checked by [`UpdateOrder::build`] before anything is sent.
//!
//! ```
//! let body = sellercloud::UpdateOrder::new().disable_inventory_count(true).build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"DisableInventoryCount":true}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::{CompanyId, OrderId};
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator, not_blank, two_letter_code};
use api_runtime::{Error, Result};
use sellercloud_api::enums::{CurrencyCode, OrderSource, OrderSubType};
use sellercloud_api::types;

/// New header data of an order. Every field is optional (unset fields keep
/// their stored values), but a request must change something.
///
/// ```
/// use sellercloud::{CurrencyCode, OrderSubType, UpdateOrder};
///
/// let update = UpdateOrder::new()
///     .customer_id(77)
///     .order_sub_type(OrderSubType::Sample)
///     .currency_code(CurrencyCode::Usd);
/// let body = update.build()?;
/// assert_eq!(body.customer_id, Some(77));
///
/// assert!(UpdateOrder::new().build().is_err()); // changes nothing
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct UpdateOrder {
    body: types::OrderUpdate,
    shipping_address: Option<OrderAddressUpdate>,
    billing_address: Option<OrderAddressUpdate>,
}

impl UpdateOrder {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// use sellercloud::CompanyId;
    /// let update = sellercloud::UpdateOrder::new().company_id(CompanyId::new(3));
    /// # let _ = update;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `CompanyId`: moves the order to another company.
    ///
    /// ```
    /// use sellercloud::CompanyId;
    /// let update = sellercloud::UpdateOrder::new().company_id(CompanyId::new(3));
    /// # let _ = update;
    /// ```
    pub fn company_id(mut self, id: CompanyId) -> Self {
        self.body.company_id = Some(id.get());
        self
    }

    /// `CustomerId`.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().customer_id(77);
    /// # let _ = update;
    /// ```
    pub fn customer_id(mut self, id: i32) -> Self {
        self.body.customer_id = Some(id);
        self
    }

    /// `OrderSource`: the sales channel.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().order_source(sellercloud::OrderSource::Amazon);
    /// # let _ = update;
    /// ```
    pub fn order_source(mut self, source: OrderSource) -> Self {
        self.body.order_source = Some(source);
        self
    }

    /// `OrderSubType`.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().order_sub_type(sellercloud::OrderSubType::Prime);
    /// # let _ = update;
    /// ```
    pub fn order_sub_type(mut self, sub_type: OrderSubType) -> Self {
        self.body.order_sub_type = Some(sub_type);
        self
    }

    /// `SalesRep1`: the first sales representative's ID.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().sales_rep1(12);
    /// # let _ = update;
    /// ```
    pub fn sales_rep1(mut self, id: i32) -> Self {
        self.body.sales_rep1 = Some(id);
        self
    }

    /// `CurrencyCode`.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().currency_code(sellercloud::CurrencyCode::Eur);
    /// # let _ = update;
    /// ```
    pub fn currency_code(mut self, currency: CurrencyCode) -> Self {
        self.body.currency_code = Some(currency);
        self
    }

    /// `DisableInventoryCount`.
    ///
    /// ```
    /// let update = sellercloud::UpdateOrder::new().disable_inventory_count(true);
    /// # let _ = update;
    /// ```
    pub fn disable_inventory_count(mut self, disable: bool) -> Self {
        self.body.disable_inventory_count = Some(disable);
        self
    }

    /// `ShippingAddress`: replaces the stored one completely, so it must be
    /// complete (see [`OrderAddressUpdate`]).
    ///
    /// ```
    /// use sellercloud::{OrderAddressUpdate, UpdateOrder};
    /// let update = UpdateOrder::new().shipping_address(
    ///     OrderAddressUpdate::new().first_name("Ada").last_name("Lovelace").address_line1("1 Main St")
    ///         .city("London").zip_code("N1 9GU").country("GB"),
    /// );
    /// assert!(update.build().is_ok());
    /// ```
    pub fn shipping_address(mut self, address: OrderAddressUpdate) -> Self {
        self.shipping_address = Some(address);
        self
    }

    /// `BillingAddress`: replaces the stored one completely, so it must be
    /// complete (see [`OrderAddressUpdate`]).
    ///
    /// ```
    /// use sellercloud::{OrderAddressUpdate, UpdateOrder};
    /// let e = UpdateOrder::new().billing_address(OrderAddressUpdate::new().country("US")).build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("BillingAddress.State"));
    /// ```
    pub fn billing_address(mut self, address: OrderAddressUpdate) -> Self {
        self.billing_address = Some(address);
        self
    }

    /// Checks every rule without building the body.
    ///
    /// ```
    /// let e = sellercloud::UpdateOrder::new().validate().unwrap_err();
    /// assert!(e.to_string().contains("at least one"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        let addresses = [
            ("ShippingAddress", &self.shipping_address),
            ("BillingAddress", &self.billing_address),
        ];
        changes_something(
            &mut v,
            &self.body,
            addresses.iter().any(|(_, a)| a.is_some()),
        );
        for (name, address) in addresses {
            if let Some(a) = address {
                address_complete(&mut v, name, &a.0);
                address_country_and_state(&mut v, name, &a.0);
            }
        }
        v.finish().map_err(Error::Validation)
    }

    /// Checks every rule ([`Self::validate`]) and returns the request body.
    ///
    /// ```
    /// let e = sellercloud::UpdateOrder::new().build().unwrap_err();
    /// assert!(e.to_string().contains("at least one"));
    /// ```
    pub fn build(self) -> Result<types::OrderUpdate> {
        self.validate()?;
        let mut body = self.body;
        body.shipping_address = self.shipping_address.map(|a| a.0);
        body.billing_address = self.billing_address.map(|a| a.0);
        Ok(body)
    }
}

const DOC: &str = "002 Update Order";
const OP: &str = "update_order";

/// Every field "Do not provide or set to “null” if no update is needed": a
/// request without any field updates nothing. A convenience, not a vendor
/// rule: send an empty update through [`Client::call`](crate::Client::call)
/// if you mean it.
pub static CHANGES_SOMETHING: Rule = Rule {
    operation: OP,
    field: "(any field)",
    rule: "at least one field must be set",
    kind: RuleKind::Convenience,
    source: DOC,
    quote: "Do not provide or set to “null” if no update is needed.",
};

/// "When address is provided all of its information has to be passed
/// because a full address update is done"; `FirstName`, `LastName`,
/// `ZipCode`, `City`, `Country` and `AddressLine1` are "Is Required: true".
pub static ADDRESS_COMPLETE: Rule = Rule {
    operation: OP,
    field: "ShippingAddress / BillingAddress .FirstName, LastName, ZipCode, City, Country, AddressLine1",
    rule: "must not be blank",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "NOTE: When address is provided all of its information has to be passed because a full address update is done. (FirstName, LastName, ZipCode, City, Country, AddressLine1: true)",
};

/// `Country`: "Address two letter country code." Checked as two ASCII
/// letters as sent, not against the ISO 3166-1 list, so a newly assigned
/// code is never refused; a padded code (` US`) breaks the spec's pattern.
pub static ADDRESS_COUNTRY: Rule = Rule {
    operation: OP,
    field: "ShippingAddress / BillingAddress .Country",
    rule: "must be a two-letter code",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Address two letter country code.",
};

/// `State`: "Address state/province two letter code. Required when country
/// is seto to “US” or “CA”." (sic). A state given for another country is a
/// two-letter code as well: the document describes the field so.
pub static ADDRESS_STATE: Rule = Rule {
    operation: OP,
    field: "ShippingAddress / BillingAddress .State",
    rule: "a two-letter code, required when Country is US or CA",
    kind: RuleKind::Stated,
    source: DOC,
    quote: "Address state/province two letter code. Required when country is seto to “US” or “CA”.",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[
    &CHANGES_SOMETHING,
    &ADDRESS_COMPLETE,
    &ADDRESS_COUNTRY,
    &ADDRESS_STATE,
];

fn changes_something(v: &mut Validator, b: &types::OrderUpdate, an_address: bool) {
    let changes = an_address
        || b.company_id.is_some()
        || b.customer_id.is_some()
        || b.order_source.is_some()
        || b.order_sub_type.is_some()
        || b.sales_rep1.is_some()
        || b.currency_code.is_some()
        || b.disable_inventory_count.is_some();
    v.require(&CHANGES_SOMETHING, changes, "");
}

fn address_complete(v: &mut Validator, name: &str, a: &types::OrderAddress) {
    for (field, value) in [
        ("FirstName", &a.first_name),
        ("LastName", &a.last_name),
        ("ZipCode", &a.zip_code),
        ("City", &a.city),
        ("Country", &a.country),
        ("AddressLine1", &a.address_line1),
    ] {
        v.enforce(
            &ADDRESS_COMPLETE,
            format_args!("{name}.{field}"),
            not_blank(value),
        );
    }
}

fn address_country_and_state(v: &mut Validator, name: &str, a: &types::OrderAddress) {
    // As sent, like every code: a padded ` US` is not a two-letter code, and
    // not US either (as the server reads it, the fake says).
    let country = a.country.as_str();
    if !country.trim().is_empty() {
        v.enforce(
            &ADDRESS_COUNTRY,
            format_args!("{name}.Country"),
            two_letter_code(&a.country),
        );
    }
    let us_or_ca = country.eq_ignore_ascii_case("US") || country.eq_ignore_ascii_case("CA");
    // A blank State is no State: refused only where one is required.
    match a.state.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(state) => v.enforce(
            &ADDRESS_STATE,
            format_args!("{name}.State"),
            two_letter_code(state),
        ),
        None if us_or_ca => v.enforce(
            &ADDRESS_STATE,
            format_args!("{name}.State"),
            Err(format!("is required when Country is {country}").into()),
        ),
        None => {}
    }
}

/// A complete order address: it replaces the stored one as a whole.
///
/// Required: first and last name, address line 1, city, zip code and
/// country (two letters); for `US` and `CA` also the state (two letters).
///
/// ```
/// use sellercloud::OrderAddressUpdate;
///
/// let address = OrderAddressUpdate::new()
///     .first_name("Ada")
///     .last_name("Lovelace")
///     .business("Analytical Engines Ltd")
///     .address_line1("1 Main St")
///     .city("Toronto")
///     .state("ON")
///     .zip_code("M5H 2N2")
///     .country("CA")
///     .phone("+1 416 555 0100");
/// # let _ = address;
/// ```
#[derive(Clone, Debug)]
pub struct OrderAddressUpdate(types::OrderAddress);

/// Two addresses are equal when they would send the same JSON.
impl PartialEq for OrderAddressUpdate {
    fn eq(&self, other: &Self) -> bool {
        serde_json::to_value(&self.0).ok() == serde_json::to_value(&other.0).ok()
    }
}

impl Default for OrderAddressUpdate {
    fn default() -> Self {
        OrderAddressUpdate(types::OrderAddress {
            address_line1: String::new(),
            address_line2: None,
            business: None,
            city: String::new(),
            country: String::new(),
            fax: None,
            first_name: String::new(),
            last_name: String::new(),
            middle_name: None,
            phone: None,
            region: None,
            state: None,
            zip_code: String::new(),
        })
    }
}

macro_rules! text_setters {
    (required: $($(#[$rdoc:meta])* $req:ident),* ; optional: $($(#[$odoc:meta])* $opt:ident),* $(,)?) => {
        $(
            $(#[$rdoc])*
            pub fn $req(mut self, value: impl Into<String>) -> Self {
                self.0.$req = value.into();
                self
            }
        )*
        $(
            $(#[$odoc])*
            pub fn $opt(mut self, value: impl Into<String>) -> Self {
                self.0.$opt = Some(value.into());
                self
            }
        )*
    };
}

impl OrderAddressUpdate {
    /// An address as the wire type holds it.
    pub(crate) fn from_wire(address: types::OrderAddress) -> Self {
        OrderAddressUpdate(address)
    }

    /// An empty address; set every required part.
    ///
    /// ```
    /// let a = sellercloud::OrderAddressUpdate::new().country("GB");
    /// # let _ = a;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    text_setters! {
        required:
        /// `FirstName` (required).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().first_name("Ada");
        /// # let _ = a;
        /// ```
        first_name,
        /// `LastName` (required).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().last_name("Lovelace");
        /// # let _ = a;
        /// ```
        last_name,
        /// `AddressLine1` (required).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().address_line1("1 Main St");
        /// # let _ = a;
        /// ```
        address_line1,
        /// `City` (required).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().city("Springfield");
        /// # let _ = a;
        /// ```
        city,
        /// `ZipCode` (required).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().zip_code("62701");
        /// # let _ = a;
        /// ```
        zip_code,
        /// `Country` (required; two-letter code such as `US`).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().country("US");
        /// # let _ = a;
        /// ```
        country;
        optional:
        /// `State` (two-letter code; required for `US` and `CA`).
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().state("IL");
        /// # let _ = a;
        /// ```
        state,
        /// `MiddleName`.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().middle_name("K");
        /// # let _ = a;
        /// ```
        middle_name,
        /// `Business`: company name.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().business("Acme");
        /// # let _ = a;
        /// ```
        business,
        /// `AddressLine2`.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().address_line2("Suite 4");
        /// # let _ = a;
        /// ```
        address_line2,
        /// `Region`.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().region("Midwest");
        /// # let _ = a;
        /// ```
        region,
        /// `Phone`.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().phone("+1 555 0100");
        /// # let _ = a;
        /// ```
        phone,
        /// `Fax`.
        ///
        /// ```
        /// let a = sellercloud::OrderAddressUpdate::new().fax("+1 555 0101");
        /// # let _ = a;
        /// ```
        fax,
    }
}

const OPERATION: Operation = Operation::idempotent("update_order");

/// Sends an order update: validated first; idempotent, so retried.
pub(crate) async fn send(client: &Client, order_id: OrderId, request: UpdateOrder) -> Result<()> {
    let body = request.build()?;
    client
        .call(OPERATION, |api| api.update_order(order_id.get(), &body))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(country: &str, state: Option<&str>) -> OrderAddressUpdate {
        let a = OrderAddressUpdate::new()
            .first_name("Ada")
            .last_name("Lovelace")
            .address_line1("1 Main St")
            .city("Springfield")
            .zip_code("62701")
            .country(country);
        match state {
            Some(s) => a.state(s),
            None => a,
        }
    }

    #[track_caller]
    fn fails_at(update: UpdateOrder, field: &str) {
        let e = update.build().unwrap_err();
        let v = e.violations().expect("a validation error");
        assert!(v.has_field(field), "expected {field}, got: {v}");
    }

    #[test]
    fn must_change_something() {
        fails_at(UpdateOrder::new(), "");
        assert!(
            UpdateOrder::new()
                .disable_inventory_count(false)
                .build()
                .is_ok()
        );
        assert!(UpdateOrder::new().sales_rep1(1).build().is_ok());
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("GB", None))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn address_must_be_complete() {
        type Blank = fn(OrderAddressUpdate) -> OrderAddressUpdate;
        let cases: [(&str, Blank); 6] = [
            ("FirstName", |a| a.first_name("")),
            ("LastName", |a| a.last_name(" ")),
            ("ZipCode", |a| a.zip_code("")),
            ("City", |a| a.city("")),
            ("Country", |a| a.country("")),
            ("AddressLine1", |a| a.address_line1("\t")),
        ];
        for (field, blank) in cases {
            fails_at(
                UpdateOrder::new().shipping_address(blank(complete("US", Some("IL")))),
                &format!("ShippingAddress.{field}"),
            );
            fails_at(
                UpdateOrder::new().billing_address(blank(complete("US", Some("IL")))),
                &format!("BillingAddress.{field}"),
            );
        }
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("US", Some("IL")))
                .billing_address(complete("US", Some("IL")))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn country_two_letters() {
        fails_at(
            UpdateOrder::new().shipping_address(complete("USA", Some("IL"))),
            "ShippingAddress.Country",
        );
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("DE", None))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn state_required_for_us_and_ca() {
        fails_at(
            UpdateOrder::new().shipping_address(complete("US", None)),
            "ShippingAddress.State",
        );
        fails_at(
            UpdateOrder::new().billing_address(complete("ca", Some(" "))),
            "BillingAddress.State",
        );
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("CA", Some("ON")))
                .build()
                .is_ok()
        );
        // Elsewhere State is optional.
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("FR", None))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn state_two_letters() {
        fails_at(
            UpdateOrder::new().shipping_address(complete("US", Some("Illinois"))),
            "ShippingAddress.State",
        );
        // Checked as sent: padded codes would go on the wire padded.
        fails_at(
            UpdateOrder::new().shipping_address(complete("US", Some("IL "))),
            "ShippingAddress.State",
        );
        fails_at(
            UpdateOrder::new().billing_address(complete(" GB", None)),
            "BillingAddress.Country",
        );
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("US", Some("IL")))
                .build()
                .is_ok()
        );
        // A state/province given for any other country is a two-letter code too.
        fails_at(
            UpdateOrder::new().shipping_address(complete("DE", Some("Bayern"))),
            "ShippingAddress.State",
        );
        assert!(
            UpdateOrder::new()
                .shipping_address(complete("DE", Some("BY")))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn body_has_the_vendor_names() {
        let body = UpdateOrder::new()
            .company_id(CompanyId::new(3))
            .order_source(OrderSource::LocalStore)
            .shipping_address(complete("US", Some("IL")))
            .build()
            .unwrap();
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["CompanyId"], 3);
        assert_eq!(json["OrderSource"], "Local_Store");
        assert_eq!(json["ShippingAddress"]["State"], "IL");
        assert!(json.get("BillingAddress").is_none());
    }
}
