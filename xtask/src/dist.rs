//! `cargo xtask dist`: builds the app with trunk into `dist/` and reports what it weighs.
//!
//! Trunk runs with the wasm build environment of [`crate::toolchain`], `--locked` (passed
//! through to cargo) and the public URL, which also reaches the app at compile time as
//! `PRESSROOM_PUBLIC_URL` (read with `option_env!`). Because `Trunk.toml` sets
//! `offline = true` (trunk then passes `--offline` to cargo), crates are fetched first with
//! `cargo fetch --locked` ([`fetch`]), which also fails early if `Cargo.lock` is stale.
//!
//! Then the feeds are written from the bundle in `dist/` and the feed links of
//! `dist/index.html` are made absolute ([`crate::feeds`]), and every file is measured.
//!
//! Right after trunk, and again after the feeds (so they get cache headers too),
//! `dist/_headers` is written with the Content-Security-Policy and cache headers
//! ([`crate::headers`]); that step also fails the build when `index.html` has inline code
//! the policy would block or lacks subresource integrity.

use crate::feeds;
use crate::headers::{self, HeadersOptions};
use crate::paths;
use crate::setup::{self, Needs, Tools};
use crate::toolchain::WASM_TARGET;
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to build.
#[derive(Debug, Clone)]
pub struct DistOptions {
    /// `--release` (optimised, wasm-opt) or a dev build.
    pub release: bool,
    /// The URL path (or absolute URL) the app is served from, with a trailing `/`.
    pub public_url: String,
    /// The feeds' base URL (`--base-url`); `None` uses the bundle's `site.base_url`.
    pub base_url: Option<String>,
    /// `frame-ancestors` of the Content-Security-Policy in `dist/_headers`
    /// ([`headers::DEFAULT_FRAME_ANCESTORS`] unless `--frame-ancestors` is given).
    pub frame_ancestors: String,
}

/// `cargo xtask dist`.
pub fn run(options: &DistOptions) -> Result<()> {
    let started = Instant::now();
    let root = paths::repo_root();
    println!("== setup");
    let tools = setup::ensure(&root, Needs { browser: false })?;
    println!("== build");
    let dist = build(&tools, options)?;
    println!("== feeds");
    let public_url = normalize_public_url(&options.public_url);
    feeds::write(&tools, &dist, options.base_url.as_deref(), &public_url)?;
    println!("== headers");
    let written = write_headers(&dist, options)?;
    println!(
        "wrote {} ({} rules; integrity checked: {})\nContent-Security-Policy: {}",
        dist.join(headers::HEADERS_FILE).display(),
        written.rules,
        written.integrity_checked.join(", "),
        written.policy
    );
    println!("== sizes");
    print_sizes(&dist)?;
    println!("dist took {:.1?} in all", started.elapsed());
    Ok(())
}

/// Normalises a public URL to start (unless absolute) and end with `/`.
pub fn normalize_public_url(url: &str) -> String {
    let url = url.trim();
    let mut out = if url.contains("://") || url.starts_with('/') {
        url.to_owned()
    } else {
        format!("/{url}")
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Fetches crates for the wasm build, so trunk's offline cargo build finds everything:
/// first for every platform (the app's and its build scripts' dependencies), then for
/// wasm32 alone, which with build-std (fallback) is what also fetches std's wasm-only
/// dependencies such as `dlmalloc`. `--locked` makes a stale `Cargo.lock` fail early.
pub fn fetch(tools: &Tools) -> Result<()> {
    tools
        .wasm_cmd("cargo")
        .args(["fetch", "--locked"])
        .run()
        .context("`cargo fetch --locked` failed (is Cargo.lock up to date?)")?;
    tools
        .wasm_cmd("cargo")
        .args(["fetch", "--locked", "--target", WASM_TARGET])
        .run()
        .context("`cargo fetch --locked --target wasm32-unknown-unknown` failed")
}

/// Builds `dist/` with trunk and returns its path.
pub fn build(tools: &Tools, options: &DistOptions) -> Result<PathBuf> {
    let started = Instant::now();
    let public_url = normalize_public_url(&options.public_url);
    // Fail on a bad --frame-ancestors before the build, not after it.
    headers::validate_frame_ancestors(&options.frame_ancestors)?;
    fetch(tools)?;
    let mut trunk = tools.wasm_cmd("trunk").arg("build");
    if options.release {
        trunk = trunk.arg("--release");
    }
    trunk
        .args(["--locked", "--public-url", &public_url])
        .env("PRESSROOM_PUBLIC_URL", &public_url)
        .run()
        .context("trunk build failed")?;
    let dist = paths::dist_dir(&tools.root);
    if !dist.join("index.html").is_file() {
        bail!("trunk finished but {} has no index.html", dist.display());
    }
    write_headers(&dist, options)?;
    println!(
        "built {} ({}, public url {public_url}) in {:.1?}",
        dist.display(),
        if options.release { "release" } else { "debug" },
        started.elapsed()
    );
    Ok(dist)
}

/// Checks `dist/index.html` and writes `dist/_headers` ([`headers::write`]), with the
/// bundle URL the app was compiled with (`PRESSROOM_BUNDLE_URL`, inherited by trunk).
fn write_headers(dist: &Path, options: &DistOptions) -> Result<headers::Written> {
    let bundle_url = std::env::var(headers::BUNDLE_URL_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty());
    headers::write(
        dist,
        &HeadersOptions {
            public_url: normalize_public_url(&options.public_url),
            frame_ancestors: options.frame_ancestors.clone(),
            bundle_url,
        },
    )
    .with_context(|| format!("writing {}", dist.join(headers::HEADERS_FILE).display()))
}

/// Sizes of one file: raw, and gzip/brotli for text-like and wasm files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// Path relative to `dist/`.
    pub name: String,
    /// Bytes on disk.
    pub raw: u64,
    /// gzip -9 bytes, for compressible files.
    pub gzip: Option<u64>,
    /// brotli (quality 11) bytes, for compressible files.
    pub brotli: Option<u64>,
}

/// Whether a file is worth reporting compressed sizes for (wasm, js, and other text).
fn compressible(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("wasm" | "js" | "mjs" | "css" | "html" | "json" | "svg" | "txt" | "xml" | "map")
    )
}

