use liasse_core::{Amount, DocClass, DocumentId, ErrorCode, Extraction, LineItem, Source};
use rust_decimal::Decimal;

use super::{CellBudget, Sheet, decimal_from_f64, read_xlsx, sheet_page};
use crate::test_support::{pipeline, sample};
use crate::{Input, Options, Result};

fn process(bytes: &[u8]) -> Result<Extraction> {
    let options = Options::default();
    pipeline().process(Input { document_id: DocumentId::new(), filename: "sheet", bytes, options: &options })
}

fn amount(text: &str) -> Option<Amount> {
    Some(Amount::parse_canonical(text).expect("a canonical amount"))
}

fn item(description: &str, quantity: &str, unit_price: &str, amount_: &str, vat_rate: &str) -> LineItem {
    LineItem {
        description: description.to_owned(),
        quantity: amount(quantity),
        unit_price: amount(unit_price),
        amount: amount(amount_),
        vat_rate: amount(vat_rate),
    }
}

fn xlsx_sheets(bytes: &[u8], max_cells: usize) -> Result<Vec<Sheet>> {
    let mut budget = CellBudget { max_cells, used: 0 };
    read_xlsx(bytes, &mut budget, &mut Vec::new())
}

#[test]
fn an_xlsx_invoice_gives_exact_line_items() {
    let extraction = process(&sample("spreadsheets/facture-lignes.xlsx")).expect("the workbook is read");
    assert_eq!(extraction.source, Source::Spreadsheet);
    assert_eq!(extraction.language.as_deref(), Some("fr"));
    assert!(extraction.timings_ms.contains_key("read_spreadsheet"));
    // Amounts were written as floats (3 × 39.1 = 117.30000000000001; VAT 20 % as 0.2).
    assert_eq!(
        extraction.line_items,
        [
            item("Ramette papier A4 80 g", "10", "4.5", "45", "20"),
            item("Classeur à levier dos 75 mm", "12", "3.9", "46.8", "20"),
            item("Stylo bille bleu (boîte de 50)", "3", "39.1", "117.3", "20"),
            item("Livraison", "1", "12.5", "12.5", "20"),
        ]
    );
    let total: Decimal = extraction.line_items.iter().filter_map(|i| i.amount).map(|a| a.as_decimal()).sum();
    assert_eq!(total, Decimal::new(22160, 2));
}

#[test]
fn sheets_become_pages_with_rows_as_lines_and_columns_that_do_not_overlap() {
    let sheets = xlsx_sheets(&sample("spreadsheets/facture-lignes.xlsx"), 1_000_000).expect("read");
    let pages: Vec<_> = sheets.iter().map(sheet_page).collect();
    assert_eq!(pages.iter().map(|page| page.number).collect::<Vec<_>>(), [1, 2]);
    assert!(pages.iter().all(|page| page.source == Source::Spreadsheet));
    let text = pages[0].text();
    assert!(text.contains("Date 2024-04-12"), "the date cell reads as a date:\n{text}");
    let line = pages[0].lines.iter().find(|line| line.text().starts_with("STY-BL50")).expect("the pen line");
    assert_eq!(line.text(), "STY-BL50 Stylo bille bleu (boîte de 50) 3 39.10 117.30 0.20");
    // Words run left to right without overlapping: a long designation pushes the next
    // column to the right instead of running into it.
    for pair in line.words.windows(2) {
        assert!(pair[0].bbox[2] <= pair[1].bbox[0], "{:?} overlaps {:?}", pair[0], pair[1]);
    }
    // Every row is a line at its own height, below the one before.
    for pair in pages[0].lines.windows(2) {
        assert!(pair[0].bbox[1] < pair[1].bbox[1]);
    }
    assert!(pages[0].lines.iter().all(|line| line.bbox[2] <= pages[0].width));
}

#[test]
fn an_ods_invoice_is_read() {
    let extraction = process(&sample("spreadsheets/facture.ods")).expect("the ODS workbook is read");
    assert_eq!(extraction.source, Source::Spreadsheet);
    assert_eq!(
        extraction.line_items,
        [
            item("Confiture d'abricots 370 g", "24", "4.2", "100.8", "5.5"),
            item("Jus de pomme artisanal 1 L", "36", "3.1", "111.6", "5.5"),
        ]
    );
}

