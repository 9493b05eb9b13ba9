//! Answers as this crate gives them: the IDs the vendor always sends as
//! typed values, so reading one needs no `Option` and no unwrap chain.
//!
//! This module is the one place where the generated [`types`]' plain
//! integers become typed IDs ([`crate::ids`]). An answer that leaves out one
//! of these IDs is not patched with a default (a row ID 0 would address
//! nothing, or the wrong row): the call fails with [`Error::MissingField`](crate::Error::MissingField)
//! naming the field. Everything else is kept as the wire has it, in the
//! answer's `wire` field; the generated types read through
//! [`Client::call`](crate::Client::call) take any answer as it is.

use crate::ids::RowId;
use api_runtime::Result;
use api_runtime::id::required;
use shopctrl_api::types;

/// A row of a purchase order as `GET v1/PurchaseOrders/{purchaseOrderId}/Rows`
/// lists it: its [`RowId`] typed, the rest as sent.
///
/// ```
/// use shopctrl::{ListedRow, RowId, types};
/// let listed: Vec<types::PurchaseOrderRow> =
///     serde_json::from_str(r#"[{"Id": 3, "ProductCode": "P-1"}]"#).unwrap();
/// let rows = ListedRow::from_wire(listed)?;
/// assert_eq!(rows[0].id, RowId::new(3));
/// assert_eq!(rows[0].wire.product_code.as_deref(), Some("P-1"));
///
/// let no_id: Vec<types::PurchaseOrderRow> = serde_json::from_str(r#"[{"ProductCode": "P-1"}]"#).unwrap();
/// let e = ListedRow::from_wire(no_id).unwrap_err();
/// assert!(matches!(e, shopctrl::Error::MissingField { ref field, .. } if field == "[0].Id"));
/// # Ok::<(), shopctrl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ListedRow {
    /// The row's `Id`, which an update names it by.
    pub id: RowId,
    /// The row as the server sent it.
    pub wire: types::PurchaseOrderRow,
}

impl ListedRow {
    /// The rows of an answer, each with its `Id`; a row without one is an
    /// [`Error::MissingField`](crate::Error::MissingField) naming it (`[2].Id`).
    pub fn from_wire(rows: Vec<types::PurchaseOrderRow>) -> Result<Vec<ListedRow>> {
        rows.into_iter()
            .enumerate()
            .map(|(i, wire)| {
                let operation = crate::purchase_orders::rows::OPERATION.name;
                let id = required(wire.id, operation, || format!("[{i}].Id"))?;
                Ok(ListedRow {
                    id: RowId::new(id),
                    wire,
                })
            })
            .collect()
    }
}
