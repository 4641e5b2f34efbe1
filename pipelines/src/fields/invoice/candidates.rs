//! Candidate values: everything on the page that could be the value of a field, with
//! where it is. Generation is deliberately generous (every date, every amount, every
//! token that could be a reference); the model decides which one is which field.
//!
//! Names and addresses come from `parties`; everything else is found here, line by line.

use std::ops::Range;

use chrono::NaiveDate;
use liasse_core::{Amount, Bic, Iban, Siren, Siret, VatNumber};

use super::dates::{self, DayMonth};
use super::labels::LabelKind;
use super::money::{self, RateHit};
use super::parties;
use super::tokens::{DocView, LineView, fold, trim_value};

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Date,
    Amount,
    /// An alphanumeric token with digits: invoice number, order or buyer reference.
    Reference,
    VatId,
    /// A SIREN or SIRET.
    LegalId,
    Iban,
    Bic,
    Name,
    Address,
}

/// One candidate value and where it was read.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: Kind,
    /// The value in the result's format: `2024-03-15`, `1234.56`, `FR44732829320`.
    pub value: String,
    pub page_idx: usize,
    /// The line holding the value (the last line of a multi-line address).
    pub line_idx: usize,
    /// The words of the value on that line.
    pub words: Range<usize>,
    /// The box of the value's words (all its lines for an address).
    pub bbox: [f32; 4],
    pub amount: Option<Amount>,
    pub date: Option<NaiveDate>,
    /// Checksum or shape validity, where one applies.
    pub valid: Option<bool>,
    pub currency: Option<&'static str>,
    /// Kind-specific detail, read by `features`: the date was written with a month name;
    /// a reference had a label glued to it; a name is not a whole segment (0 whole,
    /// 1 after a label, 2 before a separator); an address's postcode style; a legal id
    /// is a SIRET.
    pub detail: u8,
    /// Lines an address spans.
    pub n_lines: usize,
    /// The printed text the value was read from, when it is not simply its line's text
    /// (an address over several lines).
    pub source_text: Option<String>,
}

impl Candidate {
    pub(crate) fn new(kind: Kind, value: String, line: &LineView<'_>, words: Range<usize>) -> Self {
        Self {
            kind,
            value,
            page_idx: line.page_idx,
            line_idx: line.line_idx,
            bbox: line.bbox_of(words.clone()),
            words,
            amount: None,
            date: None,
            valid: None,
            currency: None,
            detail: 0,
            n_lines: 1,
            source_text: None,
        }
    }
}

/// A currency sign or code on the page: its ISO code and the word it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyMention {
    pub code: &'static str,
    pub page_idx: usize,
    pub line_idx: usize,
    pub word_idx: usize,
}

/// Everything found in a document.
#[derive(Debug, Default)]
pub struct Found {
    pub candidates: Vec<Candidate>,
    /// Percentages, with their page and line.
    pub rates: Vec<(usize, usize, RateHit)>,
    /// Currency signs and codes seen anywhere, in reading order.
    pub currencies: Vec<CurrencyMention>,
    /// The convention numeric dates were read with.
    pub day_month: DayMonth,
}

/// Pages whose values are read: all of a short document; of a long one, the first two
/// and the last two (headers and totals), which bounds the work on 100-page listings.
pub fn pages_read(n_pages: usize) -> Vec<usize> {
    if n_pages <= 4 { (0..n_pages).collect() } else { vec![0, 1, n_pages - 2, n_pages - 1] }
}

/// Finds every candidate of the document.
pub fn find(doc: &DocView<'_>, language: Option<&str>) -> Found {
    let mut found = Found { day_month: day_month(doc, language), ..Found::default() };
    let pages = pages_read(doc.pages.len());
    for &page_idx in &pages {
        for line in &doc.pages[page_idx].lines {
            find_in_line(line, &mut found);
        }
    }
    parties::find(doc, &pages, &mut found.candidates);
    found
}

