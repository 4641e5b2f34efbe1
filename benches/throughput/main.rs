//! The throughput harness: the whole system on a generated corpus, against the
//! alternatives, in one run, printing one table.
//!
//! `cargo bench --bench throughput` (release build). It creates a Postgres database
//! for the run, starts s3s-fs on loopback and the release `liasse serve` and
//! `liasse work` processes, uploads each input kind through the API in turn, and runs
//! each baseline right after the phase it is compared with, on the same files. Sizes:
//! `LIASSE_BENCH_SIZE=quick|default|full` and the `LIASSE_BENCH_*` variables of
//! `throughput/config.rs`. Setup: `scripts/setup.sh` then `scripts/bench-setup.sh`.
//! Never run by CI (`cargo test` does not build benches; `--all-targets` only
//! compiles them). See `benches/README.md`.

mod baselines;
mod config;
mod corpus;
mod measure;
mod ocr;
mod queue;
mod report;
mod stack;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sqlx::Row;

use config::Sizes;
use corpus::Corpus;
use measure::{FileCache, PhaseSpec};
use report::Report;
use stack::{Stack, Tenant};

/// Tesseract languages of Liasse's default `pipeline.ocr.languages`; the baseline uses the same.
const OCR_LANGUAGES: &str = "fra+eng+deu";

fn main() -> ExitCode {
    // The OCR-engine rows run Tesseract in this process: its OpenMP must see
    // OMP_THREAD_LIMIT=1 from the start, as in `liasse` itself.
    if let Err(error) = liasse_pipelines::ocr::exec_with_single_openmp_thread() {
        eprintln!("warning: could not limit OpenMP to one thread ({error}); the OCR-engine rows will be slower");
    }
    // `cargo bench` passes `--bench`; a filter argument is not supported: sizes are
    // chosen with environment variables.
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sizes = Sizes::from_env()?;
    eprintln!("bench: preset {} — {sizes:?}", sizes.preset);
    eprintln!("bench: {}; load average {}", report::machine(), report::load_average());
    let corpus = corpus::build(&root, sizes.scanned_pdf_pages)?;
    let stack = Stack::start(&root).await?;
    eprintln!("bench: stack up (logs in {})", stack.run_dir.display());
    let mut report = Report::default();
    let outcome = measure_all(&root, &stack, &corpus, &sizes, &mut report).await;
    let shutdown = stack.shut_down().await;
    report.print(&sizes, started.elapsed().as_secs_f64());
    outcome?;
    shutdown
}

