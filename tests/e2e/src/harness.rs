//! Setting up and tearing down one test: dist copy, server, chromedriver, session.
//!
//! Environment:
//! - `PRESSROOM_DIST` (required): the built app (`index.html`, the hashed `.js` and
//!   `_bg.wasm`, `releases.json`). A relative path is tried from the current directory
//!   and then from the workspace root.
//! - `CHROMEDRIVER`, `CHROME`: see [`crate::driver`].
//! - `PRESSROOM_E2E_TIMEOUT_SECS`: one wait's limit (default 20).
//! - `PRESSROOM_E2E_TEST_TIMEOUT_SECS`: one test body's limit (default 240).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::browser::Browser;
use crate::bundle::Expected;
use crate::console::ConsolePolicy;
use crate::driver::ChromeDriver;
use crate::server::{RequestRecord, StaticServer};
use crate::tempdir::{copy_tree, TempDir};

/// What a test body gets.
#[derive(Debug)]
pub struct Ctx {
    /// The browser session.
    pub browser: Browser,
    /// The server of the test's copy of dist.
    pub server: StaticServer,
    /// What the served bundle should show.
    pub expected: Expected,
    /// The served copy of dist; dropped after the server.
    _site: TempDir,
}

impl Ctx {
    /// The served `releases.json`.
    pub fn bundle_file(&self) -> PathBuf {
        self.server.root().join("releases.json")
    }

    /// Deletes the served `releases.json` (the next fetch gets a 404).
    pub fn remove_bundle(&self) -> Result<()> {
        std::fs::remove_file(self.bundle_file()).context("deleting the served releases.json")
    }

    /// Replaces the served `releases.json` with `text`.
    pub fn write_bundle(&self, text: &str) -> Result<()> {
        std::fs::write(self.bundle_file(), text).context("replacing the served releases.json")
    }

    /// Puts the original `releases.json` back.
    pub fn restore_bundle(&self) -> Result<()> {
        self.write_bundle(&self.expected.text)
    }

    /// How many requests for `releases.json` the server has answered.
    pub fn bundle_requests(&self) -> usize {
        self.server
            .requests()
            .iter()
            .filter(|r| {
                r.target
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .ends_with("/releases.json")
            })
            .count()
    }
}

