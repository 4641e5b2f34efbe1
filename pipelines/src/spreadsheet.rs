//! Spreadsheets: XLSX, XLSM and XLSB workbooks and ODS (ZIP containers), XLS (OLE2), and
//! delimited text (CSV, TSV), read with `calamine` (cached values of formulas).
//!
//! Each sheet becomes a `Page` of the layout, as if printed: a `Line` per row, the words
//! of each non-empty cell boxed at synthetic positions (x from the column, every column
//! as wide as its longest cell, y from the row), so the classifier and the layout-based
//! field extractor read a spreadsheet invoice as they read a PDF. A sheet whose header row
//! names invoice-line columns (designation, quantity, unit price, amount, VAT) also gives
//! `line_items` exactly, read from the cells (`line_items`).
//!
//! Numbers in workbooks are binary floats. They are turned into the decimal they stand
//! for (15 significant digits, which every float of a typed decimal keeps) before any use,
//! so money never goes through `f64` arithmetic.
//!
//! A ZIP is read only when its content types or `mimetype` entry say it is a workbook:
//! other archives (and Word or PowerPoint files) are `unsupported_format`. Before
//! calamine unpacks a workbook, the sizes its ZIP directory declares are checked
//! against the decompression limits (`decompression`): a zip bomb fails with
//! `decompression_bomb` without a byte inflated. The cells read
//! are capped by `Limits::max_cells` (the area from the first to the last non-empty cell
//! of every sheet, and every cell record streamed). XLSX and XLSB sheets are streamed so
//! that a sparse sheet with two far-apart cells never allocates the rectangle between
//! them; ODS sheets, which calamine lays out whole, are measured before (`ods_extent`).
//! XLS sheets are laid out whole too, but the format caps them at 65,536 × 256 cells.

pub(crate) mod csv;
mod line_items;
mod ods_extent;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use calamine::{Data, Ods, Reader, Xls, XlsError, Xlsb, Xlsx, XlsxError};
use liasse_core::{ErrorCode, Extraction, LineItem, ModelVersions, Source};
use rust_decimal::Decimal;

use crate::layout::{Layout, Line, Page};
use crate::text::{FONT_SIZE, MARGIN, line_words};
use crate::{Error, Format, Limits, PageLayer, Pipeline, Result, decompression};

/// Distance from one row to the next, in points (a default spreadsheet row).
const ROW_HEIGHT: f32 = 15.0;
/// Space between the text of one column and the next, in points.
const COLUMN_PADDING: f32 = 12.0;
/// Width of an empty column or a column of short values, in points.
const MIN_COLUMN_WIDTH: f32 = 36.0;

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// 0-based row of the sheet.
    pub row: u32,
    /// 0-based column of the sheet.
    pub col: u32,
    /// What the cell shows: text as typed, numbers as decimals with a dot, dates ISO 8601.
    pub text: String,
    /// The exact decimal value of a numeric cell; `None` for text, which is parsed where
    /// a number is expected.
    pub number: Option<Decimal>,
}

/// The non-empty cells of one sheet, row by row, left to right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// 1-based position of the sheet in the workbook (the page number).
    pub number: u32,
    pub cells: Vec<Cell>,
    /// A CSV with `;` delimiters: French, so `12,500` is twelve and a half.
    pub decimal_comma: bool,
}

/// A spreadsheet read, before it is understood: its sheets as pages, and the line items
/// of its first sheet that has an invoice-line table.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub layer: PageLayer,
    /// Read from the cells under named columns: exact, where reading the page is not.
    pub line_items: Vec<LineItem>,
}

/// Reads a workbook through the pipeline: `read` then `Pipeline::understand`.
pub(crate) fn read_workbook(pipeline: &Pipeline, bytes: &[u8], format: Format) -> Result<Extraction> {
    Ok(understand(pipeline, read(bytes, format, &pipeline.config().limits)?))
}

