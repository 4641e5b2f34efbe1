//! Turning XML values into result fields: the value formats of
//! `shared/RESULT_SCHEMA.md` (dates `YYYY-MM-DD`, amounts with two decimals,
//! identifiers without spaces), shared by the CII and UBL readers.

use chrono::NaiveDate;
use liasse_core::{Amount, Bic, Extraction, Field, Iban, IdentifierError, Provenance};
use roxmltree::Node;

use super::xml::{Located, attribute, located, path_of};

/// Writes fields into an extraction, each with the path of the element it came from.
pub struct FieldWriter<'e> {
    extraction: &'e mut Extraction,
}

impl<'e> FieldWriter<'e> {
    pub fn new(extraction: &'e mut Extraction) -> Self {
        Self { extraction }
    }

    fn set(&mut self, name: &str, value: String, node: Node<'_, '_>, valid: Option<bool>) {
        let field = Field::exact(value, Provenance::at_path(path_of(node))).with_valid(valid);
        self.extraction.set_field(name, field);
    }

    /// An identifier or code (invoice number, VAT id, currency): printed without spaces.
    pub fn identifier(&mut self, name: &str, found: Option<Located<'_, '_>>) {
        if let Some(found) = found {
            let value = without_whitespace(found.text);
            self.set(name, value, found.node, None);
        }
    }

    /// A name or other free text: runs of whitespace (line breaks in the XML) become one space.
    pub fn text(&mut self, name: &str, found: Option<Located<'_, '_>>) {
        if let Some(found) = found {
            self.set(name, collapse_whitespace(found.text), found.node, None);
        }
    }

    /// A text built from several elements (an address), attributed to their parent.
    pub fn composed_text(&mut self, name: &str, value: Option<String>, parent: Node<'_, '_>) {
        if let Some(value) = value {
            self.set(name, value, parent, None);
        }
    }

    /// A date that `parse_date` understands. A month or a week (formats 610 and 616) is
    /// not a day and is left out quietly; a value that is not a date at all is left out
    /// and flagged, since the XML is then not what its schema promises.
    pub fn date(&mut self, name: &str, found: Option<(Located<'_, '_>, Option<&str>)>) {
        let Some((found, format)) = found else {
            return;
        };
        match parse_date(found.text, format) {
            Some(date) => self.set(name, date.format("%Y-%m-%d").to_string(), found.node, None),
            None if matches!(format, None | Some("102")) => {
                self.extraction.review(format!("{name}: the XML value is not a date"));
            }
            None => {}
        }
    }

    /// An amount in the canonical XML form; a value that is not a number is left out
    /// and flagged.
    pub fn amount(&mut self, name: &str, found: Option<Located<'_, '_>>) {
        let Some(found) = found else {
            return;
        };
        match Amount::parse_canonical(found.text) {
            Ok(amount) => self.set(name, amount.to_string(), found.node, None),
            Err(_) => self.extraction.review(format!("{name}: the XML value is not a number")),
        }
    }

    /// The first candidate that has the shape of an IBAN. `valid` says whether it is a
    /// real one (its country's length and check digits): sample invoices often carry
    /// made-up IBANs, which are still what the document says.
    pub fn iban<'a, 'input: 'a>(&mut self, candidates: impl IntoIterator<Item = Node<'a, 'input>>) {
        let first_iban = candidates
            .into_iter()
            .filter_map(located)
            .find_map(|found| read_iban(found.text).map(|iban| (iban, found.node)));
        if let Some(((value, valid), node)) = first_iban {
            self.set("iban", value, node, Some(valid));
        }
    }

    /// The first candidate that is a well-formed BIC (8 or 11 characters).
    pub fn bic<'a, 'input: 'a>(&mut self, candidates: impl IntoIterator<Item = Node<'a, 'input>>) {
        let first_bic = candidates.into_iter().filter_map(located).find_map(|found| {
            let bic = Bic::parse(found.text).ok()?;
            Some((bic.to_string(), found.node))
        });
        if let Some((value, node)) = first_bic {
            self.set("bic", value, node, None);
        }
    }
}

/// An IBAN element's text as `(value, valid)`: `None` when it does not even have the
/// shape of an IBAN (`FRDEBIT`), `valid: false` when it has the shape but not its
/// country's length or check digits.
fn read_iban(text: &str) -> Option<(String, bool)> {
    match Iban::parse(text) {
        Ok(iban) => Some((iban.to_string(), true)),
        Err(IdentifierError::Shape(_)) => None,
        Err(IdentifierError::Country(_) | IdentifierError::Checksum(_)) => {
            Some((without_whitespace(text).to_ascii_uppercase(), false))
        }
    }
}

pub fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses an amount element, for the VAT breakdown and line items.
pub fn amount_of(found: Option<Located<'_, '_>>) -> Option<Amount> {
    Amount::parse_canonical(found?.text).ok()
}

