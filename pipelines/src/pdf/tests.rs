//! Tests of PDF reading on PDFs built here with lopdf (attachments in the layouts
//! Factur-X producers use, text layers, scans, limits, encryption and damage) and on
//! the committed demo documents, through the real PDFium and Tesseract.

use liasse_core::{DocClass, DocumentId, ErrorCode, Extraction, Source};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::{Embedded, read_embedded};
use super::{compare, engine};
use crate::einvoice::tests::MINIMAL_CII;
use crate::layout::Layout;
use crate::page_layer::{self, Readers};
use crate::test_support::{pipeline, sample};
use crate::{Format, Input, Limits, NO_TEXT, Options, Result};

/// Where the attachments of a test PDF are listed.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum AttachmentLayout {
    /// `/Names /EmbeddedFiles << /Names [...] >>` and `/AF`, as Factur-X writers do.
    NameTreeAndAssociatedFiles,
    /// The name tree split into `/Kids`, with no `/AF`.
    NameTreeWithKids,
    /// Only `/AF` (PDF/A-3 associated files), no name tree.
    AssociatedFilesOnly,
}

/// A PDF with one page per entry of `pages` (an empty entry is a page without text)
/// and the given attachments.
pub(crate) fn build_pdf(pages: &[&str], attachments: &[(&str, &[u8])], layout: AttachmentLayout) -> Document {
    let mut document = Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let font_id = document.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut page_ids: Vec<Object> = Vec::new();
    for text in pages {
        let operations = if text.is_empty() {
            vec![Operation::new("re", vec![0.into(), 0.into(), 10.into(), 10.into()]), Operation::new("f", vec![])]
        } else {
            vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ]
        };
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = document.add_object(Stream::new(dictionary! {}, content));
        let page_id = document.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        page_ids.push(page_id.into());
    }
    let page_count = page_ids.len() as i64;
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => page_ids, "Count" => page_count }),
    );

    let mut name_tree_pairs: Vec<Object> = Vec::new();
    let mut file_spec_ids: Vec<Object> = Vec::new();
    for (name, bytes) in attachments {
        let mut stream = Stream::new(
            dictionary! { "Type" => "EmbeddedFile", "Subtype" => Object::Name(b"text/xml".to_vec()) },
            bytes.to_vec(),
        );
        stream.compress().expect("compresses");
        let stream_id = document.add_object(stream);
        let file_spec_id: ObjectId = document.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(*name),
            "UF" => lopdf::text_string(name),
            "EF" => dictionary! { "F" => stream_id, "UF" => stream_id },
            "AFRelationship" => "Data",
        });
        name_tree_pairs.push(Object::string_literal(*name));
        name_tree_pairs.push(file_spec_id.into());
        file_spec_ids.push(file_spec_id.into());
    }

    let mut catalog: Dictionary = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if !attachments.is_empty() {
        match layout {
            AttachmentLayout::NameTreeAndAssociatedFiles => {
                catalog.set("Names", dictionary! { "EmbeddedFiles" => dictionary! { "Names" => name_tree_pairs } });
                catalog.set("AF", file_spec_ids);
            }
            AttachmentLayout::NameTreeWithKids => {
                let leaf_id = document.add_object(dictionary! { "Names" => name_tree_pairs });
                let middle_id = document.add_object(dictionary! { "Kids" => vec![leaf_id.into()] });
                catalog
                    .set("Names", dictionary! { "EmbeddedFiles" => dictionary! { "Kids" => vec![middle_id.into()] } });
            }
            AttachmentLayout::AssociatedFilesOnly => catalog.set("AF", file_spec_ids),
        }
    }
    let catalog_id = document.add_object(catalog);
    document.trailer.set("Root", catalog_id);
    document
}

pub(crate) fn save(mut document: Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("saves to memory");
    bytes
}

fn factur_x_pdf() -> Vec<u8> {
    let attachments: [(&str, &[u8]); 1] = [("factur-x.xml", MINIMAL_CII.as_bytes())];
    save(build_pdf(&["Facture F2024-0042"], &attachments, AttachmentLayout::NameTreeAndAssociatedFiles))
}

fn invoice_number(extraction: &liasse_core::Extraction) -> Option<&str> {
    extraction.field("invoice_number").and_then(|field| field.as_str())
}

/// The embedded e-invoice, which the PDF must have.
fn embedded(bytes: &[u8], options: &Options) -> Extraction {
    match read_embedded(bytes, options, &Limits::default()).expect("reads") {
        Embedded::Invoice(extraction) => *extraction,
        Embedded::Pages { problem } => panic!("no embedded invoice found ({problem:?})"),
    }
}

