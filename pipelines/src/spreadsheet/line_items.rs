//! Invoice lines from a sheet whose header row names its columns: `Désignation | Qté |
//! PU HT | Montant HT | TVA`, `Description | Qty | Unit price | Amount | VAT`,
//! `Beschreibung | Menge | Einzelpreis | Betrag | MwSt`, and the usual variants.
//!
//! The header is looked for near the top of the sheet; it must name a description
//! column and at least one of quantity, unit price or amount. The rows below it are items
//! until the totals block (`Total HT`, `Sous-total`, `TVA`, `Net à payer`…). Numbers come
//! from the cell values (exact decimals), or from the cell text for text cells.

use liasse_core::{Amount, LineItem};
use rust_decimal::Decimal;

use super::{Cell, Sheet};

/// Rows searched for the header from the top of the sheet.
const HEADER_SEARCH_ROWS: usize = 40;
/// Items read from one sheet at most: beyond that it is a price list, not an invoice.
const MAX_ITEMS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Description,
    Quantity,
    UnitPrice,
    Amount,
    VatRate,
}

// Header words, lower case without accents or punctuation (see `normalize`).
const DESCRIPTION: &[&str] = &[
    "designation",
    "libelle",
    "description",
    "beschreibung",
    "bezeichnung",
    "artikel",
    "article",
    "produit",
    "prestation",
    "item",
    "product",
    "leistung",
];
const QUANTITY: &[&str] = &["quantite", "qte", "qty", "quantity", "menge", "anzahl", "nombre", "qt"];
const UNIT_PRICE: &[&str] =
    &["prix unitaire", "pu", "p u", "unit price", "einzelpreis", "prix", "price", "tarif", "unit cost", "e preis"];
/// Words of a total: a column with one of them is an amount (or, with a VAT word, the
/// VAT amount, which is not an item field).
const TOTAL_WORDS: &[&str] = &["montant", "total", "amount", "betrag", "summe", "gesamt", "gesamtpreis"];
const VAT_WORDS: &[&str] = &["tva", "vat", "mwst", "ust", "tax", "taxe", "steuer", "ustsatz"];
/// Amount columns that are before VAT, preferred when a sheet has both.
const NET_WORDS: &[&str] = &["ht", "net", "netto", "excl", "hors"];
/// First words of the rows that end the item table.
const TOTALS_LABELS: &[&str] = &[
    "total",
    "totaux",
    "sous total",
    "subtotal",
    "net a payer",
    "montant",
    "tva",
    "vat",
    "mwst",
    "summe",
    "gesamt",
    "zwischensumme",
    "netto",
    "brutto",
    "reste a payer",
    "amount due",
];

/// The line items of a sheet; empty when it has no invoice-line header.
pub(super) fn read(sheet: &Sheet) -> Vec<LineItem> {
    let rows = rows(&sheet.cells);
    let Some((header_idx, columns)) = rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(idx, row)| {
        let columns = Columns::of_header(row)?;
        Some((idx, columns))
    }) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for row in &rows[header_idx + 1..] {
        let text_at = |col: Option<u32>| col.and_then(|col| row.iter().find(|cell| cell.col == col));
        if row.iter().any(|cell| is_totals_label(&cell.text)) {
            break;
        }
        let Some(description) = text_at(Some(columns.description)).map(|cell| cell.text.clone()) else {
            continue;
        };
        let number = |col: Option<u32>| text_at(col).and_then(|cell| number(cell, sheet.decimal_comma));
        let item = LineItem {
            description,
            quantity: number(columns.quantity),
            unit_price: number(columns.unit_price),
            amount: number(columns.amount),
            vat_rate: text_at(columns.vat_rate).and_then(|cell| vat_rate(cell, sheet.decimal_comma)),
        };
        // A row with a description and no figure is a section title, not an item.
        if item.quantity.is_some() || item.unit_price.is_some() || item.amount.is_some() {
            items.push(item);
            if items.len() == MAX_ITEMS {
                break;
            }
        }
    }
    items
}

/// The cells grouped by row (the cells are in row order).
fn rows(cells: &[Cell]) -> Vec<&[Cell]> {
    cells.chunk_by(|a, b| a.row == b.row).collect()
}

