//! Model calls grouped across documents.
//!
//! Every document runs on its own thread, and each asks a model about its own rows
//! (one text for the classifier, a few hundred candidates for the extractor). One call
//! per document wastes the accelerator on a GPU and the per-call overhead on a CPU, so
//! calls go through a `Batcher`: a thread that finds the model idle becomes the leader,
//! waits up to `max_wait` for more requests (none by default: whatever queued while the
//! model was busy is grouped anyway), runs one call over all the rows it took, and hands
//! each waiting thread its share of the outputs. There is no thread of its own to start
//! or stop, and a request is never left waiting behind an idle model.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// How model calls are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchConfig {
    /// Most requests (documents) answered by one model call.
    pub max_requests: usize,
    /// How long a leader waits for more requests before it calls the model, in
    /// milliseconds. 0 on the CPU; a few milliseconds fill the batches of a GPU.
    pub max_wait_ms: u64,
}

impl Default for BatchConfig {
    fn default() -> Self {
        Self { max_requests: 32, max_wait_ms: 0 }
    }
}

/// A group of requests for one model. `I` is one row of input, `O` one row of output.
pub struct Batcher<I, O> {
    config: BatchConfig,
    state: Mutex<State<I, O>>,
    changed: Condvar,
}

struct State<I, O> {
    next_ticket: u64,
    /// Requests not yet taken by a leader, oldest first.
    pending: Vec<(u64, Vec<I>)>,
    /// Answers not yet collected by the thread that asked.
    done: HashMap<u64, Result<Vec<O>, String>>,
    /// Whether a leader is between taking requests and handing out their answers.
    leader_busy: bool,
    /// Model calls made and requests answered, for tests and statistics.
    n_calls: u64,
    n_requests: u64,
}

impl<I, O> std::fmt::Debug for Batcher<I, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batcher").field("config", &self.config).finish_non_exhaustive()
    }
}

impl<I: Send, O: Send> Batcher<I, O> {
    pub fn new(config: BatchConfig) -> Self {
        let config = BatchConfig { max_requests: config.max_requests.max(1), ..config };
        let state = State {
            next_ticket: 0,
            pending: Vec::new(),
            done: HashMap::new(),
            leader_busy: false,
            n_calls: 0,
            n_requests: 0,
        };
        Self { config, state: Mutex::new(state), changed: Condvar::new() }
    }

    /// Answers `rows` through `call`, possibly in one call with other threads' rows.
    /// `call` gets the rows of every request in the group, in order, and must return
    /// one output per row; an error or a panic in it fails every request of the group.
    pub fn run(&self, rows: Vec<I>, call: impl Fn(Vec<I>) -> Result<Vec<O>, String>) -> Result<Vec<O>, String> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut state = self.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.pending.push((ticket, rows));
        self.changed.notify_all();
        loop {
            if let Some(answer) = state.done.remove(&ticket) {
                return answer;
            }
            if state.leader_busy {
                state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            state.leader_busy = true;
            state = self.wait_for_more(state);
            let n_taken = state.pending.len().min(self.config.max_requests);
            let group: Vec<(u64, Vec<I>)> = state.pending.drain(..n_taken).collect();
            drop(state);
            let answers = answer_group(group, &call);
            state = self.lock();
            state.n_calls += 1;
            state.n_requests += answers.len() as u64;
            state.done.extend(answers);
            state.leader_busy = false;
            self.changed.notify_all();
        }
    }

    /// (model calls, requests answered) so far.
    pub fn counts(&self) -> (u64, u64) {
        let state = self.lock();
        (state.n_calls, state.n_requests)
    }

