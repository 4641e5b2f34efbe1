//! `liasse-pipelines`: bytes in, `Extraction` out.
//!
//! Owns everything that reads a document: format sniffing (`sniff`), e-invoice XML
//! (`einvoice`: CII, UBL, Factur-X/ZUGFeRD embedded in PDF), PDF structure and pages
//! (`pdf`: lopdf for attachments, PDFium for the text layer and rendering), image files
//! (`images`), OCR (`ocr`: Tesseract, or ONNX detection and recognition models), the
//! page model every later stage reads (`layout`, built by `page_layer`), plain text
//! (`text`), the checks that run on extracted fields, the decompression limits every
//! reader shares (`decompression`) and each document's CPU and memory budget (`budget`).
//!
//! Must not: touch Postgres, the object store, the network or the local disk. The
//! pipeline is pure: the same bytes, options and models give the same `Extraction`.
//! Models and libraries (PDFium, Tesseract and its languages) are loaded once, by
//! `Pipeline::load` at start-up.
//!
//! Threads: `Pipeline::process` is synchronous and CPU-bound. Callers run it on a
//! blocking thread (`tokio::task::spawn_blocking` in the workers), never on an async
//! executor thread. `Pipeline` is `Send + Sync` and shared by reference. OCR fans a
//! document's pages out to up to `ocr.threads` scoped threads of its own, which share
//! one pool of Tesseract instances across all documents in flight; PDFium is used by
//! one thread at a time. Start the program with `OMP_THREAD_LIMIT=1` (see `ocr`).

pub mod budget;
pub mod checks;
pub mod classify;
pub mod decompression;
pub mod edit_distance;
pub mod einvoice;
pub mod email;
pub mod fields;
pub mod images;
pub mod language;
pub mod layout;
mod locate;
pub mod models;
pub mod ocr;
pub mod page_layer;
pub mod pdf;
pub mod sniff;
pub mod spreadsheet;
pub mod text;

use std::path::PathBuf;
use std::time::Instant;

use liasse_core::{DocClass, DocumentId, ErrorCode, Extraction, Source};

pub use layout::{Layout, Line, Page, Word};
pub use ocr::{OcrConfig, OcrEngineKind};
pub use page_layer::PageLayer;
pub use sniff::Format;

use ocr::OcrEngine;
use pdf::engine::PdfEngine;

/// A document-level failure: the document fails with `code`; nothing else is affected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Error {
    pub code: ErrorCode,
    /// A human explanation. Never contains document text.
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the pipeline cannot start: a library or model is missing. Fix the installation
/// or the configuration; no document is at fault.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "the PDFium library was not found (set pdfium_library or LIASSE_PDFIUM_LIBRARY, or run scripts/setup.sh); looked at {searched:?}"
    )]
    PdfiumNotFound { searched: Vec<PathBuf> },
    #[error("the PDFium library {path:?} cannot be loaded: {message}")]
    Pdfium { path: PathBuf, message: String },
    #[error("Tesseract cannot start with languages {languages:?}: {message}")]
    Tesseract { languages: String, message: String },
    #[error("invalid pipeline configuration: {0}")]
    Config(String),
    #[error("{0}")]
    Onnx(String),
    #[error("the model {path:?} does not match its sha256 (expected {expected}, found {actual}): refusing to load it")]
    ModelChecksum { path: PathBuf, expected: String, actual: String },
}

/// Per-document options, chosen by the uploader.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// Read Factur-X/ZUGFeRD PDFs from the visible page only, ignoring the embedded XML.
    #[serde(default)]
    pub ignore_embedded_xml: bool,
}

