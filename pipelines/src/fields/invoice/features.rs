//! Features of (field, candidate) pairs: what the model reads to score a candidate as
//! the value of a field.
//!
//! The same code computes them for training (`examples/extractor_features.rs` writes
//! them for the generator's documents) and at inference, so the two never drift. The
//! order and names are the model's interface: `names()` lists them, the training script
//! writes them with `VERSION` into `features.json`, and `model::Extractor::load` refuses a
//! model trained on other features. Change a feature: bump `VERSION` and retrain.
//!
//! Values are rounded to 1/1000 (`q`): tree thresholds then fall far from any value a
//! feature takes, so ONNX Runtime (float32) and scikit-learn (float64) split alike.

use std::collections::BTreeMap;

use liasse_core::{DocClass, Source};

use super::candidates::{Candidate, Found, Kind};
use super::labels::LabelKind;
use super::stats::Stats;
use super::tokens::{DocView, LineView, x_overlap};
use super::values;

/// Version of the feature set; part of `features.json`.
pub const VERSION: u32 = 3;

/// A field the model scores, the kind of candidate it takes, and its own labels.
#[derive(Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub own: &'static [LabelKind],
}

/// The fields the model scores, in the order of the field one-hot features.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec { name: "invoice_number", kind: Kind::Reference, own: &[LabelKind::InvoiceNumber] },
    FieldSpec { name: "issue_date", kind: Kind::Date, own: &[LabelKind::IssueDate] },
    FieldSpec { name: "due_date", kind: Kind::Date, own: &[LabelKind::DueDate] },
    FieldSpec { name: "seller_name", kind: Kind::Name, own: &[LabelKind::Seller] },
    FieldSpec { name: "seller_address", kind: Kind::Address, own: &[LabelKind::Seller, LabelKind::Address] },
    FieldSpec { name: "seller_vat_id", kind: Kind::VatId, own: &[LabelKind::VatId] },
    FieldSpec { name: "seller_legal_id", kind: Kind::LegalId, own: &[LabelKind::LegalId] },
    FieldSpec { name: "buyer_name", kind: Kind::Name, own: &[LabelKind::Buyer] },
    FieldSpec { name: "buyer_vat_id", kind: Kind::VatId, own: &[LabelKind::VatId] },
    FieldSpec { name: "buyer_legal_id", kind: Kind::LegalId, own: &[LabelKind::LegalId] },
    FieldSpec { name: "iban", kind: Kind::Iban, own: &[LabelKind::Iban] },
    FieldSpec { name: "bic", kind: Kind::Bic, own: &[LabelKind::Bic] },
    FieldSpec { name: "order_reference", kind: Kind::Reference, own: &[LabelKind::OrderRef] },
    FieldSpec { name: "buyer_reference", kind: Kind::Reference, own: &[LabelKind::BuyerRef] },
    FieldSpec { name: "total_excl_vat", kind: Kind::Amount, own: &[LabelKind::TotalExcl] },
    FieldSpec { name: "total_vat", kind: Kind::Amount, own: &[LabelKind::TotalVat] },
    FieldSpec { name: "total_incl_vat", kind: Kind::Amount, own: &[LabelKind::TotalIncl] },
    FieldSpec { name: "amount_due", kind: Kind::Amount, own: &[LabelKind::AmountDue] },
];

const N_LABELS: usize = LabelKind::ALL.len();
const MONEY_LABELS: &[LabelKind] =
    &[LabelKind::TotalExcl, LabelKind::TotalVat, LabelKind::TotalIncl, LabelKind::AmountDue];

/// Rounds a feature to 1/1000.
fn q(value: f32) -> f32 {
    if value.is_finite() { (value * 1000.0).round() / 1000.0 } else { 0.0 }
}

/// Collects feature values, and their names when asked (for `names()`).
pub(crate) struct Writer {
    pub values: Vec<f32>,
    names: Option<Vec<String>>,
}

impl Writer {
    fn new(record_names: bool) -> Self {
        Self { values: Vec::with_capacity(320), names: record_names.then(Vec::new) }
    }

    pub(crate) fn put(&mut self, name: &str, value: f32) {
        if let Some(names) = &mut self.names {
            names.push(name.to_owned());
        }
        self.values.push(q(value));
    }

