//! Reading requests: media type, body, path parameters and credentials.

use super::Reply;
use crate::record::PresentedAuth;
use base64::Engine as _;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};

/// Request bodies above this size are answered with 413.
pub(crate) const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// The 401 message of ASP.NET's `[Authorize]`, which both vendors answer with.
pub(crate) const DENIED: &str = "Authorization has been denied for this request.";

/// A request with its body read.
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The query string without `?`, if any.
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Request {
    /// 415 unless the body is declared as JSON (`application/json` or `text/json`).
    pub(crate) fn require_json(&self, also: &str) -> Result<(), Reply> {
        let media_type = self
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        match media_type.as_deref() {
            Some("application/json" | "text/json") => Ok(()),
            other => Err(Reply::message(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "The request entity's media type '{}' is not supported for this resource. \
                     Send Content-Type: application/json{also}.",
                    other.unwrap_or("")
                ),
            )),
        }
    }

    /// The `Authorization` header split into scheme and credentials, if it is text.
    pub(crate) fn authorization(headers: &HeaderMap) -> Option<(&str, &str)> {
        let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
        let (scheme, credentials) = value.split_once(' ')?;
        Some((scheme, credentials.trim()))
    }
}

/// The user name and password of a Basic header; `Some(None)` when it does not
/// decode, `None` when the header is not Basic.
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<Option<(String, String)>> {
    let (scheme, encoded) = Request::authorization(headers)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned()))),
    )
}

/// The token of a Bearer header.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let (scheme, token) = Request::authorization(headers)?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token)
        .filter(|t| !t.is_empty())
}

/// What a request presented as credentials: `token_serial` names the
/// fake's serial of a Bearer token, `basic_accepted` says whether a Basic
/// user name and password are the configured ones.
pub(crate) fn describe_auth(
    headers: &HeaderMap,
    token_serial: impl FnOnce(&str) -> Option<u64>,
    basic_accepted: impl FnOnce(&str, &str) -> bool,
) -> PresentedAuth {
    if headers.get(AUTHORIZATION).is_none() {
        return PresentedAuth::None;
    }
    if let Some(token) = bearer_token(headers) {
        return PresentedAuth::Bearer {
            token_serial: token_serial(token),
        };
    }
    match basic_credentials(headers) {
        Some(credentials) => PresentedAuth::Basic {
            accepted: credentials
                .as_ref()
                .is_some_and(|(u, p)| basic_accepted(u, p)),
            username: credentials.map(|(username, _)| username),
        },
        None => PresentedAuth::Other,
    }
}

/// Parses a request body, describing what is wrong with it otherwise.
pub(crate) fn read_json(body: &[u8]) -> Result<crate::json::Json, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("The request body is required.".to_owned());
    }
    crate::json::Json::parse(body).map_err(|e| format!("The request body is not valid JSON: {e}."))
}

/// Parses an int32 path parameter. Zero and negative numbers are valid int32
/// values: they name no record, which the handler answers with 404.
pub(crate) fn path_id(value: &str, name: &str) -> Result<i32, Reply> {
    value.parse::<i32>().map_err(|_| {
        Reply::message(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid: the path parameter '{name}' must be a 32-bit integer, not '{value}'."),
        )
    })
}
