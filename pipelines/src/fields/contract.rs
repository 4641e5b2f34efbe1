//! Contract fields (`shared/RESULT_SCHEMA.md`): `parties`, `effective_date`,
//! `jurisdiction`, `term`, `termination_notice` and `contract_value`, read from the
//! wording of English contracts first (the common drafting of US and UK agreements),
//! with the usual French and German phrasings.
//!
//! Rule-based on purpose: each value comes from a clause whose wording says what it is
//! (`governed by the laws of`, `effective as of`, `by and between`), so its confidence
//! follows from how explicit that wording is, and its provenance is the clause. Where
//! only a weaker cue exists (the first date of the opening paragraph, a company name
//! above a signature line), the value is still given, with a lower confidence.
//!
//! Layout: `parties` reads the opening paragraph (and signature blocks), `clauses` the
//! governing law, durations and amounts; this module finds the opening paragraph and
//! the effective date and writes the fields.

mod clauses;
mod parties;

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use liasse_core::{Extraction, Field};
use regex::Regex;

use super::dates::{DayMonth, date_at_start, find_dates};
use super::document_text::DocumentText;
use crate::layout::Layout;

/// A value, the byte range of the fragment of `DocumentText::text` it was read from,
/// and how sure the rule that found it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found<T> {
    pub value: T,
    pub range: Range<usize>,
    pub confidence: f64,
}

/// The opening paragraph: `This Agreement is made … by and between A and B.`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Opening {
    /// From the start of the sentence that names the parties to the recitals (or a
    /// bounded length after the party list).
    pub range: Range<usize>,
    /// Where the list of parties starts, just after `between`.
    pub list_start: usize,
}

/// Where the parties are introduced.
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by\s+and\s+)?(?:between|among|amongst|entre|zwischen)\b").expect("the pattern is valid")
});

/// A word that makes `between` the opening of a contract.
static CONTRACT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:agreement|contract|amendment|memorandum|letter|made|entered|contrat|convention|accord|conclu|vertrag|vereinbarung)\b",
    )
    .expect("the pattern is valid")
});

/// What follows the opening paragraph.
static RECITALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?:WHEREAS|Whereas|RECITALS?|Recitals?|BACKGROUND|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|NOW,?\s+THEREFORE|PRÉAMBULE|Préambule|IL\s+A\s+ÉTÉ|EXPOSÉ|Präambel|Vorbemerkung)",
    )
    .expect("the pattern is valid")
});

/// Wording that introduces the date a contract takes effect, or was made.
static DATE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<effective>\beffective(?:\s+date)?(?:\s+(?:as\s+of|on|from|at))?
          | \bprend(?:ra)?\s+effet\s+(?:le|à\s+compter\s+du)
          | \ben\s+vigueur\s+(?:le|à\s+compter\s+du)
          | \bmit\s+Wirkung\s+(?:zum|vom|ab) | \bgültig\s+ab)
        | (?P<made>\b(?:made|entered\s+into|executed|signed|dated|concluded)(?:\s+and\s+(?:entered\s+into|executed))?(?:\s+(?:as\s+)?effective)?(?:\s+(?:as\s+of|on|at))?
          | \b(?:conclu|fait|signé)\s+le | \babgeschlossen\s+am)
        | (?P<dated>\bvom)
        ",
    )
    .expect("the pattern is valid")
});

/// `(the "Effective Date")` and its French form, right after the date it names.
static EFFECTIVE_DATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^[\s,]*\(\s*(?:the|hereinafter|herein|ci-après|la)?[^()]{0,40}?["“”']?\s*(?:effective\s+date|date\s+d['’](?:effet|entrée\s+en\s+vigueur))\s*["“”']?\s*\)"#,
    )
    .expect("the pattern is valid")
});

/// Where the signatures (and their dates) start.
static SIGNATURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bIN\s+WITNESS\s+WHEREOF\b|\bWITNESS\s+(?:our|my|the)\s+hands?\b|\bEN\s+FOI\s+DE\s+QUOI\b|\bSigned\s+and\s+agreed\b|\bAgreed\s+and\s+accepted\b",
    )
    .expect("the pattern is valid")
});

/// An opening that leaves its date to the signatures.
static SIGNATURE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bsignature\s+page\b|\bdates?\s+(?:set\s+forth|written|indicated)\s+below\b|\blast\s+(?:date\s+of\s+)?signature\b")
        .expect("the pattern is valid")
});

static EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:original|prior|previous|initial|existing)\b").expect("the pattern is valid")
});

