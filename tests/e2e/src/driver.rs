//! chromedriver as a child process, and the WebDriver session it opens.
//!
//! - `CHROMEDRIVER` (default `/usr/bin/chromedriver`) is started on a free port of
//!   `127.0.0.1`, in its own process group, with its output in a log file; the
//!   harness waits until `GET /status` answers `ready`.
//! - [`ChromeDriver::connect`] opens a session of headless Chromium (`CHROME`, default
//!   `/usr/bin/chromium`) with a fresh temporary profile and the browser console log
//!   enabled (`goog:loggingPrefs`).
//! - Dropping [`ChromeDriver`] asks chromedriver to shut down (which quits the
//!   browsers it started), then kills its whole process group, so no Chromium is left
//!   behind even when a test panicked before closing its session.

use std::fs::{self, File};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::raw_http::raw_http;
use crate::tempdir::TempDir;

/// How long chromedriver may take to answer `ready`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

/// The Chromium arguments every session gets (plus `--user-data-dir`).
pub const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// A running chromedriver; stopped (with its browsers) on drop.
#[derive(Debug)]
pub struct ChromeDriver {
    child: Child,
    port: u16,
    workdir: TempDir,
    log: PathBuf,
}

fn program(variable: &str, default: &str) -> Result<PathBuf> {
    let path = PathBuf::from(std::env::var_os(variable).unwrap_or_else(|| default.into()));
    if !path.is_file() {
        bail!(
            "{variable} is {} but there is no such file: install it (Debian: `apt-get install chromium chromium-driver`) or set {variable}",
            path.display()
        );
    }
    Ok(path)
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("looking for a free port")?;
    Ok(listener.local_addr().context("reading a free port")?.port())
}

fn log_tail(log: &std::path::Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Waits until the chromedriver `child` on `port` answers `GET /status` with `ready`.
fn wait_ready(child: &mut Child, port: u16, log: &std::path::Path) -> Result<()> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().context("watching chromedriver")? {
            bail!(
                "chromedriver exited ({status}) before it was ready; its output:\n{}",
                log_tail(log)
            );
        }
        if let Ok(answer) = raw_http(port, "GET", "/status", &[], Duration::from_secs(2)) {
            let ready = answer.starts_with("HTTP/1.1 200")
                && answer
                    .split_once("\r\n\r\n")
                    .and_then(|(_, body)| serde_json::from_str::<serde_json::Value>(body).ok())
                    .is_some_and(|v| v["value"]["ready"] == json!(true));
            if ready {
                return Ok(());
            }
        }
        if start.elapsed() > STARTUP_TIMEOUT {
            bail!(
                "chromedriver did not answer ready on 127.0.0.1:{port} within {STARTUP_TIMEOUT:?}; its output:\n{}",
                log_tail(log)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the process group led by `child` (chromedriver and the browsers it started).
fn kill_group(child: &mut Child) {
    let pgid = child.id();
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

impl ChromeDriver {
    /// Starts chromedriver and waits until it is ready.
    pub fn start() -> Result<Self> {
        let binary = program("CHROMEDRIVER", "/usr/bin/chromedriver")?;
        let workdir = TempDir::new("chromedriver")?;
        let log = workdir.path().join("chromedriver.log");
        let out = File::create(&log).context("creating chromedriver's log file")?;

        let mut last_error = None;
        // A port found free can be taken before chromedriver binds it: try a few times.
        for _ in 0..3 {
            let port = free_port()?;
            let mut child = Command::new(&binary)
                .arg(format!("--port={port}"))
                // Chromium's scratch files go with the work directory, which is removed.
                .env("TMPDIR", workdir.path())
                .stdin(Stdio::null())
                .stdout(out.try_clone().context("chromedriver's log file")?)
                .stderr(out.try_clone().context("chromedriver's log file")?)
                .process_group(0)
                .spawn()
                .with_context(|| format!("starting {}", binary.display()))?;
            match wait_ready(&mut child, port, &log) {
                Ok(()) => {
                    return Ok(Self {
                        child,
                        port,
                        workdir,
                        log,
                    })
                }
                Err(e) => {
                    kill_group(&mut child);
                    last_error = Some(e);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("chromedriver did not start")))
    }

    /// chromedriver's URL, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The last lines chromedriver printed.
    pub fn log_tail(&self) -> String {
        log_tail(&self.log)
    }

    /// The capabilities of a session: headless Chromium with a fresh profile and the
    /// browser console log recorded at every level.
    pub fn capabilities(&self) -> Result<serde_json::Map<String, serde_json::Value>> {
        let chrome = program("CHROME", "/usr/bin/chromium")?;
        let profile = self.workdir.path().join("profile");
        fs::create_dir_all(&profile).context("creating the browser profile directory")?;
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome,
                "args": args,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        match capabilities {
            serde_json::Value::Object(map) => Ok(map),
            _ => bail!("capabilities are not a JSON object"),
        }
    }

    /// Opens a WebDriver session (one browser).
    pub async fn connect(&self) -> Result<Client> {
        let capabilities = self.capabilities()?;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "could not open a Chromium session through chromedriver: {e}\nchromedriver's output:\n{}",
                    self.log_tail()
                )
            })?;
        Ok(client)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // chromedriver's /shutdown quits the browsers it started, then exits.
        let _ = raw_http(self.port, "GET", "/shutdown", &[], Duration::from_secs(2));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        kill_group(&mut self.child);
    }
}
