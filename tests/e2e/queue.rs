//! The queue across processes and tenants: several worker processes share one queue
//! with no coordinator of ours and finish each document once, and a tenant's small
//! batch is not stuck behind another tenant's backlog.

use std::collections::HashMap;

use crate::support::{Stack, demo_sample};

fn copies(n: usize) -> Vec<(String, Vec<u8>)> {
    let xml = demo_sample("ubl-INV-2024-118.xml");
    (0..n).map(|i| (format!("doc-{i:03}.xml"), xml.clone())).collect()
}

#[cfg(feature = "failpoints")]
#[tokio::test]
async fn three_worker_processes_share_the_queue_and_finish_each_document_once() {
    const N_DOCUMENTS: usize = 90;
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Partage SARL");
    // 50 ms per document keeps every worker busy long enough for all three to claim.
    let slow = [("FAILPOINTS", "worker::after_claim=sleep(50)"), ("LIASSE__WORKER__CONCURRENCY", "2")];
    let _workers: Vec<_> = (0..3).map(|_| stack.start_worker(&slow)).collect();
    api.upload(&key, &copies(N_DOCUMENTS)).await;
    api.drain_feed(&key, N_DOCUMENTS, 100).await;
    api.wait_settled(&key).await;

    let pool = stack.db.pool().await;
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT actor, count(*) FROM audit_events WHERE action = 'document.processed' GROUP BY actor ORDER BY actor",
    )
    .fetch_all(&pool)
    .await
    .expect("query");
    let per_worker: HashMap<String, i64> = rows.into_iter().collect();
    assert_eq!(per_worker.len(), 3, "every worker process did some of the work: {per_worker:?}");
    assert_eq!(per_worker.values().sum::<i64>(), N_DOCUMENTS as i64, "{per_worker:?}");
    let twice: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT document_id FROM audit_events WHERE action = 'document.processed'
                               GROUP BY document_id HAVING count(*) > 1) t",
    )
    .fetch_one(&pool)
    .await
    .expect("query");
    assert_eq!(twice, 0, "no document was processed twice");
}

#[tokio::test]
async fn a_small_batch_is_not_queued_behind_another_tenants_backlog() {
    const BACKLOG: usize = 150;
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (big, big_key) = stack.create_tenant("Gros Volume SA");
    let (small, small_key) = stack.create_tenant("Petit Cabinet SARL");
    api.upload(&big_key, &copies(BACKLOG)).await;
    api.upload(&small_key, &copies(1)).await;
    // One worker, one document at a time: the order of completion is the claim order.
    let _worker = stack.start_worker(&[("LIASSE__WORKER__CONCURRENCY", "1"), ("LIASSE__QUEUE__BATCH_SIZE", "1")]);
    api.drain_feed(&small_key, 1, 10).await;
    api.drain_feed(&big_key, BACKLOG, 200).await;

    let pool = stack.db.pool().await;
    let order: Vec<(uuid::Uuid,)> = sqlx::query_as("SELECT tenant_id FROM documents ORDER BY finished_at, id")
        .fetch_all(&pool)
        .await
        .expect("query");
    let small: uuid::Uuid = small.parse().expect("id");
    let big: uuid::Uuid = big.parse().expect("id");
    let position = order.iter().position(|(tenant,)| *tenant == small).expect("the small batch finished");
    assert!(
        position <= 2,
        "the small tenant's document finished in position {position} of {}, not after the backlog",
        order.len()
    );
    assert_eq!(order.iter().filter(|(tenant,)| *tenant == big).count(), BACKLOG);
}

#[cfg(feature = "failpoints")]
#[tokio::test]
async fn documents_in_flight_overlap_but_only_cpu_slots_pipelines_run_at_once() {
    const PIPELINE_MS: i64 = 300;
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Créneaux SAS");
    api.upload(&key, &copies(4)).await;
    // Every pipeline takes at least 300 ms; four documents in flight, one pipeline at a time.
    let sleep = format!("worker::in_pipeline=sleep({PIPELINE_MS})");
    let _worker = stack.start_worker(&[
        ("FAILPOINTS", sleep.as_str()),
        ("LIASSE__WORKER__CONCURRENCY", "4"),
        ("LIASSE__WORKER__CPU_SLOTS", "1"),
    ]);
    api.drain_feed(&key, 4, 10).await;

    let pool = stack.db.pool().await;
    let (span_ms, claimed_before_first_done): (f64, bool) = sqlx::query_as(
        "SELECT extract(epoch FROM max(finished_at) - min(started_at))::float8 * 1000,
                max(started_at) < min(finished_at)
         FROM documents WHERE status = 'done'",
    )
    .fetch_one(&pool)
    .await
    .expect("query");
    assert!(claimed_before_first_done, "all four documents were claimed while the first was still processed");
    assert!(
        span_ms >= (4 * PIPELINE_MS) as f64,
        "four pipelines of {PIPELINE_MS} ms ran one at a time: {span_ms:.0} ms from the first claim to the last result"
    );
}
