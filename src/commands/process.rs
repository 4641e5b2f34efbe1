//! `liasse process`: the pipeline on local files, in this process, with no database
//! and no store. `--json` prints one RESULT_SCHEMA object per line (plus `path`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Context as _;
use clap::Args;
use liasse_core::{DocumentId, DocumentResult};
use liasse_pipelines::{Input, Options, Pipeline};
use serde_json::json;

use crate::config::Config;

#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// Print one JSON result per line instead of a table.
    #[arg(long)]
    json: bool,
    /// Read Factur-X/ZUGFeRD PDFs from the visible page only.
    #[arg(long)]
    ignore_embedded_xml: bool,
    /// Documents processed at once (default: one per CPU).
    #[arg(long)]
    jobs: Option<usize>,
    /// Files or folders (folders are walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Files under `paths`, folders walked recursively in name order, hidden files skipped.
pub fn collect_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if metadata.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot list {}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            entries.sort();
            files.extend(collect_files(&entries)?);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// One file through the pipeline, as the JSON line `--json` prints.
fn process_one(pipeline: &Pipeline, options: &Options, path: &Path) -> serde_json::Value {
    let filename = file_name(path);
    let document_id = DocumentId::new();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return json!({ "document_id": document_id, "filename": filename, "path": path, "error": { "code": "unreadable", "message": error.to_string() } });
        }
    };
    let input = Input { document_id, filename: &filename, bytes: &bytes, options };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.process(input)));
    let mut value = match outcome {
        Ok(Ok(extraction)) => {
            serde_json::to_value(DocumentResult { document_id, filename, extraction }).unwrap_or_default()
        }
        Ok(Err(error)) => {
            json!({ "document_id": document_id, "filename": filename, "error": { "code": error.code, "message": error.message } })
        }
        Err(_) => {
            json!({ "document_id": document_id, "filename": filename, "error": { "code": "internal_error", "message": "the pipeline panicked" } })
        }
    };
    value["path"] = json!(path);
    value
}

pub fn process(config: &Config, args: ProcessArgs) -> anyhow::Result<()> {
    let files = collect_files(&args.paths)?;
    let pipeline = Pipeline::load(config.pipeline.clone()).context("loading the pipeline")?;
    let options = Options { ignore_embedded_xml: args.ignore_embedded_xml };
    let mut printer = Printer::new(args.json);
    run_in_order(&pipeline, &options, &files, args.jobs, |_, value| printer.print(&value));
    printer.finish();
    Ok(())
}

/// Runs the pipeline over `files` on `jobs` threads (default: one per CPU) and hands
/// each result to `on_result` in input order, as soon as it and those before it are done.
pub fn run_in_order(
    pipeline: &Pipeline,
    options: &Options,
    files: &[PathBuf],
    jobs: Option<usize>,
    mut on_result: impl FnMut(usize, serde_json::Value),
) {
    let n_threads = jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)).max(1);
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, serde_json::Value)>();
    std::thread::scope(|scope| {
        for _ in 0..n_threads.min(files.len().max(1)) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    if sender.send((index, process_one(pipeline, options, path))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut pending = BTreeMap::new();
        let mut next_to_print = 0;
        for (index, value) in receiver {
            pending.insert(index, value);
            while let Some(value) = pending.remove(&next_to_print) {
                on_result(next_to_print, value);
                next_to_print += 1;
            }
        }
    });
}

struct Printer {
    json: bool,
    n_done: usize,
    n_failed: usize,
    n_review: usize,
}

impl Printer {
    fn new(json: bool) -> Self {
        if !json {
            println!("{:<40} {:<12} {:>5} {:<12} {:>6}  NOTES", "FILE", "CLASS", "CONF", "SOURCE", "FIELDS");
        }
        Self { json, n_done: 0, n_failed: 0, n_review: 0 }
    }

    fn print(&mut self, value: &serde_json::Value) {
        let failed = value.get("error").is_some();
        let review = value["needs_review"].as_bool().unwrap_or(false);
        if failed {
            self.n_failed += 1;
        } else {
            self.n_done += 1;
        }
        if review {
            self.n_review += 1;
        }
        if self.json {
            println!("{value}");
            return;
        }
        let name: String = value["filename"].as_str().unwrap_or_default().chars().take(40).collect();
        if failed {
            println!(
                "{name:<40} {:<12} {:>5} {:<12} {:>6}  {}",
                "FAILED",
                "",
                "",
                "",
                value["error"]["code"].as_str().unwrap_or_default()
            );
        } else {
            let notes = value["review_reasons"].get(0).and_then(|r| r.as_str()).unwrap_or_default();
            println!(
                "{name:<40} {:<12} {:>5.2} {:<12} {:>6}  {}",
                value["class"].as_str().unwrap_or_default(),
                value["class_confidence"].as_f64().unwrap_or_default(),
                value["source"].as_str().unwrap_or_default(),
                value["fields"].as_object().map_or(0, |f| f.len()),
                notes.chars().take(70).collect::<String>(),
            );
        }
    }

    fn finish(&self) {
        if !self.json {
            println!("\n{} processed, {} failed, {} to review", self.n_done, self.n_failed, self.n_review);
        }
    }
}
