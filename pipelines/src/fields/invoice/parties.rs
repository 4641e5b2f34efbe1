//! Name and address candidates of the parties: text blocks on the first and last pages.
//!
//! A name candidate is a segment of a line (see `tokens`), or its part after a label
//! ("Vendeur : Atelier Verdier SARL") or before a separator (the footer's "Fenwick
//! Druck e.K. · HRB 3568"). An address candidate is built around a postal code: the
//! code and its city, with the street before it on the same line or on the one or two
//! lines above in the same column, written "line one, line two, postcode city" as the
//! results expect.

use std::ops::Range;

use super::candidates::{Candidate, Kind};
use super::tokens::{DocView, LineView, x_overlap};

/// Words that separate parts of a line: "Name · Street · City", "Name - HRB 123".
fn is_separator(text: &str) -> bool {
    matches!(text, "-" | "–" | "—" | "·" | "|" | "•" | "/" | "*" | "∙")
}

fn clean(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '·' | '|' | '•' | '–'))
}

pub fn find(doc: &DocView<'_>, pages: &[usize], out: &mut Vec<Candidate>) {
    let Some(&last) = pages.last() else {
        return;
    };
    let name_pages: Vec<usize> = if last == 0 { vec![0] } else { vec![0, last] };
    for page_idx in name_pages {
        let lines = &doc.pages[page_idx].lines;
        for (line_idx, line) in lines.iter().enumerate() {
            for segment_idx in 0..line.segments.len() {
                names(line, segment_idx, out);
                addresses(lines, line_idx, segment_idx, out);
            }
        }
    }
}

/// The first word after the labels (and colons) that open a segment.
fn after_labels(line: &LineView<'_>, segment: &Range<usize>) -> usize {
    let mut start = segment.start;
    loop {
        let label = line.labels.iter().find(|l| l.words.start == start && l.words.end <= segment.end);
        match label {
            Some(label) => start = label.words.end,
            None if start < segment.end && matches!(line.words()[start].text.as_str(), ":" | "-" | "–") => start += 1,
            None => break,
        }
    }
    if let Some(colon) = line.words()[segment.clone()].iter().position(|w| w.text.ends_with(':')) {
        start = start.max(segment.start + colon + 1);
    }
    start
}

fn names(line: &LineView<'_>, segment_idx: usize, out: &mut Vec<Candidate>) {
    let segment = line.segments[segment_idx].clone();
    let words = line.words();
    let mut variants: Vec<(Range<usize>, u8)> = vec![(segment.clone(), 0)];
    let start = after_labels(line, &segment);
    if start > segment.start && start < segment.end {
        variants.push((start..segment.end, 1));
    }
    let from = start.min(segment.end);
    if let Some(cut) = (from..segment.end).find(|&i| is_separator(&words[i].text) || words[i].text.ends_with(',')) {
        let end = if words[cut].text.ends_with(',') && !is_separator(&words[cut].text) { cut + 1 } else { cut };
        if end > from && end < segment.end {
            variants.push((from..end, 2));
        }
    }
    for (range, detail) in variants {
        let value = clean(&line.text_of(range.clone())).to_owned();
        let n_letters = value.chars().filter(|c| c.is_alphabetic()).count();
        let all_label = (range.clone()).all(|i| line.labels.iter().any(|l| l.words.contains(&i)));
        if n_letters < 2 || range.len() > 12 || value.chars().count() > 80 || all_label {
            continue;
        }
        let mut candidate = Candidate::new(Kind::Name, value, line, range);
        candidate.detail = detail;
        out.push(candidate);
    }
}

/// Postal code styles, recorded as the candidate's `detail`.
const POSTCODE_FIRST: u8 = 1; // 75001 Paris, 80333 München
const PREFIXED: u8 = 2; // D-80333 München, F-75001 Paris
const FOUR_DIGITS: u8 = 3; // 1010 Wien, 1234 AB Amsterdam
const DASHED: u8 = 4; // 00-950 Warszawa, 1000-001 Lisboa
pub(crate) const BRITISH: u8 = 5; // London SW1A 1AA
pub(crate) const AMERICAN: u8 = 6; // Seattle, WA 98101
const INDIAN: u8 = 7; // Bengaluru 560001

