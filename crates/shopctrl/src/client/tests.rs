use super::*;
use api_runtime::Error;
use std::time::Duration;

fn complete() -> ClientBuilder {
    Client::builder()
        .base_url("https://shop.example.com:52222")
        .username("api-user")
        .password("pa55word-xyz")
}

fn config_setting(result: Result<Client>) -> &'static str {
    match result {
        Err(Error::Config { setting, .. }) => setting,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn a_complete_configuration_builds() {
    let client = complete().build().unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://shop.example.com:52222/"
    );
    assert_eq!(client.username(), "api-user");
}

#[test]
fn each_bad_setting_is_named() {
    assert_eq!(config_setting(Client::builder().build()), "base_url");
    assert_eq!(
        config_setting(complete().base_url("http://shop.example.com").build()),
        "base_url"
    );
    assert_eq!(
        config_setting(complete().base_url("not a url").build()),
        "base_url"
    );
    assert_eq!(config_setting(complete().username("").build()), "username");
    assert_eq!(
        config_setting(complete().username("a:b").build()),
        "username"
    );
    assert_eq!(config_setting(complete().password("").build()), "password");
    assert_eq!(
        config_setting(complete().connect_timeout(Duration::ZERO).build()),
        "connect_timeout"
    );
    assert_eq!(
        config_setting(complete().request_timeout(Duration::ZERO).build()),
        "request_timeout"
    );
    assert_eq!(
        config_setting(complete().user_agent("bad\nagent").build()),
        "user_agent"
    );
    assert_eq!(
        config_setting(complete().max_response_bytes(0).build()),
        "max_response_bytes"
    );
}

fn env<'a>(
    vars: &'a [(&'static str, &'a str)],
) -> impl Fn(&'static str) -> std::result::Result<String, std::env::VarError> + 'a {
    move |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
            .ok_or(std::env::VarError::NotPresent)
    }
}

#[test]
fn environment_settings_are_named_by_their_variable() {
    let complete = [
        (ENV_BASE_URL, "https://shop.example.com:52222"),
        (ENV_USERNAME, "api-user"),
        (ENV_PASSWORD, "pa55word-xyz"),
    ];
    let client = ClientBuilder::from_vars(&Env::from_lookup(env(&complete)))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.username(), "api-user");

    for missing in [ENV_BASE_URL, ENV_USERNAME, ENV_PASSWORD] {
        let vars: Vec<_> = complete
            .iter()
            .copied()
            .filter(|(n, _)| *n != missing)
            .collect();
        assert_eq!(
            config_setting(
                ClientBuilder::from_vars(&Env::from_lookup(env(&vars)))
                    .and_then(ClientBuilder::build)
            ),
            missing
        );
    }
    let bad = [
        (ENV_BASE_URL, "http://shop.example.com"),
        (ENV_USERNAME, "api:user"),
        (ENV_PASSWORD, ""),
    ];
    for (name, value) in bad {
        let vars: Vec<_> = complete
            .iter()
            .map(|&(n, v)| if n == name { (n, value) } else { (n, v) })
            .collect();
        assert_eq!(
            config_setting(
                ClientBuilder::from_vars(&Env::from_lookup(env(&vars)))
                    .and_then(ClientBuilder::build)
            ),
            name
        );
    }
    // A setting changed after reading the environment is named by its method.
    let e = ClientBuilder::from_vars(&Env::from_lookup(env(&complete)))
        .unwrap()
        .base_url("ftp://x")
        .build();
    assert_eq!(config_setting(e), "base_url");
}

#[test]
fn plain_http_is_allowed_for_loopback_only() {
    assert!(
        complete()
            .base_url("http://127.0.0.1:52222")
            .build()
            .is_ok()
    );
    assert!(
        complete()
            .base_url("http://localhost:52222")
            .build()
            .is_ok()
    );
    assert!(
        complete()
            .base_url("http://10.0.0.1:52222")
            .build()
            .is_err()
    );
}

#[test]
fn a_trailing_v1_is_removed_once() {
    for (given, expected) in [
        ("https://h.example:52222/v1", "https://h.example:52222/"),
        ("https://h.example:52222/v1/", "https://h.example:52222/"),
        (
            "https://h.example/shopctrl/v1/",
            "https://h.example/shopctrl",
        ),
        ("https://h.example/v1x", "https://h.example/v1x"),
    ] {
        let client = complete().base_url(given).build().unwrap();
        assert_eq!(client.base_url().as_str(), expected, "{given}");
    }
}

#[test]
fn debug_output_has_no_password() {
    let builder = complete();
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!text.contains("pa55word-xyz"), "{text}");
        assert!(!text.contains("YXBpLXVzZXI6cGE1NXdvcmQteHl6"), "{text}");
        assert!(text.contains("api-user"), "{text}");
    }
}
