//! Consistency checks on extracted fields, whatever the class and the source: check
//! digits of identifiers (SIREN/SIRET, VAT ids, IBAN, BIC), invoice arithmetic
//! (totals, VAT breakdown), and plausibility of dates and amounts.
//!
//! Each rule records one `Check` under a stable name (the `*` constants below, which
//! ERP integrations match on) and only when the fields it needs are present. A failed
//! check asks for review (`Extraction::check`), but the values stay what the document
//! says: a check never corrects or removes a field. Identifier rules also set the
//! field's `valid`.
//!
//! Details quote values only (amounts, rates, dates, identifiers) and field names,
//! never other document text. This module is pure: it never reads the clock, so the
//! same extraction always gets the same checks.

use chrono::NaiveDate;
use liasse_core::identifiers::compact;
use liasse_core::{Amount, Bic, Extraction, Iban, IdentifierError, Siren, Siret, VatNumber};
use rust_decimal::Decimal;

pub const SIREN_LUHN: &str = "siren_luhn";
pub const SIRET_LUHN: &str = "siret_luhn";
pub const VAT_ID_KEY: &str = "vat_id_key";
pub const IBAN_MOD97: &str = "iban_mod97";
pub const BIC_SHAPE: &str = "bic_shape";
pub const TOTALS_CONSISTENT: &str = "totals_consistent";
pub const VAT_BREAKDOWN_SUMS: &str = "vat_breakdown_sums";
pub const VAT_RATE_KNOWN: &str = "vat_rate_known";
pub const VAT_BREAKDOWN_ARITHMETIC: &str = "vat_breakdown_arithmetic";
pub const DATES_PLAUSIBLE: &str = "dates_plausible";
pub const DUE_AFTER_ISSUE: &str = "due_after_issue";
pub const AMOUNT_DUE_CONSISTENT: &str = "amount_due_consistent";

/// The parties whose identifiers are checked, as field-name prefixes.
const PARTIES: [&str; 2] = ["seller", "buyer"];

/// VAT rates in force in France, in percent: mainland (20, 10, 5.5, 2.1), Corsica (13,
/// 0.9) and the overseas departments (8.5, 1.75, 1.05), and 0 (exempt or reverse charge).
/// Flagging a Corsican or overseas invoice as suspect would be a false alarm.
/// Each rate is `(mantissa, scale)`: `(55, 1)` is 5.5.
const FRENCH_VAT_RATES: [(i64, u32); 10] =
    [(20, 0), (10, 0), (55, 1), (21, 1), (0, 0), (13, 0), (9, 1), (85, 1), (175, 2), (105, 2)];

/// Dates outside this range are misreadings (a year of `2204`, a day taken for a
/// year), not invoices.
const EARLIEST_PLAUSIBLE: (i32, u32, u32) = (1990, 1, 1);
const LATEST_PLAUSIBLE: (i32, u32, u32) = (2100, 12, 31);

/// Runs every rule whose fields are present.
pub fn run(extraction: &mut Extraction) {
    for role in PARTIES {
        check_legal_id(extraction, role);
        check_vat_id(extraction, role);
    }
    check_iban(extraction);
    check_bic(extraction);
    check_totals(extraction);
    check_vat_breakdown_sums(extraction);
    check_vat_rates(extraction);
    check_vat_breakdown_arithmetic(extraction);
    check_dates(extraction);
    check_amount_due(extraction);
}

fn text_of(extraction: &Extraction, name: &str) -> Option<String> {
    extraction.field(name).and_then(|field| field.as_str()).map(str::to_owned)
}

fn amount_of(extraction: &Extraction, name: &str) -> Option<Amount> {
    extraction.field(name).and_then(|field| field.as_str()).and_then(|text| Amount::parse_canonical(text).ok())
}

fn set_valid(extraction: &mut Extraction, name: &str, valid: Option<bool>) {
    if let Some(field) = extraction.fields.get_mut(name) {
        field.valid = valid;
    }
}

