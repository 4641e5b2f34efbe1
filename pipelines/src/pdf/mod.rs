//! PDF: embedded e-invoices (Factur-X, ZUGFeRD, XRechnung) and the text layer, read
//! with lopdf.
//!
//! A PDF that carries an e-invoice is read from its XML, exactly; the visible page is
//! only read when there is no such XML or the uploader asked to ignore it. Reading the
//! text layer yields the page texts; classifying them and extracting fields from them
//! is a later stage.
//!
//! lopdf parses hostile bytes and is known to panic on some garbage. Every call into it
//! runs under `catch_unwind`, so a bad PDF fails as `corrupt_pdf` instead of unwinding
//! into the caller.

mod attachments;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use liasse_core::{DocClass, ErrorCode, Extraction, Source};
use lopdf::{Document, LoadOptions};

use crate::{Error, Limits, Options, Result, einvoice};

/// Review reason of a PDF whose text layer was read but not yet classified.
pub const TEXT_LAYER_NOT_CLASSIFIED: &str = "text-layer classification and field extraction are not available yet";
/// Review reason of a PDF without text (a scan).
pub const NO_TEXT_LAYER: &str = "no text layer (scanned PDF): OCR is not available yet";

/// Reads a PDF: its embedded e-invoice when there is one (unless `options` says to
/// ignore it), else its text layer.
pub fn read(bytes: &[u8], options: &Options, limits: &Limits) -> Result<Extraction> {
    guarded(|| {
        let document = load(bytes, limits)?;
        let mut embedded_xml_problem = None;
        if !options.ignore_embedded_xml {
            match embedded_invoice(&document, limits) {
                EmbeddedInvoice::Found(extraction) => return Ok(*extraction),
                EmbeddedInvoice::Malformed(error) => embedded_xml_problem = Some(error),
                EmbeddedInvoice::None => {}
            }
        }
        let started = Instant::now();
        let texts = texts_of_pages(&document, limits)?;
        let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::TextLayer);
        extraction.timings_ms.insert("extract_text".into(), started.elapsed().as_millis() as u64);
        if let Some(error) = embedded_xml_problem {
            extraction
                .review(format!("the embedded e-invoice XML cannot be read ({error}): the page was read instead"));
        }
        if texts.iter().all(|text| text.trim().is_empty()) {
            extraction.review(NO_TEXT_LAYER);
        } else {
            extraction.review(TEXT_LAYER_NOT_CLASSIFIED);
        }
        Ok(extraction)
    })
}

/// The text of each page, in page order; a page whose text cannot be decoded is empty.
pub fn page_texts(bytes: &[u8], limits: &Limits) -> Result<Vec<String>> {
    guarded(|| {
        let document = load(bytes, limits)?;
        texts_of_pages(&document, limits)
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
    let options = LoadOptions { max_decompressed_size: Some(limits.max_bytes), ..LoadOptions::default() };
    let document = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
    // lopdf removes `/Encrypt` from the trailer once it has decrypted the document; if it
    // is still there, no password it tried was right.
    if document.trailer.has(b"Encrypt") {
        return Err(Error::new(ErrorCode::EncryptedPdf, "the PDF is encrypted and needs a password"));
    }
    if document.catalog().is_err() {
        return Err(Error::new(ErrorCode::CorruptPdf, "the PDF has no readable document catalog"));
    }
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
        PdfError::Decompress(_) => Error::new(ErrorCode::CorruptPdf, "a stream of the PDF cannot be decompressed"),
        PdfError::Parse(_) => Error::new(ErrorCode::CorruptPdf, "the PDF header or structure cannot be parsed"),
        PdfError::Xref(_) | PdfError::MissingXrefEntry => {
            Error::new(ErrorCode::CorruptPdf, "the cross-reference table of the PDF is damaged")
        }
        _ => Error::new(ErrorCode::CorruptPdf, "the PDF structure cannot be parsed"),
    }
}

/// The text of every page, refusing documents over the page limit before reading any.
fn texts_of_pages(document: &Document, limits: &Limits) -> Result<Vec<String>> {
    let pages = document.get_pages();
    if pages.len() > limits.max_pages {
        return Err(Error::new(
            ErrorCode::TooManyPages,
            format!("{} pages is over the limit of {}", pages.len(), limits.max_pages),
        ));
    }
    let texts = pages
        .keys()
        .map(|&page_number| {
            // A page whose fonts lopdf cannot decode has no usable text; the other pages
            // still do.
            document.extract_text_with_limit(&[page_number], limits.max_bytes).unwrap_or_default()
        })
        .collect();
    Ok(texts)
}

#[cfg(test)]
mod tests;
