//! OCR: page images in, `layout::Page`s out, by one of two engines chosen in the
//! configuration (`ocr.engine`):
//! - `tesseract` (the default): Tesseract through libtesseract (`tesseract`), which also
//!   turns rotated scans upright;
//! - `onnx`: PP-OCR text detection and recognition models through ONNX Runtime
//!   (`onnx`), on the CPU or CUDA like the other models.
//!
//! `OcrEngine` owns a small pool of engine instances, created once at start-up (one per
//! OCR thread: neither a Tesseract instance nor an ONNX Runtime session serves two
//! threads at once, and loading one is too slow to do per page; see `pool`). A page
//! checks an instance out, is recognised, and gives it back, so pages of several
//! documents share the pool fairly. `stream` feeds a document's page images to the pool
//! without ever holding them all (see `ocr_streamed`).
//!
//! OpenMP: Debian's libtesseract is built with OpenMP, and with more than one OpenMP
//! thread per recognition a dense A4 page takes 7–12 s instead of 2 s on two cores (the
//! threads spin against each other and against our own page threads). OpenMP reads
//! `OMP_THREAD_LIMIT` once, when libgomp is loaded with the program, before `main`
//! runs; setting it later from inside the process (which would also need `unsafe`, and
//! this workspace forbids it) has no effect. So it must be in the environment the program
//! starts with: `exec_with_single_openmp_thread` re-executes the program with it set, and
//! the Tesseract engine warns at load when it is missing.

pub mod compare;
pub mod onnx;
mod pool;
pub mod stream;
mod tesseract;
pub mod tsv;

use std::path::PathBuf;

use image::GrayImage;

use crate::LoadError;
use crate::layout::Page;
use crate::models::Runtime;

/// Which OCR engine reads page images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OcrEngineKind {
    /// Tesseract (libtesseract), with orientation detection.
    #[default]
    Tesseract,
    /// PP-OCR detection and recognition models through ONNX Runtime (`ocr::onnx`).
    Onnx,
}

/// The OCR section of the pipeline configuration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct OcrConfig {
    /// The engine: `tesseract` or `onnx`.
    pub engine: OcrEngineKind,
    /// Tesseract languages, `+`-separated, most likely first.
    pub languages: String,
    /// The ONNX engine's models: a directory under `models/ocr/` (`ppocrv6-small` or
    /// `ppocrv6-tiny`, installed by `scripts/ocr-models.sh`).
    pub onnx_models: String,
    /// Pages recognised at once (one engine instance each); `None`: one per CPU.
    pub threads: Option<usize>,
    /// Resolution at which PDF pages are rendered for OCR, in dots per inch.
    pub dpi: u32,
    /// Directory of the `.traineddata` files; `None`: Tesseract's own default
    /// (`TESSDATA_PREFIX`, else the directory it was built with).
    pub tessdata: Option<PathBuf>,
}

impl Default for OcrConfig {
    fn default() -> Self {
        Self {
            engine: OcrEngineKind::Tesseract,
            languages: "fra+eng+deu".into(),
            onnx_models: "ppocrv6-small".into(),
            threads: None,
            dpi: 300,
            tessdata: None,
        }
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

/// The configured engine's instances, checked out one per page.
pub struct OcrEngine {
    backend: Backend,
    threads: usize,
    /// `tesseract 5.3.0 fra+eng+deu` or `ppocrv6-small det@sha256:… rec@sha256:…`.
    model_version: String,
}

enum Backend {
    Tesseract(tesseract::TesseractPool),
    Onnx(onnx::OnnxOcr),
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrEngine").field("threads", &self.threads).field("model_version", &self.model_version).finish()
    }
}

impl OcrEngine {
    /// Loads one engine instance per thread: Tesseract with the configured languages, or
    /// the ONNX models on `models`' runtime.
    pub fn load(config: &OcrConfig, models: &Runtime) -> Result<Self, LoadError> {
        let threads = config
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
            .max(1);
        let backend = match config.engine {
            OcrEngineKind::Tesseract => Backend::Tesseract(tesseract::TesseractPool::load(config, threads)?),
            OcrEngineKind::Onnx => Backend::Onnx(onnx::OnnxOcr::load(models, &config.onnx_models, threads)?),
        };
        let model_version = match &backend {
            Backend::Tesseract(pool) => pool.version.clone(),
            Backend::Onnx(engine) => format!("onnx {} ({})", engine.version, models.device),
        };
        Ok(Self { backend, threads, model_version })
    }

    /// How many pages can be recognised at once.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The engine and its models, for `Extraction::models["ocr"]`.
    pub fn model_version(&self) -> &str {
        &self.model_version
    }

    /// Recognises one page on a free engine instance (waiting for one), upright.
    /// `number` is the page's 1-based number.
    pub fn recognize(&self, page: &PageImage, number: u32) -> Result<Page, OcrError> {
        match &self.backend {
            Backend::Tesseract(pool) => pool.recognize(page, number),
            Backend::Onnx(engine) => engine.recognize(page, number),
        }
    }
}

/// Why a page could not be recognised. Never contains page text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("OCR failed: {0}")]
pub struct OcrError(pub(crate) &'static str);

#[cfg(test)]
mod tests;
