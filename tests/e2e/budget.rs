//! Per-document budgets: a document that uses more CPU time or holds more memory than
//! allowed fails with its own code, and the rest of its batch completes.

use std::collections::HashMap;

use reqwest::StatusCode;

use crate::support::{Stack, demo_sample};

/// A page image (the demo invoice rendered at 200 dpi by poppler's pdftoppm), which
/// only OCR can read.
fn scanned_page() -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("liasse-scan-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pdf = dir.join("in.pdf");
    std::fs::write(&pdf, demo_sample("facture-2024-0042.pdf")).expect("writes");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm runs (poppler-utils, scripts/setup.sh)");
    assert!(status.success());
    let png = std::fs::read(dir.join("page.png")).expect("the page image");
    let _ = std::fs::remove_dir_all(&dir);
    png
}

/// A CSV of 300,000 short cells: a few megabytes on disk, tens once read.
fn wide_csv() -> Vec<u8> {
    let mut csv = String::new();
    for row in 0..30_000 {
        let cells: Vec<String> = (0..10).map(|col| format!("cell-{row}-{col}")).collect();
        csv.push_str(&cells.join(";"));
        csv.push('\n');
    }
    csv.into_bytes()
}

#[tokio::test]
async fn documents_over_their_cpu_or_memory_budget_fail_alone() {
    let mut stack = Stack::new().await;
    stack.extra_env.insert("LIASSE__PIPELINE__LIMITS__MAX_CPU".into(), "0.3".into());
    stack.extra_env.insert("LIASSE__PIPELINE__LIMITS__MAX_MEMORY_BYTES".into(), (16 << 20).to_string());
    let api = stack.start_all();
    let (_, key) = stack.create_tenant("Budget SARL");
    let files = vec![
        ("scan.png".to_owned(), scanned_page()),
        ("wide.csv".to_owned(), wide_csv()),
        ("ubl.xml".to_owned(), demo_sample("ubl-INV-2024-118.xml")),
    ];
    let batch = api.upload(&key, &files).await;
    api.drain_feed(&key, 1, 10).await;
    api.wait_settled(&key).await;

    let expected: HashMap<&str, Option<&str>> =
        [("scan.png", Some("cpu_limit_exceeded")), ("wide.csv", Some("memory_limit_exceeded")), ("ubl.xml", None)]
            .into_iter()
            .collect();
    for document in batch["documents"].as_array().expect("documents") {
        let name = document["filename"].as_str().expect("filename");
        let (status, detail) =
            api.get(&format!("/v1/documents/{}", document["document_id"].as_str().expect("id")), &key).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        match expected[name] {
            Some(code) => {
                assert_eq!(detail["status"], "failed", "{name}: {detail}");
                assert_eq!(detail["error"]["code"], code, "{name}: {detail}");
            }
            None => assert_eq!(detail["status"], "done", "{name}: {detail}"),
        }
    }
}
