//! The spine: upload → queue → worker → encrypted result → input deleted → feed → ack.

use std::collections::{HashMap, HashSet};

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Stack, demo_sample, list_objects, repo_path, sample_files};

fn expected_samples() -> HashMap<String, Value> {
    let text = std::fs::read_to_string(repo_path("samples/expected.json")).expect("samples/expected.json");
    let expected: Value = serde_json::from_str(&text).expect("valid JSON");
    expected["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| (d["filename"].as_str().expect("filename").to_owned(), d.clone()))
        .collect()
}

/// Strings that appear in the demo documents and must never appear in the store.
const PLAINTEXT_MARKERS: [&[u8]; 5] =
    [b"FA-2024-0042", b"FA-2024-0200", b"INV-2024-118", b"CrossIndustryInvoice", b"%PDF-"];

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(files_under(&path)) } else { files.push(path) }
    }
    files
}

#[tokio::test]
async fn a_batch_goes_end_to_end_leaving_no_input_and_no_plaintext() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant, key) = stack.create_tenant("Spine SARL");
    let files = sample_files();
    let batch = api.upload(&key, &files).await;
    let batch_id = batch["batch_id"].as_str().expect("batch_id").to_owned();
    assert_eq!(batch["documents"].as_array().expect("documents").len(), files.len());

    // Waiting happens on the feed's long poll: 9 documents are readable, 5 are broken.
    let results = api.drain_feed(&key, 9, 100).await;
    api.wait_settled(&key).await;
    let (status, view) = api.get(&format!("/v1/batches/{batch_id}"), &key).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["status"], "done", "{view}");
    assert_eq!(view["counts"]["done"], 9);
    assert_eq!(view["counts"]["failed"], 5);

    // E-invoices are read exactly; the broken files failed with their own codes while the rest completed.
    let expected = expected_samples();
    let by_name: HashMap<&str, &Value> =
        results.iter().map(|r| (r["filename"].as_str().expect("filename"), r)).collect();
    for name in ["facturx-2024-0050.pdf", "ubl-INV-2024-118.xml", "cii-FA-2024-0200.xml"] {
        let result = by_name[name];
        let truth = &expected[name];
        assert_eq!(result["class"], truth["class"], "{name}");
        for field in ["invoice_number", "issue_date", "total_incl_vat", "seller_vat_id"] {
            assert_eq!(result["fields"][field]["value"], truth["fields"][field], "{name} {field}");
            assert_eq!(result["fields"][field]["confidence"], 1.0, "{name} {field}");
        }
    }
    let failures: HashMap<&str, &str> = [
        ("truncated.pdf", "corrupt_pdf"),
        ("garbage.pdf", "corrupt_pdf"),
        ("entity-bomb.xml", "malformed_xml"),
        ("empty.pdf", "empty_document"),
        ("encrypted.pdf", "encrypted_pdf"),
    ]
    .into_iter()
    .collect();
    for document in view["documents"].as_array().expect("documents") {
        let name = document["filename"].as_str().expect("filename");
        let (status, detail) =
            api.get(&format!("/v1/documents/{}", document["document_id"].as_str().expect("id")), &key).await;
        assert_eq!(status, StatusCode::OK);
        match failures.get(name) {
            Some(code) => {
                assert_eq!(detail["status"], "failed", "{name}");
                assert_eq!(detail["error"]["code"], *code, "{name}");
                assert!(detail["result"].is_null());
            }
            None => {
                assert_eq!(detail["status"], "done", "{name}");
                assert_eq!(detail["result"]["filename"], name);
            }
        }
    }

    // Zero retention: every input object is gone, and the database says when.
    let store = stack.s3.raw_store().await;
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());
    let pool = stack.db.pool().await;
    let undeleted: i64 = sqlx::query_scalar("SELECT count(*) FROM documents WHERE input_deleted_at IS NULL")
        .fetch_one(&pool)
        .await
        .expect("query");
    assert_eq!(undeleted, 0);

    // Only ciphertext was ever stored: no marker of any document in any file the S3 server keeps.
    let stored = files_under(&stack.s3.dir);
    assert!(!stored.is_empty());
    for path in &stored {
        let bytes = std::fs::read(path).expect("readable");
        for marker in PLAINTEXT_MARKERS {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{} holds plaintext {:?}",
                path.display(),
                String::from_utf8_lossy(marker)
            );
        }
    }

    // The ERP acknowledges: results are deleted, later reads answer 410, the feed is empty.
    let ids: Vec<String> = results.iter().map(|r| r["document_id"].as_str().expect("id").to_owned()).collect();
    let acked = api.ack(&key, &ids).await;
    assert_eq!(acked["acknowledged"].as_array().expect("acknowledged").len(), 9);
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/results/")).await, Vec::<String>::new());
    let (status, problem) = api.get(&format!("/v1/documents/{}", ids[0]), &key).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(problem["code"], "gone");
    let (_, page) = api.get("/v1/results?after=0", &key).await;
    assert_eq!(page["results"].as_array().expect("results").len(), 0);
    let again = api.ack(&key, &ids).await;
    assert_eq!(again["acknowledged"].as_array().expect("acknowledged").len(), 0, "acknowledging twice does nothing");
}

