//! Property tests of the value parsers: random dates and amounts, printed in every style
//! the extractor reads, must parse back to themselves. `Amount::parse_human` (core) is
//! tested here too, through the same printed forms.

use chrono::{Datelike, NaiveDate};
use liasse_core::Amount;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::dates::{self, DayMonth};
use super::money;
use crate::layout::Word;

const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2099, 1u32..=12, 1u32..=31).prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// The styles of dates, as invoices print them, with the convention they need.
fn printed(date: NaiveDate) -> Vec<(String, DayMonth)> {
    let (d, m, y) = (date.day(), date.month() as usize, date.year());
    let first = if d == 1 { "1er".to_owned() } else { d.to_string() };
    vec![
        (date.format("%d/%m/%Y").to_string(), DayMonth::DayFirst),
        (date.format("%d.%m.%Y").to_string(), DayMonth::DayFirst),
        (date.format("%d-%m-%Y").to_string(), DayMonth::DayFirst),
        (date.format("%Y-%m-%d").to_string(), DayMonth::DayFirst),
        (date.format("%m/%d/%Y").to_string(), DayMonth::MonthFirst),
        (format!("{first} {} {y}", FR[m - 1]), DayMonth::DayFirst),
        (format!("{d}. {} {y}", DE[m - 1]), DayMonth::DayFirst),
        (format!("{} {d}, {y}", EN[m - 1]), DayMonth::MonthFirst),
        (format!("{d} {} {y}", &EN[m - 1][..3]), DayMonth::DayFirst),
        (date.format("%d-%b-%Y").to_string(), DayMonth::DayFirst),
    ]
}

/// An amount printed with thousands separators `thousands` and decimal mark `decimal`.
fn print_amount(cents: i64, thousands: &str, decimal: char) -> String {
    let (units, fraction) = (cents.abs() / 100, cents.abs() % 100);
    let digits = units.to_string();
    let mut grouped = String::new();
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx) % 3 == 0 {
            grouped.push_str(thousands);
        }
        grouped.push(c);
    }
    format!("{}{grouped}{decimal}{fraction:02}", if cents < 0 { "-" } else { "" })
}

const STYLES: [(&str, char); 5] = [(" ", ','), (".", ','), (",", '.'), ("'", '.'), ("", '.')];

fn words(text: &str) -> Vec<Word> {
    let mut x = 0.0;
    text.split(' ')
        .map(|t| {
            let width = 5.0 * t.chars().count() as f32;
            let word = Word { text: t.to_owned(), bbox: [x, 0.0, x + width, 10.0], confidence: 1.0 };
            x += width + 3.0;
            word
        })
        .collect()
}

proptest! {
    #[test]
    fn dates_parse_back_in_every_style(date in any_date()) {
        for (text, order) in printed(date) {
            let parsed = dates::parse(&text, order).map(|(d, _)| d);
            prop_assert_eq!(parsed, Some(date), "{}", text);
            let texts: Vec<&str> = text.split(' ').collect();
            let found: Vec<NaiveDate> = dates::find(&texts, order).into_iter().map(|h| h.date).collect();
            prop_assert_eq!(found, vec![date], "{}", text);
        }
    }

    #[test]
    fn amounts_parse_back_in_every_style(cents in -99_999_999_999i64..99_999_999_999) {
        let value = Amount::from_decimal(Decimal::new(cents, 2));
        for (thousands, decimal) in STYLES {
            let text = print_amount(cents, thousands, decimal);
            prop_assert_eq!(Amount::parse_human(&text), Ok(value), "{}", text);
            let line = format!("Total {text} €");
            let (amounts, _) = money::find(&words(&line));
            prop_assert_eq!(amounts.len(), 1, "{}", line);
            prop_assert_eq!(amounts[0].value, value, "{}", line);
            prop_assert_eq!(amounts[0].currency, Some("EUR"));
        }
    }

    #[test]
    fn dates_are_never_amounts(date in any_date()) {
        for (text, _) in printed(date) {
            let (amounts, _) = money::find(&words(&text));
            prop_assert!(amounts.is_empty(), "{} read as {:?}", text, amounts);
        }
    }
}