/// The document's date convention: what its unambiguous numeric dates say, else month
/// first for documents with American addresses, or in English and priced in dollars
/// when the addresses say nothing, else day first.
fn day_month(doc: &DocView<'_>, language: Option<&str>) -> DayMonth {
    let (mut day_first, mut month_first, mut dollars, mut other_currency) = (0, 0, 0, 0);
    let (mut american, mut british) = (0, 0);
    for line in doc.pages.iter().flat_map(|p| p.lines.iter()) {
        // An American address ("Seattle, WA 98101") is the strongest sign of American
        // dates; a British postcode, of British ones.
        let texts: Vec<&str> = line.words().iter().map(|w| w.text.as_str()).collect();
        for idx in 0..texts.len() {
            match parties::postcode_style(&texts, idx) {
                Some(parties::AMERICAN) => american += 1,
                Some(parties::BRITISH) => british += 1,
                _ => {}
            }
        }
        for word in line.words() {
            match dates::evidence(&word.text) {
                Some(DayMonth::DayFirst) => day_first += 1,
                Some(DayMonth::MonthFirst) => month_first += 1,
                None => {}
            }
            if word.text.contains('$') || word.text == "USD" {
                dollars += 1;
            } else if word.text.contains(['€', '£', '₹']) || matches!(word.text.as_str(), "EUR" | "GBP" | "INR") {
                other_currency += 1;
            }
        }
    }
    if month_first > day_first {
        DayMonth::MonthFirst
    } else if day_first > month_first {
        DayMonth::DayFirst
    } else if american != british {
        if american > british { DayMonth::MonthFirst } else { DayMonth::DayFirst }
    } else if language == Some("en") && dollars > other_currency {
        DayMonth::MonthFirst
    } else {
        DayMonth::DayFirst
    }
}

fn take(range: &Range<usize>, taken: &mut [bool]) {
    range.clone().for_each(|i| taken[i] = true);
}

fn find_in_line(line: &LineView<'_>, found: &mut Found) {
    let words = line.words();
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    // Words already taken by a date, an amount or an identifier are not references.
    let mut taken = vec![false; words.len()];

    for hit in dates::find(&texts, found.day_month) {
        let mut candidate =
            Candidate::new(Kind::Date, hit.date.format("%Y-%m-%d").to_string(), line, hit.words.clone());
        candidate.date = Some(hit.date);
        candidate.detail = u8::from(hit.named_month);
        take(&hit.words, &mut taken);
        found.candidates.push(candidate);
    }
    let (amounts, rates) = money::find(words);
    for hit in amounts {
        if hit.words.clone().any(|i| taken[i]) {
            continue;
        }
        let mut candidate = Candidate::new(Kind::Amount, hit.value.to_string(), line, hit.words.clone());
        candidate.amount = Some(hit.value);
        candidate.currency = hit.currency;
        candidate.detail = u8::try_from(hit.decimals).unwrap_or(u8::MAX);
        take(&hit.words, &mut taken);
        found.candidates.push(candidate);
    }
    for hit in rates {
        take(&hit.words, &mut taken);
        found.rates.push((line.page_idx, line.line_idx, hit));
    }
    for (word_idx, word) in words.iter().enumerate() {
        let text = trim_value(&word.text);
        if let Some(code) = money::currency_code(text).or_else(|| glued_currency(text)) {
            found.currencies.push(CurrencyMention { code, page_idx: line.page_idx, line_idx: line.line_idx, word_idx });
        }
    }
    identifiers(line, &mut taken, &mut found.candidates);
    references(line, &taken, &mut found.candidates);
}

/// `€` glued to a number counts as a currency mention.
fn glued_currency(text: &str) -> Option<&'static str> {
    let first = text.chars().next()?;
    let last = text.chars().last()?;
    [first, last]
        .into_iter()
        .find_map(|c| if c.is_ascii_alphanumeric() { None } else { money::currency_code(&c.to_string()) })
}

/// The value part of a word that may carry a label: `TVA:FR44…` → `FR44…`, `N°F42` → `F42`.
fn unglued(text: &str) -> (&str, bool) {
    let text = trim_value(text);
    if let Some((_, after)) = text.rsplit_once(':').filter(|(_, after)| !after.is_empty()) {
        return (after, true);
    }
    for prefix in ["N°", "n°", "Nº", "nº", "No.", "no.", "Nr.", "nr.", "#", "№"] {
        if let Some(rest) = text.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            return (rest, true);
        }
    }
    (text, false)
}