async fn measure_all(
    root: &Path,
    stack: &Stack,
    corpus: &Corpus,
    sizes: &Sizes,
    report: &mut Report,
) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let tenant = stack.create_tenant("bench")?;
    let other = stack.create_tenant("bench-other")?;
    let mut cursor = 0i64;
    let mut cache = FileCache::default();
    let files = |names: &[&str]| -> Vec<corpus::CorpusFile> { names.iter().map(|n| corpus.demo_file(n)).collect() };

    // Warm-up, not reported: the first document of each kind loads what is loaded lazily.
    let mut warm_up = files(&corpus::XMLS);
    warm_up.extend(files(&corpus::DIGITAL));
    warm_up.push(corpus.demo_file(corpus::FACTURX));
    warm_up.extend(corpus.page_pngs.iter().take(1).cloned());
    let spec = PhaseSpec { label: "warm-up".into(), files: warm_up, pages_per_doc: 1, upload_chunk: 100 };
    measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?;

    if sizes.runs("xml") {
        let xml = corpus.cycle(&files(&corpus::XMLS), sizes.xml_docs);
        let spec = PhaseSpec { label: "e-invoice XML".into(), files: xml, pages_per_doc: 1, upload_chunk: 1_000 };
        report.phase(&measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?);
    }

    if sizes.runs("facturx") {
        let facturx = corpus.cycle(&files(&[corpus::FACTURX]), sizes.facturx_docs);
        let spec = PhaseSpec { label: "Factur-X PDF".into(), files: facturx, pages_per_doc: 1, upload_chunk: 1_000 };
        report.phase(&measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?);
    }

    if sizes.runs("digital") {
        let digital = corpus.copies("digital", &files(&corpus::DIGITAL), sizes.digital_docs)?;
        let spec =
            PhaseSpec { label: "digital PDF".into(), files: digital.clone(), pages_per_doc: 1, upload_chunk: 1_000 };
        let phase = measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?;
        report.phase(&phase);
        match baselines::invoice2data(root, &digital, cores)? {
            Some(timed) => report.versus("invoices/s", &phase, &timed, Some(10.0), false),
            None => report.notes.push("invoice2data: skipped (run scripts/bench-setup.sh)".into()),
        }
        let timed = baselines::pdftotext(&digital, cores)?;
        report.versus("documents/s (vs text extraction alone)", &phase, &timed, None, false);
    }

    let pngs = corpus.cycle(&corpus.page_pngs, sizes.scanned_pages);
    let mut tesseract = None;
    if sizes.runs("scanned") {
        let spec =
            PhaseSpec { label: "scanned page PNG".into(), files: pngs.clone(), pages_per_doc: 1, upload_chunk: 100 };
        let phase = measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?;
        report.phase(&phase);
        let timed = baselines::tesseract(&pngs, cores, OCR_LANGUAGES)?;
        report.versus("scanned pages/min", &phase, &timed, Some(0.9), true);
        tesseract = Some(timed);
    }

    if sizes.runs("scanned_pdf") {
        let spec = PhaseSpec {
            label: format!("scanned PDF {} pages", corpus.scanned_pdf_pages),
            files: vec![corpus.scanned_pdf.clone()],
            pages_per_doc: corpus.scanned_pdf_pages,
            upload_chunk: 1,
        };
        let phase = measure::run_phase(stack, &tenant, &mut cursor, spec, &mut cache).await?;
        report.phase(&phase);
        if let Some(timed) = &tesseract {
            report.versus("scanned pages/min (baseline: the PNG pages)", &phase, timed, Some(0.9), true);
        }
        report.rss_target(&phase, corpus.scanned_pdf_pages);
    }

    // While the worker is idle: the fairness backlog below keeps it busy to the end.
    if sizes.runs("ocr_engines") {
        let root = root.to_owned();
        let comparison = tokio::task::spawn_blocking(move || ocr::run(&root)).await??;
        let tesseract = comparison.scores.iter().find(|score| score.engine == "tesseract");
        for score in &comparison.scores {
            report.ocr_engine(&comparison.pages, score, tesseract);
        }
        report.notes.extend(comparison.notes);
    }

    if sizes.runs("api") {
        results_api(stack, &tenant, cursor, sizes, report).await?;
    }

    if sizes.runs("queue") {
        for &batch_size in &sizes.queue_batch_sizes {
            let queue = queue::run(sizes.noop_jobs, sizes.queue_concurrency, batch_size).await?;
            report.queue(
                queue.liasse_jobs_per_s,
                queue.bare_jobs_per_s,
                queue.n_jobs,
                queue.concurrency,
                queue.batch_size,
            );
        }
    }

    if sizes.runs("fairness") {
        fairness(stack, corpus, &tenant, &other, sizes, &mut cache, report).await?;
    }
    Ok(())
}

/// The results API under an open-loop load: a caught-up ERP poll (an empty page
/// after the latest cursor: authentication, the tenant transaction, the query) and
/// one document's result (the same, plus reading and decrypting its sealed object).
async fn results_api(
    stack: &Stack,
    tenant: &Tenant,
    cursor: i64,
    sizes: &Sizes,
    report: &mut Report,
) -> anyhow::Result<()> {
    let seconds = sizes.api_duration.as_secs();
    let feed = format!("{}/v1/results?after={cursor}&limit=100", stack.api_base);
    let result = baselines::oha(&feed, &tenant.key, sizes.api_rate, seconds)?;
    report.api("GET /v1/results (caught-up poll)", sizes.api_rate, seconds, result.as_ref(), Some(20.0));
    let document: uuid::Uuid = sqlx::query_scalar(
        "SELECT d.id FROM documents d JOIN batches b ON b.id = d.batch_id
         WHERE d.tenant_id = $1::uuid AND d.status = 'done' ORDER BY d.finished_at LIMIT 1",
    )
    .bind(&tenant.id)
    .fetch_one(&stack.pool)
    .await?;
    let url = format!("{}/v1/documents/{document}", stack.api_base);
    let result = baselines::oha(&url, &tenant.key, sizes.api_rate, seconds)?;
    report.api("GET /v1/documents/{id} (one sealed result)", sizes.api_rate, seconds, result.as_ref(), None);
    if result.is_some() {
        report.notes.push(format!(
            "Results API: oha (crates.io) open loop at a fixed rate with --latency-correction, 50 keep-alive connections; the rate limit is raised for the run (LIASSE__API__RATE_LIMIT__REQUESTS_PER_SECOND). Load generator, API, Postgres and s3s-fs share the {} cores.",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ));
    }
    Ok(())
}

