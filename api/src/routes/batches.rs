//! `POST /v1/batches` (upload) and `GET /v1/batches/{id}` (progress).

use axum::extract::State;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use liasse_core::{BatchId, DocumentId, TenantId};
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::documents::{self, DocumentSummary, NewBatch, NewDocument, StatusCounts};
use liasse_scheduler::store::keys;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::task::JoinSet;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Multipart, Path, Query};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/batches", post(create)).route("/v1/batches/{batch_id}", get(show))
}

/// Per-batch pipeline options, as query parameters.
#[derive(Debug, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[serde(default)]
pub struct UploadOptions {
    /// Read Factur-X/ZUGFeRD PDFs from the visible page only, ignoring the embedded XML.
    pub ignore_embedded_xml: bool,
}

/// The body of an upload, for the OpenAPI document (the handler reads the parts as a
/// stream): `file` parts only.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UploadForm {
    /// One part per document, with its file name (`Content-Disposition: form-data; name="file"; filename="…"`).
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1)]
    file: Vec<Vec<u8>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    #[schema(value_type = String, format = Uuid)]
    pub document_id: DocumentId,
    pub filename: String,
    /// `queued`, `processing`, `done` or `failed`.
    pub status: String,
}

impl From<DocumentSummary> for DocumentView {
    fn from(d: DocumentSummary) -> Self {
        Self { document_id: d.document_id, filename: d.filename, status: d.status }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchCreated {
    #[schema(value_type = String, format = Uuid)]
    pub batch_id: BatchId,
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    pub queued: i64,
    pub processing: i64,
    pub done: i64,
    pub failed: i64,
}

impl From<StatusCounts> for Counts {
    fn from(c: StatusCounts) -> Self {
        Self { queued: c.queued, processing: c.processing, done: c.done, failed: c.failed }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchView {
    #[schema(value_type = String, format = Uuid)]
    pub batch_id: BatchId,
    /// `queued` until a document starts, `processing` until every document is finished, then `done`.
    pub status: String,
    pub counts: Counts,
    pub documents: Vec<DocumentView>,
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge("the upload is over the size limit".into())
    } else {
        ApiError::BadRequest(format!("malformed multipart body: {}", error.body_text()))
    }
}

/// Keeps the last path component and drops control characters: a file name is a
/// label, never a path.
fn clean_filename(raw: Option<&str>, index: usize) -> String {
    let base = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        format!("document-{}", index + 1)
    } else {
        cleaned.to_owned()
    }
}

/// Upload a batch of documents (multipart, one `file` part per document).
#[utoipa::path(
    post, path = "/v1/batches", tag = "batches",
    params(UploadOptions, ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, description = "Replaying a key returns the batch it created")),
    request_body(content = UploadForm, content_type = "multipart/form-data", description = "One or more `file` parts"),
    responses(
        (status = 202, description = "Batch queued", body = BatchCreated),
        (status = 400, description = "No `file` part, a part under another name, or a malformed body", body = crate::error::Problem),
        (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
        (status = 413, description = "Over the upload limit", body = crate::error::Problem),
        (status = 429, description = "Over the tenant's request rate or queue quota (Retry-After)", body = crate::error::Problem),
    ),
    security(("api_key" = []))
)]
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Query(options): Query<UploadOptions>,
    Multipart(mut multipart): Multipart,
) -> ApiResult<Response> {
    let tenant = auth.tenant(Scope::Upload)?;
    let idempotency_key = match headers.get("idempotency-key") {
        Some(value) => {
            let key = value.to_str().map_err(|_| ApiError::BadRequest("Idempotency-Key must be ASCII".into()))?;
            if key.is_empty() || key.len() > 255 {
                return Err(ApiError::BadRequest("Idempotency-Key must be 1 to 255 characters".into()));
            }
            Some(key.to_owned())
        }
        None => None,
    };
    if let Some(key) = &idempotency_key
        && let Some(existing) = documents::batch_for_idempotency_key(&state.db, tenant, key).await?
    {
        // The first batch is the answer, but only to a request that is itself an upload.
        check_upload(&mut multipart).await?;
        return Ok(created_response(existing, true));
    }

    let quota = state.config.max_queued_per_tenant;
    let unfinished = documents::unfinished_count(&state.db, tenant).await?;
    let over_quota = |n_files: usize| {
        ApiError::TooManyRequests(
            format!(
                "this tenant already has {unfinished} documents waiting; the quota is {quota}, this batch brings {n_files}"
            ),
            30,
        )
    };
    if unfinished >= quota {
        return Err(over_quota(0));
    }
    let mut uploads: JoinSet<Result<NewDocument, liasse_scheduler::Error>> = JoinSet::new();
    let mut n_files = 0usize;
    let mut n_refused = 0usize;
    // A body that goes wrong half-way stops the reading; the files stored until then
    // are discarded below with the rest.
    let read = async {
        while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
            require_file_part(&field)?;
            if n_files >= state.config.max_files_per_batch {
                return Err(ApiError::PayloadTooLarge(format!(
                    "a batch holds at most {} files",
                    state.config.max_files_per_batch
                )));
            }
            if unfinished + n_files as i64 >= quota {
                n_refused += 1;
                continue;
            }
            let filename = clean_filename(field.file_name(), n_files);
            let bytes = field.bytes().await.map_err(multipart_error)?;
            n_files += 1;
            let store = state.store.clone();
            uploads.spawn(async move { store_input(&store, tenant, filename, bytes).await });
        }
        if n_files + n_refused == 0 {
            return Err(no_file_part());
        }
        Ok(())
    }
    .await;
    let mut first_error = read.err();
    let mut stored = Vec::with_capacity(n_files);
    while let Some(joined) = uploads.join_next().await {
        match joined {
            Ok(Ok(document)) => stored.push(document),
            Ok(Err(error)) => first_error = first_error.or(Some(ApiError::from(error))),
            Err(join_error) => first_error = first_error.or(Some(ApiError::Internal(Box::new(join_error)))),
        }
    }
    if n_refused > 0 {
        // All or nothing: a batch is never cut in two by the quota.
        first_error = first_error.or(Some(over_quota(n_files + n_refused)));
    }
    if let Some(error) = first_error {
        discard_inputs(&state, &stored).await;
        return Err(error);
    }
    stored.sort_by_key(|d| d.id);
    let options_json = serde_json::to_value(&options).unwrap_or_default();
    let created =
        documents::create_batch(&state.db, tenant, &auth.0.actor(), idempotency_key.as_deref(), options_json, &stored)
            .await;
    let batch = match created {
        Ok(Some(batch)) => batch,
        Ok(None) => {
            // A concurrent request with the same idempotency key won: answer with its batch.
            discard_inputs(&state, &stored).await;
            let key = idempotency_key.as_deref().unwrap_or_default();
            let existing = documents::batch_for_idempotency_key(&state.db, tenant, key)
                .await?
                .ok_or(ApiError::NotFound("batch"))?;
            return Ok(created_response(existing, true));
        }
        Err(error) => {
            discard_inputs(&state, &stored).await;
            return Err(error.into());
        }
    };
    metrics::counter!("liasse_documents_uploaded_total").increment(batch.documents.len() as u64);
    Ok(created_response(batch, false))
}

