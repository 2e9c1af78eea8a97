//! `cargo xtask bench`: times the command-line tool on generated Markdown files against
//! Hugo, with the CLI's own benchmark binary (`pressroom-bench`, whose output is passed
//! through unchanged).
//!
//! The binaries are built with the `bench-native` profile of the root `Cargo.toml`
//! (`opt-level = 3`, thin LTO, unwinding): the `release` profile is tuned for the wasm app
//! (`opt-level = "z"`, fat LTO, abort), which is not what a native tool ships with. The
//! `pressroom` binary is built first because `pressroom-bench` also times the real command
//! when it finds it next to itself. Hugo comes from Debian's `hugo` package when it is not
//! on the `PATH`; without it the Hugo comparison is skipped (by `pressroom-bench`).
//! Then [`crate::bench_prerender`] times pre-rendering generated releases to pages.

use crate::cmd::{self, Cmd};
use crate::paths;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::Instant;

/// The cargo profile the benchmark is built with (defined in the root `Cargo.toml`).
pub const PROFILE: &str = "bench-native";

/// `cargo xtask bench --count N --prerender M`.
pub fn run(count: u64, prerender: usize) -> Result<()> {
    let started = Instant::now();
    let root = paths::repo_root();
    println!("== hugo");
    ensure_hugo();
    println!("== build ({PROFILE} profile)");
    native_cargo(&root)
        .args(build_args())
        .run()
        .context("building the `pressroom` binary for the benchmark")?;
    println!("== bench ({count} files)");
    native_cargo(&root)
        .args(run_args(count))
        .run()
        .context("`pressroom-bench` failed")?;
    if prerender > 0 {
        println!("== pre-render ({prerender} releases)");
        crate::bench_prerender::run(&root, prerender)?;
    }
    println!("bench took {:.1?} in all", started.elapsed());
    Ok(())
}

/// A native `cargo` in the repository (no wasm build environment).
fn native_cargo(root: &Path) -> Cmd {
    Cmd::new("cargo").cwd(root)
}

/// `cargo <verb> --locked --profile bench-native -p pressroom-cli --bin <bin>`.
fn cli_cargo_args(verb: &str, bin: &str) -> Vec<String> {
    [
        verb,
        "--locked",
        "--profile",
        PROFILE,
        "-p",
        "pressroom-cli",
        "--bin",
        bin,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// `cargo` arguments that build the `pressroom` binary beside `pressroom-bench`.
fn build_args() -> Vec<String> {
    cli_cargo_args("build", "pressroom")
}

/// `cargo` arguments that run the benchmark on `count` files.
fn run_args(count: u64) -> Vec<String> {
    let mut args = cli_cargo_args("run", "pressroom-bench");
    args.extend(["--".to_owned(), count.to_string()]);
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
    fn builds_and_runs_with_the_native_profile() {
        assert_eq!(
            build_args().join(" "),
            "build --locked --profile bench-native -p pressroom-cli --bin pressroom"
        );
        assert_eq!(
            run_args(250).join(" "),
            "run --locked --profile bench-native -p pressroom-cli --bin pressroom-bench -- 250"
        );
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
        assert_eq!(get("inherits"), Some(toml::Value::from("release")));
        assert_eq!(get("opt-level"), Some(toml::Value::from(3)));
        assert_eq!(get("panic"), Some(toml::Value::from("unwind")));
    }
}
