//! Tests of OCR on pages rendered from the committed demo invoices: what Tesseract
//! reads, where it says the words are (checked against the PDF's own text layer), and
//! pages turned upside down or sideways.

use image::{GrayImage, imageops};
use liasse_core::Source;

use super::PageImage;
use crate::layout::{Page, Word};
use crate::pdf::engine;
use crate::test_support::{pipeline, render_first_page, sample};

const INVOICE: &str = "demo/facture-2024-0042.pdf";

fn recognize(image: GrayImage) -> Page {
    let page = PageImage { index: 0, image, dpi: 300.0, dpi_known: true };
    pipeline().ocr.recognize(&page, 1).expect("recognises")
}

fn word<'a>(page: &'a Page, text: &str) -> &'a Word {
    page.words().find(|word| word.text == text).unwrap_or_else(|| panic!("no word {text:?} in:\n{}", page.text()))
}

/// Where the invoice's own text layer puts a word.
fn text_layer_box(text: &str) -> [f32; 4] {
    let layer = pipeline()
        .pdf
        .with_document(&sample(INVOICE), |document| Ok(engine::read_text_layer(&engine::page(document, 0)?)))
        .expect("reads");
    let words: Vec<&Word> = layer.lines.iter().flat_map(|line| &line.words).collect();
    words.iter().find(|word| word.text == text).map(|word| word.bbox).unwrap_or_else(|| panic!("{text:?}"))
}

/// Both boxes bound the same ink, give or take a few points of rendering and
/// binarisation.
fn assert_same_place(ocr: [f32; 4], text_layer: [f32; 4]) {
    for (edge, (a, b)) in ocr.iter().zip(text_layer).enumerate() {
        assert!((a - b).abs() < 3.0, "edge {edge}: OCR {ocr:?} vs text layer {text_layer:?}");
    }
}

#[test]
fn ocr_of_a_rendered_invoice_reads_its_number_and_total_where_they_are_printed() {
    let page = recognize(render_first_page(&sample(INVOICE), 300.0));
    assert_eq!((page.number, page.source, page.rotation_applied), (1, Source::Ocr, 0));
    assert!((page.width - 595.28).abs() < 0.5 && (page.height - 841.89).abs() < 0.5, "A4 in points");
    let number = word(&page, "FA-2024-0042");
    assert!(number.confidence > 0.8, "{number:?}");
    assert_same_place(number.bbox, text_layer_box("FA-2024-0042"));
    let total = page.lines.iter().find(|line| line.text().starts_with("Total TTC")).expect("a total line");
    assert!(total.text().contains("5 554,56"), "{}", total.text());
    let amount = total.words.iter().find(|word| word.text == "554,56").expect("the amount is a word");
    assert_same_place(amount.bbox, text_layer_box("554,56"));
    assert!(page.words().all(|word| (0.0..=1.0).contains(&word.confidence)));
}

/// The top half of the invoice: enough text to tell its orientation, half the OCR time.
fn top_half() -> GrayImage {
    let page = render_first_page(&sample(INVOICE), 300.0);
    imageops::crop_imm(&page, 0, 0, page.width(), page.height() / 2).to_image()
}

fn assert_turned_upright(turned: GrayImage, rotation_applied: u16) {
    let upright = top_half();
    let page = recognize(turned);
    assert_eq!(page.rotation_applied, rotation_applied);
    assert!((page.width - upright.width() as f32 * 0.24).abs() < 1.0, "upright width: {page:?}");
    assert!((page.height - upright.height() as f32 * 0.24).abs() < 1.0, "upright height");
    // Boxes are in the upright page's coordinates: where the text layer has them.
    assert_same_place(word(&page, "FA-2024-0042").bbox, text_layer_box("FA-2024-0042"));
    assert!(page.lines[0].text().starts_with("Atelier Verdier SARL"), "{}", page.text());
}

#[test]
fn an_upside_down_page_is_turned_upright() {
    assert_turned_upright(imageops::rotate180(&top_half()), 180);
}

#[test]
fn a_page_turned_clockwise_is_turned_back() {
    // Turned a quarter clockwise, it takes three more quarters to be upright.
    assert_turned_upright(imageops::rotate90(&top_half()), 270);
}

#[test]
fn a_page_turned_counter_clockwise_is_turned_back() {
    assert_turned_upright(imageops::rotate270(&top_half()), 90);
}

#[test]
fn more_pages_than_instances_wait_their_turn() {
    // Six threads share the two Tesseract instances of the test pipeline: each gets its
    // page read, none deadlocks, none reads another's page.
    let strip = {
        let page = render_first_page(&sample(INVOICE), 300.0);
        imageops::crop_imm(&page, 0, 0, page.width(), page.height() / 8).to_image()
    };
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..6).map(|_| scope.spawn(|| recognize(strip.clone()))).collect();
        for reader in readers {
            let page = reader.join().expect("no panic");
            assert!(page.text().contains("Atelier Verdier SARL"), "{}", page.text());
        }
    });
}

#[test]
fn a_blank_page_has_no_words() {
    let page = recognize(GrayImage::from_pixel(600, 800, image::Luma([255])));
    assert!(page.lines.is_empty());
    assert!((page.width - 144.0).abs() < 0.01 && (page.height - 192.0).abs() < 0.01);
}
