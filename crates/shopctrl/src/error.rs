//! The one error type of this crate.

use api_runtime::validate::Violations;
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;

/// Everything a call can fail with.
///
/// Match on the variant to decide what to do; the helper methods answer the
/// common questions without a `match`:
///
/// ```
/// # async fn demo(client: shopctrl::Client) {
/// use shopctrl::{Error, RowUpdate};
///
/// match client.purchase_orders().update_row(7, RowUpdate::new(1)).await {
///     Ok(()) => {}
///     Err(Error::Authentication { hint, .. }) => eprintln!("{hint}"),
///     Err(e @ Error::Api { .. }) => {
///         for problem in e.field_errors_for("ItemQuantity") {
///             eprintln!("ItemQuantity: {problem}");
///         }
///     }
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
///
/// No variant carries the password or the `Authorization` header, so `Debug`
/// and `Display` are safe to log.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a documented rule; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(Violations),

    /// The client configuration is unusable; nothing was sent.
    #[error("invalid setting `{setting}`: {problem}")]
    Config {
        /// The setting: a builder method name (`base_url`) or, from
        /// [`Client::from_env`](crate::Client::from_env), the environment
        /// variable (`SHOPCTRL_BASE_URL`).
        setting: &'static str,
        /// What is wrong with it.
        problem: String,
    },

    /// ShopCtrl refused the credentials (401). Not retried: Basic
    /// credentials do not expire, so the same ones get the same answer.
    #[error("authentication failed{}: {message} ({hint})", fmt_status(*.status))]
    Authentication {
        /// The HTTP status, when there was an answer.
        status: Option<u16>,
        /// What the server said, or what went wrong.
        message: String,
        /// What to check.
        hint: &'static str,
    },

    /// ShopCtrl answered with an error status. ASP.NET validation answers
    /// (`{"Message": "The request is invalid.", "ModelState": {...}}`) fill
    /// `field_errors`; [`Error::field_errors_for`] looks one field up.
    #[error("ShopCtrl answered {status}: {}{}", message.as_deref().unwrap_or(if body.is_empty() { "(empty body)" } else { body }), fmt_field_errors(field_errors))]
    Api {
        /// The HTTP status.
        status: u16,
        /// The server's `Message` (or `ExceptionMessage`) when the body is JSON.
        message: Option<String>,
        /// ASP.NET `ModelState` entries: each field path as the server names
        /// it (often behind a parameter prefix, `row.ItemQuantity`) and its
        /// problems.
        field_errors: Vec<(String, Vec<String>)>,
        /// The body as text (cut at 2 KiB).
        body: String,
    },

    /// ShopCtrl kept answering 429 after the retries the policy allows, or
    /// asked for a longer wait than the policy's rate-limit bound.
    #[error("rate limited by ShopCtrl (HTTP {status}){}", match reset_at { Some(t) => format!(", calls are accepted again at {t}"), None => String::new() })]
    RateLimited {
        /// The HTTP status (429).
        status: u16,
        /// When the limit resets, if the server said so.
        reset_at: Option<DateTime<FixedOffset>>,
        /// The server's text, when it sent one.
        message: Option<String>,
    },

    /// No answer within the request timeout, after the retries the policy allows.
    #[error("{operation} timed out{}", applied_note(*.may_have_been_applied))]
    Timeout {
        /// The operation (`update_purchase_order_row`).
        operation: &'static str,
        /// Whether the request had been sent when time ran out. The row
        /// update is idempotent: sending it again is safe either way.
        may_have_been_applied: bool,
    },

    /// The connection failed, after the retries the policy allows.
    #[error("{operation} failed: {source}{}", applied_note(*.may_have_been_applied))]
    Transport {
        /// The operation (`update_purchase_order_row`).
        operation: &'static str,
        /// Whether the request may have reached the server before the failure.
        may_have_been_applied: bool,
        /// The underlying failure (usually a [`reqwest::Error`]).
        source: Arc<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The server answered, but the answer could not be read (for example a
    /// body larger than the client's `max_response_bytes`).
    #[error("{operation}: the answer could not be read: {problem}")]
    Decode {
        /// The operation (`update_purchase_order_row`).
        operation: &'static str,
        /// What is wrong with the answer.
        problem: String,
        /// The body as text (cut at 2 KiB); empty when it was not read.
        body: String,
    },
}

fn fmt_status(status: Option<u16>) -> String {
    status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
}

fn fmt_field_errors(errors: &[(String, Vec<String>)]) -> String {
    errors
        .iter()
        .map(|(field, problems)| format!("; {field}: {}", problems.join(", ")))
        .collect()
}

fn applied_note(applied: bool) -> &'static str {
    if applied {
        " after the request was sent; it may have been applied"
    } else {
        " before the request was sent; it was not applied"
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The HTTP status of the answer, when the server answered.
    ///
    /// ```
    /// let e = shopctrl::Error::Api {
    ///     status: 404,
    ///     message: None,
    ///     field_errors: vec![],
    ///     body: String::new(),
    /// };
    /// assert_eq!(e.status(), Some(404));
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Authentication { status, .. } => *status,
            Error::Api { status, .. } | Error::RateLimited { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the same request may succeed later without changes: timeouts,
    /// connection failures, rate limits and 408/429/502/503/504 answers.
    ///
    /// The client has already retried these within its
    /// [`RetryPolicy`](crate::RetryPolicy).
    ///
    /// ```
    /// let e = shopctrl::Error::Api {
    ///     status: 503,
    ///     message: None,
    ///     field_errors: vec![],
    ///     body: String::new(),
    /// };
    /// assert!(e.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Config { .. } | Error::Decode { .. } => false,
            Error::Authentication { status, .. } => {
                status.is_some_and(api_runtime::retry::is_retryable_status)
            }
            Error::Api { status, .. } => api_runtime::retry::is_retryable_status(*status),
            Error::RateLimited { .. } | Error::Timeout { .. } => true,
            Error::Transport { source, .. } => source
                .downcast_ref::<reqwest::Error>()
                .is_none_or(|e| !e.is_builder()),
        }
    }

    /// Whether the server may have carried out the request although no
    /// success answer arrived: after a timeout or a connection failure once
    /// the request was sent, after a 5xx answer (a gateway may have
    /// forwarded it), and when an answer could not be read. False when the
    /// request was refused before sending, the connection could not be made,
    /// or the server rejected it (4xx, rate limit).
    ///
    /// It describes the attempt that ended the call. The row update is
    /// idempotent and retried: an earlier attempt that timed out may have
    /// been applied even when the last one was refused; sending the same
    /// update again is safe either way.
    ///
    /// ```
    /// let e = shopctrl::Error::Config { setting: "base_url", problem: "is empty".into() };
    /// assert!(!e.may_have_been_applied());
    /// ```
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Validation(_)
            | Error::Config { .. }
            | Error::Authentication { .. }
            | Error::RateLimited { .. } => false,
            Error::Api { status, .. } => *status >= 500,
            Error::Timeout {
                may_have_been_applied,
                ..
            }
            | Error::Transport {
                may_have_been_applied,
                ..
            } => *may_have_been_applied,
            Error::Decode { .. } => true,
        }
    }

    /// The broken rules, when the request was refused before sending.
    ///
    /// ```
    /// # fn main() {
    /// let row = shopctrl::RowUpdate::new(0);
    /// let e = row.validate().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("Id"));
    /// # }
    /// ```
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            Error::Validation(v) => Some(v),
            _ => None,
        }
    }

    /// The server's `ModelState` messages for one request field, named as in
    /// the request JSON (`ItemQuantity`, `StockItems[0].Quantity`).
    ///
    /// ASP.NET prefixes `ModelState` keys with the name of the action's
    /// parameter (`row.ItemQuantity`, `updatePurchaseOrderRow.ItemQuantity`),
    /// which the vendor does not document; a key matches when it equals
    /// `field` or is `field` behind one such prefix. Case is ignored, as
    /// ASP.NET model binding does. Empty for any other error.
    ///
    /// ```
    /// let e = shopctrl::Error::Api {
    ///     status: 400,
    ///     message: Some("The request is invalid.".into()),
    ///     field_errors: vec![(
    ///         "row.ItemQuantity".into(),
    ///         vec!["The value is not valid.".into()],
    ///     )],
    ///     body: String::new(),
    /// };
    /// assert_eq!(e.field_errors_for("ItemQuantity"), ["The value is not valid."]);
    /// assert!(e.field_errors_for("Quantity").is_empty());
    /// ```
    pub fn field_errors_for(&self, field: &str) -> Vec<&str> {
        let Error::Api { field_errors, .. } = self else {
            return Vec::new();
        };
        field_errors
            .iter()
            .filter(|(key, _)| key_matches(key, field))
            .flat_map(|(_, problems)| problems.iter().map(String::as_str))
            .collect()
    }
}

