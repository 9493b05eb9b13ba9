//! What is ShopCtrl's own in how its calls are read and traced: nothing but
//! its names and its authentication hint; the answers follow the shared
//! table of [`api_runtime::call::classify`] (429 and `Retry-After` included).

use api_runtime::call::classify::Classify;

api_runtime::telemetry!(
    /// Spans `shopctrl.call` and `shopctrl.attempt`, target `shopctrl`.
    pub(crate) struct Telemetry = "shopctrl", "ShopCtrl"
);

/// ShopCtrl's answers: the shared table as it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Classifier;

impl Classify for Classifier {}

/// Shown in [`Error::Authentication`](crate::Error::Authentication): ShopCtrl's
/// Basic credentials do not expire (facts.md: "No token endpoint, no expiry:
/// a 401 means the credentials are wrong or changed"), so a 401 is final.
pub(crate) const AUTHENTICATION_HINT: &str = "check the API user's name and password \
(SHOPCTRL_USERNAME / SHOPCTRL_PASSWORD); the API user's password may have been changed \
in ShopCtrl. Basic credentials do not expire, so retrying with the same ones will not help";
