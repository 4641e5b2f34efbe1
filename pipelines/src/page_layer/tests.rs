//! Tests of the page layer through the real pipeline: scanned PDFs made here from the
//! demo invoices (page images wrapped in a PDF, as a scanner writes them), mixed PDFs,
//! and image files.

use image::GrayImage;
use liasse_core::{DocClass, DocumentId, Source};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

use crate::layout::Page;
use crate::test_support::{pipeline, png, render_first_page, sample};
use crate::{Format, Input, Options, PageLayer, Pipeline};

/// What a test page shows.
enum Shows {
    /// A line of text in Helvetica: a text layer.
    Text(&'static str),
    /// An A4 page image: a scan, no text layer.
    Scan(GrayImage),
}

/// An A4 PDF with one page per entry.
fn pdf(pages: Vec<Shows>) -> Vec<u8> {
    let mut document = Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let font_id =
        document.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let mut page_ids: Vec<Object> = Vec::new();
    for shows in pages {
        let (operations, resources) = match shows {
            Shows::Text(text) => (
                vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 12.into()]),
                    Operation::new("Td", vec![72.into(), 700.into()]),
                    Operation::new("Tj", vec![Object::string_literal(text)]),
                    Operation::new("ET", vec![]),
                ],
                dictionary! { "Font" => dictionary! { "F1" => font_id } },
            ),
            Shows::Scan(image) => {
                let mut stream = Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Image",
                        "Width" => image.width() as i64, "Height" => image.height() as i64,
                        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                    },
                    image.into_raw(),
                );
                stream.compress().expect("compresses");
                let image_id = document.add_object(stream);
                (
                    vec![
                        Operation::new("q", vec![]),
                        Operation::new("cm", vec![595.into(), 0.into(), 0.into(), 842.into(), 0.into(), 0.into()]),
                        Operation::new("Do", vec!["Im0".into()]),
                        Operation::new("Q", vec![]),
                    ],
                    dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
                )
            }
        };
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = document.add_object(Stream::new(dictionary! {}, content));
        let page_id = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        page_ids.push(page_id.into());
    }
    let count = page_ids.len() as i64;
    document
        .objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => page_ids, "Count" => count }));
    let catalog_id = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    document.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("saves");
    bytes
}

fn read_layout(bytes: &[u8]) -> PageLayer {
    let options = Options::default();
    pipeline()
        .read_layout(Input { document_id: DocumentId::new(), filename: "doc", bytes, options: &options })
        .expect("reads")
}

/// Scans of the demo invoices at 150 dpi, by invoice number.
fn scans() -> Vec<(&'static str, GrayImage)> {
    [
        ("FA-2024-0042", "demo/facture-2024-0042.pdf"),
        ("FA-2024-0043", "demo/facture-2024-0043.pdf"),
        ("INV-7781", "demo/invoice-INV-7781.pdf"),
        ("AV-2024-0007", "demo/avoir-2024-0007.pdf"),
        ("FA-2024-0050", "demo/facturx-2024-0050.pdf"),
    ]
    .into_iter()
    .map(|(number, path)| (number, render_first_page(&sample(path), 150.0)))
    .collect()
}

#[test]
fn a_scanned_pdf_streams_through_ocr_and_comes_back_in_page_order() {
    // Six scanned pages, each identified by the invoice number it shows; the last one
    // repeats the first, so order is checked and not just membership.
    let mut scans = scans();
    scans.push(scans[0].clone());
    let expected: Vec<&str> = scans.iter().map(|(number, _)| *number).collect();
    let bytes = pdf(scans.into_iter().map(|(_, image)| Shows::Scan(image)).collect());
    let layer = read_layout(&bytes);
    assert_eq!(layer.source, Source::Ocr);
    assert_eq!(layer.layout.pages.len(), 6);
    for (page_idx, (page, number)) in layer.layout.pages.iter().zip(&expected).enumerate() {
        assert_eq!(page.number as usize, page_idx + 1);
        assert_eq!(page.source, Source::Ocr);
        assert!(page.words().any(|word| word.text == *number), "page {} should show {number}", page.number);
    }
    assert!(layer.models["ocr"].starts_with("tesseract 5."));
    for timing in ["extract_text", "render", "ocr"] {
        assert!(layer.timings_ms.contains_key(timing), "{timing}: {:?}", layer.timings_ms);
    }
    assert!(layer.problems.is_empty());
}

