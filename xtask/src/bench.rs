//! `cargo xtask bench`: times the command-line tool on generated Markdown files against
//! Hugo, and `pressroom site` writing whole sites against Hugo and the disk's floor, with
//! the CLI's own benchmark binary (`pressroom-bench`, whose output is passed through
//! unchanged); then the sharded archive (`pressroom-bench-archive`: transfer at 1k, 10k
//! and 100k releases, search latency, writing 100k and publishing one more).
//!
//! The binaries are built with the `release` profile of the root `Cargo.toml`
//! (`opt-level = 3`, unwinding: a native tool's profile; the wasm has its own,
//! `wasm-release`), all of them (the browser benchmark's too) by one cargo invocation
//! ([`build_binaries`]), and run from the target folder. The `pressroom` binary is built
//! with them because `pressroom-bench` times the real command when it finds it next to
//! itself; the whole-site benchmark needs an app build, made with `cargo xtask app` when
//! `target/app/` has none. Hugo comes from Debian's `hugo` package when it is not on the
//! `PATH`; without it the Hugo comparison is skipped (by `pressroom-bench`).

use crate::cmd::{self, Cmd};
use crate::paths;
use crate::setup::{self, Needs};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The cargo profile the benchmark is built with (defined in the root `Cargo.toml`).
pub const PROFILE: &str = "release";

/// `cargo xtask bench --count N [--site]`, then (or only, with `browser_only`) the
/// browser benchmark ([`crate::bench_browser`]) unless `browser` is `None`.
pub fn run(
    count: u64,
    site: bool,
    browser: Option<&crate::bench_browser::BrowserBench>,
    browser_only: bool,
) -> Result<()> {
    if let (Some(browser), true) = (browser, browser_only) {
        return crate::bench_browser::run(browser);
    }
    let started = Instant::now();
    let root = paths::repo_root();
    println!("== hugo");
    ensure_hugo();
    let app = if site { Some(ensure_app(&root)?) } else { None };
    build_binaries(&root)?;
    println!("== bench ({count} files)");
    let sample = root.join("public").join("releases.json");
    Cmd::new(binary(&root, "pressroom-bench"))
        .cwd(&root)
        .args(bench_args(count, app.as_deref(), &sample))
        .run()
        .context("`pressroom-bench` failed")?;
    println!("== sharded archive (1k, 10k, 100k releases)");
    Cmd::new(binary(&root, "pressroom-bench-archive"))
        .cwd(&root)
        .args(archive_args(&root, app.as_deref()))
        .run()
        .context("`pressroom-bench-archive` failed")?;
    println!("bench took {:.1?} in all", started.elapsed());
    match browser {
        Some(browser) => crate::bench_browser::run(browser),
        None => Ok(()),
    }
}

/// The archive benchmark's arguments: transfer at 1k, 10k and 100k, search latency, and,
/// with an app build, `pressroom site` writing 100k releases and publishing one more.
fn archive_args(root: &Path, app: Option<&Path>) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(app) = app {
        let pressroom = binary(root, "pressroom");
        args.extend(["--app".to_owned(), app.to_string_lossy().into_owned()]);
        args.extend([
            "--pressroom".to_owned(),
            pressroom.to_string_lossy().into_owned(),
        ]);
    }
    args
}

/// The release app build, made when `target/app/` has none or an older one that does
/// not read every data format this version writes.
pub(crate) fn ensure_app(root: &Path) -> Result<PathBuf> {
    let dir = crate::app::default_dir(root);
    let manifest =
        std::fs::read_to_string(dir.join(pressroom_core::names::APP_MANIFEST)).unwrap_or_default();
    let current = pressroom_core::names::APP_READS
        .iter()
        .all(|format| manifest.contains(format));
    if !current {
        println!("== app (for the whole-site benchmark)");
        let tools = setup::ensure(root, Needs { browser: false })?;
        crate::app::build(&tools, &dir, true)?;
    }
    Ok(dir)
}

/// The packages of the benchmark's binaries: `pressroom` and `pressroom-bench`, the
/// archive benchmark and the browser benchmark. One cargo invocation builds them all, so
/// the crates they share are compiled once, with one set of features: built one by one,
/// each with its own features, the core, the views and the site writer were compiled
/// three times after a change (about 2 of the 4 minutes of builds of a run).
const PACKAGES: [&str; 3] = [
    "pressroom-cli",
    "pressroom-bench-archive",
    "pressroom-bench-browser",
];

