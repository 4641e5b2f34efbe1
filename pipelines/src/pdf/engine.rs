//! PDFium: the text layer with positions, and page rendering for OCR.
//!
//! PDFium is bound at run time to the `libpdfium.so` that the PyPI package
//! `pypdfium2_raw` ships (the project venv has it), found by `locate_library`.
//! PDFium is not thread-safe: the `Pdfium` handle lives behind a mutex in `PdfEngine`,
//! which is created once at start-up, and a document is only touched while that lock is
//! held. Work under the lock is kept short (open, read a few pages, close) so that OCR,
//! which runs outside it, never waits on another document's PDF.
//!
//! pdfium-render keeps the bindings it was first given in a process-wide cell of its
//! own, so every `PdfEngine` in a process uses the first library loaded.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use image::GrayImage;
use liasse_core::ErrorCode;
use pdfium_render::prelude::*;

use super::text_layer::{self, Glyph, TextLayer};
use crate::ocr::PageImage;
use crate::{Error, LoadError, Result};

/// Where the project's Python venv puts PDFium, relative to the repository root.
pub const VENV_LIBRARY: &str = ".venv/lib/python3.11/site-packages/pypdfium2_raw/libpdfium.so";
/// Environment variable naming the PDFium library to load.
pub const LIBRARY_ENV: &str = "LIASSE_PDFIUM_LIBRARY";

/// Finds the PDFium library: the configured path, else `$LIASSE_PDFIUM_LIBRARY`, else
/// `libpdfium.so` next to the executable, else the project venv's copy in the current
/// directory or the nearest directory above it (so `cargo test`, which runs in the crate
/// directory, finds the workspace's venv).
///
/// The environment variable comes before the searched places: an operator who sets it
/// means it, and a venv lying around must not silently win.
pub fn locate_library(configured: Option<&Path>) -> Result<PathBuf, LoadError> {
    crate::locate::find(&crate::locate::Search {
        configured,
        env_var: LIBRARY_ENV,
        next_to_executable: &["libpdfium.so"],
        in_ancestors: &[VENV_LIBRARY],
    })
    .map_err(|searched| LoadError::PdfiumNotFound { searched })
}

/// The PDFium library, loaded once, used by one document at a time.
pub struct PdfEngine {
    pdfium: Mutex<Pdfium>,
    library: PathBuf,
}

impl std::fmt::Debug for PdfEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfEngine").field("library", &self.library).finish()
    }
}

impl PdfEngine {
    /// Binds to the PDFium library at `library`.
    pub fn load(library: &Path) -> Result<Self, LoadError> {
        if !library.is_file() {
            return Err(LoadError::Pdfium { path: library.to_owned(), message: "no such file".into() });
        }
        let pdfium = match Pdfium::bind_to_library(library) {
            Ok(bindings) => Pdfium::new(bindings),
            // pdfium-render binds the library once per process; a second pipeline in the
            // same process (tests, tools) shares those bindings. `default` reuses them.
            Err(PdfiumError::PdfiumLibraryBindingsAlreadyInitialized) => Pdfium::default(),
            Err(error) => return Err(LoadError::Pdfium { path: library.to_owned(), message: error.to_string() }),
        };
        Ok(Self { pdfium: Mutex::new(pdfium), library: library.to_owned() })
    }

    pub fn library(&self) -> &Path {
        &self.library
    }

