//! The alternatives, run in the same run on the same files: raw `tesseract` on the
//! page images, `pdftotext` and invoice2data on the digital PDFs, and `oha` against
//! the results API. Each returns what one row of the table needs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context as _;
use serde_json::Value;

use crate::corpus::CorpusFile;

pub struct Timed {
    /// Wall seconds for all the files.
    pub seconds: f64,
    pub n_files: usize,
    pub n_failed: usize,
    /// A note for the table (what was run, or what it found).
    pub note: String,
}

/// Runs one process per file, `parallel` at a time, as `xargs -P` would.
fn run_per_file(
    files: &[CorpusFile],
    parallel: usize,
    make: impl Fn(&Path) -> Command + Sync,
) -> anyhow::Result<Timed> {
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..parallel.max(1) {
            scope.spawn(|| {
                loop {
                    let idx = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(idx) else { break };
                    let ok = make(&file.path)
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .is_ok_and(|s| s.success());
                    if !ok {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    Ok(Timed {
        seconds: started.elapsed().as_secs_f64(),
        n_files: files.len(),
        n_failed: failed.into_inner(),
        note: String::new(),
    })
}

/// `tesseract PAGE stdout -l LANGS --dpi 300 tsv` per page, OMP_THREAD_LIMIT=1, one
/// process per core: the same languages and output (words with boxes) as Liasse's OCR.
pub fn tesseract(pages: &[CorpusFile], parallel: usize, languages: &str) -> anyhow::Result<Timed> {
    eprintln!("bench: baseline tesseract — {} pages, {parallel} at a time", pages.len());
    let mut timed = run_per_file(pages, parallel, |path| {
        let mut command = Command::new("tesseract");
        command.arg(path).arg("stdout").args(["-l", languages, "--dpi", "300", "tsv"]).env("OMP_THREAD_LIMIT", "1");
        command
    })?;
    timed.note = format!(
        "tesseract {} CLI, -l {languages}, tsv, OMP_THREAD_LIMIT=1, {parallel} processes",
        version("tesseract")
    );
    Ok(timed)
}

/// `pdftotext -layout PDF -` per file, one process per core.
pub fn pdftotext(pdfs: &[CorpusFile], parallel: usize) -> anyhow::Result<Timed> {
    eprintln!("bench: baseline pdftotext — {} PDFs", pdfs.len());
    let mut timed = run_per_file(pdfs, parallel, |path| {
        let mut command = Command::new("pdftotext");
        command.arg("-layout").arg(path).arg("-");
        command
    })?;
    timed.note = format!("pdftotext {} -layout, {parallel} processes", version("pdftotext"));
    Ok(timed)
}

/// invoice2data's library API in `parallel` Python processes (templates loaded once
/// per process), each timing its own loop; the slowest loop is the wall time.
pub fn invoice2data(root: &Path, pdfs: &[CorpusFile], parallel: usize) -> anyhow::Result<Option<Timed>> {
    let python = root.join(".venv-bench/bin/python");
    if !python.exists() {
        return Ok(None);
    }
    eprintln!("bench: baseline invoice2data — {} PDFs", pdfs.len());
    let script = root.join("benches/baselines/invoice2data_loop.py");
    let templates = root.join("benches/baselines/invoice2data-templates");
    let shares: Vec<Vec<PathBuf>> = (0..parallel.max(1))
        .map(|k| pdfs.iter().skip(k).step_by(parallel.max(1)).map(|f| f.path.clone()).collect())
        .collect();
    let children: Vec<_> = shares
        .iter()
        .filter(|share| !share.is_empty())
        .map(|share| {
            Command::new(&python)
                .arg(&script)
                .arg(&templates)
                .args(share)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    let (mut seconds, mut extracted, mut n_files) = (0f64, 0usize, 0usize);
    for child in children {
        let output = child.wait_with_output()?;
        anyhow::ensure!(output.status.success(), "invoice2data_loop.py failed");
        let line: Value = serde_json::from_slice(&output.stdout).context("invoice2data_loop.py prints JSON")?;
        seconds = seconds.max(line["seconds"].as_f64().unwrap_or(0.0));
        extracted += line["extracted"].as_u64().unwrap_or(0) as usize;
        n_files += line["files"].as_u64().unwrap_or(0) as usize;
    }
    let version = Command::new(&python)
        .args(["-c", "import importlib.metadata as m; print(m.version('invoice2data'))"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    Ok(Some(Timed {
        seconds,
        n_files,
        n_failed: n_files - extracted,
        note: format!(
            "invoice2data {version} library API, {parallel} processes, all fields found on {extracted}/{n_files}"
        ),
    }))
}

pub struct LoadResult {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub achieved_rps: f64,
    pub success_rate: f64,
    pub note: String,
}

/// `oha` open-loop at a fixed rate with latency correction (coordinated omission
/// counted), keep-alive connections, JSON output.
pub fn oha(url: &str, key: &str, rate: u32, seconds: u64) -> anyhow::Result<Option<LoadResult>> {
    if Command::new("oha").arg("--version").output().is_err() {
        return Ok(None);
    }
    eprintln!("bench: oha — {rate} requests/s for {seconds} s on {}", url.split('?').next().unwrap_or(url));
    let output = Command::new("oha")
        .args(["--no-tui", "--output-format", "json", "--latency-correction"])
        .args(["-q", &rate.to_string(), "-z", &format!("{seconds}s"), "-c", "50"])
        .args(["-H", &format!("Authorization: Bearer {key}")])
        .arg(url)
        .stderr(Stdio::null())
        .output()
        .context("running oha")?;
    anyhow::ensure!(output.status.success(), "oha failed: {}", String::from_utf8_lossy(&output.stdout));
    let report: Value = serde_json::from_slice(&output.stdout).context("oha prints JSON")?;
    let summary = &report["summary"];
    let percentile = |p: &str| report["latencyPercentiles"][p].as_f64().unwrap_or(f64::NAN) * 1000.0;
    let codes = report["statusCodeDistribution"].as_object().cloned().unwrap_or_default();
    Ok(Some(LoadResult {
        p50_ms: percentile("p50"),
        p99_ms: percentile("p99"),
        achieved_rps: summary["requestsPerSec"].as_f64().unwrap_or(0.0),
        success_rate: summary["successRate"].as_f64().unwrap_or(0.0),
        note: format!("{} (status codes {})", version("oha"), Value::Object(codes)),
    }))
}

/// The version a tool prints (`-v` for poppler's tools, `--version` for the others).
fn version(tool: &str) -> String {
    let flag = if tool.starts_with("pdf") { "-v" } else { "--version" };
    Command::new(tool)
        .arg(flag)
        .output()
        .ok()
        .and_then(|o| {
            let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            let line = text.lines().find(|l| l.contains(tool) || l.contains("version"))?.to_owned();
            line.split_whitespace().last().map(str::to_owned)
        })
        .unwrap_or_default()
}
