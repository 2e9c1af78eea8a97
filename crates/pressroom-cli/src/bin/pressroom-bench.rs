//! `pressroom-bench`: times `pressroom build` on 10,000 generated Markdown files and, when
//! `hugo` is on the PATH, Hugo building the same files as a site.
//!
//! Usage: `pressroom-bench [COUNT]` (default 10000). Run it with `cargo xtask bench` for numbers
//! worth quoting (it builds with the `bench-native` profile and installs Hugo if missing).
//!
//! Prints, for each tool, the wall-clock time of a cold and a warm run (the file system
//! cache is warm for both after generation; "cold" is the tool's first run). Pressroom is
//! timed three ways: the library call (`build_bundle`), the library call plus rendering
//! every body to HTML with the core's renderer (the work Hugo also does), and the
//! `pressroom build` binary next to this one, when it has been built.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use pressroom_cli::bench::{generate_content, generate_hugo_site};
use pressroom_cli::build::{build_bundle_with, BuildOptions};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let count: usize = match std::env::args().nth(1) {
        Some(arg) if arg == "--help" || arg == "-h" => {
            println!("usage: pressroom-bench [COUNT]   (default 10000)");
            return Ok(());
        }
        Some(arg) => arg
            .parse()
            .with_context(|| format!("{arg:?} is not a number of files"))?,
        None => 10_000,
    };
    let work = tempfile::Builder::new()
        .prefix("pressroom-bench-")
        .tempdir()?;
    let content = work.path().join("content");
    let started = Instant::now();
    generate_content(&content, count)?;
    println!(
        "generated {count} Markdown files in {:.2} s ({})",
        started.elapsed().as_secs_f64(),
        content.display()
    );

    let options = BuildOptions {
        max_file_bytes: 1024 * 1024,
        progress: false,
    };
    for run in ["cold", "warm"] {
        let started = Instant::now();
        let built = build_bundle_with(&content, &options)?;
        let seconds = started.elapsed().as_secs_f64();
        if !built.report.is_ok() {
            bail!(
                "the generated content has problems: {:?}",
                built.report.errors.first()
            );
        }
        println!(
            "pressroom build (library, {run}): {seconds:.3} s, {:.0} files/s",
            count as f64 / seconds
        );
        if run == "warm" {
            let started = Instant::now();
            let mut html_bytes = 0;
            for release in &built.bundle.releases {
                html_bytes += pressroom_core::markdown::render_default(&release.body).len();
            }
            let render = started.elapsed().as_secs_f64();
            println!(
                "pressroom build + render every body to HTML: {:.3} s ({} KiB of HTML)",
                seconds + render,
                html_bytes / 1024
            );
        }
    }
    if let Some(binary) = sibling("pressroom") {
        let out = work.path().join("releases.json");
        let seconds = time_command(
            Command::new(&binary)
                .arg("build")
                .arg("--quiet")
                .arg(&content)
                .arg("-o")
                .arg(&out),
        )?;
        println!(
            "pressroom build (binary {}): {seconds:.3} s",
            binary.display()
        );
    } else {
        println!("pressroom build (binary): skipped, no `pressroom` next to this binary (cargo build --release -p pressroom-cli)");
    }

    match which("hugo") {
        Some(hugo) => {
            let site = work.path().join("hugo-site");
            generate_hugo_site(&site, count)?;
            let version = Command::new(&hugo).arg("version").output().ok();
            if let Some(version) = version {
                println!("{}", String::from_utf8_lossy(&version.stdout).trim());
            }
            for run in ["cold", "warm"] {
                let public = site.join(format!("public-{run}"));
                let seconds = time_command(
                    Command::new(&hugo)
                        .arg("--source")
                        .arg(&site)
                        .arg("--destination")
                        .arg(&public)
                        .arg("--quiet"),
                )?;
                let pages = count_files(&public, "html");
                println!("hugo ({run}): {seconds:.3} s, {pages} HTML pages");
            }
        }
        None => println!("hugo: not on PATH, skipped (Debian: apt-get install -y hugo)"),
    }
    Ok(())
}

fn time_command(command: &mut Command) -> Result<f64> {
    let started = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .output()
        .context("cannot start the command")?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!(
            "the command failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(seconds)
}

/// A binary in the same folder as this one (target/release/pressroom beside
/// target/release/pressroom-bench).
fn sibling(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.join(name);
    path.is_file().then_some(path)
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

fn count_files(dir: &Path, extension: &str) -> usize {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                count += 1;
            }
        }
    }
    count
}
