//! Validation before the wire: violations name the field path in the
//! vendor's JSON names (`Products[2].QtyCasesOrdered`) and the rule broken.
//!
//! Each ergonomic endpoint module states its rules with a [`Validator`] and
//! the rule helpers below, so that the same rule reads the same way (and
//! says the same thing) for every endpoint of both vendors.
//!
//! Every rule a builder checks is a [`Rule`]: where it applies, what it
//! says, and the vendor statement it enforces, word for word. A rule is
//! enforced only when a vendor document states it, or it is a fact of the
//! wire type (an int32, a documented two-letter code); a check that only
//! refuses a request that would change nothing may stay as a documented
//! convenience ([`RuleKind::Convenience`]). Each vendor crate lists its
//! rules (`sellercloud::rules::ALL`, `shopctrl::rules::ALL`), and the
//! project's rules table (`docs/client-side-rules.md`) is generated from
//! those lists by a test, so it cannot go stale.

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt;

/// Why a rule is enforced before sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleKind {
    /// A vendor document states it (quoted in [`Rule::quote`]).
    Stated,
    /// The request would change nothing; refusing it is a convenience the
    /// vendor does not state (the server may well accept it). Use the
    /// client's `call` escape hatch to send such a request anyway.
    Convenience,
    /// The builder's types enforce it (a required value taken by the
    /// constructor, the quantity mode as a type parameter); it never shows
    /// up as a violation.
    Type,
}

/// A rule a builder checks before anything is sent.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The operation (`create_purchase_order`).
    pub operation: &'static str,
    /// The field path pattern (`Products[].QtyUnitsOrdered`).
    pub field: &'static str,
    /// The rule in words.
    pub rule: &'static str,
    /// Why it is enforced.
    pub kind: RuleKind,
    /// The vendor document (`001 Create Purchase Order`, `facts.md`).
    pub source: &'static str,
    /// The document's words.
    pub quote: &'static str,
}

/// The rules of `rules` as a Markdown table (the project's
/// `docs/client-side-rules.md` is generated with it).
pub fn markdown_table(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "| operation | field | rule | kind | source | the source's words |\n|---|---|---|---|---|---|\n",
    );
    for r in rules {
        let kind = match r.kind {
            RuleKind::Stated => "stated",
            RuleKind::Convenience => "convenience",
            RuleKind::Type => "by type",
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} | {} |\n",
            r.operation,
            r.field,
            r.rule,
            kind,
            r.source,
            r.quote.replace('|', "\\|")
        ));
    }
    out
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Path of the field in the request body, in the vendor's JSON names
    /// (`Products[2].QtyCasesOrdered`); the empty string means the whole request.
    pub field: String,
    /// The rule, in words (`must be greater than 0`).
    pub rule: Cow<'static, str>,
    /// The [`Rule`] broken, when the check names one (every check of the
    /// vendor crates does).
    pub source: Option<&'static Rule>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "request: {}", self.rule)
        } else {
            write!(f, "{}: {}", self.field, self.rule)
        }
    }
}

/// Every rule a request breaks (at least one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// The violations, in the order the rules were checked.
    pub fn iter(&self) -> impl Iterator<Item = &Violation> {
        self.0.iter()
    }

    /// The first violation.
    pub fn first(&self) -> &Violation {
        &self.0[0]
    }

    /// Whether `field` broke a rule.
    pub fn has_field(&self, field: &str) -> bool {
        self.0.iter().any(|v| v.field == field)
    }

    /// How many rules were broken.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a `Violations` holds at least one.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            v.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// Collects violations while a request is checked.
#[derive(Debug, Default)]
pub struct Validator {
    violations: Vec<Violation>,
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Records a violation of `rule` at `field` unless `ok`.
    pub fn check(
        &mut self,
        ok: bool,
        field: impl fmt::Display,
        rule: impl Into<Cow<'static, str>>,
    ) {
        if !ok {
            self.fail(field, rule);
        }
    }

    /// Records a violation of `rule` at `field`.
    pub fn fail(&mut self, field: impl fmt::Display, rule: impl Into<Cow<'static, str>>) {
        self.violations.push(Violation {
            field: field.to_string(),
            rule: rule.into(),
            source: None,
        });
    }

    /// Records a violation of `rule` at `field` unless `ok`, in the rule's
    /// own words.
    pub fn require(&mut self, rule: &'static Rule, ok: bool, field: impl fmt::Display) {
        if !ok {
            self.violations.push(Violation {
                field: field.to_string(),
                rule: rule.rule.into(),
                source: Some(rule),
            });
        }
    }