/// Limits that protect a worker from hostile input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Most pages read from one PDF or TIFF.
    pub max_pages: usize,
    /// Most pixels in one page image. Image files over it are refused before decoding
    /// (`too_many_pixels`); PDF pages over it at the OCR resolution are rendered at a
    /// lower one.
    pub max_pixels: usize,
    /// Deepest level of attachments read: an e-mail's attachments are level 1, those of
    /// an e-mail attached to it level 2. Deeper ones fail with `nesting_too_deep`.
    pub max_nesting: usize,
    /// Most cells (rows × columns, over all sheets) read from one spreadsheet or CSV file.
    pub max_cells: usize,
    /// Most CPU time one document may use, over every thread that works for it
    /// (`cpu_limit_exceeded`). See `budget`.
    #[serde(with = "liasse_core::serde_secs")]
    pub max_cpu: std::time::Duration,
    /// Most heap memory one document may hold at once (`memory_limit_exceeded`),
    /// counted where the binary installs `budget::CountingAllocator`.
    pub max_memory_bytes: usize,
    /// How many times its compressed size one compressed part may expand to: a ZIP
    /// entry of a workbook (as its directory declares, checked before anything is
    /// unpacked), a PDF stream or embedded file other than an image. A part over it
    /// that expands to more than 1 MiB (`decompression::RATIO_FLOOR`) fails the
    /// document with `decompression_bomb`. One layer of deflate cannot pass about
    /// 1,030; office XML and PDF content stay well under 100.
    pub max_decompression_ratio: usize,
    /// Most bytes decompressed from one document, all parts together (the entries of a
    /// workbook, the streams of a PDF other than images). Over it: `decompression_bomb`.
    pub max_decompressed_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 100 * 1024 * 1024,
            max_pages: 2_000,
            max_pixels: 100_000_000,
            max_nesting: 5,
            max_cells: 1_000_000,
            // OCR costs about a CPU-second a page: a long scan (the throughput
            // harness's 300 pages took 303 s) must fit; an hour bounds a runaway.
            max_cpu: std::time::Duration::from_secs(3_600),
            max_memory_bytes: 1 << 30,
            max_decompression_ratio: 100,
            max_decompressed_bytes: 512 * 1024 * 1024,
        }
    }
}

/// The configuration of a pipeline, fixed at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PipelineConfig {
    pub limits: Limits,
    /// The PDFium shared library; `None`: searched (see `pdf::engine::locate_library`).
    pub pdfium_library: Option<PathBuf>,
    pub ocr: OcrConfig,
    pub models: models::ModelsConfig,
}

/// One document to process.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub document_id: DocumentId,
    /// The uploaded file name: shown in results, never used to decide the format.
    pub filename: &'a str,
    pub bytes: &'a [u8],
    pub options: &'a Options,
}

/// Review reason of a document in which no page had any text, even by OCR.
pub const NO_TEXT: &str = "no text was found on any page";

/// Resolutions at which rendering PDF pages for OCR makes sense: below, small print is
/// lost; above, pages cost memory and time for nothing Tesseract can use.
const OCR_DPI_RANGE: std::ops::RangeInclusive<u32> = 100..=600;

/// The document pipeline: sniff, read, classify, extract, check.
#[derive(Debug)]
pub struct Pipeline {
    config: PipelineConfig,
    pdf: PdfEngine,
    ocr: OcrEngine,
    models: models::Runtime,
    classifier: classify::Classifier,
    /// The field extractor of invoices, credit notes and receipts; `None` only in a
    /// pipeline made by `load_without_extractor`.
    extractor: Option<fields::invoice::Extractor>,
}

impl Pipeline {
    /// Loads PDFium and Tesseract (one instance per OCR thread). Slow (a second or so):
    /// call once at start-up and share the pipeline.
    pub fn load(config: PipelineConfig) -> Result<Self, LoadError> {
        let mut pipeline = Self::load_without_extractor(config)?;
        pipeline.extractor = Some(fields::invoice::Extractor::load(&pipeline.models)?);
        Ok(pipeline)
    }

