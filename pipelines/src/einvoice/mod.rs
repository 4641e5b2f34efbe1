//! E-invoices: CII (UN/CEFACT Cross Industry Invoice, used by Factur-X, ZUGFeRD and
//! XRechnung) and UBL 2.1 (Invoice and CreditNote), parsed exactly into EN 16931
//! fields.
//!
//! Layout: `xml` navigates a parsed tree by local names, `fields` turns XML values
//! into result fields (dates, amounts, IBAN/BIC), `cii` and `ubl` hold the mapping of
//! each syntax. This module parses the bytes, picks the syntax and runs the checks
//! (`crate::checks`, shared with every other source).
//!
//! Safety: documents come from anyone. DTDs are refused (roxmltree's default), so
//! entity expansion ("billion laughs") and external entities cannot happen, and error
//! messages describe where a document is broken, never what it says.

mod cii;
mod fields;
mod ubl;
mod xml;

use liasse_core::{DocClass, ErrorCode, Extraction, Source};

use crate::{Error, Result};

/// Parser name and version recorded in `models`, for the audit trail.
const PARSER_VERSION: &str = concat!("liasse-einvoice@", env!("CARGO_PKG_VERSION"));

/// Most XML nodes read from one document. Real e-invoices with thousands of lines stay
/// far below; the limit bounds the memory a hostile file can take.
const MAX_XML_NODES: u32 = 5_000_000;

/// The EN 16931 type code of a credit note (UNTDID 1001).
const CREDIT_NOTE_TYPE_CODE: &str = "381";

/// Reads a stand-alone XML file. A well-formed XML that is neither CII nor UBL is not
/// an error: it is returned as class `other`, flagged for review.
pub fn read_xml(bytes: &[u8]) -> Result<Extraction> {
    match read_invoice(bytes, Source::Xml)? {
        Some(extraction) => Ok(extraction),
        None => {
            let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::Xml);
            extraction.models.insert("parser".into(), PARSER_VERSION.into());
            extraction.review("the XML is not a known e-invoice (neither CII nor UBL): stored as class other");
            Ok(extraction)
        }
    }
}

/// Reads XML as an e-invoice, recording `source` (stand-alone or embedded in a PDF).
/// `Ok(None)` when the XML is well-formed but not a CII or UBL invoice.
pub fn read_invoice(bytes: &[u8], source: Source) -> Result<Option<Extraction>> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        malformed(format!("the XML is not UTF-8 text (invalid byte at offset {})", error.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_XML_NODES };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|error| malformed(describe(&error)))?;
    let root = document.root_element();

    let mut extraction = Extraction::new(DocClass::Invoice, 1.0, source);
    let ubl_kind = ubl::ubl_kind(root);
    if ubl_kind.is_some() {
        ubl::read(root, &mut extraction);
    } else if cii::is_cii(root) {
        cii::read(root, &mut extraction);
    } else {
        return Ok(None);
    }
    extraction.class = match extraction.field("type_code").and_then(|field| field.as_str()) {
        Some(CREDIT_NOTE_TYPE_CODE) => DocClass::CreditNote,
        // The type code is mandatory; without one, a UBL CreditNote still says what it is.
        None if ubl_kind == Some(ubl::UblKind::CreditNote) => DocClass::CreditNote,
        _ => DocClass::Invoice,
    };
    extraction.models.insert("parser".into(), PARSER_VERSION.into());
    // EN 16931 arithmetic (BR-CO-14, -15, -17) and identifier check digits.
    crate::checks::run(&mut extraction);
    Ok(Some(extraction))
}

fn malformed(message: String) -> Error {
    Error::new(ErrorCode::MalformedXml, message)
}

/// A description of a parse error that names the kind and position only: roxmltree's
/// own messages quote element and entity names from the document.
fn describe(error: &roxmltree::Error) -> String {
    use roxmltree::Error as XmlError;
    match error {
        XmlError::DtdDetected => {
            "the XML declares a DTD, which is refused (entity expansion and external entities are not allowed)".into()
        }
        XmlError::NodesLimitReached | XmlError::AttributesLimitReached | XmlError::NamespacesLimitReached => {
            format!("the XML has more than {MAX_XML_NODES} nodes, attributes or namespaces")
        }
        XmlError::EntityReferenceLoop(_) => "the XML has an entity reference loop".into(),
        XmlError::NoRootNode => "the XML has no root element".into(),
        XmlError::UnclosedRootNode | XmlError::UnexpectedEndOfStream => {
            "the XML ends before its root element closes".into()
        }
        other => {
            let position = other.pos();
            format!("the XML is not well-formed (line {}, column {})", position.row, position.col)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
