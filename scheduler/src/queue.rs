//! The document queue on apalis-postgres. A job names one document; everything else
//! about it lives in the `documents` row, so a job is tiny and never holds document
//! data.

use apalis::prelude::TaskBuilder;
use apalis_postgres::{Config, PostgresStorage};
use liasse_core::{DocumentId, TenantId};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::config::QueueConfig;
use crate::db::{Db, TenantTx};

/// The apalis queue name of document jobs.
pub const DOCUMENTS_QUEUE: &str = "liasse.documents";

/// Jobs give up after this many claims; a document whose worker died this many
/// times is failed by the next claim instead (see `documents::claim`).
pub const MAX_ATTEMPTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentJob {
    pub tenant_id: TenantId,
    pub document_id: DocumentId,
}

/// The apalis configuration for document workers.
pub fn apalis_config(config: &QueueConfig) -> Config {
    Config::default()
        .queue(DOCUMENTS_QUEUE)
        .batch_size(config.batch_size.max(1))
        .heartbeat_interval(config.heartbeat_interval)
        .missed_heartbeats(config.missed_heartbeats)
}

/// The storage workers consume from.
pub fn storage(db: &Db, config: &QueueConfig) -> PostgresStorage<DocumentJob> {
    PostgresStorage::new(db.pool()).with_config(apalis_config(config))
}

/// Enqueues jobs inside the caller's transaction: the documents and their jobs
/// commit together or not at all.
pub async fn push(tx: &mut TenantTx, jobs: &[DocumentJob]) -> Result<()> {
    let mut tasks = Vec::with_capacity(jobs.len());
    for job in jobs {
        let args = serde_json::to_vec(job).expect("a job of two ids always serialises");
        tasks.push(TaskBuilder::new(args).max_attempts(MAX_ATTEMPTS).build());
    }
    apalis_postgres::queries::push_tasks(&mut **tx, DOCUMENTS_QUEUE, tasks).await?;
    Ok(())
}
