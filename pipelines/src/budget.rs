//! A document's resource budget: CPU time and heap memory, counted on every thread
//! that works for the document, and checked at checkpoints (each page, attachment,
//! sheet and stage). A document over its budget fails with `cpu_limit_exceeded` or
//! `memory_limit_exceeded`; the rest of the batch goes on.
//!
//! * CPU: each thread that enters the budget (`enter`) charges its own CPU time
//!   (`CLOCK_THREAD_CPUTIME_ID`) at every checkpoint and when it leaves. OCR threads
//!   enter the budget of the document whose pages they read (`current`).
//! * Memory: `CountingAllocator`, installed as the global allocator by the `liasse`
//!   binary, adds every allocation made on a thread inside a budget to that budget's
//!   live bytes and keeps their peak (up to 1,023 documents at once per process are
//!   counted; more run uncounted). Native libraries (PDFium, Tesseract, ONNX
//!   Runtime) allocate with their own `malloc`, which is not counted: their use is
//!   bounded by the page, pixel and size limits instead. Without the allocator (unit
//!   tests, other binaries) the memory budget sees nothing and never trips.
//! * Cancellation: `Budget::cancel` (the worker's wall-clock timeout) makes the next
//!   checkpoint fail with `timeout`, so a document past its time stops using the CPU
//!   instead of running on unseen.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use liasse_core::ErrorCode;

use crate::{Error, Result};

/// The budget of one document.
#[derive(Debug)]
pub struct Budget {
    cpu_limit: Duration,
    memory_limit: usize,
    cpu_ns: AtomicU64,
    /// Index of this budget's memory counters in `SLOTS` (0: none free, not counted).
    slot: usize,
    cancelled: AtomicBool,
}

/// Memory counters of one budget. They live in a static table, indexed from a plain
/// thread-local integer, so the allocator needs neither `unsafe` nor a thread-local
/// with a destructor (whose registration could allocate).
struct Slot {
    in_use: AtomicBool,
    live_bytes: AtomicIsize,
    peak_bytes: AtomicUsize,
}

/// Documents counted at once; more run uncounted (slot 0 is never handed out).
const N_SLOTS: usize = 1024;

static SLOTS: [Slot; N_SLOTS] = [const {
    Slot { in_use: AtomicBool::new(false), live_bytes: AtomicIsize::new(0), peak_bytes: AtomicUsize::new(0) }
}; N_SLOTS];

fn take_slot() -> usize {
    (1..N_SLOTS)
        .find(|&index| SLOTS[index].in_use.compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed).is_ok())
        .inspect(|&index| {
            SLOTS[index].live_bytes.store(0, Ordering::Relaxed);
            SLOTS[index].peak_bytes.store(0, Ordering::Relaxed);
        })
        .unwrap_or(0)
}

impl Drop for Budget {
    fn drop(&mut self) {
        if self.slot != 0 {
            SLOTS[self.slot].in_use.store(false, Ordering::Release);
        }
    }
}

impl Budget {
    pub fn new(cpu_limit: Duration, memory_limit: usize) -> Arc<Self> {
        Arc::new(Self {
            cpu_limit,
            memory_limit,
            cpu_ns: AtomicU64::new(0),
            slot: take_slot(),
            cancelled: AtomicBool::new(false),
        })
    }

    /// Makes the next checkpoint of every thread working for this document fail.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// CPU time charged so far.
    pub fn cpu_used(&self) -> Duration {
        Duration::from_nanos(self.cpu_ns.load(Ordering::Relaxed))
    }

    /// The most heap bytes the document held at once (0 without `CountingAllocator`).
    pub fn peak_bytes(&self) -> usize {
        if self.slot == 0 { 0 } else { SLOTS[self.slot].peak_bytes.load(Ordering::Relaxed) }
    }

    fn check(&self) -> Result<()> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorCode::Timeout, "processing was stopped: the document ran out of time"));
        }
        let cpu = self.cpu_used();
        if cpu > self.cpu_limit {
            return Err(Error::new(
                ErrorCode::CpuLimitExceeded,
                format!(
                    "{:.1} s of CPU time is over the limit of {:.1} s",
                    cpu.as_secs_f64(),
                    self.cpu_limit.as_secs_f64()
                ),
            ));
        }
        let peak = self.peak_bytes();
        if peak > self.memory_limit {
            return Err(Error::new(
                ErrorCode::MemoryLimitExceeded,
                format!("{} MiB of memory is over the limit of {} MiB", peak >> 20, self.memory_limit >> 20),
            ));
        }
        Ok(())
    }
}

