//! Micro-benchmarks of the pipeline's stages, on the demo documents, through the
//! public APIs of `liasse-pipelines` and `liasse-core` (criterion).
//!
//! `cargo bench --bench micro` runs them all; `cargo bench --bench micro -- GROUP`
//! one group (`sniff`, `einvoice`, `pdf_text_layer`, `invoice_candidates`, `models`,
//! `checks`, `pipeline`, `ocr`). They need what the pipeline needs at run time
//! (PDFium and ONNX Runtime from the project's `.venv`, Tesseract); the `ocr` group
//! also needs `pdftoppm` to render its page and is skipped without it.
//! See `benches/README.md` for the figures and what they mean.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use liasse_core::{DocumentId, Extraction};
use liasse_pipelines::fields::invoice::candidates;
use liasse_pipelines::fields::invoice::tokens::DocView;
use liasse_pipelines::fields::invoice::{self, Extractor};
use liasse_pipelines::models::{ModelsConfig, Runtime};
use liasse_pipelines::{Input, Layout, Options, Pipeline, PipelineConfig, checks, classify, einvoice, sniff};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/demo");
/// The digital PDFs of the demo (a text layer, no embedded XML).
const DIGITAL_PDFS: [&str; 4] =
    ["facture-2024-0042.pdf", "facture-2024-0043.pdf", "avoir-2024-0007.pdf", "invoice-INV-7781.pdf"];
const XMLS: [(&str, &str); 2] = [("cii", "cii-FA-2024-0200.xml"), ("ubl", "ubl-INV-2024-118.xml")];

fn demo(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(DEMO).join(name)).unwrap_or_else(|e| panic!("samples/demo/{name}: {e}"))
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Loaded once for every group: PDFium, Tesseract, both models.
fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::load(PipelineConfig::default())
            .unwrap_or_else(|e| panic!("the pipeline does not load (run scripts/setup.sh): {e}"))
    })
}

fn input<'a>(filename: &'a str, bytes: &'a [u8], options: &'a Options) -> Input<'a> {
    Input { document_id: DocumentId::new(), filename, bytes, options }
}

fn layout_of(name: &str) -> Layout {
    let bytes = demo(name);
    let options = Options::default();
    pipeline().read_layout(input(name, &bytes, &options)).expect("a readable demo PDF").layout
}

fn extraction_of(name: &str) -> Extraction {
    let bytes = demo(name);
    let options = Options::default();
    pipeline().process(input(name, &bytes, &options)).expect("a readable demo document")
}

fn bench_sniff(c: &mut Criterion) {
    let mut group = c.benchmark_group("sniff");
    let mut names: Vec<String> = std::fs::read_dir(DEMO)
        .expect("samples/demo")
        .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for name in names {
        let bytes = demo(&name);
        group.bench_function(stem(&name), |b| b.iter(|| sniff::sniff(black_box(&bytes))));
    }
    group.finish();
}

fn bench_einvoice(c: &mut Criterion) {
    let mut group = c.benchmark_group("einvoice");
    for (label, name) in XMLS {
        let bytes = demo(name);
        group.bench_function(label, |b| b.iter(|| einvoice::read_xml(black_box(&bytes)).expect("a valid e-invoice")));
    }
    group.finish();
}

/// PDFium: open the document, read every page's characters with their boxes, build
/// words, lines and reading order (`Pipeline::read_layout`).
fn bench_pdf_text_layer(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf_text_layer");
    let options = Options::default();
    for name in DIGITAL_PDFS {
        let bytes = demo(name);
        group.bench_function(stem(name), |b| {
            b.iter(|| pipeline().read_layout(input(name, black_box(&bytes), &options)).expect("a readable PDF"))
        });
    }
    group.finish();
}

/// Tokens, labels and every candidate value of the page (dates, amounts, references,
/// identifiers, parties), before any model runs.
fn bench_invoice_candidates(c: &mut Criterion) {
    let mut group = c.benchmark_group("invoice_candidates");
    for name in DIGITAL_PDFS {
        let layout = layout_of(name);
        group.bench_function(stem(name), |b| {
            b.iter(|| {
                let doc = DocView::new(black_box(&layout));
                candidates::find(&doc, Some("fr")).candidates.len()
            })
        });
    }
    group.finish();
}

