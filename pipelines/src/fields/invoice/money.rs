//! Amounts, rates and currencies as printed: `1 234,56 €`, `EUR 1.234,56`, `$1,234.56`,
//! `12,00-`, `20 %`. Values go through `Amount::parse_human`, so money stays decimal.
//!
//! A number is an amount candidate when it has two decimals, or when a currency sign
//! or code stands next to it (`€ 12`, `100 EUR`). Whole numbers without one are too
//! often quantities, years, postcodes or phone numbers to be worth scoring.

use std::ops::Range;

use liasse_core::Amount;

use crate::layout::Word;

/// Currency signs and codes, with the ISO 4217 code they stand for. Signs that several
/// currencies share are read as the most common one (`$` as USD, `kr` is left out).
const CURRENCIES: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("$", "USD"),
    ("us$", "USD"),
    ("usd", "USD"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("chf", "CHF"),
    ("sfr", "CHF"),
    ("pln", "PLN"),
    ("zł", "PLN"),
    ("zl", "PLN"),
    ("₹", "INR"),
    ("inr", "INR"),
    ("rs", "INR"),
    ("rs.", "INR"),
    ("¥", "JPY"),
    ("jpy", "JPY"),
    ("cad", "CAD"),
    ("ca$", "CAD"),
    ("c$", "CAD"),
    ("aud", "AUD"),
    ("a$", "AUD"),
    ("sek", "SEK"),
    ("dkk", "DKK"),
    ("nok", "NOK"),
    ("czk", "CZK"),
    ("kč", "CZK"),
    ("huf", "HUF"),
    ("ron", "RON"),
];

/// Signs that are written glued to the number (`€12`, `12€`); codes need a space or
/// are glued only in a few ERPs (`12,00EUR`), which the same list covers.
const GLUED: &[&str] =
    &["€", "$", "£", "₹", "¥", "us$", "ca$", "c$", "a$", "zł", "eur", "usd", "gbp", "chf", "pln", "inr"];

/// The ISO code of a currency sign or code, written alone.
pub fn currency_code(token: &str) -> Option<&'static str> {
    let token = token.trim_matches(|c: char| matches!(c, ':' | ',' | '(' | ')' | '*'));
    let lower = token.to_lowercase();
    CURRENCIES.iter().find(|(sign, _)| *sign == lower).map(|(_, code)| *code)
}

/// An amount found on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct AmountHit {
    pub words: Range<usize>,
    pub value: Amount,
    /// The currency written next to it.
    pub currency: Option<&'static str>,
    /// Digits after the decimal mark, as printed.
    pub decimals: u32,
}

/// A percentage found on a line: a VAT rate, a discount.
#[derive(Debug, Clone, PartialEq)]
pub struct RateHit {
    pub words: Range<usize>,
    pub rate: Amount,
}

/// The number inside a word, with what was glued to it.
#[derive(Debug, Default)]
struct Core {
    digits: String,
    currency: Option<&'static str>,
    /// The currency was glued after the number (`12,00€`): nothing can follow it.
    currency_after: bool,
    percent: bool,
}

