//! The result of processing one document: the contract of `shared/RESULT_SCHEMA.md`.
//!
//! `Extraction` is what the pure pipeline computes from bytes; `DocumentResult` adds
//! the identity of the document (id and file name) and is what the API serves, what
//! `liasse process --json` prints and what `liasse eval` scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::amount::Amount;
use crate::class::{DocClass, Source};
use crate::ids::DocumentId;

/// The value of a field: a string (dates `YYYY-MM-DD`, amounts `"1234.50"`,
/// identifiers without spaces), a list of strings, or a list of objects (e-mail
/// attachments). Kept as JSON so every class can carry its own shapes.
pub type FieldValue = Value;

/// Where a value was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// `[x0, y0, x1, y1]` in PDF points from the top-left corner of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// The text the value was read from, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For structured inputs: the path of the XML element or e-mail header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Provenance {
    pub fn at_path(path: impl Into<String>) -> Self {
        Self { path: Some(path.into()), ..Self::default() }
    }
}

/// One extracted field with its confidence and provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub value: FieldValue,
    #[serde(serialize_with = "serialize_probability")]
    pub confidence: f64,
    pub provenance: Provenance,
    /// `true`/`false` where a checksum or rule applies (IBAN, SIREN, VAT key), else `null`.
    pub valid: Option<bool>,
}

impl Field {
    pub fn new(value: impl Into<FieldValue>, confidence: f64, provenance: Provenance) -> Self {
        Self { value: value.into(), confidence, provenance, valid: None }
    }

    /// A value read from a structured source (XML, e-mail headers): certain.
    pub fn exact(value: impl Into<FieldValue>, provenance: Provenance) -> Self {
        Self::new(value, 1.0, provenance)
    }

    pub fn with_valid(mut self, valid: Option<bool>) -> Self {
        self.valid = valid;
        self
    }

    /// The value as a string, where it is one.
    pub fn as_str(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// One line of the VAT breakdown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VatLine {
    pub rate: Amount,
    pub basis: Amount,
    pub tax: Amount,
}

/// One invoice line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_rate: Option<Amount>,
}

/// The outcome of one consistency rule (checksum, arithmetic, plausibility).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub rule: String,
    pub passed: bool,
    pub detail: String,
}

/// The versions of the models and parsers that read a document, for the audit trail.
pub type ModelVersions = BTreeMap<String, String>;

/// What the pipeline computes from one document's bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub class: DocClass,
    /// Calibrated probability of `class`.
    #[serde(serialize_with = "serialize_probability")]
    pub class_confidence: f64,
    /// ISO 639-1 code of the main text; `null` for structured inputs without prose.
    pub language: Option<String>,
    pub source: Source,
    pub fields: BTreeMap<String, Field>,
    pub vat_breakdown: Vec<VatLine>,
    pub line_items: Vec<LineItem>,
    pub checks: Vec<Check>,
    pub needs_review: bool,
    pub review_reasons: Vec<String>,
    /// Documents split out of this one (e-mail attachments), each a result in its own right.
    pub children: Vec<DocumentResult>,
    pub models: ModelVersions,
    pub timings_ms: BTreeMap<String, u64>,
}

impl Extraction {
    /// An empty extraction of the given class and source, to be filled in by a stage.
    pub fn new(class: DocClass, class_confidence: f64, source: Source) -> Self {
        Self {
            class,
            class_confidence,
            language: None,
            source,
            fields: BTreeMap::new(),
            vat_breakdown: Vec::new(),
            line_items: Vec::new(),
            checks: Vec::new(),
            needs_review: false,
            review_reasons: Vec::new(),
            children: Vec::new(),
            models: ModelVersions::new(),
            timings_ms: BTreeMap::new(),
        }
    }

    /// Flags the document for a human, with the reason shown to them.
    pub fn review(&mut self, reason: impl Into<String>) {
        self.needs_review = true;
        let reason = reason.into();
        if !self.review_reasons.contains(&reason) {
            self.review_reasons.push(reason);
        }
    }

    /// Records a check; a failed check also asks for review.
    pub fn check(&mut self, rule: &str, passed: bool, detail: impl Into<String>) {
        let detail = detail.into();
        if !passed {
            self.review(format!("{rule}: {detail}"));
        }
        self.checks.push(Check { rule: rule.to_owned(), passed, detail });
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.get(name)
    }

    pub fn set_field(&mut self, name: &str, field: Field) {
        self.fields.insert(name.to_owned(), field);
    }
}

/// One processed document, in the shape of `shared/RESULT_SCHEMA.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentResult {
    pub document_id: DocumentId,
    pub filename: String,
    #[serde(flatten)]
    pub extraction: Extraction,
}

fn serialize_probability<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    // Four decimals are all a probability is worth; more only adds noise to the JSON.
    serializer.serialize_f64((value * 10_000.0).round() / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_serialises_in_the_schema_shape() {
        let mut extraction = Extraction::new(DocClass::Invoice, 0.973_456, Source::Xml);
        extraction.set_field("invoice_number", Field::exact("F2024-0042", Provenance::at_path("/Invoice/cbc:ID")));
        extraction.check("totals_consistent", false, "100.00 + 20.00 != 130.00");
        let result = DocumentResult { document_id: DocumentId::new(), filename: "facture.xml".into(), extraction };
        let json = serde_json::to_value(&result).expect("serialises");
        assert_eq!(json["class"], "invoice");
        assert_eq!(json["class_confidence"], 0.9735);
        assert_eq!(json["source"], "xml");
        assert_eq!(json["fields"]["invoice_number"]["value"], "F2024-0042");
        assert_eq!(json["fields"]["invoice_number"]["confidence"], 1.0);
        assert_eq!(json["fields"]["invoice_number"]["valid"], Value::Null);
        assert_eq!(json["needs_review"], true);
        assert_eq!(json["review_reasons"][0], "totals_consistent: 100.00 + 20.00 != 130.00");
        let back: DocumentResult = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back.filename, "facture.xml");
        assert_eq!(back.extraction.fields.len(), 1);
    }
}
