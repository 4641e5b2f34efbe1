//! Workers that die: a killed worker's document is finished by another, and no
//! document is completed twice when several workers race.

use std::collections::HashMap;

use crate::support::{Stack, demo_einvoices, demo_sample};

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
    let xml = demo_sample("cii-FA-2024-0200.xml");
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
    let xml = demo_sample("ubl-INV-2024-118.xml");
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
    let pdf = demo_sample("facturx-2024-0050.pdf");
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

/// The drill: 200 documents while workers are killed with SIGKILL again and again.
/// Every document ends done or failed with a code, none is finished twice, every input
/// is deleted, the feed holds every result once, and the journal still verifies.
#[cfg(feature = "failpoints")]
#[tokio::test]
async fn killing_workers_repeatedly_during_a_200_document_batch_loses_nothing() {
    const N_DOCUMENTS: usize = 200;
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (tenant, key) = stack.create_tenant("Drill SAS");
    let samples: Vec<Vec<u8>> = demo_einvoices().into_iter().map(|(_, bytes)| bytes).collect();
    let files: Vec<(String, Vec<u8>)> =
        (0..N_DOCUMENTS).map(|i| (format!("doc-{i:03}.xml"), samples[i % samples.len()].clone())).collect();
    let batch = api.upload(&key, &files).await;
    assert_eq!(batch["documents"].as_array().expect("documents").len(), N_DOCUMENTS);

    // Two workers, each document taking at least 60 ms (failpoint) so kills land
    // mid-document; every 400 ms one worker is killed and a fresh one takes its place,
    // until the feed has every result.
    let slow = [("FAILPOINTS", "worker::after_claim=sleep(60)")];
    let mut workers = [stack.start_worker(&slow), stack.start_worker(&slow)];
    let mut feed = Vec::new();
    let mut after = 0i64;
    let mut n_kills = 0;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(240);
    while feed.len() < N_DOCUMENTS {
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} of {N_DOCUMENTS} results after {n_kills} kills",
            feed.len()
        );
        let (_, page) = api.get(&format!("/v1/results?after={after}&limit=100&wait=0"), &key).await;
        for result in page["results"].as_array().expect("results") {
            feed.push(result["document_id"].as_str().expect("id").to_owned());
        }
        after = page["next"].as_i64().expect("cursor");
        if n_kills < 15 && feed.len() < N_DOCUMENTS {
            let victim = n_kills % workers.len();
            workers[victim].kill_hard();
            workers[victim] = stack.start_worker(&slow);
            n_kills += 1;
        }
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    assert!(n_kills >= 3, "the drill killed workers {n_kills} times only");
    let kpis = api.wait_settled(&key).await;

    let mut unique = feed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), N_DOCUMENTS, "the feed repeats nothing and misses nothing");
    assert_eq!(kpis["documents_done"], N_DOCUMENTS as i64, "{kpis}");
    assert_eq!(kpis["inputs_pending_deletion"], 0);
    let store = stack.s3.raw_store().await;
    assert_eq!(crate::support::list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());
    let terminal = terminal_events(&stack).await;
    assert_eq!(terminal.len(), N_DOCUMENTS);
    assert!(terminal.values().all(|&n| n == 1), "a document was finished twice");
    let verify = stack.command(&["audit", "verify"]).output().expect("verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let pool = stack.db.pool().await;
    let reclaimed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM documents WHERE attempts > 1").fetch_one(&pool).await.expect("query");
    eprintln!("drill: {n_kills} kills, {reclaimed} documents claimed again after their worker died");
}

/// The S3 server goes away for 30 s in the middle of a batch: workers retry with
/// backoff, and once it is back every document completes and every input is deleted.
#[cfg(feature = "failpoints")]
#[tokio::test]
async fn an_object_store_outage_of_30_seconds_delays_a_batch_and_loses_nothing() {
    const N_DOCUMENTS: usize = 40;
    let mut stack = Stack::new().await;
    let api = stack.start_api();
    let (tenant, key) = stack.create_tenant("Outage SARL");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    let files: Vec<(String, Vec<u8>)> = (0..N_DOCUMENTS).map(|i| (format!("doc-{i:02}.xml"), xml.clone())).collect();
    // The worker checks the store when it starts, so it starts first; 100 ms per
    // document (failpoint) keeps most of the batch waiting when the store goes away.
    let worker = stack.start_worker(&[("FAILPOINTS", "worker::after_claim=sleep(100)")]);
    api.upload(&key, &files).await;
    stack.s3.stop();
    worker.wait_for_line("retrying");
    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    stack.s3.restart();

    assert_batch_survived(&stack, &api, &tenant, &key, N_DOCUMENTS).await;
}

/// After a drill: every document of the batch done exactly once, on the feed, its
/// input deleted, and the audit journal intact.
async fn assert_batch_survived(stack: &Stack, api: &crate::support::Api, tenant: &str, key: &str, n_documents: usize) {
    let results = api.drain_feed(key, n_documents, 100).await;
    let kpis = api.wait_settled(key).await;
    assert_eq!(results.len(), n_documents);
    assert_eq!(kpis["documents_done"], n_documents as i64, "{kpis}");
    assert_eq!(kpis["documents_failed"], 0, "{kpis}");
    let store = stack.s3.raw_store().await;
    assert_eq!(crate::support::list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());
    assert!(terminal_events(stack).await.values().all(|&n| n == 1));
    let verify = stack.command(&["audit", "verify"]).output().expect("liasse audit verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
}

/// Postgres restarts mid-batch (fast shutdown: every connection cut, 5 s down): the
/// API and the workers reconnect, and every document still completes once, its input
/// deleted, the feed complete and the journal intact.
#[cfg(feature = "failpoints")]
#[tokio::test]
async fn a_database_restart_during_a_batch_loses_nothing() {
    const N_DOCUMENTS: usize = 40;
    let postgres = crate::support::PrivatePostgres::start();
    let db = crate::support::TestDb::create_at(postgres.url("liasse_drill")).await;
    let stack = Stack::on(db).await;
    let api = stack.start_api();
    let (tenant, key) = stack.create_tenant("Restart SARL");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    let files: Vec<(String, Vec<u8>)> = (0..N_DOCUMENTS).map(|i| (format!("doc-{i:02}.xml"), xml.clone())).collect();
    let worker = stack.start_worker(&[("FAILPOINTS", "worker::after_claim=sleep(100)")]);
    api.upload(&key, &files).await;
    worker.wait_for_line("document claimed");
    postgres.restart(std::time::Duration::from_secs(5));
    assert_batch_survived(&stack, &api, &tenant, &key, N_DOCUMENTS).await;
}
