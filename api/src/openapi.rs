//! The OpenAPI document, served at `/openapi.json`.
//!
//! It is checked against the running API by `scripts/api-fuzz.sh` (schemathesis): every
//! answer's status, content type and body must be the ones documented here.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
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
    modifiers(&BearerKeys, &CommonAnswers)
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

/// The media type of every error answer (RFC 9457).
const PROBLEM_JSON: &str = "application/problem+json";
const PROBLEM_REF: &str = "#/components/schemas/Problem";

/// Answers that any operation of a kind can give, documented once here rather than on
/// each route, so a new route cannot forget them: 400 where a parameter or a body can
/// be malformed, 413 where there is a body, and for authenticated routes 401, 403, 429
/// (rate limit) and 503 (Postgres or the store unavailable). Every problem document is
/// declared as `application/problem+json`, the type it is served with.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                add_common_answers(operation);
                for response in operation.responses.responses.values_mut() {
                    if let RefOr::T(response) = response {
                        declare_problem_json(response);
                    }
                }
            }
        }
    }
}

fn add_common_answers(operation: &mut Operation) {
    let takes_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let takes_body = operation.request_body.is_some();
    let authenticated = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut answers = Vec::new();
    if takes_parameters || takes_body {
        answers.push(("400", problem("A malformed parameter or body (`bad_request`)", None)));
    }
    if takes_body {
        answers.push(("413", problem("The body is over the upload limit (`payload_too_large`)", None)));
    }
    if authenticated {
        answers.extend([
            ("401", problem("No API key, or an unknown, revoked or expired one (`unauthorized`)", None)),
            ("403", problem("The key lacks the scope this operation needs (`forbidden`)", None)),
            (
                "429",
                problem(
                    "The tenant is over its request rate or queue quota (`too_many_requests`)",
                    Some("Seconds to wait before retrying"),
                ),
            ),
            (
                "503",
                problem(
                    "Postgres or the object store is unavailable (`unavailable`)",
                    Some("Seconds to wait before retrying"),
                ),
            ),
        ]);
    }
    for (status, response) in answers {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(response));
    }
}

fn problem(description: &str, retry_after: Option<&str>) -> Response {
    let content = ContentBuilder::new().schema(Some(RefOr::Ref(utoipa::openapi::Ref::new(PROBLEM_REF)))).build();
    let mut response = ResponseBuilder::new().description(description).content(PROBLEM_JSON, content);
    if let Some(retry_after) = retry_after {
        let seconds = Schema::Object(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).build());
        response =
            response.header("Retry-After", HeaderBuilder::new().schema(seconds).description(Some(retry_after)).build());
    }
    response.build()
}

/// utoipa declares every body as `application/json`; a problem document is not.
fn declare_problem_json(response: &mut Response) {
    let is_problem = |content: &utoipa::openapi::Content| matches!(&content.schema, Some(RefOr::Ref(reference)) if reference.ref_location == PROBLEM_REF);
    if response.content.get("application/json").is_some_and(is_problem)
        && let Some(content) = response.content.shift_remove("application/json")
    {
        response.content.insert(PROBLEM_JSON.to_owned(), content);
    }
}

/// The document as this server answers: limits that come from the configuration are
/// filled in from it.
fn document(state: &AppState) -> utoipa::openapi::OpenApi {
    let mut openapi = ApiDoc::openapi();
    crate::routes::results::document_max_wait(&mut openapi, state.config.max_wait);
    openapi
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|State(state): State<AppState>| async move { Json(document(&state)) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations(openapi: &utoipa::openapi::OpenApi) -> Vec<(String, &Operation)> {
        let mut all = Vec::new();
        for (path, item) in &openapi.paths.paths {
            for (method, operation) in [("get", &item.get), ("post", &item.post), ("delete", &item.delete)] {
                if let Some(operation) = operation {
                    all.push((format!("{method} {path}"), operation));
                }
            }
        }
        all
    }

    #[test]
    fn every_authenticated_operation_documents_the_auth_rate_and_availability_answers() {
        let openapi = ApiDoc::openapi();
        let mut n_authenticated = 0;
        for (name, operation) in operations(&openapi) {
            if operation.security.is_none() {
                continue;
            }
            n_authenticated += 1;
            for status in ["401", "403", "429", "503"] {
                assert!(operation.responses.responses.contains_key(status), "{name} lacks {status}");
            }
        }
        assert_eq!(n_authenticated, 9);
        let (_, ack) = operations(&openapi).into_iter().find(|(name, _)| name == "post /v1/results/ack").expect("ack");
        assert!(ack.responses.responses.contains_key("400") && ack.responses.responses.contains_key("413"));
    }

    #[test]
    fn problem_documents_are_declared_as_problem_json() {
        let json = serde_json::to_value(ApiDoc::openapi()).expect("serialises");
        let mut n_problems = 0;
        for (path, item) in json["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("item") {
                for (status, response) in operation["responses"].as_object().expect("responses") {
                    let content = response["content"].as_object();
                    for (media_type, body) in content.into_iter().flatten() {
                        if body["schema"]["$ref"] == PROBLEM_REF {
                            n_problems += 1;
                            assert_eq!(media_type, PROBLEM_JSON, "{method} {path} {status}");
                        }
                    }
                }
            }
        }
        assert!(n_problems > 40, "{n_problems}");
    }
}