/// Finds the built app from `PRESSROOM_DIST`.
pub fn dist_dir() -> Result<PathBuf> {
    let Some(raw) = std::env::var_os("PRESSROOM_DIST") else {
        bail!(
            "PRESSROOM_DIST is not set. The browser tests need the built app: build it \
             (e.g. `trunk build` into dist/) and run \
             `PRESSROOM_DIST=/path/to/dist cargo test -p pressroom-e2e -- --test-threads=2`. \
             These tests never skip."
        );
    };
    let given = PathBuf::from(&raw);
    let candidates = if given.is_absolute() {
        vec![given.clone()]
    } else {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut c = Vec::new();
        if let Ok(cwd) = std::env::current_dir() {
            c.push(cwd.join(&given));
        }
        c.push(workspace.join(&given));
        c
    };
    let Some(dist) = candidates.iter().find(|c| c.join("index.html").is_file()) else {
        bail!(
            "PRESSROOM_DIST={} has no index.html (looked in {}): build the app first",
            given.display(),
            candidates
                .iter()
                .map(|c| c.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    if !dist.join("releases.json").is_file() {
        bail!(
            "{} has no releases.json: the build must copy the sample bundle into dist",
            dist.display()
        );
    }
    Ok(dist.clone())
}

fn test_timeout() -> Duration {
    std::env::var("PRESSROOM_E2E_TEST_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(240))
}

/// Runs one browser test: sets everything up, runs `body`, checks the console log
/// against `policy`, and tears everything down (also when `body` fails).
pub async fn run<F>(policy: ConsolePolicy, body: F) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a mut Ctx) -> Result<()>,
{
    run_with_headers(Vec::new(), policy, body).await
}

/// Like [`run`], with `headers` (name, value) added to every answer of the server, as a
/// host applying a `/*` rule of `dist/_headers` does (see [`crate::csp`]).
pub async fn run_with_headers<F>(
    headers: Vec<(String, String)>,
    policy: ConsolePolicy,
    body: F,
) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a mut Ctx) -> Result<()>,
{
    let site = shell_site("site")?;
    let expected = Expected::from_dist(site.path())?;
    let server = StaticServer::start_with_headers(site.path(), headers)?;
    let base_url = server.base_url();
    drive(
        base_url,
        policy,
        |browser| Ctx {
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

/// What every browser test does around its body: start chromedriver and a session on
/// `base_url`, make the test's context with `make`, run `body` within the time limit,
/// then take the browser and the server's requests back out with `parts` and
/// [`conclude`]. The rest of the context `parts` returns (the server, the site) lives
/// until the browser's log has been read: the app may still fetch from the server (a
/// revalidation) until the session ends, and a server gone early would be a console
/// error of the test's own making.
pub(crate) async fn drive<C, F, K>(
    base_url: String,
    policy: ConsolePolicy,
    make: impl FnOnce(Browser) -> C,
    body: F,
    parts: impl FnOnce(C) -> (Browser, Vec<RequestRecord>, K),
) -> Result<()>
where
    F: for<'a> AsyncFnOnce(&'a mut C) -> Result<()>,
{
    let driver = ChromeDriver::start()?;
    let client = driver.connect().await?;
    let mut cx = make(Browser::new(client, base_url));
    let outcome = within_time_limit(body(&mut cx)).await;
    let (browser, requests, keep) = parts(cx);
    let result = conclude(outcome, browser, &requests, policy).await;
    drop(driver);
    drop(keep);
    result
}

/// A temporary copy of the root dist (labelled `label`) that serves the unrendered shell
/// (see [`serve_shell_only`]).
pub(crate) fn shell_site(label: &str) -> Result<TempDir> {
    let dist = dist_dir()?;
    let site = TempDir::new(label)?;
    copy_tree(&dist, site.path())
        .with_context(|| format!("copying {} for serving", dist.display()))?;
    serve_shell_only(site.path())?;
    Ok(site)
}

/// Turns a copy of dist into a plain single-page app on a host that rewrites every path
/// to `index.html`: `index.html` becomes the unrendered shell (`404.html`) and the
/// pre-rendered pages go. These tests swap the bundle under the app, which pre-rendered
/// pages (made from the original bundle) would contradict; the pre-rendered hosting modes
/// have their own tests (`tests/hosting.rs`).
pub fn serve_shell_only(site: &Path) -> Result<()> {
    let shell = site.join("404.html");
    if !shell.is_file() {
        return Ok(());
    }
    std::fs::copy(&shell, site.join("index.html")).context("copying 404.html over index.html")?;
    for dir in ["releases", "page"] {
        let dir = site.join(dir);
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    Ok(())
}

/// Runs a test body, failing it when it takes longer than the test time limit.
pub(crate) async fn within_time_limit(
    body: impl std::future::Future<Output = Result<()>>,
) -> Result<()> {
    let limit = test_timeout();
    match tokio::time::timeout(limit, body).await {
        Ok(outcome) => outcome,
        Err(_) => Err(anyhow!("the test took longer than {limit:?}")),
    }
}

/// Ends a browser test: checks the console log against `policy` when the body passed;
/// when anything failed, adds what the browser and the server saw (often the reason: a
/// panic, a 404); closes the browser either way.
pub(crate) async fn conclude(
    outcome: Result<()>,
    mut browser: Browser,
    requests: &[RequestRecord],
    policy: ConsolePolicy,
) -> Result<()> {
    let console = browser.collect_console().await;
    let result = match (outcome, console) {
        (Ok(()), Ok(())) => policy.check(browser.console()),
        (Ok(()), Err(e)) => Err(e),
        (Err(e), _) => {
            let mut report = String::from("browser console:");
            for entry in browser.console() {
                let _ = write!(report, "\n  {entry}");
            }
            report.push_str("\nserver requests:");
            for r in requests.iter().rev().take(30).rev() {
                let _ = write!(report, "\n  {} {} -> {}", r.method, r.target, r.status);
            }
            Err(anyhow!("{e:#}\n\n{report}"))
        }
    };
    if let Ok(Err(e)) = tokio::time::timeout(Duration::from_secs(10), browser.close()).await {
        eprintln!("warning: {e:#}");
    }
    result
}
