//! Custom columns of a purchase order: read with `GET
//! /api/PurchaseOrders/{id}/CustomColumns` (the Swagger's
//! `PurchaseOrders_GetCustomColumns`; the page "Get Custom Columns" shows the
//! same read as `GET /api/PurchaseOrders/CustomColumns?id={id}`, reachable
//! through [`Client::call`](crate::Client::call)), changed one column at a
//! time with `PUT /api/PurchaseOrders/{id}/CustomColumns` (page "Update
//! Custom Columns").
//!
//! ```
//! let body = sellercloud::UpdatePurchaseOrderCustomColumn::new("Buyer", "Dana").build()?;
//! assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"ColumnName":"Buyer","Value":"Dana"}"#);
//! # Ok::<(), sellercloud::Error>(())
//! ```

use crate::client::Client;
use crate::ids::PurchaseOrderId;
use api_runtime::call::Operation;
use api_runtime::validate::{Rule, RuleKind, Validator};
use api_runtime::{Error, Result};
use sellercloud_api::types;

/// A new value of one custom column, named by its `ColumnName`. The value is
/// any JSON value the column's type takes (text, number, date-time text,
/// boolean); both are mandatory ([`NAME_AND_VALUE`], [`VALUE_NOT_NULL`]).
#[derive(Clone, Debug)]
pub struct UpdatePurchaseOrderCustomColumn(types::UpdateCustomColumn);

impl UpdatePurchaseOrderCustomColumn {
    /// Column `name` set to `value`.
    pub fn new(name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        UpdatePurchaseOrderCustomColumn(types::UpdateCustomColumn {
            column_name: name.into(),
            value: Some(value.into()),
        })
    }

    /// Checks the rules without building the body.
    ///
    /// ```
    /// let e = sellercloud::UpdatePurchaseOrderCustomColumn::new("Buyer", serde_json::Value::Null).validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Value"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        v.require(
            &VALUE_NOT_NULL,
            self.0.value.as_ref().is_some_and(|value| !value.is_null()),
            "Value",
        );
        v.finish().map_err(Error::Validation)
    }

    /// Checks the rules ([`Self::validate`]) and returns the body.
    pub fn build(self) -> Result<types::UpdateCustomColumn> {
        self.validate()?;
        Ok(self.0)
    }
}

const OP: &str = "purchase_orders_update_custom_columns";
const PAGE: &str = "page \"Update Custom Columns\"";

/// `ColumnName` and `Value` are both mandatory: [`UpdatePurchaseOrderCustomColumn::new`]
/// takes them.
pub static NAME_AND_VALUE: Rule = Rule {
    operation: OP,
    field: "ColumnName, Value",
    rule: "required",
    kind: RuleKind::Type,
    source: PAGE,
    quote: "ColumnName string Name of existing column name. Mandatory. Yes; Value string Value of custom columns. Mandatory. Yes",
};

/// `Value` is mandatory, so a JSON `null` (no value) is refused. The
/// Swagger makes only `ColumnName` required; the newer page wins.
pub static VALUE_NOT_NULL: Rule = Rule {
    operation: OP,
    field: "Value",
    rule: "must not be null",
    kind: RuleKind::Stated,
    source: PAGE,
    quote: "Value string Value of custom columns. Mandatory. Yes",
};

/// Every rule of this endpoint.
pub static RULES: &[&Rule] = &[&NAME_AND_VALUE, &VALUE_NOT_NULL];

const READ: Operation = Operation::idempotent("purchase_orders_get_custom_columns");
const UPDATE: Operation = Operation::idempotent(OP);

/// Reads the custom columns.
pub(crate) async fn list(
    client: &Client,
    po_id: PurchaseOrderId,
) -> Result<Vec<types::CustomColumnBaseDto>> {
    client
        .call(READ, |api| {
            api.purchase_orders_get_custom_columns(po_id.get())
        })
        .await?
        .decode(READ.name)
}

/// Sends one column's new value: validated first; idempotent, so retried.
pub(crate) async fn update(
    client: &Client,
    po_id: PurchaseOrderId,
    request: UpdatePurchaseOrderCustomColumn,
) -> Result<()> {
    let body = request.build()?;
    client
        .call(UPDATE, |api| {
            api.purchase_orders_update_custom_columns(po_id.get(), &body)
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_not_null() {
        let e = UpdatePurchaseOrderCustomColumn::new("Buyer", serde_json::Value::Null)
            .build()
            .unwrap_err();
        assert_eq!(
            e.violations().unwrap().first().source,
            Some(&VALUE_NOT_NULL)
        );
        let body = UpdatePurchaseOrderCustomColumn::new("Qty", 2)
            .build()
            .unwrap();
        assert_eq!(body.value, Some(serde_json::json!(2)));
    }
}