    pub(crate) fn flag(&mut self, name: &str, value: bool) {
        self.put(name, if value { 1.0 } else { 0.0 });
    }

    /// A flag whose name is only built when names are recorded.
    fn flag_named(&mut self, name: impl FnOnce() -> String, value: bool) {
        if let Some(names) = &mut self.names {
            names.push(name());
        }
        self.values.push(if value { 1.0 } else { 0.0 });
    }

    /// A family of flags, one per label kind.
    fn labels(&mut self, prefix: &str, flags: &[bool; N_LABELS]) {
        for (kind, flag) in LabelKind::ALL.iter().zip(flags) {
            if let Some(names) = &mut self.names {
                names.push(format!("{prefix}_{}", kind.name()));
            }
            self.values.push(if *flag { 1.0 } else { 0.0 });
        }
    }
}

/// A document, ready for features.
pub struct DocInfo<'a> {
    pub doc: &'a DocView<'a>,
    pub found: &'a Found,
    pub stats: Stats,
    pub class: DocClass,
    pub language: Option<&'a str>,
    pub source: Source,
    /// Reading-order rank of each candidate among those of its kind.
    order: Vec<usize>,
    /// Where labels stand around each candidate.
    pub(crate) contexts: Vec<LabelContext>,
    /// What is known of each (kind, value) from all its occurrences.
    values: BTreeMap<(u8, String), ValueContext>,
    /// Distinct values of each kind.
    n_distinct: BTreeMap<u8, usize>,
}

/// What the occurrences of one value say together: a VAT id printed under the seller's
/// heading and again, unlabelled, in the footer is the seller's in both places.
#[derive(Debug, Default, Clone, Copy)]
struct ValueContext {
    seller: bool,
    buyer: bool,
    footer: bool,
    /// Rank of the value among the distinct values of its kind, in reading order.
    rank: usize,
}

impl<'a> DocInfo<'a> {
    pub fn new(
        doc: &'a DocView<'a>,
        found: &'a Found,
        class: DocClass,
        language: Option<&'a str>,
        source: Source,
    ) -> Self {
        let mut next: BTreeMap<u8, usize> = BTreeMap::new();
        let order = found
            .candidates
            .iter()
            .map(|c| {
                let slot = next.entry(c.kind as u8).or_default();
                *slot += 1;
                *slot - 1
            })
            .collect();
        let contexts: Vec<LabelContext> = found.candidates.iter().map(|c| label_context(doc, c)).collect();
        let mut values: BTreeMap<(u8, String), ValueContext> = BTreeMap::new();
        let mut n_distinct: BTreeMap<u8, usize> = BTreeMap::new();
        for (candidate, ctx) in found.candidates.iter().zip(&contexts) {
            let key = (candidate.kind as u8, value_key(candidate));
            let entry = values.entry(key).or_insert_with(|| {
                let n = n_distinct.entry(candidate.kind as u8).or_default();
                *n += 1;
                ValueContext { rank: *n - 1, ..ValueContext::default() }
            });
            entry.seller |= ctx.party.is_some_and(|(k, _)| k == LabelKind::Seller);
            entry.buyer |= ctx.party.is_some_and(|(k, _)| matches!(k, LabelKind::Buyer | LabelKind::ShipTo));
            entry.footer |= candidate.bbox[1] / doc.pages[candidate.page_idx].height > 0.85;
        }
        Self { doc, found, stats: Stats::new(found), class, language, source, order, contexts, values, n_distinct }
    }
}

fn value_key(candidate: &Candidate) -> String {
    super::candidates::compact_id(&candidate.value)
}

/// Where labels stand around a candidate.
#[derive(Debug)]
pub(crate) struct LabelContext {
    pub left: [bool; N_LABELS],
    pub nearest_left: [bool; N_LABELS],
    pub right: [bool; N_LABELS],
    pub above: [bool; N_LABELS],
    pub header: [bool; N_LABELS],
    left_gap: f32,
    above_lines: f32,
    header_lines: f32,
    /// The party block the candidate sits in (`Seller`, `Buyer`, `ShipTo`) and how many
    /// lines above its header is.
    party: Option<(LabelKind, usize)>,
}

