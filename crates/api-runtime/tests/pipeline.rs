//! The call pipeline against scripted in-memory answers, on paused Tokio
//! time: rate-limit waits, token failures, renewals and the idempotency
//! rule, without a network.

use progenitor_client::{Error as PError, ResponseValue};
use sellercloud_shopctrl_runtime::Error;
use sellercloud_shopctrl_runtime::auth::{BearerCache, IssuedToken, TokenSource};
use sellercloud_shopctrl_runtime::call::{ApiResult, Classify, Operation, Reply, Runtime};
use sellercloud_shopctrl_runtime::retry::RetryPolicy;
use sellercloud_shopctrl_runtime::secret::Secret;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::time::Instant;

sellercloud_shopctrl_runtime::telemetry!(struct TestTelemetry = "pipeline_test", "Test");

struct Default;
impl Classify for Default {}

/// A token endpoint that fails with the scripted errors first.
struct Tokens {
    failures: Mutex<VecDeque<Error>>,
    fetches: AtomicU32,
}

impl TokenSource for Tokens {
    async fn fetch(&self) -> sellercloud_shopctrl_runtime::Result<IssuedToken> {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(e) = self.failures.lock().unwrap().pop_front() {
            return Err(e);
        }
        Ok(IssuedToken {
            access_token: Secret::new(format!("token-{n}")),
            lifetime: Duration::from_secs(3600),
            headers: reqwest::header::HeaderMap::new(),
        })
    }

    fn secrets(&self) -> Vec<&str> {
        vec!["the-password"]
    }
}

fn runtime(token_failures: Vec<Error>) -> Runtime<BearerCache<Tokens>, Default> {
    let tokens = Tokens {
        failures: Mutex::new(token_failures.into()),
        fetches: AtomicU32::new(0),
    };
    Runtime::new(
        BearerCache::new(tokens, None, "fresh token refused", &TestTelemetry),
        Default,
        RetryPolicy::default(),
        4096,
        &TestTelemetry,
    )
}

/// One scripted answer: a status, a body and headers.
type Scripted = (u16, String, Vec<(&'static str, String)>);

// The generated clients' error type is what the pipeline takes.
#[allow(clippy::result_large_err)]
fn answer(status: u16, body: &str, headers: &[(&str, &str)]) -> ApiResult<()> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = reqwest::Response::from(builder.body(body.to_owned()).unwrap());
    if status == 200 {
        Ok(ResponseValue::empty(response))
    } else {
        Err(PError::ErrorResponse(ResponseValue::stream(response)))
    }
}

/// Sends the scripted answers in order (the last one again when they run
/// out) and counts the sends.
struct Script {
    answers: Mutex<VecDeque<Scripted>>,
    sent: AtomicU32,
    last_sent_at: Mutex<Option<Instant>>,
}

impl Script {
    fn new(answers: Vec<Scripted>) -> Self {
        Script {
            answers: Mutex::new(answers.into()),
            sent: AtomicU32::new(0),
            last_sent_at: Mutex::new(None),
        }
    }

    async fn send(&self) -> ApiResult<()> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        *self.last_sent_at.lock().unwrap() = Some(Instant::now());
        let mut answers = self.answers.lock().unwrap();
        let (status, body, headers) = if answers.len() > 1 {
            answers.pop_front().unwrap()
        } else {
            answers.front().cloned().unwrap()
        };
        drop(answers);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        answer(status, &body, &headers)
    }
}

