//! Runs one job per item on a few threads, stopping at the first error.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use anyhow::{anyhow, Result};

/// The number of threads to use when none is asked for: the machine's parallelism.
pub fn default_threads() -> usize {
    thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Calls `job` on every item, on `threads` threads (at least 1, at most one per item),
/// each taking the next item when done with one. The first error (in time) is returned,
/// and the other threads stop after their current item.
pub fn run_all<T: Sync>(
    items: &[T],
    threads: usize,
    job: impl Fn(&T) -> Result<()> + Sync,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let worker = || -> Result<()> {
        while !failed.load(Ordering::Relaxed) {
            let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            if let Err(error) = job(item) {
                failed.store(true, Ordering::Relaxed);
                return Err(error);
            }
        }
        Ok(())
    };
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return worker();
    }
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        let mut first = Ok(());
        for handle in handles {
            let result = handle
                .join()
                .unwrap_or_else(|_| Err(anyhow!("a pre-rendering thread panicked")));
            if first.is_ok() {
                first = result;
            }
        }
        first
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn every_item_once() {
        let items: Vec<usize> = (0..1000).collect();
        for threads in [0, 1, 3, 5000] {
            let seen = Mutex::new(Vec::new());
            run_all(&items, threads, |i| {
                seen.lock().map_err(|_| anyhow!("poisoned"))?.push(*i);
                Ok(())
            })
            .expect("no error");
            let mut seen = seen.into_inner().expect("not poisoned");
            seen.sort_unstable();
            assert_eq!(seen, items, "{threads} threads");
        }
        run_all::<usize>(&[], 4, |_| Err(anyhow!("never called"))).expect("nothing to do");
    }

    #[test]
    fn stops_at_an_error() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let error = run_all(&items, 2, |i| {
            done.fetch_add(1, Ordering::Relaxed);
            if *i == 10 {
                Err(anyhow!("item {i} failed"))
            } else {
                Ok(())
            }
        })
        .expect_err("fails");
        assert_eq!(error.to_string(), "item 10 failed");
        assert!(done.load(Ordering::Relaxed) < 10_000);
    }
}
