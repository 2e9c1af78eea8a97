//! One browser session with the helpers the tests use.
//!
//! Every wait polls (every 100 ms, up to [`Browser::timeout`], 20 s by default or
//! `PRESSROOM_E2E_TIMEOUT_SECS`) and, when it gives up, says what it waited for, what
//! it saw last, the URL and the start of the page's text, so that a failure reads as
//! a bug report. Elements are looked up again on every poll, so a re-render never
//! leaves a test holding a stale element.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::console::{read_browser_log, LogEntry};

const POLL: Duration = Duration::from_millis(100);

/// How many times an element read is looked up again when it went stale.
const STALE_RETRIES: u32 = 3;

/// Percent-decodes a URL path or `href` (Korean slugs arrive encoded).
pub fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A WebDriver session on the app being served at `base_url`.
#[derive(Debug)]
pub struct Browser {
    client: Client,
    base_url: String,
    timeout: Duration,
    console: Vec<LogEntry>,
}

impl Browser {
    /// Wraps a session; `base_url` is `http://127.0.0.1:<port>` (no trailing slash).
    pub fn new(client: Client, base_url: String) -> Self {
        let timeout = std::env::var("PRESSROOM_E2E_TIMEOUT_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs)
            .unwrap_or(Duration::from_secs(20));
        Self {
            client,
            base_url,
            timeout,
            console: Vec::new(),
        }
    }

    /// The fantoccini client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// How long a wait may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The app's base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Loads `path` (e.g. `/releases/x`) of the app: a full page load.
    pub async fn goto(&self, path: &str) -> Result<()> {
        let url = format!("{}{path}", self.base_url);
        self.client
            .goto(&url)
            .await
            .with_context(|| format!("loading {url}"))
    }

    /// Reloads the page.
    pub async fn refresh(&self) -> Result<()> {
        self.client.refresh().await.context("reloading the page")
    }

    /// The browser's Back button.
    pub async fn back(&self) -> Result<()> {
        self.client.back().await.context("going back")
    }

    /// The browser's Forward button.
    pub async fn forward(&self) -> Result<()> {
        self.client.forward().await.context("going forward")
    }

    /// Runs a script and returns its value.
    pub async fn execute(&self, script: &str) -> Result<Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .with_context(|| format!("running the script `{script}`"))
    }

