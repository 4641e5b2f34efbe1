//! The sweeper: what the normal path should have deleted and did not, it deletes.
//!
//! * results past their tenant's retention period (`tenants.result_ttl_seconds`,
//!   default 7 days), acknowledged or not: the object goes, the row says when;
//! * acknowledged results whose deletion failed (the store was down at ack time);
//! * inputs of finished documents that are still in the store (the worker died
//!   between completing the document and deleting its input);
//! * orphans, found by listing the store (less often: `orphan_scan_interval`):
//!   objects older than `orphan_grace` that no live row accounts for (an upload whose
//!   transaction rolled back, a result written by a job that then failed, anything
//!   left under an erased tenant).
//!
//! Every step is idempotent (deleting a missing object is not an error and rows are
//! marked only once), so several workers may sweep at the same time. Candidates are
//! found across tenants as the admin role; each tenant's deletions are then recorded in
//! its own transaction and journal.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use liasse_core::{DocumentId, TenantId};
use serde::{Deserialize, Serialize};

use crate::audit::Actor;
use crate::db::Db;
use crate::store::SealedStore;
use crate::store::keys::{self, ObjectKind};
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
    /// How often each worker process lists the store for orphans.
    #[serde(with = "liasse_core::serde_secs")]
    pub orphan_scan_interval: Duration,
    /// How old an object must be before it can be judged an orphan: an upload writes
    /// its objects before the rows that account for them commit.
    #[serde(with = "liasse_core::serde_secs")]
    pub orphan_grace: Duration,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self {
            sweep_interval: Duration::from_secs(60),
            input_grace: Duration::from_secs(300),
            batch: 500,
            orphan_scan_interval: Duration::from_secs(3600),
            orphan_grace: Duration::from_secs(3600),
        }
    }
}

/// What one sweep deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub expired_results: usize,
    pub acked_results: usize,
    pub orphaned_inputs: usize,
    /// Objects found by listing the store that no row accounts for.
    pub orphaned_objects: usize,
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

/// Lists the store and deletes objects older than `orphan_grace` that no live row
/// accounts for: an input is live while its document has not recorded its deletion;
/// a result while its row is not deleted, or while its document is still queued or
/// processing (the job writes the object before it completes the row).
pub async fn sweep_orphans(db: &Db, store: &SealedStore, config: &RetentionConfig) -> Result<SweepReport> {
    let cutoff = std::time::SystemTime::now() - config.orphan_grace;
    let listed = store.raw().list(keys::TENANTS_PREFIX).await?;
    let candidates: Vec<(String, ObjectKind)> = listed
        .into_iter()
        .filter(|object| object.modified < cutoff)
        .filter_map(|object| Some((object.key.clone(), keys::parse(&object.key)?)))
        .collect();
    let mut report = SweepReport::default();
    let mut deleted: BTreeMap<Option<TenantId>, usize> = BTreeMap::new();
    if candidates.is_empty() {
        return Ok(report);
    }
    let mut tx = db.admin_tx().await?;
    let tenants: HashSet<uuid::Uuid> =
        sqlx::query_scalar!("SELECT id FROM tenants").fetch_all(&mut *tx).await?.into_iter().collect();
    tx.commit().await?;
    for chunk in candidates.chunks(ORPHAN_CHUNK) {
        let orphans = unaccounted(db, &tenants, chunk).await?;
        for (key, tenant) in orphans {
            if store.delete(&key).await.is_err() {
                report.failures += 1;
                continue;
            }
            *deleted.entry(tenant).or_default() += 1;
            report.orphaned_objects += 1;
        }
    }
    for (tenant, objects) in deleted {
        let mut tx = match tenant {
            Some(tenant) => db.tenant_tx(tenant).await?,
            None => db.admin_tx().await?,
        };
        let details = serde_json::json!({ "objects": objects });
        crate::audit::record(&mut tx, tenant, &Actor::System, "orphans.deleted", None, details).await?;
        tx.commit().await?;
    }
    if report != SweepReport::default() {
        tracing::info!(?report, "orphan sweep");
    }
    Ok(report)
}

/// Documents looked up at once by the orphan sweep.
const ORPHAN_CHUNK: usize = 1_000;

/// The objects of `candidates` no live row accounts for, each with the tenant whose
/// journal records its deletion (`None`, the operator's, for a tenant that is gone).
async fn unaccounted(
    db: &Db,
    tenants: &HashSet<uuid::Uuid>,
    candidates: &[(String, ObjectKind)],
) -> Result<Vec<(String, Option<TenantId>)>> {
    let documents: Vec<uuid::Uuid> = candidates
        .iter()
        .map(|(_, kind)| match kind {
            ObjectKind::Input(_, d) | ObjectKind::Result(_, d) => d.as_uuid(),
        })
        .collect();
    let mut tx = db.admin_tx().await?;
    let live_keys: HashSet<String> = sqlx::query_scalar!(
        r#"SELECT input_key AS "key!" FROM documents WHERE id = ANY($1) AND input_deleted_at IS NULL
           UNION ALL
           SELECT result_key FROM results WHERE document_id = ANY($1) AND deleted_at IS NULL"#,
        &documents,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let unfinished: HashSet<uuid::Uuid> = sqlx::query_scalar!(
        "SELECT id FROM documents WHERE id = ANY($1) AND status IN ('queued', 'processing')",
        &documents,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    tx.commit().await?;
    Ok(candidates
        .iter()
        .filter(|(key, kind)| match kind {
            ObjectKind::Input(..) => !live_keys.contains(key),
            ObjectKind::Result(_, document) => !live_keys.contains(key) && !unfinished.contains(&document.as_uuid()),
        })
        .map(|(key, kind)| {
            let (ObjectKind::Input(tenant, _) | ObjectKind::Result(tenant, _)) = *kind;
            (key.clone(), tenants.contains(&tenant.as_uuid()).then_some(tenant))
        })
        .collect())
}

/// Sweeps every `config.sweep_interval`, and lists the store for orphans every
/// `config.orphan_scan_interval`, until `shutdown` turns true.
pub async fn run(
    db: Db,
    store: SealedStore,
    config: RetentionConfig,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut next_orphan_scan = tokio::time::Instant::now();
    loop {
        if let Err(error) = sweep(&db, &store, &config).await {
            tracing::warn!(%error, "sweep failed; retrying at the next interval");
        }
        if tokio::time::Instant::now() >= next_orphan_scan {
            next_orphan_scan = tokio::time::Instant::now() + config.orphan_scan_interval;
            if let Err(error) = sweep_orphans(&db, &store, &config).await {
                tracing::warn!(%error, "orphan sweep failed; retrying at the next scan");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(config.sweep_interval) => {}
            _ = shutdown.changed() => return,
        }
    }
}
