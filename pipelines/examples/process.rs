//! Runs the pipeline on files and prints one JSON line per file, in the shape of
//! `shared/RESULT_SCHEMA.md`, for the evaluation scorer:
//!
//! ```text
//! cargo run --release -p liasse-pipelines --example process -- [--layout] [--threads N] FILE... > results.jsonl
//! python3 shared/eval/score.py shared/eval/dev/manifest.jsonl results.jsonl
//! ```
//!
//! A document that fails prints `{"filename": …, "error": {"code": …, "message": …}}`.
//! On stderr, one line per file says how its pages were read and how long that took;
//! with `--layout`, the page text in reading order follows it (the pages are then read
//! twice, so leave it out when measuring time).
//!
//! Run it from the repository root so that PDFium is found in `.venv/` (or set
//! `LIASSE_PDFIUM_LIBRARY`). It re-executes itself with `OMP_THREAD_LIMIT=1` when that
//! is unset (see `liasse_pipelines::ocr`).

use std::path::Path;
use std::process::ExitCode;

use liasse_core::{DocumentId, DocumentResult, ErrorCode};
use liasse_pipelines::{Input, OcrConfig, Options, Pipeline, PipelineConfig};

fn main() -> ExitCode {
    if let Err(error) = liasse_pipelines::ocr::exec_with_single_openmp_thread() {
        eprintln!("cannot re-execute with OMP_THREAD_LIMIT=1 ({error}); OCR will be slower");
    }
    let mut show_layout = false;
    let mut threads = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--layout" => show_layout = true,
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()),
            _ => paths.push(arg),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: process [--layout] [--threads N] FILE...");
        return ExitCode::from(2);
    }
    let config = PipelineConfig { ocr: OcrConfig { threads, ..OcrConfig::default() }, ..PipelineConfig::default() };
    let pipeline = match Pipeline::load(config) {
        Ok(pipeline) => pipeline,
        Err(error) => {
            eprintln!("cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options::default();
    let mut all_read = true;
    for path in &paths {
        let filename = Path::new(path).file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let line = match std::fs::read(path) {
            Ok(bytes) => {
                let document_id = DocumentId::new();
                let input = Input { document_id, filename: &filename, bytes: &bytes, options: &options };
                if show_layout {
                    print_layout(&pipeline, input);
                }
                match pipeline.process(input) {
                    Ok(extraction) => {
                        eprintln!("{}", summary(&filename, &extraction));
                        let result = DocumentResult { document_id, filename: filename.clone(), extraction };
                        serde_json::to_value(&result).unwrap_or_else(|error| {
                            error_line(&filename, ErrorCode::InternalError, &format!("cannot serialise: {error}"))
                        })
                    }
                    Err(error) => {
                        eprintln!("{filename}: {error}");
                        error_line(&filename, error.code, &error.message)
                    }
                }
            }
            Err(error) => {
                all_read = false;
                error_line(&filename, ErrorCode::InputMissing, &format!("cannot read the file: {}", error.kind()))
            }
        };
        println!("{line}");
    }
    if all_read { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `file: source, total ms, and per stage`, with OCR time per OCR'd page.
fn summary(filename: &str, extraction: &liasse_core::Extraction) -> String {
    let timings: Vec<String> = extraction.timings_ms.iter().map(|(stage, ms)| format!("{stage}={ms}")).collect();
    format!("{filename}: source={} {} ms", extraction.source.as_str(), timings.join(" "))
}

/// The page layer on stderr: per page, how it was read, then its text.
fn print_layout(pipeline: &Pipeline, input: Input<'_>) {
    let Ok(layer) = pipeline.read_layout(input) else {
        return;
    };
    let n_ocr = layer.layout.pages.iter().filter(|page| page.source == liasse_core::Source::Ocr).count();
    let ocr_ms = layer.timings_ms.get("ocr").copied().unwrap_or(0);
    eprintln!(
        "=== {} — {} pages, {} by OCR ({} ms/page), {} words",
        input.filename,
        layer.layout.pages.len(),
        n_ocr,
        if n_ocr > 0 { ocr_ms / n_ocr as u64 } else { 0 },
        layer.layout.n_words()
    );
    for page in &layer.layout.pages {
        let confidence = if page.n_words() > 0 {
            page.words().map(|word| word.confidence).sum::<f32>() / page.n_words() as f32
        } else {
            0.0
        };
        eprintln!(
            "--- page {} ({}, {:.0}×{:.0} pt, turned {}°, mean confidence {:.2})",
            page.number,
            page.source.as_str(),
            page.width,
            page.height,
            page.rotation_applied,
            confidence
        );
        eprintln!("{}", page.text());
    }
}

fn error_line(filename: &str, code: ErrorCode, message: &str) -> serde_json::Value {
    serde_json::json!({ "filename": filename, "error": { "code": code, "message": message } })
}