    /// Records `result`'s error (its words, with the value that broke it) as
    /// a violation of `rule` at `field`.
    pub fn enforce(
        &mut self,
        rule: &'static Rule,
        field: impl fmt::Display,
        result: Result<(), Cow<'static, str>>,
    ) {
        if let Err(text) = result {
            self.violations.push(Violation {
                field: field.to_string(),
                rule: text,
                source: Some(rule),
            });
        }
    }

    /// Records `result`'s error, if any, at `field`.
    pub fn rule(&mut self, field: impl fmt::Display, result: Result<(), Cow<'static, str>>) {
        if let Err(rule) = result {
            self.fail(field, rule);
        }
    }

    /// `Ok` when no rule was broken.
    pub fn finish(self) -> Result<(), Violations> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.violations))
        }
    }
}

/// Rule: a text is not empty or only white space.
pub fn not_blank(value: &str) -> Result<(), Cow<'static, str>> {
    if value.trim().is_empty() {
        Err("must not be blank".into())
    } else {
        Ok(())
    }
}

/// Rule: a two-letter code (ISO 3166-1 alpha-2 country, US/CA state).
pub fn two_letter_code(value: &str) -> Result<(), Cow<'static, str>> {
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(format!("must be a two-letter code, got `{value}`").into())
    }
}

/// Rule: an integer is greater than 0.
pub fn positive(value: i64) -> Result<(), Cow<'static, str>> {
    if value > 0 {
        Ok(())
    } else {
        Err(format!("must be greater than 0, got {value}").into())
    }
}

/// Rule: an integer is not negative.
pub fn not_negative(value: i64) -> Result<(), Cow<'static, str>> {
    if value >= 0 {
        Ok(())
    } else {
        Err(format!("must not be negative, got {value}").into())
    }
}

/// Rule: an amount is not negative.
pub fn not_negative_decimal(value: Decimal) -> Result<(), Cow<'static, str>> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(format!("must not be negative, got {value}").into())
    } else {
        Ok(())
    }
}

/// Rule: a text is at most `max` characters long.
pub fn max_chars(value: &str, max: usize) -> Result<(), Cow<'static, str>> {
    let len = value.chars().count();
    if len <= max {
        Ok(())
    } else {
        Err(format!("must be at most {max} characters, got {len}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_violation_with_its_path() {
        let mut v = Validator::new();
        v.check(true, "A", "never");
        v.rule("Products[2].QtyCasesOrdered", positive(0));
        v.rule("ShippingAddress.Country", two_letter_code("USA"));
        let e = v.finish().unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e.first().field, "Products[2].QtyCasesOrdered");
        assert!(e.has_field("ShippingAddress.Country"));
        assert_eq!(
            e.to_string(),
            "Products[2].QtyCasesOrdered: must be greater than 0, got 0; ShippingAddress.Country: must be a two-letter code, got `USA`"
        );
        assert!(Validator::new().finish().is_ok());
    }

    static DEMO: Rule = Rule {
        operation: "demo",
        field: "Items[].Qty",
        rule: "must be greater than 0",
        kind: RuleKind::Stated,
        source: "doc 1",
        quote: "Should be greater than 0.",
    };

    #[test]
    fn named_rules_are_the_violations_source_and_make_a_table() {
        let mut v = Validator::new();
        v.enforce(&DEMO, "Items[0].Qty", positive(0));
        v.require(&DEMO, false, "Items[1].Qty");
        v.require(&DEMO, true, "Items[2].Qty");
        let e = v.finish().unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|v| v.source == Some(&DEMO)));
        assert_eq!(e.first().rule, "must be greater than 0, got 0");
        let table = markdown_table(&[&DEMO]);
        assert!(table.contains("| `demo` | `Items[].Qty` | must be greater than 0 | stated | doc 1 | Should be greater than 0. |"), "{table}");
    }

    #[test]
    fn rules_accept_their_valid_counterparts() {
        assert!(not_blank(" x ").is_ok() && not_blank("  ").is_err());
        assert!(two_letter_code("US").is_ok() && two_letter_code("U1").is_err());
        assert!(positive(1).is_ok() && positive(0).is_err());
        assert!(not_negative(0).is_ok() && not_negative(-1).is_err());
        assert!(not_negative_decimal(Decimal::ZERO).is_ok());
        assert!(not_negative_decimal(Decimal::new(-1, 2)).is_err());
        assert!(max_chars("éé", 2).is_ok() && max_chars("abc", 2).is_err());
    }
}
