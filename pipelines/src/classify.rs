//! Document classification by the ONNX model in `models/classifier/` (TF-IDF word
//! n-grams → multinomial logistic regression; see its MODEL_CARD.md).
//!
//! The text is normalised here exactly as the model was trained (`normalize`, the
//! contract of `models/classifier/textprep.py`); tokenisation happens inside the model.

use liasse_core::DocClass;
use ndarray::Array2;
use ort::value::Tensor;
use unicode_normalization::UnicodeNormalization;

use crate::LoadError;
use crate::models::{Batcher, OnnxModel, Runtime};

/// Characters of normalised text the model reads.
const MAX_CHARS: usize = 20_000;
/// Fewer tokens than this and there is nothing to classify (the model would answer its prior).
pub const MIN_TOKENS: usize = 3;

/// The classifier's input for a document's text: NFKC, lower case, every ASCII digit
/// as `0`, whitespace runs as one space, trimmed, at most 20,000 characters.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 2));
    let mut pending_space = false;
    let mut n_chars = 0;
    // String-level lower-casing, like Python's `str.lower`: a final sigma becomes `ς`.
    let lowered = text.nfkc().collect::<String>().to_lowercase();
    for c in lowered.chars() {
        if c.is_whitespace() {
            pending_space = n_chars > 0;
            continue;
        }
        if pending_space {
            if n_chars == MAX_CHARS {
                break;
            }
            out.push(' ');
            n_chars += 1;
            pending_space = false;
        }
        if n_chars == MAX_CHARS {
            break;
        }
        out.push(if c.is_ascii_digit() { '0' } else { c });
        n_chars += 1;
    }
    out
}

/// Tokens as the model counts them: runs of two or more letters, digits or `_`.
pub fn n_tokens(normalized: &str) -> usize {
    normalized.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| t.chars().count() >= 2).count()
}

/// The class of one document and how sure the model is.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub class: DocClass,
    pub confidence: f64,
    /// Every class with its probability, most likely first.
    pub ranked: Vec<(DocClass, f64)>,
}

#[derive(Debug)]
pub struct Classifier {
    model: OnnxModel,
    /// Column order of the `probabilities` output.
    labels: Vec<DocClass>,
    /// Groups the texts of documents in flight into one model call.
    batcher: Batcher<String, Prediction>,
}