fn core(text: &str) -> Core {
    let mut text = text.replace('\u{2212}', "-");
    text = text.trim_matches(|c: char| matches!(c, ':' | ';' | '(' | ')' | '*' | '[' | ']' | '=')).to_owned();
    let mut core = Core::default();
    if let Some(rest) = text.strip_suffix('%') {
        core.percent = true;
        text = rest.to_owned();
    }
    let lower = text.to_lowercase();
    // Slicing `text` by lengths measured on `lower` needs both to have the same bytes.
    let same_length = lower.len() == text.len();
    for sign in GLUED.iter().filter(|_| same_length) {
        if let Some(rest) = lower.strip_prefix(sign).filter(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        {
            core.currency = currency_code(sign);
            text = text.get(text.len() - rest.len()..).unwrap_or_default().to_owned();
            break;
        }
        if let Some(rest) = lower.strip_suffix(sign).filter(|r| r.ends_with(|c: char| c.is_ascii_digit() || c == '-')) {
            core.currency = currency_code(sign);
            core.currency_after = true;
            text = text.get(..rest.len()).unwrap_or_default().to_owned();
            break;
        }
    }
    // `-€12,00` and `€-12,00` are both seen.
    core.digits = text.trim_end_matches(',').to_owned();
    core
}

fn is_group_of_three(digits: &str) -> bool {
    let int = digits.split([',', '.']).next().unwrap_or_default();
    int.len() == 3 && int.bytes().all(|b| b.is_ascii_digit()) && digits[3..].len() != 1 && digits[3..].len() <= 3
}

fn is_short_integer(digits: &str) -> bool {
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    (1..=3).contains(&unsigned.len()) && unsigned.bytes().all(|b| b.is_ascii_digit())
}

/// Amounts and rates on one line of words, left to right.
pub fn find(words: &[Word]) -> (Vec<AmountHit>, Vec<RateHit>) {
    let cores: Vec<Core> = words.iter().map(|w| core(&w.text)).collect();
    let mut amounts = Vec::new();
    let mut rates = Vec::new();
    let mut idx = 0;
    while idx < words.len() {
        let first = &cores[idx];
        if first.digits.is_empty() || !first.digits.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            idx += 1;
            continue;
        }
        // `1 234 567,89`: a thousands separator printed as a space splits the number into
        // words; join short groups while the gap is narrower than a character height (some
        // layouts print the separator as a figure space).
        let mut end = idx + 1;
        let mut joined = first.digits.clone();
        let mut currency = first.currency;
        if is_short_integer(&first.digits) && !first.currency_after && !first.percent {
            while end < words.len() {
                let gap = words[end].bbox[0] - words[end - 1].bbox[2];
                let height = (words[end].bbox[3] - words[end].bbox[1]).max(1.0);
                let next = &cores[end];
                if gap > height || next.percent || !is_group_of_three(&next.digits) || joined.contains([',', '.']) {
                    break;
                }
                joined.push_str(&next.digits);
                currency = currency.or(next.currency);
                end += 1;
            }
        }
        let percent = cores[end - 1].percent || words.get(end).is_some_and(|w| w.text == "%");
        let parsed = Amount::parse_human(&joined).or_else(|_| {
            // The join was wrong (`2 450,00` where 2 is a quantity): read the first word alone.
            end = idx + 1;
            currency = first.currency;
            Amount::parse_human(&first.digits)
        });
        let Ok(value) = parsed else {
            idx += 1;
            continue;
        };
        if percent {
            if value >= Amount::ZERO && value.as_decimal() <= rust_decimal::Decimal::ONE_HUNDRED {
                let span_end = if words.get(end).is_some_and(|w| w.text == "%") { end + 1 } else { end };
                rates.push(RateHit { words: idx..span_end, rate: value });
                idx = span_end;
            } else {
                idx = end;
            }
            continue;
        }
        let before = idx.checked_sub(1).and_then(|i| currency_code(&words[i].text));
        let after = words.get(end).and_then(|w| currency_code(&w.text));
        let currency = currency.or(after).or(before);
        let decimals = value.as_decimal().scale();
        if decimals == 2 || (currency.is_some() && decimals <= 3) {
            let start = if before.is_some() && currency == before && first.currency.is_none() { idx - 1 } else { idx };
            let span_end = if after.is_some() && currency == after { end + 1 } else { end };
            amounts.push(AmountHit { words: start..span_end, value, currency, decimals });
            idx = span_end;
        } else {
            idx = end;
        }
    }
    (amounts, rates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words laid out with single spaces (3 points) or wide gaps (`|` in the input).
    pub(crate) fn words(line: &str) -> Vec<Word> {
        let mut x = 0.0;
        let mut out = Vec::new();
        for chunk in line.split('|') {
            for text in chunk.split_whitespace() {
                let width = 5.0 * text.chars().count() as f32;
                out.push(Word { text: text.into(), bbox: [x, 0.0, x + width, 10.0], confidence: 1.0 });
                x += width + 3.0;
            }
            x += 40.0;
        }
        out
    }

    fn amounts(line: &str) -> Vec<(String, Option<&'static str>)> {
        find(&words(line)).0.into_iter().map(|h| (h.value.to_string(), h.currency)).collect()
    }

    #[test]
    fn amounts_with_spaces_signs_and_codes() {
        assert_eq!(amounts("Total TTC | 5 554,56 €"), [("5554.56".into(), Some("EUR"))]);
        assert_eq!(amounts("Total | $1,234.56"), [("1234.56".into(), Some("USD"))]);
        assert_eq!(amounts("Summe | EUR 1.234,56"), [("1234.56".into(), Some("EUR"))]);
        assert_eq!(amounts("Gesamt | 12,00EUR"), [("12.00".into(), Some("EUR"))]);
        assert_eq!(amounts("Credit | 12,00-"), [("-12.00".into(), None)]);
        assert_eq!(amounts("Fare | £ 25"), [("25.00".into(), Some("GBP"))]);
        assert_eq!(amounts("1 234 567,89"), [("1234567.89".into(), None)]);
        assert_eq!(amounts("Montant TTC | €1 558,69"), [("1558.69".into(), Some("EUR"))]);
    }

    #[test]
    fn rates_and_plain_integers_are_not_amounts() {
        let (amounts, rates) = find(&words("TVA 20 % | 20,00 % | 19% | 2024 | 69001 Lyon"));
        assert!(amounts.is_empty(), "{amounts:?}");
        let rates: Vec<String> = rates.into_iter().map(|r| r.rate.to_string()).collect();
        assert_eq!(rates, ["20.00", "20.00", "19.00"]);
    }

    #[test]
    fn currency_codes() {
        assert_eq!(currency_code("€"), Some("EUR"));
        assert_eq!(currency_code("EUR"), Some("EUR"));
        assert_eq!(currency_code("zł"), Some("PLN"));
        assert_eq!(currency_code("Euro"), Some("EUR"));
        assert_eq!(currency_code("Total"), None);
    }
}
