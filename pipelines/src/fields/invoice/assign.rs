//! Decoding: from scored (field, candidate) pairs to one value per field.
//!
//! Each field takes its best candidate when the model's probability reaches the field's
//! threshold (chosen on the generator's validation split, never on evaluation data).
//! Fields that cannot share a value (seller and buyer VAT ids, invoice number and order
//! reference) are assigned together, best first. The three totals are chosen jointly:
//! among the top candidates of each, a combination where `excl + vat = incl` to the cent
//! gets a bonus, so arithmetic breaks near ties but never overrides a confident model.

use liasse_core::{Amount, VatLine};
use rust_decimal::Decimal;

use super::candidates::{Candidate, Found, Kind};
use super::features::FIELDS;
use super::stats::is_tax;

/// The value chosen for a field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub candidate: usize,
    /// The model's probability for that candidate.
    pub confidence: f32,
}

/// Groups of fields that never share a value.
const EXCLUSIVE: &[&[&str]] = &[
    &["seller_name", "buyer_name"],
    &["seller_vat_id", "buyer_vat_id"],
    &["seller_legal_id", "buyer_legal_id"],
    &["invoice_number", "order_reference", "buyer_reference"],
];
const TOTALS: [&str; 3] = ["total_excl_vat", "total_vat", "total_incl_vat"];
/// How much more a consistent set of totals counts: a factor of 20 on the joint odds.
/// `excl + vat = incl` to the cent is strong evidence: an amount that is the sum of
/// the net total and the VAT is the gross total, whatever label it carries.
const CONSISTENCY_BONUS: f32 = 2.995_732_3; // ln 20
const TOP_K: usize = 3;

fn field_idx(name: &str) -> usize {
    FIELDS.iter().position(|f| f.name == name).unwrap_or(0)
}

/// Chooses a value per field. `scores[field]` lists (candidate, probability), best first.
pub fn decode(found: &Found, scores: &[Vec<(usize, f32)>], thresholds: &[f32]) -> Vec<Option<Choice>> {
    let mut choices: Vec<Option<Choice>> = vec![None; FIELDS.len()];
    let mut done = vec![false; FIELDS.len()];
    for group in EXCLUSIVE {
        let fields: Vec<usize> = group.iter().map(|name| field_idx(name)).collect();
        // All (field, candidate) pairs above threshold, best first; each value once.
        let mut pairs: Vec<(usize, usize, f32)> = fields
            .iter()
            .flat_map(|&f| scores[f].iter().filter(move |(_, p)| *p >= thresholds[f]).map(move |&(c, p)| (f, c, p)))
            .collect();
        pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
        let mut used_values: Vec<&str> = Vec::new();
        for (f, c, p) in pairs {
            let value = found.candidates[c].value.as_str();
            if choices[f].is_none() && !used_values.contains(&value) {
                choices[f] = Some(Choice { candidate: c, confidence: p });
                used_values.push(value);
            }
        }
        fields.iter().for_each(|&f| done[f] = true);
    }
    let totals: Vec<usize> = TOTALS.iter().map(|name| field_idx(name)).collect();
    totals.iter().for_each(|&f| done[f] = true);
    for (f, scored) in scores.iter().enumerate() {
        if !done[f] {
            choices[f] = scored
                .first()
                .filter(|(_, p)| *p >= thresholds[f])
                .map(|&(c, p)| Choice { candidate: c, confidence: p });
        }
    }
    let joint =
        decode_totals(found, &totals.iter().map(|&f| (scores[f].as_slice(), thresholds[f])).collect::<Vec<_>>());
    for (slot, &f) in joint.into_iter().zip(&totals) {
        choices[f] = slot;
    }
    choices
}

/// The best of each total's top candidates (or none), jointly.
fn decode_totals(found: &Found, fields: &[(&[(usize, f32)], f32)]) -> Vec<Option<Choice>> {
    let options: Vec<Vec<(Option<Choice>, f32)>> =
        fields.iter().map(|(scored, threshold)| options(found, scored, *threshold)).collect();
    let amount =
        |choice: &Option<Choice>| choice.and_then(|c| found.candidates[c.candidate].amount).map(|a| a.as_decimal());
    let mut best: (f32, Vec<Option<Choice>>) = (f32::NEG_INFINITY, vec![None; fields.len()]);
    for (excl, s_excl) in &options[0] {
        for (vat, s_vat) in &options[1] {
            for (incl, s_incl) in &options[2] {
                let mut score = s_excl + s_vat + s_incl;
                if let (Some(e), Some(v), Some(i)) = (amount(excl), amount(vat), amount(incl))
                    && (e + v - i).abs() <= Decimal::new(1, 2)
                {
                    score += CONSISTENCY_BONUS;
                }
                if score > best.0 {
                    best = (score, vec![*excl, *vat, *incl]);
                }
            }
        }
    }
    best.1
}

/// A field's options: its top candidates with distinct amounts, and "absent". Scores are
/// log-odds against the threshold, so alone each field decides exactly as `p >= t`.
fn options(found: &Found, scored: &[(usize, f32)], threshold: f32) -> Vec<(Option<Choice>, f32)> {
    let t = threshold.clamp(0.01, 0.99);
    let p_top = scored.first().map_or(0.0, |s| s.1);
    let mut out = vec![(None, ((1.0 - p_top).max(1e-6) / (1.0 - t)).ln())];
    let mut seen: Vec<Amount> = Vec::new();
    for &(c, p) in scored {
        let Some(amount) = found.candidates[c].amount else { continue };
        if seen.contains(&amount) {
            continue;
        }
        seen.push(amount);
        out.push((Some(Choice { candidate: c, confidence: p }), (p.max(1e-6) / t).ln()));
        if seen.len() == TOP_K {
            break;
        }
    }
    out
}

/// The VAT breakdown printed as a table: lines that hold a rate and two amounts where
/// one is the rate of the other. Kept when its sums agree with the totals found.
pub fn vat_breakdown(found: &Found, total_excl: Option<Amount>, total_vat: Option<Amount>) -> Vec<VatLine> {
    let mut lines: Vec<VatLine> = Vec::new();
    for (page_idx, line_idx, rate) in &found.rates {
        let amounts: Vec<&Candidate> = found
            .candidates
            .iter()
            .filter(|c| c.kind == Kind::Amount && c.page_idx == *page_idx && c.line_idx == *line_idx)
            .collect();
        let r = rate.rate.as_decimal();
        let pair = amounts.iter().enumerate().find_map(|(i, basis)| {
            amounts.iter().skip(i + 1).find_map(|tax| {
                let (b, t) = (basis.amount?, tax.amount?);
                if is_tax(b.as_decimal(), r, t.as_decimal()) {
                    Some((b, t))
                } else if is_tax(t.as_decimal(), r, b.as_decimal()) {
                    Some((t, b))
                } else {
                    None
                }
            })
        });
        if let Some((basis, tax)) = pair {
            let line = VatLine { rate: Amount::from_decimal(r.round_dp(2)), basis, tax };
            if !lines.iter().any(|l| l.rate == line.rate && l.basis == line.basis && l.tax == line.tax) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        return lines;
    }
    let basis_sum: Amount = lines.iter().map(|l| l.basis).sum();
    let tax_sum: Amount = lines.iter().map(|l| l.tax).sum();
    let agrees = |total: Option<Amount>, sum: Amount| total.is_some_and(|t| t.agrees_with(sum));
    let any_total = total_excl.is_some() || total_vat.is_some();
    if !any_total || agrees(total_excl, basis_sum) || agrees(total_vat, tax_sum) { lines } else { Vec::new() }
}
