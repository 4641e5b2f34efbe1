//! Streaming page images through the OCR pool.
//!
//! A producer (the PDF renderer or the image decoder) runs on the calling thread and
//! hands page images to a `PageSink`; worker threads, started as pages arrive and at
//! most one per OCR thread, take them from a bounded channel and recognise them. A page
//! image is dropped as soon as its page is recognised, so a document never holds more
//! than about `2 × threads` page images at once, however many pages it has: the
//! producer blocks while the channel is full.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::thread::Scope;
use std::time::Instant;

use super::{OcrEngine, OcrError, PageImage};
use crate::layout::Page;
use liasse_core::Source;

/// The outcome of one page's OCR.
#[derive(Debug)]
pub struct Recognized {
    /// 0-based position of the page in its document.
    pub index: usize,
    /// The page read; an empty page of the right size when OCR failed.
    pub page: Page,
    /// Why OCR failed, when it did.
    pub error: Option<OcrError>,
    /// Time spent recognising this page, including any wait for a free Tesseract
    /// instance (only when several documents share the pool).
    pub ocr_ms: u64,
}

/// Where a producer sends page images.
pub struct PageSink<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    sender: Option<SyncSender<PageImage>>,
    shared: &'env Shared<'env>,
    n_workers: usize,
}

struct Shared<'env> {
    engine: &'env OcrEngine,
    receiver: Mutex<Receiver<PageImage>>,
    recognized: Mutex<Vec<Recognized>>,
}

impl PageSink<'_, '_> {
    /// Queues a page for OCR, blocking while the queue is full. Returns `false` when no
    /// worker is left to take it (they only stop when the queue closes, so never in
    /// practice).
    pub fn send(&mut self, page: PageImage) -> bool {
        if self.n_workers < self.shared.engine.threads() {
            let shared = self.shared;
            // The pages' OCR is the document's work: its threads charge its budget.
            let budget = crate::budget::current();
            self.scope.spawn(move || {
                let _scope = budget.as_ref().map(crate::budget::enter);
                work(shared)
            });
            self.n_workers += 1;
        }
        self.sender.as_ref().is_some_and(|sender| sender.send(page).is_ok())
    }
}

/// Runs `produce` with a sink for page images and recognises what it sends, in parallel.
/// Returns what `produce` returned and every recognised page, in page order. Worker
/// threads are joined before this returns, whether `produce` succeeded or not.
pub fn ocr_streamed<T>(engine: &OcrEngine, produce: impl FnOnce(&mut PageSink<'_, '_>) -> T) -> (T, Vec<Recognized>) {
    // A full queue of `threads` pages keeps every worker busy while the producer
    // renders the next one.
    let (sender, receiver) = sync_channel(engine.threads());
    let shared = Shared { engine, receiver: Mutex::new(receiver), recognized: Mutex::new(Vec::new()) };
    let produced = std::thread::scope(|scope| {
        let mut sink = PageSink { scope, sender: Some(sender), shared: &shared, n_workers: 0 };
        let produced = produce(&mut sink);
        // Closing the queue lets the workers finish what is queued and stop.
        sink.sender = None;
        produced
    });
    let mut recognized = shared.recognized.into_inner().unwrap_or_else(PoisonError::into_inner);
    recognized.sort_by_key(|page| page.index);
    (produced, recognized)
}

fn work(shared: &Shared<'_>) {
    loop {
        let next = shared.receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(page_image) = next else {
            return; // The queue is closed and empty.
        };
        if crate::budget::checkpoint().is_err() {
            // Over budget or cancelled: drain the queue without reading; the producer's
            // next checkpoint fails the document.
            continue;
        }
        let started = Instant::now();
        let number = u32::try_from(page_image.index + 1).unwrap_or(u32::MAX);
        // A panic while reading one page must not stop this worker: the producer would
        // then wait for ever on a full queue that nobody empties. The page comes back
        // empty, with the failure recorded.
        let outcome = catch_unwind(AssertUnwindSafe(|| shared.engine.recognize(&page_image, number)))
            .unwrap_or(Err(OcrError("the page reader failed unexpectedly")));
        let (page, error) = match outcome {
            Ok(page) => (page, None),
            Err(error) => (empty_page(&page_image, number), Some(error)),
        };
        let ocr_ms = started.elapsed().as_millis() as u64;
        let index = page_image.index;
        drop(page_image);
        let recognized = Recognized { index, page, error, ocr_ms };
        shared.recognized.lock().unwrap_or_else(PoisonError::into_inner).push(recognized);
    }
}

fn empty_page(page_image: &PageImage, number: u32) -> Page {
    let points_per_pixel = 72.0 / page_image.dpi;
    Page {
        number,
        width: page_image.image.width() as f32 * points_per_pixel,
        height: page_image.image.height() as f32 * points_per_pixel,
        lines: Vec::new(),
        source: Source::Ocr,
        rotation_applied: 0,
    }
}
