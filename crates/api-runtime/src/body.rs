//! Response bodies: a bound on what is read into memory, and decoding of the
//! error answers ASP.NET Web API servers give.

use bytes::Bytes;
use futures::StreamExt;
use std::fmt;

/// Bodies larger than this are not read into memory (4 MiB by default): the
/// documented answers are a few hundred bytes, so anything near this is a
/// misbehaving server or proxy, and reading it whole would let it decide how
/// much memory the caller spends.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// How much of a non-JSON error body is kept in an error, in bytes.
pub const MAX_RAW_ERROR_TEXT: usize = 2048;

/// The error a body read fails with when the body exceeds its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTooLarge {
    /// The limit that was exceeded, in bytes.
    pub limit: usize,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response body exceeds the {} byte limit", self.limit)
    }
}

impl std::error::Error for BodyTooLarge {}

/// Wraps a response so that reading its body fails with [`BodyTooLarge`] once
/// more than `limit` bytes arrive (at once when `Content-Length` says so).
///
/// The generated code reads bodies with `Response::bytes()`; wrapping the
/// response before it does bounds that read without changing generated code.
///
/// A response whose `Content-Length` is within the limit is returned as it
/// is: the HTTP layer never delivers more than the declared length, so it is
/// already bounded, and the wrapping (two body conversions, boxed streams, a
/// URL parse) was a measurable part of each call's cost (BENCHMARKS.md).
pub fn limit_response(response: reqwest::Response, limit: usize) -> reqwest::Response {
    let declared_too_large = match response.content_length() {
        Some(len) if len <= limit as u64 => return response,
        Some(_) => true,
        None => false,
    };
    let response: http::Response<reqwest::Body> = response.into();
    let (parts, body) = response.into_parts();
    let mut seen = 0usize;
    let mut failed = declared_too_large;
    let stream = http_body_util::BodyDataStream::new(body).map(move |chunk| {
        if failed {
            return Err(
                Box::new(BodyTooLarge { limit }) as Box<dyn std::error::Error + Send + Sync>
            );
        }
        let chunk = chunk.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
        seen = seen.saturating_add(chunk.len());
        if seen > limit {
            failed = true;
            return Err(Box::new(BodyTooLarge { limit }));
        }
        Ok(chunk)
    });
    reqwest::Response::from(http::Response::from_parts(
        parts,
        reqwest::Body::wrap_stream(stream),
    ))
}

/// Whether `error` (or any error it wraps) is a [`BodyTooLarge`].
pub fn is_body_too_large(error: &(dyn std::error::Error + 'static)) -> Option<BodyTooLarge> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<BodyTooLarge>() {
            return Some(*t);
        }
        current = e.source();
    }
    None
}

/// Reads a whole body, failing past `limit` bytes.
pub async fn read_limited(response: reqwest::Response, limit: usize) -> Result<Bytes, ReadError> {
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(ReadError::TooLarge(BodyTooLarge { limit }));
    }
    read_stream_limited(response.bytes_stream(), limit).await
}

/// Reads a body stream whole (such as the generated client's
/// `ByteStream` of an error answer), failing past `limit` bytes. A read
/// error caused by [`limit_response`]'s bound counts as too large.
pub async fn read_stream_limited<S>(stream: S, limit: usize) -> Result<Bytes, ReadError>
where
    S: futures::Stream<Item = reqwest::Result<Bytes>>,
{
    let mut stream = std::pin::pin!(stream);
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| match is_body_too_large(&e) {
            Some(too_large) => ReadError::TooLarge(too_large),
            None => ReadError::Transport(e),
        })?;
        if out.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge(BodyTooLarge { limit }));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

/// Why [`read_limited`] or [`read_stream_limited`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The body was larger than allowed.
    TooLarge(BodyTooLarge),
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge(too_large) => too_large.fmt(f),
            ReadError::Transport(e) => e.fmt(f),
        }
    }
}

