//! Hostile files, made in memory: deflate bombs built from one compressed mebibyte
//! repeated, ZIP archives written by hand (so their directories can lie), PDFs with
//! bomb streams, images with huge declared dimensions, nested messages.

use std::io::{Cursor, Read, Write};

use flate2::{Compress, Compression, Crc, FlushCompress};
use lopdf::{Document, Object, Stream, dictionary};

use crate::pdf::tests::{AttachmentLayout, build_pdf, save};

const MIB: usize = 1 << 20;

/// Raw deflate data: `prefix`, then `n_mib` MiB of `byte`, then `suffix`, and the
/// plain length and CRC-32 of that. The MiB of `byte` is compressed once and its bytes
/// repeated: it ends on a full flush, which leaves the compressor with an empty
/// history, so the same bytes decode the same way at any point of the stream. A GiB
/// costs a MiB.
pub struct DeflateBomb {
    pub deflate: Vec<u8>,
    pub plain_len: u64,
    pub crc: u32,
}

pub fn deflate_bomb(prefix: &[u8], byte: u8, n_mib: usize, suffix: &[u8]) -> DeflateBomb {
    let mut compress = Compress::new(Compression::best(), false);
    let mut deflate = full_flush(&mut compress, prefix);
    let plain = vec![byte; MIB];
    let chunk = full_flush(&mut compress, &plain);
    let mut crc = Crc::new();
    crc.update(prefix);
    for _ in 0..n_mib {
        deflate.extend_from_slice(&chunk);
        crc.update(&plain);
    }
    let mut tail = Vec::with_capacity(suffix.len() + 64);
    let status = compress.compress_vec(suffix, &mut tail, FlushCompress::Finish).expect("compresses");
    assert_eq!(status, flate2::Status::StreamEnd, "the suffix fits the buffer");
    deflate.extend_from_slice(&tail);
    crc.update(suffix);
    let plain_len = (prefix.len() + n_mib * MIB + suffix.len()) as u64;
    DeflateBomb { deflate, plain_len, crc: crc.sum() }
}

fn full_flush(compress: &mut Compress, input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 100 + 1024);
    let before = compress.total_in();
    compress.compress_vec(input, &mut out, FlushCompress::Full).expect("compresses");
    assert_eq!(compress.total_in() - before, input.len() as u64, "the buffer holds the output");
    out
}

/// Zlib data (as PDF `FlateDecode` wants it) that inflates to `n_mib` MiB of zeros. The
/// Adler-32 of zeros is 1 in its low half and the length modulo 65,521 in its high half.
pub fn zlib_zeros(n_mib: usize) -> Vec<u8> {
    let bomb = deflate_bomb(&[], 0, n_mib, &[]);
    let mut zlib = vec![0x78, 0xDA];
    zlib.extend_from_slice(&bomb.deflate);
    let adler = (((bomb.plain_len % 65_521) as u32) << 16) | 1;
    zlib.extend_from_slice(&adler.to_be_bytes());
    zlib
}

pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("compresses");
    encoder.finish().expect("compresses")
}

/// One entry of a ZIP written by hand: `stored` holds the bytes as stored (deflated
/// when `deflated`), `size` and `crc` what the directory declares of the plain bytes.
#[derive(Clone)]
pub struct ZipEntry {
    pub name: String,
    pub deflated: bool,
    pub stored: Vec<u8>,
    pub size: u32,
    pub crc: u32,
    /// Written only in the directory, pointing at the data of this earlier entry (an
    /// overlapping entry, as in the zip bombs that need no nesting).
    pub alias_of: Option<usize>,
}

impl ZipEntry {
    /// An honest entry: the plain bytes deflated, with their true size and CRC.
    pub fn deflated(name: &str, plain: &[u8]) -> Self {
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(plain).expect("compresses");
        let mut crc = Crc::new();
        crc.update(plain);
        Self {
            name: name.to_owned(),
            deflated: true,
            stored: encoder.finish().expect("compresses"),
            size: plain.len() as u32,
            crc: crc.sum(),
            alias_of: None,
        }
    }

    pub fn stored(name: &str, plain: &[u8]) -> Self {
        let mut crc = Crc::new();
        crc.update(plain);
        let size = plain.len() as u32;
        Self { name: name.to_owned(), deflated: false, stored: plain.to_vec(), size, crc: crc.sum(), alias_of: None }
    }

    /// A bomb entry, declaring what it really expands to (which must fit 32 bits).
    pub fn bomb(name: &str, bomb: DeflateBomb) -> Self {
        let size = u32::try_from(bomb.plain_len).expect("no ZIP64 here");
        Self { name: name.to_owned(), deflated: true, stored: bomb.deflate, size, crc: bomb.crc, alias_of: None }
    }
}

