//! `liasse submit` and `liasse kpis`: clients of the HTTP API, as an accountant or
//! an admin would use them.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use crate::commands::process::collect_files;

#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// Base URL of the Liasse API.
    #[arg(long, env = "LIASSE_API_URL", default_value = "http://127.0.0.1:8080")]
    api_url: String,
    /// API key (lsk_…), as printed by `liasse tenant create`.
    #[arg(long, env = "LIASSE_API_KEY", hide_env_values = true)]
    api_key: String,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    client: ClientArgs,
    /// Wait until every document is processed, then print the results table.
    #[arg(long)]
    wait: bool,
    /// Read Factur-X/ZUGFeRD PDFs from the visible page only.
    #[arg(long)]
    ignore_embedded_xml: bool,
    /// Retrying with the same key returns the first batch instead of a new one.
    #[arg(long)]
    idempotency_key: Option<String>,
    /// Files or folders (folders are walked recursively, hidden files skipped).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

struct Client {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Client {
    fn new(args: &ClientArgs) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().connect_timeout(Duration::from_secs(10)).build()?;
        Ok(Self { http, base: args.api_url.trim_end_matches('/').to_owned(), key: args.api_key.clone() })
    }

    async fn get(&self, path: &str) -> anyhow::Result<Value> {
        let response = self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.key).send().await;
        answer(response, &self.base).await
    }
}

/// Turns a response into JSON, or an error naming the problem's code and detail.
async fn answer(response: reqwest::Result<reqwest::Response>, base: &str) -> anyhow::Result<Value> {
    let response = response.with_context(|| {
        format!("cannot reach the Liasse API at {base} (is `liasse serve` or `liasse all` running?)")
    })?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        bail!(
            "the API answered {status}: {} ({})",
            body["detail"].as_str().unwrap_or("no detail"),
            body["code"].as_str().unwrap_or("?")
        );
    }
    Ok(body)
}

fn bar(len: u64, template: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▉▊▋▌▍▎▏ "),
    );
    bar
}