/// The horizontal extent a candidate's column is judged by: its segment for names and
/// addresses (a header sits over the block), its own words otherwise.
fn extent(line: &LineView<'_>, candidate: &Candidate) -> (f32, f32) {
    match candidate.kind {
        Kind::Name | Kind::Address => {
            let (x0, x1) = line.segment_x(line.segment_of(candidate.words.start));
            (x0.min(candidate.bbox[0]), x1.max(candidate.bbox[2]))
        }
        _ => (candidate.bbox[0] - 2.0, candidate.bbox[2] + 2.0),
    }
}

pub(crate) fn label_context(doc: &DocView<'_>, candidate: &Candidate) -> LabelContext {
    let page = &doc.pages[candidate.page_idx];
    let line = &page.lines[candidate.line_idx];
    let mut ctx = LabelContext {
        left: [false; N_LABELS],
        nearest_left: [false; N_LABELS],
        right: [false; N_LABELS],
        above: [false; N_LABELS],
        header: [false; N_LABELS],
        left_gap: 1.0,
        above_lines: 0.0,
        header_lines: 0.0,
        party: None,
    };
    let segment = line.segment_of(candidate.words.start);
    let mut nearest: Option<&super::labels::LabelHit> = None;
    for hit in &line.labels {
        let hit_segment = line.segment_of(hit.words.start);
        if hit.words.end <= candidate.words.start && hit_segment + 1 >= segment {
            ctx.left[hit.kind.index()] = true;
            if nearest.is_none_or(|n| n.words.end < hit.words.end) {
                nearest = Some(hit);
            }
        } else if hit.words.start >= candidate.words.end && hit_segment <= segment + 1 {
            ctx.right[hit.kind.index()] = true;
        }
    }
    if let Some(hit) = nearest {
        ctx.nearest_left[hit.kind.index()] = true;
        ctx.left_gap = (candidate.bbox[0] - line.bbox_of(hit.words.clone())[2]).max(0.0) / page.width;
    }
    let x = extent(line, candidate);
    let top = if candidate.n_lines > 1 { candidate.bbox[1] } else { line.line.bbox[1] };
    let first_line =
        (0..=candidate.line_idx).rev().find(|&i| page.lines[i].line.bbox[1] <= top).unwrap_or(candidate.line_idx);
    for (up, previous) in page.lines[..first_line].iter().rev().enumerate().take(25) {
        let overlapping: Vec<LabelKind> = previous
            .labels
            .iter()
            .filter(|hit| {
                let b = previous.bbox_of(hit.words.clone());
                x_overlap((b[0], b[2]), x) > 0.0 || (b[0] >= x.0 - 30.0 && b[0] <= x.1)
            })
            .map(|hit| hit.kind)
            .collect();
        let near = top - previous.line.bbox[3] <= 2.5 * line.height.max(previous.height);
        if up < 3 && near && ctx.above_lines == 0.0 {
            let any_word_over = previous.words().iter().any(|w| x_overlap((w.bbox[0], w.bbox[2]), x) > 0.0);
            if any_word_over {
                overlapping.iter().for_each(|k| ctx.above[k.index()] = true);
                ctx.above_lines = (up + 1) as f32;
            }
        }
        if ctx.header_lines == 0.0
            && up < 15
            && !overlapping.is_empty()
            && top - previous.line.bbox[3] < 0.35 * page.height
        {
            overlapping.iter().for_each(|k| ctx.header[k.index()] = true);
            ctx.header_lines = (up + 1) as f32;
        }
        if ctx.party.is_none()
            && let Some(kind) = overlapping.iter().copied().find(is_party).or_else(|| party_heading(previous))
        {
            ctx.party = Some((kind, up + 1));
        }
    }
    if let Some(hit) = line.labels.iter().find(|h| {
        ctx.left[h.kind.index()] && matches!(h.kind, LabelKind::Seller | LabelKind::Buyer | LabelKind::ShipTo)
    }) {
        ctx.party = Some((hit.kind, 0));
    }
    ctx
}

fn is_party(kind: &LabelKind) -> bool {
    matches!(kind, LabelKind::Seller | LabelKind::Buyer | LabelKind::ShipTo)
}