    /// `document.title`.
    pub async fn document_title(&self) -> Result<String> {
        let value = self.execute("return document.title").await?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow!("document.title is not a string: {value}"))
    }

    /// The current URL's path under the app's base (the path of [`Self::base_url`], e.g.
    /// `/newsroom` for a sub-path build), percent-decoded: `/releases/<slug>/`.
    pub async fn path(&self) -> Result<String> {
        let url = self.client.current_url().await.context("reading the URL")?;
        let path = decode(url.path());
        let prefix = url::Url::parse(&self.base_url)
            .map(|base| decode(base.path().trim_end_matches('/')))
            .unwrap_or_default();
        Ok(match path.strip_prefix(&prefix) {
            Some(rest) if !prefix.is_empty() && rest.is_empty() => "/".to_owned(),
            Some(rest) if rest.starts_with('/') => rest.to_owned(),
            _ => path,
        })
    }

    /// The current URL's fragment, percent-decoded, without `#` (empty when none).
    pub async fn fragment(&self) -> Result<String> {
        let url = self.client.current_url().await.context("reading the URL")?;
        Ok(decode(url.fragment().unwrap_or_default()))
    }

    /// Sets `window.__marker = 1`; a full page load clears it.
    pub async fn set_marker(&self) -> Result<()> {
        self.execute("window.__marker = 1; return true").await?;
        Ok(())
    }

    /// Whether `window.__marker` is still 1 (no full page load since [`Self::set_marker`]).
    pub async fn has_marker(&self) -> Result<bool> {
        Ok(self.execute("return window.__marker === 1").await? == Value::Bool(true))
    }

    /// Fails unless the marker survived: the navigation since it was set was done by
    /// the client-side router, not by loading a page.
    pub async fn assert_marker(&self, after: &str) -> Result<()> {
        if !self.has_marker().await? {
            bail!(
                "after {after}, window.__marker is gone: the page was fully reloaded instead of \
                 navigated client-side by the router (URL now {})",
                self.path().await.unwrap_or_default()
            );
        }
        Ok(())
    }

    /// The URL and the start of the page's text, for failure messages.
    pub async fn diagnostics(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .map(|u| decode(u.as_str()))
            .unwrap_or_else(|e| format!("<no URL: {e}>"));
        let text = self
            .execute("return document.body ? document.body.innerText : '<no body>'")
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let text: String = text.chars().take(600).collect();
        format!("URL: {url}\npage text (start): {text:?}")
    }

    /// Polls `probe` until it returns `Some`, or fails after the timeout with
    /// `what`, the last thing seen (from `Err` of the probe) and the diagnostics.
    pub async fn poll<T, F, Fut>(&self, what: &str, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let start = Instant::now();
        let mut last = String::from("nothing yet");
        loop {
            match probe().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last = format!("{e:#}"),
            }
            if start.elapsed() > self.timeout {
                bail!(
                    "timed out after {:?} waiting for {what}; last seen: {last}\n{}",
                    self.timeout,
                    self.diagnostics().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// All elements matching `css` now (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .with_context(|| format!("looking for `{css}`"))
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.poll(&format!("`{css}`"), || async {
            match self.find_all(css).await?.into_iter().next() {
                Some(element) => Ok(Some(element)),
                None => Err(anyhow!("no element matches `{css}`")),
            }
        })
        .await
    }

    /// Waits for an element matching `css` and returns its (rendered) text. An element
    /// that goes stale between finding and reading it (the app taking over a
    /// pre-rendered page swaps the markup) is looked up again.
    pub async fn text(&self, css: &str) -> Result<String> {
        let mut tries = 0;
        loop {
            let element = self.wait_for(css).await?;
            match element.text().await {
                Err(e) if e.is_stale_element_reference() && tries < STALE_RETRIES => tries += 1,
                read => return read.with_context(|| format!("reading the text of `{css}`")),
            }
        }
    }

    /// Waits for an element matching `css` and returns its attribute `name`.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        self.wait_for(css).await?;
        // Read in one script, not through an element reference: the app may swap the
        // element (taking over a pre-rendered page) between finding and reading it.
        let value = self
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                vec![Value::from(css), Value::from(name)],
            )
            .await
            .with_context(|| format!("reading `{name}` of `{css}`"))?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The texts of all elements matching `css` now.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.find_all(css).await? {
            texts.push(element.text().await.context("reading an element's text")?);
        }
        Ok(texts)
    }

    /// Waits until the first element matching `css` has exactly the text `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> Result<()> {
        self.poll(&format!("`{css}` with the text {expected:?}"), || async {
            let Some(element) = self.find_all(css).await?.into_iter().next() else {
                bail!("no element matches `{css}`");
            };
            let text = element.text().await?;
            if text.trim() == expected {
                Ok(Some(()))
            } else {
                Err(anyhow!("text {text:?}"))
            }
        })
        .await
    }

    /// Waits until the focused element is an `h1` with the text `expected` (focus moves
    /// to the new page's heading after a client-side navigation).
    pub async fn wait_focused_heading(&self, expected: &str) -> Result<()> {
        const SCRIPT: &str = "const a = document.activeElement; \
            return a ? [a.tagName, a.textContent.trim()] : ['none', ''];";
        self.poll(&format!("focus on the h1 {expected:?}"), || async {
            let seen = self.execute(SCRIPT).await?;
            let tag = seen.get(0).and_then(|v| v.as_str()).unwrap_or_default();
            let text = seen.get(1).and_then(|v| v.as_str()).unwrap_or_default();
            if tag == "H1" && text == expected {
                Ok(Some(()))
            } else {
                Err(anyhow!("focus on <{tag}> {text:?}"))
            }
        })
        .await
    }

    /// Waits until `document.title` is `expected`.
    pub async fn wait_title(&self, expected: &str) -> Result<()> {
        self.poll(&format!("document.title {expected:?}"), || async {
            let title = self.document_title().await?;
            if title == expected {
                Ok(Some(()))
            } else {
                Err(anyhow!("document.title {title:?}"))
            }
        })
        .await
    }

    /// Waits until the (decoded) URL path is `expected`.
    pub async fn wait_path(&self, expected: &str) -> Result<()> {
        self.poll(&format!("the URL path {expected:?}"), || async {
            let path = self.path().await?;
            if path == expected {
                Ok(Some(()))
            } else {
                Err(anyhow!("path {path:?}"))
            }
        })
        .await
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: usize) -> Result<Vec<Element>> {
        self.poll(&format!("{n} element(s) matching `{css}`"), || async {
            let found = self.find_all(css).await?;
            if found.len() == n {
                Ok(Some(found))
            } else {
                Err(anyhow!("{} element(s)", found.len()))
            }
        })
        .await
    }

    /// Fails if any element matches `css` now.
    pub async fn assert_absent(&self, css: &str, why: &str) -> Result<()> {
        let found = self.find_all(css).await?;
        if let Some(first) = found.first() {
            let text = first.text().await.unwrap_or_default();
            bail!(
                "{why}: expected no `{css}`, found {} (first with text {text:?})\n{}",
                found.len(),
                self.diagnostics().await
            );
        }
        Ok(())
    }

    /// Waits for an element matching `css` and clicks it.
    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking `{css}`"))
    }

    /// Reads the browser log collected since the last call into [`Self::console`].
    pub async fn collect_console(&mut self) -> Result<()> {
        let entries = read_browser_log(&self.client).await?;
        self.console.extend(entries);
        Ok(())
    }

    /// Every browser log entry collected so far.
    pub fn console(&self) -> &[LogEntry] {
        &self.console
    }

    /// Closes the session (and its browser).
    pub async fn close(self) -> Result<()> {
        self.client.close().await.context("closing the session")
    }
}
