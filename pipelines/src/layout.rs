//! The page layer: words with positions, grouped into lines, page by page.
//!
//! This is the model every stage after text extraction reads (classifier, field
//! extractor, provenance), whatever the text came from: the text layer of a digital PDF
//! or OCR of a page image. Coordinates are PDF points (1/72 inch) from the top-left
//! corner of the page as displayed, after any rotation was corrected, so a field's
//! `Provenance::bbox` can be copied from a word or a line as it is.
//!
//! Lines are visual rows: the words that share a baseline in a text layer, or the lines
//! Tesseract read on one row, joined (`merge_rows`), so a label and its amount land on
//! one line whatever the source. Lines are ordered top to bottom, then left to right
//! (`sort_reading_order`): invoices are read by rows, so row order is the reading order
//! here. The price is multi-column prose (a newsletter), whose columns interleave.

use liasse_core::Source;

/// One word: a run of characters without white space.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    pub text: String,
    /// `[x0, y0, x1, y1]` in PDF points from the top-left corner of the page.
    pub bbox: [f32; 4],
    /// How sure the reader is of the text, 0 to 1: 1.0 for a text layer, the engine's
    /// word confidence for OCR.
    pub confidence: f32,
}

/// Words on one visual line, left to right.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub words: Vec<Word>,
    /// The union of the word boxes.
    pub bbox: [f32; 4],
}

impl Line {
    /// A line of the given words, sorted left to right; `None` when there are none.
    pub fn from_words(mut words: Vec<Word>) -> Option<Line> {
        let first = words.first()?;
        let mut bbox = first.bbox;
        for word in &words[1..] {
            bbox = union(bbox, word.bbox);
        }
        words.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
        Some(Line { words, bbox })
    }

    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (word_idx, word) in self.words.iter().enumerate() {
            if word_idx > 0 {
                text.push(' ');
            }
            text.push_str(&word.text);
        }
        text
    }

    fn height(&self) -> f32 {
        self.bbox[3] - self.bbox[1]
    }
}

/// One page of a document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// 1-based page number in the document.
    pub number: u32,
    /// Width in points, as displayed (after rotation).
    pub width: f32,
    /// Height in points, as displayed (after rotation).
    pub height: f32,
    /// Lines in reading order.
    pub lines: Vec<Line>,
    /// Where the words came from: `Source::TextLayer` or `Source::Ocr`.
    pub source: Source,
    /// Clockwise rotation, in degrees (0, 90, 180 or 270), that was applied to the scanned
    /// image to make its text upright. Always 0 for a text layer.
    pub rotation_applied: u16,
}

impl Page {
    /// The page's text: lines joined with `'\n'`, words with a space.
    pub fn text(&self) -> String {
        let lines: Vec<String> = self.lines.iter().map(Line::text).collect();
        lines.join("\n")
    }

    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.lines.iter().flat_map(|line| line.words.iter())
    }

    pub fn n_words(&self) -> usize {
        self.lines.iter().map(|line| line.words.len()).sum()
    }
}

/// Every page of a document, in page order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    pub pages: Vec<Page>,
}

/// What separates pages in `Layout::text`: a form feed on a line of its own, as
/// `pdftotext` does, so page breaks survive in plain text.
pub const PAGE_SEPARATOR: &str = "\n\u{c}\n";

impl Layout {
    /// The document's plain text in reading order: lines joined with `'\n'`, pages with
    /// `"\n\f\n"`.
    pub fn text(&self) -> String {
        let pages: Vec<String> = self.pages.iter().map(Page::text).collect();
        pages.join(PAGE_SEPARATOR)
    }

    pub fn n_words(&self) -> usize {
        self.pages.iter().map(Page::n_words).sum()
    }
}

/// The smallest box holding both boxes.
pub fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

/// Orders lines top to bottom, and lines that share a visual row left to right.
///
/// Lines are taken by their top edge; a line joins the current row when its vertical
/// middle falls inside the row's band (the band of the row's first line). Two columns
/// whose baselines differ by a few points therefore still read row by row, which is what
/// an invoice needs (labels on the left, amounts on the right).
pub fn sort_reading_order(lines: &mut Vec<Line>) {
    lines.sort_by(|a, b| a.bbox[1].total_cmp(&b.bbox[1]).then(a.bbox[0].total_cmp(&b.bbox[0])));
    let typical_height = median_height(lines).unwrap_or(0.0);
    let mut ordered = Vec::with_capacity(lines.len());
    let mut row: Vec<Line> = Vec::new();
    let mut row_band = [0.0f32; 2];
    for line in lines.drain(..) {
        let middle = (line.bbox[1] + line.bbox[3]) / 2.0;
        let joins_row = !row.is_empty() && middle >= row_band[0] && middle <= row_band[1];
        if !joins_row {
            flush_row(&mut row, &mut ordered);
            // A very tall line (a vertical word, a stamp) must not swallow the rows beside
            // it: the band is capped at twice the height of an ordinary line.
            let height = line.height().min(2.0 * typical_height);
            row_band = [line.bbox[1], line.bbox[1] + height.max(1.0)];
        }
        row.push(line);
    }
    flush_row(&mut row, &mut ordered);
    *lines = ordered;
}