/// The columns named by a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    description: u32,
    quantity: Option<u32>,
    unit_price: Option<u32>,
    amount: Option<u32>,
    vat_rate: Option<u32>,
}

impl Columns {
    fn of_header(row: &[Cell]) -> Option<Columns> {
        let mut description = None;
        let mut columns = Columns { description: 0, quantity: None, unit_price: None, amount: None, vat_rate: None };
        let mut amount_preference = 0;
        for cell in row.iter().filter(|cell| cell.number.is_none()) {
            let words = normalize(&cell.text);
            match role(&words) {
                Some(Role::Description) => {
                    description.get_or_insert(cell.col);
                }
                Some(Role::Quantity) => {
                    columns.quantity.get_or_insert(cell.col);
                }
                Some(Role::UnitPrice) => {
                    columns.unit_price.get_or_insert(cell.col);
                }
                Some(Role::VatRate) => {
                    columns.vat_rate.get_or_insert(cell.col);
                }
                Some(Role::Amount) => {
                    // Before VAT (2) over unqualified (1) over including VAT (0).
                    let preference = if has_word(&words, NET_WORDS) {
                        2
                    } else if has_word(&words, &["ttc", "brut", "brutto", "incl", "gross"]) {
                        0
                    } else {
                        1
                    };
                    if columns.amount.is_none() || preference > amount_preference {
                        columns.amount = Some(cell.col);
                        amount_preference = preference;
                    }
                }
                None => {}
            }
        }
        columns.description = description?;
        let has_figure = columns.quantity.is_some() || columns.unit_price.is_some() || columns.amount.is_some();
        has_figure.then_some(columns)
    }
}

fn role(words: &str) -> Option<Role> {
    if has_word(words, VAT_WORDS) {
        // `Montant TVA` is the VAT of the line, not its rate.
        return if has_word(words, TOTAL_WORDS) { None } else { Some(Role::VatRate) };
    }
    if starts_with_any(words, DESCRIPTION) {
        Some(Role::Description)
    } else if starts_with_any(words, QUANTITY) {
        Some(Role::Quantity)
    } else if has_word(words, TOTAL_WORDS) {
        Some(Role::Amount)
    } else if starts_with_any(words, UNIT_PRICE) {
        Some(Role::UnitPrice)
    } else {
        None
    }
}

fn is_totals_label(text: &str) -> bool {
    let words = normalize(text);
    !words.is_empty() && starts_with_any(&words, TOTALS_LABELS)
}

/// Lower case, accents removed, anything but letters and digits turned into single
/// spaces: `Qté (U.)` is `qte u`, `P.U. HT` is `p u ht`.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ß' => 's',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c != ' ' || !out.ends_with(' ') {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

fn has_word(words: &str, list: &[&str]) -> bool {
    words.split(' ').any(|word| list.contains(&word))
}

fn starts_with_any(words: &str, list: &[&str]) -> bool {
    list.iter().any(|start| words.strip_prefix(start).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
}

/// The number in a cell: its value when numeric, else its text without currency signs
/// and units. In a French CSV a lone comma is the decimal mark (`1,500` is 1.5).
fn number(cell: &Cell, decimal_comma: bool) -> Option<Amount> {
    if let Some(number) = cell.number {
        return Some(Amount::from_decimal(number));
    }
    let text: String = cell
        .text
        .replace("EUR", "")
        .replace("CHF", "")
        .replace("USD", "")
        .chars()
        .filter(|c| !matches!(c, '€' | '$' | '£' | '%'))
        .collect();
    let text = text.trim();
    if decimal_comma && text.matches(',').count() == 1 && !text.contains('.') {
        let canonical: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\'').collect();
        return Amount::parse_canonical(&canonical.replace(',', ".")).ok();
    }
    Amount::parse_human(text).ok()
}