/// Reads a workbook: XLSX/XLSB/ODS from a ZIP, XLS from an OLE2 file. Needs no library
/// or model: this is also the entry point of the spreadsheet fuzz target.
///
/// calamine parses hostile bytes and panics on some (fuzzing found a subtraction that
/// overflows on a `<dimension>` whose end comes before its start, in builds with
/// overflow checks): a panic fails the document as `corrupt_spreadsheet`, as lopdf's
/// fail a PDF as `corrupt_pdf`, instead of unwinding into the caller.
pub fn read(bytes: &[u8], format: Format, limits: &Limits) -> Result<Workbook> {
    catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes, format, limits)))
        .unwrap_or_else(|_panic| Err(corrupt("the spreadsheet cannot be parsed (the spreadsheet reader gave up)")))
}

fn read_unguarded(bytes: &[u8], format: Format, limits: &Limits) -> Result<Workbook> {
    let started = Instant::now();
    let mut budget = CellBudget { max_cells: limits.max_cells, used: 0 };
    let mut problems = Vec::new();
    let sheets = match format {
        Format::Zip => {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable_zip(bytes))?;
            let container = container(&mut archive)?;
            // Before calamine unpacks anything: the zip crate then holds every entry to
            // the size its directory declares, which this checks.
            decompression::check_zip(&archive, bytes.len() as u64, &mut decompression::Budget::new(limits))?;
            match container {
                Container::Xlsx => read_xlsx(bytes, &mut budget, &mut problems)?,
                Container::Xlsb => read_xlsb(bytes, &mut budget, &mut problems)?,
                Container::Ods => {
                    // calamine lays ODS sheets out whole: measure them first.
                    if ods_extent::cells(bytes)? > budget.max_cells as u64 {
                        return Err(too_large_with(budget.max_cells));
                    }
                    let workbook =
                        Ods::new(Cursor::new(bytes)).map_err(|_| corrupt("the ODS workbook cannot be opened"))?;
                    read_ranges(workbook, &mut budget, &mut problems)?
                }
            }
        }
        Format::Ole => read_ranges(open_xls(bytes)?, &mut budget, &mut problems)?,
        other => {
            return Err(Error::new(ErrorCode::UnsupportedFormat, format!("{} is not a spreadsheet", other.describe())));
        }
    };
    Ok(workbook(sheets, problems, started))
}

/// Reads CSV or TSV text whose delimiter `sniff::csv_delimiter` found, through the
/// pipeline.
pub(crate) fn read_csv(pipeline: &Pipeline, text: &str, delimiter: u8) -> Result<Extraction> {
    Ok(understand(pipeline, read_delimited(text, delimiter, &pipeline.config().limits)?))
}

/// Reads CSV or TSV text with the given delimiter (`sniff::csv_delimiter`).
pub fn read_delimited(text: &str, delimiter: u8, limits: &Limits) -> Result<Workbook> {
    let started = Instant::now();
    let mut budget = CellBudget { max_cells: limits.max_cells, used: 0 };
    let mut sheet = Sheet { number: 1, cells: Vec::new(), decimal_comma: delimiter == b';' };
    for (row, record) in csv::records(text, delimiter).enumerate() {
        budget.charge(record.len())?;
        let row = u32::try_from(row).map_err(|_| too_large())?;
        for (col, field) in record.into_iter().enumerate() {
            let text = field.trim();
            if !text.is_empty() {
                let col = u32::try_from(col).map_err(|_| too_large())?;
                sheet.cells.push(Cell { row, col, text: text.to_owned(), number: None });
            }
        }
    }
    Ok(workbook(vec![sheet], Vec::new(), started))
}

/// The sheets as pages, with the line items of the first sheet that has an
/// invoice-line table.
fn workbook(sheets: Vec<Sheet>, problems: Vec<String>, started: Instant) -> Workbook {
    let layout = Layout { pages: sheets.iter().filter(|sheet| !sheet.cells.is_empty()).map(sheet_page).collect() };
    let line_items = sheets.iter().map(line_items::read).find(|items| !items.is_empty()).unwrap_or_default();
    let mut timings_ms = BTreeMap::new();
    timings_ms.insert("read_spreadsheet".to_owned(), started.elapsed().as_millis() as u64);
    let layer = PageLayer { layout, source: Source::Spreadsheet, timings_ms, models: ModelVersions::new(), problems };
    Workbook { layer, line_items }
}

