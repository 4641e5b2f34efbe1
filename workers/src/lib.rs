//! `liasse-workers`: the document job.
//!
//! Owns what happens to one document once it is queued: claim it, read and decrypt
//! its input, run the pipeline, seal and write the result, mark it done (or failed
//! with a code), delete the input, journal every step and count it in metrics. Also
//! owns the worker loop around it: concurrency, retries with backoff for transient
//! failures, restart after backend errors, graceful shutdown.
//!
//! Must not: serve HTTP (the binary adds a metrics listener for `liasse work`), or
//! change job state except through `liasse_scheduler::documents`.
//!
//! Threads: jobs run as tokio tasks (`concurrency` at a time); the CPU-bound pipeline
//! of each job runs on tokio's blocking pool via `spawn_blocking`, where a panic is
//! caught and fails that document only.

mod job;
mod retry;

use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::*;
use liasse_pipelines::Pipeline;
use liasse_scheduler::queue::DocumentJob;
use liasse_scheduler::{Db, QueueConfig, SealedStore};
use serde::Deserialize;

pub use retry::RetryConfig;

/// The `[worker]` configuration section.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WorkerConfig {
    /// Documents processed at once by this process.
    pub concurrency: usize,
    /// Name shown in the audit journal and the apalis workers table. Default: host name and process id.
    pub name: Option<String>,
    /// The longest one document may take before it fails with code `timeout`.
    #[serde(with = "liasse_core::serde_secs")]
    pub document_timeout: Duration,
    /// How long a job waits for its running documents to finish on shutdown.
    #[serde(with = "liasse_core::serde_secs")]
    pub shutdown_timeout: Duration,
    pub retry: RetryConfig,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            concurrency: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            name: None,
            document_timeout: Duration::from_secs(600),
            shutdown_timeout: Duration::from_secs(30),
            retry: RetryConfig::default(),
        }
    }
}

impl WorkerConfig {
    pub fn worker_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| {
            let host = std::fs::read_to_string("/etc/hostname")
                .map(|h| h.trim().to_owned())
                .unwrap_or_else(|_| "localhost".into());
            format!("{host}-{}", std::process::id())
        })
    }
}

/// What every job of this process shares.
#[derive(Debug)]
pub struct Context {
    pub db: Db,
    pub store: SealedStore,
    pub pipeline: Arc<Pipeline>,
    pub config: WorkerConfig,
    pub worker_name: String,
}

/// Runs document workers until `shutdown` resolves, then waits for running jobs (up
/// to `shutdown_timeout`). A worker whose backend fails (Postgres restarting) is
/// restarted rather than left dead.
pub async fn run(
    context: Arc<Context>,
    queue: &QueueConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), MonitorError> {
    let storage = liasse_scheduler::queue::storage(&context.db, queue);
    let poll_interval = queue.poll_interval;
    let concurrency = context.config.concurrency.max(1);
    let name = context.worker_name.clone();
    let shutdown_timeout = context.config.shutdown_timeout;
    tracing::info!(worker = %name, concurrency, "document worker starting");
    Monitor::new()
        .register(move |restarts| {
            WorkerBuilder::new(format!("{name}-{restarts}"))
                .backend(storage.clone().with_pubsub().poll_with_interval(poll_interval))
                .data(context.clone())
                .concurrency(concurrency)
                .parallelize(tokio::spawn)
                .build(handle)
        })
        .should_restart(|worker, error| {
            tracing::warn!(worker = %worker.name(), %error, "document worker stopped; restarting");
            true
        })
        .shutdown_timeout(shutdown_timeout)
        .run_with_signal(async move {
            shutdown.await;
            Ok(())
        })
        .await
}

/// The apalis handler: one document job.
async fn handle(job: DocumentJob, context: Data<Arc<Context>>) -> Result<(), BoxDynError> {
    job::process(&context, job).await.map_err(|e| Box::new(e) as BoxDynError)
}
