//! The extent of an ODS workbook's sheets, measured before calamine reads it.
//!
//! calamine lays an ODS sheet out as a dense rectangle, expanding repeated rows and
//! columns (`table:number-rows-repeated`), up to 100 million cells of its own limit: a
//! few kilobytes of XML can ask for gigabytes. This scan streams `content.xml` once,
//! keeping nothing but counters, and gives the area calamine would build: from the first
//! to the last row holding a value, times the widest extent of a value, sheet by sheet.

use std::io::{Cursor, Read};

use super::corrupt;
use crate::Result;

/// Bytes of `content.xml` read at a time.
const CHUNK: usize = 64 * 1024;
/// The longest tag accepted: cell tags carry a handful of short attributes.
const MAX_TAG: usize = 1024 * 1024;

/// The number of cells calamine would lay out for the workbook, summed over sheets.
pub(super) fn cells(bytes: &[u8]) -> Result<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt("the ODS container is damaged"))?;
    let mut content = archive.by_name("content.xml").map_err(|_| corrupt("the ODS workbook has no content"))?;
    let mut extent = Extent::default();
    let mut pending: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n_read = content.read(&mut chunk).map_err(|_| corrupt("the ODS content cannot be decompressed"))?;
        if n_read == 0 {
            break;
        }
        pending.extend_from_slice(&chunk[..n_read]);
        let consumed = extent.feed(&pending);
        pending.drain(..consumed);
        if pending.len() > MAX_TAG {
            return Err(corrupt("the ODS content has a tag too long to be real"));
        }
    }
    Ok(extent.finish())
}

/// Counters of the scan.
#[derive(Debug, Default)]
struct Extent {
    /// Cells of the sheets already closed.
    total: u64,
    /// Rows of the current sheet so far (repeats expanded).
    n_rows: u64,
    /// First and last row of the current sheet holding a value.
    value_rows: Option<(u64, u64)>,
    /// Widest extent, in columns, of a value in the current sheet.
    width: u64,
    /// The row being read: its repeat count, its columns so far, its value extent.
    row_repeats: u64,
    row_columns: u64,
    row_width: u64,
}

impl Extent {
    /// Scans the complete tags of `xml`; returns how many bytes were consumed.
    fn feed(&mut self, xml: &[u8]) -> usize {
        let mut consumed = 0;
        while let Some(start) = xml[consumed..].iter().position(|&b| b == b'<') {
            let start = consumed + start;
            let Some(len) = xml[start..].iter().position(|&b| b == b'>') else {
                return start;
            };
            self.tag(&xml[start..=start + len]);
            consumed = start + len + 1;
        }
        xml.len()
    }

    fn tag(&mut self, tag: &[u8]) {
        let self_closing = tag.ends_with(b"/>");
        if tag.starts_with(b"<table:table ") || tag.starts_with(b"<table:table>") || tag == b"</table:table>" {
            self.close_sheet();
        } else if tag.starts_with(b"<table:table-row") {
            self.row_repeats = attribute(tag, b"table:number-rows-repeated").unwrap_or(1);
            self.row_columns = 0;
            self.row_width = 0;
            if self_closing {
                self.close_row();
            }
        } else if tag == b"</table:table-row>" {
            self.close_row();
        } else if tag.starts_with(b"<table:table-cell") || tag.starts_with(b"<table:covered-table-cell") {
            self.row_columns =
                self.row_columns.saturating_add(attribute(tag, b"table:number-columns-repeated").unwrap_or(1));
            // A cell holds something when it declares a value or has content.
            if !self_closing || contains(tag, b"office:value-type") {
                self.row_width = self.row_columns;
            }
        }
    }

    fn close_row(&mut self) {
        let first = self.n_rows;
        self.n_rows = self.n_rows.saturating_add(self.row_repeats);
        if self.row_width > 0 {
            let last = self.n_rows.saturating_sub(1);
            self.value_rows = Some(self.value_rows.map_or((first, last), |(first_value, _)| (first_value, last)));
            self.width = self.width.max(self.row_width);
        }
    }

    fn close_sheet(&mut self) {
        if let Some((first, last)) = self.value_rows.take() {
            self.total = self.total.saturating_add((last - first + 1).saturating_mul(self.width));
        }
        self.n_rows = 0;
        self.width = 0;
    }

    fn finish(mut self) -> u64 {
        self.close_sheet();
        self.total
    }
}

/// The numeric value of `name="…"` in a tag.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = tag.windows(name.len()).position(|window| window == name)? + name.len();
    let rest = tag[at..].strip_prefix(b"=\"")?;
    let digits = &rest[..rest.iter().position(|b| !b.is_ascii_digit())?];
    std::str::from_utf8(digits).ok()?.parse().ok()
}

fn contains(tag: &[u8], needle: &[u8]) -> bool {
    tag.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> u64 {
        let mut extent = Extent::default();
        // Fed in two halves, as chunks come: the tag cut in the middle is carried over.
        let (a, b) = xml.as_bytes().split_at(xml.len() / 2);
        let consumed = extent.feed(a);
        let mut rest = a[consumed..].to_vec();
        rest.extend_from_slice(b);
        extent.feed(&rest);
        extent.finish()
    }

    #[test]
    fn empty_repeats_cost_nothing_and_value_repeats_count() {
        let ordinary = r#"<table:table table:name="F"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(scan(ordinary), 2);
        let bomb = r#"<table:table table:name="F"><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(scan(bomb), 100_000_000);
        let far_apart = r#"<table:table><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="9998"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="9"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(scan(far_apart), 10_000 * 10);
    }
}
