use super::*;
use std::collections::HashMap;

fn env(vars: &[(&'static str, &str)]) -> Result<ClientBuilder> {
    let map: HashMap<&str, String> = vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
    ClientBuilder::from_vars(&Env::from_lookup(|name| {
        map.get(name).cloned().ok_or(std::env::VarError::NotPresent)
    }))
}

fn setting(e: Error) -> &'static str {
    match e {
        Error::Config { setting, .. } => setting,
        other => panic!("not a config error: {other}"),
    }
}

#[test]
fn server_id_shortcut() {
    let c = Client::builder()
        .server_id(" tt ")
        .username("u")
        .password("p")
        .build()
        .unwrap();
    assert_eq!(c.base_url().as_str(), "https://tt.api.sellercloud.com/rest");
    for bad in ["", "t.t", "-tt", "tt/x", "tt:1"] {
        let e = Client::builder()
            .server_id(bad)
            .username("u")
            .password("p")
            .build();
        assert_eq!(setting(e.unwrap_err()), "server_id", "{bad}");
    }
}

#[test]
fn base_url_rules_name_the_setting() {
    let c = Client::builder()
        .base_url("https://xx.api.sellercloud.us/rest/")
        .username("u")
        .password("p")
        .build()
        .unwrap();
    assert_eq!(c.base_url().as_str(), "https://xx.api.sellercloud.us/rest");
    let e = Client::builder()
        .base_url("http://xx.api.sellercloud.us/rest")
        .username("u")
        .password("p")
        .build()
        .unwrap_err();
    assert_eq!(setting(e.clone()), "base_url");
    assert!(e.to_string().contains("plain http"), "{e}");
    assert!(
        Client::builder()
            .base_url("http://127.0.0.1:9/rest")
            .username("u")
            .password("p")
            .build()
            .is_ok()
    );
    assert_eq!(
        setting(
            Client::builder()
                .username("u")
                .password("p")
                .build()
                .unwrap_err()
        ),
        "base_url"
    );
}

#[test]
fn credentials_and_limits_are_required() {
    let b = || Client::builder().server_id("tt");
    assert_eq!(setting(b().password("p").build().unwrap_err()), "username");
    assert_eq!(
        setting(b().username(" ").password("p").build().unwrap_err()),
        "username"
    );
    assert_eq!(setting(b().username("u").build().unwrap_err()), "password");
    assert_eq!(
        setting(b().username("u").password("").build().unwrap_err()),
        "password"
    );
    assert_eq!(
        setting(
            b().username("u")
                .password("p")
                .request_timeout(Duration::ZERO)
                .build()
                .unwrap_err()
        ),
        "request_timeout"
    );
    assert_eq!(
        setting(
            b().username("u")
                .password("p")
                .max_response_bytes(0)
                .build()
                .unwrap_err()
        ),
        "max_response_bytes"
    );
}

#[test]
fn from_env_names_the_variables() {
    let ok = env(&[
        (ENV_SERVER_ID, "tt"),
        (ENV_USERNAME, "u"),
        (ENV_PASSWORD, "p"),
    ])
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(
        ok.base_url().as_str(),
        "https://tt.api.sellercloud.com/rest"
    );
    let ok = env(&[
        (ENV_BASE_URL, "https://xx.api.sellercloud.us/rest"),
        (ENV_USERNAME, "u"),
        (ENV_PASSWORD, "p"),
    ])
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(ok.base_url().host_str(), Some("xx.api.sellercloud.us"));
    assert_eq!(
        setting(env(&[(ENV_USERNAME, "u"), (ENV_PASSWORD, "p")]).unwrap_err()),
        ENV_BASE_URL
    );
    assert_eq!(
        setting(
            env(&[
                (ENV_SERVER_ID, "tt"),
                (ENV_BASE_URL, "https://a.b"),
                (ENV_USERNAME, "u"),
                (ENV_PASSWORD, "p")
            ])
            .unwrap_err()
        ),
        ENV_BASE_URL
    );
    assert_eq!(
        setting(env(&[(ENV_SERVER_ID, "tt"), (ENV_PASSWORD, "p")]).unwrap_err()),
        ENV_USERNAME
    );
    assert_eq!(
        setting(env(&[(ENV_SERVER_ID, "tt"), (ENV_USERNAME, "u")]).unwrap_err()),
        ENV_PASSWORD
    );
    let bad = env(&[
        (ENV_SERVER_ID, "t t"),
        (ENV_USERNAME, "u"),
        (ENV_PASSWORD, "p"),
    ])
    .unwrap();
    assert_eq!(setting(bad.build().unwrap_err()), ENV_SERVER_ID);
    let bad = env(&[
        (ENV_BASE_URL, "http://example.com"),
        (ENV_USERNAME, "u"),
        (ENV_PASSWORD, "p"),
    ])
    .unwrap();
    assert_eq!(setting(bad.build().unwrap_err()), ENV_BASE_URL);
}

#[test]
fn debug_and_display_hide_the_password() {
    let b = Client::builder()
        .server_id("tt")
        .username("u")
        .password("hunter2-secret");
    let c = b.clone().build().unwrap();
    let text = format!("{b:?} {b:#?} {c:?} {c:#?} {c}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("tt.api.sellercloud.com"));
}