/// `"Effective Date" means …` and `Effective Date: …`.
static EFFECTIVE_DATE_DEFINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)["“]?effective\s+date["”]?\s*(?:shall\s+mean|means|is|:)\s*"#).expect("the pattern is valid")
});

/// Reads the contract fields of `layout` into `extraction`. Fields the document does
/// not state are left absent.
pub fn extract(layout: &Layout, extraction: &mut Extraction) {
    let document = DocumentText::new(layout);
    let text = document.text.as_str();
    let language = extraction.language.clone().or_else(|| crate::language::detect(text).map(str::to_owned));
    let order = DayMonth::for_language(language.as_deref());
    let opening = opening(&document);

    if let Some(found) = parties::parties(text, opening.as_ref()) {
        let field = Field::new(found.value, found.confidence, document.provenance(found.range));
        extraction.set_field("parties", field);
    }
    let mut set_text = |name: &str, found: Option<Found<String>>| {
        if let Some(found) = found {
            extraction.set_field(name, Field::new(found.value, found.confidence, document.provenance(found.range)));
        }
    };
    let effective_date = effective_date(&document, opening.as_ref(), order);
    let effective_date = effective_date.map(|found| Found {
        value: found.value.format("%Y-%m-%d").to_string(),
        range: found.range,
        confidence: found.confidence,
    });
    set_text("effective_date", effective_date);
    set_text("jurisdiction", clauses::jurisdiction(text));
    set_text("term", clauses::term(text));
    set_text("termination_notice", clauses::termination_notice(text));
    set_text("contract_value", clauses::contract_value(text));
}

/// The opening paragraph: a `between` on the first two pages that follows a word such
/// as `agreement` or `made` in the 500 bytes before it, up to the end of its sentence.
/// A real opening gives its parties short names (`("Acme")`), which a title such as
/// `AGREEMENT BY AND BETWEEN A AND B` seldom does, so the first candidate whose party
/// list defines a term wins, else the first candidate.
fn opening(document: &DocumentText) -> Option<Opening> {
    let text = document.text.as_str();
    let search_end = text.floor_char_boundary(document.end_of_page(2).min(20_000));
    let candidates: Vec<Opening> = BETWEEN
        .find_iter(&text[..search_end])
        .filter_map(|between| {
            let before = text.floor_char_boundary(between.start().saturating_sub(500))..between.start();
            if !CONTRACT_WORD.is_match(&text[before]) {
                return None;
            }
            let start = sentence_around(text, between.range()).start;
            let limit = text.floor_char_boundary((between.end() + 2_500).min(text.len()));
            let list = &text[between.end()..limit];
            let recitals = RECITALS.find(list).map_or(list.len(), |recitals| recitals.start());
            let end = parties::sentence_end(&list[..recitals]).unwrap_or(recitals);
            Some(Opening { range: start..between.end() + end, list_start: between.end() })
        })
        .collect();
    // A candidate whose sentence runs into the next one (a title `… BY AND BETWEEN A AND
    // B` above `This Agreement is made between …`) is not the opening.
    let superseded = |opening: &Opening| {
        candidates
            .iter()
            .any(|other| opening.range.contains(&other.list_start) && other.list_start > opening.list_start)
    };
    let defines_parties = |opening: &&Opening| parties::defines_terms(&text[opening.list_start..opening.range.end]);
    let candidates: Vec<&Opening> = candidates.iter().filter(|opening| !superseded(opening)).collect();
    candidates.iter().copied().find(defines_parties).or(candidates.first().copied()).cloned()
}

