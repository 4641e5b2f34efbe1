//! `GET /v1/audit`: the tenant's audit journal, streamed as JSON lines in chain order,
//! each event with its position, its hash and the previous event's hash, so the
//! tenant can check the chain on its side.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
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
use crate::extract::Query;

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
    let first = lines_page(&state, tenant, query.after.max(0), PAGE).await?;
    let stream = futures::stream::unfold(first.map(|page| (state, page)), move |current| async move {
        let (state, page) = current?;
        let next = match page.next {
            Some(after) => match lines_page(&state, tenant, after, PAGE).await {
                Ok(next) => next.map(|next| (state, next)),
                Err(error) => return Some((Err(super::stream_stopped(&error)), None)),
            },
            None => None,
        };
        Some((Ok(bytes::Bytes::from(page.lines)), next))
    });
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], Body::from_stream(stream)).into_response())
}

/// A page of a tenant's journal as JSON lines (`GET /v1/audit`, and the `audit/`
/// entries of `GET /v1/export`).
pub(crate) struct LinesPage {
    pub lines: Vec<u8>,
    /// Chain position of the first event of the page.
    pub first: i64,
    /// Where the next page starts, when this one was full.
    pub next: Option<i64>,
}

/// The events after chain position `after`, at most `limit`; `None` when none is left.
pub(crate) async fn lines_page(
    state: &AppState,
    tenant: TenantId,
    after: i64,
    limit: i64,
) -> Result<Option<LinesPage>, liasse_scheduler::Error> {
    let events = audit::page(&state.db, tenant, after, limit).await?;
    let (Some(first), Some(last)) = (events.first(), events.last()) else { return Ok(None) };
    let mut lines = Vec::new();
    for event in &events {
        serde_json::to_writer(&mut lines, event).expect("an audit event serialises");
        lines.push(b'\n');
    }
    let next = (events.len() as i64 == limit).then_some(last.chain_seq);
    Ok(Some(LinesPage { lines, first: first.chain_seq, next }))
}
