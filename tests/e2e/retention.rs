//! Zero retention: results past their tenant's retention period and inputs that
//! outlived their job are deleted by the sweeper, journaled, and gone from the API.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Stack, demo_einvoices, list_objects};

#[tokio::test]
async fn the_sweeper_deletes_expired_results_and_orphaned_inputs() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant, key) = stack.create_tenant("Alpha SARL");
    let files = demo_einvoices();
    let batch = api.upload(&key, &files).await;
    let documents: Vec<String> = batch["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["document_id"].as_str().expect("id").to_owned())
        .collect();
    api.drain_feed(&key, 2, 10).await;
    api.wait_settled(&key).await;
    let store = stack.s3.raw_store().await;
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/results/")).await.len(), 2);

    // Nothing is due yet: a sweep deletes nothing.
    let sweep = || {
        let output = stack.command(&["sweep"]).output().expect("liasse sweep runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice::<Value>(&output.stdout).expect("a JSON report")
    };
    let report = sweep();
    assert_eq!(
        (report["expired_results"].as_u64(), report["orphaned_inputs"].as_u64()),
        (Some(0), Some(0)),
        "{report}"
    );

    // The tenant keeps results one second; one input outlived its job (a worker died
    // after completing the document, before deleting the input).
    let pool = stack.db.pool().await;
    sqlx::query("UPDATE tenants SET result_ttl_seconds = 1 WHERE id = $1::uuid")
        .bind(&tenant)
        .execute(&pool)
        .await
        .expect("ttl");
    let input_key = format!("tenants/{tenant}/inputs/{}", documents[0]);
    liasse_scheduler::ObjectStore::put(&store, &input_key, b"sealed bytes".to_vec().into()).await.expect("put");
    sqlx::query(
        "UPDATE documents SET input_deleted_at = NULL, finished_at = now() - interval '1 hour' WHERE id = $1::uuid",
    )
    .bind(&documents[0])
    .execute(&pool)
    .await
    .expect("orphan");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    let report = sweep();
    assert_eq!(report["expired_results"], 2, "{report}");
    assert_eq!(report["orphaned_inputs"], 1, "{report}");
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/results/")).await, Vec::<String>::new());
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());

    let (_, feed) = api.get("/v1/results?after=0&wait=0", &key).await;
    assert_eq!(feed["results"].as_array().expect("results").len(), 0, "expired results leave the feed");
    let (status, problem) = api.get(&format!("/v1/documents/{}", documents[1]), &key).await;
    assert_eq!(status, StatusCode::GONE, "{problem}");
    let (_, kpis) = api.get("/v1/kpis", &key).await;
    assert_eq!(kpis["oldest_result_age_seconds"], Value::Null, "{kpis}");
    assert_eq!(kpis["oldest_input_age_seconds"], Value::Null, "{kpis}");
    assert_eq!(kpis["inputs_pending_deletion"], 0, "{kpis}");

    let journal = api.request(reqwest::Method::GET, "/v1/audit", Some(&key)).await.send().await.expect("GET");
    let journal = journal.text().await.expect("body");
    assert!(journal.contains("\"action\":\"result.expired\""));
    assert_eq!(journal.matches("\"action\":\"input.deleted\"").count(), 3, "two by the jobs, one by the sweeper");
    assert_eq!(sweep()["expired_results"], 0, "a second sweep finds nothing");
}

#[tokio::test]
async fn objects_no_row_accounts_for_are_found_by_listing_and_deleted() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant, key) = stack.create_tenant("Alpha SARL");
    api.upload(&key, &demo_einvoices()).await;
    api.drain_feed(&key, 2, 10).await;
    api.wait_settled(&key).await;
    let store = stack.s3.raw_store().await;
    let live_results = list_objects(&store, &format!("tenants/{tenant}/results/")).await;
    assert_eq!(live_results.len(), 2, "two results wait for their acknowledgement");

    // Leftovers: an input whose upload never committed, a result of a document that
    // does not exist, an object of a tenant that is gone, and an object of no known
    // shape (left alone: the sweep only deletes what it understands).
    let ghost = liasse_core::DocumentId::new();
    let gone_tenant = liasse_core::TenantId::new();
    let orphans = [
        format!("tenants/{tenant}/inputs/{ghost}"),
        format!("tenants/{tenant}/results/{ghost}.json"),
        format!("tenants/{gone_tenant}/inputs/{ghost}"),
    ];
    for key in orphans.iter().chain([&"notes/readme".to_owned()]) {
        liasse_scheduler::ObjectStore::put(&store, key, b"sealed bytes".to_vec().into()).await.expect("put");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    let sweep = |grace: &str| {
        let output = stack
            .command(&["sweep"])
            .env("LIASSE__RETENTION__ORPHAN_GRACE", grace)
            .output()
            .expect("liasse sweep runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice::<Value>(&output.stdout).expect("a JSON report")
    };
    // Within the grace period an object may belong to an upload still committing.
    assert_eq!(sweep("3600")["orphaned_objects"], 0);
    let report = sweep("1");
    assert_eq!(report["orphaned_objects"], 3, "{report}");

    for orphan in &orphans {
        assert_eq!(list_objects(&store, orphan).await, Vec::<String>::new(), "{orphan} is deleted");
    }
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/results/")).await, live_results, "live results stay");
    assert_eq!(list_objects(&store, "notes/").await, vec!["notes/readme".to_owned()]);
    let journal = api.request(reqwest::Method::GET, "/v1/audit", Some(&key)).await.send().await.expect("GET");
    let journal = journal.text().await.expect("body");
    assert!(journal.contains(r#""action":"orphans.deleted""#) && journal.contains(r#"{"objects":2}"#), "{journal}");
    assert_eq!(sweep("1")["orphaned_objects"], 0, "a second sweep finds nothing");
}
