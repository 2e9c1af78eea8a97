//! `cargo xtask test`: every check of the project, then one summary line per suite.
//!
//! Steps (each prints its commands and how long it took; a failing step does not stop the
//! later ones):
//! 1. setup (in-process; the browser and end-to-end suites need its tools);
//! 2. lint: `cargo fmt --all --check`, `cargo clippy --workspace --all-targets --locked`;
//! 3. native: `cargo test --workspace --locked --exclude pressroom-e2e`;
//! 4. browser: the app's `web` test in headless Chromium through wasm-bindgen-test-runner;
//! 5. end-to-end: a release `dist/`, then `cargo test -p pressroom-e2e` against it.
//!
//! The run fails if any test failed, any suite could not run, or any suite ran no test.

use crate::cmd::Cmd;
use crate::dist::{self, DistOptions};
use crate::paths;
use crate::setup::{self, Browser, Needs, Tools};
use crate::test_results::{self, Outcome, SuiteResult};
use crate::toolchain::WASM_TARGET;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Chromium's flags for headless runs as root, without network chatter.
const CHROME_ARGS: [&str; 8] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// `cargo xtask test`: whether everything passed (the summary is the last output).
pub fn run() -> Result<bool> {
    let started = Instant::now();
    let root = paths::repo_root();

    let tools = step("setup", || setup::ensure(&root, Needs { browser: true }));
    let tools = match tools {
        Ok(tools) => Ok(tools),
        Err(error) => {
            eprintln!("setup failed: {error:#}");
            Err(format!("setup failed: {error:#}"))
        }
    };

    let mut results = vec![step("lint", || lint(&root))];
    results.push(step("native", || native(&root)));
    results.push(step("browser", || match &tools {
        Ok(tools) => browser(tools),
        Err(why) => SuiteResult::not_run("browser", why),
    }));
    results.push(step("end-to-end", || match &tools {
        Ok(tools) => end_to_end(tools),
        Err(why) => SuiteResult::not_run("end-to-end", why),
    }));

    println!();
    println!("== summary (after {})", elapsed(started));
    print!("{}", test_results::summary(&results));
    Ok(test_results::all_ok(&results))
}

/// Runs one step between a header and its elapsed time.
fn step<T>(name: &str, body: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    println!();
    println!("== {name}");
    let result = body();
    println!("-- {name} took {}", elapsed(started));
    result
}

fn elapsed(since: Instant) -> String {
    let secs = since.elapsed().as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        format!("{}m {:02}s", (secs / 60.0) as u64, (secs % 60.0) as u64)
    }
}

/// Runs a check with inherited output; a process that cannot start counts as failing.
fn passes(cmd: &Cmd) -> bool {
    match cmd.status() {
        Ok(status) => status.success(),
        Err(error) => {
            eprintln!("{error:#}");
            false
        }
    }
}

fn lint(root: &Path) -> SuiteResult {
    let fmt_ok = passes(
        &Cmd::new("cargo")
            .cwd(root)
            .args(["fmt", "--all", "--check"]),
    );
    let clippy_ok = passes(&Cmd::new("cargo").cwd(root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]));
    SuiteResult {
        name: "lint".to_owned(),
        outcome: Outcome::Lint { fmt_ok, clippy_ok },
    }
}

/// Runs a test command, streaming and capturing its output, and reads its counts.
fn test_suite(name: &str, cmd: &Cmd) -> SuiteResult {
    match cmd.run_tee() {
        Ok(captured) => SuiteResult::from_run(
            name,
            &captured.lines,
            captured.status.success(),
            &captured.status.to_string(),
        ),
        Err(error) => SuiteResult::not_run(name, &format!("{error:#}")),
    }
}

fn native(root: &Path) -> SuiteResult {
    let cmd = Cmd::new("cargo").cwd(root).args([
        "test",
        "--workspace",
        "--locked",
        "--exclude",
        "pressroom-e2e",
    ]);
    test_suite("native", &cmd)
}