    /// Everything but the invoice field extractor, for building that extractor's
    /// training data (`examples/extractor_features.rs`), where its model is what is
    /// being trained. Documents read by this pipeline get no invoice fields.
    pub fn load_without_extractor(config: PipelineConfig) -> Result<Self, LoadError> {
        if !OCR_DPI_RANGE.contains(&config.ocr.dpi) {
            return Err(LoadError::Config(format!(
                "ocr.dpi is {}; it must be between {} and {}",
                config.ocr.dpi,
                OCR_DPI_RANGE.start(),
                OCR_DPI_RANGE.end()
            )));
        }
        let library = pdf::engine::locate_library(config.pdfium_library.as_deref())?;
        let pdf = PdfEngine::load(&library)?;
        let models = models::Runtime::load(&config.models)?;
        let ocr = OcrEngine::load(&config.ocr, &models)?;
        let classifier = classify::Classifier::load(&models)?;
        Ok(Self { config, pdf, ocr, models, classifier, extractor: None })
    }

    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Processes one document within a fresh budget of the configured limits. Pure:
    /// no IO, no global state.
    pub fn process(&self, input: Input<'_>) -> Result<Extraction> {
        let limits = &self.config.limits;
        self.process_within(input, &budget::Budget::new(limits.max_cpu, limits.max_memory_bytes))
    }

    /// Processes one document, charging `budget` (which the caller may cancel) for
    /// the CPU time and memory of every thread that works for it.
    pub fn process_within(&self, input: Input<'_>, budget: &std::sync::Arc<budget::Budget>) -> Result<Extraction> {
        let _scope = budget::enter(budget);
        let extraction = self.process_unbudgeted(input)?;
        budget::checkpoint()?;
        Ok(extraction)
    }

    fn process_unbudgeted(&self, input: Input<'_>) -> Result<Extraction> {
        let started = Instant::now();
        let format = self.check(&input)?;
        let mut extraction = match format {
            Format::Xml => einvoice::read_xml(input.bytes)?,
            Format::Pdf => self.read_pdf(&input)?,
            Format::Png | Format::Jpeg | Format::Tiff => {
                self.understand(page_layer::read(self.readers(), input.bytes, format)?)
            }
            Format::Email => email::read(self, &input, 0)?,
            Format::Zip | Format::Ole => spreadsheet::read_workbook(self, input.bytes, format)?,
            Format::Text => text::read(self, input.bytes)?,
            other => unsupported(other),
        };
        extraction.timings_ms.insert("total".into(), started.elapsed().as_millis() as u64);
        Ok(extraction)
    }

    /// Reads the pages of a PDF or image file: words with positions, in reading order,
    /// from the text layer or by OCR. This is what classification and field extraction
    /// read. An embedded e-invoice is not looked at here.
    pub fn read_layout(&self, input: Input<'_>) -> Result<PageLayer> {
        let format = self.check(&input)?;
        page_layer::read(self.readers(), input.bytes, format)
    }

    /// Refuses empty and oversized inputs, and tells the format.
    fn check(&self, input: &Input<'_>) -> Result<Format> {
        if input.bytes.is_empty() {
            return Err(Error::new(ErrorCode::EmptyDocument, "the file is empty"));
        }
        if input.bytes.len() > self.config.limits.max_bytes {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("{} bytes is over the limit of {}", input.bytes.len(), self.config.limits.max_bytes),
            ));
        }
        Ok(sniff::sniff(input.bytes))
    }

    pub(crate) fn readers(&self) -> page_layer::Readers<'_> {
        page_layer::Readers {
            pdf: &self.pdf,
            ocr: &self.ocr,
            dpi: self.config.ocr.dpi as f32,
            limits: &self.config.limits,
        }
    }

    /// A PDF: its embedded e-invoice when there is one, else its pages.
    fn read_pdf(&self, input: &Input<'_>) -> Result<Extraction> {
        let problem = match pdf::read_embedded(input.bytes, input.options, &self.config.limits) {
            Ok(pdf::Embedded::Invoice(extraction)) => {
                let mut extraction = *extraction;
                self.compare_page_with_xml(input, &mut extraction);
                return Ok(extraction);
            }
            Ok(pdf::Embedded::Pages { problem }) => problem,
            // lopdf is strict; PDFium repairs what it can (a damaged cross-reference
            // table, a missing end), so the pages may still be readable, once the
            // streams PDFium would inflate are known not to be bombs.
            Err(error) if error.code == ErrorCode::CorruptPdf => {
                pdf::check_raw_streams(input.bytes, &self.config.limits)?;
                Some("the PDF structure is damaged: its pages were read as far as they could be repaired".to_owned())
            }
            Err(error) => return Err(error),
        };
        let mut extraction = self.understand(page_layer::read(self.readers(), input.bytes, Format::Pdf)?);
        if let Some(problem) = problem {
            extraction.review(problem);
        }
        Ok(extraction)
    }
}

