//! Features of a candidate's value itself, by kind: the magnitude and arithmetic of an
//! amount, the order of a date, the shape of a reference, the checksum of an
//! identifier, the look of a name or an address. Every group is written for every
//! candidate (zeros when the kind differs), so rows always have the same columns.

use rust_decimal::prelude::ToPrimitive;

use super::candidates::{Candidate, Kind};
use super::features::{DocInfo, Writer};
use super::tokens::{LineView, fold, tokens, x_overlap};

/// Legal forms of companies, folded, as they end a company name.
const LEGAL_FORMS: &[&str] = &[
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "gbr",
    "kgaa",
    "mbh",
    "ek",
    "sarl",
    "sas",
    "sasu",
    "sa",
    "eurl",
    "sci",
    "snc",
    "selarl",
    "scop",
    "ltd",
    "limited",
    "llc",
    "llp",
    "inc",
    "corp",
    "corporation",
    "plc",
    "co",
    "company",
    "bv",
    "nv",
    "vof",
    "srl",
    "spa",
    "sl",
    "slu",
    "as",
    "ab",
    "oy",
    "aps",
    "sprl",
    "bvba",
    "cv",
    "pvt",
    "lp",
    "gie",
    "association",
    "verein",
    "ev",
    "stiftung",
    "group",
    "groupe",
    "gruppe",
    "holding",
    "partners",
    "associates",
    "services",
];

/// Street words, folded, in the languages read (and German compounds' endings).
const STREET_WORDS: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "bd",
    "boulevard",
    "chemin",
    "allee",
    "place",
    "impasse",
    "route",
    "quai",
    "cours",
    "strasse",
    "str",
    "weg",
    "platz",
    "gasse",
    "ring",
    "damm",
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "ln",
    "ave",
    "drive",
    "dr",
    "way",
    "court",
    "laan",
    "straat",
    "plein",
    "gracht",
    "kade",
    "dijk",
    "via",
    "viale",
    "piazza",
    "corso",
    "calle",
    "avenida",
    "plaza",
    "paseo",
    "ul",
    "ulica",
    "aleja",
    "al",
    "postfach",
    "bp",
    "cs",
    "po",
    "box",
    "suite",
    "floor",
];
const STREET_ENDINGS: &[&str] = &[
    "strasse", "str", "weg", "platz", "allee", "gasse", "ring", "damm", "straat", "laan", "plein", "gracht", "dijk",
    "kade",
];

pub(crate) fn write(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate, order: usize) {
    amount(w, info, c);
    date(w, info, c);
    reference(w, info, c);
    identifier(w, info, c, order);
    name(w, info, c);
    address(w, info, c);
}

fn amount(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let value = c.amount.map(|a| a.as_decimal()).unwrap_or_default();
    let is = c.kind == Kind::Amount;
    let magnitude = value.abs().to_f64().unwrap_or(0.0);
    let rank = info.stats.amount_rank(value);
    let n = info.stats.amounts_desc.len().max(1);
    let max = info.stats.amounts_desc.first().and_then(|m| m.to_f64()).unwrap_or(1.0).max(0.01);
    let rel = info.stats.relations(value);
    w.put("amount_log", if is { (magnitude + 1.0).log10() as f32 } else { 0.0 });
    w.flag("amount_negative", is && value.is_sign_negative() && !value.is_zero());
    w.put("amount_decimals", if is { f32::from(c.detail) } else { 0.0 });
    w.flag("amount_currency", is && c.currency.is_some());
    w.put("amount_rank", if is { rank.map_or(20.0, |r| r.min(20) as f32) } else { 0.0 });
    w.put("amount_rank_rel", if is { rank.map_or(1.0, |r| r as f32 / n as f32) } else { 0.0 });
    w.flag("amount_is_max", is && rank == Some(0));
    w.put("amount_ratio_to_max", if is { (magnitude / max) as f32 } else { 0.0 });
    w.put("amount_n_distinct", if is { n.min(50) as f32 } else { 0.0 });
    w.flag("amount_sum_of_two", is && rel.is_sum_of_two);
    w.flag("amount_addend", is && rel.is_addend);
    w.flag("amount_tax_of_another", is && rel.is_tax_of_another);
    w.flag("amount_basis_of_another", is && rel.is_basis_of_another);
    w.flag("amount_triple_incl", is && rel.triple_incl);
    w.flag("amount_triple_excl", is && rel.triple_excl);
    w.flag("amount_triple_vat", is && rel.triple_vat);
    let amounts_here = || info.found.candidates.iter().filter(|o| o.kind == Kind::Amount && o.page_idx == c.page_idx);
    let rightmost = is && !amounts_here().any(|o| o.line_idx == c.line_idx && o.bbox[0] > c.bbox[0]);
    w.flag("amount_rightmost_on_line", rightmost);
    let below = amounts_here().filter(|o| o.line_idx > c.line_idx && (o.bbox[2] - c.bbox[2]).abs() < 15.0).count();
    w.put("amount_below_same_column", if is { below.min(10) as f32 } else { 0.0 });
    let later = info
        .found
        .candidates
        .iter()
        .any(|o| o.kind == Kind::Amount && (o.page_idx, o.line_idx) > (c.page_idx, c.line_idx));
    w.flag("amount_last_in_doc", is && !later);
    let rate_here = info.found.rates.iter().any(|(p, l, _)| *p == c.page_idx && *l == c.line_idx);
    w.flag("amount_rate_on_line", is && rate_here);
}