/// A section heading that names a party ("Verkäufer", "Bill to:" alone on its line):
/// it applies to everything under it, whatever the column.
fn party_heading(line: &LineView<'_>) -> Option<LabelKind> {
    let hit = line.labels.iter().find(|h| is_party(&h.kind))?;
    let rest_is_punctuation =
        line.words().iter().enumerate().all(|(i, _)| hit.words.contains(&i) || line.word_tokens[i].is_empty());
    (line.segments.len() == 1 && rest_is_punctuation).then_some(hit.kind)
}

/// The names of the features, in order.
pub fn names() -> Vec<String> {
    let word = crate::layout::Word { text: "1,00".into(), bbox: [0.0, 0.0, 10.0, 10.0], confidence: 1.0 };
    let page = crate::layout::Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        lines: crate::layout::Line::from_words(vec![word]).into_iter().collect(),
        source: Source::TextLayer,
        rotation_applied: 0,
    };
    let layout = crate::layout::Layout { pages: vec![page] };
    let doc = DocView::new(&layout);
    let found = super::candidates::find(&doc, None);
    let info = DocInfo::new(&doc, &found, DocClass::Invoice, None, Source::TextLayer);
    let mut writer = Writer::new(true);
    write_field_part(&mut writer, &info.contexts[0], &FIELDS[0]);
    write_base(&mut writer, &info, 0);
    writer.names.unwrap_or_default()
}

/// The part of a candidate's features that does not depend on the field.
pub(crate) fn base(info: &DocInfo<'_>, candidate_idx: usize) -> Vec<f32> {
    let mut writer = Writer::new(false);
    write_base(&mut writer, info, candidate_idx);
    writer.values
}

/// The features of a candidate for one field: the field's part, then `base`.
pub(crate) fn row(ctx: &LabelContext, field: &FieldSpec, base: &[f32]) -> Vec<f32> {
    let mut writer = Writer::new(false);
    write_field_part(&mut writer, ctx, field);
    writer.values.extend_from_slice(base);
    writer.values
}

fn write_field_part(w: &mut Writer, ctx: &LabelContext, field: &FieldSpec) {
    for spec in FIELDS {
        w.flag_named(|| format!("field_{}", spec.name), spec.name == field.name);
    }
    let own = |flags: &[bool; N_LABELS]| field.own.iter().any(|k| flags[k.index()]);
    w.flag("own_left", own(&ctx.left));
    w.flag("own_nearest_left", own(&ctx.nearest_left));
    w.flag("own_right", own(&ctx.right));
    w.flag("own_above", own(&ctx.above));
    w.flag("own_header", own(&ctx.header));
    let rival = MONEY_LABELS.iter().any(|k| ctx.nearest_left[k.index()] && !field.own.contains(k));
    w.flag("rival_money_nearest_left", field.kind == Kind::Amount && rival);
}

fn write_base(w: &mut Writer, info: &DocInfo<'_>, candidate_idx: usize) {
    let candidate = &info.found.candidates[candidate_idx];
    let ctx = &info.contexts[candidate_idx];
    document(w, info);
    position(w, info, candidate);
    labels(w, ctx);
    let kind = candidate.kind as u8;
    let value = info.values.get(&(kind, value_key(candidate))).copied().unwrap_or_default();
    w.flag("value_seller_anywhere", value.seller);
    w.flag("value_buyer_anywhere", value.buyer);
    w.flag("value_in_footer_anywhere", value.footer);
    w.put("value_rank_of_kind", value.rank.min(5) as f32);
    w.put("kind_n_distinct", info.n_distinct.get(&kind).copied().unwrap_or(0).min(5) as f32);
    values::write(w, info, candidate, info.order[candidate_idx]);
}

fn document(w: &mut Writer, info: &DocInfo<'_>) {
    w.flag("class_invoice", info.class == DocClass::Invoice);
    w.flag("class_credit_note", info.class == DocClass::CreditNote);
    w.flag("class_receipt", info.class == DocClass::Receipt);
    for language in ["fr", "en", "de", "nl", "es", "it", "pl"] {
        w.flag_named(|| format!("lang_{language}"), info.language == Some(language));
    }
    w.flag("source_text_layer", info.source == Source::TextLayer);
    w.flag("source_ocr", info.source == Source::Ocr);
    w.flag("source_text", info.source == Source::Text);
    w.put("n_pages", info.doc.pages.len().min(10) as f32);
}

