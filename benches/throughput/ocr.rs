//! The two OCR engines side by side on the same rendered French and German pages:
//! character error rate against each page's text layer and pages/s, one thread each,
//! on the CPU, in this process (`liasse_pipelines::ocr::compare`; the GPU figure comes
//! from `scripts/gpu-check.sh`).

use std::path::{Path, PathBuf};

use liasse_pipelines::models::{Device, ModelsConfig, Runtime};
use liasse_pipelines::ocr::compare::{self, Score};
use liasse_pipelines::pdf::engine::{self, PdfEngine};

/// German pages: the first page of five ZUGFeRD invoices of the shared evaluation set,
/// when it is there (`LIASSE_BENCH_GERMAN_PDFS` names another folder holding them).
const GERMAN_PDFS: [&str; 5] = [
    "EN16931_Einfach.pdf",
    "EN16931_1_Teilrechnung.pdf",
    "EN16931_AbweichenderZahlungsempf.pdf",
    "EN16931_Betriebskostenabrechnung.pdf",
    "EN16931_Einfach_DueDate.pdf",
];

pub struct Comparison {
    /// What the pages are, for the table.
    pub pages: String,
    pub scores: Vec<Score>,
    pub notes: Vec<String>,
}

pub fn run(root: &Path) -> anyhow::Result<Comparison> {
    let french = compare::pdfs_in(&root.join("samples/demo"))?;
    let german_dir = std::env::var_os("LIASSE_BENCH_GERMAN_PDFS")
        .map_or_else(|| root.join("../shared/eval/dev/zugferd-xml-rechnung"), PathBuf::from);
    let german: Vec<PathBuf> = GERMAN_PDFS.iter().map(|name| german_dir.join(name)).filter(|p| p.is_file()).collect();
    let mut notes = Vec::new();
    if german.is_empty() {
        notes.push(format!(
            "OCR engines: no German pages ({} not found; LIASSE_BENCH_GERMAN_PDFS names a folder with {})",
            german_dir.display(),
            GERMAN_PDFS.join(", ")
        ));
    }
    let pages = format!("{} French demo + {} German ZUGFeRD first pages, 300 dpi", french.len(), german.len());
    eprintln!("bench: OCR engines — {pages}");
    let paths: Vec<PathBuf> = french.into_iter().chain(german).collect();
    let pdf = PdfEngine::load(&engine::locate_library(None)?)?;
    let samples = compare::samples_from_pdfs(&pdf, &paths).map_err(anyhow::Error::msg)?;
    let runtime = Runtime::load(&ModelsConfig { device: Device::Cpu, intra_threads: 1, ..Default::default() })?;
    let (engines, missing) = compare::engines(&runtime);
    for models in missing {
        notes.push(format!("OCR engines: onnx {models} not installed (scripts/ocr-models.sh), skipped"));
    }
    let mut scores = Vec::new();
    for (label, config) in engines {
        eprintln!("bench: OCR engines — {label}");
        scores.push(compare::score(&label, &config, &runtime, &samples).map_err(anyhow::Error::msg)?);
    }
    Ok(Comparison { pages, scores, notes })
}
