//! Image files (PNG, JPEG, TIFF with any number of pages) decoded into 8-bit grey page
//! images for OCR, one page at a time.
//!
//! Hostile images are stopped before they cost memory: the dimensions are read from the
//! header and checked against `Limits::max_pixels` before any pixel is decoded, and the
//! decoders get allocation limits as a second line. PNG and JPEG go through `image`;
//! TIFF goes through `tiff`, which reads every page (`image` reads only the first).
//!
//! Resolution: a pixel becomes `72 / dpi` points. The resolution is read from the file
//! (PNG `pHYs`, JPEG JFIF density, TIFF `XResolution`) when it is there and plausible;
//! otherwise 300 dpi, the usual scanning resolution, is assumed.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader};
use liasse_core::ErrorCode;
use tiff::decoder::{Decoder as TiffDecoder, DecodingResult};
use tiff::tags::Tag;
use tiff::{ColorType as TiffColor, TiffError};

use crate::ocr::PageImage;
use crate::{Error, Format, Limits, Result};

/// The resolution assumed when an image does not record a plausible one.
pub const ASSUMED_DPI: f32 = 300.0;
/// Resolutions outside this range are taken as unrecorded (0, 1 and 72 "dpi" often mean
/// "unknown" in practice; 72 is kept because screenshots really are about that).
const PLAUSIBLE_DPI: std::ops::RangeInclusive<f32> = 50.0..=2400.0;

/// What decoding took, for the timings.
#[derive(Debug, Default, Clone, Copy)]
pub struct Decoded {
    pub n_pages: usize,
    pub decode: Duration,
}

/// Decodes each page of an image file in turn and hands it to `each`, which returns
/// `false` to stop. A page is decoded only when the previous one has been handed over,
/// so at most one decoded page is held here.
pub fn for_each_page(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    mut each: impl FnMut(PageImage) -> bool,
) -> Result<Decoded> {
    match format {
        Format::Png | Format::Jpeg => {
            let started = Instant::now();
            let page = decode_single(bytes, format, limits)?;
            let decode = started.elapsed();
            each(page);
            Ok(Decoded { n_pages: 1, decode })
        }
        Format::Tiff => for_each_tiff_page(bytes, limits, each),
        other => Err(Error::new(ErrorCode::UnsupportedFormat, format!("{} is not an image", other.describe()))),
    }
}

fn decode_single(bytes: &[u8], format: Format, limits: &Limits) -> Result<PageImage> {
    let image_format = if format == Format::Png { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(max_decode_bytes(limits));
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, limits)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    // Phone photos are stored sideways with an EXIF note saying how to turn them.
    image.apply_orientation(orientation);
    let dpi = if format == Format::Png { png_dpi(bytes) } else { jpeg_dpi(bytes) };
    Ok(page_image(0, to_grey(image), dpi))
}

fn page_image(index: usize, image: GrayImage, dpi: Option<f32>) -> PageImage {
    let dpi = dpi.filter(|dpi| PLAUSIBLE_DPI.contains(dpi));
    PageImage { index, image, dpi: dpi.unwrap_or(ASSUMED_DPI), dpi_known: dpi.is_some() }
}

/// The most a decoder may allocate: a page at the pixel limit in 8-bit RGBA. A 16-bit
/// image that large is refused rather than held at twice the size.
fn max_decode_bytes(limits: &Limits) -> u64 {
    (limits.max_pixels as u64).saturating_mul(4).max(64 * 1024 * 1024)
}

fn check_pixels(width: u32, height: u32, limits: &Limits) -> Result<()> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels as u64 {
        return Err(Error::new(
            ErrorCode::TooManyPixels,
            format!("a {width} × {height} page is over the limit of {} pixels", limits.max_pixels),
        ));
    }
    Ok(())
}

fn image_error(error: image::ImageError) -> Error {
    use image::ImageError as E;
    match error {
        E::Limits(_) => Error::new(ErrorCode::TooManyPixels, "the image needs more memory than allowed to decode"),
        E::Unsupported(_) => Error::new(ErrorCode::UnsupportedFormat, "this kind of image is not supported"),
        // Decoder messages can quote bytes of the file: only the kind of damage is kept.
        _ => Error::new(ErrorCode::CorruptImage, "the image cannot be decoded (damaged or truncated)"),
    }
}