/// VAT ids, SIREN/SIRET, IBANs and BICs, which may be printed in spaced groups.
fn identifiers(line: &LineView<'_>, taken: &mut [bool], out: &mut Vec<Candidate>) {
    let words = line.words();
    let has_bank_label = line.labels.iter().any(|l| matches!(l.kind, LabelKind::Bic | LabelKind::Iban));
    let has_legal_label = line.labels.iter().any(|l| l.kind == LabelKind::LegalId);
    let mut idx = 0;
    while idx < words.len() {
        let (first, _) = unglued(&words[idx].text);
        let max_end = (idx + 9).min(words.len());
        // Longest reading first: `FR76 3000 6000 …` is one IBAN, not a shorter one.
        let joined = |end: usize| {
            let mut text = first.to_owned();
            for word in &words[idx + 1..end] {
                text.push_str(trim_value(&word.text));
            }
            text
        };
        let starts_with_letters = first.len() >= 4 && first.as_bytes()[..2].iter().all(u8::is_ascii_uppercase);
        // `DE 232 446 240`: a country code alone, then digit groups.
        let country_alone = first.len() == 2
            && first.bytes().all(|b| b.is_ascii_uppercase())
            && words.get(idx + 1).is_some_and(|w| w.text.starts_with(|c: char| c.is_ascii_digit()));
        let mut matched: Option<(usize, Candidate)> = None;
        if starts_with_letters && first.as_bytes()[2..4].iter().all(u8::is_ascii_digit) {
            matched = (idx + 1..=max_end).rev().find_map(|end| {
                Iban::parse(&joined(end)).ok().map(|iban| {
                    let mut c = Candidate::new(Kind::Iban, iban.as_str().to_owned(), line, idx..end);
                    c.valid = Some(true);
                    (end, c)
                })
            });
        }
        if matched.is_none() && is_gstin(first) {
            // India's GST number plays the VAT id's part on Indian invoices.
            matched = Some((idx + 1, Candidate::new(Kind::VatId, first.to_owned(), line, idx..idx + 1)));
        }
        if matched.is_none() && (starts_with_letters || country_alone || first.starts_with("CHE")) {
            matched = (idx + 1..=(idx + 5).min(words.len())).rev().find_map(|end| {
                VatNumber::parse(&joined(end)).ok().map(|vat| {
                    let mut c = Candidate::new(Kind::VatId, vat.as_str().to_owned(), line, idx..end);
                    c.valid = vat.valid_checksum();
                    (end, c)
                })
            });
        }
        if matched.is_none() && first.bytes().all(|b| b.is_ascii_digit()) && !first.is_empty() {
            matched = (idx + 1..=(idx + 4).min(words.len())).rev().find_map(|end| {
                let digits = joined(end);
                if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 9 | 14) {
                    return None;
                }
                let valid =
                    if digits.len() == 9 { Siren::parse(&digits).is_ok() } else { Siret::parse(&digits).is_ok() };
                (valid || has_legal_label).then(|| {
                    let mut c = Candidate::new(Kind::LegalId, digits.clone(), line, idx..end);
                    c.valid = Some(valid);
                    c.detail = u8::from(digits.len() == 14);
                    (end, c)
                })
            });
        }
        if matched.is_none()
            && matches!(first.len(), 8 | 11)
            && first.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            let has_digit = first.bytes().any(|b| b.is_ascii_digit());
            if let Some(bic) = Bic::parse(first).ok().filter(|_| has_digit || has_bank_label) {
                let mut c = Candidate::new(Kind::Bic, bic.as_str().to_owned(), line, idx..idx + 1);
                c.valid = Some(true);
                matched = Some((idx + 1, c));
            }
        }
        match matched {
            Some((end, candidate)) => {
                // A nine- or fourteen-digit number may be an invoice number whose digits
                // happen to verify as a SIREN: it stays a reference candidate too.
                if candidate.kind != Kind::LegalId {
                    (idx..end).for_each(|i| taken[i] = true);
                }
                out.push(candidate);
                idx = end;
            }
            None => idx += 1,
        }
    }
}

/// An Indian GSTIN: state code, PAN (five letters, four digits, a letter), entity
/// number, `Z`, check character: `27AAPFU0939F1ZV`.
fn is_gstin(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 15
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2..7].iter().all(u8::is_ascii_uppercase)
        && b[7..11].iter().all(u8::is_ascii_digit)
        && b[11].is_ascii_uppercase()
        && b[12].is_ascii_alphanumeric()
        && b[13] == b'Z'
        && b[14].is_ascii_alphanumeric()
}

