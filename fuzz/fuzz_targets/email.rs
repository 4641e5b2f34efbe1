//! E-mail (RFC 5322 with MIME parts): header fields and the attachment list, the way
//! the pipeline reads a message before handing its attachments back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: liasse_fuzz::init(), |data: &[u8]| {
    liasse_fuzz::run(|| {
        let _ = liasse_pipelines::email::read_message(data);
    });
});
