//! Image files (PNG, JPEG, multi-page TIFF) decoded into grey pages, with the pixel
//! and page limits checked before decoding. The limits are smaller than production's
//! so that each input decodes in milliseconds: the checks are the same code.
#![no_main]

use liasse_pipelines::{Format, Limits, images, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: liasse_fuzz::init(), |data: &[u8]| {
    liasse_fuzz::run(|| {
        let limits = Limits { max_pixels: 4_000_000, max_pages: 16, ..Limits::default() };
        let format = sniff::sniff(data);
        if matches!(format, Format::Png | Format::Jpeg | Format::Tiff) {
            let _ = images::for_each_page(data, format, &limits, |_page| true);
        }
    });
});
