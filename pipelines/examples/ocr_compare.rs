//! Compares the two OCR engines on the CPU: character error rate against a PDF's own text
//! layer, and pages per second, on the same rendered page images.
//!
//! ```text
//! OMP_THREAD_LIMIT=1 cargo run --release -p liasse-pipelines --example ocr_compare -- [PDF…]
//! LIASSE_OCR_DEVICE=cuda …   # the ONNX models on the GPU (scripts/gpu-check.sh)
//! ```
//!
//! Each PDF's first page is rendered at 300 dpi (rendering is not timed) and read by
//! Tesseract (`fra+eng+deu`) and by each installed ONNX model set, one page at a time on
//! one engine instance and one thread. The ground truth is the page's text layer, read
//! in the same reading order (rows top to bottom, left to right). CER is the edit
//! distance between the two texts, after NFKC and collapsing white space (line breaks
//! count as spaces), divided by the length of the ground truth, over all pages. Only
//! figures are printed, never document text. Without arguments: `samples/demo/*.pdf`.
//! Run from the repository root, after `scripts/ocr-models.sh`.

use std::path::PathBuf;
use std::time::Instant;

use liasse_pipelines::models::{Device, ModelsConfig, Runtime};
use liasse_pipelines::ocr::{OcrEngine, PageImage};
use liasse_pipelines::pdf::engine::{self, PdfEngine};
use liasse_pipelines::{Line, OcrConfig, OcrEngineKind};
use unicode_normalization::UnicodeNormalization;

struct Sample {
    name: String,
    image: PageImage,
    truth: String,
}

fn main() -> Result<(), String> {
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        let mut demo: Vec<PathBuf> = std::fs::read_dir("samples/demo")
            .map_err(|e| format!("samples/demo: {e} (run from the repository root)"))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
            .collect();
        demo.sort();
        paths = demo;
    }
    let pdf = PdfEngine::load(&engine::locate_library(None).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (image, truth) = pdf
            .with_document(&bytes, |document| {
                let page = engine::page(document, 0)?;
                let truth = normalise(&engine::read_text_layer(&page).lines.iter().map(Line::text).collect::<Vec<_>>());
                Ok((engine::render(&page, 0, 300.0, usize::MAX)?, truth))
            })
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        samples.push(Sample { name, image, truth });
    }
    // LIASSE_OCR_DEVICE=cuda runs the ONNX models on the GPU (scripts/gpu-check.sh).
    let device = if std::env::var("LIASSE_OCR_DEVICE").as_deref() == Ok("cuda") { Device::Cuda } else { Device::Cpu };
    let runtime =
        Runtime::load(&ModelsConfig { device, intra_threads: 1, ..Default::default() }).map_err(|e| e.to_string())?;
    let mut engines = vec![("tesseract".to_owned(), OcrConfig { threads: Some(1), ..OcrConfig::default() })];
    for models in ["ppocrv6-small", "ppocrv6-tiny"] {
        if runtime.models_dir.join("ocr").join(models).join("det.onnx").is_file() {
            let config = OcrConfig {
                engine: OcrEngineKind::Onnx,
                onnx_models: models.into(),
                threads: Some(1),
                ..OcrConfig::default()
            };
            engines.push((format!("onnx {models}"), config));
        } else {
            eprintln!("onnx {models}: not installed (scripts/ocr-models.sh), skipped");
        }
    }
    println!("{} pages at 300 dpi, ONNX models on {device:?}, one thread per engine", samples.len());
    for (label, config) in engines {
        let engine = OcrEngine::load(&config, &runtime).map_err(|e| e.to_string())?;
        // One page first, so that one-off start-up costs are not timed.
        if let Some(first) = samples.first() {
            engine.recognize(&first.image, 1).map_err(|e| e.to_string())?;
        }
        let (mut errors, mut truth_chars, mut seconds) = (0usize, 0usize, 0.0f64);
        for sample in &samples {
            let started = Instant::now();
            let page = engine.recognize(&sample.image, 1).map_err(|e| e.to_string())?;
            let elapsed = started.elapsed().as_secs_f64();
            let read = normalise(&page.lines.iter().map(Line::text).collect::<Vec<_>>());
            let page_errors = edit_distance(&read, &sample.truth);
            let page_chars = sample.truth.chars().count().max(1);
            println!(
                "  {label:<20} {:<48} CER {:>6.2} %  {elapsed:>5.2} s",
                sample.name,
                100.0 * page_errors as f64 / page_chars as f64
            );
            errors += page_errors;
            truth_chars += page_chars;
            seconds += elapsed;
        }
        println!(
            "{label:<22} CER {:>6.2} %   {:.3} pages/s   ({})",
            100.0 * errors as f64 / truth_chars.max(1) as f64,
            samples.len() as f64 / seconds.max(f64::EPSILON),
            engine.model_version()
        );
    }
    Ok(())
}

/// NFKC, then every run of white space (line breaks included) as one space.
fn normalise(lines: &[String]) -> String {
    let text: String = lines.join("\n").nfkc().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    liasse_pipelines::edit_distance::levenshtein(&a, &b)
}
