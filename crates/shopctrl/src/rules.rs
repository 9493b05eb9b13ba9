//! Every rule this crate checks before sending, each with the vendor
//! statement it enforces; the rules themselves live with their endpoint.
//!
//! The project's rules table, `docs/client-side-rules.md`, is generated
//! from [`all`] by a test, so it cannot drift from the code.
//!
//! ```
//! assert!(shopctrl::rules::all().any(|r| r.field == "ProductCode"));
//! ```

use crate::purchase_orders::{add_row, create, update, update_row};
use api_runtime::validate::Rule;

/// The rules of every endpoint.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        update_row::RULES,
        add_row::RULES,
        create::RULES,
        update::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}
