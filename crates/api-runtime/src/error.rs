//! The one error type of both clients.
//!
//! `sellercloud::Error` and `shopctrl::Error` are this type: every call of
//! either vendor fails in the same shapes, and the questions a caller asks of
//! a failure ([`Error::status`], [`Error::message`], [`Error::is_retryable`],
//! [`Error::may_have_been_applied`]) are answered in one place. What differs
//! per vendor is data: the `service` that answered (`"Sellercloud"`,
//! `"ShopCtrl"`) and the hint an authentication failure carries.

use crate::validate::Violations;
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong with a call.
///
/// No variant carries a password, a token or an `Authorization` header: text
/// a server sends back is scrubbed of the credentials before it is kept, so
/// `Debug` and `Display` are safe to log.
///
/// Two questions matter most when a call fails, and have methods:
/// [`Error::is_retryable`] (would the same request later probably succeed?)
/// and [`Error::may_have_been_applied`] (could the server have carried it out
/// even though no success answer arrived? Decisive before re-sending a
/// create).
///
/// ```
/// # use sellercloud_shopctrl_runtime::exports as sellercloud;
/// use sellercloud::Error;
///
/// fn explain(e: &Error) -> String {
///     match e {
///         Error::Validation(v) => format!("fix the request first: {v}"),
///         Error::Api { status, message: Some(m), .. } => format!("server said {status}: {m}"),
///         e if e.may_have_been_applied() => format!("check before resending: {e}"),
///         e => e.to_string(),
///     }
/// }
/// let e = Error::Config { setting: "base_url", problem: "is empty".into() };
/// assert_eq!(explain(&e), "invalid setting `base_url`: is empty");
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a documented rule; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(Violations),

    /// The client configuration is unusable; nothing was sent.
    #[error("invalid setting `{setting}`: {problem}")]
    Config {
        /// The setting: a builder method (`base_url`) or, for a client
        /// configured from the environment, the variable
        /// (`SELLERCLOUD_PASSWORD`).
        setting: &'static str,
        /// What is wrong with it.
        problem: String,
    },

    /// The credentials were refused, or no usable credential could be
    /// obtained (Sellercloud's token endpoint refused or failed).
    #[error("authentication failed{}: {message} ({hint})", fmt_status(*.status))]
    Authentication {
        /// The service (`"Sellercloud"`, `"ShopCtrl"`).
        service: &'static str,
        /// The HTTP status, when there was an answer.
        status: Option<u16>,
        /// What the server said (credentials scrubbed), or what went wrong.
        message: String,
        /// What to check.
        hint: &'static str,
    },

    /// The server answered with an error status. ASP.NET validation answers
    /// (`{"Message": "The request is invalid.", "ModelState": {...}}`) fill
    /// `field_errors`; [`Error::field_errors_for`] looks one field up.
    #[error("{service} answered {status}: {}{}{}", message.as_deref().unwrap_or(if body.is_empty() { "(empty body)" } else { body }), fmt_field_errors(field_errors), fmt_attempts(attempts))]
    Api {
        /// The service that answered.
        service: &'static str,
        /// HTTP status.
        status: u16,
        /// The server's `Message` (or `Error`, `ExceptionMessage`) when the
        /// body is JSON.
        message: Option<String>,
        /// ASP.NET `ModelState` entries: the server's field name and problems.
        field_errors: Vec<(String, Vec<String>)>,
        /// The body as text (credentials scrubbed, then cut at 2 KiB; a
        /// note when it was not read).
        body: String,
        /// How many attempts the call made and why it made no more, when
        /// it was retried or the retry policy stopped it.
        attempts: Option<Attempts>,
        /// Whether the server may have carried the request out despite the
        /// status: after a 5xx (a gateway may have forwarded it), and after
        /// a 4xx of an operation whose vendor reports its server errors as
        /// 4xx ([`Operation::server_errors_as_4xx`](crate::call::Operation::server_errors_as_4xx)).
        may_have_been_applied: bool,
    },

    /// The service's rate limit was hit, and waiting for its reset was not
    /// possible within the retry policy (see
    /// [`RetryPolicy::with_max_rate_limit_wait`](crate::retry::RetryPolicy::with_max_rate_limit_wait)).
    #[error("rate limited by {service} (HTTP {status}){}{}", match reset_at { Some(t) => format!(", calls are accepted again at {t} (server time)"), None => String::new() }, fmt_attempts(attempts))]
    RateLimited {
        /// The service that refused the call.
        service: &'static str,
        /// 429, or Sellercloud's 409 with the rate-limit body.
        status: u16,
        /// When calls are accepted again (`RateLimitResetTime`, or
        /// `Retry-After`), when the server said so.
        reset_at: Option<DateTime<FixedOffset>>,
        /// The server's text (`Too many requests.`).
        message: Option<String>,
        /// How many attempts the call made and why it made no more, when
        /// it was retried or the retry policy stopped it.
        attempts: Option<Attempts>,
    },

    /// No answer within the request timeout.
    #[error("{operation} timed out{}{}", applied_note(*.may_have_been_applied), fmt_attempts(attempts))]
    Timeout {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// Whether the request had been sent when time ran out.
        may_have_been_applied: bool,
        /// How many attempts the call made and why it made no more, when
        /// it was retried or the retry policy stopped it.
        attempts: Option<Attempts>,
    },

    /// The connection failed. The failure itself is the error's
    /// [`source`](std::error::Error::source), not repeated in its text.
    #[error("{operation} failed without an answer{}{}", applied_note(*.may_have_been_applied), fmt_attempts(attempts))]
    Transport {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// Whether the request may have reached the server before the failure.
        may_have_been_applied: bool,
        /// The underlying failure (usually a [`reqwest::Error`], without its URL).
        source: Arc<dyn std::error::Error + Send + Sync + 'static>,
        /// How many attempts the call made and why it made no more, when
        /// it was retried or the retry policy stopped it.
        attempts: Option<Attempts>,
    },

    /// A record a call needed to read first is not there (a read-modify-write
    /// update of a row the server does not list); nothing was written.
    #[error("{service} has no {what}; nothing was written")]
    NotFound {
        /// The service that was read.
        service: &'static str,
        /// What is missing (`row 12 of purchase order 7`).
        what: String,
    },

    /// A create's outcome was unknown (its answer was lost), and looking it
    /// up found more than one record that matches what was sent: one may
    /// be the create's, the others someone else's identical ones. Nothing
    /// was sent again; the caller decides which is theirs.
    /// The failure that left the outcome unknown is the error's
    /// [`source`](std::error::Error::source).
    #[error("{operation} may have been applied, and {} records match it ({}); nothing was sent again, check which is yours", candidates.len(), fmt_ids(candidates))]
    Ambiguous {
        /// The operation (`create_purchase_order`).
        operation: &'static str,
        /// The ids of the matching records.
        candidates: Vec<i32>,
        /// The failure that left the outcome unknown.
        #[source]
        error: Box<Error>,
    },

    /// A create's outcome was unknown, and looking it up did not settle
    /// it: no matching record appeared while the client looked, only
    /// records it could not compare (`candidates`), or the lookup failed
    /// (`lookup`). It may or may not have been applied; nothing was sent
    /// again. The failure that left the outcome unknown is the error's
    /// [`source`](std::error::Error::source).
    #[error("{operation} may have been applied and its outcome is unresolved: {}; nothing was sent again, look for it before creating it again", fmt_unresolved(candidates, lookup.as_deref()))]
    Unresolved {
        /// The operation (`create_purchase_order`).
        operation: &'static str,
        /// The failure that left the outcome unknown.
        #[source]
        error: Box<Error>,
        /// Records that may be it but could not be compared (a list entry
        /// without its items).
        candidates: Vec<i32>,
        /// Why the lookup failed, when it did.
        lookup: Option<Box<Error>>,
    },

    /// The server answered success, but the answer could not be read.
    #[error("{operation} succeeded but its answer could not be read: {problem}")]
    Decode {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// What is wrong with the answer.
        problem: String,
        /// The body as text (cut at 2 KiB, credentials scrubbed); empty when
        /// it was too large to read.
        body: String,
    },

    /// A list of changes kept shifting while it was read: reading one
    /// time window `passes` times never gave the same answer twice (records
    /// kept arriving or leaving between its pages). Nothing past the
    /// window's start was delivered, so reading again from the last stored
    /// [`ChangeCursor`](crate::changes::ChangeCursor) loses nothing.
    #[error(
        "{operation} kept changing while it was read ({passes} reads of one time window disagreed); nothing after the cursor was lost, read again later"
    )]
    Unsettled {
        /// The list operation (`list_purchase_orders`, ...).
        operation: &'static str,
        /// How many times the window was read.
        passes: u32,
    },

    /// The server answered success, but left out a field the vendor always
    /// sends and the typed answer needs (an ID): the answer is not made up
    /// with a default. The generated types (through the client's `call`)
    /// read such an answer as it is.
    #[error("{operation} succeeded but its answer has no `{field}`")]
    MissingField {
        /// The operation (`get_purchase_order_items`, ...).
        operation: &'static str,
        /// The field's path in the vendor's JSON names (`Items[2].ID`).
        field: String,
    },
}

