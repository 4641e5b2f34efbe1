//! axum's extractors with `ApiError` as their rejection: a query string, path, JSON or
//! multipart body that cannot be read answers a problem document with a stable code,
//! like every other failure, instead of axum's plain-text rejections.

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;

use crate::error::ApiError;

/// `axum::extract::Query` answering `400 bad_request` when the query does not parse.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` answering a problem document when the path does not parse.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// `axum::Json` answering `400 bad_request` (or `413 payload_too_large`) for a body
/// that is not the expected JSON.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// `axum::extract::Multipart` answering `400 bad_request` for a body that is not
/// `multipart/form-data`.
#[derive(Debug)]
pub struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(axum::extract::Multipart::from_request(request, state).await?))
    }
}

/// What the client sent is wrong: 400 with axum's explanation (which names the
/// parameter or the position in the body, not its value), or 413 when the body is over
/// the limit. A rejection axum counts as a server error (a missing extension, a
/// misconfigured route) stays one.
fn from_rejection(status: StatusCode, detail: String) -> ApiError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(detail),
        status if status.is_server_error() => ApiError::Internal(detail.into()),
        _ => ApiError::BadRequest(detail),
    }
}

macro_rules! rejections_are_api_errors {
    ($($rejection:ty),*) => {$(
        impl From<$rejection> for ApiError {
            fn from(rejection: $rejection) -> Self {
                from_rejection(rejection.status(), rejection.body_text())
            }
        }
    )*};
}

rejections_are_api_errors!(QueryRejection, PathRejection, JsonRejection, MultipartRejection);
