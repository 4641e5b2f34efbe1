//! A pool of engine instances checked out one per page.
//!
//! Neither a Tesseract instance nor an ONNX Runtime session can be used by two threads at
//! once, and loading one is too slow to do per page, so each OCR engine loads one
//! instance per OCR thread at start-up. A page checks an instance out, is recognised, and
//! gives it back, so pages of several documents share the pool fairly.

use std::sync::{Condvar, Mutex, PoisonError};

pub struct Pool<T> {
    idle: Mutex<Vec<T>>,
    returned: Condvar,
}

impl<T> Pool<T> {
    pub fn new(instances: Vec<T>) -> Self {
        Self { idle: Mutex::new(instances), returned: Condvar::new() }
    }

    /// Waits for a free instance and lends it until the guard is dropped.
    pub fn check_out(&self) -> CheckedOut<'_, T> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(instance) = idle.pop() {
                return CheckedOut { pool: self, instance: Some(instance) };
            }
            idle = self.returned.wait(idle).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// An instance out of the pool; it goes back when this is dropped, even when the page's
/// recognition unwinds.
pub struct CheckedOut<'a, T> {
    pool: &'a Pool<T>,
    /// Always `Some` until `drop` takes it out.
    instance: Option<T>,
}

impl<T> std::ops::Deref for CheckedOut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.instance.as_ref().expect("only drop takes the instance out")
    }
}

impl<T> std::ops::DerefMut for CheckedOut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.instance.as_mut().expect("only drop takes the instance out")
    }
}

impl<T> Drop for CheckedOut<'_, T> {
    fn drop(&mut self) {
        if let Some(instance) = self.instance.take() {
            self.pool.idle.lock().unwrap_or_else(PoisonError::into_inner).push(instance);
            self.pool.returned.notify_one();
        }
    }
}
