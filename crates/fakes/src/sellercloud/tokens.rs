//! Tokens: issuing them at `POST /api/token`, checking them on every other route.

use super::app::{SellercloudApp, State};
use super::config::TokenDateFormat;
use super::rules::{invalid, require_object, required};
use crate::json::{Json, Violations};
use crate::server::{DENIED, Reply, bearer_token, dotnet_utc, utc_after};
use http::header::{HeaderValue, WWW_AUTHENTICATE};
use http::{HeaderMap, StatusCode};
use std::time::{Duration, Instant};

pub(crate) struct Token {
    pub(crate) serial: u64,
    /// `None`: the lifetime is too long to represent, so it never expires.
    expires_at: Option<Instant>,
    revoked: bool,
}

impl State {
    pub(crate) fn expire_tokens(&mut self) {
        for token in self.tokens.values_mut() {
            token.revoked = true;
        }
    }

    pub(crate) fn issue_token(&mut self, lifetime: Duration) -> (String, u64) {
        self.tokens_issued += 1;
        let serial = self.tokens_issued;
        let random: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(40)
            .collect();
        // The serial makes every token unique even if the random part repeats.
        let token = format!("fake{serial}.{random}");
        self.tokens.insert(
            token.clone(),
            Token {
                serial,
                expires_at: Instant::now().checked_add(lifetime),
                revoked: false,
            },
        );
        (token, serial)
    }

    fn token_is_valid(&self, token: &str) -> bool {
        self.tokens
            .get(token)
            .is_some_and(|t| !t.revoked && t.expires_at.is_none_or(|at| Instant::now() < at))
    }
}

impl SellercloudApp {
    /// 401 unless the request carries a token this fake issued that is still valid.
    pub(crate) fn authorize(&self, headers: &HeaderMap) -> Result<(), Reply> {
        let valid = bearer_token(headers).is_some_and(|token| self.state().token_is_valid(token));
        if valid {
            return Ok(());
        }
        Err(Reply::message(StatusCode::UNAUTHORIZED, DENIED)
            .with_header(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")))
    }

    /// `POST /api/token`.
    pub(crate) fn token(&self, body: &Json) -> Result<Reply, Reply> {
        let mut v = Violations::default();
        let body = require_object(body)?;
        let username = required(&mut v, body.get("Username"), "Username", Violations::string);
        let password = required(&mut v, body.get("Password"), "Password", Violations::string);
        let (Some(username), Some(password)) = (username, password) else {
            return Err(invalid(v));
        };
        if !self.core.credentials_match(&username, &password) {
            return Err(Reply::message(
                StatusCode::UNAUTHORIZED,
                "The user name or password is incorrect.",
            ));
        }
        let lifetime = self.config.token_lifetime;
        let (token, _) = self.state().issue_token(lifetime);
        let issued = self.core.clock.utc_now();
        let expires = utc_after(issued, lifetime);
        let expires_in = if lifetime.subsec_nanos() == 0 {
            serde_json::json!(lifetime.as_secs())
        } else {
            serde_json::json!(lifetime.as_secs_f64())
        };
        let format = |t: chrono::DateTime<chrono::Utc>| match self.config.token_date_format {
            TokenDateFormat::Rfc3339 => dotnet_utc(t),
            TokenDateFormat::WithoutOffset => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            TokenDateFormat::Rfc1123 => t.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        };
        Ok(Reply::json(
            StatusCode::OK,
            &serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "username": username,
                "expires_in": expires_in,
                ".issued": format(issued),
                ".expires": format(expires),
            }),
        ))
    }
}
