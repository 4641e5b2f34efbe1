//! `liasse-pipelines`: bytes in, `Extraction` out.
//!
//! Owns everything that reads a document: format sniffing (`sniff`), e-invoice XML
//! (`einvoice`: CII, UBL, Factur-X/ZUGFeRD embedded in PDF), the PDF text layer
//! (`pdf`), plain text (`text`), and the checks that run on extracted fields.
//!
//! Must not: touch Postgres, the object store, the network or the local disk. The
//! pipeline is pure: the same bytes, options and models give the same `Extraction`.
//! Models and configuration are loaded once at start-up and passed in.
//!
//! Threads: `Pipeline::process` is synchronous and CPU-bound. Callers run it on a
//! blocking thread (`tokio::task::spawn_blocking` in the workers), never on an async
//! executor thread. `Pipeline` is `Send + Sync` and shared by reference.

pub mod einvoice;
pub mod pdf;
pub mod sniff;
pub mod text;

use std::time::Instant;

use liasse_core::{DocClass, DocumentId, ErrorCode, Extraction, Source};

pub use sniff::Format;

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
    /// Most pages read from one PDF.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_bytes: 100 * 1024 * 1024, max_pages: 2_000 }
    }
}

/// The configuration of a pipeline, fixed at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PipelineConfig {
    pub limits: Limits,
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

/// The document pipeline: sniff, read, classify, extract, check.
#[derive(Debug, Default)]
pub struct Pipeline {
    config: PipelineConfig,
}

impl Pipeline {
    pub fn new(config: PipelineConfig) -> Self {
        Self { config }
    }

    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Processes one document. Pure: no IO, no global state.
    pub fn process(&self, input: Input<'_>) -> Result<Extraction> {
        let started = Instant::now();
        if input.bytes.is_empty() {
            return Err(Error::new(ErrorCode::EmptyDocument, "the file is empty"));
        }
        if input.bytes.len() > self.config.limits.max_bytes {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("{} bytes is over the limit of {}", input.bytes.len(), self.config.limits.max_bytes),
            ));
        }
        let format = sniff::sniff(input.bytes);
        let mut extraction = match format {
            Format::Xml => einvoice::read_xml(input.bytes)?,
            Format::Pdf => pdf::read(input.bytes, input.options, &self.config.limits)?,
            Format::Text => text::read(input.bytes),
            other => unsupported(other),
        };
        extraction.timings_ms.insert("total".into(), started.elapsed().as_millis() as u64);
        Ok(extraction)
    }
}

/// A format this build recognises but cannot read yet: class `other`, flagged for review.
fn unsupported(format: Format) -> Extraction {
    let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::None);
    extraction.review(format!("{} documents are not read yet: stored as class other", format.describe()));
    extraction
}