impl Pipeline {
    /// Reads the visible page of a Factur-X/ZUGFeRD PDF with the field extractor and
    /// records whether it agrees with the embedded XML (`pdf::compare`). The XML's
    /// fields stay; a page that cannot be read is only a review reason.
    fn compare_page_with_xml(&self, input: &Input<'_>, xml: &mut Extraction) {
        let Some(extractor) = &self.extractor else { return };
        let started = Instant::now();
        let layer = match page_layer::read(self.readers(), input.bytes, Format::Pdf) {
            Ok(layer) => layer,
            Err(error) => {
                xml.review(format!("the visible page could not be compared with the embedded XML ({})", error.code));
                return;
            }
        };
        let mut page = Extraction::new(xml.class, xml.class_confidence, layer.source);
        page.language = language::detect(&layer.layout.text()).map(str::to_owned);
        fields::invoice::extract(extractor, &layer.layout, &mut page);
        pdf::compare::page_matches_xml(xml, &page);
        xml.models.insert("extractor".into(), extractor.version().to_owned());
        xml.timings_ms.insert("page_check".into(), started.elapsed().as_millis() as u64);
    }

    /// Everything after reading: language, class, fields, checks. Every reader (PDF,
    /// image, spreadsheet, plain text, e-mail body) hands its pages to this one place.
    pub fn understand(&self, layer: PageLayer) -> Extraction {
        let text = layer.layout.text();
        let mut extraction = Extraction::new(DocClass::Other, 1.0, layer.source);
        extraction.language = language::detect(&text).map(str::to_owned);
        extraction.models = layer.models;
        extraction.timings_ms = layer.timings_ms;
        for problem in layer.problems {
            extraction.review(problem);
        }
        self.classify(&text, &mut extraction);
        self.extract_fields(&layer.layout, &mut extraction);
        extraction
    }

    /// The fields of the document's class, read from its pages, then the checks.
    fn extract_fields(&self, layout: &Layout, extraction: &mut Extraction) {
        match extraction.class {
            DocClass::Invoice | DocClass::CreditNote | DocClass::Receipt => {
                if let Some(extractor) = &self.extractor {
                    fields::invoice::extract(extractor, layout, extraction);
                }
            }
            DocClass::Contract => fields::contract::extract(layout, extraction),
            _ => {}
        }
        checks::run(extraction);
    }

    /// Sets the class and its probability; unsure or textless documents go to review.
    fn classify(&self, text: &str, extraction: &mut Extraction) {
        let started = Instant::now();
        let normalized = classify::normalize(text);
        if classify::n_tokens(&normalized) < classify::MIN_TOKENS {
            extraction.review(NO_TEXT);
            return;
        }
        extraction.models.insert("classifier".into(), self.classifier.version().to_owned());
        match self.classifier.classify_normalized(vec![normalized]) {
            Ok(mut predictions) => {
                let prediction = predictions.remove(0);
                extraction.class = prediction.class;
                extraction.class_confidence = prediction.confidence;
                if prediction.confidence < self.config.models.review_below {
                    let (runner_up, p) = prediction.ranked.get(1).copied().unwrap_or((DocClass::Other, 0.0));
                    extraction.review(format!(
                        "the classifier is unsure: {} at {:.2}, {} at {:.2}",
                        prediction.class, prediction.confidence, runner_up, p
                    ));
                }
            }
            Err(error) => {
                tracing::error!(%error, "the classifier failed; the document stays class other");
                extraction.review("the classifier failed on this document");
            }
        }
        extraction.timings_ms.insert("classify".into(), started.elapsed().as_millis() as u64);
    }
}

/// A format this build recognises but cannot read yet: class `other`, flagged for review.
fn unsupported(format: Format) -> Extraction {
    let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::None);
    extraction.review(format!("{} documents are not read yet: stored as class other", format.describe()));
    extraction
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod hostile_inputs;
