//! PDF: embedded e-invoices (Factur-X/ZUGFeRD) and the text layer, read with lopdf.

use liasse_core::{DocClass, Extraction, Source};

use crate::{Limits, Options, Result};

pub fn read(bytes: &[u8], options: &Options, limits: &Limits) -> Result<Extraction> {
    let _ = (bytes, options, limits);
    Ok(Extraction::new(DocClass::Other, 1.0, Source::TextLayer))
}
