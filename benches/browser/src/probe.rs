//! The in-page probe (`probe.js`): what a load waits for ([`Goal`]), the script injected
//! before every document, and the measurements it hands back ([`Loaded`]).
//!
//! Every time is measured in the page, from navigation start (`performance.now()`), so
//! WebDriver's own round trips never count.

use std::time::Duration;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::session::Session;

/// The probe's source.
const PROBE: &str = include_str!("probe.js");

/// What a load is waiting for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// An article's title and body.
    #[serde(rename = "article")]
    Article,
    /// The list's first item.
    #[serde(rename = "list")]
    List,
}

/// What one load waits for: a kind of page, its expected title, and the takeover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// The page.
    pub kind: Kind,
    /// The article's title, or the first list item's (whitespace collapsed).
    pub title: String,
    /// Whether to also wait for the app to take over a pre-rendered page.
    pub takeover: bool,
    /// How long the page may take, in ms.
    #[serde(rename = "timeoutMs")]
    pub timeout_ms: u64,
    /// Where data is: the sharded archive's folder (`/data/`) and the single file
    /// (`releases.json`); everything else is the page's own assets.
    pub data: [String; 2],
}

impl Goal {
    /// A goal of `kind` showing `title` within `timeout`.
    pub fn new(kind: Kind, title: &str, timeout: Duration) -> Self {
        Self {
            kind,
            title: normalize(title),
            takeover: false,
            timeout_ms: timeout.as_millis() as u64,
            data: [
                format!("/{}/", pressroom_core::archive::names::DATA_DIR),
                format!("/{}", pressroom_core::paths::files::BUNDLE),
            ],
        }
    }

    /// The same goal, also waiting for the takeover.
    pub fn with_takeover(mut self, takeover: bool) -> Self {
        self.takeover = takeover;
        self
    }
}

/// Whitespace collapsed and trimmed, as the probe compares titles.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The script injected before every document of a load with `goal`.
pub fn script(goal: &Goal) -> Result<String> {
    let goal = serde_json::to_string(goal).context("the probe's goal")?;
    Ok(format!("window.__benchGoal = {goal};\n{PROBE}"))
}

/// What a settled load measured (times in ms from navigation start).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Loaded {
    /// The goal was in the DOM.
    pub found: Option<f64>,
    /// The frame with the goal was painted.
    pub ready: Option<f64>,
    /// First contentful paint.
    pub fcp: Option<f64>,
    /// Whether `#pressroom` came pre-rendered (only known when the takeover was awaited).
    pub prerendered: Option<bool>,
    /// The app had taken over the pre-rendered page.
    pub takeover: Option<f64>,
    /// Everything awaited had happened.
    pub settled: f64,
    /// The longest main-thread task until then.
    pub longest_task: f64,
    /// Long tasks until then.
    pub long_tasks: u64,
    /// Cumulative layout shift until then (and the probe's quiet 50 ms after).
    pub layout_shift: f64,
    /// Bytes transferred by the takeover (or by `settled` without one).
    pub bytes: f64,
    /// Of those, the data's ([`Goal::data`]).
    pub data_bytes: f64,
    /// Bytes of WebAssembly memory.
    pub wasm_bytes: f64,
    /// What the probe could not observe.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Waits in the page until the load's goal is reached, and reads the measurements.
pub async fn settled(session: &Session) -> Result<Loaded> {
    let value = session
        .run("return await window.__bench.settled();")
        .await
        .context("waiting for the page (is the probe there?)")?;
    serde_json::from_value(value).context("reading the probe's measurements")
}

/// `count` next (or prev) clicks, each timed to the painted article; bounces at the ends
/// when `bounce`.
pub async fn walk(
    session: &Session,
    count: usize,
    direction: &str,
    bounce: bool,
    timeout: Duration,
) -> Result<Vec<f64>> {
    let script = format!(
        "return await window.__bench.walk({count}, {}, {bounce}, {});",
        json!(direction),
        timeout.as_millis()
    );
    let value = session
        .run(&script)
        .await
        .context("clicking through articles")?;
    serde_json::from_value(value).context("reading the click times")
}

/// Follows the list link `selector` until the list starts with `title`; the time in ms.
pub async fn page(
    session: &Session,
    selector: &str,
    title: &str,
    timeout: Duration,
) -> Result<f64> {
    let script = format!(
        "return await window.__bench.page({}, {}, {});",
        json!(selector),
        json!(normalize(title)),
        timeout.as_millis()
    );
    let value = session
        .run(&script)
        .await
        .with_context(|| format!("following {selector}"))?;
    value.as_f64().context("no time from the page")
}

/// A number the probe computes now (`expression` over `window.__bench`).
pub async fn number(session: &Session, expression: &str) -> Result<f64> {
    let value = session
        .run(&format!("return {expression};"))
        .await
        .with_context(|| format!("reading {expression}"))?;
    value
        .as_f64()
        .with_context(|| format!("{expression} is not a number: {value}"))
}

/// The titles of the list items shown.
pub async fn list_titles(session: &Session) -> Result<Vec<String>> {
    let value = session
        .run("return window.__bench.listTitles();")
        .await
        .context("reading the list")?;
    serde_json::from_value(value).context("reading the list's titles")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_goal_is_set_before_the_probe() {
        let goal = Goal::new(Kind::Article, "  A \n title ", Duration::from_secs(2));
        let script = script(&goal.with_takeover(true)).unwrap();
        assert!(script.starts_with(
            "window.__benchGoal = {\"kind\":\"article\",\"title\":\"A title\",\"takeover\":true,\"timeoutMs\":2000,\"data\":[\"/data/\",\"/releases.json\"]};\n"
        ));
        assert!(script.contains("B.settled = async"));
    }

    #[test]
    fn reads_the_measurements() {
        let value = json!({
            "found": 10.0, "ready": 12.5, "fcp": 8.0, "prerendered": true, "takeover": 300.0,
            "settled": 300.0, "longestTask": 55.0, "longTasks": 1, "layoutShift": 0.004, "bytes": 1234.0, "dataBytes": 34.0,
            "wasmBytes": 65536.0, "notes": []
        });
        let loaded: Loaded = serde_json::from_value(value).unwrap();
        assert_eq!(loaded.ready, Some(12.5));
        assert_eq!(loaded.takeover, Some(300.0));
        assert_eq!(loaded.long_tasks, 1);
        assert_eq!(loaded.data_bytes, 34.0);
        assert_eq!(loaded.layout_shift, 0.004);
    }
}
