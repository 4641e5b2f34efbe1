//! The whole configuration: defaults, then `liasse.toml` (or `--config FILE`), then
//! `LIASSE__SECTION__KEY` environment variables (`LIASSE__DATABASE__URL`,
//! `LIASSE__STORE__KIND=s3`, `LIASSE__KEYS__MASTER_KEY`…). Each section is defined in
//! the crate that uses it.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Config {
    pub database: liasse_scheduler::DatabaseConfig,
    pub store: liasse_scheduler::StoreConfig,
    pub residency: liasse_scheduler::store::residency::ResidencyConfig,
    pub retention: liasse_scheduler::sweeper::RetentionConfig,
    pub keys: liasse_scheduler::KeysConfig,
    pub queue: liasse_scheduler::QueueConfig,
    pub worker: liasse_workers::WorkerConfig,
    pub api: liasse_api::ApiConfig,
    pub pipeline: liasse_pipelines::PipelineConfig,
}

const DEFAULT_FILE: &str = "liasse.toml";

impl Config {
    /// Loads the configuration. An explicit `--config` file must exist; the default
    /// `liasse.toml` is read only when present.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Self> {
        let (path, required) = match explicit {
            Some(path) => (path.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_FILE), false),
        };
        let raw = config::Config::builder()
            .add_source(config::File::from(path.as_path()).format(config::FileFormat::Toml).required(required))
            .add_source(
                config::Environment::with_prefix("LIASSE").prefix_separator("__").separator("__").try_parsing(true),
            )
            .build()
            .with_context(|| format!("reading configuration ({})", path.display()))?;
        let mut config: Config = raw.try_deserialize().context("invalid configuration")?;
        // DATABASE_URL is the convention of sqlx, Heroku-style hosts and Kubernetes
        // operators; LIASSE__DATABASE__URL wins when both are set.
        if std::env::var_os("LIASSE__DATABASE__URL").is_none()
            && let Ok(url) = std::env::var("DATABASE_URL")
        {
            config.database.url = url;
        }
        if let Some(engine) = ocr_engine_alias(
            std::env::var_os("LIASSE__PIPELINE__OCR__ENGINE").is_some(),
            std::env::var("LIASSE__OCR__ENGINE").ok(),
        )? {
            config.pipeline.ocr.engine = engine;
        }
        Ok(config)
    }
}

/// `LIASSE__OCR__ENGINE=tesseract|onnx` is the short name of `pipeline.ocr.engine`;
/// `LIASSE__PIPELINE__OCR__ENGINE` wins when both are set. A value that names no
/// engine stops the start-up rather than quietly running Tesseract.
fn ocr_engine_alias(
    full_name_set: bool,
    short: Option<String>,
) -> anyhow::Result<Option<liasse_pipelines::OcrEngineKind>> {
    match short {
        Some(_) if full_name_set => Ok(None),
        Some(value) => serde_json::from_value(serde_json::Value::String(value.trim().to_lowercase()))
            .map(Some)
            .map_err(|_| anyhow::anyhow!("LIASSE__OCR__ENGINE={value:?}: expected tesseract or onnx")),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_ocr_engine_variable_selects_the_engine_unless_the_full_one_is_set() {
        use liasse_pipelines::OcrEngineKind;
        assert_eq!(ocr_engine_alias(false, Some("onnx".into())).expect("valid"), Some(OcrEngineKind::Onnx));
        assert_eq!(ocr_engine_alias(false, Some("Tesseract".into())).expect("valid"), Some(OcrEngineKind::Tesseract));
        assert_eq!(ocr_engine_alias(true, Some("onnx".into())).expect("valid"), None);
        assert_eq!(ocr_engine_alias(false, None).expect("valid"), None);
        let error = ocr_engine_alias(false, Some("easyocr".into())).expect_err("not an engine");
        assert!(error.to_string().contains("expected tesseract or onnx"), "{error}");
    }

    /// The annotated example is what operators copy: every key in it must be one the
    /// program reads, with the type it expects.
    #[test]
    fn the_example_configuration_is_valid() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/liasse.example.toml");
        let config = Config::load(Some(&example)).expect("deploy/liasse.example.toml loads");
        assert_eq!(config.pipeline.ocr.languages, "fra+eng+deu");
        assert_eq!(config.pipeline.ocr.engine, liasse_pipelines::OcrEngineKind::Tesseract);
        assert_eq!(config.pipeline.models.device, liasse_pipelines::models::Device::Auto);
        assert_eq!(config.pipeline.limits.max_nesting, 5);
        assert_eq!(config.pipeline.limits.max_decompression_ratio, 100);
        assert_eq!(config.pipeline.models.batch.max_requests, 32);
    }

    #[test]
    fn an_explicit_file_that_is_missing_is_an_error() {
        let error = Config::load(Some(Path::new("/nonexistent/liasse.toml"))).expect_err("a missing file is an error");
        assert!(format!("{error:#}").contains("/nonexistent/liasse.toml"), "{error:#}");
    }
}
