//! Fetching the data: an `async fn` returning `Result<Store, LoadError>`, and the
//! [`Fetch`] through which the store gets a sharded archive's other files.
//!
//! - The body is read as a stream of bytes, so the loading state can show progress
//!   ("Loaded 1.2 MB of 5.0 MB"), and a body over [`NetConfig::max_bytes`] is refused as
//!   soon as its `Content-Length` or its bytes say so, with a message that names the size
//!   (past the wasm memory limit the app would otherwise trap).
//! - A request with no new byte for [`NetConfig::timeout_ms`] is aborted
//!   (`AbortController`) and reported as a timeout.
//! - 5xx and 429 answers are retried a few times with exponential
//!   backoff and jitter, honouring a short `Retry-After`
//!   ([`pressroom_ui::load::MAX_RETRIES`]).
//! - A failed request while `navigator.onLine` is false is reported as "offline".
//! - The page's data is asked for as soon as its viewer is set up ([`head_start`]), so
//!   the network works while the views are being built; the store's loader then takes
//!   up that request instead of sending another.
//!
//! The rules are pure functions in [`pressroom_ui::load`]; this module does the browser
//! calls, and [`Store::from_bytes`] reads what arrived.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Waker};

use gloo_net::http::{Request, Response};
use js_sys::{Reflect, Uint8Array};
use pressroom_ui::load::{
    fingerprint, is_part, is_retryable, over_limit, parse_retry_after, range_header,
    retry_decision, LoadError, LoadPhase, RetryDecision, RETRY_AFTER_LIMIT_MS,
};
use pressroom_ui::store::fetch::{Bytes, Part, PartBytes};
use pressroom_ui::store::{Fetch, Store};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, RequestCache};

use crate::config::NetConfig;

/// How the data (a bundle or an archive's boot file) is asked for: revalidated with the
/// server each time. [`head_start`] must ask as [`load_store`] does, or the loader would
/// take up a different request than its own.
const DATA_CACHE: RequestCache = RequestCache::NoCache;

/// Fetches and reads the data at `url` (a bundle, or a sharded archive's boot file, whose
/// other files are then fetched by [`BrowserFetch`] as pages need them), reporting
/// progress through `report`. Revalidates with the server each time (`cache: no-cache`),
/// so Retry sees a fixed file.
pub async fn load_store(
    url: String,
    config: NetConfig,
    report: impl Fn(LoadPhase),
) -> Result<Store, LoadError> {
    let sent = take_head_start(&url);
    let (bytes, _) = fetch_with_retries(&url, config, DATA_CACHE, None, sent, &report).await?;
    Store::open(&url, &bytes, Arc::new(BrowserFetch { config }))
        .map(|store| store.with_search_engine(crate::search_engine::source(config)))
}

/// The files of a sharded archive, fetched with the same timeouts, size limit and
/// retries as the data itself. They are named by their content, so the browser's cache
/// may answer without asking the server. A part of a file is asked for with a `Range`
/// header; browsers then ask for it uncompressed.
#[derive(Debug, Clone, Copy)]
pub struct BrowserFetch {
    config: NetConfig,
}

impl BrowserFetch {
    /// Fetches with `config`.
    pub fn new(config: NetConfig) -> Self {
        Self { config }
    }
}

impl Fetch for BrowserFetch {
    fn get(&self, url: &str) -> Bytes {
        let (url, config) = (url.to_owned(), self.config);
        Box::pin(async move {
            fetch_with_retries(&url, config, RequestCache::Default, None, None, &|_| {})
                .await
                .map(|(bytes, _)| bytes)
        })
    }

    fn get_range(&self, url: &str, range: Range<usize>) -> PartBytes {
        let (url, config) = (url.to_owned(), self.config);
        Box::pin(async move {
            let cache = RequestCache::Default;
            let (bytes, received) =
                fetch_with_retries(&url, config, cache, Some(&range), None, &|_| {}).await?;
            match received {
                Received::Part => Ok(Part::Range(bytes)),
                Received::Whole => Ok(Part::Whole(bytes)),
                Received::OtherPart => Err(LoadError::Data {
                    file: url,
                    problem: "the server sent another part than the one asked for".to_owned(),
                }),
            }
        })
    }
}

/// What a successful answer held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Received {
    /// The whole file (200).
    Whole,
    /// The part asked for (206).
    Part,
    /// A part, but not the one asked for.
    OtherPart,
}

