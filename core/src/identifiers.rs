//! Business identifiers printed on documents, parsed at the boundary: `Siren` and
//! `Siret` (French company and establishment numbers), `VatNumber` (EU, UK and Swiss
//! VAT ids), `Iban` and `Bic`.
//!
//! Each type holds its compact form (no spaces, dots or dashes, upper case), which is
//! how `shared/RESULT_SCHEMA.md` writes identifiers, and `Display`s it. A value that
//! parses has the shape of its kind; `Siren`, `Siret` and `Iban` also verify their check
//! digits. VAT ids are accepted on shape alone because a wrong key is still what the
//! document says: `VatNumber::valid_checksum` tells whether the key verifies.
//!
//! Errors name the kind of identifier and the problem, never the value, so they can be
//! logged.

use std::fmt;

/// Why a text is not an identifier of the expected kind. The payload names the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    /// Wrong characters or length for any identifier of this kind.
    #[error("not a {0}: wrong characters or length")]
    Shape(&'static str),
    /// The shape is generic but the country is unknown, or its length is not that
    /// country's.
    #[error("not a {0}: unknown country or wrong length for its country")]
    Country(&'static str),
    /// The shape is right but the check digits do not verify.
    #[error("{0}: the check digits do not verify")]
    Checksum(&'static str),
}

type Result<T> = std::result::Result<T, IdentifierError>;

/// Upper case, without the separators people print inside identifiers (spaces,
/// no-break spaces, dots, dashes).
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '\u{2011}'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn digit_values(text: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    text.bytes().map(|b| u32::from(b - b'0'))
}

/// The Luhn check (ISO/IEC 7812): from the right, every second digit is doubled.
fn luhn_verifies(digits: &str) -> bool {
    luhn_sum(digits, false).is_some_and(|sum| sum % 10 == 0)
}

/// The Luhn sum, not reduced: every second digit from the right is doubled (its digits
/// added), starting with the rightmost when `double_rightmost` (a number whose check
/// digit is still to come). `None` when `digits` is not all digits.
fn luhn_sum(digits: &str, double_rightmost: bool) -> Option<u32> {
    let doubled_parity = usize::from(!double_rightmost);
    all_digits(digits).then(|| {
        digit_values(digits)
            .rev()
            .enumerate()
            .map(|(idx, digit)| match (idx % 2 == doubled_parity, digit * 2) {
                (true, twice) if twice > 9 => twice - 9,
                (true, twice) => twice,
                (false, _) => digit,
            })
            .sum()
    })
}

/// The remainder modulo 97 of a string of digits of any length.
fn mod97(digits: &str) -> u32 {
    digit_values(digits).fold(0, |remainder, digit| (remainder * 10 + digit) % 97)
}

/// A SIREN: the 9-digit number of a French company (INSEE), Luhn-checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Siren(String);

impl Siren {
    const KIND: &'static str = "SIREN";

    /// Parses `732 829 320` or `732.829.320`.
    pub fn parse(text: &str) -> Result<Self> {
        let digits = compact(text);
        if digits.len() != 9 || !all_digits(&digits) {
            return Err(IdentifierError::Shape(Self::KIND));
        }
        if !luhn_verifies(&digits) {
            return Err(IdentifierError::Checksum(Self::KIND));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A SIRET: the 14-digit number of one establishment, its company's SIREN followed by
/// a 5-digit establishment number (NIC).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Siret(String);

/// La Poste's SIREN: its thousands of establishments outgrew the Luhn key, so INSEE
/// numbers them so that the sum of the SIRET's digits is a multiple of 5 instead.
const LA_POSTE_SIREN: &str = "356000000";
/// La Poste's head office kept an ordinary Luhn key.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

impl Siret {
    const KIND: &'static str = "SIRET";

    pub fn parse(text: &str) -> Result<Self> {
        let digits = compact(text);
        if digits.len() != 14 || !all_digits(&digits) {
            return Err(IdentifierError::Shape(Self::KIND));
        }
        let verifies = if digits.starts_with(LA_POSTE_SIREN) && digits != LA_POSTE_HEAD_OFFICE {
            digit_values(&digits).sum::<u32>() % 5 == 0
        } else {
            luhn_verifies(&digits) && luhn_verifies(&digits[..9])
        };
        if !verifies {
            return Err(IdentifierError::Checksum(Self::KIND));
        }
        Ok(Self(digits))
    }

    /// The company this establishment belongs to.
    pub fn siren(&self) -> Siren {
        Siren(self.0[..9].to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A VAT identification number: a country prefix and the national part, compact
/// (`FR44732829320`, `DE123456789`, `CHE123456789MWST`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VatNumber {
    text: String,
    /// Where the national part starts: 2, or 3 for Swiss `CHE` numbers.
    national_start: usize,
}

/// National shapes, one pattern per accepted form: `9` a digit, `A` a letter, `X` a
/// letter or a digit, anything else itself. From the EU's VIES documentation of each
/// member state, plus the United Kingdom (GB, and XI for Northern Ireland) and Norway.
const VAT_SHAPES: &[(&str, &[&str])] = &[
    ("AT", &["U99999999"]),
    ("BE", &["9999999999", "999999999"]),
    ("BG", &["999999999", "9999999999"]),
    ("CY", &["99999999A"]),
    ("CZ", &["99999999", "999999999", "9999999999"]),
    ("DE", &["999999999"]),
    ("DK", &["99999999"]),
    ("EE", &["999999999"]),
    ("EL", &["999999999"]),
    ("GR", &["999999999"]),
    ("ES", &["X9999999X"]),
    ("FI", &["99999999"]),
    ("FR", &["XX999999999"]),
    ("HR", &["99999999999"]),
    ("HU", &["99999999"]),
    ("IE", &["9999999A", "9999999AA", "9X99999A"]),
    ("IT", &["99999999999"]),
    ("LT", &["999999999", "999999999999"]),
    ("LU", &["99999999"]),
    ("LV", &["99999999999"]),
    ("MT", &["99999999"]),
    ("NL", &["999999999B99"]),
    ("NO", &["999999999MVA", "999999999"]),
    ("PL", &["9999999999"]),
    ("PT", &["999999999"]),
    ("RO", &["99", "999", "9999", "99999", "999999", "9999999", "99999999", "999999999", "9999999999"]),
    ("SE", &["999999999999"]),
    ("SI", &["99999999"]),
    ("SK", &["9999999999"]),
    ("GB", &["999999999", "999999999999", "GD999", "HA999"]),
    ("XI", &["999999999", "999999999999", "GD999", "HA999"]),
];

/// The suffixes of a Swiss VAT number, by national language.
const SWISS_VAT_SUFFIXES: &[&str] = &["MWST", "TVA", "IVA", "TPV"];

fn matches_shape(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && text.bytes().zip(pattern.bytes()).all(|(b, p)| match p {
            b'9' => b.is_ascii_digit(),
            b'A' => b.is_ascii_uppercase(),
            b'X' => b.is_ascii_uppercase() || b.is_ascii_digit(),
            literal => b == literal,
        })
}

impl VatNumber {
    const KIND: &'static str = "VAT number";

    /// Parses a VAT id with its country prefix (`FR 44 732 829 320`,
    /// `CHE-123.456.789 MWST`). The key is not verified here: see `valid_checksum`.
    pub fn parse(text: &str) -> Result<Self> {
        let text = compact(text);
        if let Some(swiss) = text.strip_prefix("CHE") {
            let suffix_ok = |suffix: &str| suffix.is_empty() || SWISS_VAT_SUFFIXES.contains(&suffix);
            return match swiss.get(..9) {
                Some(uid) if all_digits(uid) && suffix_ok(&swiss[9..]) => Ok(Self { text, national_start: 3 }),
                _ => Err(IdentifierError::Shape(Self::KIND)),
            };
        }
        let (Some(country), Some(national)) = (text.get(..2), text.get(2..)) else {
            return Err(IdentifierError::Shape(Self::KIND));
        };
        let Some((_, shapes)) = VAT_SHAPES.iter().find(|(code, _)| *code == country) else {
            return Err(IdentifierError::Country(Self::KIND));
        };
        let mut shape_ok = shapes.iter().any(|pattern| matches_shape(national, pattern));
        if country == "ES" {
            // A Spanish NIF starts or ends with a letter; nine digits are not one.
            shape_ok &= !all_digits(national);
        }
        if !shape_ok {
            return Err(IdentifierError::Shape(Self::KIND));
        }
        Ok(Self { text, national_start: 2 })
    }

    /// The ISO country code: `FR`, `DE`, `EL` (Greece writes its VAT ids so), `CH`.
    pub fn country(&self) -> &str {
        &self.text[..2]
    }

    /// The part after the country prefix (`CHE` for Switzerland).
    pub fn national(&self) -> &str {
        &self.text[self.national_start..]
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the key or check digit verifies: `Some` for the countries whose
    /// algorithm is implemented (FR with a numeric key, DE, BE, NL, IT, ES, AT, LU, PL,
    /// GB/XI standard numbers, CH), `None` for the others.
    pub fn valid_checksum(&self) -> Option<bool> {
        let national = self.national();
        match self.country() {
            "FR" => french_key_verifies(national),
            "DE" => Some(national.as_bytes()[0] != b'0' && iso7064_mod_11_10_verifies(national)),
            "BE" => {
                let padded = if national.len() == 9 { format!("0{national}") } else { national.to_owned() };
                let (body, key) = padded.split_at(8);
                Some(matches!(padded.as_bytes()[0], b'0' | b'1') && 97 - mod97(body) == number(key))
            }
            "NL" => Some(dutch_number_verifies(national)),
            "IT" => Some(luhn_verifies(national)),
            "ES" => Some(spanish_nif_verifies(national)),
            "AT" => {
                // The check digit completes the Luhn sum of the 7 digits before it, plus 4.
                let digits = &national[1..];
                Some(luhn_sum(&digits[..7], false).map(|sum| (16 - sum % 10) % 10) == Some(number(&digits[7..])))
            }
            "LU" => Some(number(&national[..6]) % 89 == number(&national[6..])),
            "PL" => {
                let sum: u32 = weighted_sum(&national[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]);
                Some(sum % 11 == number(&national[9..]))
            }
            "GB" | "XI" if all_digits(national) => {
                let sum = weighted_sum(&national[..9], &[8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
                // Numbers issued since 2010 (from 100 upwards) may use the "9755" variant.
                Some(sum == 0 || (number(&national[..3]) >= 100 && matches!(sum, 42 | 55)))
            }
            "CH" => {
                let sum = weighted_sum(&national[..8], &[5, 4, 3, 2, 7, 6, 5, 4]);
                Some((11 - sum % 11) % 11 == number(&national[8..9]))
            }
            _ => None,
        }
    }
}

fn number(digits: &str) -> u32 {
    digit_values(digits).fold(0, |value, digit| value * 10 + digit)
}

fn weighted_sum(digits: &str, weights: &[u32]) -> u32 {
    digit_values(digits).zip(weights).map(|(digit, weight)| digit * weight).sum()
}

/// French VAT key: `(12 + 3 × (SIREN mod 97)) mod 97` for numeric keys, and the SIREN
/// must verify (except Monaco's numbers, `000…`, which are not SIRENs). Alphanumeric
/// keys (new registrations) use an algorithm the tax administration does not publish.
fn french_key_verifies(national: &str) -> Option<bool> {
    let (key, siren) = national.split_at(2);
    if !all_digits(key) {
        return None;
    }
    let siren_ok = siren.starts_with("000") || luhn_verifies(siren);
    Some(siren_ok && number(key) == (12 + 3 * mod97(siren)) % 97)
}

/// ISO 7064 MOD 11,10, the check digit of German VAT ids.
fn iso7064_mod_11_10_verifies(digits: &str) -> bool {
    let mut product = 10;
    let mut values = digit_values(digits).peekable();
    while let Some(digit) = values.next() {
        if values.peek().is_none() {
            let check = (11 - product) % 10;
            return check == digit;
        }
        let sum = match (digit + product) % 10 {
            0 => 10,
            sum => sum,
        };
        product = (2 * sum) % 11;
    }
    false
}

/// Dutch VAT ids: the old form is the "11-test" of the 9-digit number; ids issued to
/// sole traders since 2020 instead verify ISO 7064 MOD 97-10 over `NL` and the whole id.
fn dutch_number_verifies(national: &str) -> bool {
    let digits = &national[..9];
    let eleven_test = {
        let sum = weighted_sum(&digits[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) as i64 - i64::from(number(&digits[8..]));
        sum.rem_euclid(11) == 0 && number(digits) > 0
    };
    // Letters count as two digits, A = 10 … Z = 35.
    let expanded: String = format!("NL{national}")
        .bytes()
        .map(|b| if b.is_ascii_digit() { (b - b'0').to_string() } else { (b - b'A' + 10).to_string() })
        .collect();
    eleven_test || mod97(&expanded) == 1
}

/// Spanish NIF: a person's DNI (8 digits and a letter), a foreigner's NIE (X, Y or Z,
/// 7 digits, a letter), or an organisation's CIF (a letter, 7 digits, a check digit or
/// letter). Which organisations use a digit and which a letter is inconsistently
/// documented, so either is accepted.
fn spanish_nif_verifies(national: &str) -> bool {
    const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let bytes = national.as_bytes();
    let last = bytes[8];
    let dni_letter = |digits: &str| all_digits(digits).then(|| DNI_LETTERS[(number(digits) % 23) as usize]);
    match bytes[0] {
        b'0'..=b'9' => dni_letter(&national[..8]) == Some(last),
        b'X' | b'Y' | b'Z' => {
            let prefix = (bytes[0] - b'X').to_string();
            dni_letter(&format!("{prefix}{}", &national[1..8])) == Some(last)
        }
        b'K' | b'L' | b'M' => dni_letter(&national[1..8]) == Some(last),
        b'A'..=b'H' | b'J' | b'N' | b'P'..=b'S' | b'U' | b'V' | b'W' => {
            let Some(sum) = luhn_sum(&national[1..8], true) else {
                return false;
            };
            let check = (10 - sum % 10) % 10;
            last == b'0' + check as u8 || last == b"JABCDEFGHI"[check as usize]
        }
        _ => false,
    }
}

/// An IBAN (ISO 13616), compact and upper case: `FR7630006000011234567890189`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Iban(String);

/// IBAN length by country, from the SWIFT IBAN registry.
#[rustfmt::skip]
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22), ("BH", 22),
    ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27),
    ("DK", 18), ("DO", 28), ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27),
    ("GB", 22), ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HN", 28), ("HR", 21), ("HU", 28),
    ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28),
    ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20), ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22),
    ("MK", 19), ("MN", 20), ("MR", 27), ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23),
    ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("RU", 33), ("SA", 24),
    ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28),
    ("TL", 23), ("TN", 24), ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
];

impl Iban {
    const KIND: &'static str = "IBAN";

    /// Parses an IBAN as printed (`FR76 3000 6000 0112 3456 7890 189`): two letters,
    /// two check digits, then the country's account number (BBAN).
    pub fn parse(text: &str) -> Result<Self> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        let bytes = text.as_bytes();
        // Norway's are the shortest (15), Russia's the longest (33); 34 is the ISO limit.
        let shape_ok = (15..=34).contains(&bytes.len())
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2..4].iter().all(u8::is_ascii_digit)
            && bytes[4..].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !shape_ok {
            return Err(IdentifierError::Shape(Self::KIND));
        }
        let country_length = IBAN_LENGTHS.iter().find(|(code, _)| *code == &text[..2]).map(|(_, length)| *length);
        if country_length != Some(text.len()) {
            return Err(IdentifierError::Country(Self::KIND));
        }
        // ISO 13616: the first four characters move to the end, letters become 10 … 35,
        // and the number must be 1 modulo 97.
        let rearranged = text[4..].bytes().chain(text[..4].bytes());
        let remainder = rearranged.fold(0u32, |remainder, byte| {
            if byte.is_ascii_digit() {
                (remainder * 10 + u32::from(byte - b'0')) % 97
            } else {
                (remainder * 100 + u32::from(byte - b'A') + 10) % 97
            }
        });
        if remainder != 1 {
            return Err(IdentifierError::Checksum(Self::KIND));
        }
        Ok(Self(text))
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A BIC (ISO 9362), 8 or 11 characters: `AGRIFRPP`, `COBADEFFXXX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    const KIND: &'static str = "BIC";

    /// Four letters (institution), two letters (country), two letters or digits
    /// (location), and optionally three letters or digits (branch).
    pub fn parse(text: &str) -> Result<Self> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        let bytes = text.as_bytes();
        let alphanumeric = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let shape_ok = matches!(bytes.len(), 8 | 11)
            && bytes[..6].iter().all(u8::is_ascii_uppercase)
            && bytes[6..].iter().all(alphanumeric);
        if !shape_ok {
            return Err(IdentifierError::Shape(Self::KIND));
        }
        Ok(Self(text))
    }

    pub fn country(&self) -> &str {
        &self.0[4..6]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_as_str {
    ($($name:ty),*) => {$(
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

display_as_str!(Siren, Siret, VatNumber, Iban, Bic);

#[cfg(test)]
mod tests;