fn date(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let dates = &info.stats.dates;
    let (Some(date), Some(first), Some(last)) = (c.date, dates.first(), dates.last()) else {
        for name in [
            "date_earliest",
            "date_latest",
            "date_rank_rel",
            "date_n_distinct",
            "date_months_after_first",
            "date_months_before_last",
            "date_named_month",
        ] {
            w.put(name, 0.0);
        }
        return;
    };
    let rank = info.stats.date_rank(date).unwrap_or(0);
    let months = |days: i64| (days as f32 / 30.0).min(12.0);
    w.flag("date_earliest", date == *first);
    w.flag("date_latest", date == *last);
    w.put("date_rank_rel", rank as f32 / dates.len().max(1) as f32);
    w.put("date_n_distinct", dates.len().min(10) as f32);
    w.put("date_months_after_first", months((date - *first).num_days()));
    w.put("date_months_before_last", months((*last - date).num_days()));
    w.flag("date_named_month", c.detail == 1);
}

fn reference(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let is = c.kind == Kind::Reference;
    let v = if is { c.value.as_str() } else { "" };
    let n = v.chars().count().max(1) as f32;
    let n_digits = v.chars().filter(char::is_ascii_digit).count();
    let n_alpha = v.chars().filter(|ch| ch.is_alphabetic()).count();
    w.put("ref_len", (v.chars().count()).min(40) as f32);
    w.put("ref_n_digits", n_digits.min(30) as f32);
    w.put("ref_n_alpha", n_alpha.min(30) as f32);
    w.put("ref_digit_frac", if is { n_digits as f32 / n } else { 0.0 });
    w.flag("ref_dash", v.contains('-'));
    w.flag("ref_slash", v.contains('/'));
    w.flag("ref_dot", v.contains('.'));
    w.flag("ref_underscore", v.contains('_'));
    w.flag("ref_all_digits", is && n_alpha == 0 && !v.contains(['-', '/', '.', '_']));
    w.flag("ref_starts_alpha", v.starts_with(|ch: char| ch.is_alphabetic()));
    w.flag("ref_has_lower", v.chars().any(char::is_lowercase));
    let year_like = v
        .as_bytes()
        .windows(4)
        .any(|win| (win.starts_with(b"19") || win.starts_with(b"20")) && win.iter().all(u8::is_ascii_digit));
    w.flag("ref_year_like", year_like);
    w.flag("ref_glued_label", is && c.detail == 1);
    let line = info.doc.line(c.page_idx, c.line_idx);
    let next_capitalised =
        is && line.words().get(c.words.end).is_some_and(|word| word.text.starts_with(char::is_uppercase));
    w.flag("ref_next_word_capitalised", next_capitalised);
    let prev_hash = is && c.words.start > 0 && line.words()[c.words.start - 1].text.ends_with(['#', '°', 'º']);
    w.flag("ref_after_number_sign", prev_hash || (is && line.words()[c.words.start].text.starts_with('#')));
}

fn identifier(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate, order: usize) {
    let is = matches!(c.kind, Kind::VatId | Kind::LegalId | Kind::Iban | Kind::Bic);
    let n_same = info.found.candidates.iter().filter(|o| o.kind == c.kind).count();
    // A VAT id's check digits are not a feature: specimen invoices print made-up ids
    // (`DE123456789`) that must still be read, and `checks` reports the key anyway.
    let validity = if c.kind == Kind::VatId { None } else { c.valid };
    w.put("id_valid", if is { validity.map_or(0.5, |v| if v { 1.0 } else { 0.0 }) } else { 0.0 });
    w.flag("id_siret", c.kind == Kind::LegalId && c.detail == 1);
    w.put("id_order", if is { order.min(5) as f32 } else { 0.0 });
    w.put("id_n_same_kind", if is { n_same.min(5) as f32 } else { 0.0 });
    let country = |o: &super::candidates::Candidate| o.value.get(..2).map(str::to_owned);
    let iban_country = info.found.candidates.iter().find(|o| o.kind == Kind::Iban).and_then(country);
    w.flag("id_country_matches_iban", c.kind == Kind::VatId && iban_country.is_some() && country(c) == iban_country);
}

fn has_legal_form(value: &str) -> bool {
    let toks = tokens(value);
    let joined = toks.join(" ");
    toks.iter().any(|t| LEGAL_FORMS.contains(&t.as_str()))
        || joined.contains("e k")
        || joined.contains("sp z o o")
        || joined.contains("s a")
}