/// The pages through `Pipeline::understand`; the line items read from the cells replace
/// any the field extractor found on the pages.
fn understand(pipeline: &Pipeline, workbook: Workbook) -> Extraction {
    let mut extraction = pipeline.understand(workbook.layer);
    if !workbook.line_items.is_empty() {
        extraction.line_items = workbook.line_items;
    }
    extraction
}

/// Counts the cells read from one document against `Limits::max_cells`.
struct CellBudget {
    max_cells: usize,
    used: usize,
}

/// Cells read between two checks of the document's CPU and memory budget.
const CELLS_PER_CHECKPOINT: usize = 4_096;

impl CellBudget {
    fn charge(&mut self, n_cells: usize) -> Result<()> {
        let before = self.used;
        self.used = self.used.saturating_add(n_cells);
        if self.used > self.max_cells {
            return Err(too_large_with(self.max_cells));
        }
        if before / CELLS_PER_CHECKPOINT != self.used / CELLS_PER_CHECKPOINT {
            crate::budget::checkpoint()?;
        }
        Ok(())
    }
}

fn too_large() -> Error {
    Error::new(ErrorCode::TooLarge, "the spreadsheet has more rows or columns than can be addressed")
}

fn too_large_with(max_cells: usize) -> Error {
    Error::new(ErrorCode::TooLarge, format!("the spreadsheet has more than {max_cells} cells (rows × columns)"))
}

/// Error messages describe the damage, never the content: calamine's own messages may
/// quote cell text or sheet names.
fn corrupt(message: &str) -> Error {
    Error::new(ErrorCode::CorruptSpreadsheet, message)
}

/// What a ZIP container holds, from its declared content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Xlsx,
    Xlsb,
    Ods,
}

/// Main-part content types of Office Open XML workbooks (`.xlsx`, `.xltx`, `.xlsm`,
/// `.xltm`, `.xlam`): the workbook part, not just any spreadsheet part, because a Word
/// file with an embedded chart declares `spreadsheetml.sheet` too.
const XLSX_MAIN_TYPES: &[&str] = &[
    "spreadsheetml.sheet.main+xml",
    "spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroenabled.main+xml",
    "ms-excel.template.macroenabled.main+xml",
    "ms-excel.addin.macroenabled.main+xml",
];
const XLSB_MAIN_TYPE: &str = "ms-excel.sheet.binary.macroenabled.main";
const ODS_MIMETYPES: &[&str] =
    &["application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template"];
/// Most bytes of `[Content_Types].xml` read: real ones are a few kilobytes.
const MAX_CONTENT_TYPES_BYTES: u64 = 1024 * 1024;