fn key_matches(key: &str, field: &str) -> bool {
    if key.eq_ignore_ascii_case(field) {
        return true;
    }
    // One parameter-name prefix without its own path syntax: `row.` but not `StockItems[0].`.
    match key.split_once('.') {
        Some((prefix, rest)) => {
            !prefix.is_empty() && !prefix.contains('[') && rest.eq_ignore_ascii_case(field)
        }
        None => false,
    }
}

/// Rule violations found before sending become [`Error::Validation`].
impl From<Violations> for Error {
    fn from(v: Violations) -> Self {
        Error::Validation(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(field_errors: Vec<(&str, Vec<&str>)>) -> Error {
        Error::Api {
            status: 400,
            message: Some("The request is invalid.".into()),
            field_errors: field_errors
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
                .collect(),
            body: "{}".into(),
        }
    }

    #[test]
    fn field_errors_match_with_and_without_a_parameter_prefix() {
        let e = api(vec![
            ("row.ItemQuantity", vec!["bad"]),
            ("ItemQuantity", vec!["worse"]),
            ("row.StockItems[0].Quantity", vec!["zero"]),
            ("StockItems[1].Quantity", vec!["negative"]),
        ]);
        assert_eq!(e.field_errors_for("itemquantity"), ["bad", "worse"]);
        assert_eq!(e.field_errors_for("StockItems[0].Quantity"), ["zero"]);
        assert_eq!(e.field_errors_for("StockItems[1].Quantity"), ["negative"]);
        // A nested path is not a parameter prefix.
        assert!(e.field_errors_for("Quantity").is_empty());
        let mut v = api_runtime::validate::Validator::new();
        v.fail("Id", "must be greater than 0");
        let validation = Error::Validation(v.finish().unwrap_err());
        assert!(validation.field_errors_for("Id").is_empty());
    }

    #[test]
    fn display_names_the_fields_and_the_message() {
        let text = api(vec![("row.ItemQuantity", vec!["bad", "worse"])]).to_string();
        assert_eq!(
            text,
            "ShopCtrl answered 400: The request is invalid.; row.ItemQuantity: bad, worse"
        );
        let plain = Error::Api {
            status: 500,
            message: None,
            field_errors: vec![],
            body: "Internal Server Error".into(),
        };
        assert_eq!(
            plain.to_string(),
            "ShopCtrl answered 500: Internal Server Error"
        );
        let config = Error::Config {
            setting: "SHOPCTRL_BASE_URL",
            problem: "is not set".into(),
        };
        assert_eq!(
            config.to_string(),
            "invalid setting `SHOPCTRL_BASE_URL`: is not set"
        );
    }

    #[test]
    fn helpers_classify_errors() {
        let auth = Error::Authentication {
            status: Some(401),
            message: "bad".into(),
            hint: "check",
        };
        assert_eq!(auth.status(), Some(401));
        assert!(!auth.is_retryable());
        assert!(!auth.may_have_been_applied());
        assert_eq!(
            auth.to_string(),
            "authentication failed (HTTP 401): bad (check)"
        );
        let busy = Error::Api {
            status: 503,
            message: None,
            field_errors: vec![],
            body: String::new(),
        };
        assert!(busy.is_retryable() && busy.may_have_been_applied());
        assert!(!api(vec![]).is_retryable());
        assert!(!api(vec![]).may_have_been_applied());
        let limited = Error::RateLimited {
            status: 429,
            reset_at: None,
            message: None,
        };
        assert!(limited.is_retryable() && !limited.may_have_been_applied());
        let timeout = Error::Timeout {
            operation: "update_purchase_order_row",
            may_have_been_applied: true,
        };
        assert!(timeout.is_retryable() && timeout.may_have_been_applied());
        assert!(timeout.to_string().contains("may have been applied"));
    }
}
