//! Tests of image decoding on images made here: limits before decoding, damage,
//! multi-page TIFF in several colour types, resolutions and transparency.

use std::io::Cursor;

use image::{GrayImage, ImageBuffer, Luma, LumaA};
use liasse_core::{DocumentId, ErrorCode, Source};
use tiff::encoder::{Rational, TiffEncoder, colortype};
use tiff::tags::ResolutionUnit;

use super::*;
use crate::test_support::{pipeline, png, render_first_page, sample};
use crate::{Input, Options};

/// Decodes every page, keeping them.
fn decode_all(bytes: &[u8], format: Format, limits: &Limits) -> Result<Vec<PageImage>> {
    let mut pages = Vec::new();
    for_each_page(bytes, format, limits, |page| {
        pages.push(page);
        true
    })?;
    Ok(pages)
}

/// A PNG of `width` × `height` 8-bit grey pixels, written by hand: a signature, a
/// header, one tiny (invalid) data chunk and the end. Enough for a decoder to read the
/// dimensions; nothing that could be decoded into that many pixels.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(&out[4..]).to_be_bytes());
        out
    }
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]); // 8 bits, grey, deflate, no filter, no interlace
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(chunk(b"IHDR", &header));
    bytes.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00]));
    bytes.extend(chunk(b"IEND", &[]));
    bytes
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_pixel_bomb_is_refused_before_decoding() {
    let bomb = png_header_only(100_000, 100_000);
    assert!(bomb.len() < 100, "the whole file is a header");
    let mut handed_over = 0;
    let error = for_each_page(&bomb, Format::Png, &Limits::default(), |_| {
        handed_over += 1;
        true
    })
    .expect_err("ten gigapixels");
    assert_eq!(error.code, ErrorCode::TooManyPixels, "{}", error.message);
    assert_eq!(handed_over, 0);
    // The same file is fine under a limit it fits.
    let small = png_header_only(10, 10);
    let error = decode_all(&small, Format::Png, &Limits::default()).expect_err("the data is not an image");
    assert_eq!(error.code, ErrorCode::CorruptImage);
}

#[test]
fn truncated_and_garbled_images_are_corrupt() {
    let page = png(&render_first_page(&sample("demo/facture-2024-0042.pdf"), 50.0));
    let error = decode_all(&page[..page.len() / 2], Format::Png, &Limits::default()).expect_err("truncated");
    assert_eq!(error.code, ErrorCode::CorruptImage, "{}", error.message);
    for garbage in [b"\xFF\xD8\xFF\xE0garbage".as_slice(), b"II*\0\x08\0\0\0\xFF\xFF"] {
        let format = crate::sniff::sniff(garbage);
        let error = decode_all(garbage, format, &Limits::default()).expect_err("garbage");
        assert!(matches!(error.code, ErrorCode::CorruptImage | ErrorCode::UnsupportedFormat), "{error}");
    }
}

/// A TIFF with one page per image, in the given colour types, recording 100 dpi.
fn tiff_pages(pages: &[GrayImage]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = TiffEncoder::new(Cursor::new(&mut bytes)).expect("an encoder");
    for (page_idx, page) in pages.iter().enumerate() {
        let (width, height) = page.dimensions();
        // Alternate colour types, so each conversion to grey is exercised.
        match page_idx % 3 {
            0 => {
                let mut image = encoder.new_image::<colortype::Gray8>(width, height).expect("a page");
                image.resolution(ResolutionUnit::Inch, Rational { n: 100, d: 1 });
                image.write_data(page.as_raw()).expect("writes");
            }
            1 => {
                let rgb: Vec<u8> = page.as_raw().iter().flat_map(|&v| [v, v, v]).collect();
                let mut image = encoder.new_image::<colortype::RGB8>(width, height).expect("a page");
                image.resolution(ResolutionUnit::Centimeter, Rational { n: 3937, d: 100 });
                image.write_data(&rgb).expect("writes");
            }
            _ => {
                let grey16: Vec<u16> = page.as_raw().iter().map(|&v| u16::from(v) * 257).collect();
                let mut image = encoder.new_image::<colortype::Gray16>(width, height).expect("a page");
                image.resolution(ResolutionUnit::Inch, Rational { n: 100, d: 1 });
                image.write_data(&grey16).expect("writes");
            }
        }
    }
    bytes
}