/// A line below `line` in the same column, within two line heights of the one above it.
fn below<'a>(info: &'a DocInfo<'_>, c: &Candidate, x: (f32, f32), n: usize) -> Vec<&'a LineView<'a>> {
    let page = &info.doc.pages[c.page_idx];
    let mut bottom = c.bbox[3];
    let mut out = Vec::new();
    for next in page.lines.iter().skip(c.line_idx + 1).take(6) {
        if next.line.bbox[1] - bottom > 2.0 * next.height {
            break;
        }
        if next.words().iter().any(|word| x_overlap((word.bbox[0], word.bbox[2]), x) > 0.3) {
            bottom = next.line.bbox[3];
            out.push(next);
            if out.len() == n {
                break;
            }
        }
    }
    out
}

fn name(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let is = c.kind == Kind::Name;
    let v = if is { c.value.as_str() } else { "" };
    let words: Vec<&str> = v.split_whitespace().collect();
    let page = &info.doc.pages[c.page_idx];
    let line = &page.lines[c.line_idx];
    let x = (c.bbox[0], c.bbox[2]);
    w.put("name_n_words", words.len().min(12) as f32);
    w.put("name_n_chars", (v.chars().count() as f32 / 10.0).min(8.0));
    w.flag("name_legal_form", is && has_legal_form(v));
    w.flag("name_all_caps", is && v.chars().any(char::is_alphabetic) && !v.chars().any(char::is_lowercase));
    w.flag("name_has_digit", v.chars().any(|ch| ch.is_ascii_digit()));
    w.flag("name_web_or_mail", v.contains('@') || fold(v).contains("www") || v.contains("http"));
    let title = words.iter().filter(|word| word.starts_with(char::is_uppercase)).count();
    w.put("name_title_ratio", if is { title as f32 / words.len().max(1) as f32 } else { 0.0 });
    w.flag("name_after_label", is && c.detail == 1);
    w.flag("name_before_separator", is && c.detail == 2);
    let above_close = page.lines[..c.line_idx].iter().rev().take(2).any(|prev| {
        c.bbox[1] - prev.line.bbox[3] < 1.2 * line.height
            && prev.words().iter().any(|word| x_overlap((word.bbox[0], word.bbox[2]), x) > 0.3)
    });
    w.flag("name_block_top", is && !above_close);
    let next = if is { below(info, c, x, 3) } else { Vec::new() };
    let postcode_below = next.iter().any(|l| {
        l.words().iter().any(|word| {
            let t = word.text.trim_end_matches(',');
            (t.len() == 5 || t.len() == 4) && t.bytes().all(|b| b.is_ascii_digit())
        })
    });
    w.flag("name_postcode_below", postcode_below);
    let street_below = next.first().is_some_and(|l| is_street(&l.text_of(0..l.words().len())));
    w.flag("name_street_below", street_below);
    let max_height = page.lines.iter().map(|l| l.height).fold(0.0f32, f32::max);
    w.flag("name_largest_font", is && line.height >= 0.95 * max_height);
    w.flag("name_contact_on_line", is && line.labels.iter().any(|h| h.kind == super::labels::LabelKind::Contact));
}

fn is_street(text: &str) -> bool {
    let toks = tokens(text);
    text.bytes().any(|b| b.is_ascii_digit())
        && toks.iter().any(|t| {
            STREET_WORDS.contains(&t.as_str()) || STREET_ENDINGS.iter().any(|e| t.len() > e.len() + 2 && t.ends_with(e))
        })
}

fn address(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let is = c.kind == Kind::Address;
    w.put("addr_n_lines", if is { c.n_lines as f32 } else { 0.0 });
    for style in 1..=7u8 {
        w.flag(ADDRESS_STYLES[usize::from(style) - 1], is && c.detail == style);
    }
    let first_part = if is { c.value.split(", ").next().unwrap_or_default() } else { "" };
    w.flag("addr_street_word", is && is_street(first_part));
    w.flag("addr_street_digit", first_part.bytes().any(|b| b.is_ascii_digit()));
    w.put("addr_n_parts", if is { c.value.split(", ").count().min(5) as f32 } else { 0.0 });
    let page = &info.doc.pages[c.page_idx];
    let top_line =
        (0..=c.line_idx).rev().find(|&i| page.lines[i].line.bbox[1] <= c.bbox[1] + 0.5).unwrap_or(c.line_idx);
    let name_above = is && top_line > 0 && {
        let previous = &page.lines[top_line - 1];
        (0..previous.segments.len()).any(|s| {
            x_overlap(previous.segment_x(s), (c.bbox[0], c.bbox[2])) > 0.3
                && has_legal_form(&previous.text_of(previous.segments[s].clone()))
        })
    };
    w.flag("addr_company_above", name_above);
}

const ADDRESS_STYLES: [&str; 7] = [
    "addr_postcode_first",
    "addr_prefixed",
    "addr_four_digits",
    "addr_dashed",
    "addr_british",
    "addr_american",
    "addr_indian",
];
