//! The queue on no-op jobs, in a database of its own: Liasse's queue (jobs pushed
//! with `liasse_scheduler::queue::push`, consumed by an apalis worker built as
//! `liasse_workers::run` builds it, with Liasse's queue configuration and a handler
//! that does nothing) against the bare loop every Postgres queue reduces to (claim one
//! row with `SELECT … FOR UPDATE SKIP LOCKED`, then mark it done), at the same
//! concurrency, in this process, one after the other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use apalis::prelude::*;
use liasse_core::{DocumentId, TenantId};
use liasse_scheduler::queue::{self, DocumentJob};
use liasse_scheduler::{DatabaseConfig, Db, QueueConfig};
use sqlx::PgPool;
use sqlx::migrate::MigrateDatabase;

pub struct QueueResult {
    pub liasse_jobs_per_s: f64,
    pub bare_jobs_per_s: f64,
    pub n_jobs: usize,
    pub concurrency: usize,
    pub batch_size: usize,
}

pub async fn run(n_jobs: usize, concurrency: usize, batch_size: usize) -> anyhow::Result<QueueResult> {
    let url = format!(
        "postgres://postgres@127.0.0.1:5432/liasse_bench_queue_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let config = DatabaseConfig { url: url.clone(), ..DatabaseConfig::default() };
    let location = liasse_scheduler::store::residency::Location { provider: "local".into(), region: "local".into() };
    let db = Db::migrate(&config, &location).await?;
    let owner = PgPool::connect(&url).await?;
    // Liasse's queue configuration, but for the batch size under test.
    let queue_config = QueueConfig { batch_size, ..QueueConfig::default() };
    let result = async {
        let liasse = liasse_queue(&db, &owner, &queue_config, n_jobs, concurrency).await?;
        let bare = bare_loop(&owner, &url, n_jobs, concurrency).await?;
        Ok(QueueResult { liasse_jobs_per_s: liasse, bare_jobs_per_s: bare, n_jobs, concurrency, batch_size })
    }
    .await;
    db.pool().close().await;
    owner.close().await;
    let _ = sqlx::Postgres::force_drop_database(&url).await;
    result
}

async fn noop(_job: DocumentJob) -> Result<(), BoxDynError> {
    Ok(())
}

async fn liasse_queue(
    db: &Db,
    owner: &PgPool,
    config: &QueueConfig,
    n_jobs: usize,
    concurrency: usize,
) -> anyhow::Result<f64> {
    eprintln!("bench: queue — {n_jobs} no-op jobs through Liasse's queue (apalis), concurrency {concurrency}");
    // Jobs are tagged on the tenant's fair-queue clock, so the tenant row must exist.
    let tenant = TenantId::new();
    sqlx::query("INSERT INTO tenants (id, name) VALUES ($1, 'bench')").bind(tenant.as_uuid()).execute(owner).await?;
    for chunk_start in (0..n_jobs).step_by(1_000) {
        let jobs: Vec<DocumentJob> = (chunk_start..n_jobs.min(chunk_start + 1_000))
            .map(|_| DocumentJob { tenant_id: tenant, document_id: DocumentId::new() })
            .collect();
        let mut tx = db.tenant_tx(tenant).await?;
        queue::push(&mut tx, tenant, &jobs).await?;
        tx.commit().await?;
    }
    let storage = queue::storage(db, config);
    let started = Instant::now();
    let start_db: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT clock_timestamp()").fetch_one(owner).await?;
    let worker = WorkerBuilder::new("liasse-bench-noop")
        .backend(storage.with_pubsub().poll_with_interval(config.poll_interval))
        .concurrency(concurrency)
        .parallelize(tokio::spawn)
        .build(noop);
    // The worker runs on this task until every job is done; then it is dropped.
    let all_done = async {
        loop {
            let done: i64 =
                sqlx::query_scalar("SELECT count(*) FROM apalis.jobs WHERE job_type = $1 AND status = 'Done'")
                    .bind(queue::DOCUMENTS_QUEUE)
                    .fetch_one(owner)
                    .await?;
            if done as usize >= n_jobs {
                return anyhow::Ok(());
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(600),
                "only {done} of {n_jobs} no-op jobs done in 10 min"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::select! {
        stopped = worker.run() => anyhow::bail!("the no-op worker stopped: {stopped:?}"),
        done = all_done => done?,
    }
    let seconds: f64 =
        sqlx::query_scalar("SELECT extract(epoch FROM max(done_at) - $2)::float8 FROM apalis.jobs WHERE job_type = $1")
            .bind(queue::DOCUMENTS_QUEUE)
            .bind(start_db)
            .fetch_one(owner)
            .await?;
    Ok(n_jobs as f64 / seconds)
}

async fn bare_loop(owner: &PgPool, url: &str, n_jobs: usize, concurrency: usize) -> anyhow::Result<f64> {
    eprintln!("bench: queue — {n_jobs} no-op jobs through a bare SKIP LOCKED loop, concurrency {concurrency}");
    sqlx::query(
        "CREATE TABLE bare_jobs (id bigserial PRIMARY KEY, payload jsonb NOT NULL, status text NOT NULL DEFAULT 'pending',
                                 attempts int NOT NULL DEFAULT 0, done_at timestamptz)",
    )
    .execute(owner)
    .await?;
    sqlx::query("CREATE INDEX bare_jobs_pending ON bare_jobs (id) WHERE status = 'pending'").execute(owner).await?;
    sqlx::query(
        "INSERT INTO bare_jobs (payload)
         SELECT jsonb_build_object('tenant_id', gen_random_uuid(), 'document_id', gen_random_uuid())
         FROM generate_series(1, $1)",
    )
    .bind(n_jobs as i64)
    .execute(owner)
    .await?;
    sqlx::query("ANALYZE bare_jobs").execute(owner).await?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(concurrency as u32).connect(url).await?;
    let start_db: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT clock_timestamp()").fetch_one(owner).await?;
    let empty = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let pool = pool.clone();
        let empty = empty.clone();
        tasks.push(tokio::spawn(async move {
            while !empty.load(Ordering::Relaxed) {
                let claimed: Option<(i64, serde_json::Value)> = sqlx::query_as(
                    "UPDATE bare_jobs SET status = 'running', attempts = attempts + 1
                     WHERE id = (SELECT id FROM bare_jobs WHERE status = 'pending' ORDER BY id
                                 FOR UPDATE SKIP LOCKED LIMIT 1)
                     RETURNING id, payload",
                )
                .fetch_optional(&pool)
                .await?;
                let Some((id, _payload)) = claimed else {
                    empty.store(true, Ordering::Relaxed);
                    break;
                };
                // The no-op handler.
                sqlx::query("UPDATE bare_jobs SET status = 'done', done_at = clock_timestamp() WHERE id = $1")
                    .bind(id)
                    .execute(&pool)
                    .await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let seconds: f64 = sqlx::query_scalar("SELECT extract(epoch FROM max(done_at) - $1)::float8 FROM bare_jobs")
        .bind(start_db)
        .fetch_one(owner)
        .await?;
    let done: i64 = sqlx::query_scalar("SELECT count(*) FROM bare_jobs WHERE status = 'done'").fetch_one(owner).await?;
    anyhow::ensure!(done as usize == n_jobs, "the bare loop finished {done} of {n_jobs} jobs");
    pool.close().await;
    Ok(n_jobs as f64 / seconds)
}
