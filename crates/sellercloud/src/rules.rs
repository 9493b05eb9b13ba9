//! Every rule this crate checks before sending, each with the vendor
//! statement it enforces; the rules themselves live with their endpoint.
//!
//! The project's rules table, `docs/client-side-rules.md`, is generated
//! from [`all`] by a test, so it cannot drift from the code.
//!
//! ```
//! use sellercloud::RuleKind;
//! let stated = sellercloud::rules::all().filter(|r| r.kind == RuleKind::Stated).count();
//! assert!(stated > 0);
//! ```

use crate::lookups::catalog;
use crate::orders::update;
use crate::purchase_orders::{add_items, create, receive, update_items, update_tracking};
use api_runtime::validate::Rule;

/// The rules of every endpoint, endpoint by endpoint.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        create::RULES,
        add_items::RULES,
        update_items::RULES,
        receive::RULES,
        update_tracking::RULES,
        update::RULES,
        catalog::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

// Not enforced: a path `{id}` of 0 or below. "All IDs are int32" (facts.md)
// says nothing of their sign; an unknown id is the server's 404.
