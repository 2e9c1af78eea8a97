//! The browser's console log, read through chromedriver, and what a test accepts in it.
//!
//! fantoccini has no log API, so the log is read with a raw WebDriver command:
//! chromedriver's `POST /session/{id}/se/log {"type": "browser"}` (and, should that
//! be missing, the older `POST /session/{id}/log`). Each read drains chromedriver's
//! buffer, so [`crate::Browser`] keeps everything it has read.

use std::fmt;

use anyhow::{anyhow, bail, Result};
use fantoccini::Client;
use serde_json::Value;

use crate::session_command::post;

/// One entry of the browser's console log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, `DEBUG`, …
    pub level: String,
    /// Where it came from: `console-api`, `javascript`, `network`, …
    pub source: String,
    /// The text, usually starting with the URL and line it came from.
    pub message: String,
}

impl LogEntry {
    /// Whether this is an error (`SEVERE`).
    pub fn is_severe(&self) -> bool {
        self.level.eq_ignore_ascii_case("SEVERE")
    }
}

impl fmt::Display for LogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} {}] {}", self.level, self.source, self.message)
    }
}

/// Reads and drains the browser log of the session.
pub async fn read_browser_log(client: &Client) -> Result<Vec<LogEntry>> {
    let browser = || serde_json::json!({ "type": "browser" });
    let value = match post(client, "se/log", browser()).await {
        Ok(value) => value,
        Err(first) => post(client, "log", browser())
            .await
            .map_err(|second| {
                anyhow!(
                    "could not read the browser console log (se/log: {first}; log: {second}); the console must be checked"
                )
            })?,
    };
    let Value::Array(items) = value else {
        bail!("the browser log is not a JSON array: {value}");
    };
    Ok(items
        .iter()
        .map(|item| LogEntry {
            level: item["level"].as_str().unwrap_or("").to_string(),
            source: item["source"].as_str().unwrap_or("").to_string(),
            message: item["message"].as_str().unwrap_or("").to_string(),
        })
        .collect())
}

/// What a test accepts in the console log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsolePolicy {
    /// No `SEVERE` entry at all: the normal runs.
    NoErrors,
    /// `SEVERE` entries only when their message contains one of these texts (e.g. the
    /// failed request of `releases.json` in the error tests). A Rust panic or a
    /// JavaScript exception is never accepted.
    AllowErrorsMentioning(Vec<String>),
}

/// Texts that mark a crash of the app, never accepted.
const CRASH_MARKERS: &[&str] = &["panicked at", "RuntimeError", "unreachable", "Uncaught"];

impl ConsolePolicy {
    /// The entries of `log` that break this policy.
    pub fn violations<'a>(&self, log: &'a [LogEntry]) -> Vec<&'a LogEntry> {
        log.iter()
            .filter(|entry| entry.is_severe())
            .filter(|entry| match self {
                Self::NoErrors => true,
                Self::AllowErrorsMentioning(allowed) => {
                    CRASH_MARKERS.iter().any(|m| entry.message.contains(m))
                        || !allowed.iter().any(|a| entry.message.contains(a.as_str()))
                }
            })
            .collect()
    }

    /// Fails, listing the offending entries, when `log` breaks this policy.
    pub fn check(&self, log: &[LogEntry]) -> Result<()> {
        let violations = self.violations(log);
        if violations.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = violations.iter().map(|e| format!("  {e}")).collect();
        bail!(
            "the browser console has {} error(s) ({self:?}):\n{}",
            violations.len(),
            list.join("\n")
        )
    }
}
