//! Builds the training data of the invoice field extractor from a generator output
//! directory (`models/generator`): every invoice, credit note and receipt is read as the
//! pipeline reads it (`Pipeline::read_layout` on the PDF, and on the scan images where
//! there are some; `text::layout` for text print-outs), and each (field, candidate) pair
//! the extractor would score becomes one row of features, computed by the very code
//! that runs at inference (`fields::invoice::training_rows`), with its label: whether
//! the candidate's value is the truth (`fields::invoice::matches`).
//!
//! ```text
//! cargo run --release -p liasse-pipelines --example extractor_features -- \
//!     --gen models/.cache/gen --out models/.cache/extractor [--cache models/.cache/layouts] [--workers 2]
//! ```
//!
//! Writes under `--out`: `rows.f32` (little-endian float32, one row of
//! `feature_names.json` after another), `rows.tsv` (doc, variant, field, label, page,
//! value of each row), `docs.tsv` (every document variant read, with its template) and
//! `feature_names.json` (version and names). Layouts are cached as JSON under `--cache`
//! keyed by the SHA-256 of the file read, because OCR of a scan takes seconds.
//! Run from the repository root (PDFium and ONNX Runtime are found in `.venv/`).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use liasse_core::{DocClass, DocumentId, Source};
use liasse_pipelines::fields::invoice::{self, features};
use liasse_pipelines::{Input, Layout, OcrConfig, Options, Pipeline, PipelineConfig, language, text};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Serialize, Deserialize)]
struct CachedLayout {
    source: Source,
    layout: Layout,
}

struct Args {
    generated: PathBuf,
    out: PathBuf,
    cache: PathBuf,
    workers: usize,
}

/// One document variant's rows.
struct Read {
    variant: &'static str,
    source: Source,
    language: Option<String>,
    rows: Vec<(invoice::TrainingRow, bool)>,
}

fn main() -> Result<(), String> {
    if let Err(error) = liasse_pipelines::ocr::exec_with_single_openmp_thread() {
        eprintln!("cannot re-execute with OMP_THREAD_LIMIT=1 ({error}); OCR will be slower");
    }
    let all: Vec<String> = std::env::args().collect();
    if all.get(1).map(String::as_str) == Some("--explain") {
        return explain(&all[2..]);
    }
    let args = parse_args()?;
    let truth = std::fs::read_to_string(args.generated.join("truth.jsonl")).map_err(|e| format!("truth.jsonl: {e}"))?;
    let documents: Vec<serde_json::Value> = truth
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|d| matches!(d["class"].as_str(), Some("invoice" | "credit_note" | "receipt")))
        .collect();
    std::fs::create_dir_all(&args.out).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&args.cache).map_err(|e| e.to_string())?;
    let config = PipelineConfig {
        ocr: OcrConfig { threads: Some(args.workers), ..OcrConfig::default() },
        ..PipelineConfig::default()
    };
    let pipeline = Pipeline::load_without_extractor(config).map_err(|e| e.to_string())?;
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<usize, Vec<Read>>> = Mutex::new(BTreeMap::new());
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..args.workers {
            scope.spawn(|| {
                loop {
                    let idx = next.fetch_add(1, Ordering::Relaxed);
                    let Some(document) = documents.get(idx) else { break };
                    let reads = read_document(&pipeline, &args, document);
                    if let Ok(mut results) = results.lock() {
                        results.insert(idx, reads);
                        if results.len() % 200 == 0 {
                            eprintln!(
                                "{} / {} documents ({:.0} s)",
                                results.len(),
                                documents.len(),
                                started.elapsed().as_secs_f32()
                            );
                        }
                    }
                }
            });
        }
    });
    let results = results.into_inner().map_err(|e| e.to_string())?;
    write(&args, &documents, &results).map_err(|e| e.to_string())?;
    eprintln!("{} documents in {:.0} s", documents.len(), started.elapsed().as_secs_f32());
    Ok(())
}