#[test]
fn a_mixed_pdf_reads_text_pages_and_ocrs_scanned_ones() {
    let (_, scan) = scans().swap_remove(2);
    let bytes = pdf(vec![Shows::Text("Bordereau de remise des pieces jointes"), Shows::Scan(scan)]);
    let layer = read_layout(&bytes);
    let sources: Vec<Source> = layer.layout.pages.iter().map(|page| page.source).collect();
    assert_eq!(sources, [Source::TextLayer, Source::Ocr]);
    assert_eq!(layer.source, Source::TextLayer, "some of the document has a text layer");
    assert_eq!(layer.layout.pages[0].text(), "Bordereau de remise des pieces jointes");
    assert!(layer.layout.pages[1].text().contains("INV-7781"));
    assert!(layer.layout.text().contains("jointes\n\u{c}\n"), "pages are separated by a form feed");
}

#[test]
fn an_image_file_is_processed_by_ocr() {
    let bytes = png(&render_first_page(&sample("demo/avoir-2024-0007.pdf"), 200.0));
    assert_eq!(crate::sniff::sniff(&bytes), Format::Png);
    let options = Options::default();
    let input = Input { document_id: DocumentId::new(), filename: "avoir.png", bytes: &bytes, options: &options };
    let extraction = pipeline().process(input).expect("processes");
    assert_eq!(extraction.source, Source::Ocr);
    // The OCR'd text goes through the classifier like any text.
    assert_eq!(extraction.class, DocClass::CreditNote);
    assert_eq!(extraction.language.as_deref(), Some("fr"));
    assert!(extraction.models["classifier"].starts_with("classifier@sha256:"), "{:?}", extraction.models);
    assert!(extraction.models["ocr"].starts_with("tesseract 5."), "{:?}", extraction.models);
    for timing in ["decode", "ocr", "total"] {
        assert!(extraction.timings_ms.contains_key(timing), "{timing}: {:?}", extraction.timings_ms);
    }
    let page: &Page = &pipeline().read_layout(input).expect("reads").layout.pages[0];
    assert!(page.text().contains("AV-2024-0007"), "{}", page.text());
    // No resolution recorded in the PNG: 300 dpi is assumed, so 200-dpi A4 pixels make
    // a page two thirds of A4.
    assert!((page.width - 595.28 * 2.0 / 3.0).abs() < 1.0, "{}", page.width);
}

#[test]
fn the_pipeline_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
}

#[test]
fn start_up_fails_clearly_on_a_bad_installation_or_configuration() {
    use crate::ocr::OcrEngine;
    use crate::pdf::engine::PdfEngine;
    use crate::{LoadError, OcrConfig, PipelineConfig};

    let config = PipelineConfig { ocr: OcrConfig { dpi: 10, ..OcrConfig::default() }, ..PipelineConfig::default() };
    assert!(matches!(Pipeline::load(config), Err(LoadError::Config(_))));
    let missing = std::path::Path::new("/nonexistent/libpdfium.so");
    assert!(matches!(PdfEngine::load(missing), Err(LoadError::Pdfium { .. })));
    let klingon = OcrConfig { languages: "tlh".into(), threads: Some(1), ..OcrConfig::default() };
    let models = &crate::test_support::pipeline().models;
    assert!(matches!(OcrEngine::load(&klingon, models), Err(LoadError::Tesseract { .. })));
    let unknown = OcrConfig {
        engine: crate::OcrEngineKind::Onnx,
        onnx_models: "ppocr-klingon".into(),
        threads: Some(1),
        ..OcrConfig::default()
    };
    assert!(matches!(OcrEngine::load(&unknown, models), Err(LoadError::Onnx(_))));
    let escaping = OcrConfig { engine: crate::OcrEngineKind::Onnx, onnx_models: "../classifier".into(), ..unknown };
    assert!(matches!(OcrEngine::load(&escaping, models), Err(LoadError::Config(_))));
}
