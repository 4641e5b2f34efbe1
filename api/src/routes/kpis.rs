//! `GET /v1/kpis`: throughput, latency, queue and retention figures.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::kpis::{self, Kpis};

use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/kpis", get(show))
}

/// KPIs of the caller's tenant; of every tenant for an operator (admin) key.
#[utoipa::path(
    get, path = "/v1/kpis", tag = "kpis",
    responses((status = 200, description = "Figures computed from Postgres", body = Object)),
    security(("api_key" = []))
)]
async fn show(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Kpis>> {
    let scope = if auth.0.has(Scope::Admin) { None } else { Some(auth.tenant(Scope::Read)?) };
    Ok(Json(kpis::compute(&state.db, scope).await?))
}