/// The body of `url` (or of the part `range` of it), retrying 5xx and 429 answers with
/// backoff; the first attempt is `sent` when that request was sent already.
async fn fetch_with_retries(
    url: &str,
    config: NetConfig,
    cache: RequestCache,
    range: Option<&Range<usize>>,
    mut sent: Option<Sent>,
    report: &dyn Fn(LoadPhase),
) -> Result<(Vec<u8>, Received), LoadError> {
    let url = url.to_owned();
    let mut retry = 0;
    loop {
        report(LoadPhase::Connecting);
        let sent = sent
            .take()
            .unwrap_or_else(|| send(&url, config, cache, range));
        match fetch_once(&url, config, sent, range, report).await? {
            Answer::Body(bytes, received) => return Ok((bytes, received)),
            Answer::Status {
                status,
                status_text,
                retry_after_ms,
            } => {
                if !is_retryable(status) {
                    return Err(LoadError::Status {
                        url,
                        status,
                        status_text,
                    });
                }
                retry += 1;
                match retry_decision(retry, config.retry_base_ms, retry_after_ms, random()) {
                    RetryDecision::After(delay_ms) => {
                        report(LoadPhase::Waiting {
                            status,
                            attempt: retry + 1,
                            delay_ms,
                        });
                        sleep(delay_ms).await;
                    }
                    RetryDecision::GiveUp => {
                        return Err(LoadError::Unavailable {
                            url,
                            status,
                            status_text,
                            attempts: retry,
                            retry_after_ms: retry_after_ms.filter(|ms| *ms > RETRY_AFTER_LIMIT_MS),
                        })
                    }
                }
            }
        }
    }
}

/// Fetches the bundle once, quietly (no retries, no progress), and returns it only when
/// its bytes differ from `known` (a [`fingerprint`]) and it reads without error. Used to
/// notice a bundle that changed while a reader has the page open.
pub async fn fetch_if_changed(url: &str, config: NetConfig, known: u64) -> Option<Store> {
    let sent = send(url, config, DATA_CACHE, None);
    match fetch_once(url, config, sent, None, &|_| {}).await {
        Ok(Answer::Body(bytes, _)) if fingerprint(&bytes) != known => {
            Store::open(url, &bytes, Arc::new(BrowserFetch { config }))
                .ok()
                .map(|store| store.with_search_engine(crate::search_engine::source(config)))
        }
        _ => None,
    }
}

/// What one request gave.
enum Answer {
    /// A 2xx answer's whole body, and whether it is the file or a part of it.
    Body(Vec<u8>, Received),
    /// Any other answer (the body is not read).
    Status {
        status: u16,
        status_text: String,
        retry_after_ms: Option<u64>,
    },
}

/// A request handed to the browser: the countdown that aborts it, and its answer to come.
struct Sent {
    watchdog: Watchdog,
    answer: Pin<Box<dyn Future<Output = Result<Response, gloo_net::Error>>>>,
}

/// Sends a GET of `url` (of the part `range` of it), aborted after `config`'s timeout.
/// The browser gets the request when the answer is first polled.
fn send(url: &str, config: NetConfig, cache: RequestCache, range: Option<&Range<usize>>) -> Sent {
    let watchdog = Watchdog::new(config.timeout_ms);
    watchdog.arm();
    let mut request = Request::get(url).cache(cache);
    if let Some(range) = range {
        request = request.header("Range", &range_header(range));
    }
    let answer = Box::pin(request.abort_signal(watchdog.signal().as_ref()).send());
    Sent { watchdog, answer }
}

thread_local! {
    /// Requests for a viewer's data sent by [`head_start`], by URL, until taken up.
    static HEAD_STARTS: RefCell<Vec<(String, Sent)>> = const { RefCell::new(Vec::new()) };
}

/// Sends the request that [`load_store`] will make for `url` now (unless one is waiting
/// already), so it is under way while the viewer is being built. The first poll hands it
/// to the browser; an answer ready at once (a URL the browser refuses) is not kept, and
/// the loader then asks again and reports it.
pub fn head_start(url: &str, config: NetConfig) {
    HEAD_STARTS.with_borrow_mut(|starts| {
        if starts.iter().any(|(waiting, _)| waiting == url) {
            return;
        }
        let mut sent = send(url, config, DATA_CACHE, None);
        let polled = sent
            .answer
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        if polled.is_pending() {
            starts.push((url.to_owned(), sent));
        }
    });
}

/// The request [`head_start`] sent for `url`, once.
fn take_head_start(url: &str) -> Option<Sent> {
    HEAD_STARTS.with_borrow_mut(|starts| {
        let at = starts.iter().position(|(waiting, _)| waiting == url)?;
        Some(starts.swap_remove(at).1)
    })
}