/// Runs the whole pipeline on a PDF.
fn process(bytes: &[u8], options: &Options) -> Result<Extraction> {
    pipeline().process(Input { document_id: DocumentId::new(), filename: "test.pdf", bytes, options })
}

fn layout(bytes: &[u8]) -> Layout {
    page_layer::read(pipeline().readers(), bytes, Format::Pdf).expect("pages read").layout
}

#[test]
fn embedded_factur_x_is_read_exactly() {
    let extraction = embedded(&factur_x_pdf(), &Options::default());
    assert_eq!(extraction.source, Source::EmbeddedXml);
    assert_eq!(extraction.class, DocClass::Invoice);
    assert_eq!(invoice_number(&extraction), Some("F2024-0042"));
    assert_eq!(extraction.field("total_incl_vat").and_then(|field| field.as_str()), Some("114.20"));
    assert!(!extraction.needs_review);
    // The pipeline returns it as it is, adding only its timings and the comparison of
    // the visible page with the XML (`compare`), which agrees here.
    let mut processed = process(&factur_x_pdf(), &Options::default()).expect("processes");
    assert!(processed.timings_ms.contains_key("total"));
    let page_checks: Vec<_> = processed.checks.iter().filter(|c| c.rule.starts_with(compare::RULE)).cloned().collect();
    assert!(!page_checks.is_empty() && page_checks.iter().all(|c| c.passed), "{page_checks:?}");
    processed.checks.retain(|c| !c.rule.starts_with(compare::RULE));
    assert!(processed.models.remove("extractor").is_some(), "the extractor read the page");
    let mut expected = extraction;
    processed.timings_ms.clear();
    expected.timings_ms.clear();
    assert_eq!(processed, expected);
}

#[test]
fn the_uploader_can_ask_for_the_page_instead_of_the_xml() {
    let bytes = factur_x_pdf();
    let options = Options { ignore_embedded_xml: true };
    assert!(matches!(read_embedded(&bytes, &options, &Limits::default()), Ok(Embedded::Pages { problem: None })));
    let extraction = process(&bytes, &options).expect("processes");
    // Two words are too few to trust a text layer, so the page was OCR'd too; OCR found
    // no more, and the exact text layer was kept.
    assert_eq!(extraction.source, Source::TextLayer);
    assert_eq!(extraction.language, None);
    let layout = layout(&bytes);
    assert_eq!(layout.pages.len(), 1);
    assert_eq!(layout.text(), "Facture F2024-0042");
}

#[test]
fn attachments_are_found_in_name_tree_kids_and_by_content() {
    // An XML that is not an invoice comes first, and the invoice has no standard name:
    // the reader tries every embedded XML.
    let attachments: [(&str, &[u8]); 3] = [
        ("notes.txt", b"not xml"),
        ("additional-data.xml", b"<logistics><parcel/></logistics>"),
        ("invoice-data.xml", MINIMAL_CII.as_bytes()),
    ];
    let bytes = save(build_pdf(&["page"], &attachments, AttachmentLayout::NameTreeWithKids));
    let extraction = embedded(&bytes, &Options::default());
    assert_eq!(extraction.source, Source::EmbeddedXml);
    assert_eq!(invoice_number(&extraction), Some("F2024-0042"));
}

#[test]
fn associated_files_alone_are_enough() {
    let attachments: [(&str, &[u8]); 1] = [("ZUGFeRD-invoice.xml", MINIMAL_CII.as_bytes())];
    let bytes = save(build_pdf(&["page"], &attachments, AttachmentLayout::AssociatedFilesOnly));
    assert_eq!(embedded(&bytes, &Options::default()).source, Source::EmbeddedXml);
}

