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
//!    ([`crate::gen_bundle::generate`], seed 1): the main bundle and the data sizes,
//!    each kept while its `gen-<count>.stamp` matches ([`bundle_key`]);
//! 4. the `pressroom` command and the benchmark, release profile, into one folder (the
//!    benchmark finds `pressroom` beside itself), built with the other benchmark binaries
//!    ([`crate::bench::build_binaries`]), then the run, with extra arguments passed
//!    through.

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

/// The generator's sources: a change to them makes every bundle again.
const GENERATOR_SOURCES: [&str; 4] = [
    include_str!("gen_bundle.rs"),
    include_str!("../../crates/pressroom-corpus/src/lib.rs"),
    include_str!("../../crates/pressroom-corpus/src/rng.rs"),
    include_str!("../../crates/pressroom-corpus/src/words.rs"),
];

/// The seed of every generated bundle.
const SEED: u64 = 1;

/// What decides the bytes of `gen-<count>.json`: the count, the seed, the generator's
/// sources and (for a change in the bundle model's JSON) a small bundle's bytes.
fn bundle_key(count: usize) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(format!("count {count} seed {SEED}\n"));
    for source in GENERATOR_SOURCES {
        hash.update(source);
    }
    hash.update(serde_json::to_vec(&crate::gen_bundle::generate(20, SEED))?);
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The stamp beside a bundle: its key and its length.
fn stamp_text(key: &str, len: u64) -> String {
    format!("{key} {len}\n")
}

/// Whether `path` holds the bundle `key` names, as its stamp says.
fn is_current(path: &Path, stamp: &Path, key: &str) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    std::fs::read_to_string(stamp).is_ok_and(|text| text == stamp_text(key, meta.len()))
}

/// Writes `gen-<count>.json` for every count into `dir`, unless the one there is the
/// same (the 100,000-release bundle is 424 MB and takes a minute to generate).
fn generate_bundles(dir: &Path, counts: &[usize]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for &count in counts {
        let started = Instant::now();
        let path = dir.join(format!("gen-{count}.json"));
        let stamp = dir.join(format!("gen-{count}.stamp"));
        let key = bundle_key(count)?;
        if is_current(&path, &stamp, &key) {
            println!("✓ {} (unchanged: kept)", path.display());
            continue;
        }
        let json = serde_json::to_vec(&crate::gen_bundle::generate(count, SEED))?;
        std::fs::write(&path, &json).with_context(|| format!("writing {}", path.display()))?;
        std::fs::write(&stamp, stamp_text(&key, json.len() as u64))
            .with_context(|| format!("writing {}", stamp.display()))?;
        println!(
            "✓ {} ({}) in {:.1?}",
            path.display(),
            crate::paths::megabytes(json.len()),
            started.elapsed()
        );
    }
    Ok(())
}

/// The browser benchmark's arguments.
fn run_args(root: &Path, bundles: &Path, bench: &BrowserBench) -> Vec<String> {
    let mut args = vec![
        "--root".to_owned(),
        root.to_string_lossy().into_owned(),
        "--bundles".to_owned(),
        bundles.to_string_lossy().into_owned(),
    ];
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
    crate::bench::build_binaries(&root)?;
    println!("== browser benchmark");
    let mut benchmark = Cmd::new(crate::bench::binary(&root, "pressroom-bench-browser")).cwd(&root);
    if let Some(browser) = &tools.browser {
        benchmark = benchmark
            .env("CHROME", browser.chrome.to_string_lossy())
            .env("CHROMEDRIVER", browser.chromedriver.to_string_lossy());
    }
    benchmark
        .args(run_args(&root, &bundles, bench))
        .run()
        .context(
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
    fn a_bundle_is_kept_only_while_its_stamp_matches() {
        let dir = paths::target_dir(&paths::repo_root()).join("xtask-test-bundles");
        let _ = std::fs::remove_dir_all(&dir);
        let generated = generate_bundles(&dir, &[30]);
        assert!(generated.is_ok(), "{generated:?}");
        let path = dir.join("gen-30.json");
        let stamp = dir.join("gen-30.stamp");
        let key = bundle_key(30).unwrap_or_default();
        assert!(is_current(&path, &stamp, &key));
        // Another count, or a file that changed size, is not the same bundle.
        assert_ne!(bundle_key(31).unwrap_or_default(), key);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let _ = std::fs::write(&path, &bytes[..bytes.len() / 2]);
        assert!(!is_current(&path, &stamp, &key));
        // Generated again, it holds the whole bundle of 30 releases.
        assert!(generate_bundles(&dir, &[30]).is_ok());
        assert_eq!(std::fs::read(&path).unwrap_or_default(), bytes);
        let bundle: serde_json::Value =
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        let releases = bundle.get("releases").and_then(|r| r.as_array());
        assert_eq!(releases.map(Vec::len), Some(30));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn quick_leaves_out_the_largest_bundle() {
        assert_eq!(counts(false), [120, 1_000, 10_000, 100_000]);
        assert_eq!(counts(true), [120, 1_000, 10_000]);
    }

    #[test]
    fn passes_the_benchmark_its_folders_and_the_extra_arguments() {
        let bench = BrowserBench {
            quick: true,
            args: vec!["--runs".into(), "3".into()],
        };
        assert_eq!(
            run_args(Path::new("/r"), Path::new("/b"), &bench).join(" "),
            "--root /r --bundles /b --quick --runs 3"
        );
    }
}
