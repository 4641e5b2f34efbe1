//! ONNX models, run through ONNX Runtime (`ort`, loaded dynamically from the
//! `onnxruntime` shared library) on the CPU or, when configured and present, on a CUDA
//! GPU. Every model file is checked against the sha256 committed next to it
//! (`name.onnx.sha256`) before it is loaded: a model that is not the one reviewed and
//! measured is refused.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use ort::ep::ExecutionProvider;
use ort::session::Session;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::LoadError;

pub mod batch;

pub use batch::{BatchConfig, Batcher};

const ORT_LIBRARY_ENV: &str = "LIASSE_ONNXRUNTIME_LIBRARY";
const ORT_VENV_LIBRARY: &str = ".venv/lib/python3.11/site-packages/onnxruntime/capi/libonnxruntime.so.1.32.0";
const MODELS_DIR_ENV: &str = "LIASSE_MODELS_DIR";

/// Where models run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// Always the CPU.
    Cpu,
    /// The CUDA execution provider; start-up fails if it cannot be registered.
    Cuda,
    /// CUDA when it registers, else the CPU.
    #[default]
    Auto,
}

/// The `[pipeline.models]` configuration section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelsConfig {
    /// Directory holding `classifier/classifier.onnx` and friends; `None`: searched
    /// (`LIASSE_MODELS_DIR`, `models/` next to the executable, `models/` in the
    /// current directory or above).
    pub dir: Option<PathBuf>,
    /// The ONNX Runtime shared library (≥ 1.31); `None`: searched
    /// (`LIASSE_ONNXRUNTIME_LIBRARY`, next to the executable, the project's `.venv`).
    pub onnxruntime_library: Option<PathBuf>,
    pub device: Device,
    /// Threads ONNX Runtime may use inside one model call. Documents already run in
    /// parallel, so one is right on small machines.
    pub intra_threads: usize,
    /// A document whose class probability is below this is flagged for review.
    pub review_below: f64,
    /// How model calls of documents in flight are grouped (`batch`).
    pub batch: BatchConfig,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        Self {
            dir: None,
            onnxruntime_library: None,
            device: Device::Auto,
            intra_threads: 1,
            review_below: 0.6,
            batch: BatchConfig::default(),
        }
    }
}

impl Eq for ModelsConfig {}

/// ONNX Runtime allows one environment per process, ever (a second `build` fails even
/// after the first is dropped). The first pipeline loaded creates it with its library
/// and device; later pipelines in the same process (tests, tools) share it. This is
/// the one process-wide handle in the crate, forced by the C library.
static ENVIRONMENT: OnceLock<Result<(ort::environment::Environment, &'static str), String>> = OnceLock::new();

fn environment(library: &Path, device: Device) -> Result<(ort::environment::Environment, &'static str), LoadError> {
    ENVIRONMENT.get_or_init(|| build_environment(library, device)).clone().map_err(LoadError::Onnx)
}

fn build_environment(library: &Path, device: Device) -> Result<(ort::environment::Environment, &'static str), String> {
    let builder =
        ort::init_from(library).map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", library.display()))?;
    let (builder, device) = match device {
        Device::Cpu => (builder, "cpu"),
        Device::Cuda | Device::Auto => {
            let available = ort::ep::CUDA::is_available().unwrap_or(false);
            if !available && device == Device::Cuda {
                return Err("device = cuda, but this ONNX Runtime has no CUDA execution provider (install onnxruntime-gpu and an NVIDIA driver)".into());
            }
            if available {
                let cuda = ort::ep::CUDA::default().build();
                let cuda = if device == Device::Cuda { cuda.error_on_failure() } else { cuda };
                (builder.with_execution_providers([cuda]), "cuda")
            } else {
                (builder, "cpu")
            }
        }
    };
    let environment = builder.with_name("liasse").build().map_err(|e| format!("cannot start ONNX Runtime: {e}"))?;
    Ok((environment, device))
}

/// The ONNX Runtime environment and where models are.
pub struct Runtime {
    environment: ort::environment::Environment,
    /// `cuda` or `cpu`: where sessions run.
    pub device: &'static str,
    intra_threads: usize,
    pub models_dir: PathBuf,
    /// How the models loaded from here group their calls.
    pub batch: BatchConfig,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").field("device", &self.device).field("models_dir", &self.models_dir).finish()
    }
}

