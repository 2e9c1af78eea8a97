//! `cargo xtask test`: every check of the project, then one summary line per suite.
//!
//! Steps (each prints its commands and how long it took; a failing step does not stop the
//! later ones):
//! 1. setup (in-process; the browser and end-to-end suites need its tools);
//! 2. lint: `cargo fmt --all --check`, and the native build of every test target with
//!    clippy's driver as the workspace's compiler ([`crate::test_build`]: lints with
//!    `-D warnings` and builds, compiling each dependency once);
//! 3. native: `cargo test --workspace --locked --exclude pressroom-e2e` on that build;
//! 4. browser: the app's `web` test in headless Chromium through wasm-bindgen-test-runner;
//! 5. end-to-end: the sites of [`e2e_dists`] written by `pressroom site` (root,
//!    `/newsroom/` with the single file, and a generated sharded archive) from one release
//!    app build, which runs in the background from step 2 on; then the end-to-end binary
//!    (`cargo test --workspace --test e2e`) against them, [`E2E_THREADS`] tests at a time.
//!
//! The run fails if any test failed, any suite could not run, or any suite ran no test.

use crate::app;
use crate::cmd::Cmd;
use crate::disk_space;
use crate::dist::{self, CliBuild, DistOptions};
use crate::paths;
use crate::setup::{self, Browser, Needs, Tools};
use crate::test_build::{self, TestBuild};
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
    let target = paths::target_dir(&root);
    let disk = || disk_space::report(&target).or_else(|| disk_space::report(&root));
    if let Some(line) = disk() {
        println!("{line}");
    }

    let tools = step("setup", || setup::ensure(&root, Needs { browser: true }));
    let tools = match tools {
        Ok(tools) => Ok(tools),
        Err(error) => {
            eprintln!("setup failed: {error:#}");
            Err(format!("setup failed: {error:#}"))
        }
    };

    // The release app build runs beside everything up to the end-to-end tests: its long
    // single-threaded steps (fat LTO, one codegen unit, wasm-opt) then overlap their work.
    // The browser tests are built (in their own target dir, so no lock waits for the app
    // build) while the native tests run.
    let (mut results, app, build) = std::thread::scope(|scope| {
        let app = tools.as_ref().ok().map(|tools| {
            println!("== app (release build, in the background)");
            scope.spawn(move || app_build(tools))
        });
        let (lint, build) = step("lint", || lint(&root));
        let mut results = vec![lint];
        let browser_build = tools.as_ref().ok().map(|tools| {
            println!("== browser tests' build (in the background)");
            scope.spawn(move || passes(&browser_cmd(tools).args(["--no-run", "--quiet"])))
        });
        results.push(step("native", || native(&root, &build)));
        if let Some(handle) = browser_build {
            // A failed build shows again, with its errors, in the browser step.
            let _ = handle.join();
        }
        results.push(step("browser", || match &tools {
            Ok(tools) => browser(tools),
            Err(why) => SuiteResult::not_run("browser", why),
        }));
        let app = app.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err("the app build panicked".to_owned()))
        });
        (results, app, build)
    });
    let app_built = matches!(app, Some(Ok(_)));
    results.push(step("end-to-end", || match (&tools, app) {
        (Ok(tools), Some(Ok(started))) => {
            println!("(the app build took {started})");
            end_to_end(tools, &build)
        }
        (Ok(_), Some(Err(why))) => SuiteResult::not_run("end-to-end", &why),
        (Ok(_), None) => SuiteResult::not_run("end-to-end", "the app was not built"),
        (Err(why), _) => SuiteResult::not_run("end-to-end", why),
    }));
    results.push(step("wasm budgets", || match &tools {
        Ok(tools) if app_built => wasm_budgets(tools),
        Ok(_) => SuiteResult::not_run("wasm budgets", "the app was not built"),
        Err(why) => SuiteResult::not_run("wasm budgets", why),
    }));

    println!();
    println!("== summary (after {})", elapsed(started));
    print!("{}", test_results::summary(&results));
    if let Some(line) = disk() {
        println!("{line}");
    }
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

