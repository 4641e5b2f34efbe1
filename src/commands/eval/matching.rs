//! Matching a predicted field value against the expected one, by field type, after
//! normalisation (the rules of `shared/eval/README.md`, approximated where the reference
//! scorer uses Python's difflib).

use rust_decimal::Decimal;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const IDENTIFIERS: &[&str] = &[
    "invoice_number",
    "type_code",
    "currency",
    "seller_vat_id",
    "seller_legal_id",
    "buyer_vat_id",
    "buyer_legal_id",
    "iban",
    "bic",
    "order_reference",
    "buyer_reference",
    "message_id",
    "term",
    "termination_notice",
];
const DATES: &[&str] = &["issue_date", "due_date", "effective_date"];
const AMOUNTS: &[&str] = &["total_excl_vat", "total_vat", "total_incl_vat", "amount_due", "contract_value"];
const ADDRESS_LISTS: &[&str] = &["to", "cc"];

/// (true positives, false positives, false negatives) for one expected field.
pub fn score_field(name: &str, expected: &Value, predicted: Option<&Value>) -> (usize, usize, usize) {
    if let Some(items) = expected.as_array() {
        return score_list(name, items, predicted.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default());
    }
    match predicted {
        None => (0, 0, 1),
        Some(p) if matches(name, expected, p) => (1, 0, 0),
        Some(_) => (0, 1, 1),
    }
}

/// Lists are matched item by item, one to one.
fn score_list(name: &str, expected: &[Value], predicted: &[Value]) -> (usize, usize, usize) {
    let mut used = vec![false; predicted.len()];
    let mut tp = 0;
    for item in expected {
        if let Some(index) = (0..predicted.len()).find(|&i| !used[i] && matches(name, item, &predicted[i])) {
            used[index] = true;
            tp += 1;
        }
    }
    let fp = used.iter().filter(|u| !**u).count();
    (tp, fp, expected.len() - tp)
}

fn matches(name: &str, expected: &Value, predicted: &Value) -> bool {
    if name == "attachments" {
        return attachment_matches(expected, predicted);
    }
    let (Some(e), Some(p)) = (as_text(expected), as_text(predicted)) else { return false };
    if IDENTIFIERS.contains(&name) {
        identifier(&e) == identifier(&p)
    } else if DATES.contains(&name) {
        e.trim() == p.trim()
    } else if AMOUNTS.contains(&name) {
        match (e.trim().parse::<Decimal>(), p.trim().parse::<Decimal>()) {
            (Ok(a), Ok(b)) => (a - b).abs() <= Decimal::new(1, 2),
            _ => false,
        }
    } else if name == "from" || ADDRESS_LISTS.contains(&name) {
        bare_address(&e) == bare_address(&p)
    } else if name == "date" {
        match (chrono::DateTime::parse_from_rfc3339(e.trim()), chrono::DateTime::parse_from_rfc3339(p.trim())) {
            (Ok(a), Ok(b)) => a == b,
            _ => e.trim() == p.trim(),
        }
    } else {
        text_matches(&e, &p)
    }
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn identifier(text: &str) -> String {
    text.to_uppercase().chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '<' | '>')).collect()
}

fn bare_address(text: &str) -> String {
    let inner = match (text.rfind('<'), text.rfind('>')) {
        (Some(start), Some(end)) if start < end => &text[start + 1..end],
        _ => text,
    };
    inner.trim().to_lowercase()
}

/// Case-folded, accents and punctuation removed, spaces collapsed.
pub fn normalize_text(text: &str) -> String {
    let folded: String =
        text.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect::<String>().to_lowercase();
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_matches(expected: &str, predicted: &str) -> bool {
    let (a, b) = (normalize_text(expected), normalize_text(predicted));
    if a.is_empty() || b.is_empty() {
        return a == b;
    }
    if a == b || similarity(&a, &b) >= 0.8 {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    short.chars().count() * 3 >= long.chars().count() && format!(" {long} ").contains(&format!(" {short} "))
}

/// 2·LCS / (|a| + |b|): close to difflib's ratio for the short strings compared here.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() * b.len() > 4_000_000 {
        return 0.0;
    }
    let mut previous = vec![0usize; b.len() + 1];
    for x in &a {
        let mut current = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y { previous[j] + 1 } else { previous[j + 1].max(current[j]) };
        }
        previous = current;
    }
    2.0 * previous[b.len()] as f64 / (a.len() + b.len()) as f64
}

fn attachment_matches(expected: &Value, predicted: &Value) -> bool {
    let name = |v: &Value| v["filename"].as_str().map(|n| n.nfc().collect::<String>().to_lowercase());
    let same_name = match (name(expected), name(predicted)) {
        (Some(a), Some(b)) => a == b,
        (None, _) => expected["media_type"].as_str().is_some() && expected["media_type"] == predicted["media_type"],
        _ => false,
    };
    let agrees = |key: &str| expected[key].is_null() || predicted[key].is_null() || expected[key] == predicted[key];
    same_name && agrees("media_type") && agrees("size")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_field_type_has_its_rule() {
        assert_eq!(score_field("iban", &json!("FR76 3000 6000"), Some(&json!("fr7630006000"))), (1, 0, 0));
        assert_eq!(score_field("total_incl_vat", &json!("120.00"), Some(&json!("120.004"))), (1, 0, 0));
        assert_eq!(score_field("total_incl_vat", &json!("120.00"), Some(&json!("120.02"))), (0, 1, 1));
        assert_eq!(score_field("issue_date", &json!("2024-03-15"), None), (0, 0, 1));
        assert_eq!(
            score_field("seller_name", &json!("Société Générale S.A."), Some(&json!("societe generale sa"))),
            (1, 0, 0)
        );
        assert_eq!(score_field("seller_name", &json!("Lieferant GmbH"), Some(&json!("GmbH"))), (0, 1, 1));
        assert_eq!(score_field("from", &json!("a@b.example"), Some(&json!("Anne <A@B.example>"))), (1, 0, 0));
        assert_eq!(score_field("to", &json!(["a@b", "c@d"]), Some(&json!(["c@d", "x@y"]))), (1, 1, 1));
        assert_eq!(
            score_field("date", &json!("2024-03-15T10:00:00+01:00"), Some(&json!("2024-03-15T09:00:00Z"))),
            (1, 0, 0)
        );
    }
}
