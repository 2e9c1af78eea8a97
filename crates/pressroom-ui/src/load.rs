//! Loading, without the browser: why data could not be shown ([`LoadError`]), which
//! answers are retried and when, how progress reads, and the fingerprint that tells a
//! changed bundle. The shell does the requests; these rules are tested natively.

use pressroom_core::BundleError;
use thiserror::Error;

/// The largest bundle the app reads unless the page says otherwise
/// (`<meta name="pressroom-max-bytes">`): 64 MiB, like the command line. Past the wasm
/// memory limit the app would trap; past this it says why instead.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why the data could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The request did not complete (DNS, CORS, blocked, connection refused).
    #[error("could not fetch the releases from {url}: {message}")]
    Network {
        /// The URL.
        url: String,
        /// The browser's message.
        message: String,
    },
    /// The request failed while the browser says it is offline.
    #[error("your browser is offline: the releases could not be fetched from {url}; reconnect, then Retry")]
    Offline {
        /// The URL.
        url: String,
    },
    /// Nothing arrived for too long.
    #[error("no answer from {url} for {} (timed out); the server may be slow or down", format_delay(u64::from(*timeout_ms)))]
    Timeout {
        /// The URL.
        url: String,
        /// The idle limit that was reached.
        timeout_ms: u32,
    },
    /// The server answered with an error status.
    #[error("the server answered {status} {status_text} for {url}")]
    Status {
        /// The URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// HTTP status text.
        status_text: String,
    },
    /// The server kept answering with a retryable status (5xx, 429).
    #[error("the server answered {status} {status_text} for {url} {}{}", times(*attempts), retry_after_note(*retry_after_ms))]
    Unavailable {
        /// The URL.
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
    /// The bundle is larger than the app reads.
    #[error("{url} is {} or more, larger than the {} this site reads (the limit is set by <meta name=\"pressroom-max-bytes\">)", format_bytes(*size), format_bytes(*limit))]
    TooLarge {
        /// The URL.
        url: String,
        /// Its size as announced or read so far.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A file of a sharded archive is unusable: corrupt, truncated, stale or not the file
    /// that was meant.
    #[error("the data file {file} cannot be used: {problem}")]
    Data {
        /// The file.
        file: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The search engine could not be loaded, or answered with an error.
    #[error("search is not available: {problem}")]
    Search {
        /// What went wrong.
        problem: String,
    },
    /// The bundle is not readable.
    #[error("{url}: {source}")]
    Bundle {
        /// The URL.
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

/// The size to report when a body is over `limit`: the announced `Content-Length` when it
/// already says so (nothing needs to be read), else the bytes read so far once they pass
/// it; `None` while the body may still fit. A limit of 0 means no limit.
pub fn over_limit(announced: Option<u64>, loaded: u64, limit: u64) -> Option<u64> {
    if limit == 0 {
        return None;
    }
    match announced {
        Some(size) if size > limit => Some(size),
        _ => (loaded > limit).then_some(loaded),
    }
}

/// The `Range` header that asks for the bytes `range` (HTTP ranges name the last byte).
pub fn range_header(range: &std::ops::Range<usize>) -> String {
    format!("bytes={}-{}", range.start, range.end.saturating_sub(1))
}

/// Whether a 206 answer is the part asked for: its `Content-Range` names exactly `range`
/// (`bytes 10-19/500`), or, where the header is not readable (a cross-origin answer that
/// does not expose it), the body has its length.
pub fn is_part(
    content_range: Option<&str>,
    range: &std::ops::Range<usize>,
    received: usize,
) -> bool {
    let Some(value) = content_range else {
        return received == range.len();
    };
    let span = value
        .trim()
        .strip_prefix("bytes ")
        .and_then(|rest| rest.split('/').next())
        .and_then(|span| span.split_once('-'))
        .and_then(|(a, b)| {
            Some((
                a.trim().parse::<usize>().ok()?,
                b.trim().parse::<usize>().ok()?,
            ))
        });
    span == Some((range.start, range.end.saturating_sub(1))) && received == range.len()
}

/// Retries after the first request: at most 3, so at most 4 requests.
pub const MAX_RETRIES: u32 = 3;

/// A `Retry-After` up to this long is waited for; a longer one ends the retries (the
/// server asked for a pause longer than a reader will watch a spinner).
pub const RETRY_AFTER_LIMIT_MS: u64 = 10_000;

/// Whether an HTTP status is worth retrying: 5xx (the server's or a proxy's trouble)
/// and 429 (too many requests).
pub fn is_retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// `Retry-After` in milliseconds, for its delay-seconds form (`120`). The HTTP-date
/// form, and anything else, gives `None` (the backoff schedule is used instead).
pub fn parse_retry_after(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<u64>().ok().map(|s| s.saturating_mul(1000))
}

/// What to do after a retryable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this many milliseconds, then try again.
    After(u64),
    /// Stop: the retries are used up, or the server asked for too long a pause.
    GiveUp,
}

/// The delay before retry number `retry` (1-based) with exponential backoff and jitter:
/// `base × 2^(retry-1)`, scaled by `0.5 + jitter/2` where `jitter` is in `[0, 1)` (so
/// between half and all of the exponential step, which spreads readers' retries out).
/// A `Retry-After` of at most [`RETRY_AFTER_LIMIT_MS`] is honoured instead; a longer one
/// gives up.
pub fn retry_decision(
    retry: u32,
    base_ms: u32,
    retry_after_ms: Option<u64>,
    jitter: f64,
) -> RetryDecision {
    if retry == 0 || retry > MAX_RETRIES {
        return RetryDecision::GiveUp;
    }
    if let Some(asked) = retry_after_ms {
        return if asked <= RETRY_AFTER_LIMIT_MS {
            RetryDecision::After(asked)
        } else {
            RetryDecision::GiveUp
        };
    }
    let step = u64::from(base_ms).saturating_mul(1 << (retry - 1));
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // `step` is at most u32::MAX × 4, exactly representable in an f64.
    let delay = (step as f64) * (0.5 + jitter / 2.0);
    RetryDecision::After(delay.round() as u64)
}

/// Where a load is, for the loading state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadPhase {
    /// The request is sent; no answer yet.
    #[default]
    Connecting,
    /// Bytes are arriving; `total` is the `Content-Length` when known.
    Receiving {
        /// Bytes read so far.
        loaded: u64,
        /// Bytes announced.
        total: Option<u64>,
    },
    /// A retryable answer came; the next attempt starts after a pause.
    Waiting {
        /// The status that will be retried.
        status: u16,
        /// The attempt that will be made (2 = the first retry).
        attempt: u32,
        /// The pause in milliseconds.
        delay_ms: u64,
    },
}

/// The loading state's progress line.
pub fn progress_text(phase: LoadPhase) -> String {
    match phase {
        LoadPhase::Connecting => "Connecting…".to_owned(),
        LoadPhase::Receiving { loaded, total } => match total {
            // A compressed body's Content-Length is smaller than the bytes read.
            Some(total) if total >= loaded && total > 0 => {
                format!("Loaded {} of {}", format_bytes(loaded), format_bytes(total))
            }
            _ => format!("Loaded {}", format_bytes(loaded)),
        },
        LoadPhase::Waiting {
            status,
            attempt,
            delay_ms,
        } => format!(
            "The server answered {status}; trying again in {} (attempt {attempt} of {})…",
            format_delay(delay_ms),
            MAX_RETRIES + 1
        ),
    }
}

/// Bytes for people: `512 bytes`, `12 KB`, `1.2 MB` (decimal units, as browsers show
/// downloads).
pub fn format_bytes(bytes: u64) -> String {
    const KB: u64 = 1_000;
    const MB: u64 = 1_000_000;
    if bytes < KB {
        let noun = if bytes == 1 { "byte" } else { "bytes" };
        format!("{bytes} {noun}")
    } else if bytes < MB {
        format!("{} KB", (bytes + KB / 2) / KB)
    } else {
        let tenths = (bytes + MB / 20) / (MB / 10);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A delay for people: `250 ms`, `1.3 s`.
pub fn format_delay(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else {
        let tenths = (ms + 50) / 100;
        format!("{}.{} s", tenths / 10, tenths % 10)
    }
}

/// A fingerprint of a bundle's bytes (64-bit FNV-1a), to notice that it changed.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bodies_over_the_limit_are_caught_early() {
        assert_eq!(
            over_limit(Some(100), 0, 50),
            Some(100),
            "announced: stop at once"
        );
        assert_eq!(over_limit(Some(40), 0, 50), None);
        assert_eq!(over_limit(None, 50, 50), None, "exactly the limit fits");
        assert_eq!(over_limit(None, 51, 50), Some(51));
        // A compressed body's Content-Length can be smaller than what arrives.
        assert_eq!(over_limit(Some(10), 60, 50), Some(60));
        assert_eq!(
            over_limit(Some(u64::MAX), u64::MAX, 0),
            None,
            "0 is no limit"
        );
    }

    #[test]
    fn too_large_names_both_sizes() {
        let err = LoadError::TooLarge {
            url: "/releases.json".into(),
            size: 70_000_000,
            limit: DEFAULT_MAX_BYTES,
        };
        assert_eq!(
            err.to_string(),
            "/releases.json is 70.0 MB or more, larger than the 67.1 MB this site reads \
             (the limit is set by <meta name=\"pressroom-max-bytes\">)"
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

    #[test]
    fn a_part_is_what_was_asked_for() {
        let range = 100..200;
        assert_eq!(range_header(&range), "bytes=100-199");
        assert!(is_part(Some("bytes 100-199/5000"), &range, 100));
        assert!(is_part(Some("bytes 100-199/*"), &range, 100));
        assert!(is_part(None, &range, 100), "a header that is not exposed");
        assert!(!is_part(None, &range, 99));
        assert!(
            !is_part(Some("bytes 0-99/5000"), &range, 100),
            "another part"
        );
        assert!(
            !is_part(Some("bytes 100-199/5000"), &range, 60),
            "a short body"
        );
        assert!(!is_part(Some("bytes */5000"), &range, 100));
        assert!(!is_part(Some("items 100-199/5000"), &range, 100));
    }

    #[test]
    fn only_5xx_and_429_are_retried() {
        for status in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable(status), "{status}");
        }
        for status in [200, 304, 400, 401, 403, 404, 410, 428, 600] {
            assert!(!is_retryable(status), "{status}");
        }
    }

    #[test]
    fn retry_after_seconds_only() {
        assert_eq!(parse_retry_after("0"), Some(0));
        assert_eq!(parse_retry_after(" 2 "), Some(2_000));
        assert_eq!(parse_retry_after("120"), Some(120_000));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after(""), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            None,
            "overflow is not a delay"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_between_half_and_all() {
        use RetryDecision::*;
        assert_eq!(retry_decision(1, 500, None, 0.0), After(250));
        assert_eq!(retry_decision(1, 500, None, 0.999_999), After(500));
        assert_eq!(retry_decision(2, 500, None, 0.0), After(500));
        assert_eq!(retry_decision(3, 500, None, 0.5), After(1_500));
        for retry in 1..=MAX_RETRIES {
            let step = 500u64 << (retry - 1);
            for jitter in [0.0, 0.25, 0.5, 0.75, 0.99, -3.0, 7.0, f64::NAN] {
                let After(ms) = retry_decision(retry, 500, None, jitter) else {
                    panic!("retry {retry} should wait");
                };
                assert!(ms >= step / 2 && ms <= step, "retry {retry}: {ms} ms");
            }
        }
    }

    #[test]
    fn at_most_three_retries() {
        assert_eq!(retry_decision(0, 500, None, 0.5), RetryDecision::GiveUp);
        assert_eq!(retry_decision(4, 500, None, 0.5), RetryDecision::GiveUp);
        assert_eq!(retry_decision(4, 500, Some(0), 0.5), RetryDecision::GiveUp);
    }

    #[test]
    fn small_retry_after_is_honoured_large_gives_up() {
        assert_eq!(
            retry_decision(1, 500, Some(2_000), 0.0),
            RetryDecision::After(2_000)
        );
        assert_eq!(
            retry_decision(3, 500, Some(RETRY_AFTER_LIMIT_MS), 0.0),
            RetryDecision::After(RETRY_AFTER_LIMIT_MS)
        );
        assert_eq!(
            retry_decision(1, 500, Some(RETRY_AFTER_LIMIT_MS + 1), 0.0),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn huge_bases_do_not_overflow() {
        assert!(matches!(
            retry_decision(3, u32::MAX, None, 1.0),
            RetryDecision::After(_)
        ));
    }

    #[test]
    fn bytes_for_people() {
        assert_eq!(format_bytes(0), "0 bytes");
        assert_eq!(format_bytes(1), "1 byte");
        assert_eq!(format_bytes(999), "999 bytes");
        assert_eq!(format_bytes(1_000), "1 KB");
        assert_eq!(format_bytes(56_244), "56 KB");
        assert_eq!(format_bytes(999_499), "999 KB");
        assert_eq!(format_bytes(1_200_000), "1.2 MB");
        assert_eq!(format_bytes(5_000_000), "5.0 MB");
        assert_eq!(format_bytes(52_428_800), "52.4 MB");
    }

    #[test]
    fn progress_lines() {
        assert_eq!(progress_text(LoadPhase::Connecting), "Connecting…");
        assert_eq!(
            progress_text(LoadPhase::Receiving {
                loaded: 1_200_000,
                total: Some(5_000_000)
            }),
            "Loaded 1.2 MB of 5.0 MB"
        );
        assert_eq!(
            progress_text(LoadPhase::Receiving {
                loaded: 12_000,
                total: None
            }),
            "Loaded 12 KB"
        );
        assert_eq!(
            progress_text(LoadPhase::Receiving {
                loaded: 9_000,
                total: Some(3_000)
            }),
            "Loaded 9 KB",
            "a compressed length is not a total"
        );
        assert_eq!(
            progress_text(LoadPhase::Waiting {
                status: 503,
                attempt: 2,
                delay_ms: 1_250
            }),
            "The server answered 503; trying again in 1.3 s (attempt 2 of 4)…"
        );
    }

    #[test]
    fn fingerprints_tell_changes() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
        assert_ne!(fingerprint(b""), fingerprint(b" "));
    }
}
