//! The audit journal is a hash chain per tenant: exported as JSON lines, verified by
//! `liasse audit verify`, and any change to a past event is found and named.

use serde_json::Value;

use crate::support::{Stack, demo_einvoices};

fn verify(stack: &Stack) -> (bool, Value, String) {
    let output = stack.command(&["audit", "verify"]).output().expect("liasse audit verify runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    (output.status.success(), report, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[tokio::test]
async fn the_journal_is_a_verifiable_chain_and_tampering_is_named() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (_, key_a) = stack.create_tenant("Alpha SARL");
    let (_, key_b) = stack.create_tenant("Beta SAS");
    // The two e-invoices of the demo: each gives one result to drain.
    let files = demo_einvoices();
    let n_files = files.len();
    api.upload(&key_a, &files).await;
    api.upload(&key_b, &files[..1]).await;
    api.drain_feed(&key_a, n_files, 50).await;
    api.drain_feed(&key_b, 1, 50).await;
    api.wait_settled(&key_a).await;

    // The export: every event of the tenant, positions 1..n, each linked to the previous.
    let response = api.request(reqwest::Method::GET, "/v1/audit", Some(&key_a)).await.send().await.expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let body = response.text().await.expect("body");
    let events: Vec<Value> = body.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert!(events.len() > n_files, "uploads, processing and deletions are journaled: {} events", events.len());
    let mut previous = "0".repeat(64);
    for (index, event) in events.iter().enumerate() {
        assert_eq!(event["chain_seq"], index as i64 + 1);
        assert_eq!(event["prev_hash"], previous.as_str(), "event {index} links to the one before");
        previous = event["row_hash"].as_str().expect("hash").to_owned();
    }
    assert!(events.iter().any(|e| e["action"] == "input.deleted"));
    // Every event and every result records where the data was kept.
    let location = stack.location();
    let provider = location.provider.as_str();
    for event in &events {
        assert_eq!(event["store_provider"], provider, "{event}");
        assert_eq!(event["store_region"], location.region.as_str(), "{event}");
    }
    let locations: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT DISTINCT store_provider, store_region FROM results")
            .fetch_all(&stack.db.pool().await)
            .await
            .expect("results");
    assert_eq!(locations, vec![(Some(location.provider.clone()), Some(location.region.clone()))]);
    let rest = api.request(reqwest::Method::GET, "/v1/audit?after=2", Some(&key_a)).await.send().await.expect("GET");
    let rest = rest.text().await.expect("body");
    let first: Value = serde_json::from_str(rest.lines().next().expect("a line")).expect("JSON");
    assert_eq!(first["chain_seq"], 3, "the export resumes after a position");
    assert_eq!(rest.lines().count(), events.len() - 2);

    let (intact, report, _) = verify(&stack);
    assert!(intact, "{report}");
    assert_eq!(report["broken"], Value::Null);
    assert!(report["chains"].as_u64().expect("chains") >= 2, "{report}");

    // Someone with database access rewrites one past event: verify names that row.
    let pool = stack.db.pool().await;
    let target: i64 =
        sqlx::query_scalar("SELECT id FROM audit_events WHERE action = 'document.processed' ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .expect("a processed event");
    sqlx::query("UPDATE audit_events SET details = details || '{\"tampered\": true}' WHERE id = $1")
        .bind(target)
        .execute(&pool)
        .await
        .expect("tamper");
    let (intact, report, stderr) = verify(&stack);
    assert!(!intact);
    assert_eq!(report["broken"]["id"], target, "{report}");
    assert!(stderr.contains(&format!("broken at event {target}")), "{stderr}");
    assert!(report["broken"]["reason"].as_str().expect("reason").contains("content"), "{report}");

    // Deleting an event instead breaks the link of the next one.
    sqlx::query("UPDATE audit_events SET details = details - 'tampered' WHERE id = $1")
        .bind(target)
        .execute(&pool)
        .await
        .expect("restore");
    let restored = verify(&stack);
    assert!(restored.0, "restoring the content restores the chain: {}", restored.1);
    let (tenant, seq): (uuid::Uuid, i64) =
        sqlx::query_as("SELECT tenant_id, chain_seq FROM audit_events WHERE id = $1")
            .bind(target)
            .fetch_one(&pool)
            .await
            .expect("row");
    sqlx::query("DELETE FROM audit_events WHERE id = $1").bind(target).execute(&pool).await.expect("delete");
    let next: i64 = sqlx::query_scalar("SELECT id FROM audit_events WHERE tenant_id = $1 AND chain_seq = $2")
        .bind(tenant)
        .bind(seq + 1)
        .fetch_one(&pool)
        .await
        .expect("the next event");
    let (intact, report, _) = verify(&stack);
    assert!(!intact);
    assert_eq!(report["broken"]["id"], next, "{report}");
}
