//! Helpers shared by the fakes' integration tests.

use std::time::Duration;

/// A client for the fakes: no TLS roots or proxy lookup (they are plain HTTP
/// on loopback), and a timeout so that no test can hang.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .tls_certs_only(Vec::new())
        .build()
        .unwrap()
}
