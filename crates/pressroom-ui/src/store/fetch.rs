//! Where the store gets bytes from: a [`Fetch`] that the shell implements with the
//! browser's `fetch` (timeouts, retries) and tests and the site writer implement over
//! files in memory ([`MemoryFetch`]). The store never knows which.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use crate::load::LoadError;

/// A future of the bytes of a URL.
pub type Bytes = Pin<Box<dyn Future<Output = Result<Vec<u8>, LoadError>>>>;

/// Gets the bytes of a URL.
pub trait Fetch: Send + Sync {
    /// The bytes of `url` (a path under the site, or an absolute URL).
    fn get(&self, url: &str) -> Bytes;
}

/// Files in memory, by URL, recording every request (tests, and counting what a reader
/// would download).
#[derive(Debug, Default)]
pub struct MemoryFetch {
    files: HashMap<String, Vec<u8>>,
    requests: Mutex<Vec<String>>,
}

impl MemoryFetch {
    /// Serves `files` (URL, bytes).
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Arc<Self> {
        Arc::new(Self {
            files: files.into_iter().collect(),
            requests: Mutex::new(Vec::new()),
        })
    }

    /// The URLs asked for so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Forgets the requests so far.
    pub fn clear_requests(&self) {
        if let Ok(mut requests) = self.requests.lock() {
            requests.clear();
        }
    }

    /// The bytes of a file it serves.
    pub fn file(&self, url: &str) -> Option<&[u8]> {
        self.files.get(url).map(Vec::as_slice)
    }
}

impl Fetch for MemoryFetch {
    fn get(&self, url: &str) -> Bytes {
        if let Ok(mut requests) = self.requests.lock() {
            requests.push(url.to_owned());
        }
        let result = self
            .files
            .get(url)
            .cloned()
            .ok_or_else(|| LoadError::Status {
                url: url.to_owned(),
                status: 404,
                status_text: "Not Found".to_owned(),
            });
        Box::pin(async move { result })
    }
}

/// Runs a future that never waits on anything outside it (a store over
/// [`MemoryFetch`]) to its end, on this thread; `None` if it waits after all.
pub fn block_on<T>(future: impl Future<Output = T>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return Some(value);
        }
    }
    None
}
