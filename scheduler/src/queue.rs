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

/// Enqueues a tenant's jobs inside the caller's transaction: the documents and their
/// jobs commit together or not at all.
///
/// Claiming is fair across tenants (start-time fair queuing): each job is tagged on a
/// virtual clock and workers claim the smallest tag first. A tenant's jobs are tagged
/// one apart from `max(its last tag, the queue's virtual time)`, the virtual time
/// being the tag of the next job in line (or, when none waits, the last tag given
/// out). So a small batch submitted behind another tenant's 10,000 waiting jobs is
/// interleaved with them rather than queued after them, and a tenant idle for a while
/// gains no credit over the others.
pub async fn push(tx: &mut TenantTx, tenant: TenantId, jobs: &[DocumentJob]) -> Result<()> {
    // apalis's own schema is not in .sqlx (see scripts/sqlx-prepare.sh): checked at run time.
    let next_in_line: Option<i32> =
        sqlx::query_scalar("SELECT max(priority) FROM apalis.jobs WHERE job_type = $1 AND status = 'Pending'")
            .bind(DOCUMENTS_QUEUE)
            .fetch_one(&mut **tx)
            .await?;
    // NO KEY UPDATE, like the feed cursor's UPDATE: it does not conflict with the
    // KEY SHARE locks that foreign-key checks of concurrent inserts (audit events,
    // results) take on this row while holding the tenant's audit chain lock.
    let tenant_tag =
        sqlx::query_scalar!("SELECT fair_tag FROM tenants WHERE id = $1 FOR NO KEY UPDATE", tenant.as_uuid())
            .fetch_one(&mut **tx)
            .await?;
    let virtual_time = match next_in_line {
        Some(priority) => tag_of(priority),
        None => sqlx::query_scalar!("SELECT last_tag FROM queue_clock").fetch_one(&mut **tx).await?,
    };
    let start = tenant_tag.max(virtual_time);
    let end = start + i64::try_from(jobs.len()).unwrap_or(i64::MAX);
    let mut tasks = Vec::with_capacity(jobs.len());
    for (job, tag) in jobs.iter().zip(start + 1..) {
        let args = serde_json::to_vec(job).expect("a job of two ids always serialises");
        tasks.push(TaskBuilder::new(args).max_attempts(MAX_ATTEMPTS).priority(priority_of(tag)?).build());
    }
    apalis_postgres::queries::push_tasks(&mut **tx, DOCUMENTS_QUEUE, tasks).await?;
    sqlx::query!("UPDATE tenants SET fair_tag = $2 WHERE id = $1", tenant.as_uuid(), end).execute(&mut **tx).await?;
    // Last, so the one-row clock is locked as briefly as possible.
    sqlx::query!("UPDATE queue_clock SET last_tag = greatest(last_tag, $1)", end).execute(&mut **tx).await?;
    Ok(())
}

/// apalis claims the highest priority first, and its priority is an `int4`.
fn priority_of(tag: i64) -> Result<usize> {
    i32::try_from(tag)
        .ok()
        .and_then(|tag| usize::try_from(i32::MAX - tag).ok())
        .ok_or_else(|| crate::Error::Config(format!("the fair queue's clock reached {tag}, past its int4 range: renumber queue_clock, tenants.fair_tag and the pending jobs' priorities")))
}

fn tag_of(priority: i32) -> i64 {
    i64::from(i32::MAX) - i64::from(priority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_smaller_tag_is_a_higher_priority() {
        assert!(priority_of(1).expect("fits") > priority_of(2).expect("fits"));
        assert_eq!(tag_of(i32::try_from(priority_of(41).expect("fits")).expect("int4")), 41);
        assert!(priority_of(i64::from(i32::MAX) + 1).is_err());
    }
}
