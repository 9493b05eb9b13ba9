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
/// a token or an `Authorization` header, in any of the forms a request
/// carries it:
///
/// - as it is;
/// - JSON-escaped, in any style (`\"` or `\u0022`, `\/`, `\u00e9`, ...): a
///   password with a quote or a backslash is escaped in a JSON body;
/// - inside Base64, standard or URL-safe, at any alignment (a Basic
///   credential, or a whole request body echoed encoded), for secrets long
///   enough that the encoded part is not found in ordinary text by chance.
///
/// Scrub a text whole, before it is cut: a secret that straddles the cut
/// would otherwise survive as a fragment.
///
/// ```
/// use sellercloud_shopctrl_runtime::secret::redact;
/// let body = r#"{"Password":"pa\"ss\u0077ord-1"} cGEic3N3b3JkLTE="#;
/// let text = redact(body, &[r#"pa"ssword-1"#]);
/// // The last Base64 characters also carry bits of what follows the secret.
/// assert_eq!(text, r#"{"Password":"[redacted]"} [redacted]E="#);
/// ```
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        out = replace_escaped(&out, secret);
        for encoded in base64_forms(secret) {
            out = replace_base64(&out, &encoded);
        }
    }
    out
}

/// `text` with every occurrence of `secret`, each character written
/// plainly or as a JSON escape, replaced.
fn replace_escaped(text: &str, secret: &str) -> String {
    let first = secret.chars().next().unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut copied = 0;
    while at < text.len() {
        let rest = &text[at..];
        let starts = rest.starts_with(first) || rest.starts_with('\\');
        if let Some(len) = starts.then(|| matched_len(rest, secret)).flatten() {
            out.push_str(&text[copied..at]);
            out.push_str(REDACTED);
            at += len;
            copied = at;
            continue;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&text[copied..]);
    out
}

const REDACTED: &str = "[redacted]";

/// The length of `secret` at the start of `text`, each character plain or
/// JSON-escaped; `None` when it is not there.
fn matched_len(text: &str, secret: &str) -> Option<usize> {
    let mut wanted = secret.chars();
    let Some(c) = wanted.next() else {
        return Some(0);
    };
    let rest = wanted.as_str();
    // An escape first: a backslash of the secret may be written `\\`.
    if let Some((decoded, len)) = json_escape(text) {
        let len = match decoded {
            Escaped::Char(d) if d == c => Some(len),
            Escaped::High(high) => match json_escape(&text[len..]) {
                // A character outside the BMP: two `\uXXXX` escapes.
                Some((Escaped::Low(low), len2))
                    if char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        == Some(c) =>
                {
                    Some(len + len2)
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(tail) = len.and_then(|len| Some(len + matched_len(&text[len..], rest)?)) {
            return Some(tail);
        }
    }
    if text.starts_with(c) {
        let len = c.len_utf8();
        return Some(len + matched_len(&text[len..], rest)?);
    }
    None
}

enum Escaped {
    Char(char),
    High(u32),
    Low(u32),
}

/// The JSON escape at the start of `text` and its length.
fn json_escape(text: &str) -> Option<(Escaped, usize)> {
    let mut chars = text.strip_prefix('\\')?.chars();
    let c = match chars.next()? {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'u' => {
            let hex = text.get(2..6)?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            let escaped = match code {
                0xD800..=0xDBFF => Escaped::High(code),
                0xDC00..=0xDFFF => Escaped::Low(code),
                _ => Escaped::Char(char::from_u32(code)?),
            };
            return Some((escaped, 6));
        }
        _ => return None,
    };
    Some((Escaped::Char(c), 2))
}

/// Shortest encoded part searched for: shorter ones could match ordinary
/// text by chance.
const MIN_BASE64_FORM: usize = 8;

/// The parts of any Base64 text that encodes `secret` which depend on the
/// secret alone: one per alignment (the secret starting at byte 0, 1 or 2
/// of a 3-byte group) and alphabet, without the characters shared with
/// the bytes around it.
fn base64_forms(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let mut forms = Vec::new();
    for lead in 0..3usize {
        let mut bytes = vec![0u8; lead];
        bytes.extend_from_slice(secret.as_bytes());
        // Characters before this one carry bits of the lead bytes.
        let skip = (lead * 8).div_ceil(6);
        // Characters after this one carry bits of whatever follows.
        let keep = (bytes.len() * 8) / 6;
        if keep <= skip || keep - skip < MIN_BASE64_FORM {
            continue;
        }
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let encoded = engine.encode(&bytes);
            let form = encoded[skip..keep].to_owned();
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

/// `text` with `form` replaced, where it stands in Base64 text.
fn replace_base64(text: &str, form: &str) -> String {
    text.replace(form, REDACTED)
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
    fn json_escaped_forms_are_redacted_in_any_style() {
        let secret = "p\"w\\d/é😀-x";
        for written in [
            "p\\\"w\\\\d/é😀-x",
            "p\\u0022w\\u005Cd\\/\\u00e9\\ud83d\\ude00-x",
            "p\\u0022w\\\\d/\\u00E9😀-x",
        ] {
            let text = format!("{{\"Password\":\"{written}\"}}");
            assert_eq!(
                redact(&text, &[secret]),
                r#"{"Password":"[redacted]"}"#,
                "{written}"
            );
        }
        assert_eq!(redact("p\\u0022w", &["p\"x"]), "p\\u0022w");
    }

    #[test]
    fn base64_forms_are_redacted_at_every_alignment() {
        use base64::Engine as _;
        let secret = "hunter2-password";
        for lead in ["", "a", "ab", "user:", "{\"Password\":\""] {
            for engine in [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::URL_SAFE,
            ] {
                let encoded = engine.encode(format!("{lead}{secret}\"}}"));
                let text = redact(&format!("Basic {encoded}"), &[secret]);
                // Left around the marker: the lead's characters and at most
                // the few characters shared with the bytes around the secret.
                let (before, after) = text.split_once("[redacted]").expect(&text);
                assert!(
                    before.len() <= "Basic ".len() + (lead.len() * 4).div_ceil(3) + 1,
                    "{lead:?}: {text}"
                );
                assert!(after.len() <= 8, "{lead:?}: {text}");
            }
        }
    }

    #[test]
    fn secret_never_formats_its_text() {
        let s = Secret::new("hunter2-password");
        assert!(!format!("{s:?} {s} {s:#?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-password");
    }
}
