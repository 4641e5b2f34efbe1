//! `/healthz` (the process is up), `/readyz` (Postgres and the store answer) and
//! `/metrics` (Prometheus).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_with_queue))
}

/// For `liasse work`: the same `/metrics` and `/healthz` without the API.
pub fn metrics_only(prometheus: PrometheusHandle) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(move || async move { prometheus.render() }))
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive")))]
async fn healthz() -> &'static str {
    "ok"
}

/// Postgres and the object store answer.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, description = "Ready"), (status = 503, description = "A dependency is down")))]
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let database = state.db.ping().await.map_err(|e| e.to_string());
    let store = state.store.raw().ping().await.map_err(|e| e.to_string());
    let ready = database.is_ok() && store.is_ok();
    let body = json!({
        "database": database.err().unwrap_or_else(|| "ok".into()),
        "store": store.err().unwrap_or_else(|| "ok".into()),
    });
    (if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, Json(body))
}

/// Prometheus metrics, with the queue gauges read from Postgres at scrape time so
/// every replica reports the same depth.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format")))]
async fn metrics_with_queue(State(state): State<AppState>) -> String {
    match liasse_scheduler::kpis::queue_gauges(&state.db).await {
        Ok(gauges) => {
            metrics::gauge!("liasse_queue_depth").set(gauges.queued as f64);
            metrics::gauge!("liasse_documents_processing").set(gauges.processing as f64);
            metrics::gauge!("liasse_oldest_queued_seconds").set(gauges.oldest_queued_seconds);
            metrics::gauge!("liasse_inputs_pending_deletion").set(gauges.inputs_pending_deletion as f64);
        }
        Err(error) => tracing::warn!(%error, "queue gauges unavailable for this scrape"),
    }
    state.prometheus.render()
}