/// How a call that may have been retried ended: the attempts it made and
/// why the retry policy made no more. Carried by the errors that can end a
/// retried call ([`Error::Api`], [`Error::RateLimited`], [`Error::Timeout`],
/// [`Error::Transport`]) and shown in their text.
///
/// ```
/// use sellercloud_shopctrl_runtime::{Attempts, Stop};
/// let a = Attempts { made: 4, stopped: Stop::MaxAttempts };
/// assert_eq!(a.to_string(), "after 4 attempts: the retry policy allows no more attempts");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts made, the first included (refusals the client's own
    /// rate-limit probing invited are not counted).
    pub made: u32,
    /// Why no further attempt was made.
    pub stopped: Stop,
}

/// Why a call made no further attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stop {
    /// The failure is not worth retrying.
    NotRetryable,
    /// The request may have been applied and the operation is not
    /// idempotent: sending it again could apply it twice.
    NotSafe,
    /// [`RetryPolicy::with_max_attempts`](crate::retry::RetryPolicy::with_max_attempts) was reached.
    MaxAttempts,
    /// The next backoff would pass [`RetryPolicy::with_max_elapsed`](crate::retry::RetryPolicy::with_max_elapsed).
    MaxElapsed,
    /// The server asked for a wait longer than
    /// [`RetryPolicy::with_max_rate_limit_wait`](crate::retry::RetryPolicy::with_max_rate_limit_wait),
    /// or the client's rate-limit gate would have held the call longer.
    WaitTooLong,
}

