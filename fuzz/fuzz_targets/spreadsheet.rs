//! Spreadsheets: XLSX, XLSB and ODS (ZIP, with the decompression checks), XLS (OLE2),
//! and CSV text, read into pages and line items with the production limits.
#![no_main]

use liasse_pipelines::{Format, Limits, sniff, spreadsheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: liasse_fuzz::init(), |data: &[u8]| {
    liasse_fuzz::run(|| {
        let limits = Limits::default();
        match sniff::sniff(data) {
            format @ (Format::Zip | Format::Ole) => {
                let _ = spreadsheet::read(data, format, &limits);
            }
            Format::Text => {
                let text = String::from_utf8_lossy(data);
                if let Some(delimiter) = sniff::csv_delimiter(&text) {
                    let _ = spreadsheet::read_delimited(&text, delimiter, &limits);
                }
            }
            _ => {}
        }
    });
});
