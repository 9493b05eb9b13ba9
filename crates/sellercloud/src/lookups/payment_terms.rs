//! Payment terms: `GET /api/Settings/PaymentTerms` (`Settings_GetPaymentTerms`,
//! "Get list of payment terms"), the "possible values" seed 001 points to
//! for a purchase order's `PaymentTermID`. One unpaged answer: a JSON array
//! of `{Key, Value}`.

use crate::answers::PaymentTerm;
use crate::client::Client;
use api_runtime::Result;
use api_runtime::call::Operation;
use sellercloud_api::types;

const OPERATION: Operation = Operation::idempotent("list_payment_terms");

/// Every payment term, in the server's order.
pub(crate) async fn send(client: &Client) -> Result<Vec<PaymentTerm>> {
    let answer: Vec<types::IDataItemOfInt32AndString> = client
        .call(OPERATION, |api| api.settings_get_payment_terms())
        .await?
        .decode(OPERATION.name)?;
    answer.into_iter().map(PaymentTerm::from_wire).collect()
}