/// BT-30/BT-47: a French legal id is a SIREN (9 digits) or a SIRET (14). Other
/// registrations (a German HRB number, a Belgian enterprise number) have no rule here;
/// neither has a 9-digit number of a party whose VAT id is not French, since Greek
/// and Portuguese tax numbers also have 9 digits.
fn check_legal_id(extraction: &mut Extraction, role: &str) {
    let name = format!("{role}_legal_id");
    let Some(value) = text_of(extraction, &name) else {
        return;
    };
    let vat_country = text_of(extraction, &format!("{role}_vat_id"))
        .and_then(|vat| VatNumber::parse(&vat).ok())
        .map(|vat| vat.country().to_owned());
    let digits = compact(&value);
    let french = vat_country.is_none_or(|country| country == "FR") && digits.bytes().all(|b| b.is_ascii_digit());
    let outcome = match digits.len() {
        9 if french => Some((SIREN_LUHN, Siren::parse(&digits).is_ok())),
        14 if french => Some((SIRET_LUHN, Siret::parse(&digits).is_ok())),
        _ => None,
    };
    set_valid(extraction, &name, outcome.map(|(_, passed)| passed));
    if let Some((rule, passed)) = outcome {
        let detail =
            if passed { format!("{name} {digits}") } else { format!("{name} {digits}: the key does not verify") };
        extraction.check(rule, passed, detail);
    }
}

/// VAT ids: the shape of the country's numbers, and the key where its algorithm is
/// known. A number without a European prefix (an Indian GSTIN, a US EIN) has no rule.
fn check_vat_id(extraction: &mut Extraction, role: &str) {
    let name = format!("{role}_vat_id");
    let Some(value) = text_of(extraction, &name) else {
        return;
    };
    match VatNumber::parse(&value) {
        Ok(vat) => {
            let valid = vat.valid_checksum();
            set_valid(extraction, &name, valid);
            if let Some(passed) = valid {
                let detail =
                    if passed { format!("{name} {vat}") } else { format!("{name} {vat}: the key does not verify") };
                extraction.check(VAT_ID_KEY, passed, detail);
            }
        }
        Err(IdentifierError::Shape(_)) => {
            set_valid(extraction, &name, Some(false));
            let country = compact(&value).chars().take(2).collect::<String>();
            extraction.check(VAT_ID_KEY, false, format!("{name}: not the shape of a {country} VAT number"));
        }
        Err(IdentifierError::Country(_) | IdentifierError::Checksum(_)) => set_valid(extraction, &name, None),
    }
}

fn check_iban(extraction: &mut Extraction) {
    let Some(value) = text_of(extraction, "iban") else {
        return;
    };
    let (passed, detail) = match Iban::parse(&value) {
        Ok(iban) => (true, format!("iban {iban}")),
        Err(IdentifierError::Checksum(_)) => {
            (false, format!("iban {}: the check digits do not verify", compact(&value)))
        }
        Err(IdentifierError::Country(_)) => {
            (false, format!("iban {}: unknown country or wrong length for its country", compact(&value)))
        }
        Err(IdentifierError::Shape(_)) => (false, "iban: not the shape of an IBAN".to_owned()),
    };
    set_valid(extraction, "iban", Some(passed));
    extraction.check(IBAN_MOD97, passed, detail);
}

fn check_bic(extraction: &mut Extraction) {
    let Some(value) = text_of(extraction, "bic") else {
        return;
    };
    let (passed, detail) = match Bic::parse(&value) {
        Ok(bic) => (true, format!("bic {bic}")),
        Err(_) => (false, "bic: not 4 letters, 2 letters, 2 and optionally 3 letters or digits".to_owned()),
    };
    set_valid(extraction, "bic", Some(passed));
    extraction.check(BIC_SHAPE, passed, detail);
}

