//! `ApiError`: every failure of a request, answered as `application/problem+json`
//! (RFC 9457) with a stable `code`. Causes are logged here, never sent: a client
//! never sees a SQL message or a stack of errors.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing or invalid API key")]
    Unauthorized,
    #[error("this API key lacks the {0} scope")]
    Forbidden(&'static str),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Too many requests or documents: retry after this many seconds.
    #[error("{0}")]
    TooManyRequests(String, u64),
    #[error("a dependency is unavailable")]
    Unavailable(#[source] liasse_scheduler::Error),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type: `https://liasse.eu/problems/{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Stable, machine-readable code: `unauthorized`, `forbidden`, `not_found`, `gone`,
    /// `bad_request`, `payload_too_large`, `too_many_requests`, `unavailable`, `internal`.
    pub code: &'static str,
    pub detail: String,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Gone(_) => (StatusCode::GONE, "gone"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::TooManyRequests(..) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<liasse_scheduler::Error> for ApiError {
    fn from(error: liasse_scheduler::Error) -> Self {
        if error.is_transient() { ApiError::Unavailable(error) } else { ApiError::Internal(Box::new(error)) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            ApiError::Unavailable(cause) => tracing::warn!(error = %cause, "request failed: dependency unavailable"),
            ApiError::Internal(cause) => tracing::error!(error = %cause, "request failed: internal error"),
            _ => {}
        }
        let problem = Problem {
            kind: format!("https://liasse.eu/problems/{code}"),
            title: status.canonical_reason().unwrap_or("error").to_owned(),
            status: status.as_u16(),
            code,
            detail: self.to_string(),
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if matches!(self, ApiError::Unavailable(_)) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if let ApiError::TooManyRequests(_, seconds) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