/// Joins consecutive lines that sit on one visual row into one line, as a text layer's
/// baseline grouping does: OCR splits a row where the gap is wide (a label on the left,
/// its amount on the right), and later stages should see the same lines whatever the
/// source. Two lines share a row when their vertical extents overlap by at least half
/// the smaller one and neither is more than twice as tall as the other (a title beside
/// small print is not one row). Expects lines in reading order.
pub fn merge_rows(lines: Vec<Line>) -> Vec<Line> {
    let mut merged: Vec<Line> = Vec::with_capacity(lines.len());
    // The first line of the row being built: rows are compared with it, so a row does
    // not creep down the page one slightly lower line at a time.
    let mut row_start: Option<[f32; 4]> = None;
    for line in lines {
        match (merged.last_mut(), row_start) {
            (Some(row), Some(start)) if same_row(start, line.bbox) => {
                let mut words = std::mem::take(&mut row.words);
                words.extend(line.words);
                if let Some(joined) = Line::from_words(words) {
                    *row = joined;
                }
            }
            _ => {
                row_start = Some(line.bbox);
                merged.push(line);
            }
        }
    }
    merged
}

fn same_row(a: [f32; 4], b: [f32; 4]) -> bool {
    let (height_a, height_b) = (a[3] - a[1], b[3] - b[1]);
    let overlap = a[3].min(b[3]) - a[1].max(b[1]);
    let smaller = height_a.min(height_b);
    smaller > 0.0 && overlap >= 0.5 * smaller && height_a.max(height_b) <= 2.0 * smaller
}

fn flush_row(row: &mut Vec<Line>, ordered: &mut Vec<Line>) {
    row.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
    ordered.append(row);
}

fn median_height(lines: &[Line]) -> Option<f32> {
    if lines.is_empty() {
        return None;
    }
    let mut heights: Vec<f32> = lines.iter().map(Line::height).collect();
    heights.sort_by(f32::total_cmp);
    Some(heights[heights.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, bbox: [f32; 4]) -> Word {
        Word { text: text.into(), bbox, confidence: 1.0 }
    }

    fn line(words: &[(&str, [f32; 4])]) -> Line {
        Line::from_words(words.iter().map(|(text, bbox)| word(text, *bbox)).collect()).expect("words")
    }

    #[test]
    fn a_line_is_sorted_and_boxed() {
        let line = line(&[("Total", [100.0, 10.0, 130.0, 20.0]), ("TTC", [135.0, 11.0, 160.0, 21.0])]);
        assert_eq!(line.text(), "Total TTC");
        assert_eq!(line.bbox, [100.0, 10.0, 160.0, 21.0]);
        let reversed = Line::from_words(line.words.iter().rev().cloned().collect()).expect("words");
        assert_eq!(reversed.text(), "Total TTC");
        assert!(Line::from_words(Vec::new()).is_none());
    }

    #[test]
    fn rows_read_left_to_right_even_with_offset_baselines() {
        let mut lines = vec![
            line(&[("5554,56", [400.0, 102.0, 450.0, 114.0])]),
            line(&[("Suite", [72.0, 130.0, 100.0, 142.0])]),
            line(&[("Total", [72.0, 100.0, 110.0, 112.0])]),
            line(&[("Facture", [72.0, 50.0, 130.0, 62.0])]),
        ];
        sort_reading_order(&mut lines);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["Facture", "Total", "5554,56", "Suite"]);
    }

    #[test]
    fn lines_on_one_row_are_merged_unless_sizes_differ() {
        let mut lines = vec![
            line(&[("Charges", [72.0, 100.0, 120.0, 110.0])]),
            line(&[("$4.11", [500.0, 101.0, 530.0, 111.0])]),
            line(&[("FACTURE", [72.0, 130.0, 200.0, 160.0])]),
            line(&[("Date", [300.0, 140.0, 330.0, 150.0])]),
            line(&[("Credits", [72.0, 180.0, 120.0, 190.0])]),
        ];
        sort_reading_order(&mut lines);
        let texts: Vec<String> = merge_rows(lines).iter().map(Line::text).collect();
        assert_eq!(texts, ["Charges $4.11", "FACTURE", "Date", "Credits"]);
    }

    #[test]
    fn text_joins_lines_and_pages() {
        let page = |number, text: &str| Page {
            number,
            width: 595.0,
            height: 842.0,
            lines: vec![line(&[(text, [72.0, 72.0, 120.0, 84.0])]), line(&[("b", [72.0, 90.0, 80.0, 100.0])])],
            source: Source::TextLayer,
            rotation_applied: 0,
        };
        let layout = Layout { pages: vec![page(1, "a"), page(2, "c")] };
        assert_eq!(layout.text(), "a\nb\n\u{c}\nc\nb");
        assert_eq!(layout.n_words(), 4);
    }
}
