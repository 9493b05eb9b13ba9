//! Base URL rules shared by both clients.

use url::Url;

/// Parses a configured base URL.
///
/// Rules: an absolute `https://` URL with a host and no query or fragment;
/// plain `http://` only when the host is loopback (a local fake or proxy), so
/// that credentials never cross a network in clear text. A trailing slash is
/// removed, because the generated client appends paths that start with `/`.
///
/// The error is the problem in words, for the caller to attach to the name of
/// the setting.
pub fn parse_base_url(value: &str) -> Result<Url, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("is empty".into());
    }
    // Every message below quotes the value; a password written into it
    // (`https://user:password@host`) must not end up in an error.
    let shown = without_userinfo(value);
    let value = shown.as_str();
    let mut url = Url::parse(value).map_err(|e| format!("`{value}` is not a URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials; set the username and password settings".into());
    }
    let Some(host) = url.host() else {
        return Err(format!("`{value}` has no host"));
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(format!(
                "`{value}` uses plain http to a non-loopback host; use https (http is allowed only for 127.0.0.1, ::1 or localhost)"
            ));
        }
        other => return Err(format!("`{value}` has scheme `{other}`; expected https")),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{value}` must not have a query or fragment"));
    }
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

/// `value` with the user-info part of its authority (`user:password@`)
/// replaced by `[redacted]@`, for quoting it in messages. Works on text that
/// does not parse as a URL too.
fn without_userinfo(value: &str) -> String {
    let Some(scheme_end) = value.find("://").map(|i| i + 3) else {
        return value.to_owned();
    };
    let rest = &value[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}[redacted]{}", &value[..scheme_end], &rest[at..]),
        None => value.to_owned(),
    }
}

/// The base URL as the generated client wants it: no trailing slash.
pub fn base_url_str(url: &Url) -> &str {
    url.as_str().trim_end_matches('/')
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(
            base_url_str(&parse_base_url("https://tt.api.sellercloud.com/rest/").unwrap()),
            "https://tt.api.sellercloud.com/rest"
        );
        assert!(parse_base_url("http://127.0.0.1:8080").is_ok());
        assert!(parse_base_url("http://localhost:1/x").is_ok());
        assert!(parse_base_url("http://[::1]:1").is_ok());
        let e = parse_base_url("http://tt.api.sellercloud.com/rest").unwrap_err();
        assert!(e.contains("plain http"), "{e}");
        assert!(parse_base_url("").is_err());
        assert!(parse_base_url("ftp://x.y").is_err());
        assert!(parse_base_url("tt.api.sellercloud.com").is_err());
        assert!(parse_base_url("https://u:p@x.y").is_err());
        assert!(parse_base_url("https://x.y/?a=1").is_err());
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_being_quoted() {
        for value in [
            "https://u:hunter2-pw@x.y/rest",
            "http://u:hunter2-pw@x.y/rest",
            "http://u:hunter2-pw@127.0.0.1:8080",
            "https://u:hunter2-pw@x.y:badport/rest",
            "ftp://u:hunter2-pw@x.y",
            "https://hunter2-pw@x.y",
        ] {
            let e = parse_base_url(value).unwrap_err();
            assert!(!e.contains("hunter2"), "{value}: {e}");
        }
        assert_eq!(
            without_userinfo("https://a:b@c.d/e@f?g@h"),
            "https://[redacted]@c.d/e@f?g@h"
        );
        assert_eq!(without_userinfo("https://c.d/e@f"), "https://c.d/e@f");
        assert_eq!(without_userinfo("not a url"), "not a url");
    }
}
