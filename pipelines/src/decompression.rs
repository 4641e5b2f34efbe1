//! Decompression bombs: a few kilobytes that expand to gigabytes.
//!
//! Every place the pipeline (or a library it hands bytes to) decompresses a part of a
//! document charges it to one `Budget` per document: a ZIP entry of a workbook, from
//! the sizes its directory declares, before calamine opens the archive (the `zip`
//! crate then refuses to produce more than an entry declares); a PDF stream, from
//! what it really expands to (`pdf::check_streams`). A part that expands more than
//! `Limits::max_decompression_ratio` times its compressed size, or a document whose
//! parts together pass `Limits::max_decompressed_bytes`, fails with
//! `decompression_bomb` before anything is built from it.
//!
//! Image data is not charged here: decoders stop at the pixels the header declares,
//! which `Limits::max_pixels` bounds (`too_many_pixels`).

use std::io::{Read, Seek};

use liasse_core::ErrorCode;

use crate::{Error, Limits, Result};

/// Parts that expand to less than this are never refused for their ratio: a small
/// part costs nothing whatever its ratio (an empty sheet's XML compresses 300 times).
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// What may still be decompressed from one document.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    max_ratio: u64,
    max_total: u64,
    used: u64,
}

impl Budget {
    pub fn new(limits: &Limits) -> Self {
        Self {
            max_ratio: u64::try_from(limits.max_decompression_ratio).unwrap_or(u64::MAX).max(1),
            max_total: u64::try_from(limits.max_decompressed_bytes).unwrap_or(u64::MAX),
            used: 0,
        }
    }

    /// The most a part of `compressed` bytes may expand to: what its ratio allows (never
    /// under the floor), and never more than what is left of the document's budget.
    pub fn allowance(&self, compressed: u64) -> u64 {
        self.ratio_allowance(compressed).min(self.remaining())
    }

    fn ratio_allowance(&self, compressed: u64) -> u64 {
        compressed.saturating_mul(self.max_ratio).max(RATIO_FLOOR)
    }

    fn remaining(&self) -> u64 {
        self.max_total.saturating_sub(self.used)
    }

    /// Charges a part (`what`: "a ZIP entry", "a PDF stream") of `compressed` bytes that
    /// expands to `expanded` bytes.
    pub fn charge(&mut self, what: &str, compressed: u64, expanded: u64) -> Result<()> {
        if expanded > self.ratio_allowance(compressed) {
            return Err(self.over_ratio(what, compressed, Some(expanded)));
        }
        self.used = self.used.saturating_add(expanded);
        if self.used > self.max_total {
            return Err(self.over_total());
        }
        Ok(())
    }

    /// The error of a part that was cut off at `self.allowance(compressed)` bytes.
    pub fn exceeded(&self, what: &str, compressed: u64) -> Error {
        if self.ratio_allowance(compressed) <= self.remaining() {
            self.over_ratio(what, compressed, None)
        } else {
            self.over_total()
        }
    }

    /// `expanded`: what the part expands to, `None` when it was cut off at its allowance.
    fn over_ratio(&self, what: &str, compressed: u64, expanded: Option<u64>) -> Error {
        let expanded = match expanded {
            Some(expanded) => expanded.to_string(),
            None => format!("more than {}", self.ratio_allowance(compressed)),
        };
        bomb(format!(
            "{what} of {compressed} bytes expands to {expanded} bytes, over {} times its size",
            self.max_ratio
        ))
    }

    fn over_total(&self) -> Error {
        bomb(format!("the document expands to more than {} bytes once decompressed", self.max_total))
    }
}

fn bomb(message: String) -> Error {
    Error::new(ErrorCode::DecompressionBomb, message)
}

/// Checks a ZIP archive from its central directory alone (nothing is inflated): every
/// entry against the ratio, all of them together against the total, and the sum of
/// the entries against the size of the whole archive, which catches entries that
/// share their compressed data (overlapping entries, each with a modest ratio).
pub(crate) fn check_zip<R: Read + Seek>(
    archive: &zip::ZipArchive<R>,
    archive_len: u64,
    budget: &mut Budget,
) -> Result<()> {
    let mut declared_total: u64 = 0;
    for index in 0..archive.len() {
        // The entry's directory record, without reading its data.
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        let (compressed, expanded) = (entry.compressed_size(), entry.size());
        budget.charge("a ZIP entry", compressed, expanded)?;
        declared_total = declared_total.saturating_add(expanded);
    }
    if declared_total > budget.ratio_allowance(archive_len) {
        return Err(budget.over_ratio("the ZIP archive", archive_len, Some(declared_total)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(max_ratio: usize, max_total: usize) -> Budget {
        Budget::new(&Limits {
            max_decompression_ratio: max_ratio,
            max_decompressed_bytes: max_total,
            ..Limits::default()
        })
    }

    #[test]
    fn small_parts_pass_whatever_their_ratio_and_large_ones_are_held_to_it() {
        let mut budget = budget(100, usize::MAX);
        assert!(budget.charge("a part", 10, RATIO_FLOOR).is_ok(), "under the floor");
        assert!(budget.charge("a part", 100_000, 10_000_000).is_ok(), "exactly 100 times");
        let error = budget.charge("a part", 100_000, 10_000_001).expect_err("over 100 times");
        assert_eq!(error.code, ErrorCode::DecompressionBomb);
        assert!(error.message.contains("100 times"), "{}", error.message);
    }

    #[test]
    fn the_total_is_counted_over_parts() {
        let mut budget = budget(1000, 3 * RATIO_FLOOR as usize);
        for _ in 0..3 {
            budget.charge("a part", 1024, RATIO_FLOOR).expect("within the total");
        }
        assert_eq!(budget.allowance(1024), 0);
        let error = budget.charge("a part", 1024, 1).expect_err("one byte over the total");
        assert_eq!(error.code, ErrorCode::DecompressionBomb);
        assert!(error.message.contains("once decompressed"), "{}", error.message);
    }

    #[test]
    fn an_allowance_is_the_smaller_of_ratio_and_what_is_left() {
        let budget = budget(100, 50 * RATIO_FLOOR as usize);
        assert_eq!(budget.allowance(10), RATIO_FLOOR);
        assert_eq!(budget.allowance(100 * 1024), 100 * 100 * 1024);
        assert_eq!(budget.allowance(u64::MAX), 50 * RATIO_FLOOR);
        assert!(budget.exceeded("a stream", 10).message.contains("100 times"));
        assert!(budget.exceeded("a stream", u64::MAX).message.contains("once decompressed"));
    }
}
