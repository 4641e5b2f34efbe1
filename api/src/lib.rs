//! `liasse-api`: the HTTP face of Liasse.
//!
//! Owns the axum routes (one module per resource under `routes`), authentication by
//! bearer API key with scopes (`auth`), the mapping of every failure to an
//! `application/problem+json` answer with a stable code (`error`), the OpenAPI
//! document (`openapi`), `/metrics`, `/healthz` and `/readyz`.
//!
//! Must not: link ONNX Runtime or run the pipeline (uploads are stored and queued;
//! workers read them), or change job state except through `liasse_scheduler`.
//!
//! Threads: request handlers run on the tokio runtime of `liasse serve` / `liasse all`;
//! long polls wait on `liasse_scheduler::notify::ResultsListener`'s broadcast.

mod auth;
mod error;
mod extract;
pub mod limits;
pub mod openapi;
mod routes;
pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use liasse_scheduler::notify::ResultsListener;
use liasse_scheduler::{Db, SealedStore};
use metrics_exporter_prometheus::PrometheusHandle;
use serde::Deserialize;

pub use error::ApiError;

/// The `[api]` configuration section.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ApiConfig {
    /// Address to listen on; `--listen` overrides it.
    pub listen: SocketAddr,
    /// Largest request body (a whole batch upload), in bytes.
    pub max_upload_bytes: usize,
    /// Most files in one batch.
    pub max_files_per_batch: usize,
    /// Longest `wait` a results long poll may ask for.
    #[serde(with = "liasse_core::serde_secs")]
    pub max_wait: Duration,
    /// Requests per tenant (`[api.rate_limit]`); over it, 429 with Retry-After.
    pub rate_limit: limits::RateLimitConfig,
    /// Most documents a tenant may have queued or processing; an upload that would go
    /// over it answers 429 with Retry-After, so one tenant cannot fill the queue.
    pub max_queued_per_tenant: i64,
    /// Serve HTTPS (TLS 1.3 only) with this certificate; plain HTTP when absent (behind
    /// a TLS-terminating proxy, or on loopback).
    pub tls: Option<tls::TlsConfig>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_upload_bytes: 512 * 1024 * 1024,
            max_files_per_batch: 10_000,
            max_wait: Duration::from_secs(60),
            rate_limit: limits::RateLimitConfig::default(),
            max_queued_per_tenant: 100_000,
            tls: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub store: SealedStore,
    pub listener: ResultsListener,
    pub config: ApiConfig,
    pub prometheus: PrometheusHandle,
    pub limiter: Arc<limits::RateLimiter>,
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.max_upload_bytes;
    Router::new()
        .merge(routes::batches::router())
        .merge(routes::documents::router())
        .merge(routes::results::router())
        .merge(routes::kpis::router())
        .merge(routes::audit::router())
        .merge(routes::tenant::router())
        .merge(routes::export::router())
        .merge(routes::health::router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("route") })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(record_request))
        .with_state(state)
}

/// Metrics-only router for processes that run workers without the API
/// (`liasse work`): `/metrics` and `/healthz`.
pub fn metrics_router(prometheus: PrometheusHandle) -> Router {
    routes::health::metrics_only(prometheus)
}

/// Counts requests and their latency by route and status. Never records paths with
/// ids in them (the matched route template is used instead).
async fn record_request(request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("liasse_http_requests_total", &labels).increment(1);
    metrics::histogram!("liasse_http_request_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// Serves the API until `shutdown` resolves: HTTPS when `tls` is given (built
/// beforehand with `tls::server_config`, so a bad certificate stops the start-up),
/// plain HTTP otherwise.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let Some(tls) = tls else {
        return axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await;
    };
    let app = router(state).layer(middleware::from_fn(tls::hsts));
    let handle = axum_server::Handle::new();
    tokio::spawn({
        let handle = handle.clone();
        async move {
            shutdown.await;
            handle.graceful_shutdown(Some(Duration::from_secs(10)));
        }
    });
    let listener = listener.into_std()?;
    axum_server::from_tcp_rustls(listener, axum_server::tls_rustls::RustlsConfig::from_config(tls))
        .handle(handle)
        .serve(app.into_make_service())
        .await
}