/// Formatting, then the linted build of every native test target; the build the later
/// native commands use (the linted one, or after a lint failure a plain one, so the tests
/// still run).
fn lint(root: &Path) -> (SuiteResult, TestBuild) {
    let fmt_ok = passes(
        &Cmd::new("cargo")
            .cwd(root)
            .args(["fmt", "--all", "--check"]),
    );
    let linted = match test_build::clippy_driver() {
        Some(driver) => {
            let build = TestBuild::linted(&driver);
            passes(&build.build_cmd(root)).then_some(build)
        }
        None => {
            eprintln!("clippy-driver was not found (`rustup component add clippy`)");
            None
        }
    };
    let clippy_ok = linted.is_some();
    let result = SuiteResult {
        name: "lint".to_owned(),
        outcome: Outcome::Lint { fmt_ok, clippy_ok },
    };
    (result, linted.unwrap_or_else(TestBuild::plain))
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

fn native(root: &Path, build: &TestBuild) -> SuiteResult {
    let cmd = Cmd::new("cargo").cwd(root).envs(build.env()).args([
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
    // wasm-bindgen-test-runner leaves the browser's profile (≈95 MiB) in the temporary
    // directory when it stops chromedriver; give it one of ours, emptied before and after.
    let scratch = paths::xtask_state_dir(&tools.root).join("browser-tmp");
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(error) = std::fs::create_dir_all(&scratch) {
        let why = format!("creating {}: {error}", scratch.display());
        return SuiteResult::not_run("browser", &why);
    }
    let cmd = browser_cmd(tools)
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
        .env("TMPDIR", scratch.to_string_lossy());
    let result = test_suite("browser", &cmd);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// `cargo test` of the browser tests, in `target/wasm-test`: apart from the release app
/// build's `target/wasm`, so the two never wait for each other's lock.
fn browser_cmd(tools: &Tools) -> Cmd {
    let target_dir = paths::wasm_test_target_dir(&tools.root);
    tools
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
        .env("CARGO_TARGET_DIR", target_dir.to_string_lossy())
}

/// The release app build every end-to-end site is written from; how long it took, or
/// why it failed.
fn app_build(tools: &Tools) -> Result<String, String> {
    let started = Instant::now();
    let app_dir = app::default_dir(&tools.root);
    match app::build(tools, &app_dir, true) {
        Ok(()) => Ok(elapsed(started)),
        Err(error) => {
            eprintln!("{error:#}");
            Err("the app build failed".to_owned())
        }
    }
}

/// The release wasm's budgets that only a measurement of its code can check (what the
/// search and archive code adds, by stubbing its functions: `wasm_parts`), as one test
/// per budget. File sizes are checked by the end-to-end tests.
fn wasm_budgets(tools: &Tools) -> SuiteResult {
    let name = "wasm budgets";
    match crate::wasm_parts::over_budget(tools) {
        Ok(over) => {
            for line in &over {
                eprintln!("over budget: {line}");
            }
            let failed = over.len();
            let passed = crate::wasm_parts::BUDGETED.len().saturating_sub(failed);
            let verdict = if failed == 0 { "ok" } else { "FAILED" };
            let line = format!(
                "test result: {verdict}. {passed} passed; {failed} failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"
            );
            SuiteResult::from_run(name, &[line], failed == 0, "over budget")
        }
        Err(error) => {
            eprintln!("{error:#}");
            SuiteResult::not_run(name, "measuring the release wasm failed")
        }
    }
}

fn end_to_end(tools: &Tools, build: &TestBuild) -> SuiteResult {
    let Some(Browser {
        chrome,
        chromedriver,
        axe,
    }) = &tools.browser
    else {
        return SuiteResult::not_run("end-to-end", "no browser was set up");
    };
    let mut env = Vec::new();
    let dists = e2e_dists(&tools.root);
    let content = &dists[2].1.content;
    if let Err(error) = crate::gen_bundle::run(ARCHIVE_RELEASES, 5, content, false) {
        eprintln!("{error:#}");
        return SuiteResult::not_run("end-to-end", "generating the archive's content failed");
    }
    for (variable, mut options) in dists {
        options.cargo_env = build.env().to_vec();
        match dist::site(tools, &options) {
            Ok(built) => {
                let dist = std::fs::canonicalize(&built.dist).unwrap_or(built.dist);
                if let Some(single) = built.single_file {
                    let path = std::fs::canonicalize(&single).unwrap_or(single);
                    println!("single file: {}", path.display());
                    env.push((SINGLE_FILE_ENV, path));
                }
                env.push((variable, dist));
            }
            Err(error) => {
                eprintln!("{error:#}");
                return SuiteResult::not_run(
                    "end-to-end",
                    &format!("building {} failed", options.out.display()),
                );
            }
        }
    }
    let threads = format!("--test-threads={E2E_THREADS}");
    let cmd = tools
        .cmd("cargo")
        .envs(build.env())
        .args([
            "test",
            "--workspace",
            "--locked",
            "--test",
            "e2e",
            "--",
            &threads,
        ])
        .env("CHROMEDRIVER", chromedriver.to_string_lossy())
        .env("CHROME", chrome.to_string_lossy())
        .env(AXE_ENV, axe.to_string_lossy());
    let cmd = env.into_iter().fold(cmd, |cmd, (variable, path)| {
        cmd.env(variable, path.to_string_lossy())
    });
    test_suite("end-to-end", &cmd)
}

/// End-to-end tests run at a time. Each has its own copy of a site, server, chromedriver
/// and browser; one test keeps about one core busy, and much of its time is waiting.
pub const E2E_THREADS: usize = 2;

/// The end-to-end tests' variable naming axe-core's script.
pub const AXE_ENV: &str = "PRESSROOM_AXE";

/// The end-to-end tests' variable naming the root dist.
pub const ROOT_DIST_ENV: &str = "PRESSROOM_DIST";
/// … the dist built for `/newsroom/`.
pub const SUBPATH_DIST_ENV: &str = "PRESSROOM_DIST_SUBPATH";
/// … the single file (`pressroom.html` of the sub-path dist).
pub const SINGLE_FILE_ENV: &str = "PRESSROOM_SINGLE_FILE";
/// … the sharded-archive site of a generated archive.
pub const ARCHIVE_DIST_ENV: &str = "PRESSROOM_DIST_ARCHIVE";

/// Releases in the end-to-end archive site: a few blocks, hundreds of packs.
pub const ARCHIVE_RELEASES: usize = 3_000;

/// Its file budget: the data and about 300 pre-rendered pages, so most releases are
/// opened without a pre-rendered page.
pub const ARCHIVE_MAX_FILES: usize = 1_500;

/// The sites the end-to-end tests need, each with the variable that names it, all written
/// by `pressroom site` (the test profile's binary) from one app build: the root one in
/// `target/e2e/root`, and a `/newsroom/` one in `target/e2e/newsroom` that also gets the
/// single file. No `--embed-origin`: the servers' ports are random, so the iframe test
/// writes the origin into its copy of `embed.html`. The site URL comes from the bundle
/// (`https://example.org/`), so the root site gets feeds and absolute canonical links, the
/// sub-path one path canonical links and no feeds.
pub fn e2e_dists(root: &Path) -> Vec<(&'static str, DistOptions)> {
    let e2e = paths::target_dir(root).join("e2e");
    let mut main = DistOptions::new(root, e2e.join("root"));
    main.cli = CliBuild::Dev;
    let mut subpath = DistOptions::new(root, e2e.join("newsroom"));
    subpath.extra = ["--base", "/newsroom/", "--single-file"]
        .map(str::to_owned)
        .to_vec();
    subpath.cli = CliBuild::Dev;
    let mut archive = DistOptions::new(root, e2e.join("archive"));
    archive.content = e2e.join("archive-content.json");
    archive.cli = CliBuild::Dev;
    archive.extra = [
        "--layout",
        "archive",
        "--max-files",
        &ARCHIVE_MAX_FILES.to_string(),
    ]
    .map(str::to_owned)
    .to_vec();
    vec![
        (ROOT_DIST_ENV, main),
        (SUBPATH_DIST_ENV, subpath),
        (ARCHIVE_DIST_ENV, archive),
    ]
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
    fn end_to_end_dists() {
        let root = Path::new("/repo");
        let dists = e2e_dists(root);
        assert_eq!(dists.len(), 3);
        let (variable, main) = &dists[0];
        assert_eq!(*variable, "PRESSROOM_DIST");
        assert_eq!(main.out, Path::new("/repo/target/e2e/root"));
        assert!(main.release && main.extra.is_empty());
        assert_eq!(main.cli, CliBuild::Dev, "no extra compile of the command");
        let (variable, sub) = &dists[1];
        assert_eq!(*variable, "PRESSROOM_DIST_SUBPATH");
        assert_eq!(sub.out, Path::new("/repo/target/e2e/newsroom"));
        assert!(sub.release);
        assert_eq!(sub.extra, ["--base", "/newsroom/", "--single-file"]);
        assert_eq!(
            sub.app_dir(root),
            main.app_dir(root),
            "one app build serves both"
        );
        let (variable, archive) = &dists[2];
        assert_eq!(*variable, "PRESSROOM_DIST_ARCHIVE");
        assert_eq!(archive.out, Path::new("/repo/target/e2e/archive"));
        assert_eq!(
            archive.content,
            Path::new("/repo/target/e2e/archive-content.json")
        );
        assert!(archive
            .extra
            .windows(2)
            .any(|w| w == ["--layout", "archive"]));
        assert_eq!(archive.app_dir(root), main.app_dir(root));
        assert_eq!(
            main.app_dir(root),
            app::default_dir(root),
            "the sites use the app build made in the background"
        );
    }

    #[test]
    fn formats_elapsed_times() {
        let now = Instant::now();
        assert!(elapsed(now).ends_with(" s"));
    }
}