fn no_file_part() -> ApiError {
    ApiError::BadRequest("the request has no `file` part".into())
}

/// An upload holds `file` parts only: a part under another name is refused rather than
/// ignored, so a misspelt name is an error and not a silently smaller batch.
fn require_file_part(field: &Field<'_>) -> ApiResult<()> {
    match field.name() {
        Some("file") => Ok(()),
        name => Err(ApiError::BadRequest(format!(
            "unexpected part {:?}: an upload has only `file` parts",
            name.unwrap_or_default()
        ))),
    }
}

/// Reads an upload through without keeping it, with the checks of a real one.
async fn check_upload(multipart: &mut axum::extract::Multipart) -> ApiResult<()> {
    let mut n_files = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        require_file_part(&field)?;
        n_files += 1;
        while field.chunk().await.map_err(multipart_error)?.is_some() {}
    }
    if n_files == 0 { Err(no_file_part()) } else { Ok(()) }
}

async fn store_input(
    store: &liasse_scheduler::SealedStore,
    tenant: TenantId,
    filename: String,
    bytes: bytes::Bytes,
) -> Result<NewDocument, liasse_scheduler::Error> {
    let id = DocumentId::new();
    let input_key = keys::input(tenant, id);
    store.put(tenant, &input_key, &bytes).await?;
    Ok(NewDocument { id, filename, size_bytes: bytes.len() as i64, sha256: Sha256::digest(&bytes).to_vec(), input_key })
}

/// Best-effort removal of inputs stored for a batch that was not recorded; the
/// orphan sweep removes any this misses.
async fn discard_inputs(state: &AppState, stored: &[NewDocument]) {
    for document in stored {
        if let Err(error) = state.store.delete(&document.input_key).await {
            tracing::warn!(%error, "could not delete the input of an unrecorded batch");
        }
    }
}

fn created_response(batch: NewBatch, replayed: bool) -> Response {
    let body =
        BatchCreated { batch_id: batch.id, documents: batch.documents.into_iter().map(DocumentView::from).collect() };
    let mut response = (StatusCode::ACCEPTED, Json(body)).into_response();
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// Progress of a batch.
#[utoipa::path(
    get, path = "/v1/batches/{batch_id}", tag = "batches",
    params(("batch_id" = String, Path, format = Uuid)),
    responses((status = 200, body = BatchView), (status = 404, body = crate::error::Problem)),
    security(("api_key" = []))
)]
async fn show(State(state): State<AppState>, auth: Auth, Path(batch_id): Path<String>) -> ApiResult<Json<BatchView>> {
    let tenant = auth.tenant(Scope::Read)?;
    let batch: BatchId = batch_id.parse().map_err(|_| ApiError::NotFound("batch"))?;
    let (counts, docs) = documents::batch_counts(&state.db, tenant, batch).await?.ok_or(ApiError::NotFound("batch"))?;
    Ok(Json(BatchView {
        batch_id: batch,
        status: counts.batch_status().to_owned(),
        counts: counts.into(),
        documents: docs.into_iter().map(DocumentView::from).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_labels_not_paths() {
        assert_eq!(clean_filename(Some("../../etc/passwd"), 0), "passwd");
        assert_eq!(clean_filename(Some("C:\\scans\\facture.pdf"), 0), "facture.pdf");
        assert_eq!(clean_filename(Some("a\u{0}b\nc.pdf"), 0), "abc.pdf");
        assert_eq!(clean_filename(None, 2), "document-3");
        assert_eq!(clean_filename(Some(".."), 0), "document-1");
    }
}
