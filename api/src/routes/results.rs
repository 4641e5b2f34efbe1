//! The ERP feed: `GET /v1/results` (cursor, long poll) and `POST /v1/results/ack`.

use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::{StreamExt, TryStreamExt};
use liasse_core::{DocumentId, TenantId};
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::notify::ResultsListener;
use liasse_scheduler::results;
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json as JsonBody, Query};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/results", get(feed)).route("/v1/results/ack", post(ack))
}

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1_000;
/// Result objects fetched from the store at once for one page of the feed.
const FETCH_CONCURRENCY: usize = 16;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(default)]
pub struct FeedQuery {
    /// Return results after this cursor (the `next` of the previous page); 0 for the start.
    #[param(minimum = 0)]
    after: i64,
    /// Most results in one page.
    #[param(minimum = 1, maximum = 1000)]
    limit: i64,
    /// Seconds to wait for a result when none is ready (long poll), up to the server's
    /// maximum (`api.max_wait`; the served document gives it as `maximum`).
    #[param(minimum = 0)]
    wait: f64,
}

impl Default for FeedQuery {
    fn default() -> Self {
        Self { after: 0, limit: DEFAULT_LIMIT, wait: 0.0 }
    }
}

/// Writes this server's longest long poll into the `wait` parameter of
/// `GET /v1/results`: it is configuration, so the derived document cannot know it.
pub(crate) fn document_max_wait(openapi: &mut utoipa::openapi::OpenApi, max_wait: Duration) {
    let parameters = openapi.paths.paths.get_mut("/v1/results").and_then(|item| item.get.as_mut()?.parameters.as_mut());
    let wait = parameters.into_iter().flatten().find(|parameter| parameter.name == "wait");
    if let Some(RefOr::T(Schema::Object(schema))) = wait.and_then(|parameter| parameter.schema.as_mut()) {
        schema.maximum = Some(max_wait.as_secs_f64().into());
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Feed {
    /// Results in completion order (shared/RESULT_SCHEMA.md).
    #[schema(value_type = Vec<Object>)]
    pub results: Vec<serde_json::Value>,
    /// The cursor to pass as `after` next time.
    pub next: i64,
}

/// Reads and decrypts one result object.
pub(crate) async fn read_result(state: &AppState, tenant: TenantId, key: &str) -> ApiResult<serde_json::Value> {
    let bytes = state.store.get(tenant, key).await?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::Internal(Box::new(e)))
}

/// New results since a cursor, in completion order.
#[utoipa::path(
    get, path = "/v1/results", tag = "results", params(FeedQuery),
    responses((status = 200, body = Feed), (status = 400, body = crate::error::Problem)),
    security(("api_key" = []))
)]
async fn feed(State(state): State<AppState>, auth: Auth, Query(query): Query<FeedQuery>) -> ApiResult<Json<Feed>> {
    let tenant = auth.tenant(Scope::Read)?;
    let FeedQuery { after, limit, wait } = query;
    if after < 0 {
        return Err(ApiError::BadRequest("`after` must be a cursor returned as `next`, 0 or more".into()));
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!("`limit` must be between 1 and {MAX_LIMIT}")));
    }
    let max_wait = state.config.max_wait.as_secs_f64();
    if !(0.0..=max_wait).contains(&wait) {
        return Err(ApiError::BadRequest(format!("`wait` must be between 0 and {max_wait} seconds")));
    }
    let wait = Duration::from_secs_f64(wait);

    // Subscribe before the first check so a result committed in between still wakes us.
    let mut wakeups = state.listener.subscribe();
    let deadline = tokio::time::Instant::now() + wait;
    let entries = loop {
        let entries = results::feed(&state.db, tenant, after, limit).await?;
        let now = tokio::time::Instant::now();
        if !entries.is_empty() || now >= deadline {
            break entries;
        }
        ResultsListener::wait_for(&mut wakeups, tenant, deadline - now).await;
    };

    let next = entries.last().map_or(after, |e| e.seq);
    let documents: Vec<DocumentId> = entries.iter().map(|e| e.document_id).collect();
    let results: Vec<serde_json::Value> = futures::stream::iter(entries)
        .map(|entry| {
            let state = state.clone();
            async move { read_result(&state, tenant, &entry.result_key).await }
        })
        .buffered(FETCH_CONCURRENCY)
        .try_collect()
        .await?;
    results::record_read(&state.db, tenant, &documents, &auth.0.actor()).await?;
    Ok(Json(Feed { results, next }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AckRequest {
    #[schema(value_type = Vec<String>, format = Uuid, max_items = 1000)]
    document_ids: Vec<DocumentId>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AckResponse {
    /// The documents whose results were acknowledged and deleted by this call.
    #[schema(value_type = Vec<String>, format = Uuid)]
    acknowledged: Vec<DocumentId>,
}

/// Confirms receipt of results: they are deleted from the store, and a later read answers 410.
#[utoipa::path(
    post, path = "/v1/results/ack", tag = "results", request_body = AckRequest,
    responses((status = 200, body = AckResponse), (status = 400, body = crate::error::Problem)),
    security(("api_key" = []))
)]
async fn ack(
    State(state): State<AppState>,
    auth: Auth,
    JsonBody(request): JsonBody<AckRequest>,
) -> ApiResult<Json<AckResponse>> {
    let tenant = auth.tenant(Scope::Read)?;
    if request.document_ids.len() > MAX_LIMIT as usize {
        return Err(ApiError::BadRequest(format!("acknowledge at most {MAX_LIMIT} documents per call")));
    }
    let actor = auth.0.actor();
    let acked = results::ack(&state.db, tenant, &request.document_ids, &actor).await?;
    let mut deleted = Vec::with_capacity(acked.len());
    for (document, key) in &acked {
        // A failed deletion leaves the object for the retention sweep; the ack stands.
        match state.store.delete(key).await {
            Ok(()) => deleted.push(*document),
            Err(error) => tracing::warn!(%error, "could not delete an acknowledged result; the sweep will retry"),
        }
    }
    results::mark_deleted(&state.db, tenant, &deleted, &actor).await?;
    Ok(Json(AckResponse { acknowledged: acked.into_iter().map(|(id, _)| id).collect() }))
}