/// The date the contract takes effect. In order of preference: a date named `the
/// Effective Date` or an `Effective Date` definition (anywhere); `effective as of`,
/// then `made`/`entered into`/`dated`, at the top; a letter's date; the first date of
/// the opening sentence; the last signature's date; the first date at the top.
fn effective_date(document: &DocumentText, opening: Option<&Opening>, order: DayMonth) -> Option<Found<NaiveDate>> {
    let text = document.text.as_str();
    let all_dates = find_dates(text, order);

    // `(the "Original Effective Date")` names the date of an earlier agreement.
    let names_this_contract = |name: regex::Match<'_>| !EARLIER.is_match(name.as_str());
    let named = all_dates
        .iter()
        .find(|(range, _)| EFFECTIVE_DATE_NAME.find(&text[range.end..]).is_some_and(names_this_contract));
    if let Some((range, date)) = named {
        let start =
            sentence_around(text, range.clone()).start.max(text.floor_char_boundary(range.start.saturating_sub(150)));
        return Some(Found { value: *date, range: start..range.end, confidence: 0.9 });
    }
    let defined = EFFECTIVE_DATE_DEFINED.find_iter(text).find_map(|definition| {
        let (range, date) = date_at_start(&text[definition.end()..], order)?;
        Some(Found { value: date, range: definition.start()..definition.end() + range.end, confidence: 0.9 })
    });
    if defined.is_some() {
        return defined;
    }

    // The top of the document: the title block and the opening paragraph.
    // The top of a letter ends at its salutation: the letter's own date is above it, and
    // dates below describe other agreements.
    let letter = parties::letter_salutation(text, opening);
    let top_end = match (letter, opening) {
        (Some(salutation), _) => salutation,
        (None, Some(opening)) => opening.range.end,
        (None, None) => text.floor_char_boundary(document.end_of_page(1).min(6_000)),
    };
    let top = &text[..top_end];
    let mut best: Option<Found<NaiveDate>> = None;
    for cue in DATE_CUE.captures_iter(top) {
        let Some(whole) = cue.get(0) else {
            continue;
        };
        let after = &top[whole.end()..];
        // `made and entered into this 12th day of`, `effective as of the 3rd day of`.
        let skipped = after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
        let lead =
            ["as of this ", "as of the ", "as of ", "of this ", "this ", "the ", "of ", "on ", "le ", "am ", "den "]
                .iter()
                .find(|lead| after[skipped..].get(..lead.len()).is_some_and(|head| head.eq_ignore_ascii_case(lead)))
                .map_or(0, |lead| lead.len());
        let Some((date_range, date)) = date_at_start(&after[skipped + lead..], order) else {
            continue;
        };
        let confidence = if cue.name("effective").is_some() {
            0.85
        } else if cue.name("made").is_some() {
            0.8
        } else {
            0.6
        };
        if best.as_ref().is_none_or(|found| found.confidence < confidence) {
            let end = whole.end() + skipped + lead + date_range.end;
            best = Some(Found { value: date, range: whole.start()..end, confidence });
        }
    }
    if best.is_some() {
        return best;
    }
    // Undated openings: the opening may say the date is on the signature page; else the
    // first date in the opening sentence; else the contract took effect when the last
    // party signed; else the first date at the top of the first page.
    if letter.is_some()
        && let Some((range, date)) = all_dates.iter().find(|(range, _)| range.start < top_end)
    {
        return Some(Found { value: *date, range: range.clone(), confidence: 0.6 });
    }
    let opening = opening.filter(|_| letter.is_none());
    let refers_to_signatures = opening.is_some_and(|opening| SIGNATURE_DATE.is_match(&text[opening.range.clone()]));
    if !refers_to_signatures
        && let Some(opening) = opening
        && let Some((range, date)) = all_dates.iter().find(|(range, _)| opening.range.contains(&range.start))
    {
        return Some(Found { value: *date, range: range.clone(), confidence: 0.5 });
    }
    if let Some(signatures) = SIGNATURES.find(text) {
        let end = text.floor_char_boundary((signatures.start() + 3_000).min(text.len()));
        let signed = all_dates.iter().filter(|(range, _)| (signatures.start()..end).contains(&range.start));
        if let Some((range, date)) = signed.max_by_key(|(_, date)| *date) {
            let confidence = if refers_to_signatures { 0.7 } else { 0.45 };
            return Some(Found { value: *date, range: range.clone(), confidence });
        }
    }
    all_dates.iter().find(|(range, _)| range.start < top_end).map(|(range, date)| Found {
        value: *date,
        range: range.clone(),
        confidence: 0.35,
    })
}

/// The sentence around `range`: back to the previous full stop (or 400 bytes), forward
/// to the next one (or 400 bytes). Abbreviations such as `Inc.` end sentences early,
/// which only narrows the context a rule looks at.
pub(crate) fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let is_end = |window: &[u8]| matches!(window, [b'.' | b'!' | b'?', b' ' | b'\n']);
    let back_limit = text.floor_char_boundary(range.start.saturating_sub(400));
    let bytes = text.as_bytes();
    let start = (back_limit..range.start)
        .rev()
        .find(|&at| at + 1 < bytes.len() && is_end(&bytes[at..at + 2]))
        .map_or(back_limit, |at| at + 2);
    let forward_limit = text.floor_char_boundary((range.end + 400).min(text.len()));
    let end = (range.end..forward_limit)
        .find(|&at| at + 1 < bytes.len() && is_end(&bytes[at..at + 2]))
        .map_or(forward_limit, |at| at + 1);
    start.min(range.start)..end.max(range.end)
}

#[cfg(test)]
mod tests;
