//! The OpenAPI document, served at `/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Liasse", description = "Self-hosted document processing: upload batches, poll results, watch throughput."),
    paths(
        crate::routes::batches::create,
        crate::routes::batches::show,
        crate::routes::documents::show,
        crate::routes::results::feed,
        crate::routes::results::ack,
        crate::routes::kpis::show,
        crate::routes::audit::export,
        crate::routes::tenant::erase,
        crate::routes::export::export,
        crate::routes::health::healthz,
        crate::routes::health::readyz,
        crate::routes::health::metrics_with_queue,
    ),
    components(schemas(crate::error::Problem)),
    modifiers(&BearerKeys)
)]
pub struct ApiDoc;

struct BearerKeys;

impl Modify for BearerKeys {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("lsk_…").build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