/// Grey for OCR. Transparent pixels are laid on white: a screenshot with a transparent
/// background would otherwise turn black, text and all.
fn to_grey(image: DynamicImage) -> GrayImage {
    if !image.color().has_alpha() {
        return image.into_luma8();
    }
    let grey_alpha = image.to_luma_alpha8();
    let (width, height) = grey_alpha.dimensions();
    let pixels = grey_alpha
        .pixels()
        .map(|pixel| {
            let [luma, alpha] = pixel.0;
            let (luma, alpha) = (u32::from(luma), u32::from(alpha));
            ((luma * alpha + 255 * (255 - alpha)) / 255) as u8
        })
        .collect();
    GrayImage::from_raw(width, height, pixels).unwrap_or_else(|| GrayImage::new(width, height))
}

fn for_each_tiff_page(bytes: &[u8], limits: &Limits, mut each: impl FnMut(PageImage) -> bool) -> Result<Decoded> {
    let started = Instant::now();
    let mut decoder = TiffDecoder::new(Cursor::new(bytes)).map_err(tiff_error)?;
    let mut tiff_limits = tiff::decoder::Limits::default();
    tiff_limits.decoding_buffer_size = usize::try_from(max_decode_bytes(limits)).unwrap_or(usize::MAX);
    decoder = decoder.with_limits(tiff_limits);
    // Count the pages (directories only, no pixels) so that a file over the page limit
    // is refused before any page is decoded.
    let mut n_pages = 1;
    while decoder.more_images() {
        decoder.next_image().map_err(tiff_error)?;
        n_pages += 1;
        if n_pages > limits.max_pages {
            return Err(Error::new(
                ErrorCode::TooManyPages,
                format!("the TIFF has more than {} pages, the limit", limits.max_pages),
            ));
        }
    }
    decoder.seek_to_image(0).map_err(tiff_error)?;
    let mut decode = started.elapsed();
    for index in 0..n_pages {
        let started = Instant::now();
        if index > 0 {
            decoder.next_image().map_err(tiff_error)?;
        }
        let (width, height) = decoder.dimensions().map_err(tiff_error)?;
        check_pixels(width, height, limits)?;
        let color = decoder.colortype().map_err(tiff_error)?;
        let dpi = tiff_dpi(&mut decoder);
        let samples = decoder.read_image().map_err(tiff_error)?;
        let image = tiff_to_grey(samples, color, width, height)?;
        decode += started.elapsed();
        if !each(page_image(index, image, dpi)) {
            break;
        }
    }
    Ok(Decoded { n_pages, decode })
}

fn tiff_error(error: TiffError) -> Error {
    match error {
        TiffError::LimitsExceeded => {
            Error::new(ErrorCode::TooManyPixels, "a TIFF page needs more memory than allowed to decode")
        }
        TiffError::UnsupportedError(_) => {
            Error::new(ErrorCode::UnsupportedFormat, "this kind of TIFF (compression or colour) is not supported")
        }
        _ => Error::new(ErrorCode::CorruptImage, "the TIFF cannot be decoded (damaged or truncated)"),
    }
}

