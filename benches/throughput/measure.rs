//! One measured phase: documents of one input kind uploaded through the API as
//! batches, processed by the running worker, and what the run left behind: the
//! documents' timestamps (queue wait, end to end, delete), each result's
//! `timings_ms` (read, OCR, models), the worker's stage histograms (fetch, pipeline slot, store),
//! and the worker's CPU time and peak RSS from /proc.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::Value;
use sqlx::Row;

use crate::corpus::CorpusFile;
use crate::stack::{self, Stack, Tenant};

/// Files read once, uploaded many times.
#[derive(Default)]
pub struct FileCache(HashMap<PathBuf, Vec<u8>>);

impl FileCache {
    pub fn bytes(&mut self, path: &PathBuf) -> anyhow::Result<&Vec<u8>> {
        if !self.0.contains_key(path) {
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            self.0.insert(path.clone(), bytes);
        }
        Ok(&self.0[path])
    }
}

pub struct PhaseSpec {
    pub label: String,
    pub files: Vec<CorpusFile>,
    pub pages_per_doc: usize,
    /// Files per upload request (one batch each).
    pub upload_chunk: usize,
}

/// Latencies in milliseconds, one per document (exact) or from a histogram
/// (interpolated within its buckets).
#[derive(Debug, Clone)]
pub enum Latency {
    Exact(Vec<f64>),
    Bucketed { p50: f64, p95: f64, p99: f64, n: u64 },
}

pub struct PhaseResult {
    pub label: String,
    pub n_docs: usize,
    pub n_pages: usize,
    pub n_failed: usize,
    /// Upload start to the last document finished, in seconds.
    pub elapsed: f64,
    pub stages: Vec<(&'static str, Latency)>,
    pub worker_cpu: f64,
    pub api_cpu: f64,
    /// The run database's Postgres backends (the harness's own polling included).
    pub postgres_cpu: f64,
    pub s3_cpu: f64,
    pub worker_peak_rss_mib: f64,
}

pub async fn upload(
    stack: &Stack,
    tenant: &Tenant,
    files: &[CorpusFile],
    cache: &mut FileCache,
) -> anyhow::Result<String> {
    let mut form = reqwest::multipart::Form::new();
    for (idx, file) in files.iter().enumerate() {
        let bytes = cache.bytes(&file.path)?.clone();
        // A unique name per copy, as a real batch has; the bytes decide the format.
        let name = format!("{idx:05}-{}", file.name);
        form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    }
    let response = stack
        .http
        .post(format!("{}/v1/batches", stack.api_base))
        .bearer_auth(&tenant.key)
        .multipart(form)
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status == reqwest::StatusCode::ACCEPTED, "upload answered {status}: {body}");
    Ok(body["batch_id"].as_str().context("batch_id")?.to_owned())
}