/// `--explain FILE...`: the best-scored candidates of every field of each file, with
/// the committed model, to see why a value was (or was not) chosen. Prints page text
/// values on the terminal: a development aid, never for production logs.
fn explain(paths: &[String]) -> Result<(), String> {
    let pipeline = Pipeline::load_without_extractor(PipelineConfig::default()).map_err(|e| e.to_string())?;
    let runtime = liasse_pipelines::models::Runtime::load(&Default::default()).map_err(|e| e.to_string())?;
    let extractor = invoice::Extractor::load(&runtime).map_err(|e| e.to_string())?;
    let options = Options { ignore_embedded_xml: true };
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let (source, layout) = if path.ends_with(".txt") {
            (Source::Text, text::layout(&text::decode(&bytes)))
        } else {
            let input = Input { document_id: DocumentId::new(), filename: "explain", bytes: &bytes, options: &options };
            let layer = pipeline.read_layout(input).map_err(|e| e.to_string())?;
            (layer.source, layer.layout)
        };
        let language = language::detect(&layout.text()).map(str::to_owned);
        let rows = invoice::training_rows(&layout, DocClass::Invoice, language.as_deref(), source);
        let features: Vec<Vec<f32>> = rows.iter().map(|r| r.features.clone()).collect();
        let scores = extractor.score(features)?;
        println!("== {path} ({language:?}, {} rows)", rows.len());
        // LIASSE_EXPLAIN_FEATURES=name,name…: also print those features of each candidate shown.
        let names = features::names();
        let shown: Vec<usize> = std::env::var("LIASSE_EXPLAIN_FEATURES")
            .unwrap_or_default()
            .split(',')
            .filter_map(|wanted| names.iter().position(|n| n == wanted))
            .collect();
        for spec in features::FIELDS {
            let mut scored: Vec<(f32, &invoice::TrainingRow)> =
                rows.iter().zip(&scores).filter(|(r, _)| r.field == spec.name).map(|(r, p)| (*p, r)).collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            let top: Vec<String> = scored
                .iter()
                .take(3)
                .map(|(p, r)| {
                    let extra: Vec<String> = shown.iter().map(|&i| format!("{}={}", names[i], r.features[i])).collect();
                    format!("{p:.3} {:?} {}", r.value, extra.join(" "))
                })
                .collect();
            println!("  {:16} {}", spec.name, top.join(" | "));
        }
    }
    Ok(())
}

fn parse_args() -> Result<Args, String> {
    let mut generated = None;
    let mut out = None;
    let mut cache = PathBuf::from("models/.cache/layouts");
    let mut workers = 2;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gen" => generated = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--cache" => cache = PathBuf::from(value()?),
            "--workers" => workers = value()?.parse().map_err(|_| "--workers needs a number")?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let usage = "usage: extractor_features --gen DIR --out DIR [--cache DIR] [--workers N]";
    Ok(Args { generated: generated.ok_or(usage)?, out: out.ok_or(usage)?, cache, workers: workers.max(1) })
}

