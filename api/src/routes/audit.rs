//! `GET /v1/audit`: the tenant's audit journal, streamed as JSON lines in chain order,
//! each event with its position, its hash and the previous event's hash, so the
//! tenant can check the chain on its side.

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use liasse_core::TenantId;
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::audit;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;

/// Events read from Postgres per round trip while streaming.
const PAGE: i64 = 500;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/audit", get(export))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// Only events after this chain position (0: from the start).
    #[serde(default)]
    after: i64,
}

/// The caller's tenant journal as `application/x-ndjson`: one event per line.
#[utoipa::path(
    get, path = "/v1/audit", tag = "audit", params(ExportQuery),
    responses((status = 200, description = "JSON lines: id, chain_seq, at, actor, action, document_id, details, prev_hash, row_hash", content_type = "application/x-ndjson")),
    security(("api_key" = []))
)]
async fn export(State(state): State<AppState>, auth: Auth, Query(query): Query<ExportQuery>) -> ApiResult<Response> {
    let tenant = auth.tenant(Scope::Read)?;
    // The first page is read before answering, so a database error is a proper 5xx.
    let first = audit::page(&state.db, tenant, query.after.max(0), PAGE).await?;
    let stream = futures::stream::unfold(Some((state, tenant, first)), |pages| async move {
        let (state, tenant, events): (AppState, TenantId, Vec<audit::AuditEvent>) = pages?;
        if events.is_empty() {
            return None;
        }
        let mut chunk = Vec::new();
        for event in &events {
            serde_json::to_writer(&mut chunk, event).expect("an event serialises");
            chunk.push(b'\n');
        }
        let next = match events.last().map(|e| e.chain_seq) {
            Some(last) if events.len() as i64 == PAGE => match audit::page(&state.db, tenant, last, PAGE).await {
                Ok(next) => Some((state, tenant, next)),
                Err(error) => {
                    tracing::error!(%error, "audit export stopped");
                    return Some((Err(std::io::Error::other("the audit export stopped")), None));
                }
            },
            _ => None,
        };
        Some((Ok::<_, std::io::Error>(bytes::Bytes::from(chunk)), next))
    });
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], Body::from_stream(stream)).into_response())
}
