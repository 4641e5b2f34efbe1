//! `liasse eval MANIFEST`: runs the pipeline over a manifest in the format of
//! `shared/eval/README.md`, writes the results as JSON lines, and prints per-class
//! accuracy and per-field precision, recall and F1 by its own matching rules
//! (`matching`). The shared scorer stays the reference for acceptance figures; this one
//! is for quick loops and CI-friendly reports.

mod matching;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use liasse_pipelines::{Options, Pipeline};
use serde_json::Value;

use crate::commands::process::run_in_order;
use crate::config::Config;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The manifest (JSON lines: path, expected.class, expected.fields, score_fields, …).
    manifest: PathBuf,
    /// Read Factur-X/ZUGFeRD PDFs from the visible page only.
    #[arg(long)]
    ignore_embedded_xml: bool,
    /// Where to write the results (one JSON result per line, with `path`).
    #[arg(long, default_value = "eval-results.jsonl")]
    out: PathBuf,
    /// Only documents of these expected classes (e.g. invoice,credit_note,receipt).
    #[arg(long, value_delimiter = ',')]
    classes: Vec<String>,
    /// Only documents of these input kinds (the manifest's `source`: xml, embedded_xml, text_layer, ocr, email).
    #[arg(long, value_delimiter = ',')]
    sources: Vec<String>,
    /// Documents processed at once (default: one per CPU).
    #[arg(long)]
    jobs: Option<usize>,
}

struct Entry {
    path: String,
    expected: Value,
    accepted_classes: Vec<String>,
    score_fields: bool,
}

fn read_manifest(args: &EvalArgs) -> anyhow::Result<Vec<Entry>> {
    let text =
        std::fs::read_to_string(&args.manifest).with_context(|| format!("cannot read {}", args.manifest.display()))?;
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let value: Value =
            serde_json::from_str(line).with_context(|| format!("{} line {}", args.manifest.display(), number + 1))?;
        let expected = value["expected"].clone();
        let class = expected["class"].as_str().unwrap_or_default().to_owned();
        let source = value["source"].as_str().unwrap_or_default();
        if (!args.classes.is_empty() && !args.classes.contains(&class))
            || (!args.sources.is_empty() && !args.sources.iter().any(|s| s == source))
        {
            continue;
        }
        let mut accepted_classes: Vec<String> = value["accept_classes"]
            .as_array()
            .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        accepted_classes.push(class);
        entries.push(Entry {
            path: value["path"].as_str().context("a manifest line without path")?.to_owned(),
            expected,
            accepted_classes,
            score_fields: value["score_fields"].as_bool().unwrap_or(true),
        });
    }
    Ok(entries)
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn f1(&self) -> f64 {
        let denominator = 2 * self.tp + self.fp + self.fn_;
        if denominator == 0 { 1.0 } else { 2.0 * self.tp as f64 / denominator as f64 }
    }
}

pub fn eval(config: &Config, args: EvalArgs) -> anyhow::Result<()> {
    let entries = read_manifest(&args)?;
    let base = args.manifest.parent().unwrap_or(Path::new("."));
    let files: Vec<PathBuf> = entries.iter().map(|e| base.join(&e.path)).collect();
    let pipeline = Pipeline::load(config.pipeline.clone()).context("loading the pipeline")?;
    let options = Options { ignore_embedded_xml: args.ignore_embedded_xml };
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&args.out).with_context(|| format!("cannot write {}", args.out.display()))?,
    );
    let mut results: Vec<Value> = vec![Value::Null; entries.len()];
    let mut write_error = None;
    run_in_order(&pipeline, &options, &files, args.jobs, |index, mut value| {
        value["path"] = Value::String(entries[index].path.clone());
        if let Err(error) = writeln!(out, "{value}") {
            write_error.get_or_insert(error);
        }
        eprint!("\r{}/{} documents", index + 1, entries.len());
        results[index] = value;
    });
    eprintln!();
    out.flush()?;
    if let Some(error) = write_error {
        return Err(error).with_context(|| format!("writing {}", args.out.display()));
    }
    report(&entries, &results);
    println!("results written to {}", args.out.display());
    Ok(())
}

fn report(entries: &[Entry], results: &[Value]) {
    let mut by_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_field: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overall = Counts::default();
    let mut n_correct = 0;
    for (entry, result) in entries.iter().zip(results) {
        let expected_class = entry.accepted_classes.last().cloned().unwrap_or_default();
        let got = result["class"].as_str().unwrap_or("<failed>");
        let correct = entry.accepted_classes.iter().any(|c| c == got);
        let slot = by_class.entry(expected_class).or_default();
        slot.1 += 1;
        if correct {
            slot.0 += 1;
            n_correct += 1;
        }
        if !entry.score_fields {
            continue;
        }
        let Some(expected_fields) = entry.expected["fields"].as_object() else { continue };
        for (name, expected) in expected_fields {
            let predicted = predicted_value(result, name);
            let counts = by_field.entry(name.clone()).or_default();
            let (tp, fp, fn_) = matching::score_field(name, expected, predicted.as_ref());
            for c in [&mut *counts, &mut overall] {
                c.tp += tp;
                c.fp += fp;
                c.fn_ += fn_;
            }
        }
    }
    println!("{:<14} {:>5} {:>9}", "class", "docs", "accuracy");
    for (class, (correct, total)) in &by_class {
        println!("{class:<14} {total:>5} {:>9.3}", *correct as f64 / (*total).max(1) as f64);
    }
    println!("\n{:<18} {:>5} {:>5} {:>5} {:>7}", "field", "tp", "fp", "fn", "f1");
    for (field, counts) in &by_field {
        println!("{field:<18} {:>5} {:>5} {:>5} {:>7.3}", counts.tp, counts.fp, counts.fn_, counts.f1());
    }
    let class_acc = n_correct as f64 / entries.len().max(1) as f64;
    println!("\noverall: class_acc={class_acc:.3} field_f1={:.3} docs={}", overall.f1(), entries.len());
}

/// A field's predicted value, as the shared scorer reads it: `{value: …}` or bare; for
/// e-mails without an attachments field, the children's file names.
fn predicted_value(result: &Value, name: &str) -> Option<Value> {
    let field = &result["fields"][name];
    let value = if field.is_object() { field["value"].clone() } else { field.clone() };
    if !value.is_null() {
        return Some(value);
    }
    if name == "attachments" {
        let children: Vec<Value> = result["children"]
            .as_array()?
            .iter()
            .filter_map(|c| c["filename"].as_str())
            .map(|n| serde_json::json!({ "filename": n }))
            .collect();
        return Some(Value::Array(children));
    }
    None
}
