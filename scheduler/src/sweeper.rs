//! The sweeper: what the normal path should have deleted and did not, it deletes.
//!
//! * results past their tenant's retention period (`tenants.result_ttl_seconds`,
//!   default 7 days), acknowledged or not: the object goes, the row says when;
//! * acknowledged results whose deletion failed (the store was down at ack time);
//! * inputs of finished documents that are still in the store (the worker died
//!   between completing the document and deleting its input).
//!
//! Every step is idempotent (deleting a missing object is not an error and rows are
//! marked only once), so several workers may sweep at the same time. Candidates are
//! found across tenants as the admin role; each tenant's deletions are then recorded in
//! its own transaction and journal.

use std::collections::BTreeMap;
use std::time::Duration;

use liasse_core::{DocumentId, TenantId};
use serde::{Deserialize, Serialize};

use crate::audit::Actor;
use crate::db::Db;
use crate::store::SealedStore;
use crate::{Result, documents, results};

/// The `[retention]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RetentionConfig {
    /// How often each worker process sweeps.
    #[serde(with = "liasse_core::serde_secs")]
    pub sweep_interval: Duration,
    /// How long a finished document's input may stay before the sweeper deletes it
    /// (the job itself deletes it within a second; this covers crashes).
    #[serde(with = "liasse_core::serde_secs")]
    pub input_grace: Duration,
    /// Most objects deleted per kind and sweep, so one sweep stays short.
    pub batch: i64,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self { sweep_interval: Duration::from_secs(60), input_grace: Duration::from_secs(300), batch: 500 }
    }
}

/// What one sweep deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub expired_results: usize,
    pub acked_results: usize,
    pub orphaned_inputs: usize,
    /// Objects the store refused to delete this time (retried next sweep).
    pub failures: usize,
}

/// One sweep over every tenant.
pub async fn sweep(db: &Db, store: &SealedStore, config: &RetentionConfig) -> Result<SweepReport> {
    let mut report = SweepReport::default();
    let actor = Actor::System;
    let mut tx = db.admin_tx().await?;
    let due_results = sqlx::query!(
        r#"SELECT r.tenant_id, r.document_id, r.result_key, (r.acked_at IS NOT NULL) AS "acked!"
           FROM results r JOIN tenants t ON t.id = r.tenant_id
           WHERE r.deleted_at IS NULL
             AND (r.created_at < now() - make_interval(secs => t.result_ttl_seconds)
                  OR r.acked_at < now() - interval '1 minute')
           ORDER BY r.created_at LIMIT $1"#,
        config.batch,
    )
    .fetch_all(&mut *tx)
    .await?;
    let inputs = sqlx::query!(
        r#"SELECT tenant_id, id, input_key FROM documents
           WHERE input_deleted_at IS NULL AND finished_at < now() - make_interval(secs => $1)
           ORDER BY finished_at LIMIT $2"#,
        config.input_grace.as_secs_f64(),
        config.batch,
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;

    let mut deleted_results: BTreeMap<TenantId, Vec<(DocumentId, bool)>> = BTreeMap::new();
    for row in due_results {
        if store.delete(&row.result_key).await.is_err() {
            report.failures += 1;
            continue;
        }
        deleted_results.entry(row.tenant_id.into()).or_default().push((row.document_id.into(), row.acked));
    }
    for (tenant, documents) in deleted_results {
        let (acked, expired): (Vec<_>, Vec<_>) = documents.into_iter().partition(|(_, acked)| *acked);
        report.acked_results += acked.len();
        report.expired_results += expired.len();
        let acked: Vec<DocumentId> = acked.into_iter().map(|(id, _)| id).collect();
        let expired: Vec<DocumentId> = expired.into_iter().map(|(id, _)| id).collect();
        results::mark_gone(db, tenant, &acked, &actor, "result.deleted").await?;
        results::mark_gone(db, tenant, &expired, &actor, "result.expired").await?;
    }
    for row in inputs {
        if store.delete(&row.input_key).await.is_err() {
            report.failures += 1;
            continue;
        }
        documents::mark_input_deleted(db, row.tenant_id.into(), row.id.into(), &actor).await?;
        report.orphaned_inputs += 1;
    }
    if report != SweepReport::default() {
        tracing::info!(?report, "sweep");
    }
    Ok(report)
}

/// Sweeps every `config.sweep_interval` until `shutdown` turns true.
pub async fn run(
    db: Db,
    store: SealedStore,
    config: RetentionConfig,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if let Err(error) = sweep(&db, &store, &config).await {
            tracing::warn!(%error, "sweep failed; retrying at the next interval");
        }
        tokio::select! {
            _ = tokio::time::sleep(config.sweep_interval) => {}
            _ = shutdown.changed() => return,
        }
    }
}
