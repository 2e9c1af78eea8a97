//! One headless Chromium, driven through chromedriver (the end-to-end harness's
//! launcher), where every measured load gets a fresh tab in a fresh browser context: no
//! cache, no storage, no renderer process or compiled code shared with an earlier load.
//!
//! The context is made through the browser's own DevTools endpoint ([`crate::devtools`]:
//! chromedriver refuses `Target.createBrowserContext` on a page), then chromedriver is
//! switched to the new tab and the previous tab and context are thrown away, so only one
//! tab exists (a background tab's frames would be throttled).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::wd::{TimeoutConfiguration, WindowHandle};
use fantoccini::Client;
use pressroom_e2e::driver::ChromeDriver;
use serde_json::{json, Value};

use crate::cdp;
use crate::conditions::Condition;
use crate::devtools::{self, DevTools};

/// The WebDriver limits: scripts (a whole walk of 200 navigations) and page loads.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(600);
const PAGE_LOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// The browser and the tab being measured.
#[derive(Debug)]
pub struct Session {
    client: Client,
    devtools: DevTools,
    /// The current tab's target and context (none while on the session's first tab).
    current: Option<(String, String)>,
    first_tab: Option<String>,
    /// Dropped last: stops chromedriver and the browser.
    _driver: ChromeDriver,
}

/// The browser profile chromedriver starts Chromium with (from the capabilities).
fn profile_dir(driver: &ChromeDriver) -> Result<PathBuf> {
    let capabilities = driver.capabilities()?;
    let args = capabilities["goog:chromeOptions"]["args"]
        .as_array()
        .context("no Chromium arguments in the capabilities")?;
    args.iter()
        .filter_map(Value::as_str)
        .find_map(|a| a.strip_prefix("--user-data-dir="))
        .map(PathBuf::from)
        .context("no --user-data-dir in the Chromium arguments")
}

impl Session {
    /// Starts chromedriver and Chromium, and opens the browser's DevTools endpoint.
    pub async fn start() -> Result<Self> {
        let driver = ChromeDriver::start()?;
        let client = driver.connect().await?;
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(SCRIPT_TIMEOUT),
                Some(PAGE_LOAD_TIMEOUT),
                Some(Duration::ZERO),
            ))
            .await
            .map_err(|e| anyhow!("setting the WebDriver timeouts: {e}"))?;
        let (port, path) = devtools::active_port(&profile_dir(&driver)?)?;
        let devtools = DevTools::connect(port, &path)?;
        let first_tab = client
            .window()
            .await
            .map(String::from)
            .map_err(|e| anyhow!("reading the first tab: {e}"))?;
        Ok(Self {
            client,
            devtools,
            current: None,
            first_tab: Some(first_tab),
            _driver: driver,
        })
    }

    /// The WebDriver client, on the current tab.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens a new tab in a new browser context under `condition`, with `probe` injected
    /// before every document, and makes it the only tab.
    pub async fn fresh_tab(&mut self, condition: Condition, probe: &str) -> Result<()> {
        let context = self
            .devtools
            .call("Target.createBrowserContext", json!({}))?["browserContextId"]
            .as_str()
            .map(str::to_owned)
            .context("Target.createBrowserContext gave no id")?;
        let target = self.devtools.call(
            "Target.createTarget",
            json!({ "url": "about:blank", "browserContextId": context }),
        )?["targetId"]
            .as_str()
            .map(str::to_owned)
            .context("Target.createTarget gave no id")?;
        self.switch_to(&target).await?;
        let old = self.current.replace((target, context));
        self.close_old(old)?;
        cdp::emulate(&self.client, condition).await?;
        cdp::add_script(&self.client, probe).await
    }

    async fn switch_to(&self, target: &str) -> Result<()> {
        let mut last = None;
        // chromedriver learns of new targets as they appear: retry briefly.
        for _ in 0..40 {
            let handle = WindowHandle::try_from(target.to_owned())
                .map_err(|e| anyhow!("not a window handle: {target}: {e}"))?;
            match self.client.switch_to_window(handle).await {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        bail!(
            "chromedriver could not switch to the new tab {target}: {}",
            last.map(|e| e.to_string()).unwrap_or_default()
        )
    }

    fn close_old(&mut self, old: Option<(String, String)>) -> Result<()> {
        if let Some(first) = self.first_tab.take() {
            self.devtools
                .call("Target.closeTarget", json!({ "targetId": first }))?;
        }
        if let Some((target, context)) = old {
            self.devtools
                .call("Target.closeTarget", json!({ "targetId": target }))?;
            self.devtools.call(
                "Target.disposeBrowserContext",
                json!({ "browserContextId": context }),
            )?;
        }
        Ok(())
    }

    /// Navigates the current tab (returns once the page's `load` event fired).
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .map_err(|e| anyhow!("opening {url}: {e}"))
    }

    /// Runs `script` (a function body; a returned promise is awaited) in the page.
    pub async fn run(&self, script: &str) -> Result<Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .map_err(|e| anyhow!("{e}"))
    }

    /// Closes the session (chromedriver and the browser stop when it is dropped).
    pub async fn close(self) -> Result<()> {
        self.client
            .close()
            .await
            .map_err(|e| anyhow!("closing the browser session: {e}"))
    }
}
