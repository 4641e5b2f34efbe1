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
//! caught and fails that document only. Only `cpu_slots` pipelines run at once: the
//! other jobs meanwhile do their I/O (claim, read the input, write the result, delete
//! the input), so the CPUs are not left idle while a document waits on Postgres or
//! the store, and are not oversubscribed either.

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
    /// Documents in flight at once in this process (claimed, being read, processed,
    /// written). Default: four per CPU, so that I/O overlaps the pipeline.
    pub concurrency: usize,
    /// Documents in the CPU-bound pipeline at once. Default: one per CPU. Memory
    /// grows with `concurrency` (inputs read ahead) and with this (pipelines running).
    pub cpu_slots: usize,
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
            concurrency: 4 * cpus(),
            cpu_slots: cpus(),
            name: None,
            document_timeout: Duration::from_secs(600),
            shutdown_timeout: Duration::from_secs(30),
            retry: RetryConfig::default(),
        }
    }
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
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
    /// One permit per pipeline allowed to run (`cpu_slots`).
    cpu: Arc<tokio::sync::Semaphore>,
}

impl Context {
    pub fn new(db: Db, store: SealedStore, pipeline: Arc<Pipeline>, config: WorkerConfig) -> Self {
        let worker_name = config.worker_name();
        let cpu = Arc::new(tokio::sync::Semaphore::new(config.cpu_slots.max(1)));
        Self { db, store, pipeline, config, worker_name, cpu }
    }
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
    let cpu_slots = context.config.cpu_slots.max(1);
    tracing::info!(worker = %name, concurrency, cpu_slots, "document worker starting");
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
