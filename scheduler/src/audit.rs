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
    /// Position in the tenant's chain: 1, 2, 3…
    pub chain_seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub document_id: Option<uuid::Uuid>,
    pub details: Value,
    /// Where the store that held the data was when this happened: its provider
    /// (endpoint host, or `local`) and region; `None` for events older than the record.
    pub store_provider: Option<String>,
    pub store_region: Option<String>,
    /// Hex of the previous event's hash and of this event's (see `verify`).
    pub prev_hash: String,
    pub row_hash: String,
}

/// A tenant's events in chain order after position `after_seq`, for export and tests.
pub async fn list(tx: &mut TenantTx, tenant: TenantId, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>> {
    Ok(sqlx::query_as!(
        AuditEvent,
        r#"SELECT id, chain_seq, at, actor, action, document_id, details, store_provider, store_region,
                  encode(prev_hash, 'hex') AS "prev_hash!", encode(row_hash, 'hex') AS "row_hash!"
           FROM audit_events WHERE tenant_id = $1 AND chain_seq > $2 ORDER BY chain_seq LIMIT $3"#,
        tenant.as_uuid(),
        after_seq,
        limit,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The first event of a chain links to this hash.
const GENESIS: [u8; 32] = [0; 32];

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainReport {
    /// Chains checked: one per tenant, plus the operator chain when it exists.
    pub chains: usize,
    pub events: usize,
    /// The first row that does not match, if any.
    pub broken: Option<BrokenLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub id: i64,
    pub tenant_id: Option<uuid::Uuid>,
    pub chain_seq: i64,
    pub reason: String,
}

/// Recomputes every chain (all tenants: run as the admin role) from the content of
/// its events, and names the first row whose hash, link or position does not match:
/// an edited row breaks its own hash, a deleted or inserted one breaks the next link.
pub async fn verify(db: &crate::Db) -> Result<ChainReport> {
    let mut tx = db.admin_tx().await?;
    let rows = sqlx::query!(
        r#"SELECT id, tenant_id, chain_seq, prev_hash, row_hash, audit_canonical(e) AS "canonical!"
           FROM audit_events e ORDER BY tenant_id NULLS FIRST, chain_seq"#
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut report = ChainReport { chains: 0, events: rows.len(), broken: None };
    let mut current: Option<(Option<uuid::Uuid>, i64, Vec<u8>)> = None;
    for row in rows {
        let (expected_seq, expected_prev) = match &current {
            Some((tenant, seq, hash)) if *tenant == row.tenant_id => (seq + 1, hash.clone()),
            _ => {
                report.chains += 1;
                (1, GENESIS.to_vec())
            }
        };
        let recomputed = chain_hash(&row.prev_hash, &row.canonical);
        let reason = if row.chain_seq != expected_seq {
            Some(format!("position {} where {expected_seq} was expected (an event is missing)", row.chain_seq))
        } else if row.prev_hash != expected_prev {
            Some("its link does not match the previous event's hash".to_owned())
        } else if row.row_hash != recomputed {
            Some("its content does not match its hash (the row was changed)".to_owned())
        } else {
            None
        };
        if let Some(reason) = reason {
            report.broken = Some(BrokenLink { id: row.id, tenant_id: row.tenant_id, chain_seq: row.chain_seq, reason });
            return Ok(report);
        }
        current = Some((row.tenant_id, row.chain_seq, row.row_hash));
    }
    Ok(report)
}

/// `sha256(previous hash || canonical text)`, as the database trigger computes it.
pub fn chain_hash(previous: &[u8], canonical: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(canonical.as_bytes());
    hasher.finalize().to_vec()
}

/// A page of a tenant's journal, in its own transaction (for streamed exports).
pub async fn page(db: &crate::Db, tenant: TenantId, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>> {
    let mut tx = db.tenant_tx(tenant).await?;
    let events = list(&mut tx, tenant, after_seq, limit).await?;
    tx.commit().await?;
    Ok(events)
}