fn digits(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_digit())
}

fn capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase) && text.chars().any(char::is_alphabetic)
}

/// The style of a postal code starting at word `idx`, with its first and last word.
fn postcode(words: &[&str], idx: usize) -> Option<(u8, usize)> {
    let word = words[idx].trim_end_matches(',');
    let next = words.get(idx + 1).map(|w| w.trim_end_matches(','));
    let next_capitalised = next.is_some_and(capitalised);
    if digits(word, 5) && next_capitalised {
        return Some((POSTCODE_FIRST, idx));
    }
    if let Some((prefix, number)) = word.split_once('-')
        && (1..=3).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && (digits(number, 4) || digits(number, 5))
        && next_capitalised
    {
        return Some((PREFIXED, idx));
    }
    if digits(word, 4) && next_capitalised {
        let dutch = next.is_some_and(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_uppercase()));
        return Some((FOUR_DIGITS, if dutch { idx + 1 } else { idx }));
    }
    if let Some((a, b)) = word.split_once('-')
        && ((digits(a, 2) && digits(b, 3)) || (digits(a, 4) && digits(b, 3)))
        && next_capitalised
    {
        return Some((DASHED, idx));
    }
    let outward = word.len() >= 2
        && word.len() <= 4
        && word.as_bytes()[0].is_ascii_uppercase()
        && word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let inward = next.is_some_and(|n| {
        n.len() == 3 && n.as_bytes()[0].is_ascii_digit() && n[1..].bytes().all(|b| b.is_ascii_uppercase())
    });
    if outward && inward && idx > 0 {
        return Some((BRITISH, idx + 1));
    }
    let state = word.len() == 2 && word.bytes().all(|b| b.is_ascii_uppercase());
    let zip = next.is_some_and(|n| {
        digits(n, 5) || (n.len() == 10 && n.get(..5).is_some_and(|d| digits(d, 5)) && n.as_bytes()[5] == b'-')
    });
    if state && zip && idx > 0 {
        return Some((AMERICAN, idx + 1));
    }
    if digits(word, 6) && idx > 0 && words[idx - 1].chars().any(char::is_alphabetic) {
        return Some((INDIAN, idx));
    }
    None
}

/// The style of a postal code starting at word `idx`, if one does.
pub(crate) fn postcode_style(words: &[&str], idx: usize) -> Option<u8> {
    postcode(words, idx).map(|(style, _)| style)
}

/// Where the "postcode city" part of a line ends, after the code at `code_end`.
fn city_end(words: &[&str], code_end: usize, segment_end: usize) -> usize {
    let mut end = code_end + 1;
    while end < segment_end && end < code_end + 5 {
        let word = words[end];
        if is_separator(word) || word.bytes().any(|b| b.is_ascii_digit()) || !word.chars().any(char::is_alphabetic) {
            break;
        }
        end += 1;
        if word.ends_with(',') {
            break;
        }
    }
    end
}

