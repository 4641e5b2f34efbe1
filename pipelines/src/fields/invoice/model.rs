//! The candidate scorer: `models/extractor/extractor.onnx` (gradient-boosted trees
//! trained by `models/extractor/train.py`; see its MODEL_CARD.md), with the feature
//! contract and decision thresholds of `features.json` next to it.
//!
//! The model reads one row of `features::names()` per (field, candidate) and answers the
//! probability that the candidate is the field's value. A model trained on another
//! feature set (other names, order or version) is refused at load: its scores would be
//! meaningless, silently.

use std::collections::BTreeMap;

use ndarray::Array2;
use ort::value::TensorRef;
use serde::Deserialize;

use super::features::{self, FIELDS};
use crate::LoadError;
use crate::models::{Batcher, OnnxModel, Runtime};

/// Where the model lives under the models directory.
pub const MODEL_PATH: &str = "extractor/extractor.onnx";
pub const FEATURES_PATH: &str = "extractor/features.json";

/// `features.json`, written by the training script.
#[derive(Debug, Deserialize)]
struct FeatureContract {
    version: u32,
    names: Vec<String>,
    /// Per field: the lowest probability at which the best candidate is reported,
    /// chosen on the generator's validation split.
    thresholds: BTreeMap<String, f32>,
}

/// The loaded scorer.
#[derive(Debug)]
pub struct Extractor {
    model: OnnxModel,
    /// Groups the candidate rows of documents in flight into one model call.
    batcher: Batcher<Vec<f32>, f32>,
    n_features: usize,
    /// By index of `FIELDS`.
    pub(crate) thresholds: Vec<f32>,
}

impl Extractor {
    /// Loads the model after checking its sha256 and its feature contract.
    pub fn load(runtime: &Runtime) -> Result<Self, LoadError> {
        let contract_path = runtime.models_dir.join(FEATURES_PATH);
        let contract: FeatureContract = std::fs::read(&contract_path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
            .map_err(|e| LoadError::Onnx(format!("{}: {e}", contract_path.display())))?;
        check_contract(&contract)?;
        let model = runtime.load_model(MODEL_PATH)?;
        let thresholds = FIELDS.iter().map(|f| contract.thresholds.get(f.name).copied().unwrap_or(0.5)).collect();
        Ok(Self { model, batcher: Batcher::new(runtime.batch), n_features: contract.names.len(), thresholds })
    }

    /// `extractor@sha256:…`, recorded in results.
    pub fn version(&self) -> &str {
        &self.model.version
    }

    /// The probability of each row (one per (field, candidate)), in one model call with
    /// the rows of other documents in flight (`models::batch`).
    pub fn score(&self, rows: Vec<Vec<f32>>) -> Result<Vec<f32>, String> {
        self.batcher.run(rows, |rows| self.call(&rows))
    }

    fn call(&self, rows: &[Vec<f32>]) -> Result<Vec<f32>, String> {
        let flat: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let input = Array2::from_shape_vec((rows.len(), self.n_features), flat).map_err(|e| e.to_string())?;
        self.model.with_session(|session| {
            let tensor = TensorRef::from_array_view(&input).map_err(|e| e.to_string())?;
            let outputs = session.run(ort::inputs!["input" => tensor]).map_err(|e| e.to_string())?;
            let probabilities = outputs["probabilities"].try_extract_array::<f32>().map_err(|e| e.to_string())?;
            let probabilities = probabilities.into_dimensionality::<ndarray::Ix2>().map_err(|e| e.to_string())?;
            if probabilities.ncols() != 2 {
                return Err(format!(
                    "the extractor gave {} columns of probabilities, expected 2",
                    probabilities.ncols()
                ));
            }
            Ok(probabilities.column(1).to_vec())
        })
    }
}

fn check_contract(contract: &FeatureContract) -> Result<(), LoadError> {
    let expected = features::names();
    if contract.version != features::VERSION || contract.names != expected {
        let first_difference = contract.names.iter().zip(&expected).position(|(a, b)| a != b);
        return Err(LoadError::Onnx(format!(
            "the extractor model was trained on features v{} ({} features) but this build computes v{} ({} features{}): retrain it with `make -C models models`",
            contract.version,
            contract.names.len(),
            features::VERSION,
            expected.len(),
            first_difference.map(|i| format!(", first difference at #{i}")).unwrap_or_default()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_for_other_features_is_refused() {
        let mut contract =
            FeatureContract { version: features::VERSION, names: features::names(), thresholds: BTreeMap::new() };
        assert!(check_contract(&contract).is_ok());
        contract.names.swap(0, 1);
        assert!(
            matches!(check_contract(&contract), Err(LoadError::Onnx(message)) if message.contains("first difference at #0"))
        );
        contract.names = features::names();
        contract.version += 1;
        assert!(check_contract(&contract).is_err());
    }

    #[test]
    fn feature_names_are_unique_and_rows_match_them() {
        let names = features::names();
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "duplicate feature names");
        assert!(names.len() > 100);
    }
}
