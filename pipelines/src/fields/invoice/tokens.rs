//! The page as the extractor reads it: every line with its words folded into tokens,
//! cut into segments (runs of words without a wide gap), and the labels found on it.
//!
//! Folding (lower case, no diacritics, `ß` as `ss`) makes one vocabulary serve text
//! layers and OCR, which often loses accents. Segments matter because a text layer and
//! `layout::merge_rows` put a label column and a value column on one line: "Name:" and
//! "Lieferant GmbH" far to its right are two segments of one line.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::labels::{self, LabelHit};
use crate::layout::{Layout, Line, Word};

/// Lower case without diacritics; ligatures and special letters spelled out.
pub fn fold(text: &str) -> String {
    // Most words are ASCII: decomposition is the identity there.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Runs of letters and digits of folded text: `"N° de facture"` → `["n", "de", "facture"]`.
pub fn tokens(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Text of the value-like part of a word: without the punctuation that sticks to values
/// in print (`"(12,00)"`, `"F2024-0042,"`, `"#123"`).
pub fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| matches!(c, ':' | ';' | ',' | '(' | ')' | '[' | ']' | '*' | '"' | '\'' | '«' | '»'))
}

/// One line of a page, prepared.
#[derive(Debug)]
pub struct LineView<'a> {
    pub page_idx: usize,
    /// Index of the line in its page.
    pub line_idx: usize,
    pub line: &'a Line,
    /// Word ranges of the segments, left to right.
    pub segments: Vec<Range<usize>>,
    /// Folded tokens of each word.
    pub word_tokens: Vec<Vec<String>>,
    /// Labels found on the line, left to right, not overlapping.
    pub labels: Vec<LabelHit>,
    /// Median word height: the font size, roughly.
    pub height: f32,
}

impl LineView<'_> {
    pub fn words(&self) -> &[Word] {
        &self.line.words
    }

    /// The segment holding word `word_idx`.
    pub fn segment_of(&self, word_idx: usize) -> usize {
        self.segments.iter().position(|s| s.contains(&word_idx)).unwrap_or(0)
    }

    /// The line's text.
    pub fn text(&self) -> String {
        self.line.text()
    }

    /// The words of `range` joined by spaces.
    pub fn text_of(&self, range: Range<usize>) -> String {
        let words = &self.line.words[range];
        words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The union of the boxes of the words in `range`.
    pub fn bbox_of(&self, range: Range<usize>) -> [f32; 4] {
        let words = &self.line.words[range];
        words
            .iter()
            .skip(1)
            .fold(words.first().map_or(self.line.bbox, |w| w.bbox), |b, w| crate::layout::union(b, w.bbox))
    }

    /// Horizontal extent of a segment.
    pub fn segment_x(&self, segment_idx: usize) -> (f32, f32) {
        let range = self.segments[segment_idx].clone();
        let bbox = self.bbox_of(range);
        (bbox[0], bbox[2])
    }
}

/// One page, prepared.
#[derive(Debug)]
pub struct PageView<'a> {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<LineView<'a>>,
    /// Median line height on the page.
    pub median_height: f32,
}

/// The whole document, prepared once and read by candidate generation and features.
#[derive(Debug)]
pub struct DocView<'a> {
    pub pages: Vec<PageView<'a>>,
}

impl<'a> DocView<'a> {
    pub fn new(layout: &'a Layout) -> Self {
        let pages = layout
            .pages
            .iter()
            .enumerate()
            .map(|(page_idx, page)| {
                let space = typical_space(page);
                let mut heights: Vec<f32> = page.lines.iter().map(line_height).collect();
                heights.sort_by(f32::total_cmp);
                let median_height = heights.get(heights.len() / 2).copied().unwrap_or(10.0).max(1.0);
                let lines: Vec<LineView<'a>> = page
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(line_idx, line)| view_line(page_idx, line_idx, line, space, median_height))
                    .collect();
                PageView { width: page.width.max(1.0), height: page.height.max(1.0), lines, median_height }
            })
            .collect();
        Self { pages }
    }

    pub fn line(&self, page_idx: usize, line_idx: usize) -> &LineView<'a> {
        &self.pages[page_idx].lines[line_idx]
    }
}

/// The median gap between consecutive words of a line on the page: the width of a
/// space in its main font, whatever the font and however boxes are measured (tight
/// glyph boxes of a text layer, OCR boxes, character cells of a text file).
fn typical_space(page: &crate::layout::Page) -> f32 {
    let mut gaps: Vec<f32> = page
        .lines
        .iter()
        .flat_map(|line| line.words.windows(2).map(|pair| pair[1].bbox[0] - pair[0].bbox[2]))
        .filter(|gap| *gap > 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(3.0).max(0.5)
}

/// Median word height of a line.
fn line_height(line: &Line) -> f32 {
    let mut heights: Vec<f32> = line.words.iter().map(|w| (w.bbox[3] - w.bbox[1]).max(1.0)).collect();
    heights.sort_by(f32::total_cmp);
    heights.get(heights.len() / 2).copied().unwrap_or(10.0)
}

/// A column gap is wider than 1.8 spaces of the page's main font, scaled up for lines
/// in a larger font (a title's spaces are wider).
fn view_line(page_idx: usize, line_idx: usize, line: &Line, space: f32, median_height: f32) -> LineView<'_> {
    let height = line_height(line);
    let segments = segments(&line.words, 1.8 * space * (height / median_height).max(1.0));
    let word_tokens: Vec<Vec<String>> = line.words.iter().map(|w| tokens(&w.text)).collect();
    let labels = labels::find(&word_tokens);
    LineView { page_idx, line_idx, line, segments, word_tokens, labels, height }
}

/// Cuts a line where the gap between two words is wider than `threshold`: a column
/// boundary, not a space between words.
fn segments(words: &[Word], threshold: f32) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for idx in 1..words.len() {
        let gap = words[idx].bbox[0] - words[idx - 1].bbox[2];
        if gap > threshold {
            out.push(start..idx);
            start = idx;
        }
    }
    if start < words.len() {
        out.push(start..words.len());
    }
    out
}

/// Horizontal overlap of two extents, as a share of the narrower one.
pub fn x_overlap(a: (f32, f32), b: (f32, f32)) -> f32 {
    let overlap = a.1.min(b.1) - a.0.max(b.0);
    let narrower = (a.1 - a.0).min(b.1 - b.0).max(1.0);
    (overlap / narrower).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_tokens() {
        assert_eq!(fold("Échéance Straße ŁÓDŹ"), "echeance strasse lodz");
        assert_eq!(tokens("N° de facture :"), ["n", "de", "facture"]);
        assert_eq!(tokens("USt-IdNr.:DE123"), ["ust", "idnr", "de123"]);
        assert_eq!(trim_value("(12,00)"), "12,00");
        assert_eq!(trim_value("F-42,"), "F-42");
    }

    #[test]
    fn wide_gaps_cut_segments() {
        let word =
            |text: &str, x0: f32, x1: f32| Word { text: text.into(), bbox: [x0, 100.0, x1, 110.0], confidence: 1.0 };
        let words = vec![word("Name:", 50.0, 80.0), word("Lieferant", 300.0, 340.0), word("GmbH", 343.0, 365.0)];
        assert_eq!(segments(&words, 10.0), vec![0..1, 1..3]);
        assert_eq!(segments(&words, 300.0), vec![0..3]);
    }
}
