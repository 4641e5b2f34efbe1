//! What the streams of a PDF expand to, counted before PDFium is given the file.
//!
//! PDFium inflates a content stream, a font or a colour profile whole, with no limit
//! of its own: one mebibyte of deflated zeros as a page's content takes it 9 seconds
//! and 2 GB. Each compressed stream that is not an image is inflated here in chunks,
//! counting and keeping nothing, against the document's decompression budget
//! (`crate::decompression`). Image data is left to PDFium, whose image decoders stop at
//! the pixels the image declares.

use std::io::Read;

use lopdf::{DecompressError, Document, Object, Stream};

use crate::decompression::Budget;
use crate::{Limits, Result};

/// Inflates every compressed stream that is not an image, counting and keeping
/// nothing, against the document's decompression budget: a flate bomb in a content
/// stream, a font or an embedded file fails the document here. Image data is left to
/// PDFium, whose decoders stop at the pixels the image declares. A stream that cannot
/// be decoded (an unknown filter, damage) is left to PDFium too, which repairs or
/// skips it.
pub(super) fn check_streams(document: &Document, limits: &Limits) -> Result<()> {
    let mut budget = Budget::new(limits);
    for object in document.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|subtype| subtype == b"Image") {
            continue;
        }
        let Ok(filters) = stream.filters() else {
            continue;
        };
        let compressed = stream.content.len() as u64;
        let allowance = budget.allowance(compressed);
        let expanded = match filters.as_slice() {
            [] => continue,
            // The usual case, inflated in chunks: a bomb costs time, never memory. Data
            // that is not zlib from its first byte goes to lopdf, which is lenient.
            [b"FlateDecode" | b"Fl"] if stream.dict.get(b"DecodeParms").is_err() => {
                inflated_len(&stream.content, allowance).unwrap_or_else(|| decoded_len(stream, allowance))
            }
            _ => decoded_len(stream, allowance),
        };
        match expanded {
            Some(expanded) => budget.charge("a PDF stream", compressed, expanded)?,
            None => return Err(budget.exceeded("a PDF stream", compressed)),
        }
    }
    Ok(())
}

/// How many bytes zlib data inflates to, reading at most `allowance + 1` of them:
/// `Some(None)` past the allowance, `None` when the data is not zlib at all. Data
/// damaged further on counts what came out before the damage.
fn inflated_len(zlib: &[u8], allowance: u64) -> Option<Option<u64>> {
    let mut decoder = flate2::read::ZlibDecoder::new(zlib).take(allowance.saturating_add(1));
    let mut chunk = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        match decoder.read(&mut chunk) {
            Ok(0) => break,
            Ok(n_read) => total += n_read as u64,
            Err(_) if total == 0 => return None,
            Err(_) => break,
        }
    }
    Some((total <= allowance).then_some(total))
}

/// How many bytes a stream decodes to through lopdf's filter chain, each layer bounded
/// by `allowance`: `None` past it, `Some(0)` when it cannot be decoded.
fn decoded_len(stream: &Stream, allowance: u64) -> Option<u64> {
    match stream.decompressed_content_with_limit(usize::try_from(allowance).unwrap_or(usize::MAX)) {
        Ok(content) => Some(content.len() as u64),
        Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => None,
        Err(_) => Some(0),
    }
}

/// How far before a `stream` keyword its object's dictionary is looked for.
const MAX_DICTIONARY_BYTES: usize = 4096;

/// The same check on the raw bytes of a PDF that lopdf cannot parse (PDFium repairs
/// damaged cross-reference tables and reads what it finds): every `stream` keyword
/// followed by zlib data, up to its `endstream` or the end of the file, unless the
/// dictionary before it is an image's.
pub fn check_raw_streams(bytes: &[u8], limits: &Limits) -> Result<()> {
    let mut budget = Budget::new(limits);
    let mut position = 0;
    while let Some(found) = find(&bytes[position..], b"stream") {
        let keyword = position + found;
        position = keyword + b"stream".len();
        if bytes[..keyword].ends_with(b"end") {
            continue;
        }
        let rest = &bytes[position..];
        let data_start = position
            + match rest {
                [b'\r', b'\n', ..] => 2,
                [b'\n' | b'\r', ..] => 1,
                _ => continue,
            };
        let data_end = find(&bytes[data_start..], b"endstream").map_or(bytes.len(), |end| data_start + end);
        // The object's dictionary, looked for within a few kilobytes: a file of
        // `stream` keywords and nothing else must not cost a scan back each time.
        let window_start = keyword.saturating_sub(MAX_DICTIONARY_BYTES);
        let object_start = rfind(&bytes[window_start..keyword], b"obj").map_or(window_start, |at| window_start + at);
        let dictionary = &bytes[object_start..keyword];
        position = data_end;
        if find(dictionary, b"/Image").is_some() {
            continue;
        }
        let data = &bytes[data_start..data_end];
        let compressed = data.len() as u64;
        match inflated_len(data, budget.allowance(compressed)) {
            Some(Some(expanded)) => budget.charge("a PDF stream", compressed, expanded)?,
            Some(None) => return Err(budget.exceeded("a PDF stream", compressed)),
            None => {}
        }
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use liasse_core::ErrorCode;

    use super::*;

    fn zlib_zeros(n_bytes: usize) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![0; n_bytes]).expect("compresses");
        encoder.finish().expect("compresses")
    }

    fn raw_object(dictionary: &str, data: &[u8]) -> Vec<u8> {
        let mut bytes = format!("%PDF-1.7\n4 0 obj\n{dictionary}\nstream\r\n").into_bytes();
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(b"\r\nendstream\nendobj\n");
        bytes
    }

    #[test]
    fn raw_streams_are_counted_unless_they_are_images() {
        let limits = Limits::default();
        let bomb = zlib_zeros(16 << 20);
        assert!(bomb.len() * 100 < 16 << 20, "{} bytes", bomb.len());
        let error = check_raw_streams(&raw_object("<< /Filter /FlateDecode >>", &bomb), &limits).expect_err("a bomb");
        assert_eq!(error.code, ErrorCode::DecompressionBomb);
        // Cut before its end: what is there is still counted.
        let cut = raw_object("<< /Filter /FlateDecode >>", &bomb);
        let error = check_raw_streams(&cut[..cut.len() / 2], &limits).expect_err("a cut bomb");
        assert_eq!(error.code, ErrorCode::DecompressionBomb);
        let image = raw_object("<< /Type /XObject /Subtype /Image /Width 10 /Height 10 >>", &bomb);
        assert!(check_raw_streams(&image, &limits).is_ok());
        // Ordinary content, and data that is not zlib at all.
        let content = zlib_zeros(64 * 1024);
        assert!(check_raw_streams(&raw_object("<< /Filter /FlateDecode >>", &content), &limits).is_ok());
        assert!(check_raw_streams(&raw_object("<< >>", b"BT /F1 12 Tf (x) Tj ET"), &limits).is_ok());
        assert!(check_raw_streams(b"stream stream endstream stream\n", &limits).is_ok());
    }
}
