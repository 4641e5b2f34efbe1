//! Throughput KPIs, computed from Postgres so every process of a deployment reports
//! the same figures (`GET /v1/kpis`). Percentiles and error counts cover the last
//! 24 hours; counts of finished documents cover all time.

use liasse_core::TenantId;
use serde::Serialize;

use crate::Result;
use crate::db::Db;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Kpis {
    /// `None` when the figures cover every tenant (operator view).
    pub tenant_id: Option<TenantId>,
    pub documents_done: i64,
    pub documents_failed: i64,
    pub documents_per_minute: Rates,
    pub queue_wait_seconds: Percentiles,
    pub processing_seconds: Percentiles,
    pub queue_depth: i64,
    pub processing: i64,
    pub oldest_queued_age_seconds: Option<f64>,
    pub errors_by_code: std::collections::BTreeMap<String, i64>,
    /// Time from a document's end to the deletion of its input (still-present inputs
    /// count with their age so far).
    pub input_deletion_lag_seconds: Lag,
    pub inputs_pending_deletion: i64,
    /// Age of the oldest input still in the store (queued, processing or awaiting deletion).
    pub oldest_input_age_seconds: Option<f64>,
    /// Age of the oldest result still in the store (not yet acknowledged or expired).
    pub oldest_result_age_seconds: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rates {
    pub last_5_minutes: f64,
    pub last_60_minutes: f64,
    pub last_1440_minutes: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p95: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Lag {
    pub max: Option<f64>,
    pub p95: Option<f64>,
}

/// KPIs of one tenant, or of all tenants when `tenant` is `None` (operator keys).
pub async fn compute(db: &Db, tenant: Option<TenantId>) -> Result<Kpis> {
    let tenant_uuid = tenant.map(|t| t.as_uuid());
    let mut tx = match tenant {
        Some(t) => db.tenant_tx(t).await?,
        None => db.admin_tx().await?,
    };
    let row = sqlx::query!(
        r#"SELECT
             count(*) FILTER (WHERE status = 'done') AS "done!",
             count(*) FILTER (WHERE status = 'failed') AS "failed!",
             count(*) FILTER (WHERE finished_at > now() - interval '5 minutes') AS "last5!",
             count(*) FILTER (WHERE finished_at > now() - interval '60 minutes') AS "last60!",
             count(*) FILTER (WHERE finished_at > now() - interval '1440 minutes') AS "last1440!",
             count(*) FILTER (WHERE status = 'queued') AS "queued!",
             count(*) FILTER (WHERE status = 'processing') AS "processing!",
             extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'queued'))::float8 AS oldest_queued,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at))
               FILTER (WHERE started_at > now() - interval '1 day') AS wait_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at))
               FILTER (WHERE started_at > now() - interval '1 day') AS wait_p95,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
               FILTER (WHERE finished_at > now() - interval '1 day') AS proc_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
               FILTER (WHERE finished_at > now() - interval '1 day') AS proc_p95,
             max(extract(epoch FROM coalesce(input_deleted_at, now()) - finished_at)::float8)
               FILTER (WHERE finished_at > now() - interval '1 day') AS lag_max,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(input_deleted_at, now()) - finished_at))
               FILTER (WHERE finished_at > now() - interval '1 day') AS lag_p95,
             count(*) FILTER (WHERE finished_at IS NOT NULL AND input_deleted_at IS NULL) AS "pending_deletion!"
           FROM documents
           WHERE $1::uuid IS NULL OR tenant_id = $1"#,
        tenant_uuid,
    )
    .fetch_one(&mut *tx)
    .await?;
    let errors = sqlx::query!(
        r#"SELECT error_code AS "code!", count(*) AS "count!" FROM documents
           WHERE status = 'failed' AND finished_at > now() - interval '1 day' AND ($1::uuid IS NULL OR tenant_id = $1)
           GROUP BY error_code ORDER BY error_code"#,
        tenant_uuid,
    )
    .fetch_all(&mut *tx)
    .await?;
    let retention = sqlx::query!(
        r#"SELECT
             (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM documents
               WHERE input_deleted_at IS NULL AND ($1::uuid IS NULL OR tenant_id = $1)) AS oldest_input,
             (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM results
               WHERE deleted_at IS NULL AND ($1::uuid IS NULL OR tenant_id = $1)) AS oldest_result"#,
        tenant_uuid,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let per_minute = |count: i64, minutes: f64| (count as f64 / minutes * 100.0).round() / 100.0;
    Ok(Kpis {
        tenant_id: tenant,
        documents_done: row.done,
        documents_failed: row.failed,
        documents_per_minute: Rates {
            last_5_minutes: per_minute(row.last5, 5.0),
            last_60_minutes: per_minute(row.last60, 60.0),
            last_1440_minutes: per_minute(row.last1440, 1440.0),
        },
        queue_wait_seconds: Percentiles { p50: row.wait_p50, p95: row.wait_p95 },
        processing_seconds: Percentiles { p50: row.proc_p50, p95: row.proc_p95 },
        queue_depth: row.queued,
        processing: row.processing,
        oldest_queued_age_seconds: row.oldest_queued,
        errors_by_code: errors.into_iter().map(|e| (e.code, e.count)).collect(),
        input_deletion_lag_seconds: Lag { max: row.lag_max, p95: row.lag_p95 },
        inputs_pending_deletion: row.pending_deletion,
        oldest_input_age_seconds: retention.oldest_input,
        oldest_result_age_seconds: retention.oldest_result,
    })
}

/// Queue figures across tenants for Prometheus gauges (and KEDA-style scaling).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueGauges {
    pub queued: i64,
    pub processing: i64,
    pub oldest_queued_seconds: f64,
    pub inputs_pending_deletion: i64,
}

/// Queue figures over all tenants (Prometheus gauges), as the admin role.
pub async fn queue_gauges(db: &Db) -> Result<QueueGauges> {
    let mut tx = db.admin_tx().await?;
    let row = sqlx::query!(
        r#"SELECT
             count(*) FILTER (WHERE status = 'queued') AS "queued!",
             count(*) FILTER (WHERE status = 'processing') AS "processing!",
             coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'queued'))::float8, 0) AS "oldest!",
             count(*) FILTER (WHERE finished_at IS NOT NULL AND input_deleted_at IS NULL) AS "pending_deletion!"
           FROM documents
           WHERE status IN ('queued', 'processing') OR (finished_at IS NOT NULL AND input_deleted_at IS NULL)"#
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(QueueGauges {
        queued: row.queued,
        processing: row.processing,
        oldest_queued_seconds: row.oldest,
        inputs_pending_deletion: row.pending_deletion,
    })
}
