//! Scripted failures: what a fake does instead of (or on top of) answering normally.

use std::time::Duration;

/// One kind of failure a fake can be told to produce for the next requests to a
/// route (see `FakeSellercloud::inject` and `FakeShopCtrl::inject`).
///
/// Faults fall into two groups, and the group decides whether the request has an
/// effect on the fake's state:
///
/// - **Replacing faults** answer *instead of* the fake's normal handling, before
///   authentication or validation: the request has no effect. These are
///   [`Fault::Status`], [`Fault::RateLimit`] and [`Fault::DropConnection`]; they
///   model a failing front end (load balancer, rate limiter, crashed worker).
/// - **Damaging faults** let the fake handle the request normally (its effect is
///   applied, just as a real server would have applied it) and then spoil or lose
///   the answer: [`Fault::Delay`], [`Fault::TruncatedBody`],
///   [`Fault::MalformedBody`], [`Fault::ApplyThenDropAnswer`],
///   [`Fault::ApplyThenStatus`] and [`Fault::CommitLater`] (which applies it
///   later than it answers).
///
/// Every request that received a fault is recorded with it
/// (`RecordedRequest::fault`).
///
/// ```
/// use sellercloud_shopctrl_fakes::{Fault, FaultBody};
/// use std::time::Duration;
///
/// let outage = Fault::status(503);
/// let plain = Fault::Status { status: 500, body: FaultBody::Text("boom".into()) };
/// let throttled = Fault::RateLimit { status: 429, reset_after: Duration::from_secs(2) };
/// assert_ne!(outage, plain);
/// assert!(!throttled.applies_request());
/// assert!(Fault::ApplyThenDropAnswer.applies_request());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status and body instead of handling the request.
    Status {
        /// The HTTP status code, e.g. 500 or 503 (a number that is not a valid
        /// status code is sent as 500).
        status: u16,
        /// The body sent with it.
        body: FaultBody,
    },
    /// Answer like Sellercloud's rate limiter, instead of handling the request:
    /// `{"Error": "Too many requests.", "RateLimitResetTime": "<RFC 3339 UTC>"}`
    /// with the given status (the vendor's is reported as 429 by some clients and
    /// 409 by others) and no `Retry-After` header, as documented. The reset time is
    /// the moment of the answer plus `reset_after`, written with seven fractional
    /// digits like the vendor's example.
    RateLimit {
        /// 429 or 409 (any status is sent as given).
        status: u16,
        /// How far in the future `RateLimitResetTime` lies.
        reset_after: Duration,
    },
    /// Wait this long, then handle the request and answer normally.
    ///
    /// The wait comes *before* the handling: a client that gives up during the
    /// delay closes its connection, the fake notices the closed connection and
    /// the request then has no effect.
    Delay(Duration),
    /// Close the connection after reading the request, without handling it and
    /// without sending any byte of an answer. Clients see a connection error
    /// ("connection closed before message completed").
    DropConnection,
    /// Handle the request normally, then send the status line, the headers (with
    /// the full `Content-Length`) and only the first part of the body, and close
    /// the connection. Clients that read the body see a body error. When the
    /// normal answer has no body (the `PUT` routes), `{}` is declared and cut
    /// after its first byte, so there is always something missing.
    TruncatedBody,
    /// Handle the request normally, then send its status and headers with a body
    /// that is not valid JSON (`{"Id": <malformed`). On the `PUT` routes this
    /// tests that a client ignores the documented "empty or ignorable" body of a
    /// 200.
    MalformedBody,
    /// Handle the request normally (its effect is applied), then close the
    /// connection without sending any answer: the "success whose answer is lost"
    /// case a retrying client must think about.
    ApplyThenDropAnswer,
    /// Handle the request normally (its effect is applied), then answer with
    /// this status and body instead of the real answer, as a proxy or load
    /// balancer does when the server behind it committed but its answer did
    /// not make it back (a 502 or 504 after a timeout upstream).
    ApplyThenStatus {
        /// The HTTP status code, e.g. 502 or 504 (a number that is not a valid
        /// status code is sent as 500).
        status: u16,
        /// The body sent with it.
        body: FaultBody,
    },
    /// Answer at once with this status and body, as a proxy that gave up
    /// does, and handle the request `after` later (on Tokio's clock): the
    /// server committed after the client was told it failed. A created
    /// record's creation time is the commit's.
    CommitLater {
        /// How long after the answer the request takes effect.
        after: Duration,
        /// The HTTP status code of the answer, e.g. 503 or 504.
        status: u16,
        /// The body sent with it.
        body: FaultBody,
    },
}

impl Fault {
    /// A [`Fault::CommitLater`] answered with `status` and a plain body
    /// (`Service Unavailable` for 503 and so on).
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::Fault;
    /// use std::time::Duration;
    /// let late = Fault::commit_later(503, Duration::from_secs(8));
    /// assert!(late.applies_request());
    /// ```
    pub fn commit_later(status: u16, after: Duration) -> Fault {
        let Fault::ApplyThenStatus { body, .. } = Fault::apply_then_status(status) else {
            unreachable!("apply_then_status makes an ApplyThenStatus")
        };
        Fault::CommitLater {
            after,
            status,
            body,
        }
    }

    /// A [`Fault::Status`] with an ASP.NET-style JSON body,
    /// `{"Message": "An error has occurred."}`.
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            body: FaultBody::Json(serde_json::json!({"Message": "An error has occurred."})),
        }
    }

    /// A [`Fault::ApplyThenStatus`] with an HTML-free plain body, like a
    /// proxy's (`Bad Gateway` for 502 and so on).
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::{Fault, FaultBody};
    /// let lost = Fault::apply_then_status(502);
    /// assert!(lost.applies_request());
    /// assert_eq!(lost, Fault::ApplyThenStatus { status: 502, body: FaultBody::Text("Bad Gateway".into()) });
    /// ```
    pub fn apply_then_status(status: u16) -> Fault {
        let reason = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        Fault::ApplyThenStatus {
            status,
            body: FaultBody::Text(reason.to_owned()),
        }
    }

    /// Whether the fake still handles the request (and applies its effect) when
    /// this fault is injected. See the two groups in [`Fault`].
    pub fn applies_request(&self) -> bool {
        matches!(
            self,
            Fault::Delay(_)
                | Fault::TruncatedBody
                | Fault::MalformedBody
                | Fault::ApplyThenDropAnswer
                | Fault::ApplyThenStatus { .. }
                | Fault::CommitLater { .. }
        )
    }
}

/// The body of a [`Fault::Status`] or [`Fault::ApplyThenStatus`] answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultBody {
    /// No body at all (`Content-Length: 0`).
    Empty,
    /// A plain-text body (`Content-Type: text/plain; charset=utf-8`).
    Text(String),
    /// A JSON body (`Content-Type: application/json; charset=utf-8`).
    Json(serde_json::Value),
}