/// One call of each ONNX model on one document's input, on the CPU.
fn bench_models(c: &mut Criterion) {
    // Sessions of their own, so the pipeline's batching of concurrent calls is not
    // measured; the ONNX Runtime environment is the process's one.
    let _ = pipeline();
    let runtime = Runtime::load(&ModelsConfig::default()).expect("ONNX Runtime and the models");
    let classifier = classify::Classifier::load(&runtime).expect("the classifier");
    let extractor = Extractor::load(&runtime).expect("the extractor");
    let name = DIGITAL_PDFS[0];
    let layout = layout_of(name);
    let text = classify::normalize(&layout.text());
    let extraction = extraction_of(name);
    let rows: Vec<Vec<f32>> = invoice::training_rows(&layout, extraction.class, Some("fr"), extraction.source)
        .into_iter()
        .map(|row| row.features)
        .collect();

    let mut group = c.benchmark_group("models");
    group.bench_function("classifier_one_document", |b| {
        b.iter_batched(
            || vec![text.clone()],
            |texts| classifier.classify_normalized(texts).expect("the classifier runs"),
            BatchSize::SmallInput,
        )
    });
    group.bench_function(format!("extractor_one_document_{}_rows", rows.len()), |b| {
        b.iter_batched(
            || rows.clone(),
            |rows| extractor.score(rows).expect("the extractor runs"),
            BatchSize::SmallInput,
        )
    });
    // Candidates, features, the extractor call and the assignment: all of `fields`.
    group.bench_function("fields_invoice_one_document", |b| {
        b.iter_batched(
            || Extraction::new(extraction.class, extraction.class_confidence, extraction.source),
            |mut out| {
                out.language = Some("fr".into());
                invoice::extract(&extractor, &layout, &mut out);
                out
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn bench_checks(c: &mut Criterion) {
    let mut group = c.benchmark_group("checks");
    for name in DIGITAL_PDFS.iter().copied().chain(XMLS.iter().map(|(_, name)| *name)) {
        let extraction = extraction_of(name);
        group.bench_function(stem(name), |b| {
            b.iter_batched(
                || extraction.clone(),
                |mut extraction| {
                    checks::run(&mut extraction);
                    extraction
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// The whole pipeline on one document of each text kind, as a worker runs it.
fn bench_pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    let options = Options::default();
    for name in [XMLS[0].1, XMLS[1].1, "facturx-2024-0050.pdf", DIGITAL_PDFS[0], DIGITAL_PDFS[1]] {
        let bytes = demo(name);
        group.bench_function(stem(name), |b| {
            b.iter(|| pipeline().process(input(name, black_box(&bytes), &options)).expect("a readable document"))
        });
    }
    group.finish();
}

/// One scanned page (the first demo invoice rendered at 300 dpi by pdftoppm) through
/// the whole pipeline: decode, Tesseract, classify, fields, checks.
fn bench_ocr(c: &mut Criterion) {
    let Some(png) = rendered_page(DIGITAL_PDFS[0]) else {
        eprintln!("ocr: skipped (pdftoppm is not installed)");
        return;
    };
    let bytes = std::fs::read(&png).expect("the rendered page");
    let options = Options::default();
    let mut group = c.benchmark_group("ocr");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("scanned_page_300dpi", |b| {
        b.iter(|| pipeline().process(input("page.png", black_box(&bytes), &options)).expect("a readable page"))
    });
    group.finish();
}

fn rendered_page(name: &str) -> Option<PathBuf> {
    let dir = std::env::temp_dir().join(format!("liasse-micro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let prefix = dir.join(stem(name));
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile"])
        .arg(Path::new(DEMO).join(name))
        .arg(&prefix)
        .status()
        .ok()?;
    status.success().then(|| prefix.with_extension("png"))
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = stages;
    config = config();
    targets = bench_sniff, bench_einvoice, bench_pdf_text_layer, bench_invoice_candidates, bench_models,
        bench_checks, bench_pipeline, bench_ocr
}
criterion_main!(stages);