/// Waits until every document of the batches is finished and its input deleted.
pub async fn wait_settled(
    stack: &Stack,
    batches: &[uuid::Uuid],
    expected: usize,
    patience: Duration,
) -> anyhow::Result<bool> {
    let deadline = Instant::now() + patience;
    loop {
        let row = sqlx::query(
            "SELECT count(*) FILTER (WHERE input_deleted_at IS NOT NULL AND finished_at IS NOT NULL) AS settled
             FROM documents WHERE batch_id = ANY($1)",
        )
        .bind(batches)
        .fetch_one(&stack.pool)
        .await?;
        let settled: i64 = row.get("settled");
        if settled as usize >= expected {
            return Ok(true);
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn run_phase(
    stack: &Stack,
    tenant: &Tenant,
    cursor: &mut i64,
    spec: PhaseSpec,
    cache: &mut FileCache,
) -> anyhow::Result<PhaseResult> {
    let n_docs = spec.files.len();
    eprintln!("bench: {} — {} documents", spec.label, n_docs);
    let (worker, api) = (stack.worker_pid(), stack.api_pid());
    let metrics_before = stack.metrics().await?;
    stack::reset_peak_rss(worker);
    let (worker_cpu0, api_cpu0, s3_cpu0) =
        (stack::cpu_seconds(worker), stack::cpu_seconds(api), stack::cpu_seconds(stack.s3_pid()));
    let postgres_cpu0 = stack.postgres_cpu().await?;
    let started_at = chrono::Utc::now();

    let mut batches = Vec::new();
    for chunk in spec.files.chunks(spec.upload_chunk.max(1)) {
        batches.push(uuid::Uuid::parse_str(&upload(stack, tenant, chunk, cache).await?)?);
    }
    let settled = wait_settled(stack, &batches, n_docs, Duration::from_secs(3_600)).await?;
    anyhow::ensure!(settled, "{}: the documents did not settle within an hour", spec.label);

    let worker_cpu = stack::cpu_seconds(worker) - worker_cpu0;
    let api_cpu = stack::cpu_seconds(api) - api_cpu0;
    let s3_cpu = stack::cpu_seconds(stack.s3_pid()) - s3_cpu0;
    let postgres_cpu: f64 =
        stack.postgres_cpu().await?.iter().map(|(pid, cpu)| cpu - postgres_cpu0.get(pid).copied().unwrap_or(0.0)).sum();
    let worker_peak_rss_mib = stack::peak_rss_mib(worker);
    let metrics_after = stack.metrics().await?;

    let rows = sqlx::query(
        "SELECT id, status,
                extract(epoch FROM started_at - created_at)::float8 * 1000 AS queue_ms,
                extract(epoch FROM finished_at - created_at)::float8 * 1000 AS e2e_ms,
                extract(epoch FROM input_deleted_at - finished_at)::float8 * 1000 AS delete_ms,
                extract(epoch FROM finished_at - $2)::float8 AS since_start
         FROM documents WHERE batch_id = ANY($1)",
    )
    .bind(&batches)
    .bind(started_at)
    .fetch_all(&stack.pool)
    .await?;
    let mut queue_wait = Vec::new();
    let mut end_to_end = Vec::new();
    let mut delete = Vec::new();
    let mut elapsed = 0f64;
    let mut n_failed = 0;
    let mut ids = HashSet::new();
    for row in &rows {
        let status: String = row.get("status");
        if status == "failed" {
            n_failed += 1;
        }
        ids.insert(row.get::<uuid::Uuid, _>("id").to_string());
        queue_wait.extend(row.get::<Option<f64>, _>("queue_ms"));
        end_to_end.extend(row.get::<Option<f64>, _>("e2e_ms"));
        delete.extend(row.get::<Option<f64>, _>("delete_ms"));
        elapsed = elapsed.max(row.get::<Option<f64>, _>("since_start").unwrap_or(0.0));
    }

    let timings = result_timings(stack, tenant, cursor, &ids, n_docs - n_failed).await?;
    let pick =
        |f: &dyn Fn(&BTreeMap<String, f64>) -> Option<f64>| -> Vec<f64> { timings.iter().filter_map(f).collect() };
    let get = |t: &BTreeMap<String, f64>, k: &str| t.get(k).copied().unwrap_or(0.0);
    let ocr = pick(&|t| t.get("ocr").copied());
    let models = pick(&|t| {
        (t.contains_key("classify") || t.contains_key("fields")).then(|| get(t, "classify") + get(t, "fields"))
    });
    // Reading: the text layer, rendering and image decoding when the page layer ran
    // (OCR runs pages in parallel, so the total minus OCR would be meaningless);
    // otherwise (XML, Factur-X) everything but the models.
    let read = pick(&|t| {
        let layer: Vec<f64> = ["extract_text", "render", "decode"].iter().filter_map(|k| t.get(*k).copied()).collect();
        if layer.is_empty() {
            t.get("total").map(|total| (total - get(t, "classify") - get(t, "fields")).max(0.0))
        } else {
            Some(layer.iter().sum())
        }
    });
    let pipeline = pick(&|t| t.get("total").copied());

    let histograms = StageHistograms::diff(&metrics_before, &metrics_after);
    let mut stages: Vec<(&'static str, Latency)> = vec![
        ("queue wait", Latency::Exact(queue_wait)),
        ("fetch", histograms.latency("fetch")),
        ("wait for a pipeline slot", histograms.latency("cpu_wait")),
        ("read (XML, text layer, render, decode)", Latency::Exact(read)),
        ("OCR (summed over pages)", Latency::Exact(ocr)),
        ("models (classify + fields)", Latency::Exact(models)),
        ("pipeline total", Latency::Exact(pipeline)),
        ("store (seal + put)", histograms.latency("store")),
        ("delete (input)", Latency::Exact(delete)),
        ("end to end (upload → done)", Latency::Exact(end_to_end)),
    ];
    stages.retain(|(_, latency)| match latency {
        Latency::Exact(values) => !values.is_empty(),
        Latency::Bucketed { n, .. } => *n > 0,
    });
    Ok(PhaseResult {
        label: spec.label,
        n_docs,
        n_pages: n_docs * spec.pages_per_doc,
        n_failed,
        elapsed,
        stages,
        worker_cpu,
        api_cpu,
        postgres_cpu,
        s3_cpu,
        worker_peak_rss_mib,
    })
}

/// Reads the tenant's results feed from `cursor` until the `expected` results of
/// `ids` arrived; returns each one's `timings_ms`. Never looks at anything else in a
/// result (no document text leaves it).
async fn result_timings(
    stack: &Stack,
    tenant: &Tenant,
    cursor: &mut i64,
    ids: &HashSet<String>,
    expected: usize,
) -> anyhow::Result<Vec<BTreeMap<String, f64>>> {
    let mut timings = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while timings.len() < expected && Instant::now() < deadline {
        let page: Value = stack
            .http
            .get(format!("{}/v1/results?after={}&limit=1000&wait=5", stack.api_base, *cursor))
            .bearer_auth(&tenant.key)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        *cursor = page["next"].as_i64().context("a next cursor")?;
        for result in page["results"].as_array().into_iter().flatten() {
            if !result["document_id"].as_str().is_some_and(|id| ids.contains(id)) {
                continue;
            }
            let map = result["timings_ms"]
                .as_object()
                .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_f64()?))).collect())
                .unwrap_or_default();
            timings.push(map);
        }
    }
    Ok(timings)
}