/// `"line one, line two, postcode city"`, without the country, as the result schema
/// writes addresses. `None` when the address has none of these parts.
pub fn format_address(lines: &[&str], postcode: Option<&str>, city: Option<&str>) -> Option<String> {
    let mut parts: Vec<String> =
        lines.iter().map(|line| collapse_whitespace(line)).filter(|line| !line.is_empty()).collect();
    let locality = [postcode, city].into_iter().flatten().map(collapse_whitespace).filter(|part| !part.is_empty());
    let locality = locality.collect::<Vec<_>>().join(" ");
    if !locality.is_empty() {
        parts.push(locality);
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Parses the dates found in e-invoices: UN/CEFACT format 102 (`20180305`, the CII
/// default), and ISO dates (`2018-03-05`, UBL, possibly followed by a time or a zone).
/// Formats 610 (month) and 616 (week) are not days, so they give `None`.
pub fn parse_date(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    if matches!(format, Some(code) if code != "102") {
        return None;
    }
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    let day_part = text.get(..10)?;
    let rest = &text[10..];
    let rest_is_time_or_zone = rest.is_empty() || rest.starts_with(['T', 'Z', '+', '-', ' ']);
    if !rest_is_time_or_zone {
        return None;
    }
    NaiveDate::parse_from_str(day_part, "%Y-%m-%d").ok()
}

/// A CII date element: `IssueDateTime` wraps `udt:DateTimeString` (or `udt:DateString`),
/// whose `format` attribute says how to read it. The ZUGFeRD drafts put the text and
/// the format on the element itself.
pub fn cii_date<'a, 'input: 'a>(element: Option<Node<'a, 'input>>) -> Option<(Located<'a, 'input>, Option<&'a str>)> {
    let element = element?;
    let holder = super::xml::children(element, "DateTimeString|DateString").next().unwrap_or(element);
    let found = located(holder)?;
    Some((found, attribute(holder, "format")))
}

/// Of several amounts, the one in the document currency: marked with it, else unmarked,
/// else the first.
pub fn in_document_currency<'a, 'input: 'a>(
    amounts: Vec<Node<'a, 'input>>,
    currency: Option<&str>,
) -> Option<Located<'a, 'input>> {
    let with_text: Vec<Located<'a, 'input>> = amounts.into_iter().filter_map(located).collect();
    let marked = |found: &&Located<'a, 'input>| currency.is_some() && attribute(found.node, "currencyID") == currency;
    let unmarked = |found: &&Located<'a, 'input>| attribute(found.node, "currencyID").is_none();
    with_text.iter().find(marked).or_else(|| with_text.iter().find(unmarked)).or(with_text.first()).copied()
}

/// A price is given for a base quantity (BT-149: "12.00 per 100 pieces"); the line
/// item wants the price of one unit.
pub fn per_unit(price: Amount, base_quantity: Option<Amount>) -> Amount {
    match base_quantity {
        Some(base) if !base.as_decimal().is_zero() && base != Amount::from_decimal(rust_decimal::Decimal::ONE) => {
            let unit = price.as_decimal().checked_div(base.as_decimal()).unwrap_or(price.as_decimal());
            Amount::from_decimal(unit.round_dp(6).normalize())
        }
        _ => price,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_format_102_and_iso() {
        let day = NaiveDate::from_ymd_opt(2018, 3, 5);
        assert_eq!(parse_date("20180305", Some("102")), day);
        assert_eq!(parse_date("20180305", None), day);
        assert_eq!(parse_date("2018-03-05", None), day);
        assert_eq!(parse_date("2018-03-05T00:00:00", None), day);
        assert_eq!(parse_date("2018-03-05+01:00", None), day);
        assert_eq!(parse_date("201803", Some("610")), None);
        assert_eq!(parse_date("20181305", Some("102")), None);
        assert_eq!(parse_date("2018-03-05x", None), None);
        assert_eq!(parse_date("", None), None);
    }

    #[test]
    fn iban_shape_and_check_digits() {
        let read = |text: &str| read_iban(text);
        assert_eq!(read("FR76 3000 6000 0112 3456 7890 189"), Some(("FR7630006000011234567890189".into(), true)));
        assert_eq!(read("DE02120300000000202051"), Some(("DE02120300000000202051".into(), true)));
        assert_eq!(read("NO9386011117947"), Some(("NO9386011117947".into(), true)));
        assert_eq!(read("dk1212341234123412"), Some(("DK1212341234123412".into(), false)), "wrong check digits");
        for not_an_iban in ["FRDEBIT", "A", "DE01234..", "DE01", "1234567890123456"] {
            assert_eq!(read(not_an_iban), None, "{not_an_iban}");
        }
    }

    #[test]
    fn addresses_leave_out_empty_parts() {
        assert_eq!(
            format_address(&["Main street 34", " Suite 123 "], Some("303"), Some("Big city")).as_deref(),
            Some("Main street 34, Suite 123, 303 Big city")
        );
        assert_eq!(format_address(&["", "Postbus 7l"], None, Some("Velsen")).as_deref(), Some("Postbus 7l, Velsen"));
        assert_eq!(format_address(&[], None, None), None);
    }

    #[test]
    fn identifiers_lose_their_spaces() {
        assert_eq!(without_whitespace(" DE88 2008 0000\n0970 "), "DE88200800000970");
        assert_eq!(collapse_whitespace("  Kunden\n   AG  Mitte "), "Kunden AG Mitte");
    }
}
