//! PDF: the structure read by lopdf (embedded e-invoices, the decompression checks of
//! every stream), then, when the PDFium library is found (`LIASSE_PDFIUM_LIBRARY` or
//! the project's venv), the text layer of the first pages read through PDFium, as the
//! pipeline does before OCR. PDFium is loaded once per process.
#![no_main]

use std::sync::OnceLock;

use liasse_pipelines::pdf::{self, engine};
use liasse_pipelines::{Limits, Options};
use libfuzzer_sys::fuzz_target;

fn pdfium() -> Option<&'static engine::PdfEngine> {
    static ENGINE: OnceLock<Option<engine::PdfEngine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let library = engine::locate_library(None).ok()?;
            engine::PdfEngine::load(&library).ok()
        })
        .as_ref()
}

fuzz_target!(init: liasse_fuzz::init(), |data: &[u8]| {
    liasse_fuzz::run(|| {
        let limits = Limits::default();
        let _ = pdf::read_embedded(data, &Options::default(), &limits);
        if let Some(engine) = pdfium() {
            let _ = engine.with_document(data, |document| {
                for page_idx in 0..engine::page_count(document).min(2) {
                    let _ = engine::read_text_layer(&engine::page(document, page_idx)?);
                }
                Ok(())
            });
        }
    });
});
