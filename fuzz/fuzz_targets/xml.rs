//! E-invoice XML (CII, UBL): the parser with DTDs refused, then the field mapping and
//! the checks. Any bytes must give an extraction or a document error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: liasse_fuzz::init(), |data: &[u8]| {
    liasse_fuzz::run(|| {
        let _ = liasse_pipelines::einvoice::read_xml(data);
    });
});