/// What the archive declares it holds, from its `mimetype` and `[Content_Types].xml`
/// entries (each read to a small bound).
fn container(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Container> {
    if let Ok(entry) = archive.by_name("mimetype") {
        let mut mimetype = String::new();
        entry.take(256).read_to_string(&mut mimetype).map_err(|_| corrupt("the ODS mimetype entry cannot be read"))?;
        return if ODS_MIMETYPES.contains(&mimetype.trim()) {
            Ok(Container::Ods)
        } else {
            Err(Error::new(
                ErrorCode::UnsupportedFormat,
                "an OpenDocument file that is not a spreadsheet (a text or a presentation)",
            ))
        };
    }
    if let Ok(entry) = archive.by_name("[Content_Types].xml") {
        let mut content_types = String::new();
        entry
            .take(MAX_CONTENT_TYPES_BYTES)
            .read_to_string(&mut content_types)
            .map_err(|_| corrupt("the workbook's content types cannot be read"))?;
        let content_types = content_types.to_ascii_lowercase();
        return if XLSX_MAIN_TYPES.iter().any(|main| content_types.contains(main)) {
            Ok(Container::Xlsx)
        } else if content_types.contains(XLSB_MAIN_TYPE) {
            Ok(Container::Xlsb)
        } else {
            Err(Error::new(
                ErrorCode::UnsupportedFormat,
                "an Office Open XML file that is not a workbook (a Word document or a presentation)",
            ))
        };
    }
    Err(Error::new(
        ErrorCode::UnsupportedFormat,
        "a ZIP archive that is neither an XLSX nor an ODS workbook: archives are not unpacked",
    ))
}

/// A ZIP whose directory cannot be read: a damaged workbook when one of its first entries
/// is a workbook part (a truncated download), else an archive of unknown kind.
fn unreadable_zip(bytes: &[u8]) -> Error {
    let workbook = local_entries(bytes).any(|(name, data)| {
        name == b"[Content_Types].xml"
            || name.starts_with(b"xl/")
            || (name == b"mimetype" && ODS_MIMETYPES.iter().any(|m| data.starts_with(m.as_bytes())))
    });
    if workbook {
        corrupt("the workbook's ZIP container is damaged (truncated?)")
    } else {
        Error::new(ErrorCode::UnsupportedFormat, "a damaged ZIP archive that does not look like a workbook")
    }
}

/// Local file headers looked at in a damaged ZIP.
const MAX_LOCAL_ENTRIES: usize = 32;

/// The names and stored bytes of the first entries of a ZIP, walked through their local
/// headers (which survive truncation, unlike the central directory at the end).
fn local_entries(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut next_offset = Some(0usize);
    std::iter::from_fn(move || {
        let offset = next_offset.take()?;
        let header = bytes.get(offset..offset.checked_add(30)?)?;
        if !header.starts_with(b"PK\x03\x04") {
            return None;
        }
        let le16 = |at: usize| usize::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let le32 = |at: usize| {
            usize::try_from(u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]))
                .unwrap_or(usize::MAX)
        };
        let (compressed_size, name_len, extra_len) = (le32(18), le16(26), le16(28));
        let name_start = offset + 30;
        let data_start = name_start.checked_add(name_len)?.checked_add(extra_len)?;
        let name = bytes.get(name_start..name_start + name_len)?;
        let data = bytes.get(data_start..).unwrap_or_default();
        let data = &data[..compressed_size.min(data.len())];
        // An entry whose size follows its data (general purpose flag bit 3) ends the walk.
        next_offset = (le16(6) & 0x08 == 0).then(|| data_start.saturating_add(compressed_size));
        Some((name, data))
    })
    .take(MAX_LOCAL_ENTRIES)
}

fn open_xls(bytes: &[u8]) -> Result<Xls<Cursor<&[u8]>>> {
    Xls::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsError::Password => corrupt("the XLS workbook is protected by a password"),
        // calamine keeps its OLE2 error type private: its message is the only way to
        // tell a file without a workbook stream from a damaged one.
        XlsError::Cfb(cfb) if cfb.to_string().starts_with("Cannot find") => Error::new(
            ErrorCode::UnsupportedFormat,
            "an OLE2 file without a workbook stream (an old Word document or another Office file)",
        ),
        _ => corrupt("the XLS workbook cannot be opened"),
    })
}

/// XLSX sheets, streamed cell by cell.
fn read_xlsx(bytes: &[u8], budget: &mut CellBudget, problems: &mut Vec<String>) -> Result<Vec<Sheet>> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|_| corrupt("the XLSX workbook cannot be opened"))?;
    let mut sheets = Vec::new();
    for (sheet_idx, name) in workbook.sheet_names().into_iter().enumerate() {
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // Chart sheets have no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(_) => {
                problems.push(unreadable_sheet(sheet_idx));
                continue;
            }
        };
        let next_cell = || {
            reader.next_cell().map(|cell| cell.map(|cell| (cell.get_position(), Data::from(cell.get_value().clone()))))
        };
        sheets.push(stream_sheet(sheet_idx, next_cell, budget, problems)?);
    }
    all_unreadable(&sheets, problems)?;
    Ok(sheets)
}

