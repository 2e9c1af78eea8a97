//! `cargo xtask dist`: the app build ([`crate::app`]) and then `pressroom site`, the
//! command publishers run, so development and publishing share one code path: the site
//! writer of `crates/pressroom-site`.
//!
//! 1. `cargo xtask app` into `target/app/` (or `target/app-debug/` with `--debug`);
//! 2. the `pressroom` command, built natively (`--release`: the speed profile, not the
//!    wasm's), writes the site from the content (`public/releases.json` unless
//!    `--content` names a bundle or a Markdown folder) into `--out`;
//! 3. the size table of the site.

use crate::app;
use crate::cmd::Cmd;
use crate::paths;
use crate::setup::{self, Needs, Tools};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Which build of the `pressroom` command writes the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CliBuild {
    /// `--release`: optimised for speed (what publishers install).
    Release,
    /// The test profile's binary as `cargo test --workspace --no-run` builds it (with
    /// [`DistOptions::cargo_env`]): in `cargo xtask test` that build is done, so nothing
    /// is compiled again.
    Dev,
}

/// How to build.
#[derive(Debug, Clone)]
pub struct DistOptions {
    /// A release app build (optimised, wasm-opt) or a quicker debug one.
    pub release: bool,
    /// The content: a bundle or a Markdown folder.
    pub content: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Which build of the command writes the site.
    pub cli: CliBuild,
    /// The other options of `pressroom site` (`--base /newsroom/`, `--single-file`, …),
    /// passed on as they are: the command defines them, once.
    pub extra: Vec<String>,
    /// The environment of the cargo command that builds `pressroom`.
    pub cargo_env: Vec<(String, String)>,
}

impl DistOptions {
    /// A release build of the sample content into `out` at `/`.
    pub fn new(root: &Path, out: PathBuf) -> Self {
        Self {
            release: true,
            content: root.join("public").join("releases.json"),
            out,
            cli: CliBuild::Release,
            extra: Vec::new(),
            cargo_env: Vec::new(),
        }
    }

    /// The app build folder this build uses.
    pub fn app_dir(&self, root: &Path) -> PathBuf {
        let release = app::default_dir(root);
        if self.release {
            release
        } else {
            release.with_file_name("app-debug")
        }
    }
}

/// What [`build`] made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The output folder.
    pub dist: PathBuf,
    /// `pressroom.html`, with `--single-file`.
    pub single_file: Option<PathBuf>,
    /// How long each step took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// `cargo xtask dist`.
pub fn run(options: &DistOptions) -> Result<()> {
    let started = Instant::now();
    let root = paths::repo_root();
    println!("== setup");
    let tools = setup::ensure(&root, Needs { browser: false })?;
    println!("== app");
    let app_started = Instant::now();
    app::build(&tools, &options.app_dir(&root), options.release)?;
    let app_took = app_started.elapsed();
    // `pressroom site --sizes` prints what each file weighs (the single file too).
    let mut options = options.clone();
    options.extra.push("--sizes".to_owned());
    let built = site(&tools, &options)?;
    let steps: Vec<String> = std::iter::once(("app", app_took))
        .chain(built.timings.iter().copied())
        .map(|(name, took)| format!("{name} {:.1} s", took.as_secs_f64()))
        .collect();
    println!(
        "dist took {:.1?} in all ({})",
        started.elapsed(),
        steps.join(", ")
    );
    Ok(())
}

/// The `pressroom` binary of `build`, built if needed.
pub fn cli_binary(tools: &Tools, build: CliBuild, env: &[(String, String)]) -> Result<PathBuf> {
    let args: &[&str] = match build {
        CliBuild::Release => &[
            "build",
            "--locked",
            "--release",
            "-p",
            "pressroom-cli",
            "--bin",
            "pressroom",
        ],
        // The whole workspace's test build (which builds the binary for the CLI's tests):
        // the features every other test command of the run resolves.
        CliBuild::Dev => &crate::test_build::BUILD_ARGS,
    };
    tools
        .cmd("cargo")
        .envs(env)
        .args(args)
        .run()
        .context("building the pressroom command")?;
    let profile = match build {
        CliBuild::Release => "release",
        CliBuild::Dev => "debug",
    };
    Ok(paths::target_dir(&tools.root)
        .join(profile)
        .join("pressroom"))
}

/// The arguments of `pressroom site` for `options`.
pub fn site_args(options: &DistOptions, app_dir: &Path) -> Vec<String> {
    let mut args = vec![
        "site".to_owned(),
        options.content.to_string_lossy().into_owned(),
        "--app".to_owned(),
        app_dir.to_string_lossy().into_owned(),
        "--output".to_owned(),
        options.out.to_string_lossy().into_owned(),
    ];
    args.extend(options.extra.iter().cloned());
    args
}

/// Writes the site with `pressroom site` from the app build of `options` (which must
/// exist: [`app::build`]).
pub fn site(tools: &Tools, options: &DistOptions) -> Result<Built> {
    println!("== site");
    let started = Instant::now();
    let binary = cli_binary(tools, options.cli, &options.cargo_env)?;
    let compiled = started.elapsed();
    let written = Instant::now();
    Cmd::new(&binary)
        .cwd(&tools.root)
        .args(site_args(options, &options.app_dir(&tools.root)))
        .run()
        .context("`pressroom site` failed")?;
    let took = written.elapsed();
    let single_file = options
        .extra
        .iter()
        .any(|arg| arg == "--single-file")
        .then(|| options.out.join(pressroom_core::paths::files::SINGLE_FILE));
    Ok(Built {
        dist: options.out.clone(),
        single_file,
        timings: vec![("pressroom build", compiled), ("pressroom site", took)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_every_option_to_pressroom_site() {
        let root = Path::new("/repo");
        let mut options = DistOptions::new(root, PathBuf::from("/out"));
        options.extra = ["--base", "/newsroom/", "--single-file"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(
            site_args(&options, Path::new("/repo/target/app")),
            [
                "site",
                "/repo/public/releases.json",
                "--app",
                "/repo/target/app",
                "--output",
                "/out",
                "--base",
                "/newsroom/",
                "--single-file"
            ]
        );
        assert_eq!(options.app_dir(root), Path::new("/repo/target/app"));
        options.release = false;
        assert_eq!(options.app_dir(root), Path::new("/repo/target/app-debug"));
    }
}
