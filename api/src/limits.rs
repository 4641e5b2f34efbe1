//! Per-tenant request rate limits: a token bucket per tenant, in this process.
//! With several API replicas each keeps its own buckets, so the effective limit is the
//! configured one times the replicas; the queue quota (`ApiConfig::max_queued_per_tenant`),
//! counted in Postgres, is the one every replica agrees on.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use liasse_core::TenantId;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct RateLimitConfig {
    /// Sustained requests per second per tenant.
    pub requests_per_second: f64,
    /// Requests a tenant may make at once after being idle.
    pub burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self { requests_per_second: 50.0, burst: 200 }
    }
}

#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    /// Tokens left and when they were counted, per tenant.
    buckets: Mutex<HashMap<TenantId, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        Self { config, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for `tenant`, or says how long until one is available.
    pub fn check(&self, tenant: TenantId) -> Result<(), Duration> {
        self.check_at(tenant, Instant::now())
    }

    fn check_at(&self, tenant: TenantId, now: Instant) -> Result<(), Duration> {
        let rate = self.config.requests_per_second.max(1e-3);
        let burst = f64::from(self.config.burst.max(1));
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (tokens, counted_at) = buckets.entry(tenant).or_insert((burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*counted_at).as_secs_f64() * rate).min(burst);
        *counted_at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_requests_wait_for_tokens_per_tenant() {
        let limiter = RateLimiter::new(RateLimitConfig { requests_per_second: 2.0, burst: 3 });
        let (a, b) = (TenantId::new(), TenantId::new());
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(a, start), Ok(()));
        }
        let wait = limiter.check_at(a, start).expect_err("over the burst");
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        assert_eq!(limiter.check_at(b, start), Ok(()), "another tenant has its own bucket");
        assert_eq!(limiter.check_at(a, start + Duration::from_millis(500)), Ok(()), "a token came back");
        assert!(limiter.check_at(a, start + Duration::from_millis(500)).is_err());
    }
}
