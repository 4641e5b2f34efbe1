//! What the fuzz targets share: what counts as a finding.
//!
//! Production runs every reader where a panic is caught, and some readers catch the
//! panics of the parsers they call themselves (lopdf's become `corrupt_pdf`, calamine's
//! `corrupt_spreadsheet`). libFuzzer's own panic hook aborts on any panic, caught or
//! not; `init` replaces it with one that only records the panic, and `run` aborts,
//! printing that record, when a panic escapes the reader. So a finding is what would
//! hurt production: a panic that reaches the caller, an abort, a crash in a C library,
//! an input over the time limit or the memory limit.

use std::backtrace::Backtrace;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the recording panic hook; call once, from the target's `init`.
pub fn init() {
    std::panic::set_hook(Box::new(|info| {
        let record = format!("{info}\n{}", Backtrace::force_capture());
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(record));
    }));
}

/// Runs one input through a reader; aborts, printing the panic, when one escapes it.
pub fn run(read: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(read)).is_err() {
        let record = LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_default();
        eprintln!("a panic escaped the reader: {record}");
        std::process::abort();
    }
}
