//! Credentials that never print.

use std::fmt;

/// A password, token or authorization header value.
///
/// `Debug` and `Display` print `[redacted]`; the only way to the text is
/// [`Secret::expose`], which makes every use easy to find in review.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().into_boxed_str())
    }

    /// The secret text, for building a request.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is empty (an empty password is a configuration error).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Replaces every occurrence of each non-empty secret in `text` with
/// `[redacted]`: for texts a server sends back, which may echo a password,
/// a token or an `Authorization` header.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(secret, "[redacted]");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Secret, redact};

    #[test]
    fn redact_replaces_every_secret_and_ignores_empty_ones() {
        assert_eq!(
            redact("user pw=hunter2 hunter2", &["hunter2", ""]),
            "user pw=[redacted] [redacted]"
        );
    }

    #[test]
    fn secret_never_formats_its_text() {
        let s = Secret::new("hunter2-password");
        assert!(!format!("{s:?} {s} {s:#?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-password");
    }
}