/// Tokens that could be an invoice number or a reference: letters, digits and
/// `- / . _`, with at least one digit, that are not a date, an amount or an identifier.
fn references(line: &LineView<'_>, taken: &[bool], out: &mut Vec<Candidate>) {
    for (idx, word) in line.words().iter().enumerate() {
        if taken[idx] {
            continue;
        }
        let (value, glued) = unglued(&word.text);
        let value = value.trim_end_matches('.');
        let n_digits = value.bytes().filter(u8::is_ascii_digit).count();
        let shape_ok = value.len() <= 40
            && n_digits > 0
            && value.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | '_'))
            && value.starts_with(|c: char| c.is_alphanumeric())
            && (value.len() >= 3 || (value.len() == 2 && n_digits < 2));
        if !shape_ok || looks_like_amount(value) || dates::parse(value, DayMonth::DayFirst).is_some() {
            continue;
        }
        let mut candidate = Candidate::new(Kind::Reference, value.to_owned(), line, idx..idx + 1);
        candidate.detail = u8::from(glued);
        out.push(candidate);
    }
}

/// `12.50`, `1,234.00`: digits with two decimals.
fn looks_like_amount(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 4
        && matches!(bytes[bytes.len() - 3], b'.' | b',')
        && bytes.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
}

/// How a value is compared with the truth when building training labels and in tests:
/// identifiers without spaces, dots and dashes, upper case.
pub fn compact_id(value: &str) -> String {
    fold(value).chars().filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-')).flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::{Layout, Line, Page, Word};
    use liasse_core::Source;

    pub(crate) fn layout(lines: &[&str]) -> Layout {
        let lines = lines
            .iter()
            .enumerate()
            .filter_map(|(row, text)| {
                let mut x = 50.0;
                let mut words = Vec::new();
                for chunk in text.split('|') {
                    for word in chunk.split_whitespace() {
                        let width = 5.0 * word.chars().count() as f32;
                        let y = 50.0 + 14.0 * row as f32;
                        words.push(Word { text: word.into(), bbox: [x, y, x + width, y + 10.0], confidence: 1.0 });
                        x += width + 3.0;
                    }
                    x += 60.0;
                }
                Line::from_words(words)
            })
            .collect();
        Layout {
            pages: vec![Page {
                number: 1,
                width: 595.0,
                height: 842.0,
                lines,
                source: Source::TextLayer,
                rotation_applied: 0,
            }],
        }
    }

    fn values(found: &Found, kind: Kind) -> Vec<String> {
        found.candidates.iter().filter(|c| c.kind == kind).map(|c| c.value.clone()).collect()
    }

    #[test]
    fn identifiers_in_spaced_groups_and_with_glued_labels() {
        let layout = layout(&[
            "Facture N° FA-2024-0042 | Date : 15/03/2024",
            "IBAN : FR76 1450 8000 7104 2188 7710 049 | BIC : BRHOFR2L",
            "SIRET 812 453 678 00011 | TVA:FR45812453678",
            "Total TTC | 5 554,56 €",
        ]);
        let doc = DocView::new(&layout);
        let found = find(&doc, Some("fr"));
        assert_eq!(values(&found, Kind::Iban), ["FR7614508000710421887710049"]);
        assert_eq!(values(&found, Kind::Bic), ["BRHOFR2L"]);
        assert_eq!(values(&found, Kind::LegalId), ["81245367800011"]);
        assert_eq!(values(&found, Kind::VatId), ["FR45812453678"]);
        assert_eq!(values(&found, Kind::Date), ["2024-03-15"]);
        assert_eq!(values(&found, Kind::Amount), ["5554.56"]);
        assert!(values(&found, Kind::Reference).contains(&"FA-2024-0042".to_owned()));
        assert_eq!(found.currencies.iter().map(|m| m.code).collect::<Vec<_>>(), ["EUR"]);
    }

    #[test]
    fn the_date_convention_comes_from_unambiguous_dates() {
        let layout = layout(&["Invoice date 03/04/2024", "Due 03/25/2024"]);
        let found = find(&DocView::new(&layout), Some("en"));
        assert_eq!(values(&found, Kind::Date), ["2024-03-04", "2024-03-25"]);
        let layout = self::layout(&["Invoice date 03/04/2024", "Total $12.00"]);
        assert_eq!(values(&find(&DocView::new(&layout), Some("en")), Kind::Date), ["2024-03-04"]);
        assert_eq!(values(&find(&DocView::new(&layout), Some("fr")), Kind::Date), ["2024-04-03"]);
    }
}
