//! One tenant's key cannot read another tenant's batches, documents or results.

use reqwest::StatusCode;

use crate::support::{Stack, repo_path};

#[tokio::test]
async fn a_tenant_cannot_see_another_tenants_batch_documents_or_results() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (_, key_a) = stack.create_tenant("Alpha SARL");
    let (_, key_b) = stack.create_tenant("Beta SAS");
    let xml = std::fs::read(repo_path("samples/demo/ubl-INV-2024-118.xml")).expect("sample");
    let batch = api.upload(&key_a, &[("a.xml".to_owned(), xml)]).await;
    let batch_id = batch["batch_id"].as_str().expect("id").to_owned();
    let document_id = batch["documents"][0]["document_id"].as_str().expect("id").to_owned();
    api.drain_feed(&key_a, 1, 10).await;

    for path in [format!("/v1/batches/{batch_id}"), format!("/v1/documents/{document_id}")] {
        let (status, problem) = api.get(&path, &key_b).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(problem["code"], "not_found");
        let (status, _) = api.get(&path, &key_a).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, feed_b) = api.get("/v1/results?after=0&wait=0", &key_b).await;
    assert_eq!(feed_b["results"].as_array().expect("results").len(), 0);
    assert_eq!(feed_b["next"], 0);
    let acked = api.ack(&key_b, &[document_id.clone()]).await;
    assert_eq!(acked["acknowledged"].as_array().expect("acknowledged").len(), 0);
    let (status, still_there) = api.get(&format!("/v1/documents/{document_id}"), &key_a).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(still_there["status"], "done");
    let (_, kpis_b) = api.get("/v1/kpis", &key_b).await;
    assert_eq!(kpis_b["documents_done"], 0);
}
