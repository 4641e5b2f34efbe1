//! What a candidate's value says in relation to the other values of the document:
//! the arithmetic of amounts (a total is the sum of two others, a VAT amount is a rate
//! of another), the order of dates, and how often a value repeats.
//!
//! All money arithmetic is decimal (`rust_decimal`): these relations are exact to the
//! cent, which is what makes them strong evidence.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::candidates::{Candidate, Found, Kind};
use super::tokens::fold;

/// VAT and sales-tax rates common in the countries the extractor reads, used when the
/// document prints none.
const STANDARD_RATES: &[&str] =
    &["20", "19", "21", "10", "7", "5.5", "2.1", "6", "9", "22", "23", "8", "5", "12", "18", "25", "13", "4", "3"];

/// Roles an amount can play in `excl + vat = incl` with `vat = excl × rate`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AmountRelations {
    pub is_sum_of_two: bool,
    pub is_addend: bool,
    pub is_tax_of_another: bool,
    pub is_basis_of_another: bool,
    pub triple_incl: bool,
    pub triple_excl: bool,
    pub triple_vat: bool,
}

/// Document-wide facts, computed once.
#[derive(Debug, Default)]
pub struct Stats {
    /// Distinct positive amounts, largest first.
    pub amounts_desc: Vec<Decimal>,
    pub relations: BTreeMap<Decimal, AmountRelations>,
    /// Distinct dates, earliest first.
    pub dates: Vec<NaiveDate>,
    /// How many candidates share a value, by kind and folded value.
    pub counts: BTreeMap<(u8, String), usize>,
}

fn kind_key(kind: Kind) -> u8 {
    kind as u8
}

fn rate(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

/// Rounds to the cent, half away from zero, as invoices do.
fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Whether `tax` is `basis × rate %` rounded to the cent, give or take a cent.
pub fn is_tax(basis: Decimal, rate: Decimal, tax: Decimal) -> bool {
    let computed = round_cents(basis * rate / Decimal::ONE_HUNDRED);
    (computed - tax).abs() <= Decimal::new(1, 2) && tax > Decimal::ZERO
}

impl Stats {
    pub fn new(found: &Found) -> Self {
        let mut stats = Stats::default();
        let positive: BTreeSet<Decimal> = found
            .candidates
            .iter()
            .filter_map(|c| c.amount)
            // Magnitudes: a credit note printed in negative amounts adds up the same way.
            .map(|a| a.as_decimal().abs().normalize())
            .filter(|a| *a > Decimal::ZERO)
            .collect();
        stats.amounts_desc = positive.iter().rev().copied().collect();
        let mut rates: BTreeSet<Decimal> = found
            .rates
            .iter()
            .map(|(_, _, r)| r.rate.as_decimal().normalize())
            .filter(|r| *r > Decimal::ZERO)
            .collect();
        rates.extend(STANDARD_RATES.iter().map(|r| rate(r)));
        // Bounded: a listing with thousands of amounts is not worth n² work.
        let values: Vec<Decimal> = positive.iter().rev().take(120).copied().collect();
        let set: BTreeSet<Decimal> = values.iter().copied().collect();
        // Every `amount × rate` of the document, to the cent: a VAT amount is one of them.
        let cent = Decimal::new(1, 2);
        let taxes_of = |basis: Decimal| rates.iter().map(move |r| round_cents(basis * r / Decimal::ONE_HUNDRED));
        let near = |set: &BTreeSet<Decimal>, x: Decimal| {
            set.contains(&x) || set.contains(&(x - cent)) || set.contains(&(x + cent))
        };
        let mut computed_taxes: BTreeMap<Decimal, BTreeSet<Decimal>> = BTreeMap::new();
        for &basis in &values {
            for tax in taxes_of(basis).filter(|t| *t > Decimal::ZERO) {
                computed_taxes.entry(tax).or_default().insert(basis);
            }
        }
        for &v in &values {
            let mut rel = AmountRelations::default();
            for &a in &values {
                if a < v && set.contains(&(v - a)) {
                    rel.is_sum_of_two = true;
                }
                if set.contains(&(v + a)) {
                    rel.is_addend = true;
                }
            }
            rel.is_tax_of_another = [v - cent, v, v + cent]
                .iter()
                .any(|t| computed_taxes.get(t).is_some_and(|bases| bases.iter().any(|b| *b != v)));
            rel.is_basis_of_another = taxes_of(v).any(|t| t != v && t > Decimal::ZERO && near(&set, t));
            stats.relations.insert(v, rel);
        }
        // excl + vat = incl, with vat = excl × rate.
        for &excl in &values {
            for &vat in values.iter().filter(|t| **t < excl) {
                let incl = excl + vat;
                if !set.contains(&incl) || !rates.iter().any(|r| is_tax(excl, *r, vat)) {
                    continue;
                }
                for (value, mark) in [(incl, 0), (excl, 1), (vat, 2)] {
                    if let Some(rel) = stats.relations.get_mut(&value) {
                        match mark {
                            0 => rel.triple_incl = true,
                            1 => rel.triple_excl = true,
                            _ => rel.triple_vat = true,
                        }
                    }
                }
            }
        }
        let dates: BTreeSet<NaiveDate> = found.candidates.iter().filter_map(|c| c.date).collect();
        stats.dates = dates.into_iter().collect();
        for candidate in &found.candidates {
            *stats.counts.entry((kind_key(candidate.kind), count_key(candidate))).or_default() += 1;
        }
        stats
    }

    pub fn relations(&self, amount: Decimal) -> AmountRelations {
        self.relations.get(&amount.abs().normalize()).copied().unwrap_or_default()
    }

    /// How many candidates of the same kind have this value (itself included).
    pub fn count(&self, candidate: &Candidate) -> usize {
        self.counts.get(&(kind_key(candidate.kind), count_key(candidate))).copied().unwrap_or(1)
    }

    /// Rank of an amount among the distinct positive amounts, 0 for the largest.
    pub fn amount_rank(&self, amount: Decimal) -> Option<usize> {
        let amount = amount.abs().normalize();
        self.amounts_desc.iter().position(|a| *a == amount)
    }

    pub fn date_rank(&self, date: NaiveDate) -> Option<usize> {
        self.dates.iter().position(|d| *d == date)
    }
}

fn count_key(candidate: &Candidate) -> String {
    match candidate.kind {
        Kind::Amount => candidate.amount.map(|a| a.as_decimal().abs().normalize().to_string()).unwrap_or_default(),
        Kind::Name | Kind::Address => fold(&candidate.value).split_whitespace().collect::<Vec<_>>().join(" "),
        _ => candidate.value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().expect("decimal")
    }

    #[test]
    fn tax_is_a_rate_of_the_basis_to_the_cent() {
        assert!(is_tax(d("4628.80"), d("20"), d("925.76")));
        assert!(is_tax(d("2870.70"), d("19"), d("545.43")));
        assert!(!is_tax(d("2870.70"), d("19"), d("545.50")));
    }
}
