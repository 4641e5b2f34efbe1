//! Runs both ONNX models on fixed inputs on one device and prints their outputs and
//! throughput as JSON, for `scripts/gpu-check.sh` to compare the CPU with CUDA. ONNX
//! Runtime allows one environment (one device) per process, hence one run per device.
//!
//! ```text
//! cargo run --release -p liasse-pipelines --example model_check -- cpu|cuda [ROUNDS]
//! ```
//!
//! Inputs: the texts of `models/classifier/contract_vectors.json` for the classifier,
//! the candidate rows of the demo PDFs (`samples/demo/*.pdf`, read from their text
//! layer) for the field extractor. Run from the repository root.

use std::time::Instant;

use liasse_core::{DocClass, DocumentId};
use liasse_pipelines::classify::{self, Classifier};
use liasse_pipelines::fields::invoice::{self, Extractor};
use liasse_pipelines::models::{BatchConfig, Device, ModelsConfig, Runtime};
use liasse_pipelines::{Input, Options, Pipeline, PipelineConfig, language};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let device = match args.get(1).map(String::as_str) {
        Some("cpu") => Device::Cpu,
        Some("cuda") => Device::Cuda,
        _ => return Err("usage: model_check cpu|cuda [ROUNDS]".into()),
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let models = ModelsConfig { device, batch: BatchConfig::default(), ..Default::default() };
    let pipeline = Pipeline::load_without_extractor(PipelineConfig { models: models.clone(), ..Default::default() })
        .map_err(|e| e.to_string())?;
    let runtime = Runtime::load(&models).map_err(|e| e.to_string())?;
    let classifier = Classifier::load(&runtime).map_err(|e| e.to_string())?;
    let extractor = Extractor::load(&runtime).map_err(|e| e.to_string())?;

    let vectors: serde_json::Value = serde_json::from_slice(
        &std::fs::read("models/classifier/contract_vectors.json").map_err(|e| format!("contract vectors: {e}"))?,
    )
    .map_err(|e| e.to_string())?;
    let texts: Vec<String> = vectors["vectors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["raw"].as_str())
        .map(classify::normalize)
        .collect();

    let mut rows: Vec<Vec<f32>> = Vec::new();
    let mut pdfs: Vec<_> = std::fs::read_dir("samples/demo")
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    let options = Options { ignore_embedded_xml: true };
    for path in &pdfs {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let input = Input { document_id: DocumentId::new(), filename: "check", bytes: &bytes, options: &options };
        let layer = pipeline.read_layout(input).map_err(|e| e.to_string())?;
        let language = language::detect(&layer.layout.text()).map(str::to_owned);
        rows.extend(
            invoice::training_rows(&layer.layout, DocClass::Invoice, language.as_deref(), layer.source)
                .into_iter()
                .map(|r| r.features),
        );
    }

    let classes = classifier.classify_normalized(texts.clone())?;
    let scores = extractor.score(rows.clone())?;
    let started = Instant::now();
    for _ in 0..rounds {
        classifier.classify_normalized(texts.clone())?;
    }
    let classifier_per_s = (rounds * texts.len()) as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..rounds {
        extractor.score(rows.clone())?;
    }
    let extractor_rows_per_s = (rounds * rows.len()) as f64 / started.elapsed().as_secs_f64();
    let report = serde_json::json!({
        "device": runtime.device,
        "classifier": classes.iter().map(|p| p.ranked.iter().map(|(c, p)| (c.as_str(), *p)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "extractor": scores,
        "texts": texts.len(),
        "rows": rows.len(),
        "classifier_texts_per_s": classifier_per_s.round(),
        "extractor_rows_per_s": extractor_rows_per_s.round(),
    });
    println!("{report}");
    Ok(())
}