fn browser(tools: &Tools) -> SuiteResult {
    let Some(browser) = &tools.browser else {
        return SuiteResult::not_run("browser", "no browser was set up");
    };
    let webdriver_json = match webdriver_json_for(&tools.root, &browser.chrome) {
        Ok(path) => path,
        Err(error) => return SuiteResult::not_run("browser", &format!("{error:#}")),
    };
    let timeout = std::env::var("WASM_BINDGEN_TEST_TIMEOUT").unwrap_or_else(|_| "120".to_owned());
    let cmd = tools
        .wasm_cmd("cargo")
        .args([
            "test",
            "--locked",
            "-p",
            "pressroom",
            "--target",
            WASM_TARGET,
            "--test",
            "web",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", browser.chromedriver.to_string_lossy())
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            webdriver_json.to_string_lossy(),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", timeout)
        .env("PRESSROOM_PUBLIC_URL", "/");
    test_suite("browser", &cmd)
}

fn end_to_end(tools: &Tools) -> SuiteResult {
    let Some(Browser {
        chrome,
        chromedriver,
    }) = &tools.browser
    else {
        return SuiteResult::not_run("end-to-end", "no browser was set up");
    };
    let options = DistOptions {
        release: true,
        public_url: "/".to_owned(),
        // Only `dist::build` runs here (no feeds): the end-to-end tests do not need them.
        base_url: None,
        frame_ancestors: crate::headers::DEFAULT_FRAME_ANCESTORS.to_owned(),
    };
    let dist = match dist::build(tools, &options) {
        Ok(dist) => dist,
        Err(error) => {
            eprintln!("{error:#}");
            return SuiteResult::not_run("end-to-end", "building dist/ failed");
        }
    };
    let dist = std::fs::canonicalize(&dist).unwrap_or(dist);
    let cmd = tools
        .cmd("cargo")
        .args([
            "test",
            "--locked",
            "-p",
            "pressroom-e2e",
            "--",
            "--test-threads=1",
        ])
        .env("PRESSROOM_DIST", dist.to_string_lossy())
        .env("CHROMEDRIVER", chromedriver.to_string_lossy())
        .env("CHROME", chrome.to_string_lossy());
    test_suite("end-to-end", &cmd)
}

/// The `webdriver.json` wasm-bindgen-test-runner reads for Chromium's binary and flags
/// (by default from the crate directory, i.e. the repository root).
pub fn webdriver_config(chrome: &str) -> serde_json::Value {
    serde_json::json!({
        "goog:chromeOptions": {
            "binary": chrome,
            "args": CHROME_ARGS,
        }
    })
}

/// The `webdriver.json` for `chrome`: the committed one beside `Cargo.toml` when it names
/// this Chromium, else one generated into `target/xtask/`. wasm-bindgen-test-runner is
/// pointed at it with `WASM_BINDGEN_TEST_WEBDRIVER_JSON`, so the committed file never
/// changes.
fn webdriver_json_for(root: &Path, chrome: &Path) -> Result<PathBuf> {
    let committed = root.join("webdriver.json");
    let wanted = webdriver_config(&chrome.to_string_lossy());
    let current = std::fs::read(&committed)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    if current.as_ref() == Some(&wanted) {
        return Ok(committed);
    }
    let generated = paths::xtask_state_dir(root).join("webdriver.json");
    if let Some(dir) = generated.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(&wanted)? + "\n";
    std::fs::write(&generated, text).with_context(|| format!("writing {}", generated.display()))?;
    println!(
        "{} names another Chromium; using {} for {}",
        committed.display(),
        generated.display(),
        chrome.display()
    );
    Ok(generated)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn committed_webdriver_json_matches_the_generated_one() {
        let path = paths::repo_root().join("webdriver.json");
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(committed, webdriver_config(setup::DEFAULT_CHROME));
    }

    #[test]
    fn formats_elapsed_times() {
        let now = Instant::now();
        assert!(elapsed(now).ends_with(" s"));
    }
}