/// A ZIP archive: local headers and data, the central directory, its end record.
pub fn zip(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len());
    for entry in entries {
        let offset = match entry.alias_of {
            Some(earlier) => offsets[earlier],
            None => out.len() as u32,
        };
        offsets.push(offset);
        let method: u16 = if entry.deflated { 8 } else { 0 };
        let common = |buffer: &mut Vec<u8>| {
            buffer.extend_from_slice(&20u16.to_le_bytes()); // version needed
            buffer.extend_from_slice(&0u16.to_le_bytes()); // flags
            buffer.extend_from_slice(&method.to_le_bytes());
            buffer.extend_from_slice(&0u16.to_le_bytes()); // time
            buffer.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            buffer.extend_from_slice(&entry.crc.to_le_bytes());
            buffer.extend_from_slice(&(entry.stored.len() as u32).to_le_bytes());
            buffer.extend_from_slice(&entry.size.to_le_bytes());
            buffer.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            buffer.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        if entry.alias_of.is_none() {
            out.extend_from_slice(b"PK\x03\x04");
            common(&mut out);
            out.extend_from_slice(entry.name.as_bytes());
            out.extend_from_slice(&entry.stored);
        }

        directory.extend_from_slice(b"PK\x01\x02");
        directory.extend_from_slice(&20u16.to_le_bytes()); // made by
        common(&mut directory);
        directory.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        directory.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(entry.name.as_bytes());
    }
    let directory_offset = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&directory_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out
}

/// The entries of a real archive, each read and deflated again.
pub fn entries_of(archive: &[u8]) -> Vec<ZipEntry> {
    let mut archive = zip::ZipArchive::new(Cursor::new(archive)).expect("a ZIP");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("an entry");
            let mut plain = Vec::new();
            file.read_to_end(&mut plain).expect("reads");
            let name = file.name().expect("a UTF-8 name").into_owned();
            ZipEntry::deflated(&name, &plain)
        })
        .collect()
}

/// A real archive with `from` replaced by `to` in its entry `name`.
pub fn with_entry_edited(archive: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
    let mut reader = zip::ZipArchive::new(Cursor::new(archive)).expect("a ZIP");
    let mut entries = Vec::with_capacity(reader.len());
    for index in 0..reader.len() {
        let mut file = reader.by_index(index).expect("an entry");
        let mut plain = Vec::new();
        file.read_to_end(&mut plain).expect("reads");
        let entry_name = file.name().expect("a UTF-8 name").into_owned();
        if entry_name == name {
            let text = String::from_utf8(plain).expect("XML");
            assert!(text.contains(from), "{name} has no {from:?}");
            plain = text.replace(from, to).into_bytes();
        }
        entries.push(ZipEntry::deflated(&entry_name, &plain));
    }
    zip(&entries)
}

/// A real workbook (`samples/spreadsheets/facture-lignes.xlsx`) with shared strings
/// added: one string of `n_mib` MiB of `A`, as calamine would read it, whole, on open.
/// `declared` overrides the size its directory gives (a directory that lies).
pub fn xlsx_with_shared_strings_bomb(workbook: &[u8], n_mib: usize, declared: Option<u32>) -> Vec<u8> {
    let prefix = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
    let bomb = deflate_bomb(prefix, b'A', n_mib, b"</t></si></sst>");
    let mut entries = entries_of(workbook);
    let mut entry = ZipEntry::bomb("xl/sharedStrings.xml", bomb);
    if let Some(declared) = declared {
        entry.size = declared;
    }
    entries.push(entry);
    zip(&entries)
}

/// An ODS (`samples/spreadsheets/facture.ods`) whose `content.xml` is `n_mib` MiB of
/// spaces inside a comment.
pub fn ods_with_content_bomb(workbook: &[u8], n_mib: usize) -> Vec<u8> {
    let mut entries: Vec<ZipEntry> = entries_of(workbook).into_iter().filter(|e| e.name != "content.xml").collect();
    let bomb = deflate_bomb(b"<?xml version=\"1.0\"?><!--", b' ', n_mib, b"-->");
    entries.push(ZipEntry::bomb("content.xml", bomb));
    // `mimetype` first and stored, as the format wants.
    let mimetype = entries.iter().position(|e| e.name == "mimetype").expect("a mimetype entry");
    let plain = b"application/vnd.oasis.opendocument.spreadsheet";
    entries[mimetype] = ZipEntry::stored("mimetype", plain);
    entries.swap(0, mimetype);
    zip(&entries)
}

/// A one-page PDF with text, its page content stream replaced by `content` (already
/// encoded) under `filters`.
pub fn pdf_with_content(content: Vec<u8>, filters: &[&str]) -> Vec<u8> {
    let mut document = build_pdf(&["Facture F-1"], &[], AttachmentLayout::NameTreeAndAssociatedFiles);
    let page_id = *document.get_pages().values().next().expect("a page");
    let stream_id = document.add_object(Stream::new(dictionary! { "Filter" => filter_object(filters) }, content));
    document.get_dictionary_mut(page_id).expect("the page").set("Contents", stream_id);
    save(document)
}

