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
    let mut url = Url::parse(value).map_err(|e| format!("`{value}` is not a URL: {e}"))?;
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
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials; set the username and password settings".into());
    }
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
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
}
