//! Dates as printed on invoices, normalised to a `NaiveDate` (`YYYY-MM-DD` in results):
//! numeric (`15/03/2024`, `15.03.2024`, `15-03-24`, ISO `2024-03-15`), and with month
//! names in French, English, German, Dutch, Spanish, Italian and Polish (`15 mars 2024`,
//! `15. März 2024`, `March 15, 2024`, `15 Mar 2024`, `1er avril 2024`, `15 de marzo de
//! 2024`, `15-Mar-2024`).
//!
//! `03/04/2024` is ambiguous. Dotted dates are always day first; slashed and dashed
//! ones follow the document's convention (`DayMonth`), which the caller decides from
//! the dates that are not ambiguous (a first number over 12 can only be a day) and,
//! failing that, from the document's locale. Whatever the convention, a date that only
//! reads one way is read that way.

use std::ops::Range;

use chrono::NaiveDate;

use super::tokens::fold;
pub use crate::fields::dates::DayMonth;

/// Month names and abbreviations, folded, by language; the value is the month number.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    // French
    ("janvier", 1), ("janv", 1), ("fevrier", 2), ("fevr", 2), ("fev", 2), ("mars", 3), ("avril", 4), ("avr", 4),
    ("mai", 5), ("juin", 6), ("juillet", 7), ("juil", 7), ("aout", 8), ("septembre", 9), ("octobre", 10),
    ("novembre", 11), ("decembre", 12),
    // English
    ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
    ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8), ("september", 9),
    ("sep", 9), ("sept", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12),
    ("dec", 12),
    // German (März folds to marz; Austrian Jänner)
    ("januar", 1), ("janner", 1), ("februar", 2), ("marz", 3), ("maerz", 3), ("mrz", 3), ("juni", 6), ("juli", 7),
    ("oktober", 10), ("okt", 10), ("dezember", 12), ("dez", 12),
    // Dutch
    ("januari", 1), ("februari", 2), ("maart", 3), ("mrt", 3), ("mei", 5), ("augustus", 8),
    // Spanish
    ("enero", 1), ("ene", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("abr", 4), ("mayo", 5), ("junio", 6),
    ("julio", 7), ("agosto", 8), ("ago", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11),
    ("diciembre", 12), ("dic", 12),
    // Italian
    ("gennaio", 1), ("gen", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("mag", 5), ("giugno", 6), ("giu", 6),
    ("luglio", 7), ("lug", 7), ("settembre", 9), ("set", 9), ("ottobre", 10), ("ott", 10), ("dicembre", 12),
    // Polish, genitive (as dates print them) and nominative
    ("stycznia", 1), ("styczen", 1), ("lutego", 2), ("luty", 2), ("marca", 3), ("marzec", 3), ("kwietnia", 4),
    ("kwiecien", 4), ("maja", 5), ("maj", 5), ("czerwca", 6), ("czerwiec", 6), ("lipca", 7), ("lipiec", 7),
    ("sierpnia", 8), ("sierpien", 8), ("wrzesnia", 9), ("wrzesien", 9), ("pazdziernika", 10), ("pazdziernik", 10),
    ("listopada", 11), ("listopad", 11), ("grudnia", 12), ("grudzien", 12),
];

/// Words that may sit inside a written date: `15 de marzo de 2024`, `the 15th of March`.
const FILLERS: &[&str] = &["de", "del", "of", "the", "den", "le"];

fn month_number(token: &str) -> Option<u32> {
    let folded = fold(token.trim_end_matches('.'));
    MONTHS.iter().find(|(name, _)| *name == folded).map(|(_, m)| *m)
}

/// A date found on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct DateHit {
    pub words: Range<usize>,
    pub date: NaiveDate,
    /// Written with a month name (`15 mars 2024`) rather than digits.
    pub named_month: bool,
}

/// Parses a whole text as a date, or `None`.
pub fn parse(text: &str, order: DayMonth) -> Option<(NaiveDate, bool)> {
    let text = text.trim().trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']'));
    let text = text.strip_suffix('.').unwrap_or(text);
    if !text.contains(' ')
        && let Some(date) = numeric(text, order)
    {
        return Some((date, false));
    }
    named(text).map(|date| (date, true))
}

