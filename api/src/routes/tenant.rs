//! `DELETE /v1/tenant`: the GDPR right to erasure, exercised by the tenant itself.
//! Everything goes: rows, results, keys, journal; the data key is destroyed
//! (crypto-shredding) and an erasure certificate comes back.

use axum::extract::State;
use axum::routing::delete;
use axum::{Json, Router};
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::tenants::{self, ErasureCertificate};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/tenant", delete(erase))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EraseQuery {
    /// The tenant's own id, repeated: an erasure cannot be undone.
    #[param(format = Uuid)]
    confirm: String,
}

/// Erases the caller's tenant (a key with both `upload` and `read` scopes).
#[utoipa::path(
    delete, path = "/v1/tenant", tag = "tenant", params(EraseQuery),
    responses(
        (status = 200, description = "Erasure certificate: counts, audit chain head, data key destroyed, duration", body = Object),
        (status = 400, description = "confirm is not the caller's tenant id", body = crate::error::Problem),
    ),
    security(("api_key" = []))
)]
async fn erase(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<EraseQuery>,
) -> ApiResult<Json<ErasureCertificate>> {
    auth.require(Scope::Upload)?;
    let tenant = auth.tenant(Scope::Read)?;
    if query.confirm != tenant.to_string() {
        return Err(ApiError::BadRequest("confirm must be the id of the tenant to erase".into()));
    }
    let certificate =
        tenants::erase(&state.db, &state.store, tenant, &auth.0.actor()).await?.ok_or(ApiError::NotFound("tenant"))?;
    Ok(Json(certificate))
}