#[test]
fn a_pdf_without_attachments_is_read_from_its_text_layer() {
    let pages = ["Invoice 12 of the fifteenth of March", "Page two, with five words"];
    let bytes = save(build_pdf(&pages, &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = process(&bytes, &Options::default()).expect("processes");
    assert_eq!(extraction.source, Source::TextLayer);
    assert!(extraction.timings_ms.contains_key("extract_text"));
    assert!(extraction.timings_ms.contains_key("classify"));
    assert!(!extraction.models.contains_key("ocr"), "no page needed OCR");
    let layout = layout(&bytes);
    assert_eq!(layout.pages.len(), 2);
    assert_eq!(layout.pages[1].text(), "Page two, with five words");
    assert_eq!(layout.pages[1].number, 2);
}

#[test]
fn a_scan_without_text_says_so() {
    let bytes = save(build_pdf(&["", ""], &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = process(&bytes, &Options::default()).expect("processes");
    assert_eq!(extraction.source, Source::Ocr);
    assert_eq!(extraction.class, DocClass::Other);
    assert_eq!(extraction.review_reasons, [NO_TEXT]);
    assert!(extraction.models["ocr"].starts_with("tesseract 5."), "{:?}", extraction.models);
}

#[test]
fn a_broken_embedded_invoice_falls_back_to_the_page_and_says_so() {
    let attachments: [(&str, &[u8]); 1] = [("factur-x.xml", b"<rsm:CrossIndustryInvoice><unclosed>")];
    let bytes = save(build_pdf(&["Facture"], &attachments, AttachmentLayout::NameTreeAndAssociatedFiles));
    let Ok(Embedded::Pages { problem: Some(problem) }) = read_embedded(&bytes, &Options::default(), &Limits::default())
    else {
        panic!("the broken XML must be reported");
    };
    assert!(problem.contains("embedded e-invoice XML"), "{problem}");
    let extraction = process(&bytes, &Options::default()).expect("processes");
    assert_eq!(extraction.source, Source::TextLayer);
    assert!(extraction.review_reasons.contains(&problem));
}

#[test]
fn a_broken_xml_under_another_name_is_not_worth_a_review() {
    let attachments: [(&str, &[u8]); 1] = [("notes.xml", b"<unclosed>")];
    let bytes = save(build_pdf(&["Facture"], &attachments, AttachmentLayout::NameTreeAndAssociatedFiles));
    assert!(matches!(
        read_embedded(&bytes, &Options::default(), &Limits::default()),
        Ok(Embedded::Pages { problem: None })
    ));
}

#[test]
fn the_page_limit_is_enforced() {
    let bytes = save(build_pdf(&["one", "two", "three"], &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let limits = Limits { max_pages: 2, ..Limits::default() };
    let readers = Readers { limits: &limits, ..pipeline().readers() };
    let error = page_layer::read(readers, &bytes, Format::Pdf).expect_err("three pages is over two");
    assert_eq!(error.code, ErrorCode::TooManyPages);
}

#[test]
fn truncated_and_garbage_pdfs_are_corrupt() {
    let bytes = factur_x_pdf();
    let garbage = sample("malformed/garbage.pdf");
    for broken in [&bytes[..40], b"%PDF-1.7\n%garbage with no objects at all".as_slice(), b"%PDF-", &garbage] {
        let error = read_embedded(broken, &Options::default(), &Limits::default()).expect_err("corrupt");
        assert_eq!(error.code, ErrorCode::CorruptPdf, "{}", error.message);
        // PDFium, which repairs what it can, finds nothing to repair either.
        let error = process(broken, &Options::default()).expect_err("corrupt");
        assert_eq!(error.code, ErrorCode::CorruptPdf, "{}", error.message);
    }
}

#[test]
fn no_damage_makes_the_readers_panic_or_crash() {
    // Every cut of the file, and a deterministic spray of flipped bytes: each must end
    // in a result or a document error, never a panic (lopdf's are caught) nor a crash
    // in PDFium (which would take the test process down).
    let bytes = factur_x_pdf();
    let read_pages = |damaged: &[u8]| {
        pipeline().pdf.with_document(damaged, |document| {
            for page_idx in 0..engine::page_count(document).min(3) {
                let _ = engine::read_text_layer(&engine::page(document, page_idx)?);
            }
            Ok(())
        })
    };
    for cut in (0..bytes.len()).step_by(13) {
        let outcome = read_embedded(&bytes[..cut], &Options::default(), &Limits::default());
        if let Err(error) = outcome {
            assert!(matches!(error.code, ErrorCode::CorruptPdf | ErrorCode::EncryptedPdf), "{error}");
        }
        if let Err(error) = read_pages(&bytes[..cut]) {
            assert_eq!(error.code, ErrorCode::CorruptPdf, "{error}");
        }
    }
    let mut state: u32 = 0x2545_f491;
    for _ in 0..200 {
        let mut damaged = bytes.clone();
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let index = state as usize % damaged.len();
            damaged[index] = (state >> 24) as u8;
        }
        let _ = read_embedded(&damaged, &Options::default(), &Limits::default());
        let _ = read_pages(&damaged);
    }
}

fn encrypted_pdf(user_password: &str) -> Vec<u8> {
    let mut document = build_pdf(&["Secret page"], &[], AttachmentLayout::NameTreeAndAssociatedFiles);
    let file_id = Object::string_literal(b"0123456789abcdef".to_vec());
    document.trailer.set("ID", vec![file_id.clone(), file_id]);
    let version = lopdf::EncryptionVersion::V2 {
        document: &document,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("an RC4 state");
    document.encrypt(&state).expect("encrypts");
    save(document)
}

#[test]
fn a_pdf_that_needs_a_password_is_encrypted_pdf() {
    let error =
        read_embedded(&encrypted_pdf("secret"), &Options::default(), &Limits::default()).expect_err("needs a password");
    assert_eq!(error.code, ErrorCode::EncryptedPdf, "{}", error.message);
    for bytes in [encrypted_pdf("secret"), sample("malformed/encrypted.pdf")] {
        let error = page_layer::read(pipeline().readers(), &bytes, Format::Pdf).expect_err("PDFium needs it too");
        assert_eq!(error.code, ErrorCode::EncryptedPdf, "{}", error.message);
        assert_eq!(process(&bytes, &Options::default()).expect_err("needs a password").code, ErrorCode::EncryptedPdf);
    }
}

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    // The empty user password opens it: the owner password only restricts editing.
    let bytes = encrypted_pdf("");
    assert!(matches!(read_embedded(&bytes, &Options::default(), &Limits::default()), Ok(Embedded::Pages { .. })));
    assert_eq!(layout(&bytes).text(), "Secret page");
}

#[test]
fn a_digital_invoice_gives_words_with_boxes_in_reading_order() {
    let layer =
        page_layer::read(pipeline().readers(), &sample("demo/facture-2024-0042.pdf"), Format::Pdf).expect("pages read");
    assert_eq!(layer.source, Source::TextLayer);
    assert!(layer.models.is_empty() && layer.problems.is_empty());
    let [page] = layer.layout.pages.as_slice() else { panic!("one page") };
    assert_eq!(page.source, Source::TextLayer);
    assert_eq!((page.number, page.rotation_applied), (1, 0));
    assert!((page.width - 595.28).abs() < 0.5 && (page.height - 841.89).abs() < 0.5, "A4: {page:?}");
    assert!(page.words().all(|word| word.confidence == 1.0));
    assert!(page.lines[0].text().starts_with("Atelier Verdier SARL"), "{}", page.lines[0].text());
    // Lines run top to bottom.
    for pair in page.lines.windows(2) {
        assert!(pair[0].bbox[1] <= pair[1].bbox[3], "{:?} then {:?}", pair[0].text(), pair[1].text());
    }
    let number = page.words().find(|word| word.text == "FA-2024-0042").expect("the invoice number is a word");
    let [x0, y0, x1, y1] = number.bbox;
    assert!(x0 > 0.0 && x1 < page.width && y0 > 0.0 && y1 < page.height / 2.0, "{:?}", number.bbox);
    assert!((5.0..25.0).contains(&(y1 - y0)) && x1 - x0 > 40.0, "a printed word's box: {:?}", number.bbox);
    let text = layer.layout.text();
    let total = text.lines().find(|line| line.starts_with("Total TTC")).expect("a total line");
    assert!(total.contains("5 554,56"), "{total}");
    assert!(text.find("Total TTC") < text.find("Net à payer"), "{text}");
}

/// A landscape page as scanners and office suites write it: an A4 portrait media box
/// turned a quarter clockwise by `/Rotate 90`, with the text drawn turned a quarter
/// counter-clockwise so that it reads left to right on screen.
fn landscape_pdf(text: &str) -> Vec<u8> {
    let mut document = Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let font_id =
        document.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        // Text direction up the page (user space), which `/Rotate 90` shows as rightwards.
        Operation::new("Tm", vec![0.into(), 1.into(), (-1).into(), 0.into(), 300.into(), 100.into()]),
        Operation::new("Tj", vec![Object::string_literal(text)]),
        Operation::new("ET", vec![]),
    ];
    let content = Content { operations }.encode().expect("content encodes");
    let content_id = document.add_object(Stream::new(dictionary! {}, content));
    let page_id = document.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Rotate" => 90,
    });
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    document.trailer.set("Root", catalog_id);
    save(document)
}

#[test]
fn a_rotated_page_is_read_in_displayed_coordinates() {
    let layout = layout(&landscape_pdf("Landscape page with more than five words"));
    let page = &layout.pages[0];
    assert!((page.width - 842.0).abs() < 0.5 && (page.height - 595.0).abs() < 0.5, "turned: {page:?}");
    assert_eq!(page.source, Source::TextLayer);
    assert_eq!(page.text(), "Landscape page with more than five words");
    // User space (300, 100) is shown at (100, 300) from the top-left: the text starts
    // 100 points from the left edge, on a baseline 300 points down.
    let first = &page.lines[0].words[0];
    assert!((first.bbox[0] - 100.0).abs() < 2.0, "{first:?}");
    assert!((first.bbox[3] - 300.0).abs() < 4.0 && first.bbox[1] > 285.0, "{first:?}");
    for pair in page.lines[0].words.windows(2) {
        assert!(pair[0].bbox[2] < pair[1].bbox[0], "left to right: {pair:?}");
    }
}
