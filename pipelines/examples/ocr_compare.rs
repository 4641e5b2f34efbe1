//! Compares the two OCR engines on the CPU: character error rate against a PDF's own text
//! layer, and pages per second, on the same rendered page images
//! (`liasse_pipelines::ocr::compare` says how; the throughput harness reports the same).
//!
//! ```text
//! OMP_THREAD_LIMIT=1 cargo run --release -p liasse-pipelines --example ocr_compare -- [PDF…]
//! LIASSE_OCR_DEVICE=cuda …   # the ONNX models on the GPU (scripts/gpu-check.sh)
//! ```
//!
//! Without arguments: `samples/demo/*.pdf`. Only figures are printed, never document
//! text. Run from the repository root, after `scripts/ocr-models.sh`.

use std::path::PathBuf;

use liasse_pipelines::models::{Device, ModelsConfig, Runtime};
use liasse_pipelines::ocr::compare;
use liasse_pipelines::pdf::engine::{self, PdfEngine};

fn main() -> Result<(), String> {
    let mut paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths = compare::pdfs_in(std::path::Path::new("samples/demo"))
            .map_err(|e| format!("samples/demo: {e} (run from the repository root)"))?;
    }
    let pdf = PdfEngine::load(&engine::locate_library(None).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let samples = compare::samples_from_pdfs(&pdf, &paths)?;
    // LIASSE_OCR_DEVICE=cuda runs the ONNX models on the GPU (scripts/gpu-check.sh).
    let device = if std::env::var("LIASSE_OCR_DEVICE").as_deref() == Ok("cuda") { Device::Cuda } else { Device::Cpu };
    let runtime =
        Runtime::load(&ModelsConfig { device, intra_threads: 1, ..Default::default() }).map_err(|e| e.to_string())?;
    let (engines, missing) = compare::engines(&runtime);
    for models in missing {
        eprintln!("onnx {models}: not installed (scripts/ocr-models.sh), skipped");
    }
    println!("{} pages at 300 dpi, ONNX models on {device:?}, one thread per engine", samples.len());
    for (label, config) in engines {
        let score = compare::score(&label, &config, &runtime, &samples)?;
        for (name, cer, seconds) in &score.pages {
            println!("  {label:<20} {name:<48} CER {cer:>6.2} %  {seconds:>5.2} s");
        }
        println!(
            "{label:<22} CER {:>6.2} %   {:.3} pages/s   ({})",
            score.cer_percent, score.pages_per_s, score.model_version
        );
    }
    Ok(())
}
