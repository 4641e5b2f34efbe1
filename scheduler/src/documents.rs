//! Batches and documents: upload, claim, complete, fail, input deletion, and the
//! reads the API serves. Every state change is one statement or one transaction.

use chrono::{DateTime, Utc};
use liasse_core::{BatchId, DocClass, DocumentId, ErrorCode, TenantId};
use serde::Serialize;
use uuid::Uuid;

use crate::Result;
use crate::audit::{self, Actor};
use crate::db::Db;
use crate::queue::{self, DocumentJob};

/// One uploaded file, already sealed into the store under `input_key`.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub id: DocumentId,
    pub filename: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub input_key: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentSummary {
    pub document_id: DocumentId,
    pub filename: String,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct NewBatch {
    pub id: BatchId,
    pub documents: Vec<DocumentSummary>,
    /// False when the idempotency key named an earlier batch, which is returned instead.
    pub created: bool,
}

/// Finds the batch an idempotency key already created, if any.
pub async fn batch_for_idempotency_key(db: &Db, tenant: TenantId, key: &str) -> Result<Option<NewBatch>> {
    let mut tx = db.tenant_tx(tenant).await?;
    let batch = sqlx::query_scalar!(
        "SELECT id FROM batches WHERE tenant_id = $1 AND idempotency_key = $2",
        tenant.as_uuid(),
        key
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(batch) = batch else {
        return Ok(None);
    };
    let documents = sqlx::query!("SELECT id, filename, status FROM documents WHERE batch_id = $1 ORDER BY id", batch)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| DocumentSummary { document_id: r.id.into(), filename: r.filename, status: r.status })
        .collect();
    tx.commit().await?;
    Ok(Some(NewBatch { id: batch.into(), documents, created: false }))
}

/// Records a batch and its documents and enqueues one job per document, all in one
/// transaction. Returns `None` when a concurrent request with the same idempotency
/// key won the race (the caller then answers with that batch).
pub async fn create_batch(
    db: &Db,
    tenant: TenantId,
    actor: &Actor,
    idempotency_key: Option<&str>,
    options: serde_json::Value,
    documents: &[NewDocument],
) -> Result<Option<NewBatch>> {
    let batch = BatchId::new();
    let mut tx = db.tenant_tx(tenant).await?;
    let inserted = sqlx::query!(
        "INSERT INTO batches (id, tenant_id, idempotency_key, options) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
        batch.as_uuid(),
        tenant.as_uuid(),
        idempotency_key,
        options,
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(None);
    }
    let ids: Vec<Uuid> = documents.iter().map(|d| d.id.as_uuid()).collect();
    let names: Vec<String> = documents.iter().map(|d| d.filename.clone()).collect();
    let sizes: Vec<i64> = documents.iter().map(|d| d.size_bytes).collect();
    let hashes: Vec<Vec<u8>> = documents.iter().map(|d| d.sha256.clone()).collect();
    let keys: Vec<String> = documents.iter().map(|d| d.input_key.clone()).collect();
    sqlx::query!(
        "INSERT INTO documents (id, tenant_id, batch_id, filename, size_bytes, sha256, input_key)
         SELECT id, $1, $2, filename, size_bytes, sha256, input_key
         FROM UNNEST($3::uuid[], $4::text[], $5::bigint[], $6::bytea[], $7::text[]) AS d(id, filename, size_bytes, sha256, input_key)",
        tenant.as_uuid(),
        batch.as_uuid(),
        &ids,
        &names,
        &sizes,
        &hashes,
        &keys,
    )
    .execute(&mut *tx)
    .await?;
    let jobs: Vec<DocumentJob> =
        documents.iter().map(|d| DocumentJob { tenant_id: tenant, document_id: d.id }).collect();
    queue::push(&mut tx, tenant, &jobs).await?;
    audit::record(
        &mut tx,
        Some(tenant),
        actor,
        "batch.uploaded",
        None,
        serde_json::json!({ "batch_id": batch, "documents": ids, "bytes": sizes.iter().sum::<i64>() }),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(NewBatch {
        id: batch,
        documents: documents
            .iter()
            .map(|d| DocumentSummary { document_id: d.id, filename: d.filename.clone(), status: "queued".into() })
            .collect(),
        created: true,
    }))
}

/// A document a worker now holds.
#[derive(Debug, Clone)]
pub struct Claim {
    pub document_id: DocumentId,
    pub tenant: TenantId,
    /// Proves this worker holds the latest claim; required to finish the document.
    pub token: Uuid,
    pub filename: String,
    pub input_key: String,
    pub options: serde_json::Value,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// The outcome of trying to claim a document.
#[derive(Debug, Clone)]
pub enum ClaimOutcome {
    Claimed(Claim),
    /// Finished already (a presumed-dead worker got there first). If its input was
    /// not yet deleted (a crash between the two steps), the claimer deletes it.
    AlreadyFinished {
        input_key: String,
        input_deleted: bool,
    },
    /// The row is gone (tenant erased).
    Gone,
}

/// Takes the document for this worker: `queued` or `processing` (its previous
/// worker died) becomes `processing` with a fresh claim token.
pub async fn claim(db: &Db, job: &DocumentJob) -> Result<ClaimOutcome> {
    let token = Uuid::new_v4();
    let mut tx = db.tenant_tx(job.tenant_id).await?;
    let claimed = sqlx::query!(
        "UPDATE documents d
         SET status = 'processing', attempts = attempts + 1, claim_token = $3, started_at = coalesce(started_at, now())
         FROM batches b
         WHERE d.id = $1 AND d.tenant_id = $2 AND d.status IN ('queued', 'processing') AND b.id = d.batch_id
         RETURNING d.filename, d.input_key, d.attempts, d.created_at, b.options",
        job.document_id.as_uuid(),
        job.tenant_id.as_uuid(),
        token,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match claimed {
        Some(row) => ClaimOutcome::Claimed(Claim {
            document_id: job.document_id,
            tenant: job.tenant_id,
            token,
            filename: row.filename,
            input_key: row.input_key,
            options: row.options,
            attempts: row.attempts,
            created_at: row.created_at,
        }),
        None => {
            let row = sqlx::query!(
                "SELECT input_key, input_deleted_at IS NOT NULL AS \"input_deleted!\" FROM documents WHERE id = $1 AND tenant_id = $2",
                job.document_id.as_uuid(),
                job.tenant_id.as_uuid(),
            )
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                Some(row) => {
                    ClaimOutcome::AlreadyFinished { input_key: row.input_key, input_deleted: row.input_deleted }
                }
                None => ClaimOutcome::Gone,
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Claims after which a document whose workers keep dying (a poison document that
/// crashes the process outside any panic handler) is failed instead of tried again.
pub const MAX_CLAIMS: i32 = 3;

impl Claim {
    /// Whether every earlier claim of this document died with its worker, too often
    /// to try again.
    pub fn is_poison(&self) -> bool {
        self.attempts > MAX_CLAIMS
    }
}

/// What a finished document produced.
#[derive(Debug, Clone)]
pub struct Completion<'a> {
    pub result_key: &'a str,
    pub class: DocClass,
    pub needs_review: bool,
    /// Versions of the models that read the document, for the audit journal.
    pub models: serde_json::Value,
}

/// Marks the document done, gives its result the next cursor of the tenant's feed,
/// journals it and wakes the feed's long-polls, in one transaction. Returns `false`
/// (and changes nothing) when this claim is no longer the latest.
pub async fn complete(db: &Db, claim: &Claim, actor: &Actor, completion: Completion<'_>) -> Result<bool> {
    let mut tx = db.tenant_tx(claim.tenant).await?;
    let updated = sqlx::query!(
        "UPDATE documents SET status = 'done', finished_at = now(), claim_token = NULL
         WHERE id = $1 AND tenant_id = $2 AND status = 'processing' AND claim_token = $3",
        claim.document_id.as_uuid(),
        claim.tenant.as_uuid(),
        claim.token,
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    // The tenant row lock is held until commit, so cursors become visible in order:
    // a reader that has seen cursor N will never later find a new result below N.
    let seq = sqlx::query_scalar!(
        "UPDATE tenants SET result_seq = result_seq + 1 WHERE id = $1 RETURNING result_seq",
        claim.tenant.as_uuid()
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO results (document_id, tenant_id, seq, result_key, class, needs_review) VALUES ($1, $2, $3, $4, $5, $6)",
        claim.document_id.as_uuid(),
        claim.tenant.as_uuid(),
        seq,
        completion.result_key,
        completion.class.as_str(),
        completion.needs_review,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(claim.tenant),
        actor,
        "document.processed",
        Some(claim.document_id),
        serde_json::json!({ "class": completion.class, "models": completion.models, "attempts": claim.attempts, "cursor": seq }),
    )
    .await?;
    sqlx::query!("SELECT pg_notify('liasse_results', $1)", claim.tenant.to_string()).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Fails the document for good with an error code. Returns `false` when this claim
/// is no longer the latest.
pub async fn fail(db: &Db, claim: &Claim, actor: &Actor, code: ErrorCode, message: &str) -> Result<bool> {
    let mut tx = db.tenant_tx(claim.tenant).await?;
    let updated = sqlx::query!(
        "UPDATE documents SET status = 'failed', finished_at = now(), claim_token = NULL, error_code = $4, error_message = $5
         WHERE id = $1 AND tenant_id = $2 AND status = 'processing' AND claim_token = $3",
        claim.document_id.as_uuid(),
        claim.tenant.as_uuid(),
        claim.token,
        code.as_str(),
        message,
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    audit::record(
        &mut tx,
        Some(claim.tenant),
        actor,
        "document.failed",
        Some(claim.document_id),
        serde_json::json!({ "code": code, "attempts": claim.attempts }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records that the input object is gone. Idempotent.
pub async fn mark_input_deleted(db: &Db, tenant: TenantId, document: DocumentId, actor: &Actor) -> Result<()> {
    let mut tx = db.tenant_tx(tenant).await?;
    let updated = sqlx::query!(
        "UPDATE documents SET input_deleted_at = now() WHERE id = $1 AND tenant_id = $2 AND input_deleted_at IS NULL",
        document.as_uuid(),
        tenant.as_uuid(),
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() > 0 {
        audit::record(&mut tx, Some(tenant), actor, "input.deleted", Some(document), serde_json::json!({})).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A document as the API shows it.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub batch_id: BatchId,
    pub filename: String,
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub result_key: Option<String>,
    /// The result is gone: the ERP acknowledged it, or it passed its tenant's
    /// retention period, and it was deleted from the store.
    pub result_gone: bool,
}

pub async fn get(db: &Db, tenant: TenantId, document: DocumentId) -> Result<Option<DocumentRow>> {
    let mut tx = db.tenant_tx(tenant).await?;
    let row = sqlx::query!(
        r#"SELECT d.id, d.batch_id, d.filename, d.status, d.error_code, d.error_message,
                  r.result_key AS "result_key?", (r.acked_at IS NOT NULL OR r.deleted_at IS NOT NULL) AS "result_gone?"
           FROM documents d LEFT JOIN results r ON r.document_id = d.id
           WHERE d.id = $1 AND d.tenant_id = $2"#,
        document.as_uuid(),
        tenant.as_uuid(),
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.map(|r| DocumentRow {
        id: r.id.into(),
        batch_id: r.batch_id.into(),
        filename: r.filename,
        status: r.status,
        error_code: r.error_code,
        error_message: r.error_message,
        result_key: r.result_key,
        result_gone: r.result_gone.unwrap_or(false),
    }))
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct StatusCounts {
    pub queued: i64,
    pub processing: i64,
    pub done: i64,
    pub failed: i64,
}

impl StatusCounts {
    pub fn total(&self) -> i64 {
        self.queued + self.processing + self.done + self.failed
    }

    /// `queued` until a document starts, `processing` until all are finished, then `done`.
    pub fn batch_status(&self) -> &'static str {
        if self.queued + self.processing == 0 {
            "done"
        } else if self.processing + self.done + self.failed == 0 {
            "queued"
        } else {
            "processing"
        }
    }
}

/// A batch's documents counted by status; `None` when the tenant has no such batch.
pub async fn batch_counts(
    db: &Db,
    tenant: TenantId,
    batch: BatchId,
) -> Result<Option<(StatusCounts, Vec<DocumentSummary>)>> {
    let mut tx = db.tenant_tx(tenant).await?;
    let exists = sqlx::query_scalar!(
        "SELECT 1 AS one FROM batches WHERE id = $1 AND tenant_id = $2",
        batch.as_uuid(),
        tenant.as_uuid()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let rows = sqlx::query!(
        "SELECT id, filename, status FROM documents WHERE batch_id = $1 AND tenant_id = $2 ORDER BY id",
        batch.as_uuid(),
        tenant.as_uuid(),
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut counts = StatusCounts::default();
    for row in &rows {
        match row.status.as_str() {
            "queued" => counts.queued += 1,
            "processing" => counts.processing += 1,
            "done" => counts.done += 1,
            _ => counts.failed += 1,
        }
    }
    let documents = rows
        .into_iter()
        .map(|r| DocumentSummary { document_id: r.id.into(), filename: r.filename, status: r.status })
        .collect();
    Ok(Some((counts, documents)))
}

/// Documents of the tenant queued or processing (the upload quota counts these).
pub async fn unfinished_count(db: &Db, tenant: TenantId) -> Result<i64> {
    let mut tx = db.tenant_tx(tenant).await?;
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM documents WHERE tenant_id = $1 AND status IN ('queued', 'processing')"#,
        tenant.as_uuid()
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(count)
}