fn filter_object(filters: &[&str]) -> Object {
    match filters {
        [one] => Object::Name(one.as_bytes().to_vec()),
        many => Object::Array(many.iter().map(|f| Object::Name(f.as_bytes().to_vec())).collect()),
    }
}

/// A Factur-X-shaped PDF whose `factur-x.xml` is the given zlib data.
pub fn pdf_with_embedded_file(zlib_data: Vec<u8>) -> Vec<u8> {
    let placeholder: [(&str, &[u8]); 1] = [("factur-x.xml", b"<x/>")];
    let mut document = build_pdf(&["Facture F-1"], &placeholder, AttachmentLayout::NameTreeAndAssociatedFiles);
    replace_embedded_files(&mut document, zlib_data);
    save(document)
}

fn replace_embedded_files(document: &mut Document, zlib_data: Vec<u8>) {
    for object in document.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.has_type(b"EmbeddedFile")
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(zlib_data.clone());
        }
    }
}

/// A page without text drawing a `width` × `height` grey image whose data is `zlib_data`.
pub fn pdf_with_image(width: i64, height: i64, zlib_data: Vec<u8>) -> Vec<u8> {
    let mut document = build_pdf(&[""], &[], AttachmentLayout::NameTreeAndAssociatedFiles);
    let image_id = document.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        zlib_data,
    ));
    let content = b"q 500 0 0 700 50 70 cm /Im0 Do Q".to_vec();
    let content_id = document.add_object(Stream::new(dictionary! {}, content));
    let page_id = *document.get_pages().values().next().expect("a page");
    let page = document.get_dictionary_mut(page_id).expect("the page");
    page.set("Contents", content_id);
    page.set("Resources", dictionary! { "XObject" => dictionary! { "Im0" => image_id } });
    save(document)
}

/// A PNG chunk with its CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// A `width` × `height` 8-bit grey PNG whose image data is `zlib_data`.
pub fn png_with_data(width: u32, height: u32, zlib_data: &[u8]) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8 bits, grey, deflate, no filter, no interlace
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(png_chunk(b"IHDR", &header));
    bytes.extend(png_chunk(b"IDAT", zlib_data));
    bytes.extend(png_chunk(b"IEND", &[]));
    bytes
}

/// A little-endian TIFF declaring one `width` × `height` 8-bit grey page, uncompressed,
/// in one strip of which only 16 bytes are there.
pub fn tiff_declaring(width: u32, height: u32) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    let entries: [(u16, u16, u32); 9] = [
        (256, LONG, width),  // ImageWidth
        (257, LONG, height), // ImageLength
        (258, SHORT, 8),     // BitsPerSample
        (259, SHORT, 1),     // Compression: none
        (262, SHORT, 1),     // PhotometricInterpretation: black is zero
        (273, LONG, 0),      // StripOffsets, set below
        (277, SHORT, 1),     // SamplesPerPixel
        (278, LONG, height), // RowsPerStrip
        (279, LONG, 16),     // StripByteCounts
    ];
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_offset = (8 + ifd_len) as u32;
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, value) in entries {
        let value = if tag == 273 { data_offset } else { value };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if kind == SHORT {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes()); // no next page
    out.extend_from_slice(&[0x80; 16]);
    out
}

/// `levels` messages, each forwarding the next as a `message/rfc822` attachment.
pub fn nested_messages(levels: usize) -> String {
    let mut message = "From: bottom@x.example\nSubject: bottom\n\nThe bottom.".to_owned();
    for level in (0..levels).rev() {
        message = format!(
            "From: level{level}@x.example\nSubject: level {level}\nContent-Type: multipart/mixed; boundary=\"b{level}\"\n\n\
            --b{level}\nContent-Type: text/plain\n\nForwarded.\n\
            --b{level}\nContent-Type: message/rfc822\n\n{message}\n--b{level}--\n"
        );
    }
    message
}

/// One message whose body is `levels` multiparts, each inside the one before.
pub fn nested_multiparts(levels: usize) -> String {
    let mut message =
        String::from("From: a@x.example\nSubject: deep\nContent-Type: multipart/mixed; boundary=\"m0\"\n\n");
    for level in 1..=levels {
        message.push_str(&format!("--m{}\nContent-Type: multipart/mixed; boundary=\"m{level}\"\n\n", level - 1));
    }
    message.push_str(&format!("--m{levels}\nContent-Type: text/plain\n\nThe bottom.\n"));
    for level in (0..=levels).rev() {
        message.push_str(&format!("--m{level}--\n"));
    }
    message
}

/// `len` bytes of a deterministic xorshift sequence after `magic`.
pub fn random_after(magic: &[u8], len: usize, mut state: u32) -> Vec<u8> {
    let mut out = magic.to_vec();
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out.push((state >> 24) as u8);
    }
    out
}
