//! Plain text documents (and CSV until spreadsheets are read properly).

use liasse_core::{DocClass, Extraction, Source};

pub fn read(bytes: &[u8]) -> Extraction {
    let text = decode(bytes);
    let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::Text);
    if text.trim().is_empty() {
        extraction.review("the text is empty");
    } else {
        extraction.review("plain text is not classified yet: stored as class other");
    }
    extraction
}

/// UTF-8 when valid, else Latin-1 (what French ERPs export when they are not UTF-8).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_decoded() {
        assert_eq!(decode(b"Soci\xe9t\xe9"), "Société");
        assert_eq!(decode("\u{feff}Société".as_bytes()), "Société");
    }
}
