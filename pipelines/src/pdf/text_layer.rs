//! A PDF page's text layer, from positioned characters to words and lines.
//!
//! PDFium gives characters in content order with their boxes; a word ends at white
//! space (PDFium also inserts spaces where it sees a gap), at a change of baseline, and
//! at a gap wider than `WORD_GAP_EM` of the font size. Words that share a baseline form
//! a line. Nothing here calls PDFium, so it is tested on hand-made characters.

use crate::layout::{Line, Word, sort_reading_order, union};

/// One character as the text layer places it, in points from the top-left corner of the
/// displayed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// U+FFFD when the PDF gives no usable Unicode value.
    pub ch: char,
    /// The glyph's tight box.
    pub bbox: [f32; 4],
    /// Vertical position of the baseline.
    pub baseline: f32,
    /// Font size in points (at least 1).
    pub size: f32,
}

/// A gap between two characters wider than this many font sizes ends a word even
/// without a space character. Letter gaps between tight glyph boxes stay under 0.2 em;
/// PDFium already inserts a space for ordinary word gaps, so this only catches text
/// placed by absolute positioning (table cells, right-aligned amounts).
const WORD_GAP_EM: f32 = 0.6;
/// Two baselines closer than this many font sizes are the same line.
const SAME_BASELINE_EM: f32 = 0.35;
/// Fewer words than this on a page is no usable text layer (a scan with a stamp, a
/// header added by a scanner): the page is read by OCR instead.
const MIN_USABLE_WORDS: usize = 5;
/// A page whose characters are more than this share garbage (no Unicode mapping,
/// private-use code points, control characters) has an unusable text layer.
const MAX_GARBAGE_SHARE: f32 = 0.3;

/// A page's text layer, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextLayer {
    pub lines: Vec<Line>,
    pub n_words: usize,
    /// Characters other than white space.
    pub n_chars: usize,
    /// Characters without a usable Unicode value.
    pub n_garbage: usize,
}

impl TextLayer {
    /// Whether the text layer is worth more than OCR of the page: enough words, and
    /// characters that decode to real text.
    pub fn is_usable(&self) -> bool {
        self.n_words >= MIN_USABLE_WORDS && self.is_readable()
    }

    /// Whether the characters decode to real text (however few there are).
    pub fn is_readable(&self) -> bool {
        (self.n_garbage as f32) <= MAX_GARBAGE_SHARE * self.n_chars as f32
    }
}

/// Whether a character is what a PDF without a proper Unicode mapping decodes to.
pub fn is_garbage(ch: char) -> bool {
    ch == char::REPLACEMENT_CHARACTER
        || ('\u{e000}'..='\u{f8ff}').contains(&ch)
        || (ch.is_control() && !ch.is_whitespace())
}

/// A word being built, with the baseline and size it was started with.
struct WordInProgress {
    text: String,
    bbox: [f32; 4],
    baseline: f32,
    size: f32,
}

/// Groups characters into words, and words into lines in reading order.
pub fn read(glyphs: &[Glyph]) -> TextLayer {
    let mut layer = TextLayer::default();
    let mut words: Vec<WordInProgress> = Vec::new();
    let mut current: Option<WordInProgress> = None;
    for glyph in glyphs {
        if glyph.ch.is_whitespace() {
            words.extend(current.take());
            continue;
        }
        layer.n_chars += 1;
        if is_garbage(glyph.ch) {
            layer.n_garbage += 1;
        }
        if let Some(word) = &current
            && !continues(word, glyph)
        {
            words.extend(current.take());
        }
        match &mut current {
            Some(word) => {
                word.text.push(glyph.ch);
                word.bbox = union(word.bbox, glyph.bbox);
            }
            None => {
                current = Some(WordInProgress {
                    text: glyph.ch.to_string(),
                    bbox: glyph.bbox,
                    baseline: glyph.baseline,
                    size: glyph.size,
                });
            }
        }
    }
    words.extend(current.take());
    layer.n_words = words.len();
    layer.lines = lines(words);
    layer
}

/// Whether `glyph` belongs to the word being built: same baseline, and not far to its
/// right nor behind it.
fn continues(word: &WordInProgress, glyph: &Glyph) -> bool {
    let size = word.size.min(glyph.size).max(1.0);
    let same_baseline = (glyph.baseline - word.baseline).abs() <= SAME_BASELINE_EM * size;
    let gap = glyph.bbox[0] - word.bbox[2];
    same_baseline && gap <= WORD_GAP_EM * size && gap >= -size
}

/// Words that share a baseline, as lines in reading order.
fn lines(mut words: Vec<WordInProgress>) -> Vec<Line> {
    words.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.bbox[0].total_cmp(&b.bbox[0])));
    let mut lines = Vec::new();
    let mut row: Vec<Word> = Vec::new();
    let mut row_baseline = f32::NEG_INFINITY;
    let mut row_size = 1.0f32;
    for word in words {
        let tolerance = SAME_BASELINE_EM * word.size.min(row_size).max(1.0);
        if (word.baseline - row_baseline).abs() > tolerance {
            lines.extend(Line::from_words(std::mem::take(&mut row)));
            row_baseline = word.baseline;
            row_size = word.size;
        }
        row.push(Word { text: word.text, bbox: word.bbox, confidence: 1.0 });
    }
    lines.extend(Line::from_words(row));
    sort_reading_order(&mut lines);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters of `text` set in a 10-point font on `baseline` from `x`, 6 points apart.
    fn glyphs(text: &str, x: f32, baseline: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| {
                let x0 = x + 6.0 * i as f32;
                Glyph { ch, bbox: [x0, baseline - 7.0, x0 + 5.0, baseline], baseline, size: 10.0 }
            })
            .collect()
    }

    #[test]
    fn words_end_at_spaces_gaps_and_baseline_changes() {
        let mut page = glyphs("Total TTC", 72.0, 100.0);
        page.extend(glyphs("5554,56", 300.0, 100.0)); // Right-aligned, no space before it.
        page.extend(glyphs("Net", 72.0, 120.0));
        let layer = read(&page);
        let texts: Vec<String> = layer.lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["Total TTC 5554,56", "Net"]);
        assert_eq!(layer.n_words, 4);
        assert_eq!(layer.lines[0].words[0].bbox, [72.0, 93.0, 101.0, 100.0]);
        assert_eq!(layer.lines[0].words[2].confidence, 1.0);
        assert!(!layer.is_usable(), "four words are too few");
    }

    #[test]
    fn content_order_does_not_matter() {
        // The bottom line is drawn first, and a line's second half before its first.
        let mut page = glyphs("bas de page", 72.0, 800.0);
        page.extend(glyphs("droite", 200.0, 100.0));
        page.extend(glyphs("gauche", 72.0, 100.5));
        let layer = read(&page);
        let texts: Vec<String> = layer.lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["gauche droite", "bas de page"]);
    }

    #[test]
    fn garbage_makes_a_text_layer_unusable() {
        let readable = read(&glyphs("Facture numero 42 du 15 mars", 72.0, 100.0));
        assert!(readable.is_usable());
        let garbage: String = "Facture numero 42 du 15 mars"
            .chars()
            .enumerate()
            .map(|(i, ch)| if ch != ' ' && i % 2 == 0 { '\u{fffd}' } else { ch })
            .collect();
        let layer = read(&glyphs(&garbage, 72.0, 100.0));
        assert_eq!(layer.n_words, 6);
        assert!(!layer.is_usable(), "{} of {} characters are garbage", layer.n_garbage, layer.n_chars);
        assert!(is_garbage('\u{e01f}') && is_garbage('\u{1}') && !is_garbage('é'));
    }
}