/// XLSB sheets, streamed cell by cell.
fn read_xlsb(bytes: &[u8], budget: &mut CellBudget, problems: &mut Vec<String>) -> Result<Vec<Sheet>> {
    let mut workbook = Xlsb::new(Cursor::new(bytes)).map_err(|_| corrupt("the XLSB workbook cannot be opened"))?;
    let mut sheets = Vec::new();
    for (sheet_idx, name) in workbook.sheet_names().into_iter().enumerate() {
        let Ok(mut reader) = workbook.worksheet_cells_reader(&name) else {
            problems.push(unreadable_sheet(sheet_idx));
            continue;
        };
        let next_cell = || {
            reader.next_cell().map(|cell| cell.map(|cell| (cell.get_position(), Data::from(cell.get_value().clone()))))
        };
        sheets.push(stream_sheet(sheet_idx, next_cell, budget, problems)?);
    }
    all_unreadable(&sheets, problems)?;
    Ok(sheets)
}

/// One streamed sheet: every cell record is charged as it comes, so reading stops as
/// soon as the budget is spent, and nothing but the non-empty cells is kept.
fn stream_sheet<E>(
    sheet_idx: usize,
    mut next_cell: impl FnMut() -> std::result::Result<Option<((u32, u32), Data)>, E>,
    budget: &mut CellBudget,
    problems: &mut Vec<String>,
) -> Result<Sheet> {
    let mut sheet = Sheet { number: sheet_number(sheet_idx), ..Sheet::default() };
    // `[first row, last row, first column, last column]` of the non-empty cells.
    let mut bounds: Option<[u32; 4]> = None;
    let mut n_records = 0u64;
    loop {
        let ((row, col), value) = match next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(_) => {
                // Keep what was read: the rest of the workbook may be fine.
                problems.push(unreadable_sheet(sheet_idx));
                break;
            }
        };
        // Every record costs, empty or not: a billion empty cells are work too.
        budget.charge(1)?;
        n_records += 1;
        let Some((text, number)) = cell_value(&value) else {
            continue;
        };
        let b = bounds.get_or_insert([row, row, col, col]);
        *b = [b[0].min(row), b[1].max(row), b[2].min(col), b[3].max(col)];
        if area(*b) > budget.max_cells as u64 {
            return Err(too_large_with(budget.max_cells));
        }
        sheet.cells.push(Cell { row, col, text, number });
    }
    // The area is what a reader of the sheet looks at: it counts where it exceeds the
    // records already charged.
    let area = bounds.map_or(0, area);
    budget.charge(usize::try_from(area.saturating_sub(n_records)).unwrap_or(usize::MAX))?;
    sheet.cells.sort_by_key(|cell| (cell.row, cell.col));
    Ok(sheet)
}

/// ODS and XLS sheets, which calamine reads whole. ODS caps its own expansion of
/// repeated rows; XLS sheets cannot exceed 65,536 × 256 cells.
fn read_ranges<RS, W>(mut workbook: W, budget: &mut CellBudget, problems: &mut Vec<String>) -> Result<Vec<Sheet>>
where
    RS: Read + std::io::Seek,
    W: Reader<RS>,
{
    let mut sheets = Vec::new();
    for (sheet_idx, name) in workbook.sheet_names().into_iter().enumerate() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            problems.push(unreadable_sheet(sheet_idx));
            continue;
        };
        let (n_rows, n_cols) = range.get_size();
        budget.charge(n_rows.saturating_mul(n_cols))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut sheet = Sheet { number: sheet_number(sheet_idx), ..Sheet::default() };
        for (row, col, value) in range.used_cells() {
            if let Some((text, number)) = cell_value(value) {
                let row = first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
                let col = first_col.saturating_add(u32::try_from(col).unwrap_or(u32::MAX));
                sheet.cells.push(Cell { row, col, text, number });
            }
        }
        sheets.push(sheet);
    }
    all_unreadable(&sheets, problems)?;
    Ok(sheets)
}

fn sheet_number(sheet_idx: usize) -> u32 {
    u32::try_from(sheet_idx + 1).unwrap_or(u32::MAX)
}

fn area([first_row, last_row, first_col, last_col]: [u32; 4]) -> u64 {
    (u64::from(last_row - first_row) + 1) * (u64::from(last_col - first_col) + 1)
}

fn unreadable_sheet(sheet_idx: usize) -> String {
    format!("sheet {} could not be read", sheet_idx + 1)
}

/// A workbook none of whose sheets could be read is damaged, not empty.
fn all_unreadable(sheets: &[Sheet], problems: &[String]) -> Result<()> {
    if sheets.is_empty() && !problems.is_empty() {
        return Err(corrupt("no sheet of the workbook can be read"));
    }
    Ok(())
}

