//! The audit journal: who did what to which document, when. Written in the same
//! transaction as the change it records, so the journal and the data never disagree.

use liasse_core::{ApiKeyId, DocumentId, TenantId};
use serde_json::Value;

use crate::Result;
use crate::db::TenantTx;

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    ApiKey(ApiKeyId),
    Worker(String),
    Cli,
    System,
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::ApiKey(id) => write!(f, "api_key:{id}"),
            Actor::Worker(name) => write!(f, "worker:{name}"),
            Actor::Cli => f.write_str("cli"),
            Actor::System => f.write_str("system"),
        }
    }
}

/// Appends one event. `details` must never hold document text or secrets.
pub async fn record(
    tx: &mut TenantTx,
    tenant: Option<TenantId>,
    actor: &Actor,
    action: &str,
    document: Option<DocumentId>,
    details: Value,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO audit_events (tenant_id, actor, action, document_id, details) VALUES ($1, $2, $3, $4, $5)",
        tenant.map(|t| t.as_uuid()),
        actor.to_string(),
        action,
        document.map(|d| d.as_uuid()),
        details,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub document_id: Option<uuid::Uuid>,
    pub details: Value,
}

/// A tenant's events in order, for export and tests.
pub async fn list(tx: &mut TenantTx, tenant: TenantId, after_id: i64, limit: i64) -> Result<Vec<AuditEvent>> {
    Ok(sqlx::query_as!(
        AuditEvent,
        "SELECT id, at, actor, action, document_id, details FROM audit_events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        tenant.as_uuid(),
        after_id,
        limit,
    )
    .fetch_all(&mut **tx)
    .await?)
}
