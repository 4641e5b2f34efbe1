//! Money. Always a decimal, never `f64`: `0.1 + 0.2` must be `0.3` on an invoice.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money or a rate, exact to the digit printed on the document.
///
/// Serialised as a string with a dot and at least two decimals (`"1234.50"`), as
/// `shared/RESULT_SCHEMA.md` requires; more decimals are kept when the document has
/// them (unit prices such as `"0.125"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount: {reason}")]
pub struct AmountError {
    reason: &'static str,
}

const fn err(reason: &'static str) -> AmountError {
    AmountError { reason }
}

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    pub const fn from_decimal(value: Decimal) -> Self {
        Self(value)
    }

    pub const fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// Parses the canonical machine form used in XML and JSON: optional sign, digits,
    /// optional dot and decimals (`"-1234.5"`). Nothing else is accepted.
    pub fn parse_canonical(text: &str) -> Result<Self, AmountError> {
        let text = text.trim();
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if digits.is_empty() {
            return Err(err("empty"));
        }
        let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(err("no digits"));
        }
        if !all_digits(int_part) || !all_digits(frac_part) {
            return Err(err("unexpected character"));
        }
        Decimal::from_str(text).map(Self).map_err(|_| err("out of range"))
    }

    /// Parses an amount as printed by people: `1 234,56`, `1.234,56`, `1,234.56`,
    /// `1'234.56`, `-12,00`, `1234`. Thousands separators must group by three; the
    /// last separator followed by one or two digits is the decimal mark.
    pub fn parse_human(text: &str) -> Result<Self, AmountError> {
        let mut cleaned: String =
            text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')).collect();
        let negative = if let Some(rest) = cleaned.strip_prefix('-') {
            cleaned = rest.to_owned();
            true
        } else if let Some(rest) = cleaned.strip_suffix('-') {
            // Some ERPs print credit amounts as `12,00-`.
            cleaned = rest.to_owned();
            true
        } else {
            false
        };
        let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
        if cleaned.is_empty() {
            return Err(err("empty"));
        }
        if !cleaned.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
            return Err(err("unexpected character"));
        }
        if !cleaned.as_bytes()[0].is_ascii_digit() {
            return Err(err("starts with a separator"));
        }
        let last_sep = cleaned.rfind(['.', ',']);
        let (int_part, frac_part) = match last_sep {
            None => (cleaned, ""),
            Some(idx) => {
                let frac = &cleaned[idx + 1..];
                if frac.is_empty() {
                    return Err(err("ends with a separator"));
                }
                let sep = cleaned.as_bytes()[idx];
                let other = if sep == b'.' { ',' } else { '.' };
                let sep_count = cleaned.bytes().filter(|&b| b == sep).count();
                let is_decimal = if cleaned[..idx].contains(other) {
                    // Both kinds present: the last one is the decimal mark.
                    true
                } else if sep_count > 1 {
                    // `1.234.567`: repeated, so a thousands separator.
                    false
                } else {
                    // One separator alone: three digits after it means thousands
                    // (`1,234`, `12.500`); anything else is a decimal mark.
                    frac.len() != 3
                };
                if is_decimal { (&cleaned[..idx], frac) } else { (cleaned, "") }
            }
        };
        let int_digits = strip_thousands(int_part)?;
        let canonical = if frac_part.is_empty() { int_digits } else { format!("{int_digits}.{frac_part}") };
        let value = Decimal::from_str(&canonical).map_err(|_| err("out of range"))?;
        Ok(Self(if negative { -value } else { value }))
    }

    /// Rounds to cents (banker's rounding is wrong for invoices: half away from zero).
    pub fn round_cents(self) -> Self {
        Self(self.0.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }

    /// Whether two amounts agree to the cent.
    pub fn agrees_with(self, other: Amount) -> bool {
        (self.0 - other.0).abs() <= Decimal::new(1, 2)
    }
}

/// Removes thousands separators, checking that they group digits by three.
fn strip_thousands(int_part: &str) -> Result<String, AmountError> {
    let groups: Vec<&str> = int_part.split(['.', ',']).collect();
    if groups.len() > 1 {
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(err("thousands separators do not group by three"));
        }
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(err("no digits"));
    }
    Ok(digits)
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let normalized = self.0.normalize();
        if normalized.scale() < 2 { write!(f, "{:.2}", normalized) } else { write!(f, "{normalized}") }
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_canonical(s)
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;

    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;

    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Amount::parse_canonical(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn human(s: &str) -> String {
        Amount::parse_human(s).map(|a| a.to_string()).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn canonical_form_is_strict() {
        assert_eq!(Amount::parse_canonical("1234.5").map(|a| a.to_string()), Ok("1234.50".into()));
        assert_eq!(Amount::parse_canonical("-0.125").map(|a| a.to_string()), Ok("-0.125".into()));
        assert_eq!(Amount::parse_canonical("100").map(|a| a.to_string()), Ok("100.00".into()));
        assert!(Amount::parse_canonical("1,5").is_err());
        assert!(Amount::parse_canonical("1e3").is_err());
        assert!(Amount::parse_canonical("").is_err());
        assert!(Amount::parse_canonical("-").is_err());
    }

    #[test]
    fn human_forms_of_french_english_and_german_documents() {
        assert_eq!(human("1 234,56"), "1234.56");
        assert_eq!(human("1\u{a0}234,56"), "1234.56");
        assert_eq!(human("1.234,56"), "1234.56");
        assert_eq!(human("1,234.56"), "1234.56");
        assert_eq!(human("1'234.56"), "1234.56");
        assert_eq!(human("12,5"), "12.50");
        assert_eq!(human("-12,00"), "-12.00");
        assert_eq!(human("12,00-"), "-12.00");
        assert_eq!(human("1.234.567"), "1234567.00");
        assert_eq!(human("1,234"), "1234.00");
        assert_eq!(human("0,99"), "0.99");
        assert_eq!(human("1234"), "1234.00");
    }

    #[test]
    fn human_garbage_is_refused() {
        for bad in ["", "abc", ",50", "12,34,5", "1.23.4", "12..5", "1,2345.6", "12.", "€"] {
            assert!(Amount::parse_human(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn arithmetic_is_exact() {
        let a = Amount::parse_canonical("0.1").expect("parses");
        let b = Amount::parse_canonical("0.2").expect("parses");
        assert_eq!((a + b).to_string(), "0.30");
        assert!(
            Amount::parse_canonical("100.004")
                .expect("parses")
                .agrees_with(Amount::parse_canonical("100.00").expect("parses"))
        );
        assert_eq!(Amount::parse_canonical("2.345").expect("parses").round_cents().to_string(), "2.35");
    }

    #[test]
    fn serde_uses_strings() {
        let a = Amount::parse_canonical("20").expect("parses");
        assert_eq!(serde_json::to_string(&a).expect("serialises"), "\"20.00\"");
        let back: Amount = serde_json::from_str("\"20.00\"").expect("deserialises");
        assert_eq!(back, a);
        assert!(serde_json::from_str::<Amount>("20.0").is_err(), "numbers are not money");
    }
}
