//! Tests of PDF reading on PDFs built here with lopdf: attachments in the layouts
//! Factur-X producers use, text layers, scans, limits, encryption and damage.

use liasse_core::{DocClass, ErrorCode, Source};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::{NO_TEXT_LAYER, TEXT_LAYER_NOT_CLASSIFIED, page_texts, read};
use crate::einvoice::tests::MINIMAL_CII;
use crate::{Limits, Options};

/// Where the attachments of a test PDF are listed.
#[derive(Clone, Copy, PartialEq)]
enum AttachmentLayout {
    /// `/Names /EmbeddedFiles << /Names [...] >>` and `/AF`, as Factur-X writers do.
    NameTreeAndAssociatedFiles,
    /// The name tree split into `/Kids`, with no `/AF`.
    NameTreeWithKids,
    /// Only `/AF` (PDF/A-3 associated files), no name tree.
    AssociatedFilesOnly,
}

/// A PDF with one page per entry of `pages` (an empty entry is a page without text)
/// and the given attachments.
fn build_pdf(pages: &[&str], attachments: &[(&str, &[u8])], layout: AttachmentLayout) -> Document {
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

fn save(mut document: Document) -> Vec<u8> {
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

#[test]
fn embedded_factur_x_is_read_exactly() {
    let extraction = read(&factur_x_pdf(), &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::EmbeddedXml);
    assert_eq!(extraction.class, DocClass::Invoice);
    assert_eq!(invoice_number(&extraction), Some("F2024-0042"));
    assert_eq!(extraction.field("total_incl_vat").and_then(|field| field.as_str()), Some("114.20"));
    assert!(!extraction.needs_review);
}

#[test]
fn the_uploader_can_ask_for_the_page_instead_of_the_xml() {
    let bytes = factur_x_pdf();
    let options = Options { ignore_embedded_xml: true };
    let extraction = read(&bytes, &options, &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::TextLayer);
    assert_eq!(extraction.class, DocClass::Other);
    assert!(extraction.fields.is_empty());
    assert_eq!(extraction.review_reasons, [TEXT_LAYER_NOT_CLASSIFIED]);
    let texts = page_texts(&bytes, &Limits::default()).expect("reads");
    assert_eq!(texts.len(), 1);
    assert!(texts[0].contains("Facture F2024-0042"), "{:?}", texts[0]);
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
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::EmbeddedXml);
    assert_eq!(invoice_number(&extraction), Some("F2024-0042"));
}

#[test]
fn associated_files_alone_are_enough() {
    let attachments: [(&str, &[u8]); 1] = [("ZUGFeRD-invoice.xml", MINIMAL_CII.as_bytes())];
    let bytes = save(build_pdf(&["page"], &attachments, AttachmentLayout::AssociatedFilesOnly));
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::EmbeddedXml);
}

#[test]
fn a_pdf_without_attachments_is_read_from_its_text_layer() {
    let bytes = save(build_pdf(&["Invoice 12", "Page two"], &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::TextLayer);
    assert_eq!(extraction.class, DocClass::Other);
    assert_eq!(extraction.review_reasons, [TEXT_LAYER_NOT_CLASSIFIED]);
    let texts = page_texts(&bytes, &Limits::default()).expect("reads");
    assert_eq!(texts.len(), 2);
    assert!(texts[1].contains("Page two"));
}

#[test]
fn a_scan_has_no_text_layer() {
    let bytes = save(build_pdf(&["", ""], &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::TextLayer);
    assert_eq!(extraction.class, DocClass::Other);
    assert_eq!(extraction.review_reasons, [NO_TEXT_LAYER]);
}

#[test]
fn a_broken_embedded_invoice_falls_back_to_the_page_and_says_so() {
    let attachments: [(&str, &[u8]); 1] = [("factur-x.xml", b"<rsm:CrossIndustryInvoice><unclosed>")];
    let bytes = save(build_pdf(&["Facture"], &attachments, AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::TextLayer);
    assert!(extraction.review_reasons.iter().any(|reason| reason.contains("embedded e-invoice XML")));
}

#[test]
fn a_broken_xml_under_another_name_is_not_worth_a_review() {
    let attachments: [(&str, &[u8]); 1] = [("notes.xml", b"<unclosed>")];
    let bytes = save(build_pdf(&["Facture"], &attachments, AttachmentLayout::NameTreeAndAssociatedFiles));
    let extraction = read(&bytes, &Options::default(), &Limits::default()).expect("reads");
    assert_eq!(extraction.source, Source::TextLayer);
    assert_eq!(extraction.review_reasons, [TEXT_LAYER_NOT_CLASSIFIED]);
}

#[test]
fn the_page_limit_is_enforced_on_the_text_layer() {
    let bytes = save(build_pdf(&["one", "two", "three"], &[], AttachmentLayout::NameTreeAndAssociatedFiles));
    let limits = Limits { max_pages: 2, ..Limits::default() };
    let error = read(&bytes, &Options::default(), &limits).expect_err("three pages is over two");
    assert_eq!(error.code, ErrorCode::TooManyPages);
    assert_eq!(page_texts(&bytes, &limits).expect_err("same limit").code, ErrorCode::TooManyPages);
}

#[test]
fn truncated_and_garbage_pdfs_are_corrupt() {
    let bytes = factur_x_pdf();
    for broken in [&bytes[..40], b"%PDF-1.7\n%garbage with no objects at all".as_slice(), b"%PDF-"] {
        let error = read(broken, &Options::default(), &Limits::default()).expect_err("corrupt");
        assert_eq!(error.code, ErrorCode::CorruptPdf, "{}", error.message);
        assert_eq!(page_texts(broken, &Limits::default()).expect_err("corrupt").code, ErrorCode::CorruptPdf);
    }
}

#[test]
fn no_damage_makes_the_reader_panic() {
    // Every cut of the file, and a deterministic spray of flipped bytes: each must end
    // in a result or a document error, never a panic (lopdf's are caught).
    let bytes = factur_x_pdf();
    for cut in (0..bytes.len()).step_by(13) {
        let outcome = read(&bytes[..cut], &Options::default(), &Limits::default());
        if let Err(error) = outcome {
            assert!(matches!(error.code, ErrorCode::CorruptPdf | ErrorCode::EncryptedPdf), "{error}");
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
        let _ = read(&damaged, &Options::default(), &Limits::default());
        let _ = page_texts(&damaged, &Limits::default());
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
    let error = read(&encrypted_pdf("secret"), &Options::default(), &Limits::default()).expect_err("needs a password");
    assert_eq!(error.code, ErrorCode::EncryptedPdf, "{}", error.message);
}

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    // The empty user password opens it: the owner password only restricts editing.
    let extraction = read(&encrypted_pdf(""), &Options::default(), &Limits::default()).expect("opens");
    assert_eq!(extraction.source, Source::TextLayer);
    let texts = page_texts(&encrypted_pdf(""), &Limits::default()).expect("opens");
    assert!(texts[0].contains("Secret page"), "{texts:?}");
}