/// What an error answer said, decoded as far as it can be.
///
/// ASP.NET Web API answers `{"Message": "..."}`, validation failures add
/// `"ModelState": {"field": ["problem", ...]}`, server errors may add
/// `"ExceptionMessage"`, and Sellercloud's rate limit answers
/// `{"Error": "Too many requests.", "RateLimitResetTime": "..."}`. Anything
/// else is kept as (bounded) raw text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorBody {
    /// `Message` (or `Error`, or `ExceptionMessage`), when the body is JSON.
    pub message: Option<String>,
    /// `ModelState` entries: the server's field path and its problems.
    pub field_errors: Vec<(String, Vec<String>)>,
    /// `RateLimitResetTime`, when the body is a rate-limit answer.
    pub rate_limit_reset: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The body as text, cut at [`MAX_RAW_ERROR_TEXT`] bytes.
    pub raw: String,
}

impl ErrorBody {
    /// Decodes an error body; never fails.
    pub fn decode(bytes: &[u8]) -> ErrorBody {
        let raw = truncate_text(bytes, MAX_RAW_ERROR_TEXT);
        let mut out = ErrorBody {
            raw,
            ..ErrorBody::default()
        };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(bytes)
        else {
            return out;
        };
        let text = |key: &str| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_owned)
        };
        out.message = text("Message")
            .or_else(|| text("Error"))
            .or_else(|| text("ExceptionMessage"));
        out.rate_limit_reset =
            text("RateLimitResetTime").and_then(|t| crate::wire::date_time::parse(&t).ok());
        if let Some((_, serde_json::Value::Object(state))) = map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("ModelState"))
        {
            for (field, problems) in state {
                let problems = match problems {
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                        .collect(),
                    serde_json::Value::String(s) => vec![s.clone()],
                    other => vec![other.to_string()],
                };
                out.field_errors.push((field.clone(), problems));
            }
        }
        out
    }

    /// Decodes an error body with `secrets` scrubbed out first, in every
    /// form ([`redact`](crate::secret::redact)), and only then cut: a
    /// secret straddling [`MAX_RAW_ERROR_TEXT`] leaves no fragment. The
    /// decoded texts are scrubbed again (a JSON decoder turns any escape
    /// back into the plain secret). Never fails.
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::body::{ErrorBody, MAX_RAW_ERROR_TEXT};
    /// let mut body = "x".repeat(MAX_RAW_ERROR_TEXT - 4).into_bytes();
    /// body.extend_from_slice(b"hunter2-password");
    /// let decoded = ErrorBody::decode_redacted(&body, &["hunter2-password"]);
    /// assert!(!decoded.raw.contains("hunt"));
    /// ```
    pub fn decode_redacted(bytes: &[u8], secrets: &[&str]) -> ErrorBody {
        let scrubbed = crate::secret::redact(&String::from_utf8_lossy(bytes), secrets);
        ErrorBody::decode(scrubbed.as_bytes()).redacted(secrets)
    }

    /// The same body with `secrets` redacted from every text kept of it
    /// (message, field names and problems, raw text): a server or a proxy's
    /// error page may echo the request's credentials back.
    pub fn redacted(self, secrets: &[&str]) -> ErrorBody {
        use crate::secret::redact;
        ErrorBody {
            message: self.message.map(|m| redact(&m, secrets)),
            field_errors: self
                .field_errors
                .into_iter()
                .map(|(field, problems)| {
                    let problems = problems.iter().map(|p| redact(p, secrets)).collect();
                    (redact(&field, secrets), problems)
                })
                .collect(),
            raw: redact(&self.raw, secrets),
            ..self
        }
    }

    /// Whether this is Sellercloud's rate-limit answer.
    pub fn is_rate_limit(&self) -> bool {
        self.rate_limit_reset.is_some()
    }

    /// The server's message, or the raw text when there is none.
    pub fn summary(&self) -> &str {
        self.message.as_deref().unwrap_or(&self.raw)
    }
}

