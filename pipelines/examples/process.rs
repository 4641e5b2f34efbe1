//! Runs the pipeline on files and prints one JSON line per file, in the shape of
//! `shared/RESULT_SCHEMA.md`, for the evaluation scorer:
//!
//! ```text
//! cargo run -p liasse-pipelines --example process -- FILE... > results.jsonl
//! python3 shared/eval/score.py shared/eval/dev/manifest.jsonl results.jsonl
//! ```
//!
//! A document that fails prints `{"filename": …, "error": {"code": …, "message": …}}`.

use std::path::Path;
use std::process::ExitCode;

use liasse_core::{DocumentId, DocumentResult, ErrorCode};
use liasse_pipelines::{Input, Options, Pipeline, PipelineConfig};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: process FILE...");
        return ExitCode::from(2);
    }
    let pipeline = Pipeline::new(PipelineConfig::default());
    let options = Options::default();
    let mut all_read = true;
    for path in &paths {
        let filename = Path::new(path).file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let line = match std::fs::read(path) {
            Ok(bytes) => {
                let document_id = DocumentId::new();
                let input = Input { document_id, filename: &filename, bytes: &bytes, options: &options };
                match pipeline.process(input) {
                    Ok(extraction) => {
                        let result = DocumentResult { document_id, filename: filename.clone(), extraction };
                        serde_json::to_value(&result).unwrap_or_else(|error| {
                            error_line(&filename, ErrorCode::InternalError, &format!("cannot serialise: {error}"))
                        })
                    }
                    Err(error) => error_line(&filename, error.code, &error.message),
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

fn error_line(filename: &str, code: ErrorCode, message: &str) -> serde_json::Value {
    serde_json::json!({ "filename": filename, "error": { "code": code, "message": message } })
}