/// gzip (best) size of `data`.
pub fn gzip_size(data: &[u8]) -> Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?.len() as u64)
}

/// brotli (quality 11, window 22) size of `data`.
pub fn brotli_size(data: &[u8]) -> Result<u64> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(data)?;
        writer.flush()?;
    }
    Ok(out.len() as u64)
}

/// Measures every file under `dir`, sorted by path.
pub fn measure(dir: &Path) -> Result<Vec<FileSize>> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|(name, path)| {
            let data =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let (gzip, brotli) = if compressible(&name) {
                (Some(gzip_size(&data)?), Some(brotli_size(&data)?))
            } else {
                (None, None)
            };
            Ok(FileSize {
                name,
                raw: data.len() as u64,
                gzip,
                brotli,
            })
        })
        .collect()
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else {
            let name = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.push((name, path));
        }
    }
    Ok(())
}

/// `1234` → `1.2 KiB`; small sizes in bytes.
pub fn human(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.2} MiB", b / (KIB * KIB))
    }
}

/// The size table: one row per file and a total row.
pub fn format_sizes(files: &[FileSize]) -> String {
    let width = files
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let opt = |v: Option<u64>| v.map(human).unwrap_or_else(|| "-".to_owned());
    let mut out = format!(
        "{:<width$}  {:>11}  {:>11}  {:>11}\n",
        "file", "raw", "gzip", "brotli"
    );
    for f in files {
        out.push_str(&format!(
            "{:<width$}  {:>11}  {:>11}  {:>11}\n",
            f.name,
            human(f.raw),
            opt(f.gzip),
            opt(f.brotli)
        ));
    }
    let total_raw: u64 = files.iter().map(|f| f.raw).sum();
    let total_gzip: u64 = files.iter().map(|f| f.gzip.unwrap_or(f.raw)).sum();
    let total_brotli: u64 = files.iter().map(|f| f.brotli.unwrap_or(f.raw)).sum();
    out.push_str(&format!(
        "{:<width$}  {:>11}  {:>11}  {:>11}\n",
        "total",
        human(total_raw),
        human(total_gzip),
        human(total_brotli)
    ));
    out
}

/// Prints the size table of `dist`.
pub fn print_sizes(dist: &Path) -> Result<()> {
    let started = Instant::now();
    let files = measure(dist)?;
    println!("sizes in {}:", dist.display());
    print!("{}", format_sizes(&files));
    println!("(measured in {:.1?})", started.elapsed());
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_public_urls() {
        assert_eq!(normalize_public_url("/"), "/");
        assert_eq!(normalize_public_url("/x"), "/x/");
        assert_eq!(normalize_public_url("x/y/"), "/x/y/");
        assert_eq!(
            normalize_public_url("https://example.org/press"),
            "https://example.org/press/"
        );
    }

    #[test]
    fn compresses_and_formats() {
        let data = "press release ".repeat(500);
        let gz = gzip_size(data.as_bytes()).unwrap();
        let br = brotli_size(data.as_bytes()).unwrap();
        assert!(gz < data.len() as u64 / 10, "gzip {gz}");
        assert!(br < data.len() as u64 / 10, "brotli {br}");
        assert!(compressible("app_bg.wasm") && compressible("app.js"));
        assert!(!compressible("favicon.png"));
        assert_eq!(human(512), "512 B");
        assert_eq!(human(2048), "2.0 KiB");
        let table = format_sizes(&[
            FileSize {
                name: "a_bg.wasm".into(),
                raw: 4096,
                gzip: Some(2048),
                brotli: Some(1024),
            },
            FileSize {
                name: "icon.png".into(),
                raw: 100,
                gzip: None,
                brotli: None,
            },
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("a_bg.wasm") && lines[1].contains("4.0 KiB"));
        assert!(lines[2].contains(" - "));
        assert!(lines[3].starts_with("total") && lines[3].contains("2.1 KiB"));
    }
}