impl Runtime {
    pub fn load(config: &ModelsConfig) -> Result<Self, LoadError> {
        let library = crate::locate::find(&crate::locate::Search {
            configured: config.onnxruntime_library.as_deref(),
            env_var: ORT_LIBRARY_ENV,
            next_to_executable: &["libonnxruntime.so.1.32.0", "libonnxruntime.so"],
            in_ancestors: &[ORT_VENV_LIBRARY],
        })
        .map_err(|searched| LoadError::Onnx(format!("the ONNX Runtime library was not found (set pipeline.models.onnxruntime_library or {ORT_LIBRARY_ENV}, or run scripts/setup.sh); looked at {searched:?}")))?;
        let models_dir = crate::locate::find(&crate::locate::Search {
            configured: config.dir.as_deref(),
            env_var: MODELS_DIR_ENV,
            next_to_executable: &["models"],
            in_ancestors: &["models/classifier/classifier.onnx"],
        })
        .map(|found| if found.is_file() { found.ancestors().nth(2).map(Path::to_owned).unwrap_or(found) } else { found })
        .map_err(|searched| LoadError::Onnx(format!("the models directory was not found (set pipeline.models.dir or {MODELS_DIR_ENV}); looked at {searched:?}")))?;
        let (environment, device) = environment(&library, config.device)?;
        Ok(Self { environment, device, intra_threads: config.intra_threads.max(1), models_dir, batch: config.batch })
    }

    /// Loads `relative` (under the models directory) after checking its sha256.
    pub fn load_model(&self, relative: &str) -> Result<OnnxModel, LoadError> {
        let path = self.models_dir.join(relative);
        let bytes = verified_bytes(&path)?;
        let version = format!("{}@sha256:{}", model_name(&path), &hex::encode(Sha256::digest(&bytes))[..12]);
        let session = Session::builder(&self.environment)
            .and_then(|builder| builder.with_intra_threads(self.intra_threads).map_err(ort::Error::from))
            .and_then(|mut builder| builder.commit_from_memory(&bytes))
            .map_err(|e| LoadError::Onnx(format!("{}: {e}", path.display())))?;
        Ok(OnnxModel { session: Mutex::new(session), version })
    }
}

fn model_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads a model file and checks it against `<file>.sha256` (`sha256sum` format).
pub fn verified_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::Onnx(format!("cannot read the model {}: {e}", path.display())))?;
    let checksum_path = PathBuf::from(format!("{}.sha256", path.display()));
    let expected = std::fs::read_to_string(&checksum_path).map_err(|e| {
        LoadError::Onnx(format!("cannot read {}: {e} (every model ships with its sha256)", checksum_path.display()))
    })?;
    let expected = expected.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    let actual = hex::encode(Sha256::digest(&bytes));
    if expected != actual {
        return Err(LoadError::ModelChecksum { path: path.to_owned(), expected, actual });
    }
    Ok(bytes)
}

/// One loaded model. `Session::run` needs exclusive access, so calls are serialised;
/// they take milliseconds, far less than reading a page.
pub struct OnnxModel {
    session: Mutex<Session>,
    /// `name@sha256:…`, recorded in every result's `models`.
    pub version: String,
}

impl std::fmt::Debug for OnnxModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxModel").field("version", &self.version).finish()
    }
}

impl OnnxModel {
    /// Runs `call` with the session.
    pub fn with_session<T>(&self, call: impl FnOnce(&mut Session) -> T) -> T {
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        call(&mut session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_whose_sha256_does_not_match_is_refused() {
        let dir = std::env::temp_dir().join(format!("liasse-model-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let model = dir.join("tampered.onnx");
        std::fs::write(&model, b"not the reviewed model").expect("write");
        std::fs::write(dir.join("tampered.onnx.sha256"), format!("{}  tampered.onnx\n", "0".repeat(64)))
            .expect("write");
        match verified_bytes(&model) {
            Err(LoadError::ModelChecksum { expected, actual, .. }) => {
                assert_eq!(expected, "0".repeat(64));
                assert_eq!(actual, hex::encode(Sha256::digest(b"not the reviewed model")));
            }
            other => panic!("expected a checksum error, got {other:?}"),
        }
        std::fs::write(
            dir.join("tampered.onnx.sha256"),
            format!("{}  tampered.onnx\n", hex::encode(Sha256::digest(b"not the reviewed model"))),
        )
        .expect("write");
        assert!(verified_bytes(&model).is_ok());
        std::fs::remove_file(dir.join("tampered.onnx.sha256")).expect("remove");
        assert!(matches!(verified_bytes(&model), Err(LoadError::Onnx(_))), "a model without its sha256 is refused");
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn the_committed_models_match_their_checksums() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
        for relative in ["classifier/classifier.onnx", "extractor/extractor.onnx"] {
            verified_bytes(&root.join(relative)).expect("committed model and sha256 agree");
        }
    }
}