#[test]
fn every_page_of_a_tiff_is_decoded_in_grey() {
    let rendered = render_first_page(&sample("demo/facture-2024-0042.pdf"), 100.0);
    let bytes = tiff_pages(&[rendered.clone(), rendered.clone(), rendered.clone()]);
    let pages = decode_all(&bytes, Format::Tiff, &Limits::default()).expect("decodes");
    assert_eq!(pages.len(), 3);
    for (page_idx, page) in pages.iter().enumerate() {
        assert_eq!(page.index, page_idx);
        assert!(page.dpi_known && (page.dpi - 100.0).abs() < 0.1, "page {page_idx}: {} dpi", page.dpi);
        // Grey, RGB and 16-bit grey all come back as the same grey pixels.
        let differing = page.image.as_raw().iter().zip(rendered.as_raw()).filter(|(a, b)| a.abs_diff(**b) > 1).count();
        assert_eq!(differing, 0, "page {page_idx}");
    }
    let limits = Limits { max_pages: 2, ..Limits::default() };
    let error = decode_all(&bytes, Format::Tiff, &limits).expect_err("three pages is over two");
    assert_eq!(error.code, ErrorCode::TooManyPages);
    let limits = Limits { max_pixels: 1000, ..Limits::default() };
    assert_eq!(decode_all(&bytes, Format::Tiff, &limits).expect_err("big pages").code, ErrorCode::TooManyPixels);
}

#[test]
fn a_multi_page_tiff_yields_one_ocr_page_per_image() {
    let pages: Vec<GrayImage> =
        ["demo/facture-2024-0042.pdf", "demo/facture-2024-0043.pdf", "demo/invoice-INV-7781.pdf"]
            .iter()
            .map(|path| render_first_page(&sample(path), 100.0))
            .collect();
    let bytes = tiff_pages(&pages);
    let options = Options::default();
    let input = Input { document_id: DocumentId::new(), filename: "scan.tif", bytes: &bytes, options: &options };
    let layer = pipeline().read_layout(input).expect("reads");
    assert_eq!(layer.source, Source::Ocr);
    let numbers: Vec<u32> = layer.layout.pages.iter().map(|page| page.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    for (page, expected) in layer.layout.pages.iter().zip(["FA-2024-0042", "FA-2024-0043", "INV-7781"]) {
        assert!(page.text().contains(expected), "page {} lacks {expected}", page.number);
        // 100 dpi was recorded, so the A4 page measures A4 in points.
        assert!(
            (page.width - 595.0).abs() < 2.0 && (page.height - 842.0).abs() < 2.0,
            "{}×{}",
            page.width,
            page.height
        );
    }
    assert!(layer.timings_ms.contains_key("decode") && layer.timings_ms.contains_key("ocr"));
}

#[test]
fn resolutions_are_read_from_headers_when_plausible() {
    let grey = GrayImage::from_pixel(8, 8, Luma([255]));
    let mut bytes = png(&grey);
    assert_eq!(png_dpi(&bytes), None);
    // A pHYs chunk of 11811 pixels per metre (300 dpi) right after the header.
    let mut phys = 11_811u32.to_be_bytes().to_vec();
    phys.extend_from_slice(&11_811u32.to_be_bytes());
    phys.push(1);
    let mut chunk = 9u32.to_be_bytes().to_vec();
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&phys);
    chunk.extend_from_slice(&crc32(&chunk[4..]).to_be_bytes());
    bytes.splice(33..33, chunk);
    let dpi = png_dpi(&bytes).expect("pHYs");
    assert!((dpi - 300.0).abs() < 0.1, "{dpi}");
    let page = &decode_all(&bytes, Format::Png, &Limits::default()).expect("still a PNG")[0];
    assert!(page.dpi_known);

    let mut jfif = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    jfif.extend_from_slice(b"JFIF\0\x01\x01\x01\x00\xC8\x00\xC8\0\0");
    assert_eq!(jpeg_dpi(&jfif), Some(200.0));
    jfif[13] = 0; // No unit: an aspect ratio, not a resolution.
    assert_eq!(jpeg_dpi(&jfif), None);

    let assumed = page_image(0, grey, Some(1.0));
    assert!(!assumed.dpi_known && assumed.dpi == ASSUMED_DPI);
}

#[test]
fn transparent_pixels_are_laid_on_white() {
    let mut image = ImageBuffer::from_pixel(2, 1, LumaA([0u8, 0]));
    image.put_pixel(1, 0, LumaA([0, 255]));
    let grey = to_grey(DynamicImage::ImageLumaA8(image));
    assert_eq!(grey.as_raw(), &[255, 0], "transparent black is white; opaque black stays black");
}
