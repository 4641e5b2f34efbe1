//! End-to-end tests of the invoice extractor through the real pipeline (PDFium, Tesseract,
//! ONNX Runtime and the committed model) on the committed demo documents, whose truth is
//! `samples/expected.json`. The demo documents are not training data: the model was
//! trained on `models/generator` output only.

use liasse_core::{DocClass, DocumentId, Extraction};

use super::{Extractor, matches};
use crate::test_support::{pipeline, png, render_first_page, sample};
use crate::{Input, Options};

fn expected(path: &str) -> serde_json::Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/expected.json");
    let all: serde_json::Value = serde_json::from_slice(&std::fs::read(root).expect("expected.json")).expect("JSON");
    all["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["path"] == path)
        .cloned()
        .expect("document listed")
}

fn process(bytes: &[u8], options: &Options) -> Extraction {
    let input = Input { document_id: DocumentId::new(), filename: "demo", bytes, options };
    pipeline().process(input).expect("the document is read")
}

/// The field is there, has the expected value, a confidence and a provenance with a
/// page, a box on the page and a line of text.
fn assert_field(extraction: &Extraction, truth: &serde_json::Value, name: &str) {
    let want = truth["fields"][name].as_str().unwrap_or_else(|| panic!("{name} is in the truth"));
    let field = extraction.field(name).unwrap_or_else(|| panic!("{name} was not extracted (expected {want:?})"));
    let got = field.as_str().expect("a string value");
    assert!(matches(name, got, want), "{name}: got {got:?}, expected {want:?}");
    assert!(field.confidence > 0.0 && field.confidence <= 1.0, "{name}: confidence {}", field.confidence);
    let provenance = &field.provenance;
    assert_eq!(provenance.page, Some(1), "{name}: page");
    let bbox = provenance.bbox.unwrap_or_else(|| panic!("{name} has a box"));
    assert!(
        bbox[0] >= 0.0
            && bbox[1] >= 0.0
            && bbox[2] > bbox[0]
            && bbox[3] > bbox[1]
            && bbox[2] <= 842.0
            && bbox[3] <= 842.0,
        "{name}: box {bbox:?}"
    );
    assert!(provenance.text.as_deref().is_some_and(|t| !t.is_empty()), "{name}: provenance text");
}

#[test]
fn demo_pdfs_yield_their_number_dates_and_totals_with_provenance() {
    for path in ["demo/facture-2024-0042.pdf", "demo/invoice-INV-7781.pdf", "demo/avoir-2024-0007.pdf"] {
        let truth = expected(path);
        let extraction = process(&sample(path), &Options::default());
        // The class is the classifier's business (tested there); type_code follows it.
        let class = extraction.class;
        assert!(matches!(class, DocClass::Invoice | DocClass::CreditNote), "{path}: class {class}");
        for name in ["invoice_number", "issue_date", "due_date", "total_excl_vat", "total_vat", "total_incl_vat"] {
            if truth["fields"].get(name).is_some() {
                assert_field(&extraction, &truth, name);
            }
        }
        let type_code = extraction.field("type_code").and_then(|f| f.as_str());
        assert_eq!(type_code, Some(if class == DocClass::Invoice { "380" } else { "381" }), "{path}: type_code");
        assert_eq!(extraction.field("currency").and_then(|f| f.as_str()), Some("EUR"), "{path}: currency");
        assert!(extraction.models.contains_key("extractor"), "{path}: the extractor's version is recorded");
        assert!(extraction.timings_ms.contains_key("fields"), "{path}: the extractor's time is recorded");
    }
}

#[test]
fn the_ocr_of_a_rendered_demo_page_yields_number_and_total_with_boxes() {
    let path = "demo/facture-2024-0042.pdf";
    let truth = expected(path);
    let image = render_first_page(&sample(path), 300.0);
    let extraction = process(&png(&image), &Options::default());
    assert_eq!(extraction.source, liasse_core::Source::Ocr);
    assert_field(&extraction, &truth, "invoice_number");
    assert_field(&extraction, &truth, "total_incl_vat");
}

#[test]
fn a_factur_x_page_is_compared_with_its_xml() {
    let path = "demo/facturx-2024-0050.pdf";
    let extraction = process(&sample(path), &Options::default());
    assert_eq!(extraction.source, liasse_core::Source::EmbeddedXml);
    let compared: Vec<&str> =
        extraction.checks.iter().filter(|c| c.rule.starts_with("page_matches_xml:")).map(|c| c.rule.as_str()).collect();
    assert!(compared.contains(&"page_matches_xml:invoice_number"), "{compared:?}");
    assert!(compared.contains(&"page_matches_xml:total_incl_vat"), "{compared:?}");
    for check in extraction.checks.iter().filter(|c| c.rule.starts_with("page_matches_xml:")) {
        assert!(check.passed, "{}: {}", check.rule, check.detail);
    }
    // The page alone gives the same values (the XML is ignored on request).
    let page_only = process(&sample(path), &Options { ignore_embedded_xml: true });
    assert_eq!(page_only.source, liasse_core::Source::TextLayer);
    assert_field(&page_only, &expected(path), "invoice_number");
}

#[test]
fn the_extractor_model_with_a_wrong_sha256_is_refused() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    crate::models::verified_bytes(&root.join(super::model::MODEL_PATH))
        .expect("the committed extractor matches its sha256");
    let dir = std::env::temp_dir().join(format!("liasse-extractor-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("extractor")).expect("temp dir");
    for file in ["extractor/extractor.onnx", "extractor/features.json"] {
        std::fs::copy(root.join(file), dir.join(file)).expect("copy");
    }
    std::fs::write(dir.join("extractor/extractor.onnx.sha256"), format!("{}  extractor.onnx\n", "0".repeat(64)))
        .expect("write");
    let config = crate::models::ModelsConfig {
        dir: Some(dir.clone()),
        device: crate::models::Device::Cpu,
        ..Default::default()
    };
    let runtime = crate::models::Runtime::load(&config).expect("ONNX Runtime");
    match Extractor::load(&runtime) {
        Err(crate::LoadError::ModelChecksum { expected, .. }) => assert_eq!(expected, "0".repeat(64)),
        other => panic!("expected a checksum error, got {other:?}"),
    }
    std::fs::copy(root.join("extractor/extractor.onnx.sha256"), dir.join("extractor/extractor.onnx.sha256"))
        .expect("copy");
    assert!(Extractor::load(&runtime).is_ok(), "the same files with the right sha256 load");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