thread_local! {
    /// The budget this thread works for (never read by the allocator).
    static CURRENT: RefCell<Option<Arc<Budget>>> = const { RefCell::new(None) };
    /// Its memory slot (0: none), which the allocator reads.
    static MEMORY_SLOT: Cell<usize> = const { Cell::new(0) };
    /// This thread's CPU clock when its time was last charged.
    static CPU_MARK: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// While alive, the current thread works for a budget (and charges it its CPU time).
#[must_use = "the thread leaves the budget when the scope is dropped"]
pub struct Scope {
    previous: Option<Arc<Budget>>,
    previous_slot: usize,
    /// A scope belongs to the thread that entered it.
    _not_send: std::marker::PhantomData<*const ()>,
}

/// Makes the current thread work for `budget` until the returned scope is dropped.
pub fn enter(budget: &Arc<Budget>) -> Scope {
    // Time until now belongs to the budget the thread worked for before (if any).
    charge_cpu();
    let previous = CURRENT.with(|current| current.replace(Some(Arc::clone(budget))));
    let previous_slot = MEMORY_SLOT.with(|slot| slot.replace(budget.slot));
    CPU_MARK.with(|mark| mark.set(thread_cpu_time()));
    Scope { previous, previous_slot, _not_send: std::marker::PhantomData }
}

impl Drop for Scope {
    fn drop(&mut self) {
        charge_cpu();
        MEMORY_SLOT.with(|slot| slot.set(self.previous_slot));
        let leaving = CURRENT.with(|current| current.replace(self.previous.take()));
        // The outer budget (if any) is charged from now on, not for the inner one's time.
        CPU_MARK.with(|mark| mark.set(thread_cpu_time()));
        // Dropped outside the borrow: freeing the budget goes through the allocator.
        drop(leaving);
    }
}

/// The budget the current thread works for, to hand to threads it starts.
pub fn current() -> Option<Arc<Budget>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// Charges the CPU time used since the last checkpoint and fails when the document is
/// over its budget or cancelled. Free when the thread works for no budget.
pub fn checkpoint() -> Result<()> {
    charge_cpu();
    match current() {
        Some(budget) => budget.check(),
        None => Ok(()),
    }
}

/// Adds the thread's CPU time since its mark to its budget. Outside a budget it reads
/// no clock: `enter` sets the mark.
fn charge_cpu() {
    CURRENT.with(|current| {
        if let Some(budget) = current.borrow().as_ref() {
            let now = thread_cpu_time();
            let last = CPU_MARK.with(|mark| mark.replace(now));
            let used = u64::try_from(now.saturating_sub(last).as_nanos()).unwrap_or(u64::MAX);
            budget.cpu_ns.fetch_add(used, Ordering::Relaxed);
        }
    });
}

/// CPU time of the calling thread.
fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::try_now().map(|t| t.as_duration()).unwrap_or_default()
}

/// The system allocator, counting what threads inside a budget allocate. Install it
/// with `#[global_allocator]` in a binary that runs the pipeline.
pub struct CountingAllocator;

fn charge_memory(delta: isize) {
    // `try_with`: during thread teardown the thread-local may be gone; such late
    // allocations belong to no document.
    let slot = MEMORY_SLOT.try_with(Cell::get).unwrap_or(0);
    if slot == 0 {
        return;
    }
    let slot = &SLOTS[slot];
    let live = slot.live_bytes.fetch_add(delta, Ordering::Relaxed) + delta;
    if delta > 0 {
        slot.peak_bytes.fetch_max(usize::try_from(live).unwrap_or(0), Ordering::Relaxed);
    }
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded to `System` unchanged; counting only reads the
// layout sizes and touches atomics and a const thread-local (no allocation).
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            charge_memory(signed(layout.size()));
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            charge_memory(signed(layout.size()));
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        charge_memory(-signed(layout.size()));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_pointer = unsafe { System.realloc(pointer, layout, new_size) };
        if !new_pointer.is_null() {
            charge_memory(signed(new_size) - signed(layout.size()));
        }
        new_pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Burns `duration` of this thread's CPU time (not wall time: the machine is shared).
    fn spin(duration: Duration) {
        let started = thread_cpu_time();
        let mut x = 0u64;
        while thread_cpu_time().saturating_sub(started) < duration {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }

    #[test]
    fn cpu_time_of_every_thread_in_the_budget_is_charged() {
        let budget = Budget::new(Duration::from_millis(150), usize::MAX);
        let scope = enter(&budget);
        spin(Duration::from_millis(50));
        assert!(checkpoint().is_ok(), "50 ms is within 150 ms");
        let handed = current().expect("the thread works for the budget");
        std::thread::spawn(move || {
            let _scope = enter(&handed);
            spin(Duration::from_millis(150));
        })
        .join()
        .expect("joins");
        let error = checkpoint().expect_err("the other thread's time counts too");
        assert_eq!(error.code, ErrorCode::CpuLimitExceeded);
        assert!(budget.cpu_used() >= Duration::from_millis(190), "{:?}", budget.cpu_used());
        drop(scope);
        assert!(current().is_none());
        assert!(checkpoint().is_ok(), "outside a budget nothing is checked");
    }

    #[test]
    fn a_cancelled_budget_fails_the_next_checkpoint_with_timeout() {
        let budget = Budget::new(Duration::from_secs(60), usize::MAX);
        let _scope = enter(&budget);
        assert!(checkpoint().is_ok());
        budget.cancel();
        assert_eq!(checkpoint().expect_err("cancelled").code, ErrorCode::Timeout);
    }

    #[test]
    fn memory_over_the_limit_fails_the_checkpoint() {
        // The unit-test binary has no counting allocator: charge by hand what it
        // would have counted.
        let budget = Budget::new(Duration::from_secs(60), 1 << 20);
        let _scope = enter(&budget);
        charge_memory(512 << 10);
        assert!(checkpoint().is_ok());
        charge_memory(-(256 << 10));
        charge_memory(900 << 10);
        assert_eq!(checkpoint().expect_err("over").code, ErrorCode::MemoryLimitExceeded);
        assert_eq!(budget.peak_bytes(), (512 + 900 - 256) << 10);
    }

    #[test]
    fn scopes_nest_and_restore_the_outer_budget() {
        let outer = Budget::new(Duration::from_secs(60), usize::MAX);
        let inner = Budget::new(Duration::from_secs(60), usize::MAX);
        let _outer_scope = enter(&outer);
        {
            let _inner_scope = enter(&inner);
            assert!(Arc::ptr_eq(&current().expect("inner"), &inner));
        }
        assert!(Arc::ptr_eq(&current().expect("outer"), &outer));
    }
}
