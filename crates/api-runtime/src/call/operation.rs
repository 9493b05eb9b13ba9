//! What the pipeline knows of one operation ([`Operation`]) and what it
//! gives back: a success ([`Reply`]) or an answer the generated client did
//! not decode ([`RawAnswer`], read within a bound by [`read_answer`]).

use super::{classify, kept_text};
use crate::body::{ReadError, read_limited, read_stream_limited};
use crate::error::{Error, Result};
use crate::retry::Idempotency;
use bytes::Bytes;
use progenitor_client::{ByteStream, Error as PError};

/// An operation as the pipeline needs to know it: its name (in errors and
/// spans) and whether sending it twice is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The generated client's method name (`create_purchase_order`).
    pub name: &'static str,
    /// Whether a retry may re-send it after it may have been applied.
    pub idempotency: Idempotency,
    /// Whether its vendor reports server errors as 4xx, so that a 4xx
    /// answer may have been applied (see [`Self::server_errors_as_4xx`]).
    pub server_errors_as_4xx: bool,
}

impl Operation {
    /// An operation that may be sent again (the documented PUTs, GETs, a
    /// token request).
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// use sellercloud::Operation;
    /// const UPDATE: Operation = Operation::idempotent("update_order");
    /// assert_eq!(UPDATE.name, "update_order");
    /// ```
    pub const fn idempotent(name: &'static str) -> Self {
        Operation {
            name,
            idempotency: Idempotency::Idempotent,
            server_errors_as_4xx: false,
        }
    }

    /// An operation that may apply twice if sent twice (a create, adding
    /// items, receiving): never re-sent once it may have reached the server.
    pub const fn not_idempotent(name: &'static str) -> Self {
        Operation {
            name,
            idempotency: Idempotency::NotIdempotent,
            server_errors_as_4xx: false,
        }
    }

    /// The vendor states that this operation reports a server error with a
    /// 4xx status (Sellercloud's add-items: "a server error is reported as
    /// 400"): a 4xx answer does not prove that nothing was applied, so its
    /// error says [`Error::may_have_been_applied`].
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::call::Operation;
    /// const ADD: Operation = Operation::not_idempotent("add_items").server_errors_as_4xx();
    /// assert!(ADD.server_errors_as_4xx);
    /// ```
    pub const fn server_errors_as_4xx(mut self) -> Self {
        self.server_errors_as_4xx = true;
        self
    }

    /// `error` as this operation's vendor means it: a 4xx answer of an
    /// operation whose server errors come back as 4xx may have been applied.
    pub(super) fn interpret(&self, error: Error) -> Error {
        match error {
            Error::Api {
                service,
                status,
                message,
                field_errors,
                body,
                may_have_been_applied,
                attempts,
            } => Error::Api {
                may_have_been_applied: may_have_been_applied
                    || (self.server_errors_as_4xx && (400..500).contains(&status)),
                service,
                status,
                message,
                field_errors,
                body,
                attempts,
            },
            other => other,
        }
    }
}

/// A successful answer: the documented one or another 2xx, which is all a
/// success can be, so the enum is closed and callers may match it whole.
#[derive(Debug)]
pub enum Reply<R> {
    /// The documented success, decoded by the generated client.
    Parsed(R),
    /// Another success status, with its body (read whole within
    /// `max_response_bytes`).
    Other {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Bytes,
    },
}

impl<R: serde::de::DeserializeOwned> Reply<R> {
    /// The answer as `R`: the decoded documented success, or another
    /// success's body read as JSON `R` (an [`Error::Decode`] naming
    /// `operation` when it is not).
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// use sellercloud::Reply;
    /// let other: Reply<i32> = Reply::Other { status: 201, body: "7".into() };
    /// assert_eq!(other.decode("create").unwrap(), 7);
    /// let bad: Reply<i32> = Reply::Other { status: 201, body: "x".into() };
    /// assert!(bad.decode("create").is_err());
    /// ```
    pub fn decode(self, operation: &'static str) -> Result<R> {
        match self {
            Reply::Parsed(value) => Ok(value),
            Reply::Other { body, .. } => serde_json::from_slice(&body).map_err(|e| {
                classify::decode_error(
                    operation,
                    format!("the answer is not the documented JSON: {e}"),
                    kept_text(&body),
                )
            }),
        }
    }
}

/// An answer the generated client did not decode (an error status, or a
/// status the spec does not list), with its body read within a bound.
#[derive(Debug)]
#[non_exhaustive]
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body, or why it could not be read.
    pub body: std::result::Result<Bytes, ReadError>,
}

/// Reads the answer out of a generated client's error, within `limit`
/// bytes; any other failure (no answer at all) is given back.
pub async fn read_answer(
    error: PError<ByteStream>,
    limit: usize,
) -> std::result::Result<RawAnswer, PError<ByteStream>> {
    match error {
        PError::ErrorResponse(answer) => {
            let status = answer.status().as_u16();
            let headers = answer.headers().clone();
            let stream = answer.into_inner().into_inner();
            Ok(RawAnswer {
                status,
                headers,
                body: read_stream_limited(stream, limit).await,
            })
        }
        PError::UnexpectedResponse(response) => Ok(RawAnswer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: read_limited(response, limit).await,
        }),
        other => Err(other),
    }
}
