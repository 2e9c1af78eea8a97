//! Fetching the bundle: an `async fn` returning `Result<Store, LoadError>`.
//!
//! - The body is read as a stream of bytes, so the loading state can show progress
//!   ("Loaded 1.2 MB of 5.0 MB") and invalid UTF-8 is reported with its byte position
//!   instead of being replaced silently.
//! - A request with no new byte for [`NetConfig::timeout_ms`] is aborted
//!   (`AbortController`) and reported as a timeout.
//! - 5xx and 429 answers are retried at most [`MAX_RETRIES`] times with exponential
//!   backoff and jitter, honouring a short `Retry-After` (see [`policy`]).
//! - A failed request while `navigator.onLine` is false is reported as "offline".
//!
//! The rules are pure functions in [`policy`]; this module does the browser calls.

pub mod policy;

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use js_sys::{Reflect, Uint8Array};
use pressroom_core::parse::bundle_text;
use pressroom_core::{BundleError, Catalog};
use thiserror::Error;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, RequestCache};

use crate::config::NetConfig;
use crate::store::Store;
pub use policy::{fingerprint, format_bytes, progress_text, LoadPhase, RetryDecision, MAX_RETRIES};
use policy::{format_delay, is_retryable, parse_retry_after, retry_decision};

/// Why the bundle could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The request did not complete (DNS, CORS, blocked, connection refused).
    #[error("could not fetch the releases from {url}: {message}")]
    Network {
        /// The bundle URL.
        url: String,
        /// The browser's message.
        message: String,
    },
    /// The request failed while the browser says it is offline.
    #[error("your browser is offline: the releases could not be fetched from {url}; reconnect, then Retry")]
    Offline {
        /// The bundle URL.
        url: String,
    },
    /// Nothing arrived for too long.
    #[error("no answer from {url} for {} (timed out); the server may be slow or down", format_delay(u64::from(*timeout_ms)))]
    Timeout {
        /// The bundle URL.
        url: String,
        /// The idle limit that was reached.
        timeout_ms: u32,
    },
    /// The server answered with an error status.
    #[error("the server answered {status} {status_text} for {url}")]
    Status {
        /// The bundle URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// HTTP status text.
        status_text: String,
    },
    /// The server kept answering with a retryable status (5xx, 429).
    #[error("the server answered {status} {status_text} for {url} {}{}", times(*attempts), retry_after_note(*retry_after_ms))]
    Unavailable {
        /// The bundle URL.
        url: String,
        /// The last HTTP status.
        status: u16,
        /// Its status text.
        status_text: String,
        /// Requests made.
        attempts: u32,
        /// A `Retry-After` too long to wait for, in milliseconds.
        retry_after_ms: Option<u64>,
    },
    /// The bundle is not readable.
    #[error("{url}: {source}")]
    Bundle {
        /// The bundle URL.
        url: String,
        /// What is wrong with it.
        source: BundleError,
    },
}

fn times(attempts: u32) -> String {
    match attempts {
        1 => "once".to_owned(),
        n => format!("{n} times in a row"),
    }
}

fn retry_after_note(retry_after_ms: Option<u64>) -> String {
    match retry_after_ms {
        Some(ms) => format!(
            " (it asks to wait {} before trying again)",
            format_delay(ms)
        ),
        None => String::new(),
    }
}

