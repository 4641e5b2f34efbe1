//! Bearer API keys. The extractor authenticates; handlers then ask for the scope
//! and the tenant they need, so a forgotten check is a compile-visible omission.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use liasse_core::TenantId;
use liasse_scheduler::api_keys::{self, Principal, Scope};

use crate::AppState;
use crate::error::ApiError;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

impl Auth {
    /// The caller's tenant, for endpoints that act on one tenant's data. Requires
    /// `scope`; operator keys, which belong to no tenant, are refused.
    pub fn tenant(&self, scope: Scope) -> Result<TenantId, ApiError> {
        self.require(scope)?;
        self.0.tenant.ok_or(ApiError::Forbidden("tenant"))
    }

    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.0.has(scope) { Ok(()) } else { Err(ApiError::Forbidden(scope.as_str())) }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized)?;
        let principal = api_keys::authenticate(&state.db, presented).await?.ok_or(ApiError::Unauthorized)?;
        if let Some(tenant) = principal.tenant
            && let Err(wait) = state.limiter.check(tenant)
        {
            metrics::counter!("liasse_requests_rate_limited_total").increment(1);
            return Err(ApiError::TooManyRequests(
                "this tenant is over its request rate".into(),
                wait.as_secs_f64().ceil().max(1.0) as u64,
            ));
        }
        Ok(Auth(principal))
    }
}