#[tokio::test]
async fn the_feed_misses_nothing_and_repeats_nothing_across_concurrent_completions() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let _workers = [stack.start_worker(&[]), stack.start_worker(&[])];
    let (_, key) = stack.create_tenant("Feed SA");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    let n_documents = 60;
    let files: Vec<(String, Vec<u8>)> = (0..n_documents).map(|i| (format!("ubl-{i:03}.xml"), xml.clone())).collect();

    // Read the feed in small pages while three processes complete documents.
    let reader = async { api.drain_feed(&key, n_documents, 7).await };
    let uploads = async {
        let mut ids = Vec::new();
        for chunk in files.chunks(20) {
            let batch = api.upload(&key, chunk).await;
            ids.extend(
                batch["documents"]
                    .as_array()
                    .expect("documents")
                    .iter()
                    .map(|d| d["document_id"].as_str().expect("id").to_owned()),
            );
        }
        ids
    };
    let (results, uploaded) = tokio::join!(reader, uploads);

    let seen: Vec<String> = results.iter().map(|r| r["document_id"].as_str().expect("id").to_owned()).collect();
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "the feed repeated a result");
    assert_eq!(unique, uploaded.iter().collect::<HashSet<_>>(), "the feed missed a result");
    let (_, page) = api.get("/v1/results?after=0&limit=1000", &key).await;
    assert_eq!(page["results"].as_array().expect("results").len(), n_documents);
}

#[tokio::test]
async fn kpis_and_metrics_show_the_batch() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (_, key) = stack.create_tenant("KPI GmbH");
    let files = sample_files();
    api.upload(&key, &files).await;
    api.drain_feed(&key, 9, 100).await;
    api.wait_settled(&key).await;

    let (status, kpis) = api.get("/v1/kpis", &key).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kpis["documents_done"], 9);
    assert_eq!(kpis["documents_failed"], 5);
    assert_eq!(kpis["queue_depth"], 0);
    assert_eq!(kpis["errors_by_code"]["corrupt_pdf"], 2);
    assert!(kpis["documents_per_minute"]["last_5_minutes"].as_f64().expect("rate") > 0.0);
    assert!(kpis["processing_seconds"]["p50"].as_f64().is_some());
    assert!(kpis["input_deletion_lag_seconds"]["max"].as_f64().is_some());
    assert_eq!(kpis["inputs_pending_deletion"], 0);

    let metrics = reqwest::get(format!("{}/metrics", api.base)).await.expect("metrics").text().await.expect("text");
    for line in [
        "liasse_documents_uploaded_total 14",
        "liasse_documents_failed_total{code=\"corrupt_pdf\"} 2",
        "liasse_queue_depth 0",
    ] {
        assert!(metrics.contains(line), "/metrics lacks {line:?}:\n{metrics}");
    }
    // Every stage of the worker is timed, the wait for a pipeline slot included.
    for stage in ["fetch", "cpu_wait", "store", "delete"] {
        assert!(metrics.contains(&format!("stage=\"{stage}\"")), "/metrics lacks stage {stage}:\n{metrics}");
    }
    let done: f64 = metrics
        .lines()
        .filter(|l| l.starts_with("liasse_documents_done_total{"))
        .filter_map(|l| l.rsplit(' ').next().and_then(|n| n.parse::<f64>().ok()))
        .sum();
    assert_eq!(done, 9.0, "{metrics}");
    assert!(
        metrics.contains("liasse_http_requests_total{route=\"/v1/batches\",method=\"POST\",status=\"202\"} 1"),
        "{metrics}"
    );
}
