//! The one table a run prints (Markdown), with the machine it ran on.

use std::fmt::Write as _;

use crate::baselines::{LoadResult, Timed};
use crate::config::Sizes;
use crate::measure::{Latency, PhaseResult, quantile};
use liasse_pipelines::ocr::compare::Score;

pub struct Row {
    metric: String,
    input: String,
    liasse: String,
    baseline: String,
    ratio: String,
    target: String,
}

#[derive(Default)]
pub struct Report {
    rows: Vec<Row>,
    pub notes: Vec<String>,
}

fn row(metric: impl Into<String>, input: impl Into<String>, liasse: impl Into<String>) -> Row {
    Row {
        metric: metric.into(),
        input: input.into(),
        liasse: liasse.into(),
        baseline: String::new(),
        ratio: String::new(),
        target: String::new(),
    }
}

impl Row {
    fn baseline(mut self, baseline: impl Into<String>) -> Self {
        self.baseline = baseline.into();
        self
    }

    fn ratio(mut self, ratio: f64) -> Self {
        self.ratio = format!("{ratio:.2}×");
        self
    }

    /// `met` is None when the figure cannot be judged (too small a run).
    fn target(mut self, target: &str, met: Option<bool>) -> Self {
        let mark = match met {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "not judged",
        };
        self.target = format!("{target}: {mark}");
        self
    }
}

