//! The page layer of a document: a `Layout` read from a PDF (its text layer, with OCR of
//! the pages that have none) or from an image file (OCR of every page).
//!
//! Pages stream: the PDF renderer or the image decoder produces one page image at a
//! time on the calling thread, and OCR threads take them as they come (see
//! `ocr::stream`). PDFium is held only while a few pages are read and rendered, never
//! while waiting for OCR.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use liasse_core::{ErrorCode, ModelVersions, Source};

use crate::images;
use crate::layout::{Layout, Page};
use crate::ocr::stream::{Recognized, ocr_streamed};
use crate::ocr::{OcrEngine, PageImage};
use crate::pdf::engine::{self, PdfEngine};
use crate::pdf::text_layer::TextLayer;
use crate::{Error, Format, Limits, Result};

/// A document's pages, read, with how they were read.
#[derive(Debug, Clone)]
pub struct PageLayer {
    pub layout: Layout,
    /// `Source::TextLayer` when any page was read from the text layer, `Source::Ocr`
    /// when every page needed OCR.
    pub source: Source,
    /// `extract_text`, `render`, `decode` and `ocr` (summed over pages), when they ran.
    pub timings_ms: BTreeMap<String, u64>,
    /// `ocr` when any page went through OCR: engine, version and languages.
    pub models: ModelVersions,
    /// Pages that could not be read properly, as review reasons (never page text).
    pub problems: Vec<String>,
}

/// The engines and settings a page layer is read with.
#[derive(Debug, Clone, Copy)]
pub struct Readers<'a> {
    pub pdf: &'a PdfEngine,
    pub ocr: &'a OcrEngine,
    /// Resolution of PDF pages rendered for OCR.
    pub dpi: f32,
    pub limits: &'a Limits,
}

/// Reads the page layer of a document in one of the formats that have pages.
pub fn read(readers: Readers<'_>, bytes: &[u8], format: Format) -> Result<PageLayer> {
    match format {
        Format::Pdf => read_pdf(readers, bytes),
        Format::Png | Format::Jpeg | Format::Tiff => read_images(readers, bytes, format),
        other => Err(Error::new(ErrorCode::UnsupportedFormat, format!("{} documents have no pages", other.describe()))),
    }
}

fn read_pdf(readers: Readers<'_>, bytes: &[u8]) -> Result<PageLayer> {
    let Readers { pdf, ocr, dpi, limits } = readers;
    let n_pages = pdf.with_document(bytes, |document| Ok(engine::page_count(document)))?;
    if n_pages == 0 {
        return Err(Error::new(ErrorCode::CorruptPdf, "the PDF has no pages"));
    }
    if n_pages > limits.max_pages {
        return Err(Error::new(
            ErrorCode::TooManyPages,
            format!("{n_pages} pages is over the limit of {}", limits.max_pages),
        ));
    }
    let mut pages: Vec<Option<Page>> = vec![None; n_pages];
    // The text layer of each page sent to OCR, in case OCR finds less than it.
    let mut set_aside: BTreeMap<usize, (TextLayer, (f32, f32))> = BTreeMap::new();
    let (mut extract_text, mut render) = (Duration::ZERO, Duration::ZERO);
    let (produced, recognized) = ocr_streamed(ocr, |sink| -> Result<()> {
        let mut next_page = 0;
        while next_page < n_pages {
            // Read pages until `threads` of them need OCR, then let go of PDFium while
            // they are queued: the queue may block, and another document may want PDFium.
            let images = pdf.with_document(bytes, |document| {
                let mut images: Vec<PageImage> = Vec::new();
                while next_page < n_pages && images.len() < ocr.threads() {
                    crate::budget::checkpoint()?;
                    let page = engine::page(document, next_page)?;
                    let started = Instant::now();
                    let text_layer = engine::read_text_layer(&page);
                    extract_text += started.elapsed();
                    let size = engine::page_size(&page);
                    if text_layer.is_usable() {
                        pages[next_page] = Some(text_layer_page(next_page, text_layer, size));
                    } else {
                        let started = Instant::now();
                        images.push(engine::render(&page, next_page, dpi, limits.max_pixels)?);
                        render += started.elapsed();
                        set_aside.insert(next_page, (text_layer, size));
                    }
                    next_page += 1;
                }
                Ok(images)
            })?;
            for image in images {
                sink.send(image);
            }
        }
        Ok(())
    });
    produced?;
    crate::budget::checkpoint()?;
    let mut layer = PageLayer::empty();
    layer.add_timing("extract_text", extract_text);
    if !recognized.is_empty() {
        layer.add_timing("render", render);
    }
    for recognized in recognized {
        layer.account_for_ocr(&recognized, ocr);
        let index = recognized.index;
        let page = match set_aside.remove(&index) {
            // A page with a few real words and nothing else (a near-blank page) keeps
            // them, exact, unless OCR finds more.
            Some((text_layer, size))
                if text_layer.n_words > 0
                    && text_layer.is_readable()
                    && text_layer.n_words >= recognized.page.n_words() =>
            {
                text_layer_page(index, text_layer, size)
            }
            _ => recognized.page,
        };
        if let Some(slot) = pages.get_mut(index) {
            *slot = Some(page);
        }
    }
    layer.layout.pages = pages.into_iter().flatten().collect();
    layer.source =
        if layer.layout.pages.iter().all(|page| page.source == Source::Ocr) { Source::Ocr } else { Source::TextLayer };
    Ok(layer)
}

fn text_layer_page(page_idx: usize, text_layer: TextLayer, (width, height): (f32, f32)) -> Page {
    Page {
        number: page_number(page_idx),
        width,
        height,
        lines: text_layer.lines,
        source: Source::TextLayer,
        rotation_applied: 0,
    }
}

fn page_number(page_idx: usize) -> u32 {
    u32::try_from(page_idx + 1).unwrap_or(u32::MAX)
}

fn read_images(readers: Readers<'_>, bytes: &[u8], format: Format) -> Result<PageLayer> {
    let (decoded, recognized) = ocr_streamed(readers.ocr, |sink| {
        images::for_each_page(bytes, format, readers.limits, |page| {
            crate::budget::checkpoint().is_ok() && sink.send(page)
        })
    });
    let decoded = decoded?;
    crate::budget::checkpoint()?;
    let mut layer = PageLayer::empty();
    layer.add_timing("decode", decoded.decode);
    layer.source = Source::Ocr;
    for recognized in recognized {
        layer.account_for_ocr(&recognized, readers.ocr);
        layer.layout.pages.push(recognized.page);
    }
    Ok(layer)
}

impl PageLayer {
    fn empty() -> Self {
        Self {
            layout: Layout::default(),
            source: Source::Ocr,
            timings_ms: BTreeMap::new(),
            models: ModelVersions::new(),
            problems: Vec::new(),
        }
    }

    fn add_timing(&mut self, name: &str, duration: Duration) {
        *self.timings_ms.entry(name.to_owned()).or_default() += duration.as_millis() as u64;
    }

    /// Records that a page went through OCR: its time, the engine (for the audit trail,
    /// even when the page's own text layer was kept), and any failure.
    fn account_for_ocr(&mut self, recognized: &Recognized, ocr: &OcrEngine) {
        *self.timings_ms.entry("ocr".to_owned()).or_default() += recognized.ocr_ms;
        self.models.insert("ocr".to_owned(), ocr.model_version().to_owned());
        if let Some(error) = &recognized.error {
            self.problems.push(format!("page {} could not be read by OCR ({error})", recognized.page.number));
        }
    }
}

#[cfg(test)]
mod tests;