/// What a cell shows and, for a number, its exact decimal value. `None` for empty and
/// error cells (`#DIV/0!`): they show nothing a reader could use.
fn cell_value(value: &Data) -> Option<(String, Option<Decimal>)> {
    let shown = match value {
        Data::Empty | Data::Error(_) => return None,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => (text.trim().to_owned(), None),
        Data::Int(int) => (int.to_string(), Some(Decimal::from(*int))),
        Data::Float(float) => match decimal_from_f64(*float) {
            Some(number) => (format_number(number), Some(number)),
            // Beyond what a decimal holds (1e300): shown, never used as an amount.
            None if float.is_finite() => (float.to_string(), None),
            None => return None,
        },
        Data::Bool(flag) => ((if *flag { "TRUE" } else { "FALSE" }).to_owned(), None),
        Data::DateTime(excel) => match excel.as_datetime() {
            Some(date_time) if excel.is_datetime() && date_time.time() == chrono::NaiveTime::MIN => {
                (date_time.format("%Y-%m-%d").to_string(), None)
            }
            Some(date_time) if excel.is_datetime() => (date_time.format("%Y-%m-%dT%H:%M:%S").to_string(), None),
            // A duration (`[h]:mm`) or a serial out of the calendar: show the number.
            _ => {
                let number = decimal_from_f64(excel.as_f64())?;
                (format_number(number), Some(number))
            }
        },
    };
    (!shown.0.is_empty()).then_some(shown)
}

/// The decimal a spreadsheet float stands for. A float keeps 15 significant decimal
/// digits exactly, so printing that many and dropping trailing zeros gives back what was
/// typed, and removes the binary noise of formulas (`3 × 39.1` is `117.30000000000001`).
pub(crate) fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{value:.14e}")).ok().map(|number| number.normalize())
}

/// A number as a spreadsheet shows it by default: a dot, no thousands separator, and two
/// decimals for amounts with one (`117.3` reads `117.30`).
fn format_number(number: Decimal) -> String {
    if number.scale() == 1 { format!("{number:.2}") } else { number.to_string() }
}

/// One sheet as a printed page: every column as wide as its longest cell.
fn sheet_page(sheet: &Sheet) -> Page {
    let first_row = sheet.cells.iter().map(|cell| cell.row).min().unwrap_or(0);
    let first_col = sheet.cells.iter().map(|cell| cell.col).min().unwrap_or(0);
    let last_col = sheet.cells.iter().map(|cell| cell.col).max().unwrap_or(0);
    let mut widths = vec![MIN_COLUMN_WIDTH; (last_col - first_col) as usize + 1];
    for cell in &sheet.cells {
        let width = cell.text.chars().count() as f32 * crate::text::CHAR_WIDTH + COLUMN_PADDING;
        let slot = &mut widths[(cell.col - first_col) as usize];
        *slot = slot.max(width);
    }
    let mut column_x = Vec::with_capacity(widths.len());
    let mut x = MARGIN;
    for width in &widths {
        column_x.push(x);
        x += width;
    }
    let mut lines = Vec::new();
    let mut last_row = first_row;
    let mut cells = sheet.cells.iter().peekable();
    while let Some(first) = cells.next() {
        let row = first.row;
        last_row = row;
        let y0 = MARGIN + (row - first_row) as f32 * ROW_HEIGHT;
        let mut words = Vec::new();
        let mut cell = Some(first);
        while let Some(current) = cell {
            let (cell_words, _) = line_words(&current.text, column_x[(current.col - first_col) as usize], y0);
            words.extend(cell_words);
            cell = cells.next_if(|next| next.row == row);
        }
        lines.extend(Line::from_words(words));
    }
    Page {
        number: sheet.number,
        width: x + MARGIN,
        height: 2.0 * MARGIN + (last_row - first_row) as f32 * ROW_HEIGHT + FONT_SIZE,
        lines,
        source: Source::Spreadsheet,
        rotation_applied: 0,
    }
}

#[cfg(test)]
mod tests;
