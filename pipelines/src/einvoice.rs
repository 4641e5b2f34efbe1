//! E-invoices: CII (UN/CEFACT Cross Industry Invoice, used by Factur-X and ZUGFeRD)
//! and UBL 2.1 (Invoice and CreditNote), parsed exactly into EN 16931 fields.

use liasse_core::{ErrorCode, Extraction};

use crate::{Error, Result};

/// Reads a stand-alone XML e-invoice.
pub fn read_xml(bytes: &[u8]) -> Result<Extraction> {
    let _ = bytes;
    Err(Error::new(ErrorCode::MalformedXml, "e-invoice parsing is not written yet"))
}
