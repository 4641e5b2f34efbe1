//! What a document is (`DocClass`) and where its text came from (`Source`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The class of a document, as in `shared/RESULT_SCHEMA.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocClass {
    Invoice,
    CreditNote,
    Receipt,
    Contract,
    Email,
    Other,
}

impl DocClass {
    pub const ALL: [DocClass; 6] = [
        DocClass::Invoice,
        DocClass::CreditNote,
        DocClass::Receipt,
        DocClass::Contract,
        DocClass::Email,
        DocClass::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            DocClass::Invoice => "invoice",
            DocClass::CreditNote => "credit_note",
            DocClass::Receipt => "receipt",
            DocClass::Contract => "contract",
            DocClass::Email => "email",
            DocClass::Other => "other",
        }
    }
}

impl fmt::Display for DocClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocClass {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocClass::ALL
            .into_iter()
            .find(|class| class.as_str() == s)
            .ok_or_else(|| format!("unknown document class {s:?}"))
    }
}

/// Where the text of a result was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// XML embedded in a PDF (Factur-X, ZUGFeRD).
    EmbeddedXml,
    /// A stand-alone CII or UBL file.
    Xml,
    /// The text layer of a digital PDF.
    TextLayer,
    /// Optical character recognition of page images.
    Ocr,
    Spreadsheet,
    Email,
    /// Plain text (neither PDF nor image).
    Text,
    /// Nothing could be read (unsupported or empty input).
    None,
}

impl Source {
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::EmbeddedXml => "embedded_xml",
            Source::Xml => "xml",
            Source::TextLayer => "text_layer",
            Source::Ocr => "ocr",
            Source::Spreadsheet => "spreadsheet",
            Source::Email => "email",
            Source::Text => "text",
            Source::None => "none",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_match_the_schema() {
        for class in DocClass::ALL {
            let json = serde_json::to_string(&class).expect("serialises");
            assert_eq!(json, format!("\"{}\"", class.as_str()));
            assert_eq!(class.as_str().parse::<DocClass>(), Ok(class));
        }
        assert!("bill".parse::<DocClass>().is_err());
    }

    #[test]
    fn sources_serialise_in_snake_case() {
        let json = serde_json::to_string(&Source::EmbeddedXml).expect("serialises");
        assert_eq!(json, "\"embedded_xml\"");
    }
}
