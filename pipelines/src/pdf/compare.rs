//! Does the visible page of a Factur-X/ZUGFeRD PDF say what its embedded XML says?
//!
//! The XML is the invoice in law and stays the source of every field. But a PDF whose
//! page shows another seller, number, date or total than its XML is either broken or
//! forged, and a person should look at it. The page is read by the same field extractor
//! as any PDF, and five fields are compared: `seller_name` (loosely: the page may print
//! a trade name beside the legal one), `invoice_number`, `issue_date`,
//! `total_incl_vat` and `total_excl_vat`. A value the page does not show is not a
//! disagreement: only values found on both sides are compared.

use liasse_core::{Amount, Extraction};

use crate::fields::invoice::candidates::compact_id;
use crate::fields::invoice::tokens::fold;

/// Rule name prefix of the checks: `page_matches_xml:invoice_number`.
pub const RULE: &str = "page_matches_xml";

/// The fields compared, in the order checks are recorded.
const COMPARED: [&str; 5] = ["seller_name", "invoice_number", "issue_date", "total_incl_vat", "total_excl_vat"];

/// Review reason when the page shows none of the compared fields.
pub const NOTHING_TO_COMPARE: &str =
    "the visible page of this Factur-X/ZUGFeRD PDF shows none of the seller, number, date or totals of its XML";

/// Records one check per field found both in the XML (`xml`) and on the page (`page`);
/// a disagreement asks for review.
pub fn page_matches_xml(xml: &mut Extraction, page: &Extraction) {
    let mut n_compared = 0;
    for field in COMPARED {
        let (Some(expected), Some(seen)) =
            (xml.field(field).and_then(|f| f.as_str()), page.field(field).and_then(|f| f.as_str()))
        else {
            continue;
        };
        n_compared += 1;
        let passed = agree(field, expected, seen);
        let (expected, seen) = (expected.to_owned(), seen.to_owned());
        let relation = if passed { "matches" } else { "differs from" };
        xml.check(&format!("{RULE}:{field}"), passed, format!("page {seen:?} {relation} XML {expected:?}"));
    }
    if n_compared == 0 && COMPARED.iter().any(|f| xml.field(f).is_some()) {
        xml.review(NOTHING_TO_COMPARE);
    }
}

/// Whether two values of a field agree: amounts to the cent, dates exactly, numbers
/// without separators, names loosely.
pub fn agree(field: &str, a: &str, b: &str) -> bool {
    match field {
        "total_incl_vat" | "total_excl_vat" => match (Amount::parse_canonical(a), Amount::parse_canonical(b)) {
            (Ok(a), Ok(b)) => a.agrees_with(b),
            _ => false,
        },
        "issue_date" => a == b,
        "seller_name" => names_agree(a, b),
        _ => compact_id(a) == compact_id(b),
    }
}

fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Equal after folding and without punctuation, nearly equal (an edit ratio of 0.8), or
/// one the other's words in order with the shorter at least a third of the longer
/// ("Lieferant GmbH" in "Lieferant GmbH Niederlassung Süd", but not "GmbH" alone).
fn names_agree(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (ja, jb) = (a.join(" "), b.join(" "));
    if ja == jb {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (ja.chars().collect(), jb.chars().collect());
    let longest = ca.len().max(cb.len());
    if 1.0 - crate::edit_distance::levenshtein(&ca, &cb) as f64 / longest as f64 >= 0.8 {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let contained = long.windows(short.len()).any(|window| window == short.as_slice());
    contained && short.join(" ").chars().count() * 3 >= long.join(" ").chars().count()
}

#[cfg(test)]
mod tests {
    use liasse_core::{DocClass, Field, Provenance, Source};

    use super::*;

    fn extraction(fields: &[(&str, &str)]) -> Extraction {
        let mut extraction = Extraction::new(DocClass::Invoice, 1.0, Source::EmbeddedXml);
        for (name, value) in fields {
            extraction.set_field(name, Field::exact(*value, Provenance::default()));
        }
        extraction
    }

    #[test]
    fn agreeing_and_disagreeing_values() {
        let mut xml = extraction(&[
            ("seller_name", "Lieferant GmbH"),
            ("invoice_number", "FA-2024-0050"),
            ("total_incl_vat", "882.47"),
        ]);
        let page = extraction(&[
            ("seller_name", "LIEFERANT GmbH."),
            ("invoice_number", "FA 2024 0050"),
            ("total_incl_vat", "882.74"),
        ]);
        page_matches_xml(&mut xml, &page);
        let results: Vec<(&str, bool)> = xml.checks.iter().map(|c| (c.rule.as_str(), c.passed)).collect();
        assert_eq!(
            results,
            [
                ("page_matches_xml:seller_name", true),
                ("page_matches_xml:invoice_number", true),
                ("page_matches_xml:total_incl_vat", false)
            ]
        );
        assert!(xml.needs_review);
        assert!(xml.checks[2].detail.contains("882.74") && xml.checks[2].detail.contains("882.47"));
    }

    #[test]
    fn missing_page_values_are_not_disagreements() {
        let mut xml = extraction(&[("invoice_number", "471102")]);
        page_matches_xml(&mut xml, &extraction(&[("invoice_number", "471102")]));
        assert!(!xml.needs_review);
        let mut xml = extraction(&[("invoice_number", "471102")]);
        page_matches_xml(&mut xml, &extraction(&[]));
        assert!(xml.checks.is_empty());
        assert_eq!(xml.review_reasons, [NOTHING_TO_COMPARE]);
    }

    #[test]
    fn names_agree_loosely_but_not_on_a_legal_form_alone() {
        assert!(names_agree("Lieferant GmbH", "Lieferant GmbH Niederlassung Süd"));
        assert!(names_agree("Atelier Verdier SARL", "ATELIER VERDIER"));
        assert!(!names_agree("GmbH", "Kunden AG Mitte GmbH"));
        assert!(!names_agree("Lieferant GmbH", "Kunden AG Mitte"));
    }
}