/// `cargo` arguments that build every benchmark binary.
fn build_args() -> Vec<String> {
    let mut args = vec!["build", "--locked", "--profile", PROFILE];
    for package in PACKAGES {
        args.extend(["-p", package]);
    }
    args.into_iter().map(str::to_owned).collect()
}

/// Builds every benchmark binary (a no-op when they are current).
pub fn build_binaries(root: &Path) -> Result<()> {
    println!("== build ({PROFILE} profile)");
    Cmd::new("cargo")
        .cwd(root)
        .args(build_args())
        .run()
        .context("building the benchmark's binaries")
}

/// The benchmark binary `name`, as [`build_binaries`] leaves it.
pub fn binary(root: &Path, name: &str) -> PathBuf {
    paths::target_dir(root).join(PROFILE).join(name)
}

/// `pressroom-bench`'s arguments: `count` files, and whole sites with the app build `app`
/// (the generated files and `sample`).
fn bench_args(count: u64, app: Option<&Path>, sample: &Path) -> Vec<String> {
    let mut args = vec![count.to_string()];
    if let Some(app) = app {
        args.extend([
            "--app".to_owned(),
            app.to_string_lossy().into_owned(),
            "--sample".to_owned(),
            sample.to_string_lossy().into_owned(),
        ]);
    }
    args
}

/// Makes Hugo available if possible: installs Debian's `hugo` when it is not on the
/// `PATH`. Never fails: without Hugo the benchmark still runs, without the comparison.
fn ensure_hugo() {
    if let Some(hugo) = cmd::which("hugo") {
        let version = Cmd::new(&hugo)
            .arg("version")
            .probe()
            .map(|out| out.trim().to_owned())
            .unwrap_or_default();
        println!("✓ hugo ({}) {version}", hugo.display());
        return;
    }
    println!(
        "hugo is not on PATH: installing Debian's hugo package with apt-get (for the comparison) …"
    );
    match crate::apt::install(&["hugo"], false) {
        Ok(()) if cmd::which("hugo").is_some() => println!("✓ hugo installed"),
        Ok(()) => {
            println!("hugo is still not on PATH after installing: the Hugo comparison is skipped")
        }
        Err(error) => {
            println!("could not install hugo ({error:#}): the Hugo comparison is skipped")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_every_binary_at_once_and_runs_them_from_the_target_folder() {
        assert_eq!(
            build_args().join(" "),
            "build --locked --profile release -p pressroom-cli -p pressroom-bench-archive -p pressroom-bench-browser"
        );
        let root = Path::new("/r");
        assert!(binary(root, "pressroom-bench").ends_with("release/pressroom-bench"));
        assert_eq!(bench_args(250, None, Path::new("/s.json")).join(" "), "250");
        assert_eq!(
            bench_args(250, Some(Path::new("/app")), Path::new("/s.json")).join(" "),
            "250 --app /app --sample /s.json"
        );
        let archive = archive_args(root, Some(Path::new("/app")));
        assert_eq!(archive[..2].join(" "), "--app /app");
        assert!(archive[3].ends_with("release/pressroom"), "{archive:?}");
    }

    #[test]
    fn the_profile_is_defined_in_the_workspace() {
        let manifest = include_str!("../../Cargo.toml");
        let parsed: toml::Table = toml::from_str(manifest).unwrap_or_default();
        let profile = parsed
            .get("profile")
            .and_then(|p| p.get(PROFILE))
            .and_then(toml::Value::as_table);
        let get = |key: &str| profile.and_then(|p| p.get(key)).cloned();
        assert_eq!(
            get("opt-level"),
            Some(toml::Value::from(3)),
            "a speed profile"
        );
        assert_eq!(get("panic"), Some(toml::Value::from("unwind")));
        let wasm = parsed.get("profile").and_then(|p| p.get("wasm-release"));
        assert_eq!(
            wasm.and_then(|w| w.get("opt-level")).cloned(),
            Some(toml::Value::from("z")),
            "the wasm has its own size profile"
        );
    }
}