/// Fetches and reads the bundle at `url`, reporting progress through `report`.
/// Revalidates with the server each time (`cache: no-cache`), so Retry sees a fixed
/// bundle.
pub async fn load_bundle_with(
    url: String,
    config: NetConfig,
    report: impl Fn(LoadPhase),
) -> Result<Store, LoadError> {
    let mut retry = 0;
    loop {
        report(LoadPhase::Connecting);
        match fetch_once(&url, config.timeout_ms, &report).await? {
            Answer::Body(bytes) => return bundle_from_bytes(&url, &bytes),
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
                            retry_after_ms: retry_after_ms
                                .filter(|ms| *ms > policy::RETRY_AFTER_LIMIT_MS),
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
    match fetch_once(url, config.timeout_ms, &|_| {}).await {
        Ok(Answer::Body(bytes)) if fingerprint(&bytes) != known => {
            bundle_from_bytes(url, &bytes).ok()
        }
        _ => None,
    }
}

/// Reads bundle text into a store.
pub fn bundle_from_text(url: &str, text: &str) -> Result<Store, LoadError> {
    bundle_from_bytes(url, text.as_bytes())
}

/// Reads a bundle's bytes into a store: UTF-8 is checked (with the position of the
/// first invalid byte), then the JSON is parsed, validated and ordered.
pub fn bundle_from_bytes(url: &str, bytes: &[u8]) -> Result<Store, LoadError> {
    let error = |source| LoadError::Bundle {
        url: url.to_owned(),
        source,
    };
    let text = bundle_text(bytes).map_err(error)?;
    Catalog::from_json(text)
        .map(|catalog| Store::new(catalog).with_fingerprint(fingerprint(bytes)))
        .map_err(error)
}

/// What one request gave.
enum Answer {
    /// A 2xx answer's whole body.
    Body(Vec<u8>),
    /// Any other answer (the body is not read).
    Status {
        status: u16,
        status_text: String,
        retry_after_ms: Option<u64>,
    },
}

async fn fetch_once(
    url: &str,
    timeout_ms: u32,
    report: &dyn Fn(LoadPhase),
) -> Result<Answer, LoadError> {
    let watchdog = Watchdog::new(timeout_ms);
    watchdog.arm();
    let sent = Request::get(url)
        .cache(RequestCache::NoCache)
        .abort_signal(watchdog.signal().as_ref())
        .send()
        .await;
    let response = match sent {
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
    report(LoadPhase::Receiving { loaded: 0, total });
    read_body(&response, total, &watchdog, report)
        .await
        .map(Answer::Body)
        .map_err(|message| failure(url, &watchdog, message))
}

/// Reads the body chunk by chunk, re-arming the watchdog and reporting progress.
async fn read_body(
    response: &Response,
    total: Option<u64>,
    watchdog: &Watchdog,
    report: &dyn Fn(LoadPhase),
) -> Result<Vec<u8>, String> {
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    // Trust the announced length for the first allocation only up to 64 MB.
    let capacity = total.unwrap_or(0).min(64 << 20);
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
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        watchdog.arm();
        report(LoadPhase::Receiving {
            loaded: bytes.len() as u64,
            total,
        });
    }
    Ok(bytes)
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
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let (Some(timer), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_errors_name_the_url_and_position() {
        let err = bundle_from_text("/releases.json", "{\"version\": 1,").expect_err("bad");
        let message = err.to_string();
        assert!(message.starts_with("/releases.json: "), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_offset() {
        let err = bundle_from_bytes("/releases.json", b"{\"version\":1,\"site\":\"\xC0\"}")
            .expect_err("invalid UTF-8");
        assert_eq!(
            err.to_string(),
            "/releases.json: the bundle is not valid UTF-8: byte 0xC0 at byte offset 21 \
             (line 1, column 22)"
        );
    }

    #[test]
    fn stores_carry_the_fingerprint_of_their_bytes() {
        let text = r#"{"version":1,"site":{"title":"T"},"releases":[]}"#;
        let store = bundle_from_text("/r.json", text).expect("reads");
        assert_eq!(store.fingerprint(), fingerprint(text.as_bytes()));
    }

    #[test]
    fn status_errors_name_the_status_and_url() {
        let err = LoadError::Status {
            url: "/releases.json".into(),
            status: 404,
            status_text: "Not Found".into(),
        };
        assert_eq!(
            err.to_string(),
            "the server answered 404 Not Found for /releases.json"
        );
    }

    #[test]
    fn network_fault_messages() {
        let unavailable = LoadError::Unavailable {
            url: "/releases.json".into(),
            status: 503,
            status_text: "Service Unavailable".into(),
            attempts: 4,
            retry_after_ms: None,
        };
        assert_eq!(
            unavailable.to_string(),
            "the server answered 503 Service Unavailable for /releases.json 4 times in a row"
        );
        let asked = LoadError::Unavailable {
            url: "/releases.json".into(),
            status: 429,
            status_text: "Too Many Requests".into(),
            attempts: 1,
            retry_after_ms: Some(120_000),
        };
        assert!(asked
            .to_string()
            .ends_with("/releases.json once (it asks to wait 120.0 s before trying again)"));
        let timeout = LoadError::Timeout {
            url: "/releases.json".into(),
            timeout_ms: 20_000,
        };
        assert_eq!(
            timeout.to_string(),
            "no answer from /releases.json for 20.0 s (timed out); the server may be slow or down"
        );
        let offline = LoadError::Offline {
            url: "/releases.json".into(),
        };
        assert!(offline.to_string().starts_with("your browser is offline"));
        assert!(offline.to_string().contains("/releases.json"));
    }
}
