//! Dates as people write them in English, French and German documents: `March 3,
//! 2005`, `the 12th day of January, 2004`, `3 mars 2005`, `1er janvier 2020`,
//! `3. März 2005`, `2005-03-03`, and numeric `03/04/2005`, whose order depends on the
//! language (month first in English, day first elsewhere).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

/// Month names and abbreviations, lower case, with their number.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("jan", 1), ("janvier", 1), ("januar", 1), ("jänner", 1),
    ("february", 2), ("feb", 2), ("février", 2), ("fevrier", 2), ("februar", 2),
    ("march", 3), ("mar", 3), ("mars", 3), ("märz", 3), ("maerz", 3),
    ("april", 4), ("apr", 4), ("avril", 4),
    ("may", 5), ("mai", 5),
    ("june", 6), ("jun", 6), ("juin", 6), ("juni", 6),
    ("july", 7), ("jul", 7), ("juillet", 7), ("juli", 7),
    ("august", 8), ("aug", 8), ("août", 8), ("aout", 8),
    ("september", 9), ("sep", 9), ("sept", 9), ("septembre", 9),
    ("october", 10), ("oct", 10), ("octobre", 10), ("oktober", 10),
    ("november", 11), ("nov", 11), ("novembre", 11),
    ("december", 12), ("dec", 12), ("décembre", 12), ("decembre", 12), ("dezember", 12),
];

/// One alternative per way of writing a date; the named groups say which parts it has.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // Every name of `MONTHS`, longest first, so that `mars` is preferred to `mar`.
    let mut names: Vec<&str> = MONTHS.iter().map(|(name, _)| *name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    let month_pattern = names.join("|");
    let day = r"(?:[0-3]?\d)";
    let ordinal = r"(?:st|nd|rd|th|er|e)?";
    let year = r"(?:19|20)\d\d";
    let pattern = format!(
        r"(?ix)
        \b(?P<md_month>{month_pattern})\.?\s+(?P<md_day>{day}){ordinal},?\s+(?P<md_year>{year})\b
        | \b(?P<dm_day>{day}|1er){ordinal}\.?\s+(?:day\s+of\s+)?(?P<dm_month>{month_pattern})\.?,?\s+(?:in\s+the\s+year\s+)?(?P<dm_year>{year})\b
        | \b(?P<iso_year>{year})-(?P<iso_month>[01]?\d)-(?P<iso_day>{day})\b
        | \b(?P<num_a>{day})\s?[./-]\s?(?P<num_b>{day})\s?[./-]\s?(?P<num_year>{year})\b
        | \b(?P<short_a>{day})/(?P<short_b>{day})/(?P<short_year>\d\d)\b
        "
    );
    Regex::new(&pattern).expect("the date pattern is valid")
});

/// How to read `03/04/2005`: which number comes first in an ambiguous numeric date.
/// Shared by every extractor (contracts here, invoices in `invoice::dates`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DayMonth {
    /// `DD/MM/YYYY` and `DD.MM.YYYY`, as in French and German.
    #[default]
    DayFirst,
    /// `MM/DD/YYYY`, as in American English.
    MonthFirst,
}

impl DayMonth {
    /// The order used by documents in `language` (ISO 639-1): month first in English.
    pub fn for_language(language: Option<&str>) -> Self {
        match language {
            Some("en") | None => Self::MonthFirst,
            Some(_) => Self::DayFirst,
        }
    }
}

/// Every date in `text`, in order, with its byte range.
pub fn find_dates(text: &str, order: DayMonth) -> Vec<(Range<usize>, NaiveDate)> {
    DATE.captures_iter(text)
        .filter_map(|captures| {
            let range = captures.get(0)?.range();
            Some((range, date_of(&captures, order)?))
        })
        .collect()
}

/// The date at the beginning of `text` (after white space), if there is one.
pub fn date_at_start(text: &str, order: DayMonth) -> Option<(Range<usize>, NaiveDate)> {
    // The longest date (`the 30th day of September in the year 2024`) is far shorter;
    // the bound keeps a search from running through a long document.
    let text = &text[..text.floor_char_boundary(80)];
    let captures = DATE.captures(text)?;
    let whole = captures.get(0)?;
    if !text[..whole.start()].trim().is_empty() {
        return None;
    }
    Some((whole.range(), date_of(&captures, order)?))
}

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    MONTHS.iter().find(|(month, _)| *month == name).map(|(_, number)| *number)
}