impl std::fmt::Display for Attempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.stopped {
            Stop::NotRetryable => "the failure is not worth retrying",
            Stop::NotSafe => "it may have been applied and is not safe to send again",
            Stop::MaxAttempts => "the retry policy allows no more attempts",
            Stop::MaxElapsed => "the retry policy's time for the call is used up",
            Stop::WaitTooLong => "the wait asked for is longer than the retry policy waits",
        };
        let s = if self.made == 1 { "" } else { "s" };
        write!(f, "after {} attempt{s}: {why}", self.made)
    }
}

fn fmt_attempts(attempts: &Option<Attempts>) -> String {
    attempts.map(|a| format!(" ({a})")).unwrap_or_default()
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

fn fmt_ids(ids: &[i32]) -> String {
    ids.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_unresolved(candidates: &[i32], lookup: Option<&Error>) -> String {
    let mut text = match lookup {
        Some(lookup) => format!("looking it up failed ({lookup})"),
        None => "no matching record appeared while looking".to_owned(),
    };
    if !candidates.is_empty() {
        text.push_str(&format!(
            "; records that could not be compared: {}",
            fmt_ids(candidates)
        ));
    }
    text
}

fn applied_note(applied: bool) -> &'static str {
    if applied {
        " after the request was sent; it may have been applied, check before sending it again"
    } else {
        " before the request was sent; it was not applied"
    }
}

impl Error {
    /// How many attempts the call made and why it made no more, when it
    /// was retried or the retry policy stopped it.
    pub fn attempts(&self) -> Option<Attempts> {
        match self {
            Error::Api { attempts, .. }
            | Error::RateLimited { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts,
            Error::Ambiguous { error, .. } | Error::Unresolved { error, .. } => error.attempts(),
            _ => None,
        }
    }

    /// The same error, saying how its call ended (kept by the variants that
    /// carry [`Attempts`]).
    pub(crate) fn with_attempts(mut self, how: Attempts) -> Error {
        if let Error::Api { attempts, .. }
        | Error::RateLimited { attempts, .. }
        | Error::Timeout { attempts, .. }
        | Error::Transport { attempts, .. } = &mut self
        {
            *attempts = Some(how);
        }
        self
    }

    /// The HTTP status of the answer this error comes from, if any.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// # use sellercloud::Error;
    /// let e = Error::Api { service: "Sellercloud", status: 404, message: None, field_errors: vec![], body: String::new(), may_have_been_applied: false, attempts: None };
    /// assert_eq!(e.status(), Some(404));
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Authentication { status, .. } => *status,
            Error::Api { status, .. } | Error::RateLimited { status, .. } => Some(*status),
            Error::Ambiguous { error, .. } | Error::Unresolved { error, .. } => error.status(),
            _ => None,
        }
    }

    /// What the server said, when it said something: its `Message` (or the
    /// body's text) for an error answer or a refused credential, its text
    /// for a rate limit.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// # use sellercloud::Error;
    /// let e = Error::Api { service: "ShopCtrl", status: 500, message: None, field_errors: vec![], body: "Something broke".into(), may_have_been_applied: true, attempts: None };
    /// assert_eq!(e.message(), Some("Something broke"));
    /// ```
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, body, .. } => message
                .as_deref()
                .or_else(|| Some(body.as_str()).filter(|b| !b.is_empty())),
            Error::RateLimited { message, .. } => message.as_deref(),
            Error::Authentication { message, .. } => Some(message),
            Error::Ambiguous { error, .. } | Error::Unresolved { error, .. } => error.message(),
            _ => None,
        }
    }

    /// Whether the same request may succeed later without changes: timeouts,
    /// connection failures, rate limits, 408/429/502/503/504 answers, and a
    /// credential that could not be obtained because the token endpoint
    /// failed (5xx) or was busy.
    ///
    /// The client has already retried these within its
    /// [`RetryPolicy`](crate::retry::RetryPolicy) when that was safe.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// # use sellercloud::Error;
    /// let e = Error::Api { service: "Sellercloud", status: 503, message: None, field_errors: vec![], body: String::new(), may_have_been_applied: true, attempts: None };
    /// assert!(e.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Validation(_)
            | Error::Config { .. }
            | Error::Decode { .. }
            | Error::MissingField { .. }
            | Error::NotFound { .. } => false,
            // Sending again might duplicate: the caller must look first.
            Error::Ambiguous { .. } | Error::Unresolved { .. } => false,
            // A token endpoint that failed is worth asking again: getting a
            // token is idempotent. Refused credentials (4xx) are not.
            Error::Authentication { status, .. } => status
                .is_some_and(|s| crate::retry::is_retryable_status(s) || (500..600).contains(&s)),
            Error::Api { status, .. } => crate::retry::is_retryable_status(*status),
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Unsettled { .. } => true,
            Error::Transport { source, .. } => source
                .downcast_ref::<reqwest::Error>()
                .is_none_or(|e| !e.is_builder()),
        }
    }

    /// Whether the server may have carried out the request although no
    /// success answer arrived: after a timeout or a connection failure once
    /// the request was sent, after a 5xx answer (a gateway may have
    /// forwarded it), after a 4xx of an operation whose vendor reports
    /// server errors as 4xx (Sellercloud's add-items answers a server error
    /// with 400), and when a success answer could not be read.
    ///
    /// False when the request certainly was not applied: it was refused
    /// before sending (validation, configuration, authentication), the
    /// connection could not be made, or the server rejected it (4xx, rate
    /// limit, and a 4xx of other operations). Check this before sending a create again: a duplicate is
    /// worse than an error.
    ///
    /// It describes the attempt that ended the call. A non-idempotent call
    /// (create) is never retried after an attempt that may have been
    /// applied, so for it the answer covers the whole call. Idempotent calls
    /// are retried: an earlier attempt that timed out may have been applied
    /// even when the last one was refused (say, rate limited); sending the
    /// same update again is safe either way.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// # use sellercloud::Error;
    /// let e = Error::Timeout { operation: "create_purchase_order", may_have_been_applied: true, attempts: None };
    /// assert!(e.may_have_been_applied());
    /// ```
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Validation(_)
            | Error::Config { .. }
            | Error::Authentication { .. }
            | Error::RateLimited { .. }
            | Error::NotFound { .. }
            | Error::Unsettled { .. } => false,
            Error::Api {
                may_have_been_applied,
                ..
            } => *may_have_been_applied,
            Error::Timeout {
                may_have_been_applied,
                ..
            }
            | Error::Transport {
                may_have_been_applied,
                ..
            } => *may_have_been_applied,
            Error::Decode { .. }
            | Error::MissingField { .. }
            | Error::Ambiguous { .. }
            | Error::Unresolved { .. } => true,
        }
    }

    /// The broken rules, when this is a validation error.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// # let mut v = sellercloud_shopctrl_runtime::validate::Validator::new();
    /// # v.fail("TrackingNumber", "must not be blank");
    /// # let e = sellercloud::Error::Validation(v.finish().unwrap_err());
    /// // e: a sellercloud::Error, say from UpdatePurchaseOrderTracking::validate
    /// let v = e.violations().expect("a validation error");
    /// assert!(v.has_field("TrackingNumber"));
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
    /// parameter (`row.ItemQuantity`, `request.Country`), which the vendors
    /// do not document; a key matches when it equals `field` or is `field`
    /// behind one such prefix. Case is ignored, as ASP.NET model binding
    /// does. Empty for any other error.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// let e = sellercloud::Error::Api {
    ///     service: "ShopCtrl",
    ///     status: 400,
    ///     message: Some("The request is invalid.".into()),
    ///     field_errors: vec![("row.ItemQuantity".into(), vec!["The value is not valid.".into()])],
    ///     body: String::new(),
    ///     attempts: None,
    ///     may_have_been_applied: false,
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

