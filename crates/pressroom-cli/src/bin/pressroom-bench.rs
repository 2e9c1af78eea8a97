//! `pressroom-bench`: times `pressroom build` on 10,000 generated Markdown files and, when
//! `hugo` is on the PATH, Hugo building the same files as a site; with `--app DIR`, also
//! `pressroom site` writing whole sites (the same files, and `--sample FILE`) against
//! Hugo and against the disk's floor (writing the same files again, without making them).
//!
//! Usage: `pressroom-bench [COUNT] [--app DIR] [--sample FILE]` (COUNT defaults to
//! 10000). Run it with `cargo xtask bench` for numbers worth quoting (it builds with the
//! release profile, makes the app build and installs Hugo if missing).
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

/// The command line.
struct Args {
    count: usize,
    app: Option<PathBuf>,
    sample: Option<PathBuf>,
}

fn args() -> Result<Option<Args>> {
    let mut parsed = Args {
        count: 10_000,
        app: None,
        sample: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!(
                    "usage: pressroom-bench [COUNT] [--app DIR] [--sample FILE]   (COUNT: 10000)"
                );
                return Ok(None);
            }
            "--app" => parsed.app = args.next().map(PathBuf::from),
            "--sample" => parsed.sample = args.next().map(PathBuf::from),
            number => {
                parsed.count = number
                    .parse()
                    .with_context(|| format!("{number:?} is not a number of files"))?
            }
        }
    }
    Ok(Some(parsed))
}

fn run() -> Result<()> {
    let Some(args) = args()? else {
        return Ok(());
    };
    let count = args.count;
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

    time_build(&content, count)?;
    time_build_binary(&content, work.path())?;

    let hugo_seconds = time_hugo(work.path(), count)?;
    if let (Some(app), Some(binary)) = (&args.app, sibling("pressroom")) {
        let mut contents = Vec::new();
        if let Some(sample) = &args.sample {
            contents.push(("the sample bundle".to_owned(), sample.clone()));
        }
        contents.push((format!("{count} generated Markdown files"), content.clone()));
        for (name, content) in contents {
            bench_site(
                &binary,
                app,
                &content,
                &name,
                work.path(),
                hugo_seconds.filter(|_| name.ends_with("files")),
            )?;
        }
    } else if args.app.is_some() {
        println!("pressroom site: skipped, no `pressroom` next to this binary");
    }
    Ok(())
}

/// Times the library's build of the generated content, cold and warm, and rendering
/// every body once more.
fn time_build(content: &Path, count: usize) -> Result<()> {
    let options = BuildOptions {
        max_file_bytes: 1024 * 1024,
        progress: false,
    };
    for run in ["cold", "warm"] {
        let started = Instant::now();
        let built = build_bundle_with(content, &options)?;
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
    Ok(())
}

/// Times the `pressroom` binary next to this one building the generated content.
fn time_build_binary(content: &Path, work: &Path) -> Result<()> {
    if let Some(binary) = sibling("pressroom") {
        let out = work.join("releases.json");
        let seconds = time_command(
            Command::new(&binary)
                .arg("build")
                .arg("--quiet")
                .arg(content)
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

    Ok(())
}

/// Times `pressroom site` on `content` (a cold and a warm run), and the disk's floor:
/// copying the written site to a new folder (reading and writing the same files).
fn bench_site(
    binary: &Path,
    app: &Path,
    content: &Path,
    name: &str,
    work: &Path,
    hugo: Option<f64>,
) -> Result<()> {
    let out = work.join("site");
    let mut timings = Vec::new();
    for run in ["cold", "warm"] {
        let seconds = time_command(
            Command::new(binary)
                .arg("site")
                .arg(content)
                .arg("--app")
                .arg(app)
                .arg("--output")
                .arg(&out)
                .args(["--site-url", "https://press.example/", "--quiet"]),
        )?;
        timings.push(seconds);
        println!(
            "pressroom site, {name} ({run}): {seconds:.3} s, {} files",
            count_all(&out)
        );
    }
    let copy = work.join("site-copy");
    let _ = std::fs::remove_dir_all(&copy);
    let started = Instant::now();
    let bytes = copy_tree(&out, &copy)?;
    let floor = started.elapsed().as_secs_f64();
    let best = timings.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "disk floor, {name} (copying the {:.1} MB site): {floor:.3} s; pressroom site is {:.1}× it",
        bytes as f64 / 1e6,
        best / floor.max(1e-9)
    );
    if let Some(hugo) = hugo {
        println!(
            "pressroom site / hugo, {name}: {:.2}×",
            best / hugo.max(1e-9)
        );
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<u64> {
    let mut bytes = 0;
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            bytes += copy_tree(&path, &target)?;
        } else {
            let data = std::fs::read(&path)?;
            std::fs::write(&target, &data)?;
            bytes += data.len() as u64;
        }
    }
    Ok(bytes)
}

fn count_all(dir: &Path) -> usize {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                pending.push(entry.path());
            } else {
                count += 1;
            }
        }
    }
    count
}

/// Times Hugo building the `count` generated files as a site (cold, warm); the warm time.
fn time_hugo(work: &Path, count: usize) -> Result<Option<f64>> {
    let mut warm = None;
    match which("hugo") {
        Some(hugo) => {
            let site = work.join("hugo-site");
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
                warm = Some(seconds);
            }
        }
        None => println!("hugo: not on PATH, skipped (Debian: apt-get install -y hugo)"),
    }
    Ok(warm)
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
