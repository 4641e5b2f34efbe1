//! Retries of transient failures (store or database unavailable) with exponential
//! backoff and jitter, within a time budget.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RetryConfig {
    /// First wait after a transient failure.
    #[serde(with = "liasse_core::serde_secs")]
    pub initial_backoff: Duration,
    /// Longest single wait.
    #[serde(with = "liasse_core::serde_secs")]
    pub max_backoff: Duration,
    /// Total time one step keeps retrying before the document fails with
    /// `retries_exhausted`.
    #[serde(with = "liasse_core::serde_secs")]
    pub budget: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(15),
            budget: Duration::from_secs(600),
        }
    }
}

/// Runs `step` until it succeeds, fails permanently, or the budget is spent.
/// `is_transient` decides which errors are retried.
pub async fn with_retry<T, E, F, Fut>(
    config: &RetryConfig,
    what: &str,
    is_transient: impl Fn(&E) -> bool,
    mut step: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let started = Instant::now();
    let mut backoff = config.initial_backoff;
    let mut attempt = 1u32;
    loop {
        match step().await {
            Ok(value) => return Ok(value),
            Err(error) if is_transient(&error) && started.elapsed() + backoff < config.budget => {
                // Full jitter spreads the retries of many workers after an outage.
                let wait = backoff.mul_f64(rand::rng().random_range(0.5..=1.0));
                tracing::warn!(step = what, attempt, wait_ms = wait.as_millis() as u64, %error, "transient failure; retrying");
                metrics::counter!("liasse_transient_retries_total", "step" => what.to_owned()).increment(1);
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(config.max_backoff);
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn fast() -> RetryConfig {
        RetryConfig {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(4),
            budget: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn transient_errors_are_retried_until_success() {
        let calls = AtomicU32::new(0);
        let result: Result<u32, String> = with_retry(
            &fast(),
            "test",
            |_| true,
            || async {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                if n < 4 { Err(format!("down {n}")) } else { Ok(n) }
            },
        )
        .await;
        assert_eq!(result, Ok(4));
    }

    #[tokio::test]
    async fn permanent_errors_are_not_retried() {
        let calls = AtomicU32::new(0);
        let result: Result<(), String> = with_retry(
            &fast(),
            "test",
            |_| false,
            || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err("corrupt".to_owned())
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_budget_bounds_retries() {
        let config = RetryConfig { budget: Duration::from_millis(30), ..fast() };
        let started = Instant::now();
        let result: Result<(), String> =
            with_retry(&config, "test", |_| true, || async { Err("down".to_owned()) }).await;
        assert!(result.is_err());
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
