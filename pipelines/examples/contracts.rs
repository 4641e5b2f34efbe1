//! Measures the contract extractor alone: reads each file's pages, runs
//! `fields::contract::extract` as if the document were classified a contract, and
//! prints one JSON line per file in the shape of `shared/RESULT_SCHEMA.md`:
//!
//! ```text
//! cargo run -p liasse-pipelines --example contracts -- FILE... > contracts.jsonl
//! python3 shared/eval/score.py shared/eval/dev/manifest.jsonl contracts.jsonl
//! ```
//!
//! The scorer's `kleister-nda` line is the measure (the other sets have no result
//! here). With `--text`, each document's page text goes to stderr, to see what the
//! rules read. Run it from the repository root so that PDFium is found in `.venv/`.
//! Measuring only: the rules are written for contracts in general, never for these
//! documents.

use std::process::ExitCode;

use liasse_core::{DocClass, DocumentId, DocumentResult, Extraction};
use liasse_pipelines::{Input, Options, Pipeline, fields};

fn main() -> ExitCode {
    let show_text = std::env::args().any(|arg| arg == "--text");
    let paths: Vec<String> = std::env::args().skip(1).filter(|arg| arg != "--text").collect();
    if paths.is_empty() {
        eprintln!("usage: contracts FILE...");
        return ExitCode::from(2);
    }
    // Only page reading is needed here, not the invoice field extractor's model.
    let pipeline = match Pipeline::load_without_extractor(Default::default()) {
        Ok(pipeline) => pipeline,
        Err(error) => {
            eprintln!("cannot load the pipeline: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options::default();
    let mut failed = false;
    for path in &paths {
        let filename =
            std::path::Path::new(path).file_name().map_or(path.clone(), |name| name.to_string_lossy().into());
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                failed = true;
                continue;
            }
        };
        let document_id = DocumentId::new();
        let input = Input { document_id, filename: &filename, bytes: &bytes, options: &options };
        let line = match pipeline.read_layout(input) {
            Ok(layer) => {
                if show_text {
                    eprintln!("==== {filename}\n{}", layer.layout.text());
                }
                let mut extraction = Extraction::new(DocClass::Contract, 1.0, layer.source);
                fields::contract::extract(&layer.layout, &mut extraction);
                let result = DocumentResult { document_id, filename, extraction };
                serde_json::to_string(&result).unwrap_or_default()
            }
            Err(error) => {
                failed = true;
                serde_json::json!({ "filename": filename, "error": { "code": error.code, "message": error.message } })
                    .to_string()
            }
        };
        println!("{line}");
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