#[test]
fn a_french_csv_is_a_spreadsheet_with_decimal_commas() {
    let bytes = sample("spreadsheets/lignes-facture.csv");
    assert!(std::str::from_utf8(&bytes).is_err(), "the sample is Windows-1252");
    let extraction = process(&bytes).expect("the CSV is read");
    assert_eq!(extraction.source, Source::Spreadsheet);
    assert_eq!(
        extraction.line_items,
        [
            item("Enveloppes C5; fenêtre", "2", "18.40", "36.80", "20"),
            item("Papier kraft (rouleau)", "1.250", "12.00", "15.00", "20"),
            item("Agenda 2024 \"semainier\"", "5", "9.90", "49.50", "20"),
        ]
    );
}

#[test]
fn a_zip_that_is_not_a_workbook_is_unsupported() {
    let error = process(&sample("spreadsheets/archive.zip")).expect_err("an archive is not read");
    assert_eq!(error.code, ErrorCode::UnsupportedFormat);
    assert!(error.message.contains("ZIP archive"), "{}", error.message);
    // Damaged, it is still an archive of unknown kind.
    let archive = sample("spreadsheets/archive.zip");
    let error = process(&archive[..archive.len() - 30]).expect_err("damaged");
    assert_eq!(error.code, ErrorCode::UnsupportedFormat);
}

#[test]
fn damaged_workbooks_are_corrupt_spreadsheets() {
    let error = process(&sample("spreadsheets/damaged.xlsx")).expect_err("the workbook part is not XML");
    assert_eq!(error.code, ErrorCode::CorruptSpreadsheet);
    // A truncated download: the central directory is gone, the first entries remain.
    let xlsx = sample("spreadsheets/facture-lignes.xlsx");
    let error = process(&xlsx[..xlsx.len() * 6 / 10]).expect_err("truncated");
    assert_eq!(error.code, ErrorCode::CorruptSpreadsheet);
    // An OLE2 header and nothing behind it.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(2048, 0);
    let error = process(&ole).expect_err("not a compound file");
    assert_eq!(error.code, ErrorCode::CorruptSpreadsheet);
}

#[test]
fn cells_are_capped_without_reading_the_rectangle_between_them() {
    // A1 and XFD1048576: 17 billion cells as a rectangle, refused at once.
    let error = process(&sample("spreadsheets/far-apart-cells.xlsx")).expect_err("too large");
    assert_eq!(error.code, ErrorCode::TooLarge);
    // An ODS asking for 100 million cells by repetition: measured, refused unread.
    let error = process(&sample("spreadsheets/repeated-cells.ods")).expect_err("too large");
    assert_eq!(error.code, ErrorCode::TooLarge);
    let invoice = sample("spreadsheets/facture-lignes.xlsx");

    assert_eq!(xlsx_sheets(&invoice, 20).expect_err("over a small cap").code, ErrorCode::TooLarge);
    assert!(xlsx_sheets(&invoice, 1_000).is_ok());
}

#[test]
fn floats_become_the_decimals_that_were_typed() {
    let decimal = |text: &str| Some(text.parse::<Decimal>().expect("decimal"));
    assert_eq!(decimal_from_f64(3.0 * 39.1), decimal("117.3"));
    assert_eq!(decimal_from_f64(0.1 + 0.2), decimal("0.3"));
    assert_eq!(decimal_from_f64(1_234_567.1), decimal("1234567.1"));
    assert_eq!(decimal_from_f64(-0.125), decimal("-0.125"));
    assert_eq!(decimal_from_f64(1e-7), decimal("0.0000001"));
    assert_eq!(decimal_from_f64(f64::NAN), None);
    assert_eq!(decimal_from_f64(1e300), None);
}

#[test]
fn a_spreadsheet_goes_through_understand() {
    let extraction = process(&sample("spreadsheets/facture.ods")).expect("read");
    // Whatever the classifier decides, it decided it from the sheet's text.
    assert_ne!(extraction.class, DocClass::Email);
    assert!(!extraction.review_reasons.iter().any(|reason| reason.contains("no text")));
}
