//! Answers, complete or spoiled on purpose by a fault.

use crate::FaultBody;
use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::body::{Body, Frame, SizeHint};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

pub(crate) const JSON: &str = "application/json; charset=utf-8";
pub(crate) const TEXT: &str = "text/plain; charset=utf-8";

/// A complete answer, before faults may spoil it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Reply {
        Reply::json_text(status, value.to_string())
    }

    /// A JSON body already serialized (the read routes write exact decimals
    /// themselves, which `serde_json::Value` cannot hold).
    pub(crate) fn json_text(status: StatusCode, text: String) -> Reply {
        Reply {
            status,
            content_type: Some(JSON),
            headers: Vec::new(),
            body: Bytes::from(text),
        }
    }

    pub(crate) fn text(status: StatusCode, text: impl Into<String>) -> Reply {
        Reply {
            status,
            content_type: Some(TEXT),
            headers: Vec::new(),
            body: Bytes::from(text.into()),
        }
    }

    /// The ASP.NET Web API error shape, `{"Message": "..."}`.
    pub(crate) fn message(status: StatusCode, message: impl Into<String>) -> Reply {
        Reply::json(status, &serde_json::json!({ "Message": message.into() }))
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// A status that is not a valid code is sent as `fallback`.
    pub(crate) fn status_or(status: u16, fallback: StatusCode) -> StatusCode {
        StatusCode::from_u16(status).unwrap_or(fallback)
    }

    pub(crate) fn from_fault(status: u16, body: &FaultBody) -> Reply {
        let status = Reply::status_or(status, StatusCode::INTERNAL_SERVER_ERROR);
        match body {
            FaultBody::Empty => Reply::empty(status),
            FaultBody::Text(text) => Reply::text(status, text.clone()),
            FaultBody::Json(value) => Reply::json(status, value),
        }
    }

    pub(crate) fn malformed(mut self) -> Reply {
        self.content_type = Some(JSON);
        self.body = Bytes::from_static(b"{\"Id\": <malformed");
        self
    }

    pub(crate) fn into_response(self, truncate: bool) -> hyper::Response<ReplyBody> {
        let body = if truncate {
            let full = if self.body.is_empty() {
                Bytes::from_static(b"{}")
            } else {
                self.body
            };
            let keep = (full.len() / 2).max(1).min(full.len() - 1);
            ReplyBody::Truncated {
                part: Some(full.slice(..keep)),
                declared: full.len() as u64,
                flushed: false,
            }
        } else if self.body.is_empty() {
            ReplyBody::Full(None)
        } else {
            ReplyBody::Full(Some(self.body))
        };
        let mut response = hyper::Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        response
    }
}

/// The error a request future returns to make hyper close the connection
/// without (the rest of) an answer.
#[derive(Debug)]
pub(crate) struct Abort;

impl fmt::Display for Abort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Abort {}

/// A response body that is either complete or cut short on purpose.
pub(crate) enum ReplyBody {
    Full(Option<Bytes>),
    Truncated {
        part: Option<Bytes>,
        declared: u64,
        flushed: bool,
    },
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Abort;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Abort>>> {
        match self.get_mut() {
            ReplyBody::Full(body) => Poll::Ready(body.take().map(|b| Ok(Frame::data(b)))),
            ReplyBody::Truncated { part, flushed, .. } => {
                if let Some(part) = part.take() {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                if !*flushed {
                    // hyper flushes what it has buffered before it polls the body
                    // again; failing only on that next poll makes sure the first
                    // part is on the wire before the connection is torn down.
                    *flushed = true;
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Poll::Ready(Some(Err(Abort)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ReplyBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(None) => SizeHint::with_exact(0),
            ReplyBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            ReplyBody::Truncated { declared, .. } => SizeHint::with_exact(*declared),
        }
    }
}
