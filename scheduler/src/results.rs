//! The results feed (`GET /v1/results`) and acknowledgements (`POST /v1/results/ack`).

use liasse_core::{DocumentId, TenantId};

use crate::Result;
use crate::audit::{self, Actor};
use crate::db::Db;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub document_id: DocumentId,
    pub seq: i64,
    pub result_key: String,
}

/// Unacknowledged results after `after`, in completion order.
pub async fn feed(db: &Db, tenant: TenantId, after: i64, limit: i64) -> Result<Vec<FeedEntry>> {
    let mut tx = db.tenant_tx(tenant).await?;
    let rows = sqlx::query!(
        "SELECT document_id, seq, result_key FROM results
         WHERE tenant_id = $1 AND seq > $2 AND acked_at IS NULL AND deleted_at IS NULL
         ORDER BY seq LIMIT $3",
        tenant.as_uuid(),
        after,
        limit,
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| FeedEntry { document_id: r.document_id.into(), seq: r.seq, result_key: r.result_key })
        .collect())
}

/// Marks results acknowledged and returns the object keys to delete. Unknown ids
/// and ids of other tenants are ignored (the answer lists what was acknowledged).
pub async fn ack(
    db: &Db,
    tenant: TenantId,
    documents: &[DocumentId],
    actor: &Actor,
) -> Result<Vec<(DocumentId, String)>> {
    let ids: Vec<uuid::Uuid> = documents.iter().map(|d| d.as_uuid()).collect();
    let mut tx = db.tenant_tx(tenant).await?;
    let rows = sqlx::query!(
        "UPDATE results SET acked_at = now()
         WHERE tenant_id = $1 AND document_id = ANY($2) AND acked_at IS NULL
         RETURNING document_id, result_key",
        tenant.as_uuid(),
        &ids,
    )
    .fetch_all(&mut *tx)
    .await?;
    let acked: Vec<(DocumentId, String)> = rows.into_iter().map(|r| (r.document_id.into(), r.result_key)).collect();
    if !acked.is_empty() {
        let acked_ids: Vec<DocumentId> = acked.iter().map(|(id, _)| *id).collect();
        audit::record(
            &mut tx,
            Some(tenant),
            actor,
            "result.acked",
            None,
            serde_json::json!({ "documents": acked_ids }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(acked)
}

/// Records that acknowledged result objects are deleted from the store.
pub async fn mark_deleted(db: &Db, tenant: TenantId, documents: &[DocumentId], actor: &Actor) -> Result<()> {
    mark_gone(db, tenant, documents, actor, "result.deleted").await
}

/// Records that result objects are deleted from the store, and why in the journal:
/// `result.deleted` after an acknowledgement, `result.expired` after the retention period.
pub async fn mark_gone(
    db: &Db,
    tenant: TenantId,
    documents: &[DocumentId],
    actor: &Actor,
    action: &'static str,
) -> Result<()> {
    if documents.is_empty() {
        return Ok(());
    }
    let ids: Vec<uuid::Uuid> = documents.iter().map(|d| d.as_uuid()).collect();
    let mut tx = db.tenant_tx(tenant).await?;
    sqlx::query!(
        "UPDATE results SET deleted_at = now() WHERE tenant_id = $1 AND document_id = ANY($2) AND deleted_at IS NULL",
        tenant.as_uuid(),
        &ids,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, Some(tenant), actor, action, None, serde_json::json!({ "documents": documents })).await?;
    tx.commit().await?;
    Ok(())
}

/// Journals that results were read (one event per request, listing the documents).
pub async fn record_read(db: &Db, tenant: TenantId, documents: &[DocumentId], actor: &Actor) -> Result<()> {
    if documents.is_empty() {
        return Ok(());
    }
    let mut tx = db.tenant_tx(tenant).await?;
    audit::record(&mut tx, Some(tenant), actor, "result.read", None, serde_json::json!({ "documents": documents }))
        .await?;
    tx.commit().await?;
    Ok(())
}
