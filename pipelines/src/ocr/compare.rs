//! Compares OCR engines on the CPU or the GPU: character error rate against a known
//! text, and pages per second, on the same page images. Used by
//! `examples/ocr_compare.rs` and by the throughput harness (`benches/`).
//!
//! Each PDF's first page is rendered at 300 dpi (rendering is not timed); its ground
//! truth is the page's text layer in the same reading order (rows top to bottom, left
//! to right). Each engine reads every page on one instance and one thread, after one
//! untimed page that pays its start-up. CER is the edit distance between the two texts
//! after NFKC and collapsing white space (line breaks count as spaces), divided by the
//! length of the ground truth, over all pages. Only figures leave this module, never
//! document text.

use std::path::{Path, PathBuf};
use std::time::Instant;

use unicode_normalization::UnicodeNormalization;

use super::{OcrEngine, PageImage};
use crate::models::Runtime;
use crate::pdf::engine::{self, PdfEngine};
use crate::{Line, OcrConfig, OcrEngineKind};

/// The ONNX model sets an engine list tries, when installed.
pub const ONNX_MODEL_SETS: [&str; 2] = ["ppocrv6-small", "ppocrv6-tiny"];

/// One rendered page and the text it holds.
pub struct Sample {
    pub name: String,
    pub image: PageImage,
    truth: String,
}

/// One engine's figures over the samples.
#[derive(Debug, Clone)]
pub struct Score {
    pub engine: String,
    pub model_version: String,
    /// Character error rate over all pages, in percent.
    pub cer_percent: f64,
    pub pages_per_s: f64,
    /// Per page: name, CER in percent, seconds.
    pub pages: Vec<(String, f64, f64)>,
}

/// The PDFs of a folder, sorted by name.
pub fn pdfs_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    pdfs.sort();
    Ok(pdfs)
}

/// The first page of each PDF, rendered at 300 dpi, with its text layer as the truth.
pub fn samples_from_pdfs(pdf: &PdfEngine, paths: &[PathBuf]) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (image, truth) = pdf
            .with_document(&bytes, |document| {
                let page = engine::page(document, 0)?;
                let truth = normalise(&engine::read_text_layer(&page).lines.iter().map(Line::text).collect::<Vec<_>>());
                Ok((engine::render(&page, 0, 300.0, usize::MAX)?, truth))
            })
            .map_err(|e| format!("{}: {e}", path.display()))?;
        samples.push(Sample { name: file_name(path), image, truth });
    }
    Ok(samples)
}

/// Tesseract, then each ONNX model set installed under the runtime's models directory
/// (`scripts/ocr-models.sh`), each on one thread. The names of the sets not installed
/// come back second.
pub fn engines(runtime: &Runtime) -> (Vec<(String, OcrConfig)>, Vec<&'static str>) {
    let mut engines = vec![("tesseract".to_owned(), OcrConfig { threads: Some(1), ..OcrConfig::default() })];
    let mut missing = Vec::new();
    for models in ONNX_MODEL_SETS {
        if runtime.models_dir.join("ocr").join(models).join("det.onnx").is_file() {
            let config = OcrConfig {
                engine: OcrEngineKind::Onnx,
                onnx_models: models.into(),
                threads: Some(1),
                ..OcrConfig::default()
            };
            engines.push((format!("onnx {models}"), config));
        } else {
            missing.push(models);
        }
    }
    (engines, missing)
}

/// Reads every sample with one engine and scores it.
pub fn score(label: &str, config: &OcrConfig, runtime: &Runtime, samples: &[Sample]) -> Result<Score, String> {
    let engine = OcrEngine::load(config, runtime).map_err(|e| e.to_string())?;
    if let Some(first) = samples.first() {
        engine.recognize(&first.image, 1).map_err(|e| e.to_string())?;
    }
    let (mut errors, mut truth_chars, mut seconds) = (0usize, 0usize, 0.0f64);
    let mut pages = Vec::with_capacity(samples.len());
    for sample in samples {
        let started = Instant::now();
        let page = engine.recognize(&sample.image, 1).map_err(|e| e.to_string())?;
        let elapsed = started.elapsed().as_secs_f64();
        let read = normalise(&page.lines.iter().map(Line::text).collect::<Vec<_>>());
        let page_errors = edit_distance(&read, &sample.truth);
        let page_chars = sample.truth.chars().count().max(1);
        pages.push((sample.name.clone(), 100.0 * page_errors as f64 / page_chars as f64, elapsed));
        errors += page_errors;
        truth_chars += page_chars;
        seconds += elapsed;
    }
    Ok(Score {
        engine: label.to_owned(),
        model_version: engine.model_version().to_string(),
        cer_percent: 100.0 * errors as f64 / truth_chars.max(1) as f64,
        pages_per_s: samples.len() as f64 / seconds.max(f64::EPSILON),
        pages,
    })
}

/// NFKC, then every run of white space (line breaks included) as one space.
fn normalise(lines: &[String]) -> String {
    let text: String = lines.join("\n").nfkc().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    crate::edit_distance::levenshtein(&a, &b)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_and_compatibility_forms_do_not_count_as_errors() {
        let truth = normalise(&["Total  TTC :".into(), "1 234,50 €".into()]);
        assert_eq!(truth, "Total TTC : 1 234,50 €");
        assert_eq!(edit_distance(&normalise(&["Total TTC : 1 234,50 €".into()]), &truth), 0);
        // "ﬁ" (a ligature) is "fi" after NFKC; a lost accent is one error.
        assert_eq!(edit_distance(&normalise(&["ﬁchier réglé".into()]), "fichier regle"), 2);
    }
}
