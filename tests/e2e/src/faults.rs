//! Running a browser test against the [`FaultyServer`], configuring the app through
//! `<meta>` tags in the served `index.html`, and emulating an offline browser.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::session_command::post;
use anyhow::{anyhow, bail, Result};
use fantoccini::Client;

use crate::browser::Browser;
use crate::bundle::Expected;
use crate::console::ConsolePolicy;
use crate::faulty_server::FaultyServer;
use crate::harness::{drive, shell_site};
use crate::sites::set_meta;
use crate::tempdir::TempDir;

/// What a network-fault test body gets.
#[derive(Debug)]
pub struct FaultCtx {
    /// The browser session.
    pub browser: Browser,
    /// The misbehaving server of the test's copy of dist.
    pub server: FaultyServer,
    /// What the original bundle should show.
    pub expected: Expected,
    _site: TempDir,
}

/// Sets `<meta name=… content=…>` tags in the `<head>` of `root/index.html` (e.g.
/// `pressroom-retry-base-ms`), so the app under test runs with short delays.
pub fn inject_metas(root: &Path, metas: &[(&str, &str)]) -> Result<()> {
    let file = root.join("index.html");
    for (name, content) in metas {
        set_meta(&file, name, content)?;
    }
    Ok(())
}

/// Like [`crate::run`], but serves the dist copy with a [`FaultyServer`] and the
/// `metas` added to its `index.html`.
pub async fn run_with_faults<F>(
    policy: ConsolePolicy,
    metas: &[(&str, &str)],
    body: F,
) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a mut FaultCtx) -> Result<()>,
{
    let site = shell_site("faults")?;
    inject_metas(site.path(), metas)?;
    let expected = Expected::from_dist(site.path())?;
    let server = FaultyServer::start(site.path())?;
    let base_url = server.base_url();
    drive(
        base_url,
        policy,
        |browser| FaultCtx {
            browser,
            server,
            expected,
            _site: site,
        },
        body,
        |cx| {
            let requests = cx.server.requests();
            (cx.browser, requests, (cx.server, cx._site))
        },
    )
    .await
}

/// Emulates an offline (or back online) browser through chromedriver.
pub async fn set_offline(client: &Client, offline: bool) -> Result<()> {
    let conditions = serde_json::json!({
        "network_conditions": {
            "offline": offline,
            "latency": 0,
            "download_throughput": -1,
            "upload_throughput": -1,
        }
    });
    post(client, "chromium/network_conditions", conditions)
        .await
        .map(|_| ())
        .map_err(|e| anyhow!("chromedriver could not set the network conditions: {e}"))
}

/// Waits up to `limit` for an element matching `css` (for loads longer than the
/// browser's usual wait) and returns how long it took.
pub async fn wait_long(browser: &Browser, css: &str, limit: Duration) -> Result<Duration> {
    let start = Instant::now();
    loop {
        if !browser.find_all(css).await?.is_empty() {
            return Ok(start.elapsed());
        }
        if start.elapsed() > limit {
            bail!(
                "`{css}` did not appear within {limit:?}\n{}",
                browser.diagnostics().await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `bytes` as the app writes sizes for people (decimal kilobytes, rounded): `107 KB`.
pub fn kilobytes(bytes: u64) -> String {
    format!("{} KB", (bytes + 500) / 1000)
}
