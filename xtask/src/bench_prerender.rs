//! The pre-rendering part of `cargo xtask bench`: renders a generated bundle of `count`
//! releases to static pages with `pressroom-prerender` (built with the `bench-native`
//! profile) and compares the time with a baseline measured in the same run: writing the
//! same files again without rendering them (the disk's floor for that output).

use crate::bench::PROFILE;
use crate::cmd::Cmd;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A minimal shell page with the mount point the pre-renderer fills.
const TEMPLATE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Press releases</title>\n<meta name=\"description\" content=\"Press releases\">\n</head>\n\
<body>\n<div id=\"pressroom\" class=\"pressroom\"><p class=\"loading\">Loading releases…</p></div>\n</body>\n</html>\n";

/// Builds the pre-renderer, renders `count` generated releases, and prints both times.
pub fn run(root: &Path, count: usize) -> Result<()> {
    Cmd::new("cargo")
        .cwd(root)
        .args([
            "build",
            "--locked",
            "--profile",
            PROFILE,
            "-p",
            "pressroom-prerender",
        ])
        .run()
        .context("building pressroom-prerender for the benchmark")?;
    let binary = root
        .join("target")
        .join(PROFILE)
        .join("pressroom-prerender");
    let work = root.join("target").join("bench-prerender");
    let site = work.join("site");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&site).with_context(|| format!("creating {}", site.display()))?;
    let bundle = crate::gen_bundle::generate(count, 1);
    std::fs::write(site.join("releases.json"), serde_json::to_vec(&bundle)?)?;
    std::fs::write(site.join("index.html"), TEMPLATE)?;

    let started = Instant::now();
    Cmd::new(&binary)
        .args(["--dist", &site.to_string_lossy(), "--base", "/"])
        .run()
        .context("pressroom-prerender failed")?;
    let rendered = started.elapsed();

    let pages = html_files(&site)?;
    let copy = work.join("copy");
    let started = Instant::now();
    let bytes = write_again(&site, &copy, &pages)?;
    let floor = started.elapsed();
    println!("{}", report(count, pages.len(), bytes, rendered, floor));
    Ok(())
}

/// The comparison line.
pub fn report(
    releases: usize,
    pages: usize,
    bytes: u64,
    rendered: Duration,
    floor: Duration,
) -> String {
    let ratio = rendered.as_secs_f64() / floor.as_secs_f64().max(1e-9);
    format!(
        "pre-render {releases} releases: {pages} pages ({}) in {:.2} s, {:.0} pages/s; \
         baseline (writing the same files without rendering): {:.2} s; pre-rendering is {ratio:.1}× the baseline",
        crate::dist::human(bytes),
        rendered.as_secs_f64(),
        pages as f64 / rendered.as_secs_f64().max(1e-9),
        floor.as_secs_f64(),
    )
}

/// Every `index.html` under `dir`, relative to it.
fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            std::fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                out.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
        }
    }
    Ok(out)
}

/// Reads every page first, then times only writing them (folders included) under `to`.
fn write_again(from: &Path, to: &Path, pages: &[PathBuf]) -> Result<u64> {
    let contents: Vec<(PathBuf, Vec<u8>)> = pages
        .iter()
        .map(|p| Ok((to.join(p), std::fs::read(from.join(p))?)))
        .collect::<Result<_>>()?;
    let mut bytes = 0;
    for (path, data) in contents {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        bytes += data.len() as u64;
        std::fs::write(&path, data)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_compares_with_the_baseline() {
        let line = report(
            10,
            11,
            2048,
            Duration::from_millis(300),
            Duration::from_millis(100),
        );
        assert!(line.contains("11 pages"), "{line}");
        assert!(line.contains("3.0× the baseline"), "{line}");
    }

    #[test]
    fn template_has_the_mount_point() {
        assert!(TEMPLATE.contains("id=\"pressroom\""));
    }
}