/// EN 16931 BR-CO-15: total without VAT + VAT total = total with VAT, to the cent. An
/// invoice without VAT may leave the VAT total out (BT-110 is optional).
fn check_totals(extraction: &mut Extraction) {
    let (Some(excl), Some(incl)) = (amount_of(extraction, "total_excl_vat"), amount_of(extraction, "total_incl_vat"))
    else {
        return;
    };
    let vat = amount_of(extraction, "total_vat").unwrap_or(Amount::ZERO);
    let Some(sum) = checked_add(excl, vat) else {
        return;
    };
    let passed = sum.round_cents() == incl.round_cents();
    let detail = if passed {
        format!("{excl} + {vat} = {incl}")
    } else {
        format!("{excl} + {vat} = {sum}, but the total with VAT is {incl}")
    };
    extraction.check(TOTALS_CONSISTENT, passed, detail);
}

/// EN 16931 BR-CO-14 and the sum of the category bases: the breakdown adds up to the
/// totals.
fn check_vat_breakdown_sums(extraction: &mut Extraction) {
    let total_excl_vat = amount_of(extraction, "total_excl_vat");
    let total_vat = amount_of(extraction, "total_vat");
    if extraction.vat_breakdown.is_empty() || (total_excl_vat.is_none() && total_vat.is_none()) {
        return;
    }
    let (Some(bases), Some(taxes)) = (
        checked_sum(extraction.vat_breakdown.iter().map(|line| line.basis)),
        checked_sum(extraction.vat_breakdown.iter().map(|line| line.tax)),
    ) else {
        return;
    };
    let mut passed = true;
    let mut parts = Vec::new();
    if let Some(excl) = total_excl_vat {
        let equal = bases.round_cents() == excl.round_cents();
        passed &= equal;
        parts.push(format!("bases {bases} {} total without VAT {excl}", if equal { "=" } else { "!=" }));
    }
    if let Some(vat) = total_vat {
        let equal = taxes.round_cents() == vat.round_cents();
        passed &= equal;
        parts.push(format!("taxes {taxes} {} VAT total {vat}", if equal { "=" } else { "!=" }));
    }
    extraction.check(VAT_BREAKDOWN_SUMS, passed, parts.join("; "));
}

/// Whether French VAT rates apply: the seller's VAT id is French, or a French-language
/// document in euros. A German invoice at 19 % and 7 % is not suspect.
fn french_vat_applies(extraction: &Extraction) -> bool {
    let seller_is_french = text_of(extraction, "seller_vat_id")
        .and_then(|vat| VatNumber::parse(&vat).ok())
        .is_some_and(|vat| vat.country() == "FR");
    let euros_in_french =
        text_of(extraction, "currency").as_deref() == Some("EUR") && extraction.language.as_deref() == Some("fr");
    seller_is_french || euros_in_french
}

fn check_vat_rates(extraction: &mut Extraction) {
    if extraction.vat_breakdown.is_empty() || !french_vat_applies(extraction) {
        return;
    }
    let known = |rate: Amount| {
        FRENCH_VAT_RATES.iter().any(|&(mantissa, scale)| rate.as_decimal() == Decimal::new(mantissa, scale))
    };
    let unknown: Vec<String> =
        extraction.vat_breakdown.iter().filter(|line| !known(line.rate)).map(|line| line.rate.to_string()).collect();
    let detail = if unknown.is_empty() {
        let rates: Vec<String> = extraction.vat_breakdown.iter().map(|line| line.rate.to_string()).collect();
        format!("rates {}", rates.join(", "))
    } else {
        format!("not a French VAT rate: {}", unknown.join(", "))
    };
    extraction.check(VAT_RATE_KNOWN, unknown.is_empty(), detail);
}

