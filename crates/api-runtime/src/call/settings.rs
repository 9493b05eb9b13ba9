//! Settings of one call, over its client's: a request timeout and a retry
//! policy for this call only, without building another client.

use crate::retry::RetryPolicy;
use std::borrow::Cow;
use std::time::Duration;

/// What one call (or every call of a handle) sets over its client's
/// settings. Unset parts keep the client's.
///
/// The client's rate-limit gate, token cache and connection pool are
/// shared whatever a call sets: a call with its own policy is held by the
/// same rate limit as the others, and can only choose how long it waits
/// for it ([`Self::max_rate_limit_wait`]).
///
/// ```
/// use sellercloud_shopctrl_runtime::call::CallSettings;
/// use sellercloud_shopctrl_runtime::retry::RetryPolicy;
/// use std::time::Duration;
///
/// let settings = CallSettings::new()
///     .timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy::never());
/// assert_eq!(settings.get_timeout(), Some(Duration::from_secs(5)));
/// let client_policy = RetryPolicy::default();
/// assert_eq!(settings.policy(&client_policy).max_attempts(), 1);
/// // Unset parts are the client's.
/// assert_eq!(CallSettings::new().policy(&client_policy).max_attempts(), 4);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallSettings {
    timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    max_rate_limit_wait: Option<Duration>,
}

impl CallSettings {
    /// Nothing set: the client's settings.
    pub const fn new() -> Self {
        CallSettings {
            timeout: None,
            retry_policy: None,
            max_rate_limit_wait: None,
        }
    }

    /// The time one attempt may take, from sending the request to reading
    /// the answer, instead of the client's request timeout (shorter or
    /// longer). A timeout is an [`Error::Timeout`](crate::Error::Timeout),
    /// retried as the retry policy and the operation allow.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of the call instead of the client's
    /// ([`RetryPolicy::never`] for a call that must not be retried). Its
    /// pace, if any, is ignored: the pace is the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// The longest the call waits for a rate limit's reset (held by the
    /// client's gate or asked by the server), over the retry policy's
    /// [`RetryPolicy::with_max_rate_limit_wait`].
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = Some(wait);
        self
    }

    /// See [`Self::timeout`].
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The policy the call follows: this one's, else `client`'s, with this
    /// one's `max_rate_limit_wait` when set.
    pub fn policy<'a>(&'a self, client: &'a RetryPolicy) -> Cow<'a, RetryPolicy> {
        let policy = self.retry_policy.as_ref().unwrap_or(client);
        match self.max_rate_limit_wait {
            Some(wait) => Cow::Owned(policy.clone().with_max_rate_limit_wait(wait)),
            None => Cow::Borrowed(policy),
        }
    }
}

/// The settings of a call made through a client without its own.
#[doc(hidden)]
pub static NO_SETTINGS: CallSettings = CallSettings::new();