    /// The leader's wait: until the group is full or `max_wait` has passed.
    fn wait_for_more<'a>(&self, mut state: MutexGuard<'a, State<I, O>>) -> MutexGuard<'a, State<I, O>> {
        let deadline = Instant::now() + Duration::from_millis(self.config.max_wait_ms);
        while state.pending.len() < self.config.max_requests {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self.changed.wait_timeout(state, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        state
    }

    fn lock(&self) -> MutexGuard<'_, State<I, O>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One model call for a group of requests, split back into one answer per request.
fn answer_group<I, O>(
    group: Vec<(u64, Vec<I>)>,
    call: &impl Fn(Vec<I>) -> Result<Vec<O>, String>,
) -> Vec<(u64, Result<Vec<O>, String>)> {
    let sizes: Vec<(u64, usize)> = group.iter().map(|(ticket, rows)| (*ticket, rows.len())).collect();
    let n_rows: usize = sizes.iter().map(|(_, n)| n).sum();
    let rows: Vec<I> = group.into_iter().flat_map(|(_, rows)| rows).collect();
    let outcome = match catch_unwind(AssertUnwindSafe(|| call(rows))) {
        Ok(Ok(outputs)) if outputs.len() == n_rows => Ok(outputs),
        Ok(Ok(outputs)) => Err(format!("the model gave {} outputs for {n_rows} rows", outputs.len())),
        Ok(Err(error)) => Err(error),
        Err(_) => Err("the model call panicked".to_owned()),
    };
    match outcome {
        Ok(outputs) => {
            let mut outputs = outputs.into_iter();
            sizes.into_iter().map(|(ticket, n)| (ticket, Ok(outputs.by_ref().take(n).collect()))).collect()
        }
        Err(error) => sizes.into_iter().map(|(ticket, _)| (ticket, Err(error.clone()))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::*;

    fn doubled(rows: Vec<u32>) -> Result<Vec<u32>, String> {
        Ok(rows.into_iter().map(|r| r * 2).collect())
    }

    #[test]
    fn one_thread_gets_its_own_answers_in_order() {
        let batcher = Batcher::new(BatchConfig::default());
        assert_eq!(batcher.run(vec![1, 2, 3], doubled), Ok(vec![2, 4, 6]));
        assert_eq!(batcher.run(Vec::new(), doubled), Ok(Vec::new()));
        assert_eq!(batcher.counts(), (1, 1));
    }

    #[test]
    fn concurrent_requests_share_model_calls_and_each_gets_its_own_rows() {
        let n_threads = 8;
        let batcher = Batcher::new(BatchConfig { max_requests: n_threads, max_wait_ms: 2_000 });
        let start = Barrier::new(n_threads);
        std::thread::scope(|scope| {
            for t in 0..n_threads as u32 {
                let (batcher, start) = (&batcher, &start);
                scope.spawn(move || {
                    start.wait();
                    let rows: Vec<u32> = (0..=t).map(|i| t * 100 + i).collect();
                    let expected: Vec<u32> = rows.iter().map(|r| r * 2).collect();
                    assert_eq!(batcher.run(rows, doubled), Ok(expected));
                });
            }
        });
        // The leader waits (up to two seconds) until all eight have asked: one call.
        assert_eq!(batcher.counts(), (1, n_threads as u64));
    }

    #[test]
    fn groups_are_capped_at_max_requests() {
        let batcher = Batcher::new(BatchConfig { max_requests: 3, max_wait_ms: 0 });
        let start = Barrier::new(7);
        std::thread::scope(|scope| {
            for t in 0..7u32 {
                let (batcher, start) = (&batcher, &start);
                scope.spawn(move || {
                    start.wait();
                    batcher.run(vec![t], |rows| {
                        assert!(rows.len() <= 3, "{rows:?}");
                        std::thread::sleep(Duration::from_millis(20));
                        doubled(rows)
                    })
                });
            }
        });
        let (n_calls, n_requests) = batcher.counts();
        assert_eq!(n_requests, 7);
        assert!((3..=7).contains(&n_calls), "{n_calls} calls");
    }

    #[test]
    fn a_failing_or_panicking_call_fails_its_group_and_the_next_calls_work() {
        let batcher = Batcher::new(BatchConfig::default());
        assert_eq!(batcher.run(vec![1], |_| Err::<Vec<u32>, _>("no".to_owned())), Err("no".to_owned()));
        let panicked = batcher.run(vec![1], |_| -> Result<Vec<u32>, String> { panic!("inside the model") });
        assert_eq!(panicked, Err("the model call panicked".to_owned()));
        assert_eq!(batcher.run(vec![1, 2], |_| Ok(vec![0])), Err("the model gave 1 outputs for 2 rows".to_owned()));
        assert_eq!(batcher.run(vec![5], doubled), Ok(vec![10]));
    }
}
