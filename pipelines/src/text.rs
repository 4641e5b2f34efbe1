//! Plain text documents: invoices printed to a text file by an ERP, notes, exports.
//!
//! The text becomes a `Layout` as if it were printed in a monospaced font: one `Line`
//! per text line, each word boxed at its character column and line number. Columns
//! aligned with spaces therefore stay aligned in points, so the classifier and the
//! layout-based field extractor read a text invoice as they read a PDF one.
//!
//! Delimited text (CSV, TSV: see `sniff::csv_delimiter`) is a spreadsheet and is read by
//! `spreadsheet::read_csv` instead.

use std::collections::BTreeMap;
use std::time::Instant;

use liasse_core::{Extraction, ModelVersions, Source};

use crate::layout::{Layout, Line, Page, Word};
use crate::{PageLayer, Pipeline, Result, sniff, spreadsheet};

/// Advance of one character, in points: Courier at 10 points.
pub(crate) const CHAR_WIDTH: f32 = 6.0;
/// Height of a word box, in points.
pub(crate) const FONT_SIZE: f32 = 10.0;
/// Distance from one line to the next, in points.
pub(crate) const LINE_HEIGHT: f32 = 12.0;
/// Blank border around the synthetic page, in points.
pub(crate) const MARGIN: f32 = 36.0;
/// Tab stops, in characters, as terminals and `expand` set them.
const TAB_WIDTH: usize = 8;
/// The synthetic page is at least A4 (in points), so word positions relative to the page
/// width mean what they mean on a printed invoice.
const MIN_PAGE_SIZE: (f32, f32) = (595.0, 842.0);

/// Reads a text file: delimited text as a spreadsheet, anything else as lines of words.
pub fn read(pipeline: &Pipeline, bytes: &[u8]) -> Result<Extraction> {
    let text = decode(bytes);
    if let Some(delimiter) = sniff::csv_delimiter(&text) {
        return spreadsheet::read_csv(pipeline, &text, delimiter);
    }
    let started = Instant::now();
    let layout = layout(&text);
    let mut timings_ms = BTreeMap::new();
    timings_ms.insert("extract_text".to_owned(), started.elapsed().as_millis() as u64);
    let layer =
        PageLayer { layout, source: Source::Text, timings_ms, models: ModelVersions::new(), problems: Vec::new() };
    Ok(pipeline.understand(layer))
}

/// UTF-8 when valid, else Latin-1 (what French ERPs export when they are not UTF-8).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_owned(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The text laid out in a monospaced font: a page per form feed, a line per text line.
pub fn layout(text: &str) -> Layout {
    let pages = text
        .split('\u{c}')
        .enumerate()
        .map(|(page_idx, page_text)| text_page(u32::try_from(page_idx + 1).unwrap_or(u32::MAX), page_text))
        .collect();
    Layout { pages }
}

fn text_page(number: u32, text: &str) -> Page {
    let mut lines = Vec::new();
    let mut n_rows = 0usize;
    let mut n_columns = 0usize;
    for (row, line) in text.lines().enumerate() {
        n_rows = row + 1;
        let (words, width) = line_words(line, MARGIN, MARGIN + row as f32 * LINE_HEIGHT);
        n_columns = n_columns.max(width);
        lines.extend(Line::from_words(words));
    }
    Page {
        number,
        width: (2.0 * MARGIN + n_columns as f32 * CHAR_WIDTH).max(MIN_PAGE_SIZE.0),
        height: (2.0 * MARGIN + n_rows as f32 * LINE_HEIGHT).max(MIN_PAGE_SIZE.1),
        lines,
        source: Source::Text,
        rotation_applied: 0,
    }
}

/// The words of one line of text starting at `(x0, y0)`, with their boxes, and the
/// line's width in characters (tabs expanded).
pub(crate) fn line_words(line: &str, x0: f32, y0: f32) -> (Vec<Word>, usize) {
    let mut words = Vec::new();
    let mut column = 0usize;
    let mut current = String::new();
    let mut start = 0usize;
    for c in line.chars().chain(std::iter::once(' ')) {
        if c.is_whitespace() {
            if !current.is_empty() {
                words.push(word(std::mem::take(&mut current), x0, start, column, y0));
            }
            column = if c == '\t' { (column / TAB_WIDTH + 1) * TAB_WIDTH } else { column + 1 };
        } else {
            if current.is_empty() {
                start = column;
            }
            current.push(c);
            column += 1;
        }
    }
    // The sentinel space counted one column too many.
    (words, column.saturating_sub(1))
}

fn word(text: String, x0: f32, start: usize, end: usize, y0: f32) -> Word {
    Word {
        text,
        bbox: [x0 + start as f32 * CHAR_WIDTH, y0, x0 + end as f32 * CHAR_WIDTH, y0 + FONT_SIZE],
        confidence: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_decoded() {
        assert_eq!(decode(b"Soci\xe9t\xe9"), "Société");
        assert_eq!(decode("\u{feff}Société".as_bytes()), "Société");
    }

    #[test]
    fn words_keep_their_columns() {
        let layout = layout("Facture   F-12\n\n\tTotal: 120,00 €\n");
        assert_eq!(layout.pages.len(), 1);
        let page = &layout.pages[0];
        assert_eq!(page.source, Source::Text);
        assert_eq!(page.text(), "Facture F-12\nTotal: 120,00 €");
        let words: Vec<&Word> = page.words().collect();
        assert_eq!(words[0].bbox, [MARGIN, MARGIN, MARGIN + 7.0 * CHAR_WIDTH, MARGIN + FONT_SIZE]);
        // Ten characters in: `F-12` starts where the first line's tenth column does.
        assert_eq!(words[1].bbox[0], MARGIN + 10.0 * CHAR_WIDTH);
        // The blank line still takes its row; the tab moves `Total:` to column 8.
        assert_eq!(words[2].bbox[1], MARGIN + 2.0 * LINE_HEIGHT);
        assert_eq!(words[2].bbox[0], MARGIN + 8.0 * CHAR_WIDTH);
        assert!(page.width >= MIN_PAGE_SIZE.0 && page.height >= MIN_PAGE_SIZE.1);
    }

    #[test]
    fn form_feeds_start_pages() {
        let layout = layout("page one\u{c}page two");
        let numbers: Vec<u32> = layout.pages.iter().map(|page| page.number).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(layout.text(), "page one\n\u{c}\npage two");
    }

    #[test]
    fn a_plain_text_invoice_goes_through_understand() {
        let pipeline = crate::test_support::pipeline();
        let text = "FACTURE N° FA-2024-0099\nDate : 12/03/2024\nTotal TTC : 120,00 EUR\nMerci pour votre confiance et pour le paiement dans les délais.\n";
        let extraction = read(pipeline, text.as_bytes()).expect("plain text is read");
        assert_eq!(extraction.source, Source::Text);
        assert_eq!(extraction.language.as_deref(), Some("fr"));
        assert!(extraction.timings_ms.contains_key("extract_text"));
    }

    #[test]
    fn the_orlen_text_invoice_is_not_mistaken_for_csv() {
        // Columns aligned with spaces and Polish decimal commas: text, not CSV.
        let text = "Faktura nr: F 1/2\nNIP: 774-00-01-454\n1   EFECTA 95   l   54,910   5,79   1,10\nRazem:   257,59   59,24   316,83\n";
        assert_eq!(sniff::csv_delimiter(text), None);
    }
}
