//! `GET /v1/documents/{id}`: one document's status, result or error.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use liasse_core::{BatchId, DocumentId};
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::{documents, results};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::Path;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/documents/{document_id}", get(show))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentError {
    /// A stable error code such as `corrupt_pdf` or `unsupported_format`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentStatus {
    #[schema(value_type = String, format = Uuid)]
    pub document_id: DocumentId,
    #[schema(value_type = String, format = Uuid)]
    pub batch_id: BatchId,
    pub filename: String,
    /// `queued`, `processing`, `done` or `failed`.
    pub status: String,
    /// The result (shared/RESULT_SCHEMA.md) once `done`.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    pub error: Option<DocumentError>,
}

/// A document's status, and its result or error once finished.
#[utoipa::path(
    get, path = "/v1/documents/{document_id}", tag = "documents",
    params(("document_id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = DocumentStatus),
        (status = 404, body = crate::error::Problem),
        (status = 410, description = "The result was acknowledged and deleted", body = crate::error::Problem),
    ),
    security(("api_key" = []))
)]
async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(document_id): Path<String>,
) -> ApiResult<Json<DocumentStatus>> {
    let tenant = auth.tenant(Scope::Read)?;
    let id: DocumentId = document_id.parse().map_err(|_| ApiError::NotFound("document"))?;
    let row = documents::get(&state.db, tenant, id).await?.ok_or(ApiError::NotFound("document"))?;
    if row.result_gone {
        return Err(ApiError::Gone("the result was deleted: acknowledged, or past the retention period".into()));
    }
    let result = match &row.result_key {
        Some(key) => {
            let json = crate::routes::results::read_result(&state, tenant, key).await?;
            results::record_read(&state.db, tenant, &[id], &auth.0.actor()).await?;
            Some(json)
        }
        None => None,
    };
    let error = row.error_code.map(|code| DocumentError { code, message: row.error_message.unwrap_or_default() });
    Ok(Json(DocumentStatus {
        document_id: row.id,
        batch_id: row.batch_id,
        filename: row.filename,
        status: row.status,
        result,
        error,
    }))
}