fn rate_limited_for(seconds: i64) -> Scripted {
    let reset = (chrono::Utc::now() + chrono::Duration::seconds(seconds)).to_rfc3339();
    (
        429,
        format!(r#"{{"Error":"Too many requests.","RateLimitResetTime":"{reset}"}}"#),
        vec![],
    )
}

fn ok() -> Scripted {
    (200, String::new(), vec![])
}

const UPDATE: Operation = Operation::idempotent("update");
const CREATE: Operation = Operation::not_idempotent("create");

#[tokio::test(start_paused = true)]
async fn a_reset_45_s_away_is_waited_for_with_the_default_policy() {
    let rt = runtime(vec![]);
    let script = Script::new(vec![rate_limited_for(45), ok()]);
    let started = Instant::now();
    let reply = rt.invoke(CREATE, || script.send()).await.unwrap();
    assert!(matches!(reply, Reply::Parsed(())));
    assert_eq!(script.sent.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(44),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_reset_61_s_away_is_reported_at_once_with_its_time() {
    let rt = runtime(vec![]);
    let script = Script::new(vec![rate_limited_for(61), ok()]);
    let started = Instant::now();
    let e = rt.invoke(UPDATE, || script.send()).await.unwrap_err();
    let Error::RateLimited {
        reset_at: Some(reset),
        status: 429,
        ..
    } = e
    else {
        panic!("expected RateLimited with its reset time, got {e:?}");
    };
    assert!(reset > chrono::Utc::now() + chrono::Duration::seconds(59));
    assert_eq!(script.sent.load(Ordering::SeqCst), 1);
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_failing_once_does_not_fail_a_create() {
    let failed = Error::Authentication {
        service: "Test",
        status: Some(500),
        message: "An error has occurred.".into(),
        hint: "",
    };
    let rt = runtime(vec![failed]);
    let script = Script::new(vec![ok()]);
    rt.invoke(CREATE, || script.send()).await.unwrap();
    // The create itself was sent exactly once; the token was asked twice.
    assert_eq!(script.sent.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_create_is_not_re_sent_after_a_503_but_an_update_is() {
    let rt = runtime(vec![]);
    let script = Script::new(vec![(503, String::new(), vec![]), ok()]);
    let e = rt.invoke(CREATE, || script.send()).await.unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    assert_eq!(script.sent.load(Ordering::SeqCst), 1);

    let script = Script::new(vec![(503, String::new(), vec![]), ok()]);
    rt.invoke(UPDATE, || script.send()).await.unwrap();
    assert_eq!(script.sent.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_waited_for() {
    let rt = runtime(vec![]);
    let script = Script::new(vec![
        (503, String::new(), vec![("retry-after", "20".into())]),
        ok(),
    ]);
    let started = Instant::now();
    rt.invoke(UPDATE, || script.send()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(20));
}

#[tokio::test(start_paused = true)]
async fn a_401_renews_once_and_a_second_one_is_final_without_secrets() {
    let rt = runtime(vec![]);
    let script = Script::new(vec![(401, String::new(), vec![]), ok()]);
    rt.invoke(UPDATE, || script.send()).await.unwrap();
    assert_eq!(script.sent.load(Ordering::SeqCst), 2);

    let script = Script::new(vec![(
        401,
        r#"{"Message":"user:the-password is bad"}"#.into(),
        vec![],
    )]);
    let e = rt.invoke(UPDATE, || script.send()).await.unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(
        matches!(
            e,
            Error::Authentication {
                status: Some(401),
                hint: "fresh token refused",
                ..
            }
        ),
        "{text}"
    );
    assert!(
        !text.contains("the-password") && text.contains("[redacted]"),
        "{text}"
    );
    assert_eq!(script.sent.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_holds_the_other_calls_of_the_client_until_the_reset() {
    let rt = runtime(vec![]);
    let limited = Script::new(vec![rate_limited_for(30), ok()]);
    let other = Script::new(vec![ok()]);
    let started = Instant::now();
    // The first call learns the reset; the second, started after, waits for
    // it instead of being sent into the limit.
    let first = rt.invoke(UPDATE, || limited.send());
    let second = async {
        tokio::time::sleep(Duration::from_millis(1)).await;
        rt.invoke(UPDATE, || other.send()).await
    };
    let (first, second) = tokio::join!(first, second);
    first.unwrap();
    second.unwrap();
    assert_eq!(other.sent.load(Ordering::SeqCst), 1);
    let held_until = other.last_sent_at.lock().unwrap().unwrap();
    assert!(
        held_until - started >= Duration::from_secs(29),
        "{:?}",
        held_until - started
    );
}