fn position(w: &mut Writer, info: &DocInfo<'_>, c: &Candidate) {
    let page = &info.doc.pages[c.page_idx];
    let line = &page.lines[c.line_idx];
    w.put("page_idx", c.page_idx.min(5) as f32);
    w.flag("first_page", c.page_idx == 0);
    w.flag("last_page", c.page_idx + 1 == info.doc.pages.len());
    w.put("x0", c.bbox[0] / page.width);
    w.put("y0", c.bbox[1] / page.height);
    w.put("x1", c.bbox[2] / page.width);
    w.put("y1", c.bbox[3] / page.height);
    w.put("line_rel", c.line_idx as f32 / page.lines.len().max(1) as f32);
    w.put("height_rel", (line.height / page.median_height).min(5.0));
    let segment = line.segment_of(c.words.start);
    let range = &line.segments[segment];
    w.put("segment_idx", segment.min(6) as f32);
    w.put("n_segments", line.segments.len().min(8) as f32);
    w.flag("starts_segment", c.words.start == range.start);
    w.flag("ends_segment", c.words.end >= range.end);
    w.put("n_words_value", c.words.len().min(12) as f32);
    w.put("n_words_segment", range.len().min(20) as f32);
    w.put("n_words_line", line.words().len().min(30) as f32);
    let before = c.words.start.checked_sub(1).map(|i| line.words()[i].text.as_str());
    w.flag("colon_before", before.is_some_and(|t| t.ends_with(':')));
    w.put("same_value_count", info.stats.count(c).min(10) as f32);
    let tokens: Vec<&str> = line.word_tokens.iter().flatten().map(String::as_str).collect();
    let has = |list: &[&str]| tokens.iter().any(|t| list.contains(t));
    w.flag("cue_total", has(&["total", "totaal", "totale", "gesamt", "summe", "razem", "gesamtbetrag"]));
    w.flag(
        "cue_excl",
        has(&["ht", "net", "netto", "excl", "subtotal", "subtotaal", "imponibile", "zwischensumme", "hors"]),
    );
    w.flag("cue_incl", has(&["ttc", "brutto", "incl", "gross", "inclusief", "including"]));
    w.flag("cue_tax", has(&["tva", "vat", "mwst", "ust", "tax", "btw", "iva", "gst", "steuer", "umsatzsteuer"]));
    w.flag(
        "cue_due",
        has(&[
            "due",
            "payer",
            "zahlen",
            "zahlbetrag",
            "balance",
            "betalen",
            "pagar",
            "pagare",
            "zaplaty",
            "payable",
            "solde",
        ]),
    );
    w.flag("cue_percent", line.words().iter().any(|word| word.text.contains('%')));
    let n_amounts = info
        .found
        .candidates
        .iter()
        .filter(|o| o.kind == Kind::Amount && o.page_idx == c.page_idx && o.line_idx == c.line_idx)
        .count();
    w.put("n_amounts_line", n_amounts.min(10) as f32);
    w.flag("title_line", line.labels.iter().any(|h| h.kind == LabelKind::Title));
    w.flag("line_starts_with_label", line.labels.first().is_some_and(|h| h.words.start == 0));
}

fn labels(w: &mut Writer, ctx: &LabelContext) {
    w.labels("left", &ctx.left);
    w.labels("nearest_left", &ctx.nearest_left);
    w.labels("right", &ctx.right);
    w.labels("above", &ctx.above);
    w.labels("header", &ctx.header);
    w.put("left_gap", ctx.left_gap);
    w.put("above_lines", ctx.above_lines);
    w.put("header_lines", ctx.header_lines);
    let party = |kind: LabelKind| ctx.party.is_some_and(|(k, _)| k == kind);
    w.flag("party_seller", party(LabelKind::Seller));
    w.flag("party_buyer", party(LabelKind::Buyer));
    w.flag("party_ship_to", party(LabelKind::ShipTo));
    w.put("party_lines", ctx.party.map_or(30.0, |(_, up)| up as f32));
}
