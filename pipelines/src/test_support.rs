//! What the tests share: one real pipeline per test binary (PDFium and Tesseract load
//! once; loading them per test would be most of the run time), the committed demo
//! documents, and page images rendered from them.
//!
//! The PDFium library is found the way production finds it (`locate_library`: the venv
//! in the workspace root, above the crate directory `cargo test` runs in). Run the
//! tests with `OMP_THREAD_LIMIT=1` in the environment, or OCR runs four times slower.

use std::path::PathBuf;
use std::sync::OnceLock;

use image::GrayImage;

use crate::ocr::PageImage;
use crate::pdf::engine;
use crate::{OcrConfig, Pipeline, PipelineConfig};

pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        // Two OCR threads: enough to exercise the pool, and the tests run in parallel.
        let config =
            PipelineConfig { ocr: OcrConfig { threads: Some(2), ..OcrConfig::default() }, ..Default::default() };
        Pipeline::load(config).expect("PDFium and Tesseract load (run scripts/setup.sh)")
    })
}

/// A file of the committed demo batch, `samples/<path>`.
pub fn sample(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../samples").join(path);
    std::fs::read(&full).unwrap_or_else(|error| panic!("cannot read {}: {error}", full.display()))
}

/// The first page of a PDF rendered in grey at `dpi`.
pub fn render_first_page(pdf: &[u8], dpi: f32) -> GrayImage {
    render_page(pdf, 0, dpi).image
}

pub fn render_page(pdf: &[u8], page_idx: usize, dpi: f32) -> PageImage {
    pipeline()
        .pdf
        .with_document(pdf, |document| {
            let page = engine::page(document, page_idx)?;
            engine::render(&page, page_idx, dpi, usize::MAX)
        })
        .expect("the page renders")
}

/// A PNG file of a grey image.
pub fn png(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).expect("encodes");
    bytes
}
