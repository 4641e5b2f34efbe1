//! Workers that die: a killed worker's document is finished by another, and no
//! document is completed twice when several workers race.

use std::collections::HashMap;

use crate::support::{Stack, repo_path};

/// Terminal audit events per document: exactly one each, or a document was finished twice.
async fn terminal_events(stack: &Stack) -> HashMap<uuid::Uuid, i64> {
    let pool = stack.db.pool().await;
    let rows: Vec<(uuid::Uuid, i64)> = sqlx::query_as(
        "SELECT document_id, count(*) FROM audit_events WHERE action IN ('document.processed', 'document.failed') GROUP BY document_id",
    )
    .fetch_all(&pool)
    .await
    .expect("query");
    rows.into_iter().collect()
}

#[cfg(feature = "failpoints")]
#[tokio::test]
async fn a_document_whose_worker_is_killed_is_finished_by_another_worker() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Crash SAS");
    let xml = std::fs::read(repo_path("samples/demo/cii-FA-2024-0200.xml")).expect("sample");
    let batch = api.upload(&key, &[("cii.xml".to_owned(), xml)]).await;
    let document_id = batch["documents"][0]["document_id"].as_str().expect("id").to_owned();

    // Worker A claims the document, then hangs inside it (failpoint) until we kill it.
    let mut doomed = stack.start_worker(&[("FAILPOINTS", "worker::after_claim=return(600000)")]);
    doomed.wait_for_line("document claimed");
    doomed.kill_hard();

    // Worker B takes over once A misses its heartbeats (1 s × 2 in the test configuration).
    let _survivor = stack.start_worker(&[]);
    let results = api.drain_feed(&key, 1, 10).await;
    assert_eq!(results[0]["document_id"], document_id.as_str());
    assert_eq!(results[0]["fields"]["invoice_number"]["value"], "FA-2024-0200");

    let pool = stack.db.pool().await;
    let (status, attempts, input_deleted): (String, i32, bool) =
        sqlx::query_as("SELECT status, attempts, input_deleted_at IS NOT NULL FROM documents WHERE id = $1::uuid")
            .bind(&document_id)
            .fetch_one(&pool)
            .await
            .expect("query");
    assert_eq!(status, "done");
    assert_eq!(attempts, 2, "claimed by the dead worker, then by the survivor");
    assert!(input_deleted);
    assert!(terminal_events(&stack).await.values().all(|&n| n == 1));
}

#[cfg(feature = "failpoints")]
#[tokio::test]
async fn a_panic_in_the_pipeline_fails_that_document_and_the_worker_carries_on() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Panic SARL");
    // The first document that reaches the pipeline panics in it; later ones do not.
    let worker = stack.start_worker(&[("FAILPOINTS", "worker::in_pipeline=1*panic->off")]);
    let xml = std::fs::read(repo_path("samples/demo/ubl-INV-2024-118.xml")).expect("sample");
    let first = api.upload(&key, &[("first.xml".to_owned(), xml.clone())]).await;
    let first_id = first["documents"][0]["document_id"].as_str().expect("id").to_owned();
    worker.wait_for_line("document failed");
    let (_, detail) = api.get(&format!("/v1/documents/{first_id}"), &key).await;
    assert_eq!(detail["status"], "failed");
    assert_eq!(detail["error"]["code"], "internal_error");

    let second = api.upload(&key, &[("second.xml".to_owned(), xml)]).await;
    let results = api.drain_feed(&key, 1, 10).await;
    assert_eq!(
        results[0]["document_id"], second["documents"][0]["document_id"],
        "the same worker processed the next document"
    );
    let pool = stack.db.pool().await;
    let undeleted: i64 = sqlx::query_scalar("SELECT count(*) FROM documents WHERE input_deleted_at IS NULL")
        .fetch_one(&pool)
        .await
        .expect("query");
    assert_eq!(undeleted, 0, "the failed document's input is deleted too");
}

#[tokio::test]
async fn workers_racing_on_one_queue_never_complete_a_document_twice() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let _workers = [stack.start_worker(&[]), stack.start_worker(&[]), stack.start_worker(&[])];
    let (_, key) = stack.create_tenant("Race SA");
    let pdf = std::fs::read(repo_path("samples/demo/facturx-2024-0050.pdf")).expect("sample");
    let files: Vec<(String, Vec<u8>)> = (0..45).map(|i| (format!("fx-{i}.pdf"), pdf.clone())).collect();
    let batch = api.upload(&key, &files).await;
    let results = api.drain_feed(&key, files.len(), 100).await;
    assert_eq!(results.len(), files.len());

    let events = terminal_events(&stack).await;
    assert_eq!(events.len(), files.len(), "every document reached exactly one end");
    assert!(events.values().all(|&n| n == 1), "a document was finished twice: {events:?}");
    let pool = stack.db.pool().await;
    let n_results: i64 = sqlx::query_scalar("SELECT count(*) FROM results").fetch_one(&pool).await.expect("query");
    assert_eq!(n_results as usize, files.len());
    let (_, view) = api.get(&format!("/v1/batches/{}", batch["batch_id"].as_str().expect("id")), &key).await;
    assert_eq!(view["counts"]["done"], files.len());
}