    /// Opens the PDF in `bytes` and runs `work` on it, holding the PDFium lock
    /// throughout: keep `work` short, and never block in it on anything but PDFium.
    pub fn with_document<T>(&self, bytes: &[u8], work: impl FnOnce(&PdfDocument<'_>) -> Result<T>) -> Result<T> {
        let pdfium = self.pdfium.lock().unwrap_or_else(PoisonError::into_inner);
        let document = pdfium.load_pdf_from_byte_slice(bytes, None).map_err(open_error)?;
        work(&document)
    }
}

/// Maps a PDFium error on opening to a document error.
fn open_error(error: PdfiumError) -> Error {
    match error {
        PdfiumError::PdfiumLibraryInternalError(
            PdfiumInternalError::PasswordError | PdfiumInternalError::SecurityError,
        ) => Error::new(ErrorCode::EncryptedPdf, "the PDF is encrypted and needs a password"),
        _ => Error::new(ErrorCode::CorruptPdf, "the PDF cannot be opened (damaged or not a PDF)"),
    }
}

/// An error on a page of an open document: the file is damaged there.
fn page_error(page_idx: usize, what: &str) -> Error {
    Error::new(ErrorCode::CorruptPdf, format!("page {} cannot be {what}", page_idx + 1))
}

pub fn page_count(document: &PdfDocument<'_>) -> usize {
    usize::try_from(document.pages().len()).unwrap_or(0)
}

pub fn page<'a>(document: &'a PdfDocument<'_>, page_idx: usize) -> Result<PdfPage<'a>> {
    let index = PdfPageIndex::try_from(page_idx).map_err(|_| page_error(page_idx, "opened"))?;
    document.pages().get(index).map_err(|_| page_error(page_idx, "opened"))
}

/// The displayed size of a page in points (after its `/Rotate`).
pub fn page_size(page: &PdfPage<'_>) -> (f32, f32) {
    (page.width().value, page.height().value)
}

/// Reads a page's text layer in displayed coordinates.
pub fn read_text_layer(page: &PdfPage<'_>) -> TextLayer {
    let Some(to_display) = DisplayTransform::of(page) else {
        return TextLayer::default();
    };
    let Ok(text) = page.text() else {
        return TextLayer::default();
    };
    let mut glyphs = Vec::new();
    for ch in text.chars().iter() {
        let character = ch.unicode_char().unwrap_or(char::REPLACEMENT_CHARACTER);
        if character.is_whitespace() {
            // Only the break matters; its box is often empty.
            glyphs.push(Glyph { ch: ' ', bbox: [0.0; 4], baseline: 0.0, size: 1.0 });
            continue;
        }
        let Ok(bounds) = ch.tight_bounds() else {
            continue;
        };
        let bbox =
            to_display.rect(bounds.left().value, bounds.bottom().value, bounds.right().value, bounds.top().value);
        let baseline = match ch.origin() {
            Ok((x, y)) => to_display.point(x.value, y.value).1,
            Err(_) => bbox[3],
        };
        // PDFium reports a font size of 0 for text drawn turned (a landscape page's
        // text under `/Rotate`); the height of the loose box, about 1.15 em across the
        // line, then stands in for it.
        let size = match ch.scaled_font_size().value {
            size if size >= 1.0 => size,
            _ => ch.loose_bounds().map_or(bbox[3] - bbox[1], |loose| {
                let loose =
                    to_display.rect(loose.left().value, loose.bottom().value, loose.right().value, loose.top().value);
                loose[3] - loose[1]
            }),
        };
        glyphs.push(Glyph { ch: character, bbox, baseline, size: size.max(1.0) });
    }
    text_layer::read(&glyphs)
}

/// PDF user space (origin bottom-left, the page unrotated) to displayed points (origin
/// top-left, `/Rotate` and the crop box applied), as an affine map measured from
/// PDFium's own page-to-device conversion.
struct DisplayTransform {
    /// `x' = a x + c y + e`, `y' = b x + d y + f`.
    matrix: [f32; 6],
}

/// The scale of the device used to measure the transform: PDFium rounds device
/// coordinates to whole pixels, so 64 pixels per point keeps the error under 0.02 pt.
const MEASURE_SCALE: f32 = 64.0;

impl DisplayTransform {
    fn of(page: &PdfPage<'_>) -> Option<Self> {
        let config = PdfRenderConfig::new().scale_page_by_factor(MEASURE_SCALE);
        let device = |x: f32, y: f32| {
            page.points_to_pixels(PdfPoints::new(x), PdfPoints::new(y), &config)
                .ok()
                .map(|(dx, dy)| (dx as f32 / MEASURE_SCALE, dy as f32 / MEASURE_SCALE))
        };
        let (e, f) = device(0.0, 0.0)?;
        let (x_at_100, y_at_100) = device(100.0, 0.0)?;
        let (x_up_100, y_up_100) = device(0.0, 100.0)?;
        let (a, b) = ((x_at_100 - e) / 100.0, (y_at_100 - f) / 100.0);
        let (c, d) = ((x_up_100 - e) / 100.0, (y_up_100 - f) / 100.0);
        Some(Self { matrix: [a, b, c, d, e, f] })
    }

    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.matrix;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The displayed box of a user-space rectangle.
    fn rect(&self, left: f32, bottom: f32, right: f32, top: f32) -> [f32; 4] {
        let corners =
            [self.point(left, bottom), self.point(right, top), self.point(left, top), self.point(right, bottom)];
        let mut bbox = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
        for (x, y) in corners {
            bbox = [bbox[0].min(x), bbox[1].min(y), bbox[2].max(x), bbox[3].max(y)];
        }
        bbox
    }
}

/// Renders a page in grey for OCR at `dpi`, or lower if that would exceed `max_pixels`
/// (a poster-sized page is read at the resolution the limit allows).
pub fn render(page: &PdfPage<'_>, page_idx: usize, dpi: f32, max_pixels: usize) -> Result<PageImage> {
    let (width, height) = page_size(page);
    let mut scale = dpi / 72.0;
    let pixels = f64::from(width * scale) * f64::from(height * scale);
    if pixels > max_pixels as f64 {
        scale *= (max_pixels as f64 / pixels).sqrt() as f32;
    }
    // 24-bit BGR: PDFium's renderer cannot draw into a grey bitmap (it traps), and
    // without alpha the transient bitmap is a quarter smaller than BGRA.
    let config = PdfRenderConfig::new().scale_page_by_factor(scale).set_format(PdfBitmapFormat::BGR);
    let bitmap = page.render_with_config(&config).map_err(|_| page_error(page_idx, "rendered"))?;
    let image = grey_image(&bitmap).ok_or_else(|| page_error(page_idx, "rendered"))?;
    // The bitmap's real width gives the scale actually used (sizes are rounded).
    let dpi = if width > 0.0 { image.width() as f32 / width * 72.0 } else { scale * 72.0 };
    Ok(PageImage { index: page_idx, image, dpi, dpi_known: true })
}

/// The bitmap as a grey image, dropping the padding PDFium may add at the end of rows.
fn grey_image(bitmap: &PdfBitmap<'_>) -> Option<GrayImage> {
    let width = usize::try_from(bitmap.width()).ok()?;
    let height = usize::try_from(bitmap.height()).ok()?;
    let raw = bitmap.as_raw_bytes();
    if width == 0 || height == 0 || raw.len() < width * height {
        return None;
    }
    let stride = raw.len() / height;
    let format = bitmap.format().ok()?;
    let bytes_per_pixel = match format {
        PdfBitmapFormat::Gray => 1,
        PdfBitmapFormat::BGR => 3,
        PdfBitmapFormat::BGRx | PdfBitmapFormat::BGRA => 4,
    };
    let mut grey = Vec::with_capacity(width * height);
    for row in raw.chunks(stride).take(height) {
        if bytes_per_pixel == 1 {
            grey.extend_from_slice(row.get(..width)?);
        } else {
            for pixel in row.chunks_exact(bytes_per_pixel).take(width) {
                let (b, g, r) = (u32::from(pixel[0]), u32::from(pixel[1]), u32::from(pixel[2]));
                grey.push(((299 * r + 587 * g + 114 * b) / 1000) as u8);
            }
        }
    }
    GrayImage::from_raw(u32::try_from(width).ok()?, u32::try_from(height).ok()?, grey)
}
