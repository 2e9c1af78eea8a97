//! The Content-Security-Policy tests' helpers: the headers `cargo xtask dist` wrote into
//! `dist/_headers`, and catching CSP violations in the browser.
//!
//! - [`site_wide_headers`] reads the `/*` rule of `dist/_headers` (the Netlify /
//!   Cloudflare Pages format), so the tests serve exactly the policy that ships; serve it
//!   with [`crate::harness::run_with_headers`].
//! - [`watch_violations`] installs a `securitypolicyviolation` listener that runs before
//!   any script of every page the session opens (chromedriver's CDP command
//!   `Page.addScriptToEvaluateOnNewDocument`; such scripts are not subject to the page's
//!   CSP), and records each violation in `sessionStorage`, so a reload keeps them.
//!   [`violations`] reads them back.
//! - [`csp_console_entries`] finds Chromium's own console reports ("Refused to …
//!   because it violates the following Content Security Policy directive …").

use std::fmt;
use std::path::Path;

use crate::session_command::add_script_on_new_document;
use anyhow::{bail, Context, Result};
use fantoccini::Client;
use serde_json::Value;

use crate::browser::Browser;
use crate::console::LogEntry;

/// The `sessionStorage` key the listener writes to.
pub const VIOLATIONS_KEY: &str = "pressroom-e2e-csp-violations";

/// Set to `true` on `window` by the listener, to prove it was installed.
pub const LISTENER_FLAG: &str = "__pressroomE2eCspListener";

/// The `_headers` reader: the site writer's own.
pub use pressroom_site::headers::rules::parse as parse_headers_file;

/// Texts of Chromium's console messages about CSP violations.
pub const CONSOLE_MARKERS: &[&str] = &["Content Security Policy", "Refused to"];

/// The headers of the `/*` rule of `dist/_headers` (what a host sends with every answer).
pub fn site_wide_headers(dist: &Path) -> Result<Vec<(String, String)>> {
    let file = dist.join("_headers");
    let text = std::fs::read_to_string(&file).with_context(|| {
        format!(
            "reading {} (written by `cargo xtask dist`; build dist with it)",
            file.display()
        )
    })?;
    let rules = parse_headers_file(&text).map_err(anyhow::Error::msg)?;
    let Some(rule) = rules.into_iter().find(|r| r.path == "/*") else {
        bail!("{} has no `/*` rule", file.display());
    };
    Ok(rule.headers)
}

/// The value of header `name` (case-insensitive) in `headers`.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The directives of a policy: name → sources.
pub fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_ascii_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_string).collect()))
        })
        .collect()
}

/// One violation the listener recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `effectiveDirective`, e.g. `script-src-attr`.
    pub directive: String,
    /// `blockedURI`: `inline`, `eval`, a URL, …
    pub blocked: String,
    /// `disposition`: `enforce` or `report`.
    pub disposition: String,
    /// `sourceFile:lineNumber`, if known.
    pub source: String,
    /// The page's URL at the time.
    pub page: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} blocked {:?} ({}) at {} on {}",
            self.directive, self.blocked, self.disposition, self.source, self.page
        )
    }
}

/// The listener: records every `securitypolicyviolation` of the document.
fn listener_source() -> String {
    format!(
        r#"(() => {{
  const key = {key:?};
  document.addEventListener('securitypolicyviolation', (e) => {{
    let list = [];
    try {{ list = JSON.parse(sessionStorage.getItem(key) || '[]'); }} catch (_) {{}}
    list.push({{
      directive: String(e.effectiveDirective || e.violatedDirective || ''),
      blocked: String(e.blockedURI || ''),
      disposition: String(e.disposition || ''),
      source: String(e.sourceFile || '') + ':' + String(e.lineNumber || 0),
      page: String(location.href),
    }});
    try {{ sessionStorage.setItem(key, JSON.stringify(list)); }} catch (_) {{}}
  }}, true);
  window[{flag:?}] = true;
}})();"#,
        key = VIOLATIONS_KEY,
        flag = LISTENER_FLAG,
    )
}

/// Installs the violation listener for every document the session opens from now on
/// (call it before the first `goto`).
pub async fn watch_violations(client: &Client) -> Result<()> {
    add_script_on_new_document(client, &listener_source())
        .await
        .context(
            "installing the securitypolicyviolation listener through chromedriver's \
             goog/cdp/execute (Page.addScriptToEvaluateOnNewDocument)",
        )?;
    Ok(())
}

/// Whether the listener runs in the current page.
pub async fn listener_installed(browser: &Browser) -> Result<bool> {
    let value = browser
        .execute(&format!("return window[{LISTENER_FLAG:?}] === true;"))
        .await?;
    Ok(value.as_bool().unwrap_or(false))
}

/// The violations recorded in this tab so far.
pub async fn violations(browser: &Browser) -> Result<Vec<Violation>> {
    let value = browser
        .execute(&format!(
            "return JSON.parse(sessionStorage.getItem({VIOLATIONS_KEY:?}) || '[]');"
        ))
        .await?;
    let Value::Array(items) = value else {
        bail!("the recorded violations are not a JSON array: {value}");
    };
    let text = |item: &Value, key: &str| item[key].as_str().unwrap_or("").to_string();
    Ok(items
        .iter()
        .map(|item| Violation {
            directive: text(item, "directive"),
            blocked: text(item, "blocked"),
            disposition: text(item, "disposition"),
            source: text(item, "source"),
            page: text(item, "page"),
        })
        .collect())
}

/// The console entries that report a CSP violation.
pub fn csp_console_entries(log: &[LogEntry]) -> Vec<&LogEntry> {
    log.iter()
        .filter(|entry| CONSOLE_MARKERS.iter().any(|m| entry.message.contains(m)))
        .collect()
}