/// EN 16931 BR-CO-17: each category's tax is its basis times its rate, rounded to the
/// cent. Many invoicing tools compute the tax line by line and add the rounded line
/// taxes instead, which can differ by half a cent per line, so the tolerance is a cent
/// or half a cent per line item at that rate, whichever is larger.
fn check_vat_breakdown_arithmetic(extraction: &mut Extraction) {
    if extraction.vat_breakdown.is_empty() {
        return;
    }
    let mut passed = true;
    let mut parts = Vec::new();
    for line in &extraction.vat_breakdown {
        let hundred = Decimal::ONE_HUNDRED;
        let Some(expected) =
            line.basis.as_decimal().checked_mul(line.rate.as_decimal()).and_then(|p| p.checked_div(hundred))
        else {
            continue;
        };
        let expected = Amount::from_decimal(expected).round_cents();
        let n_items = extraction.line_items.iter().filter(|item| item.vat_rate == Some(line.rate)).count();
        let tolerance = Decimal::new(1, 2).max(Decimal::new(5, 3) * Decimal::from(n_items));
        let Some(difference) = line.tax.as_decimal().checked_sub(expected.as_decimal()) else {
            continue;
        };
        let line_ok = difference.abs() <= tolerance;
        passed &= line_ok;
        let (rate, basis, tax) = (line.rate, line.basis, line.tax);
        parts.push(if line_ok {
            format!("{rate} % of {basis} = {tax}")
        } else {
            format!("{rate} % of {basis} = {expected}, but the tax is {tax}")
        });
    }
    if !parts.is_empty() {
        extraction.check(VAT_BREAKDOWN_ARITHMETIC, passed, parts.join("; "));
    }
}

fn check_dates(extraction: &mut Extraction) {
    let plausible = |(year, month, day): (i32, u32, u32)| NaiveDate::from_ymd_opt(year, month, day);
    let (Some(earliest), Some(latest)) = (plausible(EARLIEST_PLAUSIBLE), plausible(LATEST_PLAUSIBLE)) else {
        return;
    };
    let mut passed = true;
    let mut parts = Vec::new();
    for name in ["issue_date", "due_date"] {
        let Some(value) = text_of(extraction, name) else {
            continue;
        };
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(date) => {
                let in_range = (earliest..=latest).contains(&date);
                passed &= in_range;
                let verdict = if in_range { "" } else { " (not between 1990 and 2100)" };
                parts.push(format!("{name} {date}{verdict}"));
            }
            Err(_) => {
                passed = false;
                parts.push(format!("{name}: not a YYYY-MM-DD date"));
            }
        }
    }
    if parts.is_empty() {
        return;
    }
    extraction.check(DATES_PLAUSIBLE, passed, parts.join("; "));
    let issue = text_of(extraction, "issue_date").and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
    let due = text_of(extraction, "due_date").and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
    if let (Some(issue), Some(due)) = (issue, due) {
        let passed = due >= issue;
        let relation = if passed { ">=" } else { "<" };
        extraction.check(DUE_AFTER_ISSUE, passed, format!("due_date {due} {relation} issue_date {issue}"));
    }
}

/// What is left to pay cannot exceed the invoice total, unless something was added
/// after it (nothing in EN 16931 is, beyond a rounding of a cent).
fn check_amount_due(extraction: &mut Extraction) {
    let (Some(due), Some(incl)) = (amount_of(extraction, "amount_due"), amount_of(extraction, "total_incl_vat")) else {
        return;
    };
    if due <= Amount::ZERO || incl <= Amount::ZERO {
        return;
    }
    let passed = due.round_cents() <= incl.round_cents();
    let relation = if passed { "<=" } else { ">" };
    extraction.check(AMOUNT_DUE_CONSISTENT, passed, format!("amount due {due} {relation} total with VAT {incl}"));
}

/// Sums that a hostile document could make overflow are skipped rather than panicking.
fn checked_add(a: Amount, b: Amount) -> Option<Amount> {
    a.as_decimal().checked_add(b.as_decimal()).map(Amount::from_decimal)
}

fn checked_sum(amounts: impl Iterator<Item = Amount>) -> Option<Amount> {
    amounts.into_iter().try_fold(Amount::ZERO, checked_add)
}

#[cfg(test)]
mod tests;