/// One document of one tenant, on an idle system and then while another tenant's
/// large batch is queued: upload → done, from the documents' timestamps.
async fn fairness(
    stack: &Stack,
    corpus: &Corpus,
    tenant: &Tenant,
    other: &Tenant,
    sizes: &Sizes,
    cache: &mut FileCache,
    report: &mut Report,
) -> anyhow::Result<()> {
    let document = vec![corpus.demo_file(corpus::FAIRNESS_DOC)];
    let mut idle = Vec::new();
    for _ in 0..3 {
        if let Some(latency) = one_document_latency(stack, tenant, &document, cache, Duration::from_secs(120)).await? {
            idle.push(latency);
        }
    }
    let idle_ms = measure::quantile(&idle.iter().map(|latency| latency.total_ms).collect::<Vec<_>>(), 0.5);

    eprintln!("bench: fairness — the other tenant uploads {} documents as one batch", sizes.fairness_docs);
    let backlog =
        corpus.cycle(&corpus::XMLS.iter().map(|n| corpus.demo_file(n)).collect::<Vec<_>>(), sizes.fairness_docs);
    measure::upload(stack, other, &backlog, cache).await?;
    let queued_ahead: i64 =
        sqlx::query_scalar("SELECT count(*) FROM documents WHERE tenant_id = $1::uuid AND status = 'queued'")
            .bind(&other.id)
            .fetch_one(&stack.pool)
            .await?;
    eprintln!("bench: fairness — {queued_ahead} of them still queued; one document of the first tenant, three times");
    // Three in turn, each while the backlog is still queued, as the idle figure is
    // the median of three: one sample of a 30 ms latency is mostly noise.
    let mut loaded = Vec::new();
    for _ in 0..3 {
        match one_document_latency(stack, tenant, &document, cache, sizes.fairness_timeout).await? {
            Some(latency) => loaded.push(latency),
            None => break,
        }
    }
    let loaded_ms: Vec<f64> = loaded.iter().map(|latency| latency.total_ms).collect();
    let loaded_median = (loaded_ms.len() == 3).then(|| measure::quantile(&loaded_ms, 0.5));
    report.fairness(idle_ms, loaded_median, queued_ahead, sizes.fairness_timeout.as_secs());
    // How the claims were ordered: the other tenant's documents that finished while
    // the measured one waited, and those still queued when it was done.
    let (finished_meanwhile, still_queued) = match loaded.last() {
        Some(latency) => {
            let row = sqlx::query(
                "SELECT count(*) FILTER (WHERE o.finished_at BETWEEN d.created_at AND d.finished_at) AS meanwhile,
                        count(*) FILTER (WHERE o.started_at IS NULL OR o.started_at > d.finished_at) AS after
                 FROM documents d, documents o WHERE d.batch_id = $1 AND o.tenant_id = $2::uuid",
            )
            .bind(latency.batch)
            .bind(&other.id)
            .fetch_one(&stack.pool)
            .await?;
            (row.get::<i64, _>("meanwhile"), row.get::<i64, _>("after"))
        }
        None => (-1, -1),
    };
    report.notes.push(format!(
        "Fairness: the document is {} (digital PDF); the other tenant's batch is e-invoice XMLs (the cheapest kind, so its queue drains fastest). Both latencies are the median of 3 (idle: {}; loaded: {}). While the last measured document waited, {finished_meanwhile} of the other tenant's documents finished; {still_queued} were not yet started when it was done. The harness stops after the measured documents; the rest of the batch is dropped with the database.",
        corpus::FAIRNESS_DOC,
        Latency::describe(&idle),
        Latency::describe(&loaded),
    ));
    Ok(())
}

/// One document's upload → done latency, the part of it before a worker claimed it,
/// and its batch.
struct Latency {
    total_ms: f64,
    queued_ms: f64,
    batch: uuid::Uuid,
}

impl Latency {
    fn describe(latencies: &[Latency]) -> String {
        let each: Vec<String> =
            latencies.iter().map(|l| format!("{:.0} ms, of which {:.0} ms queued", l.total_ms, l.queued_ms)).collect();
        each.join("; ")
    }
}

/// Uploads one document and returns its latency, or None when it was not done
/// within `patience`.
async fn one_document_latency(
    stack: &Stack,
    tenant: &Tenant,
    document: &[corpus::CorpusFile],
    cache: &mut FileCache,
    patience: Duration,
) -> anyhow::Result<Option<Latency>> {
    let batch = uuid::Uuid::parse_str(&measure::upload(stack, tenant, document, cache).await?)?;
    if !measure::wait_settled(stack, &[batch], 1, patience).await? {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT extract(epoch FROM finished_at - created_at)::float8 * 1000 AS ms,
                extract(epoch FROM started_at - created_at)::float8 * 1000 AS queued_ms
         FROM documents WHERE batch_id = $1",
    )
    .bind(batch)
    .fetch_one(&stack.pool)
    .await?;
    Ok(row.get::<Option<f64>, _>("ms").map(|total_ms| Latency {
        total_ms,
        queued_ms: row.get::<Option<f64>, _>("queued_ms").unwrap_or(f64::NAN),
        batch,
    }))
}