async fn fetch_once(
    url: &str,
    config: NetConfig,
    sent: Sent,
    range: Option<&Range<usize>>,
    report: &dyn Fn(LoadPhase),
) -> Result<Answer, LoadError> {
    let Sent { watchdog, answer } = sent;
    let response = match answer.await {
        Ok(response) => response,
        Err(err) => return Err(failure(url, &watchdog, err.to_string())),
    };
    let headers = response.headers();
    if !response.ok() {
        return Ok(Answer::Status {
            status: response.status(),
            status_text: response.status_text(),
            retry_after_ms: headers
                .get("retry-after")
                .and_then(|v| parse_retry_after(&v)),
        });
    }
    let total = headers
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_large = |size| LoadError::TooLarge {
        url: url.to_owned(),
        size,
        limit: config.max_bytes,
    };
    if let Some(size) = over_limit(total, 0, config.max_bytes) {
        watchdog.stop();
        return Err(too_large(size));
    }
    report(LoadPhase::Receiving { loaded: 0, total });
    let limit = Limit {
        announced: total,
        max: config.max_bytes,
    };
    let part = response.status() == 206;
    match read_body(&response, limit, &watchdog, report).await {
        Ok(Body::Whole(bytes)) => {
            let received = match range {
                Some(range) if part => {
                    let content_range = headers.get("content-range");
                    if is_part(content_range.as_deref(), range, bytes.len()) {
                        Received::Part
                    } else {
                        Received::OtherPart
                    }
                }
                _ if part => Received::OtherPart,
                _ => Received::Whole,
            };
            Ok(Answer::Body(bytes, received))
        }
        Ok(Body::TooLarge(size)) => Err(too_large(size)),
        Err(message) => Err(failure(url, &watchdog, message)),
    }
}

/// The size limit of one body.
#[derive(Debug, Clone, Copy)]
struct Limit {
    announced: Option<u64>,
    max: u64,
}

/// What reading a body gave.
enum Body {
    Whole(Vec<u8>),
    /// It passed the limit at this many bytes; reading stopped there.
    TooLarge(u64),
}

/// Reads the body chunk by chunk, re-arming the watchdog and reporting progress.
async fn read_body(
    response: &Response,
    limit: Limit,
    watchdog: &Watchdog,
    report: &dyn Fn(LoadPhase),
) -> Result<Body, String> {
    let total = limit.announced;
    let Some(stream) = response.body() else {
        return Ok(Body::Whole(Vec::new()));
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    // Trust the announced length for the first allocation only up to the limit.
    let capacity = total.unwrap_or(0).min(limit.max).min(64 << 20);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let done_key = JsValue::from_str("done");
    let value_key = JsValue::from_str("value");
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(js_message)?;
        let done = Reflect::get(&chunk, &done_key)
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = Reflect::get(&chunk, &value_key).map_err(js_message)?;
        let array: Uint8Array = value
            .dyn_into()
            .map_err(|_| "the body did not arrive as bytes".to_owned())?;
        let start = bytes.len();
        let arrived = start as u64 + u64::from(array.length());
        if let Some(size) = over_limit(None, arrived, limit.max) {
            watchdog.stop();
            let _ = JsFuture::from(reader.cancel()).await;
            return Ok(Body::TooLarge(size));
        }
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        watchdog.arm();
        report(LoadPhase::Receiving {
            loaded: bytes.len() as u64,
            total,
        });
    }
    Ok(Body::Whole(bytes))
}

/// Names a failed request: timeout (our abort), offline, or the browser's message.
fn failure(url: &str, watchdog: &Watchdog, message: String) -> LoadError {
    if watchdog.fired() {
        LoadError::Timeout {
            url: url.to_owned(),
            timeout_ms: watchdog.ms,
        }
    } else if is_offline() {
        LoadError::Offline {
            url: url.to_owned(),
        }
    } else {
        LoadError::Network {
            url: url.to_owned(),
            message,
        }
    }
}

fn js_message(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the body could not be read".to_owned())
}

/// Whether the browser says it has no network.
pub fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

fn random() -> f64 {
    js_sys::Math::random()
}

/// Resolves after `ms` milliseconds (at once without a window).
pub async fn sleep(ms: u64) {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Aborts the request when nothing happened for `ms` milliseconds; [`Watchdog::arm`]
/// restarts the countdown. Cleared on drop.
struct Watchdog {
    controller: Option<AbortController>,
    fired: Rc<Cell<bool>>,
    timer: Cell<Option<i32>>,
    ms: u32,
    on_fire: Closure<dyn FnMut()>,
}

impl Watchdog {
    fn new(ms: u32) -> Self {
        let controller = AbortController::new().ok();
        let fired = Rc::new(Cell::new(false));
        let on_fire = {
            let controller = controller.clone();
            let fired = Rc::clone(&fired);
            Closure::new(move || {
                fired.set(true);
                if let Some(controller) = &controller {
                    controller.abort();
                }
            })
        };
        Self {
            controller,
            fired,
            timer: Cell::new(None),
            ms,
            on_fire,
        }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    fn arm(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(timer) = self.timer.take() {
            window.clear_timeout_with_handle(timer);
        }
        let ms = i32::try_from(self.ms).unwrap_or(i32::MAX);
        self.timer.set(
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    self.on_fire.as_ref().unchecked_ref(),
                    ms,
                )
                .ok(),
        );
    }

    fn fired(&self) -> bool {
        self.fired.get()
    }

    /// Stops the countdown (the request is given up on purpose).
    fn stop(&self) {
        if let (Some(timer), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop();
    }
}
