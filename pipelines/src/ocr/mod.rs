//! OCR with Tesseract, called through libtesseract (the `tesseract` crate), never as a
//! subprocess.
//!
//! `OcrEngine` owns a small pool of Tesseract instances, created once at start-up (one
//! per OCR thread: a Tesseract instance is not thread-safe, and loading the models is too
//! slow to do per page). A page checks an instance out, is recognised, and gives it back,
//! so pages of several documents share the pool fairly. `stream` feeds a document's page
//! images to the pool without ever holding them all (see `ocr_streamed`).
//!
//! Orientation: a page is first read with automatic page segmentation. Tesseract reads
//! vertical lines top to bottom by itself, so a scan turned a quarter clockwise comes
//! out well read with tall word boxes, and is turned upright from those. When the result
//! reads poorly (text upside down, or turned counter-clockwise, reads as low-confidence
//! fragments), the page is read again with Tesseract's orientation and script detection
//! (the `osd` model), and the better reading wins. Upright pages, the common case, pay
//! nothing for it.
//!
//! OpenMP: Debian's libtesseract is built with OpenMP, and with more than one OpenMP
//! thread per recognition a dense A4 page takes 7–12 s instead of 2 s on two cores (the
//! threads spin against each other and against our own page threads). OpenMP reads
//! `OMP_THREAD_LIMIT` once, when libgomp is loaded with the program, before `main`
//! runs; setting it later from inside the process (which would also need `unsafe`, and
//! this workspace forbids it) has no effect. So it must be in the environment the program
//! starts with: `exec_with_single_openmp_thread` re-executes the program with it set, and
//! `OcrEngine::load` warns when it is missing.

pub mod stream;
pub mod tsv;

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, PoisonError};

use image::GrayImage;
use liasse_core::Source;
use tesseract::plumbing::TessBaseApi;
use tesseract::plumbing::tesseract_sys::{TessPageSegMode, TessPageSegMode_PSM_AUTO, TessPageSegMode_PSM_AUTO_OSD};

use crate::LoadError;
use crate::layout::{Line, Page, Word, merge_rows, sort_reading_order};

/// The OCR section of the pipeline configuration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OcrConfig {
    /// Tesseract languages, `+`-separated, most likely first.
    pub languages: String,
    /// Pages recognised at once (one Tesseract instance each); `None`: one per CPU.
    pub threads: Option<usize>,
    /// Resolution at which PDF pages are rendered for OCR, in dots per inch.
    pub dpi: u32,
    /// Directory of the `.traineddata` files; `None`: Tesseract's own default
    /// (`TESSDATA_PREFIX`, else the directory it was built with).
    pub tessdata: Option<PathBuf>,
}

impl Default for OcrConfig {
    fn default() -> Self {
        Self { languages: "fra+eng+deu".into(), threads: None, dpi: 300, tessdata: None }
    }
}

/// The environment variable OpenMP reads at program start (see the module docs).
pub const OPENMP_THREAD_LIMIT: &str = "OMP_THREAD_LIMIT";

/// Re-executes the current program with `OMP_THREAD_LIMIT=1` when it is not set, so that
/// Tesseract runs one OpenMP thread per page (see the module docs). Call it first thing
/// in `main`, before any thread starts. Returns only when nothing needed doing (`Ok`) or
/// the program could not be re-executed (`Err`; the caller may carry on, slower).
#[cfg(unix)]
pub fn exec_with_single_openmp_thread() -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    if std::env::var_os(OPENMP_THREAD_LIMIT).is_some() {
        return Ok(());
    }
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(std::env::current_exe()?);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    // `exec` only returns on failure.
    Err(command.args(args).env(OPENMP_THREAD_LIMIT, "1").exec())
}

/// A page image to recognise, 8-bit grey.
pub struct PageImage {
    /// 0-based position of the page in its document.
    pub index: usize,
    pub image: GrayImage,
    /// Pixels per inch, to turn pixels into points.
    pub dpi: f32,
    /// Whether `dpi` is known (rendered, or recorded in the image file) rather than
    /// assumed; Tesseract is told the resolution only when it is known, and estimates it
    /// from the text otherwise.
    pub dpi_known: bool,
}

impl std::fmt::Debug for PageImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageImage")
            .field("index", &self.index)
            .field("dimensions", &self.image.dimensions())
            .field("dpi", &self.dpi)
            .field("dpi_known", &self.dpi_known)
            .finish()
    }
}

/// Below this text quality (see `tsv::text_quality`) a page may be upside down or
/// sideways and is read again with orientation detection. Upright printed pages score
/// 0.9 and more; a page read upside down scores about 0.6.
const ROTATION_SUSPECT_QUALITY: f32 = 0.75;

/// Tesseract instances, checked out one per page.
pub struct OcrEngine {
    idle: Mutex<Vec<TessBaseApi>>,
    returned: Condvar,
    threads: usize,
    /// Whether the `osd` model loaded: without it, pages are read as they come.
    orientation_detection: bool,
    /// `tesseract 5.3.0 fra+eng+deu`.
    model_version: String,
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrEngine")
            .field("threads", &self.threads)
            .field("orientation_detection", &self.orientation_detection)
            .field("model_version", &self.model_version)
            .finish()
    }
}

impl OcrEngine {
    /// Loads one Tesseract instance per thread with the configured languages.
    pub fn load(config: &OcrConfig) -> Result<Self, LoadError> {
        if std::env::var_os(OPENMP_THREAD_LIMIT).is_none() {
            tracing::warn!(
                "{OPENMP_THREAD_LIMIT} is not set: Tesseract will run several OpenMP threads per page, \
                 about four times slower; start the program with {OPENMP_THREAD_LIMIT}=1"
            );
        }
        let threads = config
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
            .max(1);
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
            idle: Mutex::new(engines),
            returned: Condvar::new(),
            threads,
            orientation_detection,
            model_version: format!("tesseract {version} {}", config.languages),
        })
    }

    /// How many pages can be recognised at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The engine and languages, for `Extraction::models["ocr"]`.
    pub fn model_version(&self) -> &str {
        &self.model_version
    }

    /// Recognises one page on one Tesseract instance (waiting for a free one), and turns
    /// it upright if it was not. `number` is the page's 1-based number.
    pub fn recognize(&self, page: &PageImage, number: u32) -> Result<Page, OcrError> {
        let mut checked_out = self.check_out();
        let api = checked_out.api();
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

    fn check_out(&self) -> CheckedOut<'_> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(api) = idle.pop() {
                return CheckedOut { engine: self, api: Some(api) };
            }
            idle = self.returned.wait(idle).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A Tesseract instance out of the pool; it goes back when this is dropped, even when
/// the page's recognition unwinds.
struct CheckedOut<'a> {
    engine: &'a OcrEngine,
    api: Option<TessBaseApi>,
}

impl CheckedOut<'_> {
    fn api(&mut self) -> &mut TessBaseApi {
        // Only `drop` takes the instance out.
        self.api.get_or_insert_with(TessBaseApi::create)
    }
}

impl Drop for CheckedOut<'_> {
    fn drop(&mut self) {
        if let Some(api) = self.api.take() {
            self.engine.idle.lock().unwrap_or_else(PoisonError::into_inner).push(api);
            self.engine.returned.notify_one();
        }
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

/// Why a page could not be recognised. Never contains page text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("OCR failed: {0}")]
pub struct OcrError(pub(crate) &'static str);

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

#[cfg(test)]
mod tests;
