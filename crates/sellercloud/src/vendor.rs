//! What is Sellercloud's own in how its answers are read and traced; the
//! rest is the shared pipeline ([`api_runtime::call`]).

use api_runtime::call::classify::{
    Answer, Classify, Verdict, classify_answer, rate_limited, server_wait,
};

api_runtime::telemetry!(
    /// Spans `sellercloud.call` and `sellercloud.attempt`, target `sellercloud`.
    pub(crate) struct Telemetry = "sellercloud", "Sellercloud"
);

/// Sellercloud's answers: the shared table, plus its rate-limit answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Classifier;

impl Classify for Classifier {
    /// Over the limit Sellercloud answers `{"Error": "Too many requests.",
    /// "RateLimitResetTime": ...}`, "the status is reported as 429 by some
    /// and 409 by others" (facts.md): a 409 carrying that body is a rate
    /// limit, waited for like a 429. Any other 409 is an ordinary error.
    fn classify(&self, answer: &Answer<'_>) -> Verdict {
        if answer.status == 409 && answer.body.is_rate_limit() {
            return Verdict::Retry {
                error: rate_limited(answer),
                wait: server_wait(answer.body, answer.headers),
            };
        }
        classify_answer(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_runtime::Error;
    use api_runtime::body::ErrorBody;
    use reqwest::header::HeaderMap;

    fn classify(status: u16, body: &[u8]) -> Verdict {
        let body = ErrorBody::decode(body);
        Classifier.classify(&Answer {
            service: "Sellercloud",
            status,
            headers: &HeaderMap::new(),
            body: &body,
        })
    }

    #[test]
    fn a_409_with_the_rate_limit_body_is_a_rate_limit_and_other_409s_are_not() {
        let limited = br#"{"Error":"Too many requests.","RateLimitResetTime":"2022-01-14T09:38:49.9856571Z"}"#;
        assert!(matches!(
            classify(409, limited),
            Verdict::Retry {
                error: Error::RateLimited {
                    status: 409,
                    reset_at: Some(_),
                    ..
                },
                ..
            }
        ));
        assert!(matches!(
            classify(409, br#"{"Message":"conflict"}"#),
            Verdict::Fail(Error::Api { status: 409, .. })
        ));
    }
}
