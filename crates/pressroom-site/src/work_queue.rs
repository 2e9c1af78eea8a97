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

    /// A job that counts its calls and fails at item 10; with `slow`, each other item
    /// takes a little time, as real ones do: with empty jobs, another thread could finish
    /// every item while the failing one is descheduled between its job and the stop
    /// (seen under load).
    fn failing_at_ten(done: &AtomicUsize, slow: bool) -> impl Fn(&usize) -> Result<()> + Sync + '_ {
        move |i| {
            done.fetch_add(1, Ordering::Relaxed);
            if *i == 10 {
                return Err(anyhow!("item {i} failed"));
            }
            if slow {
                thread::sleep(std::time::Duration::from_micros(50));
            }
            Ok(())
        }
    }

    #[test]
    fn stops_at_an_error() {
        let items: Vec<usize> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let error = run_all(&items, 2, failing_at_ten(&done, true)).expect_err("fails");
        assert_eq!(error.to_string(), "item 10 failed");
        assert!(done.load(Ordering::Relaxed) < 10_000);
        // One thread stops right at the failing item: 0 to 10.
        let done = AtomicUsize::new(0);
        assert!(run_all(&items, 1, failing_at_ten(&done, false)).is_err());
        assert_eq!(done.load(Ordering::Relaxed), 11);
    }
}
