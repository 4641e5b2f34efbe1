//! A layout as one string that patterns can search across line breaks, with the way
//! back from a byte range of that string to the page, the box and the text of the lines
//! it came from (a field's provenance).

use std::ops::Range;

use liasse_core::Provenance;

use crate::layout::{Layout, union};

/// Longest provenance text kept, in characters: enough to show a reviewer the clause,
/// short enough not to copy the document into every result.
pub const PROVENANCE_CHARS: usize = 200;

/// Where one line of the layout sits in `DocumentText::text`.
#[derive(Debug, Clone, Copy)]
struct LineSpan {
    start: usize,
    end: usize,
    page: u32,
    bbox: [f32; 4],
}

/// The lines of every page joined by `'\n'`, in reading order.
#[derive(Debug, Clone, Default)]
pub struct DocumentText {
    pub text: String,
    lines: Vec<LineSpan>,
}

impl DocumentText {
    pub fn new(layout: &Layout) -> Self {
        let mut text = String::new();
        let mut lines = Vec::new();
        for page in &layout.pages {
            for line in &page.lines {
                if !text.is_empty() {
                    text.push('\n');
                }
                let start = text.len();
                for (word_idx, word) in line.words.iter().enumerate() {
                    if word_idx > 0 {
                        text.push(' ');
                    }
                    text.push_str(&word.text);
                }
                lines.push(LineSpan { start, end: text.len(), page: page.number, bbox: line.bbox });
            }
        }
        Self { text, lines }
    }

    /// The first line that ends after `offset`; `None` past the end of the text.
    fn line_index_at(&self, offset: usize) -> Option<usize> {
        let index = self.lines.partition_point(|line| line.end < offset);
        (index < self.lines.len()).then_some(index)
    }

    /// The page (1-based) of the byte at `offset`.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        self.line_index_at(offset).map(|index| self.lines[index].page)
    }

    /// The byte offset where the page after `page` starts (the end of the text after the
    /// last page).
    pub fn end_of_page(&self, page: u32) -> usize {
        self.lines.iter().find(|line| line.page > page).map_or(self.text.len(), |line| line.start)
    }

    /// The provenance of `range`: the page of its first line, the box around its lines
    /// on that page, and its text on one line, cut at `PROVENANCE_CHARS`.
    pub fn provenance(&self, range: Range<usize>) -> Provenance {
        let Some(first) = self.line_index_at(range.start) else {
            return Provenance::default();
        };
        let page = self.lines[first].page;
        let mut bbox = self.lines[first].bbox;
        for line in self.lines[first + 1..].iter().take_while(|line| line.start < range.end && line.page == page) {
            bbox = union(bbox, line.bbox);
        }
        let fragment = self.text.get(range).unwrap_or_default();
        Provenance { page: Some(page), bbox: Some(bbox), text: Some(snippet(fragment)), path: None }
    }
}

/// `text` on one line (runs of white space become one space), cut at
/// `PROVENANCE_CHARS` characters.
pub fn snippet(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(PROVENANCE_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
pub(crate) mod test_layout {
    use liasse_core::Source;

    use crate::layout::{Layout, Line, Page, Word};

    /// A layout whose pages are the given texts, one line per `'\n'`, words 5 points
    /// wide per character, lines 12 points apart.
    pub fn layout(pages: &[&str]) -> Layout {
        let pages = pages
            .iter()
            .enumerate()
            .map(|(page_idx, text)| {
                let lines = text
                    .lines()
                    .enumerate()
                    .filter_map(|(line_idx, line)| {
                        let top = 72.0 + 12.0 * line_idx as f32;
                        let mut x = 72.0;
                        let words = line
                            .split_whitespace()
                            .map(|word| {
                                let width = 5.0 * word.chars().count() as f32;
                                let bbox = [x, top, x + width, top + 10.0];
                                x += width + 5.0;
                                Word { text: word.to_owned(), bbox, confidence: 1.0 }
                            })
                            .collect();
                        Line::from_words(words)
                    })
                    .collect();
                Page {
                    number: page_idx as u32 + 1,
                    width: 612.0,
                    height: 792.0,
                    lines,
                    source: Source::TextLayer,
                    rotation_applied: 0,
                }
            })
            .collect();
        Layout { pages }
    }
}

#[cfg(test)]
mod tests {
    use super::test_layout::layout;
    use super::*;

    #[test]
    fn ranges_map_back_to_lines_and_pages() {
        let document =
            DocumentText::new(&layout(&["This Agreement is made\nby and between", "Governed by the laws of Delaware"]));
        assert_eq!(document.text, "This Agreement is made\nby and between\nGoverned by the laws of Delaware");
        let start = document.text.find("made").expect("present");
        let end = document.text.find("between").expect("present") + "between".len();
        let provenance = document.provenance(start..end);
        assert_eq!(provenance.page, Some(1));
        assert_eq!(provenance.text.as_deref(), Some("made by and between"));
        assert_eq!(provenance.bbox, Some([72.0, 72.0, 182.0, 94.0]));
        let delaware = document.text.find("Delaware").expect("present");
        assert_eq!(document.page_at(delaware), Some(2));
        assert_eq!(document.provenance(delaware..delaware + 8).bbox.map(|bbox| bbox[1]), Some(72.0));
        assert_eq!(document.end_of_page(1), document.text.find("Governed").expect("present"));
        assert_eq!(document.provenance(10_000..10_001), Provenance::default());
    }

    #[test]
    fn snippets_are_one_line_and_short() {
        assert_eq!(snippet("a\n  b"), "a b");
        let long = "word ".repeat(100);
        assert_eq!(snippet(&long).chars().count(), PROVENANCE_CHARS + 1);
    }
}