pub async fn submit(args: SubmitArgs) -> anyhow::Result<()> {
    let client = Client::new(&args.client)?;
    let files = collect_files(&args.paths)?;
    if files.is_empty() {
        bail!("no files under {:?}", args.paths);
    }
    let mut form = reqwest::multipart::Form::new();
    let mut total_bytes = 0u64;
    let mut parts = Vec::with_capacity(files.len());
    for path in &files {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        total_bytes += bytes.len() as u64;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        parts.push((name, bytes));
    }
    let upload_bar = bar(total_bytes, "uploading  {bar:40} {bytes}/{total_bytes} {msg}");
    upload_bar.set_message(format!("{} files", files.len()));
    for (name, bytes) in parts {
        let length = bytes.len() as u64;
        let progress = upload_bar.clone();
        // Chunked so the bar moves while the body is sent, not only between files.
        let chunks: Vec<Vec<u8>> = bytes.chunks(64 * 1024).map(<[u8]>::to_vec).collect();
        let stream = futures::stream::iter(chunks.into_iter().map(move |chunk| {
            progress.inc(chunk.len() as u64);
            Ok::<_, std::io::Error>(chunk)
        }));
        let part =
            reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), length).file_name(name);
        form = form.part("file", part);
    }
    let mut request = client
        .http
        .post(format!("{}/v1/batches", client.base))
        .bearer_auth(&client.key)
        .query(&[("ignore_embedded_xml", args.ignore_embedded_xml)])
        .multipart(form);
    if let Some(key) = &args.idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let batch = answer(request.send().await, &client.base).await?;
    upload_bar.finish();
    let batch_id = batch["batch_id"].as_str().context("the API answered without a batch_id")?.to_owned();
    let n_documents = batch["documents"].as_array().map_or(0, Vec::len) as u64;
    println!("batch {batch_id}: {n_documents} documents queued");
    if !args.wait {
        return Ok(());
    }

    let progress = bar(n_documents, "processing {bar:40} {pos}/{len} {msg}");
    let view = loop {
        let view = client.get(&format!("/v1/batches/{batch_id}")).await?;
        let counts = &view["counts"];
        let finished = counts["done"].as_u64().unwrap_or(0) + counts["failed"].as_u64().unwrap_or(0);
        progress.set_position(finished);
        progress.set_message(format!("{} failed", counts["failed"].as_u64().unwrap_or(0)));
        if view["status"] == "done" {
            break view;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    progress.finish();
    print_results(&client, &view).await
}

/// The results table: one row per document with its class and key fields.
async fn print_results(client: &Client, view: &Value) -> anyhow::Result<()> {
    println!();
    println!(
        "{:<34} {:<7} {:<12} {:<13} {:<18} {:<11} {:>12}  NOTES",
        "FILE", "STATUS", "CLASS", "SOURCE", "NUMBER", "DATE", "TOTAL"
    );
    for document in view["documents"].as_array().into_iter().flatten() {
        let id = document["document_id"].as_str().unwrap_or_default();
        let detail = client.get(&format!("/v1/documents/{id}")).await?;
        let result = &detail["result"];
        let fields = &result["fields"];
        let field = |name: &str| fields[name]["value"].as_str().unwrap_or("").to_owned();
        let notes = if let Some(code) = detail["error"]["code"].as_str() {
            format!("error: {code}")
        } else {
            let mut notes = Vec::new();
            if let Some(children) = result["children"].as_array().filter(|c| !c.is_empty()) {
                notes.push(format!("{} attachment(s)", children.len()));
            }
            if result["needs_review"].as_bool() == Some(true) {
                notes.push(format!("review: {}", result["review_reasons"][0].as_str().unwrap_or_default()));
            }
            notes.join("; ")
        };
        let name: String = detail["filename"].as_str().unwrap_or_default().chars().take(34).collect();
        let number: String = field("invoice_number").chars().take(18).collect();
        println!(
            "{name:<34} {:<7} {:<12} {:<13} {number:<18} {:<11} {:>12}  {}",
            detail["status"].as_str().unwrap_or_default(),
            result["class"].as_str().unwrap_or("-"),
            result["source"].as_str().unwrap_or("-"),
            field("issue_date"),
            field("total_incl_vat"),
            notes.chars().take(80).collect::<String>(),
        );
    }
    Ok(())
}

pub async fn kpis(args: ClientArgs) -> anyhow::Result<()> {
    let client = Client::new(&args)?;
    let kpis = client.get("/v1/kpis").await?;
    let seconds = |v: &Value| v.as_f64().map_or("-".to_owned(), |s| format!("{s:.2} s"));
    println!("documents done          {}", kpis["documents_done"]);
    println!("documents failed        {}", kpis["documents_failed"]);
    let rate = &kpis["documents_per_minute"];
    println!(
        "documents per minute    {} (5 min)  {} (60 min)  {} (24 h)",
        rate["last_5_minutes"], rate["last_60_minutes"], rate["last_1440_minutes"]
    );
    println!(
        "queue wait              p50 {}  p95 {}",
        seconds(&kpis["queue_wait_seconds"]["p50"]),
        seconds(&kpis["queue_wait_seconds"]["p95"])
    );
    println!(
        "processing time         p50 {}  p95 {}",
        seconds(&kpis["processing_seconds"]["p50"]),
        seconds(&kpis["processing_seconds"]["p95"])
    );
    println!(
        "queue depth             {} queued, {} processing, oldest {}",
        kpis["queue_depth"],
        kpis["processing"],
        seconds(&kpis["oldest_queued_age_seconds"])
    );
    println!(
        "input deletion lag      max {}  p95 {}  ({} pending)",
        seconds(&kpis["input_deletion_lag_seconds"]["max"]),
        seconds(&kpis["input_deletion_lag_seconds"]["p95"]),
        kpis["inputs_pending_deletion"]
    );
    let errors = kpis["errors_by_code"].as_object().filter(|e| !e.is_empty());
    match errors {
        Some(errors) => println!(
            "errors (24 h)           {}",
            errors.iter().map(|(code, n)| format!("{code}: {n}")).collect::<Vec<_>>().join(", ")
        ),
        None => println!("errors (24 h)           none"),
    }
    Ok(())
}