fn read_document(pipeline: &Pipeline, args: &Args, document: &serde_json::Value) -> Vec<Read> {
    let class: DocClass = document["class"].as_str().and_then(|c| c.parse().ok()).unwrap_or(DocClass::Invoice);
    let truth = &document["fields"];
    let mut layouts: Vec<(&'static str, Source, Layout)> = Vec::new();
    if let Some(pdf) = document["pdf"].as_str() {
        match cached_layout(pipeline, &args.cache, &[args.generated.join(pdf)]) {
            Ok((source, layout)) => layouts.push(("pdf", source, layout)),
            Err(error) => eprintln!("{}: {error}", document["id"]),
        }
    }
    if let Some(scans) = document["scan"].as_array() {
        let paths: Vec<PathBuf> = scans.iter().filter_map(|s| s.as_str()).map(|s| args.generated.join(s)).collect();
        match cached_layout(pipeline, &args.cache, &paths) {
            Ok((source, layout)) => layouts.push(("scan", source, layout)),
            Err(error) => eprintln!("{}: {error}", document["id"]),
        }
    }
    if let Some(txt) = document["txt"].as_str()
        && let Ok(bytes) = std::fs::read(args.generated.join(txt))
    {
        layouts.push(("txt", Source::Text, text::layout(&text::decode(&bytes))));
    }
    layouts
        .into_iter()
        .map(|(variant, source, layout)| {
            let language = language::detect(&layout.text()).map(str::to_owned);
            let rows = invoice::training_rows(&layout, class, language.as_deref(), source)
                .into_iter()
                .map(|row| {
                    let label = truth[row.field].as_str().is_some_and(|t| invoice::matches(row.field, &row.value, t));
                    (row, label)
                })
                .collect();
            Read { variant, source, language, rows }
        })
        .collect()
}

/// The layout of a file (or of page images, one page each), from the cache when the
/// same bytes were read before.
fn cached_layout(pipeline: &Pipeline, cache: &Path, paths: &[PathBuf]) -> Result<(Source, Layout), String> {
    let mut hasher = Sha256::new();
    let mut files = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        hasher.update(&bytes);
        files.push(bytes);
    }
    let key = hex::encode(hasher.finalize());
    let cached = cache.join(format!("{key}.json"));
    if let Ok(bytes) = std::fs::read(&cached)
        && let Ok(layout) = serde_json::from_slice::<CachedLayout>(&bytes)
    {
        return Ok((layout.source, layout.layout));
    }
    let options = Options::default();
    let mut layout = Layout::default();
    let mut source = Source::TextLayer;
    for (page_idx, bytes) in files.iter().enumerate() {
        let input = Input { document_id: DocumentId::new(), filename: "training", bytes, options: &options };
        let layer = pipeline.read_layout(input).map_err(|e| e.to_string())?;
        source = layer.source;
        for mut page in layer.layout.pages {
            page.number = u32::try_from(page_idx + 1).unwrap_or(u32::MAX);
            layout.pages.push(page);
        }
    }
    let json = serde_json::to_vec(&CachedLayout { source, layout: layout.clone() }).map_err(|e| e.to_string())?;
    std::fs::write(&cached, json).map_err(|e| e.to_string())?;
    Ok((source, layout))
}

fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

fn write(args: &Args, documents: &[serde_json::Value], results: &BTreeMap<usize, Vec<Read>>) -> std::io::Result<()> {
    let names = features::names();
    let mut matrix = BufWriter::new(std::fs::File::create(args.out.join("rows.f32"))?);
    let mut rows = BufWriter::new(std::fs::File::create(args.out.join("rows.tsv"))?);
    let mut docs = BufWriter::new(std::fs::File::create(args.out.join("docs.tsv"))?);
    writeln!(rows, "doc\tvariant\tfield\tlabel\tpage\tvalue")?;
    writeln!(docs, "doc\tvariant\ttemplate\tclass\tlanguage\tsource\tn_rows")?;
    let (mut n_rows, mut n_positive) = (0usize, 0usize);
    for (idx, reads) in results {
        let document = &documents[*idx];
        let id = document["id"].as_str().unwrap_or_default();
        for read in reads {
            let source =
                serde_json::to_value(read.source).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let template = document["template"].as_str().unwrap_or_default();
            let class = document["class"].as_str().unwrap_or_default();
            let language = read.language.as_deref().unwrap_or("");
            writeln!(docs, "{id}\t{}\t{template}\t{class}\t{language}\t{source}\t{}", read.variant, read.rows.len())?;
            for (row, label) in &read.rows {
                if row.features.len() != names.len() {
                    return Err(std::io::Error::other("a row does not have the features' length"));
                }
                for value in &row.features {
                    matrix.write_all(&value.to_le_bytes())?;
                }
                writeln!(
                    rows,
                    "{id}\t{}\t{}\t{}\t{}\t{}",
                    read.variant,
                    row.field,
                    u8::from(*label),
                    row.page,
                    clean(&row.value)
                )?;
                n_rows += 1;
                n_positive += usize::from(*label);
            }
        }
    }
    let contract = serde_json::json!({ "version": features::VERSION, "names": names });
    std::fs::write(args.out.join("feature_names.json"), serde_json::to_vec_pretty(&contract)?)?;
    eprintln!("{n_rows} rows ({n_positive} positive) of {} features", names.len());
    Ok(())
}
