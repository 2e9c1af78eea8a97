//! `cargo xtask bench` (browser part): the browser benchmark of `benches/browser`
//! (`pressroom-bench-browser`), which drives headless Chromium and compares the app with
//! a vanilla-JS baseline reader and static pages.
//!
//! xtask only prepares what the benchmark reads and runs it; the benchmark's own (heavier)
//! dependencies stay out of xtask:
//!
//! 1. the release app build in `target/app/`, built when it has no `pressroom-app.json`;
//! 2. Chromium and chromedriver (installed from Debian when missing), and what the
//!    search and archive code adds to the wasm ([`crate::wasm_parts`]);
//! 3. the generated bundles `target/bench/bundles/gen-<count>.json`
//!    ([`crate::gen_bundle::generate`], seed 1): the main bundle and the data sizes;
//! 4. the `pressroom` command and the benchmark, release profile, into one folder (the
//!    benchmark finds `pressroom` beside itself), then the run, with extra arguments
//!    passed through.

use crate::cmd::Cmd;
use crate::paths;
use crate::setup::{self, Needs};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Releases in the bundle of the article, list, navigation and memory scenarios.
pub const MAIN_COUNT: usize = 120;

/// The data scenario's sizes (`--quick` leaves out the largest).
pub const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// What the browser benchmark is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BrowserBench {
    /// Quick mode (N=5, one condition, a subset).
    pub quick: bool,
    /// More arguments for `pressroom-bench-browser`.
    pub args: Vec<String>,
}

/// The bundle sizes to generate.
pub fn counts(quick: bool) -> Vec<usize> {
    let sizes = SIZES.iter().copied().filter(|&n| !quick || n < 100_000);
    std::iter::once(MAIN_COUNT).chain(sizes).collect()
}

/// Writes `gen-<count>.json` for every count into `dir`.
fn generate_bundles(dir: &Path, counts: &[usize]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for &count in counts {
        let started = Instant::now();
        let path = dir.join(format!("gen-{count}.json"));
        let json = serde_json::to_vec(&crate::gen_bundle::generate(count, 1))?;
        std::fs::write(&path, &json).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "✓ {} ({}) in {:.1?}",
            path.display(),
            crate::paths::megabytes(json.len()),
            started.elapsed()
        );
    }
    Ok(())
}

/// `cargo` arguments that build the `pressroom` command in the release profile.
fn build_args() -> Vec<String> {
    ["build", "--locked", "--profile", crate::bench::PROFILE]
        .into_iter()
        .chain(["-p", "pressroom-cli", "--bin", "pressroom"])
        .map(str::to_owned)
        .collect()
}

/// `cargo` arguments that run the browser benchmark.
fn run_args(root: &Path, bundles: &Path, bench: &BrowserBench) -> Vec<String> {
    let mut args: Vec<String> = ["run", "--locked", "--profile", crate::bench::PROFILE]
        .into_iter()
        .chain(["-p", "pressroom-bench-browser", "--"])
        .map(str::to_owned)
        .collect();
    args.extend(["--root".to_owned(), root.to_string_lossy().into_owned()]);
    args.extend([
        "--bundles".to_owned(),
        bundles.to_string_lossy().into_owned(),
    ]);
    if bench.quick {
        args.push("--quick".to_owned());
    }
    args.extend(bench.args.iter().cloned());
    args
}

/// Runs the browser benchmark.
pub fn run(bench: &BrowserBench) -> Result<()> {
    let started = Instant::now();
    let root = paths::repo_root();
    crate::bench::ensure_app(&root)?;
    println!("== browser");
    let tools = setup::ensure(&root, Needs { browser: true })?;
    println!("== wasm size by part");
    if let Err(e) = crate::wasm_parts::report(&tools, &crate::wasm_parts::PARTS) {
        println!("  not measured: {e:#}");
    }
    let bundles: PathBuf = paths::target_dir(&root).join("bench").join("bundles");
    println!("== bundles");
    generate_bundles(&bundles, &counts(bench.quick))?;
    println!("== build ({} profile)", crate::bench::PROFILE);
    let mut cargo = Cmd::new("cargo").cwd(&root);
    if let Some(browser) = &tools.browser {
        cargo = cargo
            .env("CHROME", browser.chrome.to_string_lossy())
            .env("CHROMEDRIVER", browser.chromedriver.to_string_lossy());
    }
    cargo
        .clone()
        .args(build_args())
        .run()
        .context("building the `pressroom` command for the browser benchmark")?;
    println!("== browser benchmark");
    cargo.args(run_args(&root, &bundles, bench)).run().context(
        "the browser benchmark failed, or some of its measurements did (see its report)",
    )?;
    println!(
        "browser benchmark (with builds) took {:.1?}",
        started.elapsed()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_leaves_out_the_largest_bundle() {
        assert_eq!(counts(false), [120, 1_000, 10_000, 100_000]);
        assert_eq!(counts(true), [120, 1_000, 10_000]);
    }

    #[test]
    fn runs_the_benchmark_crate_in_the_release_profile() {
        assert_eq!(
            build_args().join(" "),
            "build --locked --profile release -p pressroom-cli --bin pressroom"
        );
        let bench = BrowserBench {
            quick: true,
            args: vec!["--runs".into(), "3".into()],
        };
        assert_eq!(
            run_args(Path::new("/r"), Path::new("/b"), &bench).join(" "),
            "run --locked --profile release -p pressroom-bench-browser -- --root /r --bundles /b --quick --runs 3"
        );
    }
}