/// A VAT rate in percent. A numeric cell between 0 and 1 is a percentage-formatted
/// fraction (`0.2` shown as `20 %`): rates are never below 1 %.
fn vat_rate(cell: &Cell, decimal_comma: bool) -> Option<Amount> {
    let rate = number(cell, decimal_comma)?;
    let value = rate.as_decimal();
    if cell.number.is_some() && value > Decimal::ZERO && value < Decimal::ONE {
        return Some(Amount::from_decimal((value * Decimal::ONE_HUNDRED).normalize()));
    }
    Some(rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(row: u32, col: u32, text: &str) -> Cell {
        Cell { row, col, text: text.to_owned(), number: None }
    }

    fn num(row: u32, col: u32, value: &str) -> Cell {
        let number: Decimal = value.parse().expect("a decimal");
        Cell { row, col, text: value.to_owned(), number: Some(number) }
    }

    fn amount(text: &str) -> Option<Amount> {
        Some(Amount::parse_canonical(text).expect("canonical"))
    }

    #[test]
    fn header_words_in_three_languages() {
        assert_eq!(role(&normalize("Désignation")), Some(Role::Description));
        assert_eq!(role(&normalize("Qté")), Some(Role::Quantity));
        assert_eq!(role(&normalize("P.U. HT")), Some(Role::UnitPrice));
        assert_eq!(role(&normalize("Prix unitaire HT (€)")), Some(Role::UnitPrice));
        assert_eq!(role(&normalize("Montant HT")), Some(Role::Amount));
        assert_eq!(role(&normalize("Total HT")), Some(Role::Amount));
        assert_eq!(role(&normalize("TVA %")), Some(Role::VatRate));
        assert_eq!(role(&normalize("Montant TVA")), None);
        assert_eq!(role(&normalize("Beschreibung")), Some(Role::Description));
        assert_eq!(role(&normalize("Menge")), Some(Role::Quantity));
        assert_eq!(role(&normalize("Einzelpreis")), Some(Role::UnitPrice));
        assert_eq!(role(&normalize("Betrag")), Some(Role::Amount));
        assert_eq!(role(&normalize("MwSt.")), Some(Role::VatRate));
        assert_eq!(role(&normalize("Unit price")), Some(Role::UnitPrice));
        assert_eq!(role(&normalize("Reference")), None);
    }

    #[test]
    fn items_between_the_header_and_the_totals() {
        let cells = vec![
            text(0, 0, "Facture FA-2024-0311"),
            text(2, 0, "Désignation"),
            text(2, 1, "Qté"),
            text(2, 2, "PU HT"),
            text(2, 3, "Montant TTC"),
            text(2, 4, "Montant HT"),
            text(2, 5, "TVA"),
            text(3, 0, "Impression"),
            text(4, 0, "Flyers A5"),
            num(4, 1, "1"),
            num(4, 2, "185"),
            num(4, 3, "222"),
            num(4, 4, "185"),
            num(4, 5, "0.2"),
            text(5, 0, "Cartes de visite"),
            num(5, 1, "4"),
            text(5, 2, "39,00 €"),
            num(5, 4, "156"),
            text(5, 5, "5,5 %"),
            text(7, 3, "Total HT"),
            num(7, 4, "341"),
            text(8, 0, "Après le total"),
            num(8, 1, "1"),
        ];
        let sheet = Sheet { number: 1, cells, decimal_comma: false };
        let items = read(&sheet);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].description, "Flyers A5");
        assert_eq!(items[0].amount, amount("185"), "the HT amount column is preferred");
        assert_eq!(items[0].vat_rate, amount("20"));
        assert_eq!(items[1].unit_price, amount("39.00"));
        assert_eq!(items[1].vat_rate, amount("5.5"));
    }

    #[test]
    fn french_csv_numbers() {
        let cell = text(0, 0, "1 234,500");
        assert_eq!(number(&cell, true), amount("1234.500"));
        assert_eq!(number(&cell, false), None, "outside French CSVs `1 234,500` is ambiguous and refused");
        assert_eq!(number(&text(0, 0, "12,50"), false), amount("12.50"));
    }

    #[test]
    fn no_header_no_items() {
        let cells = vec![text(0, 0, "Nom"), text(0, 1, "Ville"), text(1, 0, "Garnier"), text(1, 1, "Lyon")];
        assert!(read(&Sheet { number: 1, cells, decimal_comma: false }).is_empty());
    }
}
