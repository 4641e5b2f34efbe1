//! PDF: embedded e-invoices (Factur-X, ZUGFeRD, XRechnung) read with lopdf, and the
//! pages (text layer with positions, rendering for OCR) read with PDFium (`engine`).
//!
//! A PDF that carries an e-invoice is read from its XML, exactly; the visible pages are
//! only read when there is no such XML or the uploader asked to ignore it
//! (`read_embedded` says which). lopdf keeps the structure work it does well and
//! cheaply (the attachment name tree, `/AF`); PDFium reads what is drawn on the pages.
//!
//! lopdf parses hostile bytes and is known to panic on some garbage. Every call into it
//! runs under `catch_unwind`, so a bad PDF fails as `corrupt_pdf` instead of unwinding
//! into the caller.
//!
//! Streams are checked for decompression bombs (`stream_sizes`) before PDFium, which
//! decompresses content streams, fonts and colour profiles whole, is given the file:
//! once lopdf has loaded the structure, or, for a file lopdf cannot parse and PDFium
//! may still repair, in the raw bytes.

mod attachments;
pub mod compare;
pub mod engine;
mod stream_sizes;
pub mod text_layer;

use std::panic::{AssertUnwindSafe, catch_unwind};

use liasse_core::{ErrorCode, Extraction, Source};
use lopdf::{DecompressError, Document, LoadOptions};

pub use stream_sizes::check_raw_streams;

use crate::{Error, Limits, Options, Result, einvoice};

/// What lopdf found in a PDF's structure.
#[derive(Debug)]
pub enum Embedded {
    /// An e-invoice embedded as XML, read exactly: nothing else needs reading.
    Invoice(Box<Extraction>),
    /// No e-invoice to use: the pages must be read.
    Pages {
        /// Why an embedded e-invoice was there but could not be used, for the review.
        problem: Option<String>,
    },
}

/// Looks for an embedded e-invoice (unless `options` says to ignore it). Fails with
/// `encrypted_pdf` when the PDF needs a password, `corrupt_pdf` when lopdf cannot
/// parse it and `decompression_bomb` when a stream expands past the limits. Needs no
/// library: this is also the entry point of the PDF fuzz target.
pub fn read_embedded(bytes: &[u8], options: &Options, limits: &Limits) -> Result<Embedded> {
    guarded(|| {
        let document = load(bytes, limits)?;
        if options.ignore_embedded_xml {
            return Ok(Embedded::Pages { problem: None });
        }
        Ok(match embedded_invoice(&document, limits) {
            EmbeddedInvoice::Found(extraction) => Embedded::Invoice(extraction),
            EmbeddedInvoice::Malformed(error) => Embedded::Pages {
                problem: Some(format!(
                    "the embedded e-invoice XML cannot be read ({error}): the page was read instead"
                )),
            },
            EmbeddedInvoice::None => Embedded::Pages { problem: None },
        })
    })
}

/// What the search for an embedded e-invoice found.
enum EmbeddedInvoice {
    Found(Box<Extraction>),
    /// An embedded XML under a standard e-invoice name that is not well-formed.
    Malformed(Error),
    None,
}

/// The first embedded XML that is a CII or UBL invoice.
fn embedded_invoice(document: &Document, limits: &Limits) -> EmbeddedInvoice {
    let mut first_error = None;
    for file in attachments::xml_candidates(document, limits.max_bytes) {
        match einvoice::read_invoice(&file.bytes, Source::EmbeddedXml) {
            Ok(Some(extraction)) => return EmbeddedInvoice::Found(Box::new(extraction)),
            Ok(None) => {}
            // A broken XML under another name (logistics data, notes) is not worth a
            // review: nothing says it was meant to be the invoice.
            Err(error) if attachments::has_e_invoice_file_name(&file) => {
                first_error.get_or_insert(error);
            }
            Err(_) => {}
        }
    }
    first_error.map_or(EmbeddedInvoice::None, EmbeddedInvoice::Malformed)
}

/// Runs `work` (which calls lopdf) so that a panic becomes `corrupt_pdf`.
fn guarded<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_panic| {
        Err(Error::new(ErrorCode::CorruptPdf, "the PDF structure cannot be parsed (the PDF reader gave up)"))
    })
}

/// Loads a PDF from memory. Encrypted PDFs that open with the empty user password (an
/// owner password only restricts printing or copying) are read; those that need a
/// password fail with `encrypted_pdf`.
fn load(bytes: &[u8], limits: &Limits) -> Result<Document> {
    // lopdf inflates object and cross-reference streams as it loads, each to this bound.
    let options = LoadOptions { max_decompressed_size: Some(limits.max_decompressed_bytes), ..LoadOptions::default() };
    let document = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
    // lopdf removes `/Encrypt` from the trailer once it has decrypted the document; if it
    // is still there, no password it tried was right.
    if document.trailer.has(b"Encrypt") {
        return Err(Error::new(ErrorCode::EncryptedPdf, "the PDF is encrypted and needs a password"));
    }
    if document.catalog().is_err() {
        return Err(Error::new(ErrorCode::CorruptPdf, "the PDF has no readable document catalog"));
    }
    stream_sizes::check_streams(&document, limits)?;
    Ok(document)
}

/// Maps a lopdf load error to a document error. The message names the kind of damage
/// only: lopdf's own messages can quote bytes of the file.
fn load_error(error: lopdf::Error) -> Error {
    use lopdf::Error as PdfError;
    match error {
        PdfError::Decryption(_) | PdfError::InvalidPassword | PdfError::UnsupportedSecurityHandler(_) => {
            Error::new(ErrorCode::EncryptedPdf, "the PDF is encrypted and cannot be decrypted without a password")
        }
        PdfError::Decompress(DecompressError::MemoryLimitExceeded { limit }) => Error::new(
            ErrorCode::DecompressionBomb,
            format!("a structure stream of the PDF expands to more than {limit} bytes"),
        ),
        PdfError::Decompress(_) => Error::new(ErrorCode::CorruptPdf, "a stream of the PDF cannot be decompressed"),
        PdfError::Parse(_) => Error::new(ErrorCode::CorruptPdf, "the PDF header or structure cannot be parsed"),
        PdfError::Xref(_) | PdfError::MissingXrefEntry => {
            Error::new(ErrorCode::CorruptPdf, "the cross-reference table of the PDF is damaged")
        }
        _ => Error::new(ErrorCode::CorruptPdf, "the PDF structure cannot be parsed"),
    }
}

#[cfg(test)]
pub(crate) mod tests;