fn number(captures: &Captures<'_>, name: &str) -> Option<u32> {
    let text = captures.name(name)?.as_str();
    if text.eq_ignore_ascii_case("1er") { Some(1) } else { text.parse().ok() }
}

fn date_of(captures: &Captures<'_>, order: DayMonth) -> Option<NaiveDate> {
    let (year, month, day) = if captures.name("md_month").is_some() {
        (number(captures, "md_year")?, month_number(captures.name("md_month")?.as_str())?, number(captures, "md_day")?)
    } else if captures.name("dm_month").is_some() {
        (number(captures, "dm_year")?, month_number(captures.name("dm_month")?.as_str())?, number(captures, "dm_day")?)
    } else if captures.name("iso_year").is_some() {
        (number(captures, "iso_year")?, number(captures, "iso_month")?, number(captures, "iso_day")?)
    } else {
        // `9/4/12`: two-digit years only with slashes, where section numbers never are.
        let (a, b, year) = match number(captures, "num_year") {
            Some(year) => (number(captures, "num_a")?, number(captures, "num_b")?, year),
            None => {
                let short_year = number(captures, "short_year")?;
                let year = if short_year < 70 { 2000 + short_year } else { 1900 + short_year };
                (number(captures, "short_a")?, number(captures, "short_b")?, year)
            }
        };
        let (month, day) = match order {
            // A first number over 12 can only be a day, whatever the convention.
            DayMonth::MonthFirst if a <= 12 => (a, b),
            _ if b <= 12 => (b, a),
            _ => return None,
        };
        (year, month, day)
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, order: DayMonth) -> Vec<String> {
        find_dates(text, order).into_iter().map(|(_, date)| date.to_string()).collect()
    }

    #[test]
    fn english_dates() {
        let text =
            "effective as of March 3, 2005; made this 12th day of January, 2004, dated Sept. 1st 2010 and 1 May 2019";
        assert_eq!(dates(text, DayMonth::MonthFirst), ["2005-03-03", "2004-01-12", "2010-09-01", "2019-05-01"]);
    }

    #[test]
    fn french_and_german_dates() {
        assert_eq!(
            dates("conclu le 1er janvier 2020 et le 3 mars 2005", DayMonth::DayFirst),
            ["2020-01-01", "2005-03-03"]
        );
        assert_eq!(dates("am 3. März 2005 in Berlin", DayMonth::DayFirst), ["2005-03-03"]);
        assert_eq!(dates("Paris, le 14 juillet 2021", DayMonth::DayFirst), ["2021-07-14"]);
    }

    #[test]
    fn numeric_dates_follow_the_language() {
        assert_eq!(dates("03/04/2005", DayMonth::MonthFirst), ["2005-03-04"]);
        assert_eq!(dates("03/04/2005", DayMonth::DayFirst), ["2005-04-03"]);
        assert_eq!(dates("25.12.2020", DayMonth::MonthFirst), ["2020-12-25"], "25 can only be a day");
        assert_eq!(dates("2020-12-25", DayMonth::DayFirst), ["2020-12-25"]);
        assert_eq!(dates("Date: 9/4/12", DayMonth::MonthFirst), ["2012-09-04"]);
        assert!(dates("section 9.4.12", DayMonth::DayFirst).is_empty(), "not a date without slashes");
        assert!(dates("31/31/2020 or February 30, 2020", DayMonth::DayFirst).is_empty());
    }

    #[test]
    fn a_date_at_the_start() {
        let (range, date) = date_at_start("  May 20, 2014 (the Effective Date)", DayMonth::MonthFirst).expect("a date");
        assert_eq!((range, date.to_string()), (2..14, "2014-05-20".to_owned()));
        assert!(date_at_start("on May 20, 2014", DayMonth::MonthFirst).is_none());
        assert_eq!(DayMonth::for_language(Some("fr")), DayMonth::DayFirst);
    }
}