/// `15/03/2024`, `15.03.2024`, `15-03-24`, `2024-03-15`, `2024/03/15`.
fn numeric(text: &str, order: DayMonth) -> Option<NaiveDate> {
    let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let number = |s: &str| s.parse::<u32>().ok();
    let (a, b, c) = (number(parts[0])?, number(parts[1])?, number(parts[2])?);
    if parts[0].len() == 4 {
        return (parts[1].len() <= 2 && parts[2].len() <= 2).then(|| make(a as i32, b, c)).flatten();
    }
    if parts[0].len() > 2 || parts[1].len() > 2 || !matches!(parts[2].len(), 2 | 4) {
        return None;
    }
    let year = full_year(c, parts[2].len())?;
    let month_first = separator != '.' && order == DayMonth::MonthFirst;
    let (day, month) = match (month_first, a > 12, b > 12) {
        (_, true, true) => return None,
        (_, true, false) => (a, b),
        (_, false, true) => (b, a),
        (true, false, false) => (b, a),
        (false, false, false) => (a, b),
    };
    make(year, month, day)
}

/// `15 mars 2024`, `15. März 2024`, `March 15, 2024`, `1er avril 2024`, `15-Mar-2024`.
fn named(text: &str) -> Option<NaiveDate> {
    let single_token = !text.contains(' ');
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || (single_token && matches!(c, '-' | '/' | '.')))
        .filter(|t| !t.is_empty() && !FILLERS.contains(&fold(t).as_str()))
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let month_idx = tokens.iter().position(|t| month_number(t).is_some())?;
    let month = month_number(tokens[month_idx])?;
    let others: Vec<&str> = tokens.iter().enumerate().filter(|(i, _)| *i != month_idx).map(|(_, t)| *t).collect();
    // Day then year, in either order around the month: `15 March 2024`, `March 15 2024`.
    let is_year = |t: &str| {
        let t = t.trim_end_matches('.');
        t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())
    };
    let (day_text, year_text) = if is_year(others[0]) { (others[1], others[0]) } else { (others[0], others[1]) };
    let day = day_number(day_text)?;
    let year_digits = year_text.trim_end_matches('.');
    if !year_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Two-digit years only in compact forms (`15-Mar-24`), where nothing else fits.
    if year_digits.len() != 4 && !(single_token && year_digits.len() == 2) {
        return None;
    }
    let year = full_year(year_digits.parse().ok()?, year_digits.len())?;
    make(year, month, day)
}

/// `15`, `15.`, `1er`, `1st`, `22nd`, `3rd`, `15th`, `1e`.
fn day_number(text: &str) -> Option<u32> {
    let folded = fold(text);
    let digits = folded.trim_end_matches('.').trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &folded.trim_end_matches('.')[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "er" | "st" | "nd" | "rd" | "th" | "e") {
        return None;
    }
    digits.parse().ok()
}

fn full_year(year: u32, n_digits: usize) -> Option<i32> {
    let year = match n_digits {
        2 if year < 70 => 2000 + year,
        2 => 1900 + year,
        4 => year,
        _ => return None,
    };
    (1990..=2099).contains(&year).then_some(year as i32)
}

