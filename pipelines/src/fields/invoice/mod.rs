//! Field extraction for invoices, credit notes and receipts, from the visible page.
//!
//! Pipeline: the page (`Layout`) is prepared once (`tokens`: folded tokens, segments,
//! labels), every possible value is found (`candidates`, `parties`: dates, amounts,
//! references, identifiers, names, addresses), each (field, candidate) pair gets a
//! feature row (`features`, `values`, `stats`), the ONNX model scores the rows
//! (`model`), and `assign` picks one value per field, checking that the totals add up.
//! Every field carries the model's probability as its confidence and the page, box and
//! line text it was read from.
//!
//! `training_rows` exposes the same features for the training data
//! (`examples/extractor_features.rs`), so training and inference compute them with one
//! piece of code.
//!
//! Never logs document text: errors name the stage only.

pub mod assign;
pub mod candidates;
pub mod dates;
pub mod features;
pub mod labels;
pub mod model;
pub mod money;
mod parties;
mod stats;
pub mod tokens;
mod values;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::time::Instant;

use liasse_core::{Amount, DocClass, Extraction, Field, Provenance, Source};

use crate::layout::Layout;
use candidates::{Candidate, Found};
use features::{DocInfo, FIELDS};
pub use model::Extractor;
use tokens::DocView;

/// Extracts the fields of an invoice, credit note or receipt into `extraction`, whose
/// class, language and source are already set. Fields already present are kept (a
/// structured source knows better).
pub fn extract(extractor: &Extractor, layout: &Layout, extraction: &mut Extraction) {
    let started = Instant::now();
    extraction.models.insert("extractor".into(), extractor.version().to_owned());
    let doc = DocView::new(layout);
    let language = extraction.language.clone();
    let found = candidates::find(&doc, language.as_deref());
    let info = DocInfo::new(&doc, &found, extraction.class, language.as_deref(), extraction.source);
    let (rows, pairs) = rows(&info);
    let mut extracted: Vec<(String, Field)> = Vec::new();
    match extractor.score(rows) {
        Ok(probabilities) => {
            let mut scores: Vec<Vec<(usize, f32)>> = vec![Vec::new(); FIELDS.len()];
            for (&(field_idx, candidate_idx), p) in pairs.iter().zip(probabilities) {
                scores[field_idx].push((candidate_idx, p));
            }
            scores.iter_mut().for_each(|s| s.sort_by(|a, b| b.1.total_cmp(&a.1)));
            let choices = assign::decode(&found, &scores, &extractor.thresholds);
            for (spec, choice) in FIELDS.iter().zip(choices) {
                if let Some(choice) = choice {
                    let candidate = &found.candidates[choice.candidate];
                    let value = signed_value(candidate, extraction.class);
                    let field = Field::new(value, f64::from(choice.confidence), provenance(&doc, candidate))
                        .with_valid(candidate.valid);
                    extracted.push((spec.name.to_owned(), field));
                }
            }
        }
        Err(error) => {
            tracing::error!(%error, "the field extractor failed; the document keeps no page fields");
            extraction.review("the field extractor failed on this document");
        }
    }
    if let Some(field) = currency(&doc, &found) {
        extracted.push(("currency".into(), field));
    }
    if let Some(field) = type_code(&doc, extraction.class, extraction.class_confidence) {
        extracted.push(("type_code".into(), field));
    }
    for (name, field) in extracted {
        extraction.fields.entry(name).or_insert(field);
    }
    if extraction.vat_breakdown.is_empty() {
        let amount =
            |name: &str| extraction.field(name).and_then(Field::as_str).and_then(|v| Amount::parse_canonical(v).ok());
        extraction.vat_breakdown = assign::vat_breakdown(&found, amount("total_excl_vat"), amount("total_vat"));
    }
    extraction.timings_ms.insert("fields".into(), started.elapsed().as_millis() as u64);
}

/// The feature rows of every (field, candidate) pair, and which pair each row is.
fn rows(info: &DocInfo<'_>) -> (Vec<Vec<f32>>, Vec<(usize, usize)>) {
    let mut rows = Vec::new();
    let mut pairs = Vec::new();
    for (candidate_idx, candidate) in info.found.candidates.iter().enumerate() {
        let fields: Vec<usize> = (0..FIELDS.len()).filter(|&f| FIELDS[f].kind == candidate.kind).collect();
        if fields.is_empty() {
            continue;
        }
        let base = features::base(info, candidate_idx);
        for field_idx in fields {
            rows.push(features::row(&info.contexts[candidate_idx], &FIELDS[field_idx], &base));
            pairs.push((field_idx, candidate_idx));
        }
    }
    (rows, pairs)
}

/// The value as the results write it. A credit note's amounts are positive (EN 16931:
/// the type code says it is a credit), even where the page prints them negative; an
/// invoice keeps the sign it prints (a corrective invoice may be negative).
fn signed_value(candidate: &Candidate, class: DocClass) -> String {
    match candidate.amount {
        Some(amount) if class == DocClass::CreditNote => Amount::from_decimal(amount.as_decimal().abs()).to_string(),
        _ => candidate.value.clone(),
    }
}

fn provenance(doc: &DocView<'_>, candidate: &Candidate) -> Provenance {
    let line = doc.line(candidate.page_idx, candidate.line_idx);
    Provenance {
        page: u32::try_from(candidate.page_idx + 1).ok(),
        bbox: Some(candidate.bbox),
        text: Some(candidate.source_text.clone().unwrap_or_else(|| line.text())),
        path: None,
    }
}