/// At most [`MAX_RAW_ERROR_TEXT`] bytes of a body as text, `secrets`
/// scrubbed out before the cut.
pub fn kept_text_redacted(bytes: &[u8], secrets: &[&str]) -> String {
    let scrubbed = crate::secret::redact(&String::from_utf8_lossy(bytes), secrets);
    truncate_text(scrubbed.as_bytes(), MAX_RAW_ERROR_TEXT)
}

/// At most `max` bytes of `bytes` as text, with `...` when something was cut
/// (a character split by the cut becomes U+FFFD).
pub(crate) fn truncate_text(bytes: &[u8], max: usize) -> String {
    let cut = &bytes[..bytes.len().min(max)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if bytes.len() > max {
        text.push_str("...");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: reqwest::Body) -> reqwest::Response {
        reqwest::Response::from(http::Response::new(body))
    }

    fn chunked(chunks: usize, size: usize) -> reqwest::Body {
        let stream = futures::stream::iter(
            (0..chunks).map(move |_| Ok::<_, std::io::Error>(Bytes::from(vec![b'x'; size]))),
        );
        reqwest::Body::wrap_stream(stream)
    }

    fn too_large(result: reqwest::Result<Bytes>) -> Option<BodyTooLarge> {
        is_body_too_large(&result.expect_err("the read must fail"))
    }

    #[tokio::test]
    async fn declared_lengths_within_the_limit_are_read_whole() {
        let r = limit_response(response(vec![b'x'; 10].into()), 10);
        assert_eq!(r.content_length(), Some(10));
        assert_eq!(r.bytes().await.unwrap().len(), 10);
    }

    #[tokio::test]
    async fn declared_lengths_past_the_limit_fail() {
        let r = limit_response(response(vec![b'x'; 11].into()), 10);
        assert_eq!(too_large(r.bytes().await), Some(BodyTooLarge { limit: 10 }));
    }

    #[tokio::test]
    async fn undeclared_lengths_are_counted() {
        let r = limit_response(response(chunked(3, 4)), 12);
        assert_eq!(r.bytes().await.unwrap().len(), 12);
        let r = limit_response(response(chunked(4, 4)), 12);
        assert_eq!(too_large(r.bytes().await), Some(BodyTooLarge { limit: 12 }));
    }

    #[test]
    fn decodes_aspnet_model_state() {
        let b = ErrorBody::decode(
            br#"{"Message":"The request is invalid.","ModelState":{"row.Quantity":["must be positive"],"row.Id":"bad"}}"#,
        );
        assert_eq!(b.message.as_deref(), Some("The request is invalid."));
        assert_eq!(
            b.field_errors,
            vec![
                ("row.Id".to_owned(), vec!["bad".to_owned()]),
                (
                    "row.Quantity".to_owned(),
                    vec!["must be positive".to_owned()]
                ),
            ]
        );
        assert!(!b.is_rate_limit());
    }

    #[test]
    fn redacted_removes_secrets_from_every_kept_text() {
        let b =
            ErrorBody::decode(br#"{"Message":"bad tok-1","ModelState":{"tok-1":["echo tok-1"]}}"#)
                .redacted(&["tok-1"]);
        assert_eq!(b.message.as_deref(), Some("bad [redacted]"));
        assert_eq!(
            b.field_errors,
            vec![("[redacted]".to_owned(), vec!["echo [redacted]".to_owned()])]
        );
        assert!(!b.raw.contains("tok-1"));
    }

    #[test]
    fn decodes_rate_limit_and_plain_text() {
        let b = ErrorBody::decode(
            br#"{"Error":"Too many requests.","RateLimitResetTime":"2022-01-14T09:38:49.9856571Z"}"#,
        );
        assert!(b.is_rate_limit());
        assert_eq!(b.summary(), "Too many requests.");
        let b = ErrorBody::decode(b"Service Unavailable");
        assert_eq!(b.summary(), "Service Unavailable");
        let big = vec![b'x'; 10_000];
        assert!(ErrorBody::decode(&big).raw.len() <= MAX_RAW_ERROR_TEXT + 3);
        assert_eq!(ErrorBody::decode(&[0xff, 0xfe]).message, None);
    }
}