fn addresses(lines: &[LineView<'_>], line_idx: usize, segment_idx: usize, out: &mut Vec<Candidate>) {
    let line = &lines[line_idx];
    let segment = line.segments[segment_idx].clone();
    let texts: Vec<&str> = line.words().iter().map(|w| w.text.as_str()).collect();
    let Some((code_idx, (style, code_end))) = segment.clone().find_map(|i| postcode(&texts, i).map(|p| (i, p))) else {
        return;
    };
    // The "postcode city" (or "city, ST zip") part of this line.
    let city = match style {
        BRITISH | AMERICAN | INDIAN => {
            // The city is before the code: back to the previous comma-ended part.
            let mut start = code_idx;
            let state_or_city = if style == AMERICAN { code_idx.saturating_sub(1) } else { code_idx };
            while start > segment.start {
                let before = texts[start - 1];
                if is_separator(before) || (before.ends_with(',') && start - 1 < state_or_city) {
                    break;
                }
                start -= 1;
            }
            start..code_end + 1
        }
        _ => {
            // "DE 80333 München": a country code printed before the postal code.
            let country = code_idx > segment.start && {
                let before = texts[code_idx - 1];
                (1..=3).contains(&before.len()) && before.bytes().all(|b| b.is_ascii_uppercase())
            };
            (if country { code_idx - 1 } else { code_idx })..city_end(&texts, code_end, segment.end)
        }
    };
    if city.start >= city.end {
        return;
    }
    // The value leaves out a country code printed before the postcode ("DE 80333
    // München"), as results write addresses without the country; the box keeps it.
    let value_start =
        if city.start < code_idx && !matches!(style, BRITISH | AMERICAN | INDIAN) { code_idx } else { city.start };
    let mut city_text = clean(&line.text_of(value_start..city.end)).to_owned();
    if city.end == segment.end
        && city.end == code_end + 1
        && matches!(style, POSTCODE_FIRST | PREFIXED | FOUR_DIGITS | DASHED)
    {
        // "…, 92100" with the city alone on the next line.
        if let Some(next) =
            lines.get(line_idx + 1).filter(|next| next.line.bbox[1] - line.line.bbox[3] < 1.5 * line.height)
        {
            let x = line.segment_x(segment_idx);
            if let Some(s) = (0..next.segments.len()).find(|&s| x_overlap(next.segment_x(s), x) > 0.0) {
                let city_words = next.segments[s].clone();
                if next.words()[city_words.start].text.starts_with(char::is_uppercase) {
                    city_text = format!("{city_text} {}", clean(&next.text_of(city_words)));
                }
            }
        }
    }
    // Street parts on the same line, before the city, split at commas.
    let mut parts_before: Vec<Range<usize>> = Vec::new();
    let mut part_start = segment.start;
    for (i, text) in texts.iter().enumerate().take(city.start).skip(segment.start) {
        if is_separator(text) {
            part_start = i + 1;
        } else if text.ends_with(',') {
            parts_before.push(part_start..i + 1);
            part_start = i + 1;
        }
    }
    if part_start < city.start {
        parts_before.push(part_start..city.start);
    }
    let mut emit = |parts: Vec<(String, [f32; 4])>, n_lines: usize| {
        let mut value_parts: Vec<String> = parts.iter().map(|(t, _)| t.clone()).filter(|t| !t.is_empty()).collect();
        value_parts.push(city_text.clone());
        let mut candidate = Candidate::new(Kind::Address, value_parts.join(", "), line, city.clone());
        for (_, bbox) in &parts {
            candidate.bbox = crate::layout::union(candidate.bbox, *bbox);
        }
        if n_lines > 1 {
            // Lines above first (they lead `parts`), then this line as printed.
            let mut texts: Vec<String> = parts.iter().take(n_lines - 1).map(|(t, _)| t.clone()).collect();
            texts.push(line.text());
            candidate.source_text = Some(texts.join("\n"));
        }
        candidate.detail = style;
        candidate.n_lines = n_lines;
        out.push(candidate);
    };
    let same_line: Vec<(String, [f32; 4])> = parts_before
        .iter()
        .map(|r| (clean(&line.text_of(r.clone())).to_owned(), line.bbox_of(r.clone())))
        .filter(|(text, _)| !text.is_empty())
        .collect();
    if same_line.is_empty() && segment_idx > 0 {
        // "Name - 1242 chemin de l'olive - 84340 Malaucène" printed with wide spaces: the
        // street ends the previous segment, after its last separator. Only a segment cut
        // by separators continues this way (another column does not), and the lines
        // above are still tried.
        let previous = line.segments[segment_idx - 1].clone();
        let cut = previous.clone().rev().find(|&i| is_separator(texts[i]) || texts[i].ends_with(','));
        if let Some(start) = cut.map(|i| i + 1)
            && start < previous.end
            && street_like(&line.text_of(start..previous.end))
        {
            emit(vec![(clean(&line.text_of(start..previous.end)).to_owned(), line.bbox_of(start..previous.end))], 1);
        }
    }
    // The last one, two or three comma-separated parts before the city on this line:
    // `164, MG Road, Bengaluru, Karnataka 560038`.
    for k in 1..=same_line.len().min(3) {
        let parts = same_line[same_line.len() - k..].to_vec();
        if parts.iter().any(|(text, _)| street_like(text)) {
            emit(parts, 1);
        }
    }
    if same_line.iter().any(|(text, _)| text.bytes().any(|b| b.is_ascii_digit())) {
        return;
    }
    // Street on the lines above, in the same column, before whatever this line holds.
    let above = lines_above(lines, line_idx, line.segment_x(segment_idx));
    for k in 1..=above.len() {
        let mut parts: Vec<(String, [f32; 4])> = above[..k].iter().rev().cloned().collect();
        parts.extend(same_line.iter().cloned());
        emit(parts, k + 1);
    }
}

/// A part that can start an address: it has a number, or several words.
fn street_like(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) || text.split_whitespace().count() >= 2
}