fn make(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Every date on a line of words, longest reading first, not overlapping.
pub fn find(words: &[&str], order: DayMonth) -> Vec<DateHit> {
    let mut hits = Vec::new();
    let mut start = 0;
    while start < words.len() {
        if FILLERS.contains(&fold(words[start]).as_str()) {
            start += 1;
            continue;
        }
        let longest = (1..=5.min(words.len() - start)).rev().find_map(|len| {
            let text = words[start..start + len].join(" ");
            parse(&text, order).map(|(date, named_month)| DateHit { words: start..start + len, date, named_month })
        });
        match longest {
            Some(hit) => {
                start = hit.words.end;
                hits.push(hit);
            }
            None => start += 1,
        }
    }
    hits
}

/// What an unambiguous numeric date says about the convention: `25/03/2024` can only
/// be day first, `03/25/2024` only month first; `None` when it says nothing.
pub fn evidence(word: &str) -> Option<DayMonth> {
    let word = word.trim_matches(|c: char| !c.is_ascii_digit());
    let separator = word.chars().find(|c| matches!(c, '/' | '-'))?;
    let parts: Vec<&str> = word.split(separator).collect();
    if parts.len() != 3 || parts[0].len() > 2 || parts[1].len() > 2 || !matches!(parts[2].len(), 2 | 4) {
        return None;
    }
    let (a, b) = (parts[0].parse::<u32>().ok()?, parts[1].parse::<u32>().ok()?);
    match (a > 12 && a <= 31 && b <= 12, b > 12 && b <= 31 && a <= 12) {
        (true, false) => Some(DayMonth::DayFirst),
        (false, true) => Some(DayMonth::MonthFirst),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str, order: DayMonth) -> Option<String> {
        parse(text, order).map(|(d, _)| d.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn french_english_german_and_numeric_forms() {
        let day_first = DayMonth::DayFirst;
        for (text, expected) in [
            ("15/03/2024", "2024-03-15"),
            ("15.03.2024", "2024-03-15"),
            ("15-03-2024", "2024-03-15"),
            ("15.03.24", "2024-03-15"),
            ("2024-03-15", "2024-03-15"),
            ("15 mars 2024", "2024-03-15"),
            ("1er avril 2024", "2024-04-01"),
            ("15 MARS 2024", "2024-03-15"),
            ("15. März 2024", "2024-03-15"),
            ("15. Maerz 2024", "2024-03-15"),
            ("March 15, 2024", "2024-03-15"),
            ("Mar. 15, 2024", "2024-03-15"),
            ("15 Mar 2024", "2024-03-15"),
            ("15th March 2024", "2024-03-15"),
            ("15-Mar-2024", "2024-03-15"),
            ("15-Mar-24", "2024-03-15"),
            ("15 de marzo de 2024", "2024-03-15"),
            ("15 maart 2024", "2024-03-15"),
            ("15 marca 2024", "2024-03-15"),
            ("15 dicembre 2024", "2024-12-15"),
            ("05.03.2018:", "2018-03-05"),
        ] {
            assert_eq!(iso(text, day_first).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn us_dates_follow_the_convention_unless_unambiguous() {
        assert_eq!(iso("03/04/2024", DayMonth::MonthFirst).as_deref(), Some("2024-03-04"));
        assert_eq!(iso("03/04/2024", DayMonth::DayFirst).as_deref(), Some("2024-04-03"));
        assert_eq!(iso("03/15/2024", DayMonth::DayFirst).as_deref(), Some("2024-03-15"));
        assert_eq!(iso("15/03/2024", DayMonth::MonthFirst).as_deref(), Some("2024-03-15"));
        // Dots are day first everywhere.
        assert_eq!(iso("03.04.2024", DayMonth::MonthFirst).as_deref(), Some("2024-04-03"));
        assert_eq!(evidence("25/03/2024"), Some(DayMonth::DayFirst));
        assert_eq!(evidence("03/25/2024"), Some(DayMonth::MonthFirst));
        assert_eq!(evidence("03/04/2024"), None);
    }

    #[test]
    fn not_dates() {
        for text in [
            "32/01/2024",
            "15/13/2024",
            "1234",
            "12,50",
            "15 mars",
            "mars 2024",
            "FA-2024-0042",
            "2024",
            "1.234.567",
            "13/13/13",
        ] {
            assert_eq!(iso(text, DayMonth::DayFirst), None, "{text}");
        }
    }

    #[test]
    fn dates_are_found_among_words() {
        let words = ["Facture", "du", "15", "mars", "2024", "échéance", "14/04/2024"];
        let hits = find(&words, DayMonth::DayFirst);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].words, 2..5);
        assert!(hits[0].named_month);
        assert_eq!(hits[1].words, 6..7);
    }
}