fn fmt_rate(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn fmt_ms(value: f64) -> String {
    if value.is_nan() {
        "–".into()
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

impl Report {
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// Throughput, latency by stage, worker CPU and peak RSS of one phase.
    pub fn phase(&mut self, phase: &PhaseResult) {
        let input = format!("{} ×{}", phase.label, phase.n_docs);
        let failed = if phase.n_failed > 0 { format!(" ({} failed)", phase.n_failed) } else { String::new() };
        self.push(row(
            "documents/s · pages/s",
            &input,
            format!(
                "{} · {}{failed}",
                fmt_rate(phase.n_docs as f64 / phase.elapsed),
                fmt_rate(phase.n_pages as f64 / phase.elapsed)
            ),
        ));
        for (stage, latency) in &phase.stages {
            let (text, n) = match latency {
                Latency::Exact(values) => (
                    format!(
                        "{} / {} / {}",
                        fmt_ms(quantile(values, 0.5)),
                        fmt_ms(quantile(values, 0.95)),
                        fmt_ms(quantile(values, 0.99))
                    ),
                    String::new(),
                ),
                Latency::Bucketed { p50, p95, p99, .. } => {
                    (format!("{} / {} / {}", fmt_ms(*p50), fmt_ms(*p95), fmt_ms(*p99)), " (histogram)".to_owned())
                }
            };
            self.push(row("latency ms p50 / p95 / p99", format!("{} · {stage}{n}", phase.label), text));
        }
        self.push(row(
            "CPU s: worker (per document) · API · Postgres · s3s-fs",
            &input,
            format!(
                "{:.1} ({:.0} ms) · {:.1} · {:.1} · {:.1}",
                phase.worker_cpu,
                phase.worker_cpu * 1000.0 / phase.n_docs as f64,
                phase.api_cpu,
                phase.postgres_cpu,
                phase.s3_cpu
            ),
        ));
        self.push(row("worker peak RSS MiB", &input, format!("{:.0}", phase.worker_peak_rss_mib)));
    }

    /// Liasse against a per-file baseline, documents per second; `target` is the
    /// ratio Liasse must reach.
    pub fn versus(
        &mut self,
        metric: &str,
        phase: &PhaseResult,
        baseline: &Timed,
        target: Option<f64>,
        per_minute_pages: bool,
    ) {
        let scale = if per_minute_pages { 60.0 } else { 1.0 };
        let units = if per_minute_pages { phase.n_pages } else { phase.n_docs } as f64;
        let liasse = units * scale / phase.elapsed;
        let theirs = baseline.n_files as f64 * scale / baseline.seconds;
        let failed = if baseline.n_failed > 0 && !baseline.note.contains("fields found") {
            format!(", {} failed", baseline.n_failed)
        } else {
            String::new()
        };
        let mut r = row(metric, format!("{} ×{}", phase.label, phase.n_docs), fmt_rate(liasse))
            .baseline(format!("{} ({}{failed})", fmt_rate(theirs), baseline.note))
            .ratio(liasse / theirs);
        if let Some(target) = target {
            r = r.target(&format!("≥ {target}×"), Some(liasse / theirs >= target));
        }
        self.push(r);
    }

    pub fn rss_target(&mut self, phase: &PhaseResult, pages: usize) {
        let judged = (pages >= 300).then_some(phase.worker_peak_rss_mib <= 1024.0);
        self.push(
            row(
                "worker peak RSS MiB, one scanned PDF",
                format!("{pages} pages"),
                format!("{:.0}", phase.worker_peak_rss_mib),
            )
            .target("≤ 1024 MiB on 300 pages", judged),
        );
    }

    /// One OCR engine on the comparison pages, beside Tesseract's figures.
    pub fn ocr_engine(&mut self, pages: &str, score: &Score, tesseract: Option<&Score>) {
        let mut line = row(
            "OCR engine: CER % · pages/s (CPU, 1 thread)",
            format!("{} · {pages}", score.engine),
            format!("{:.2} % · {:.2} ({})", score.cer_percent, score.pages_per_s, score.model_version),
        );
        if let Some(tesseract) = tesseract.filter(|t| t.engine != score.engine) {
            line = line
                .baseline(format!("tesseract {:.2} % · {:.2}", tesseract.cer_percent, tesseract.pages_per_s))
                .ratio(score.pages_per_s / tesseract.pages_per_s);
        }
        self.push(line);
    }

    /// A queue row; the target is judged on Liasse's default batch size only.
    pub fn queue(&mut self, liasse: f64, bare: f64, n_jobs: usize, concurrency: usize, batch_size: usize) {
        let is_default = batch_size == liasse_scheduler::QueueConfig::default().batch_size;
        let met = liasse >= 5_000.0 && liasse / bare >= 0.5;
        let input = format!(
            "queue ×{n_jobs}, concurrency {concurrency}, batch size {batch_size}{}",
            if is_default { " (default)" } else { " (not the default)" }
        );
        let line = row("no-op jobs/s", input, format!("{} (push + apalis worker)", fmt_rate(liasse)))
            .baseline(format!("{} (bare SELECT … FOR UPDATE SKIP LOCKED loop)", fmt_rate(bare)))
            .ratio(liasse / bare);
        self.push(if is_default { line.target("≥ 5000/s and ≥ 0.5×", Some(met)) } else { line });
    }

    pub fn api(&mut self, what: &str, rate: u32, seconds: u64, result: Option<&LoadResult>, target: Option<f64>) {
        let input = format!("{what}, {rate} req/s × {seconds} s");
        match result {
            Some(r) => {
                let mut line = row(
                    "results API latency ms p50 / p99",
                    input,
                    format!(
                        "{} / {} ({:.0} req/s achieved, {:.1} % success)",
                        fmt_ms(r.p50_ms),
                        fmt_ms(r.p99_ms),
                        r.achieved_rps,
                        r.success_rate * 100.0
                    ),
                )
                .baseline(r.note.clone());
                if let Some(target) = target {
                    line = line.target(&format!("p99 ≤ {target} ms"), Some(r.p99_ms <= target));
                }
                self.push(line);
            }
            None => self.push(row(
                "results API latency ms p50 / p99",
                input,
                "skipped: oha not installed (scripts/bench-setup.sh)",
            )),
        }
    }

    pub fn fairness(&mut self, idle_ms: f64, loaded_ms: Option<f64>, queued_ahead: i64, timeout_s: u64) {
        let input = format!("1 document while another tenant has {queued_ahead} queued");
        match loaded_ms {
            Some(loaded) => self.push(
                row("fairness: latency s (upload → done)", input, format!("{:.2}", loaded / 1000.0))
                    .baseline(format!("{:.2} (same document, idle system)", idle_ms / 1000.0))
                    .ratio(loaded / idle_ms)
                    .target("≤ 2×", Some(loaded / idle_ms <= 2.0)),
            ),
            None => self.push(
                row(
                    "fairness: latency s (upload → done)",
                    input,
                    format!("> {timeout_s} (not done when the harness gave up)"),
                )
                .baseline(format!("{:.2} (same document, idle system)", idle_ms / 1000.0))
                .ratio(timeout_s as f64 * 1000.0 / idle_ms)
                .target("≤ 2×", Some(false)),
            ),
        }
    }

    pub fn print(&self, sizes: &Sizes, wall_s: f64) {
        let mut out = String::new();
        let _ = writeln!(out, "\n## Liasse throughput — preset {}, {:.0} s wall\n", sizes.preset, wall_s);
        let _ = writeln!(out, "{}", machine());
        let _ = writeln!(
            out,
            "Load average at the end (1, 5, 15 min; other work on the machine shows here): {}\n",
            load_average()
        );
        let _ = writeln!(out, "| metric | input | Liasse | baseline | ratio | target |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for r in &self.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                r.metric, r.input, r.liasse, r.baseline, r.ratio, r.target
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "\n{note}");
        }
        println!("{out}");
    }
}

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// `nproc`, the CPU model, the memory and the kernel.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|v| v.split(':').nth(1)))
        .map_or("unknown CPU".to_owned(), |v| v.trim().to_owned());
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok()))
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("Machine: {cores} cores (nproc), {model}, {mem_gib:.0} GiB RAM, Linux {}", kernel.trim())
}
