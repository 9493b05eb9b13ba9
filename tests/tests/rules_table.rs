//! `docs/client-side-rules.md` is the list of every rule the clients check
//! before sending, generated from the code (`sellercloud::rules::all()`,
//! `shopctrl::rules::all()`), so it cannot go stale: this test fails when
//! it differs. `UPDATE_RULES_TABLE=1 cargo test -p e2e-tests --test
//! rules_table` rewrites it.

use api_runtime::validate::{RuleKind, markdown_table};

const HEADER: &str = "# Client-side rules

Every rule the `sellercloud` and `shopctrl` crates check before a request is
sent, with the vendor statement it enforces. Generated from the code by
`tests/tests/rules_table.rs`; do not edit by hand.

A rule is enforced before sending only when a vendor document states it (the
five endpoint documents, `facts.md`, the vendor's Swagger, the vendor's help
pages named in `vendor-docs/where-to-read.md`), or when it is a
fact of the wire type (see [CONTRIBUTING.md](../CONTRIBUTING.md)). Kinds:

- **stated**: the vendor's words are quoted;
- **convenience**: the request would change nothing; the vendor states no
  such rule, and `Client::call` sends the request anyway when that is meant;
- **by type**: the builder's types enforce it; it never shows up as a
  violation.

Rules the crates deliberately do *not* enforce, because no vendor document
states them, are listed in the comments next to each endpoint's rules and
tested there (they fail if the rule comes back).
";

fn table() -> String {
    let sellercloud: Vec<_> = sellercloud::rules::all().collect();
    let shopctrl: Vec<_> = shopctrl::rules::all().collect();
    format!(
        "{HEADER}\n## Sellercloud\n\n{}\n## ShopCtrl\n\n{}",
        markdown_table(&sellercloud),
        markdown_table(&shopctrl)
    )
}

#[test]
fn the_rules_table_is_generated_from_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/client-side-rules.md");
    let expected = table();
    if std::env::var_os("UPDATE_RULES_TABLE").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == expected,
        "docs/client-side-rules.md is stale; run UPDATE_RULES_TABLE=1 cargo test -p e2e-tests --test rules_table"
    );
}

#[test]
fn every_stated_rule_quotes_its_source() {
    for rule in sellercloud::rules::all().chain(shopctrl::rules::all()) {
        assert!(
            !rule.source.is_empty() && !rule.quote.is_empty(),
            "{rule:?}"
        );
        if rule.kind == RuleKind::Stated {
            assert!(
                rule.source.contains("facts.md")
                    || rule.source.starts_with("00")
                    || rule.source.contains("Swagger")
                    // A vendor page where-to-read.md lists, by its title.
                    || rule.source.starts_with("page \"")
                    || rule.source.starts_with("help page "),
                "a stated rule names a vendor document: {rule:?}"
            );
        }
    }
}
