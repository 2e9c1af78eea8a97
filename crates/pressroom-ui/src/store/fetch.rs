//! Where the store gets bytes from: a [`Fetch`] that the shell implements with the
//! browser's `fetch` (timeouts, retries) and tests and the site writer implement over
//! files in memory ([`MemoryFetch`]). The store never knows which.

use std::collections::HashMap;
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use crate::load::LoadError;

/// A future of the bytes of a URL.
pub type Bytes = Pin<Box<dyn Future<Output = Result<Vec<u8>, LoadError>>>>;

/// What asking for a part of a file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Just the bytes asked for (the server answered the range).
    Range(Vec<u8>),
    /// The whole file (the server does not answer ranges).
    Whole(Vec<u8>),
}

/// A future of a part of a URL, or of the whole of it.
pub type PartBytes = Pin<Box<dyn Future<Output = Result<Part, LoadError>>>>;

/// Gets the bytes of a URL.
pub trait Fetch: Send + Sync {
    /// The bytes of `url` (a path under the site, or an absolute URL).
    fn get(&self, url: &str) -> Bytes;

    /// The bytes `range` of `url` (an HTTP Range request), or the whole file where
    /// ranges are not served.
    fn get_range(&self, url: &str, range: Range<usize>) -> PartBytes {
        let _ = range;
        let whole = self.get(url);
        Box::pin(async move { whole.await.map(Part::Whole) })
    }
}

/// One request: a URL, and the bytes asked for when not all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requested {
    /// The URL.
    pub url: String,
    /// The bytes asked for (`None`: the whole file).
    pub range: Option<Range<usize>>,
}

/// Files in memory, by URL, recording every request (tests, and counting what a reader
/// would download).
#[derive(Debug, Default)]
pub struct MemoryFetch {
    files: HashMap<String, Vec<u8>>,
    requests: Mutex<Vec<Requested>>,
    whole_only: bool,
}

impl MemoryFetch {
    /// Serves `files` (URL, bytes), and parts of them when asked.
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Arc<Self> {
        Arc::new(Self {
            files: files.into_iter().collect(),
            ..Self::default()
        })
    }

    /// Serves `files` as a host without ranges would: always whole.
    pub fn whole_only(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Arc<Self> {
        Arc::new(Self {
            files: files.into_iter().collect(),
            whole_only: true,
            ..Self::default()
        })
    }

    /// The URLs asked for so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requested().into_iter().map(|r| r.url).collect()
    }

    /// The requests so far, in order, with the parts asked for.
    pub fn requested(&self) -> Vec<Requested> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn record(&self, url: &str, range: Option<Range<usize>>) {
        if let Ok(mut requests) = self.requests.lock() {
            requests.push(Requested {
                url: url.to_owned(),
                range,
            });
        }
    }

    fn lookup(&self, url: &str) -> Result<&Vec<u8>, LoadError> {
        self.files.get(url).ok_or_else(|| LoadError::Status {
            url: url.to_owned(),
            status: 404,
            status_text: "Not Found".to_owned(),
        })
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
        self.record(url, None);
        let result = self.lookup(url).cloned();
        Box::pin(async move { result })
    }

    fn get_range(&self, url: &str, range: Range<usize>) -> PartBytes {
        if self.whole_only {
            self.record(url, None);
            let result = self.lookup(url).cloned().map(Part::Whole);
            return Box::pin(async move { result });
        }
        self.record(url, Some(range.clone()));
        let result = self.lookup(url).and_then(|bytes| match bytes.get(range) {
            Some(part) => Ok(Part::Range(part.to_vec())),
            None => Err(LoadError::Status {
                url: url.to_owned(),
                status: 416,
                status_text: "Range Not Satisfiable".to_owned(),
            }),
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