/// The document's currency: the sign or code written most often (the first on a tie).
fn currency(doc: &DocView<'_>, found: &Found) -> Option<Field> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for mention in &found.currencies {
        match counts.iter_mut().find(|(code, _)| *code == mention.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((mention.code, 1)),
        }
    }
    let (code, n) = counts.iter().copied().fold(None, |best: Option<(&str, usize)>, (c, n)| match best {
        Some((_, m)) if m >= n => best,
        _ => Some((c, n)),
    })?;
    let mention = found.currencies.iter().find(|m| m.code == code)?;
    let line = doc.line(mention.page_idx, mention.line_idx);
    let confidence = n as f64 / found.currencies.len() as f64;
    let provenance = Provenance {
        page: u32::try_from(mention.page_idx + 1).ok(),
        bbox: Some(line.bbox_of(mention.word_idx..mention.word_idx + 1)),
        text: Some(line.text()),
        path: None,
    };
    Some(Field::new(code, confidence, provenance))
}

/// UNTDID 1001 codes of invoices and credit notes that e-invoice renderings print next
/// to the title ("Handelsrechnung (380)", "Gutschrift (389)").
const TYPE_CODES: &[&str] = &[
    "380", "381", "383", "384", "386", "387", "388", "389", "393", "394", "395", "396", "456", "457", "575", "623",
    "780", "875", "876", "877",
];

/// BT-3: the code printed in parentheses after the title when there is one, else from
/// the class: 380 for an invoice, 381 for a credit note; receipts have none. The
/// provenance is the document's title line when one is found.
fn type_code(doc: &DocView<'_>, class: DocClass, class_confidence: f64) -> Option<Field> {
    let default = match class {
        DocClass::Invoice => "380",
        DocClass::CreditNote => "381",
        _ => return None,
    };
    let first_page = doc.pages.first()?;
    let title = first_page.lines.iter().find(|l| l.labels.iter().any(|h| h.kind == labels::LabelKind::Title));
    let printed = title.and_then(|line| {
        let title_end = line.labels.iter().find(|h| h.kind == labels::LabelKind::Title)?.words.end;
        let word = line.words().get(title_end)?;
        let code = word.text.strip_prefix('(')?.strip_suffix(')')?;
        TYPE_CODES.contains(&code).then(|| (code.to_owned(), line.bbox_of(title_end..title_end + 1)))
    });
    let line = title.or(first_page.lines.first())?;
    let (code, confidence, bbox) = match printed {
        Some((code, bbox)) => (code, 0.95, bbox),
        None => (default.to_owned(), class_confidence, line.line.bbox),
    };
    let provenance = Provenance { page: Some(1), bbox: Some(bbox), text: Some(line.text()), path: None };
    Some(Field::new(code, confidence, provenance))
}

/// One training row: a (field, candidate) pair of a document, with its features.
#[derive(Debug, Clone)]
pub struct TrainingRow {
    pub field: &'static str,
    pub value: String,
    /// 1-based page of the candidate.
    pub page: u32,
    pub features: Vec<f32>,
}

/// The rows the model would score on this page, for building training data.
pub fn training_rows(layout: &Layout, class: DocClass, language: Option<&str>, source: Source) -> Vec<TrainingRow> {
    let doc = DocView::new(layout);
    let found = candidates::find(&doc, language);
    let info = DocInfo::new(&doc, &found, class, language, source);
    let (rows, pairs) = rows(&info);
    rows.into_iter()
        .zip(pairs)
        .map(|(features, (field_idx, candidate_idx))| {
            let candidate = &found.candidates[candidate_idx];
            TrainingRow {
                field: FIELDS[field_idx].name,
                value: candidate.value.clone(),
                page: u32::try_from(candidate.page_idx + 1).unwrap_or(u32::MAX),
                features,
            }
        })
        .collect()
}

/// Whether a candidate's value is the truth of a field, as training labels and tests
/// judge it: dates equal, amounts within a cent whatever their sign (a credit note may
/// print `-218,48` for a credit of 218.48: the decoder decides the sign), identifiers
/// equal without spaces, dots and dashes, names and addresses equal after folding or
/// nearly so (an edit ratio of 0.85, which forgives OCR slips but not an extra word).
pub fn matches(field: &str, value: &str, truth: &str) -> bool {
    match field {
        "total_excl_vat" | "total_vat" | "total_incl_vat" | "amount_due" => {
            match (Amount::parse_canonical(value), Amount::parse_canonical(truth)) {
                (Ok(a), Ok(b)) => {
                    Amount::from_decimal(a.as_decimal().abs()).agrees_with(Amount::from_decimal(b.as_decimal().abs()))
                }
                _ => false,
            }
        }
        "issue_date" | "due_date" => value == truth,
        "seller_name" | "buyer_name" | "seller_address" => similar_text(value, truth),
        _ => candidates::compact_id(value) == candidates::compact_id(truth),
    }
}

fn normalize_text(text: &str) -> Vec<char> {
    let folded = tokens::fold(text);
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect()
}

fn similar_text(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_text(a), normalize_text(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let longest = a.len().max(b.len());
    let distance = crate::edit_distance::levenshtein(&a, &b);
    1.0 - distance as f64 / longest as f64 >= 0.85
}