impl Classifier {
    pub fn load(runtime: &Runtime) -> Result<Self, LoadError> {
        let model = runtime.load_model("classifier/classifier.onnx")?;
        let labels_path = runtime.models_dir.join("classifier/labels.json");
        let labels: Vec<String> = std::fs::read(&labels_path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
            .map_err(|e| LoadError::Onnx(format!("{}: {e}", labels_path.display())))?;
        let labels = labels
            .iter()
            .map(|l| l.parse::<DocClass>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| LoadError::Onnx(format!("{}: {e}", labels_path.display())))?;
        Ok(Self { model, labels, batcher: Batcher::new(runtime.batch) })
    }

    pub fn version(&self) -> &str {
        &self.model.version
    }

    /// Classifies already-normalised texts, in one model call with the texts of other
    /// documents in flight (`models::batch`).
    pub fn classify_normalized(&self, texts: Vec<String>) -> Result<Vec<Prediction>, String> {
        self.batcher.run(texts, |texts| self.call(texts))
    }

    /// (model calls, texts classified) so far.
    pub fn batch_counts(&self) -> (u64, u64) {
        self.batcher.counts()
    }

    fn call(&self, texts: Vec<String>) -> Result<Vec<Prediction>, String> {
        let input = Array2::from_shape_vec((texts.len(), 1), texts).map_err(|e| e.to_string())?;
        let tensor = Tensor::from_string_array(&input).map_err(|e| e.to_string())?;
        let probabilities = self.model.with_session(|session| -> Result<Array2<f32>, String> {
            let outputs = session.run(ort::inputs!["input" => tensor]).map_err(|e| e.to_string())?;
            let array = outputs["probabilities"].try_extract_array::<f32>().map_err(|e| e.to_string())?;
            array.into_dimensionality::<ndarray::Ix2>().map(|a| a.to_owned()).map_err(|e| e.to_string())
        })?;
        if probabilities.ncols() != self.labels.len() {
            return Err(format!(
                "the classifier gave {} probabilities for {} labels",
                probabilities.ncols(),
                self.labels.len()
            ));
        }
        Ok(probabilities
            .rows()
            .into_iter()
            .map(|row| {
                let mut ranked: Vec<(DocClass, f64)> =
                    self.labels.iter().copied().zip(row.iter().map(|&p| f64::from(p))).collect();
                ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
                Prediction { class: ranked[0].0, confidence: ranked[0].1, ranked }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_follows_the_contract() {
        assert_eq!(normalize("  FACTURE\tN°  F2024-0042\r\n"), "facture n° f0000-0000");
        assert_eq!(normalize("ﬁn Straße"), "fin straße");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(&"a".repeat(30_000)).chars().count(), MAX_CHARS);
        assert_eq!(n_tokens("facture n° f0000-0000"), 3);
    }

    /// The vectors written by the training script: raw text, normalised text and the
    /// probabilities scikit-learn computed. Rust must reproduce both.
    #[test]
    fn rust_reproduces_the_training_side_exactly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
        let vectors: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.join("classifier/contract_vectors.json")).expect("vectors"))
                .expect("JSON");
        let tolerance = vectors["tolerance"].as_f64().unwrap_or(1e-5);
        let runtime =
            Runtime::load(&crate::models::ModelsConfig { device: crate::models::Device::Cpu, ..Default::default() })
                .expect("ONNX Runtime");
        let classifier = Classifier::load(&runtime).expect("the classifier loads");
        for vector in vectors["vectors"].as_array().expect("vectors") {
            let raw = vector["raw"].as_str().expect("raw");
            let normalized = normalize(raw);
            assert_eq!(normalized, vector["normalized"].as_str().expect("normalized"), "normalisation of {raw:?}");
            let prediction = classifier.classify_normalized(vec![normalized]).expect("classifies").remove(0);
            assert_eq!(prediction.class.as_str(), vector["label"].as_str().expect("label"));
            for (index, expected) in vector["probabilities"].as_array().expect("probabilities").iter().enumerate() {
                let class = classifier.labels[index];
                let got = prediction.ranked.iter().find(|(c, _)| *c == class).map(|(_, p)| *p).expect("class");
                assert!(
                    (got - expected.as_f64().expect("number")).abs() <= tolerance,
                    "{class} of {raw:?}: {got} vs {expected}"
                );
            }
        }
    }

    /// Documents classified at the same time share model calls, and each gets the
    /// answer it would have had alone.
    #[test]
    fn concurrent_documents_share_model_calls_with_the_same_answers() {
        let texts = [
            "facture n° f0000-0000 total ttc 000,00 eur tva 00 %",
            "avoir n° av-0000 montant de l'avoir 00,00 eur",
            "non-disclosure agreement between the parties governing law",
            "ticket de caisse carte bancaire merci de votre visite",
        ];
        let config = crate::models::ModelsConfig {
            device: crate::models::Device::Cpu,
            batch: crate::models::BatchConfig { max_requests: texts.len(), max_wait_ms: 2_000 },
            ..Default::default()
        };
        // Alone: a classifier that never waits for company.
        let unbatched = Runtime::load(&crate::models::ModelsConfig { batch: Default::default(), ..config.clone() })
            .and_then(|runtime| Classifier::load(&runtime))
            .expect("the classifier loads");
        let alone: Vec<Prediction> = texts
            .iter()
            .map(|t| unbatched.classify_normalized(vec![(*t).to_owned()]).expect("classifies").remove(0))
            .collect();
        assert_eq!(unbatched.batch_counts(), (4, 4));
        let runtime = Runtime::load(&config).expect("ONNX Runtime");
        let classifier = Classifier::load(&runtime).expect("the classifier loads");
        let together: Vec<Prediction> = std::thread::scope(|scope| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| scope.spawn(|| classifier.classify_normalized(vec![(*t).to_owned()]).expect("classifies")))
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread").remove(0)).collect()
        });
        assert_eq!(classifier.batch_counts(), (1, 4), "one call for the four documents");
        for (a, b) in alone.iter().zip(&together) {
            assert_eq!(a.class, b.class);
            assert!((a.confidence - b.confidence).abs() < 1e-6, "{} vs {}", a.confidence, b.confidence);
        }
    }
}