/// The worker's `liasse_stage_seconds` histogram, bucket counts by stage.
struct StageHistograms(BTreeMap<String, Vec<(f64, f64)>>);

impl StageHistograms {
    fn parse(text: &str) -> BTreeMap<String, BTreeMap<String, f64>> {
        let mut out: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        for line in text.lines().filter(|l| l.starts_with("liasse_stage_seconds_bucket{")) {
            let Some((labels, count)) = line.rsplit_once(' ') else { continue };
            let label = |name: &str| {
                labels.split(&format!("{name}=\"")).nth(1).and_then(|rest| rest.split('"').next()).map(str::to_owned)
            };
            if let (Some(stage), Some(le), Ok(count)) = (label("stage"), label("le"), count.parse::<f64>()) {
                out.entry(stage).or_default().insert(le, count);
            }
        }
        out
    }

    fn diff(before: &str, after: &str) -> Self {
        let before = Self::parse(before);
        let mut out = BTreeMap::new();
        for (stage, buckets) in Self::parse(after) {
            let mut rows: Vec<(f64, f64)> = buckets
                .iter()
                .map(|(le, count)| {
                    let bound = if le == "+Inf" { f64::INFINITY } else { le.parse().unwrap_or(f64::INFINITY) };
                    let earlier = before.get(&stage).and_then(|b| b.get(le)).copied().unwrap_or(0.0);
                    (bound, count - earlier)
                })
                .collect();
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            out.insert(stage, rows);
        }
        Self(out)
    }

    /// Quantiles in ms, interpolated linearly within buckets (as Prometheus's
    /// histogram_quantile does).
    fn latency(&self, stage: &str) -> Latency {
        let Some(rows) = self.0.get(stage) else { return Latency::Bucketed { p50: 0.0, p95: 0.0, p99: 0.0, n: 0 } };
        let total = rows.last().map_or(0.0, |r| r.1);
        let quantile = |q: f64| {
            let rank = q * total;
            let mut lower = (0.0, 0.0);
            for &(bound, cumulative) in rows {
                if cumulative >= rank {
                    if bound.is_infinite() {
                        return lower.0 * 1000.0;
                    }
                    let in_bucket = cumulative - lower.1;
                    let fraction = if in_bucket > 0.0 { (rank - lower.1) / in_bucket } else { 1.0 };
                    return (lower.0 + (bound - lower.0) * fraction) * 1000.0;
                }
                lower = (bound, cumulative);
            }
            lower.0 * 1000.0
        };
        Latency::Bucketed { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99), n: total as u64 }
    }
}

/// The value at quantile `q` (0..=1) of unsorted values, interpolated between ranks.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let position = q * (sorted.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}
