//! The Tesseract engine: a pool of libtesseract instances (the `tesseract` crate), never
//! a subprocess.
//!
//! Orientation: a page is first read with automatic page segmentation. Tesseract reads
//! vertical lines top to bottom by itself, so a scan turned a quarter clockwise comes
//! out well read with tall word boxes, and is turned upright from those. When the result
//! reads poorly (text upside down, or turned counter-clockwise, reads as low-confidence
//! fragments), the page is read again with Tesseract's orientation and script detection
//! (the `osd` model), and the better reading wins. Upright pages, the common case, pay
//! nothing for it.

use std::ffi::CString;

use tesseract::plumbing::TessBaseApi;
use tesseract::plumbing::tesseract_sys::{TessPageSegMode, TessPageSegMode_PSM_AUTO, TessPageSegMode_PSM_AUTO_OSD};

use super::pool::Pool;
use super::{OPENMP_THREAD_LIMIT, OcrConfig, OcrError, PageImage, tsv};
use crate::LoadError;
use crate::layout::{Line, Page, Word, merge_rows, sort_reading_order};
use liasse_core::Source;

/// Below this text quality (see `tsv::text_quality`) a page may be upside down or
/// sideways and is read again with orientation detection. Upright printed pages score
/// 0.9 and more; a page read upside down scores about 0.6.
const ROTATION_SUSPECT_QUALITY: f32 = 0.75;

/// Tesseract instances, checked out one per page.
pub struct TesseractPool {
    pool: Pool<TessBaseApi>,
    /// Whether the `osd` model loaded: without it, pages are read as they come.
    orientation_detection: bool,
    /// `tesseract 5.3.0 fra+eng+deu`.
    pub version: String,
}

impl TesseractPool {
    /// Loads `threads` Tesseract instances with the configured languages.
    pub fn load(config: &OcrConfig, threads: usize) -> Result<Self, LoadError> {
        if std::env::var_os(OPENMP_THREAD_LIMIT).is_none() {
            tracing::warn!(
                "{OPENMP_THREAD_LIMIT} is not set: Tesseract will run several OpenMP threads per page, \
                 about four times slower; start the program with {OPENMP_THREAD_LIMIT}=1"
            );
        }
        let engines = (0..threads).map(|_| init(config, &config.languages)).collect::<Result<Vec<_>, _>>()?;
        let orientation_detection = match init(config, "osd") {
            Ok(_) => true,
            Err(_) => {
                tracing::warn!("the Tesseract osd model is missing: rotated scans will not be turned upright");
                false
            }
        };
        let version = tesseract::plumbing::version().to_string_lossy().into_owned();
        Ok(Self {
            pool: Pool::new(engines),
            orientation_detection,
            version: format!("tesseract {version} {}", config.languages),
        })
    }

    /// Recognises one page on one Tesseract instance (waiting for a free one), and turns
    /// it upright if it was not. `number` is the page's 1-based number.
    pub fn recognize(&self, page: &PageImage, number: u32) -> Result<Page, OcrError> {
        let mut api = self.pool.check_out();
        let api = &mut *api;
        let mut reading = read(api, page, TessPageSegMode_PSM_AUTO);
        let suspect = matches!(&reading, Ok(r) if !r.words.is_empty() && r.quality < ROTATION_SUSPECT_QUALITY);
        if suspect && self.orientation_detection {
            let turned = read(api, page, TessPageSegMode_PSM_AUTO_OSD);
            if let (Ok(first), Ok(second)) = (&reading, &turned)
                && second.quality > first.quality
            {
                reading = turned;
            }
        }
        // Hand the page image back to Tesseract's allocator now rather than when the
        // instance reads its next page: an idle instance then holds no page.
        let _ = api.set_image(&[255], 1, 1, 1, 1);
        reading.map(|reading| reading.into_page(page, number))
    }
}