/// Converts decoded TIFF samples to 8-bit grey. Bilevel and grey images are already
/// black-is-zero here (`tiff` inverts white-is-zero ones).
fn tiff_to_grey(samples: DecodingResult, color: TiffColor, width: u32, height: u32) -> Result<GrayImage> {
    let unsupported =
        || Error::new(ErrorCode::UnsupportedFormat, format!("TIFF colour type {color:?} is not supported"));
    let (channels, bits): (usize, u8) = match color {
        TiffColor::Gray(bits) => (1, bits),
        TiffColor::GrayA(bits) => (2, bits),
        TiffColor::RGB(bits) | TiffColor::YCbCr(bits) | TiffColor::Lab(bits) => (3, bits),
        TiffColor::RGBA(bits) | TiffColor::CMYK(bits) => (4, bits),
        TiffColor::CMYKA(bits) => (5, bits),
        _ => return Err(unsupported()),
    };
    let values: Vec<u16> = match samples {
        DecodingResult::U8(bytes) if bits < 8 && channels == 1 => unpack_bits(&bytes, bits, width, height),
        DecodingResult::U8(bytes) => bytes.into_iter().map(|b| u16::from(b) * 257).collect(),
        DecodingResult::U16(words) => words,
        _ => return Err(unsupported()),
    };
    let (width_px, height_px) = (width as usize, height as usize);
    if values.len() < width_px * height_px * channels {
        return Err(Error::new(ErrorCode::CorruptImage, "a TIFF page has fewer pixels than it declares"));
    }
    let grey = values
        .chunks_exact(channels)
        .take(width_px * height_px)
        .map(|pixel| {
            let value = match color {
                TiffColor::RGB(_) | TiffColor::RGBA(_) => {
                    (299 * u32::from(pixel[0]) + 587 * u32::from(pixel[1]) + 114 * u32::from(pixel[2])) / 1000
                }
                TiffColor::CMYK(_) | TiffColor::CMYKA(_) => {
                    let ink = (299 * u32::from(pixel[0]) + 587 * u32::from(pixel[1]) + 114 * u32::from(pixel[2]))
                        / 1000
                        + u32::from(pixel[3]);
                    65_535u32.saturating_sub(ink)
                }
                // Grey, and the lightness (Y, L*) of YCbCr and Lab.
                _ => u32::from(pixel[0]),
            };
            (value >> 8) as u8
        })
        .collect();
    GrayImage::from_raw(width, height, grey)
        .ok_or_else(|| Error::new(ErrorCode::CorruptImage, "a TIFF page has fewer pixels than it declares"))
}

/// Spreads 1-, 2- or 4-bit grey samples (rows padded to whole bytes) over 16 bits.
fn unpack_bits(bytes: &[u8], bits: u8, width: u32, height: u32) -> Vec<u16> {
    let bits = usize::from(bits.max(1));
    let row_bytes = (width as usize * bits).div_ceil(8);
    let max_value = (1u32 << bits) - 1;
    let mut values = Vec::with_capacity(width as usize * height as usize);
    for row in bytes.chunks(row_bytes.max(1)).take(height as usize) {
        for x in 0..width as usize {
            let bit = x * bits;
            let byte = row.get(bit / 8).copied().unwrap_or(0);
            let shift = 8 - bits - bit % 8;
            let value = (u32::from(byte) >> shift) & max_value;
            values.push((value * 65_535 / max_value) as u16);
        }
    }
    values
}

/// The resolution a TIFF page records (`XResolution`, per inch or per centimetre).
fn tiff_dpi<R: std::io::Read + std::io::Seek>(decoder: &mut TiffDecoder<R>) -> Option<f32> {
    let resolution = match decoder.find_tag(Tag::XResolution).ok()?? {
        tiff::decoder::ifd::Value::Rational(numerator, denominator) if denominator > 0 => {
            numerator as f32 / denominator as f32
        }
        _ => return None,
    };
    // ResolutionUnit: 1 none, 2 inch (the default), 3 centimetre.
    match decoder.find_tag_unsigned::<u16>(Tag::ResolutionUnit).ok().flatten().unwrap_or(2) {
        2 => Some(resolution),
        3 => Some(resolution * 2.54),
        _ => None,
    }
}

/// The resolution in a PNG `pHYs` chunk, when its unit is the metre.
fn png_dpi(bytes: &[u8]) -> Option<f32> {
    let mut position = 8;
    while position + 8 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[position..position + 4].try_into().ok()?) as usize;
        let kind = &bytes[position + 4..position + 8];
        let data = bytes.get(position + 8..position + 8 + length)?;
        match kind {
            b"pHYs" if length >= 9 && data[8] == 1 => {
                let per_metre = u32::from_be_bytes(data[0..4].try_into().ok()?);
                return Some(per_metre as f32 * 0.0254);
            }
            // The chunk must come before the image data.
            b"IDAT" | b"IEND" => return None,
            _ => position += 12 + length,
        }
    }
    None
}

/// The density in a JPEG's JFIF header, when it is per inch or per centimetre.
fn jpeg_dpi(bytes: &[u8]) -> Option<f32> {
    // SOI, then APP0: FF E0, length, "JFIF\0", version (2), units, Xdensity (2).
    let app0 = bytes.get(2..20)?;
    if app0[0..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let density = f32::from(u16::from_be_bytes([app0[12], app0[13]]));
    match app0[11] {
        1 => Some(density),
        2 => Some(density * 2.54),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