/// The texts of up to two lines above `line_idx` that overlap the column `x`, nearest
/// first, without the labels that open them ("Anschrift:").
fn lines_above(lines: &[LineView<'_>], line_idx: usize, x: (f32, f32)) -> Vec<(String, [f32; 4])> {
    let line = &lines[line_idx];
    let mut above: Vec<(String, [f32; 4])> = Vec::new();
    let mut bottom = line.line.bbox[1];
    for previous in lines[..line_idx].iter().rev().take(4) {
        if bottom - previous.line.bbox[3] > 2.0 * line.height.max(previous.height) {
            break;
        }
        let Some(seg_idx) = (0..previous.segments.len()).find(|&s| x_overlap(previous.segment_x(s), x) > 0.3) else {
            continue;
        };
        let segment = previous.segments[seg_idx].clone();
        let start = after_labels(previous, &segment);
        if start >= segment.end {
            break;
        }
        above.push((clean(&previous.text_of(start..segment.end)).to_owned(), previous.bbox_of(start..segment.end)));
        bottom = previous.line.bbox[1];
        if above.len() == 2 {
            break;
        }
    }
    above
}

#[cfg(test)]
mod tests {
    use crate::fields::invoice::candidates::{self, Kind};
    use crate::fields::invoice::tokens::DocView;

    fn found(lines: &[&str], kind: Kind) -> Vec<String> {
        let layout = crate::fields::invoice::candidates::tests::layout(lines);
        let doc = DocView::new(&layout);
        candidates::find(&doc, Some("fr")).candidates.into_iter().filter(|c| c.kind == kind).map(|c| c.value).collect()
    }

    #[test]
    fn addresses_on_one_line_and_on_several() {
        let one = found(&["Goethestraße 205, 28195 Bremen, Deutschland, Tel. +49 40 6963214"], Kind::Address);
        assert_eq!(one, ["Goethestraße 205, 28195 Bremen"]);
        let several = found(&["Atelier Verdier SARL", "14 rue des Capucins", "69001 Lyon"], Kind::Address);
        assert!(several.contains(&"14 rue des Capucins, 69001 Lyon".to_owned()), "{several:?}");
        let labelled = found(&["Anschrift: | Lieferantenstraße 20", "| DE 80333 München"], Kind::Address);
        assert!(labelled.contains(&"Lieferantenstraße 20, 80333 München".to_owned()), "{labelled:?}");
        let american = found(&["68 Elm Road", "Seattle, WA 98101"], Kind::Address);
        assert!(american.contains(&"68 Elm Road, Seattle, WA 98101".to_owned()), "{american:?}");
    }

    #[test]
    fn names_after_labels_and_before_separators() {
        let names =
            found(&["Vendeur : Atelier Verdier SARL", "Fenwick Druck e.K. - HRB 3568, Amtsgericht Bremen"], Kind::Name);
        assert!(names.contains(&"Atelier Verdier SARL".to_owned()), "{names:?}");
        assert!(names.contains(&"Fenwick Druck e.K.".to_owned()), "{names:?}");
    }
}