fn init(config: &OcrConfig, languages: &str) -> Result<TessBaseApi, LoadError> {
    let failed = |message: &str| LoadError::Tesseract { languages: languages.to_owned(), message: message.to_owned() };
    let datapath = match &config.tessdata {
        Some(path) => {
            let path = path.to_str().ok_or_else(|| failed("the tessdata path is not UTF-8"))?;
            Some(CString::new(path).map_err(|_| failed("the tessdata path contains a NUL byte"))?)
        }
        None => None,
    };
    let language = CString::new(languages).map_err(|_| failed("the language list contains a NUL byte"))?;
    let mut api = TessBaseApi::create();
    api.init_2(datapath.as_deref(), Some(&language))
        .map_err(|_| failed("Tesseract could not load these languages (is their .traineddata installed?)"))?;
    Ok(api)
}

/// One recognition of a page image.
struct Reading {
    words: Vec<tsv::TsvWord>,
    quality: f32,
    /// Clockwise rotation that makes the text upright: from orientation detection, or
    /// 270 for text read down the page.
    rotation: u16,
}

fn read(api: &mut TessBaseApi, page: &PageImage, mode: TessPageSegMode) -> Result<Reading, OcrError> {
    let (width, height) = page.image.dimensions();
    let width = i32::try_from(width).map_err(|_| OcrError("the page image is too wide"))?;
    let height = i32::try_from(height).map_err(|_| OcrError("the page image is too tall"))?;
    // Setting the image also clears the previous recognition, so a second reading of the
    // same page segments it afresh.
    api.set_image(page.image.as_raw(), width, height, 1, width)
        .map_err(|_| OcrError("Tesseract refused the page image"))?;
    if page.dpi_known {
        api.set_source_resolution(page.dpi.round() as i32);
    }
    api.set_page_seg_mode(mode);
    api.recognize().map_err(|_| OcrError("Tesseract could not recognise the page"))?;
    let tsv = api.get_tsv_text(0).map_err(|_| OcrError("Tesseract gave no TSV output"))?;
    let words = tsv::parse_tsv(&tsv.as_ref().to_string_lossy());
    let rotation = if mode == TessPageSegMode_PSM_AUTO_OSD {
        let hocr = api.get_hocr_text(0).map_err(|_| OcrError("Tesseract gave no hOCR output"))?;
        tsv::dominant_text_angle(&hocr.as_ref().to_string_lossy())
    } else if tsv::reads_down_the_page(&words) {
        // Read well, but down the page: the scan was turned a quarter clockwise, and
        // three more quarters turn it upright.
        270
    } else {
        0
    };
    Ok(Reading { quality: tsv::text_quality(&words), words, rotation })
}

impl Reading {
    /// The page in points, upright.
    fn into_page(self, page: &PageImage, number: u32) -> Page {
        let (width_px, height_px) = (page.image.width() as f32, page.image.height() as f32);
        let points_per_pixel = 72.0 / page.dpi;
        let to_points = |bbox: [f32; 4]| {
            let [x0, y0, x1, y1] = tsv::rotate_box(bbox, self.rotation, width_px, height_px);
            [x0 * points_per_pixel, y0 * points_per_pixel, x1 * points_per_pixel, y1 * points_per_pixel]
        };
        let mut lines: Vec<Line> = tsv::group_lines(self.words)
            .into_iter()
            .filter_map(|words| {
                let words = words
                    .into_iter()
                    .map(|word| Word { bbox: to_points(word.bbox), confidence: word.confidence, text: word.text })
                    .collect();
                Line::from_words(words)
            })
            .collect();
        sort_reading_order(&mut lines);
        let lines = merge_rows(lines);
        let (width, height) = if self.rotation % 180 == 90 { (height_px, width_px) } else { (width_px, height_px) };
        Page {
            number,
            width: width * points_per_pixel,
            height: height * points_per_pixel,
            lines,
            source: Source::Ocr,
            rotation_applied: self.rotation,
        }
    }
}