/// A failure described only in words (for error sources that are not
/// `reqwest` errors).
#[derive(Debug)]
pub(crate) struct Message(pub(crate) String);

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, field_errors: Vec<(&str, Vec<&str>)>) -> Error {
        Error::Api {
            service: "ShopCtrl",
            status,
            message: Some("The request is invalid.".into()),
            field_errors: field_errors
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
                .collect(),
            body: "{}".into(),
            attempts: None,
            may_have_been_applied: status >= 500,
        }
    }

    #[test]
    fn display_is_actionable() {
        let e = Error::Api {
            service: "Sellercloud",
            status: 400,
            message: Some("The request is invalid.".into()),
            field_errors: vec![("request.Country".into(), vec!["bad".into()])],
            body: "{..}".into(),
            attempts: None,
            may_have_been_applied: false,
        };
        assert_eq!(
            e.to_string(),
            "Sellercloud answered 400: The request is invalid.; request.Country: bad"
        );
        let plain = Error::Api {
            service: "ShopCtrl",
            status: 500,
            message: None,
            field_errors: vec![],
            body: "Internal Server Error".into(),
            attempts: None,
            may_have_been_applied: true,
        };
        assert_eq!(
            plain.to_string(),
            "ShopCtrl answered 500: Internal Server Error"
        );
        let e = Error::Timeout {
            operation: "create_purchase_order",
            may_have_been_applied: true,
            attempts: None,
        };
        assert!(e.to_string().contains("may have been applied"));
        assert!(e.is_retryable() && e.may_have_been_applied());
        let e = Error::Authentication {
            service: "Sellercloud",
            status: Some(401),
            message: "bad".into(),
            hint: "check",
        };
        assert_eq!(
            e.to_string(),
            "authentication failed (HTTP 401): bad (check)"
        );
        assert!(!e.is_retryable() && !e.may_have_been_applied());
    }

    #[test]
    fn sources_chain_and_are_printed_once() {
        use std::error::Error as _;
        let transport = Error::Transport {
            operation: "create_purchase_order",
            may_have_been_applied: true,
            source: Arc::new(Message("connection reset by peer".into())),
            attempts: None,
        };
        assert!(
            !transport.to_string().contains("connection reset"),
            "{transport}"
        );
        assert_eq!(
            transport.source().map(|s| s.to_string()).as_deref(),
            Some("connection reset by peer")
        );
        let unresolved = Error::Unresolved {
            operation: "create_purchase_order",
            error: Box::new(transport.clone()),
            candidates: vec![7, 3],
            lookup: Some(Box::new(api(500, vec![]))),
        };
        let text = unresolved.to_string();
        assert!(
            text.contains("looking it up failed (ShopCtrl answered 500"),
            "{text}"
        );
        assert!(text.contains("could not be compared: 7, 3"), "{text}");
        let source = unresolved.source().expect("the lost answer");
        assert_eq!(source.to_string(), transport.to_string());
        assert_eq!(
            source.source().map(|s| s.to_string()).as_deref(),
            Some("connection reset by peer"),
            "the chain goes on to the transport failure"
        );
        let ambiguous = Error::Ambiguous {
            operation: "create_purchase_order",
            candidates: vec![1, 2],
            error: Box::new(transport.clone()),
        };
        assert_eq!(
            ambiguous.source().map(|s| s.to_string()),
            Some(transport.to_string())
        );
    }

    #[test]
    fn a_failing_token_endpoint_is_retryable_refused_credentials_are_not() {
        let auth = |status| Error::Authentication {
            service: "Sellercloud",
            status: Some(status),
            message: String::new(),
            hint: "",
        };
        for status in [500, 502, 503, 429, 408] {
            assert!(auth(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404] {
            assert!(!auth(status).is_retryable(), "{status}");
        }
    }

    #[test]
    fn helpers_classify_errors() {
        let busy = api(503, vec![]);
        assert!(busy.is_retryable() && busy.may_have_been_applied());
        assert!(!api(400, vec![]).is_retryable());
        assert!(!api(400, vec![]).may_have_been_applied());
        let limited = Error::RateLimited {
            service: "ShopCtrl",
            status: 429,
            reset_at: None,
            message: None,
            attempts: None,
        };
        assert!(limited.is_retryable() && !limited.may_have_been_applied());
        assert_eq!(limited.status(), Some(429));
        assert_eq!(api(400, vec![]).message(), Some("The request is invalid."));
    }

    #[test]
    fn field_errors_match_with_and_without_a_parameter_prefix() {
        let e = api(
            400,
            vec![
                ("row.ItemQuantity", vec!["bad"]),
                ("ItemQuantity", vec!["worse"]),
                ("row.StockItems[0].Quantity", vec!["zero"]),
                ("StockItems[1].Quantity", vec!["negative"]),
            ],
        );
        assert_eq!(e.field_errors_for("itemquantity"), ["bad", "worse"]);
        assert_eq!(e.field_errors_for("StockItems[0].Quantity"), ["zero"]);
        assert_eq!(e.field_errors_for("StockItems[1].Quantity"), ["negative"]);
        // A nested path is not a parameter prefix.
        assert!(e.field_errors_for("Quantity").is_empty());
        let mut v = crate::validate::Validator::new();
        v.fail("Id", "must be greater than 0");
        let validation = Error::Validation(v.finish().unwrap_err());
        assert!(validation.field_errors_for("Id").is_empty());
    }
}
