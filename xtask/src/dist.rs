//! `cargo xtask dist`: builds the app with trunk into `dist/` (or `--out`), makes every page
//! and file a host needs, and reports what it weighs.
//!
//! Steps ([`build`]):
//! 1. **trunk** with the wasm build environment of [`crate::toolchain`], `--locked` (passed
//!    through to cargo), `--public-url <base>` (so every asset URL in `index.html` is
//!    absolute under the base) and `--dist <out>`. The app reads its base at run time, so
//!    changing `--base` never recompiles the wasm. Because `Trunk.toml` sets
//!    `offline = true`, crates are fetched first with `cargo fetch --locked` ([`fetch`]).
//! 2. **metas**: `<meta name="pressroom-base">` (the base's path) and, with
//!    `--routing hash`, `<meta name="pressroom-routing" content="hash">` in `index.html`.
//! 3. **feeds** from the bundle ([`crate::feeds`]), which also makes the feed links of
//!    `index.html` absolute.
//! 4. **shell copies** ([`crate::embed`]): `404.html` and the iframe page `embed.html`.
//! 5. **pre-render**: `pressroom-prerender` (crates/pressroom-prerender, a native release
//!    build) turns `index.html` into the list page and writes `releases/<slug>/index.html`,
//!    `page/<n>/index.html` and `robots.txt`.
//! 6. **embed.js**, the script embed's loader ([`crate::embed`]).
//! 7. with `--single-file`, **pressroom.html** ([`crate::single_file`]) from the shell page.
//! 8. **headers**: `_headers` with the Content-Security-Policy and cache headers, after
//!    checking every page against the policy ([`crate::headers`]).

use crate::embed;
use crate::feeds;
use crate::headers::{self, HeadersOptions};
use crate::html_edit;
use crate::paths;
use crate::setup::{self, Needs, Tools};
use crate::single_file;
use crate::toolchain::WASM_TARGET;
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Full-page routing of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Routing {
    /// Real paths (`/newsroom/releases/<slug>/`): needs pre-rendered pages or a host that
    /// serves `index.html` or `404.html` for unknown paths.
    History,
    /// Paths in the fragment (`/newsroom/#/releases/<slug>/`), for hosts that serve files
    /// only.
    Hash,
}

/// How to build.
#[derive(Debug, Clone)]
pub struct DistOptions {
    /// `--release` (optimised, wasm-opt) or a dev build.
    pub release: bool,
    /// The URL path (or absolute URL) the app is served from (`--base`).
    pub base: String,
    /// The public address of the base (`--site-url`); `None` uses the bundle's
    /// `site.base_url` for the feeds (and for the pre-rendered pages when its path is the
    /// base's).
    pub site_url: Option<String>,
    /// The output folder (`--out`).
    pub out: PathBuf,
    /// `--routing`.
    pub routing: Routing,
    /// `--embed-origin`s (checked and normalised by [`build`]).
    pub embed_origins: Vec<String>,
    /// `--single-file`: also write `pressroom.html`.
    pub single_file: bool,
    /// Pre-render the release and list pages (`--no-prerender` turns it off).
    pub prerender: bool,
    /// `frame-ancestors` of the Content-Security-Policy in `_headers`
    /// ([`headers::DEFAULT_FRAME_ANCESTORS`] unless `--frame-ancestors` is given).
    pub frame_ancestors: String,
}

impl DistOptions {
    /// A release build into `out` with base `/`, history routing and the default policy.
    pub fn new(out: PathBuf) -> Self {
        Self {
            release: true,
            base: "/".to_owned(),
            site_url: None,
            out,
            routing: Routing::History,
            embed_origins: Vec::new(),
            single_file: false,
            prerender: true,
            frame_ancestors: headers::DEFAULT_FRAME_ANCESTORS.to_owned(),
        }
    }
}

/// The single file and what it weighs.
#[derive(Debug, Clone)]
pub struct SingleFile {
    /// Where it is.
    pub path: PathBuf,
    /// Bytes on disk.
    pub raw: u64,
    /// gzip -9 bytes.
    pub gzip: u64,
}

/// What [`build`] made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The output folder.
    pub dist: PathBuf,
    /// `pressroom.html`, with `--single-file`.
    pub single_file: Option<SingleFile>,
    /// How long each step took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// `cargo xtask dist`.
pub fn run(options: &DistOptions) -> Result<()> {
    let started = Instant::now();
    let root = paths::repo_root();
    println!("== setup");
    let tools = setup::ensure(&root, Needs { browser: false })?;
    let built = build(&tools, options)?;
    println!("== sizes");
    print_sizes(&built.dist)?;
    if let Some(single) = &built.single_file {
        println!(
            "single file: {} is {} ({} gzip)",
            single.path.display(),
            human(single.raw),
            human(single.gzip)
        );
    }
    let steps: Vec<String> = built
        .timings
        .iter()
        .map(|(name, took)| format!("{name} {:.1} s", took.as_secs_f64()))
        .collect();
    println!(
        "dist took {:.1?} in all ({})",
        started.elapsed(),
        steps.join(", ")
    );
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

/// Checks a base: a path, or an absolute http(s) URL whose path the pages are served under
/// (assets on a CDN), without characters that would need escaping in a page.
pub fn check_base(base: &str) -> Result<()> {
    let bad = base
        .chars()
        .find(|&c| !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '?' | '#'));
    if let Some(bad) = bad {
        bail!("--base {base:?}: {bad:?} is not allowed; use a plain path such as /newsroom/");
    }
    if base.contains("://") && !(base.starts_with("https://") || base.starts_with("http://")) {
        bail!("--base {base:?}: expected a path such as /newsroom/ or an http(s) URL");
    }
    let path = headers::url_path(base);
    if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") {
        bail!("--base {base:?}: expected a plain path such as /newsroom/");
    }
    Ok(())
}

/// The output folder for `--out`: relative paths are relative to the current directory.
pub fn resolve_out(out: &Path) -> Result<PathBuf> {
    if out.is_absolute() {
        return Ok(out.to_owned());
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    Ok(cwd.join(out))
}

/// Refuses output folders trunk must not empty: the repository or a folder around it, and
/// a folder with files that is not an earlier build (no `index.html`).
pub fn check_out(out: &Path, root: &Path) -> Result<()> {
    let normal = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    let (out_abs, root_abs) = (normal(out), normal(root));
    if root_abs.starts_with(&out_abs) {
        bail!(
            "--out {}: that folder holds the repository, and trunk empties its output folder",
            out.display()
        );
    }
    // Trunk's own staging folder (left by a failed build) does not count.
    let has_files = std::fs::read_dir(out)
        .is_ok_and(|entries| entries.flatten().any(|entry| entry.file_name() != ".stage"));
    if has_files && !out.join("index.html").is_file() {
        bail!(
            "--out {}: the folder has files but no index.html from an earlier build, and \
             trunk empties its output folder; choose an empty or new folder",
            out.display()
        );
    }
    Ok(())
}

/// The site URL the pre-renderer gets: `--site-url`, else the bundle's `site.base_url`
/// when its path is the base's (the pre-renderer needs them to agree); else none, with
/// the reason.
pub fn prerender_site_url(
    flag: Option<&str>,
    bundle: Option<&serde_json::Value>,
    base_path: &str,
) -> (Option<String>, Option<String>) {
    if let Some(url) = flag.map(str::trim).filter(|u| !u.is_empty()) {
        return (Some(url.to_owned()), None);
    }
    let Some(chosen) = bundle.and_then(|b| feeds::choose_base_url(None, b)) else {
        return (
            None,
            Some(
                "no --site-url and no site.base_url in the bundle: canonical links are paths"
                    .to_owned(),
            ),
        );
    };
    if headers::url_path(chosen.url()) == base_path {
        (Some(chosen.url().to_owned()), None)
    } else {
        (
            None,
            Some(format!(
                "site.base_url {} is not at the base {base_path}: canonical links are paths \
                 (pass --site-url https://…{base_path})",
                chosen.url()
            )),
        )
    }
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

/// The shell page with the run-time configuration metas.
pub fn with_config_metas(html: &str, base_path: &str, routing: Routing) -> Result<String> {
    let html = html_edit::set_meta(html, "pressroom-base", base_path)?;
    match routing {
        Routing::Hash => html_edit::set_meta(&html, "pressroom-routing", "hash"),
        Routing::History => html_edit::remove_meta(&html, "pressroom-routing"),
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Runs every step (see the module docs) and returns what it made.
pub fn build(tools: &Tools, options: &DistOptions) -> Result<Built> {
    let public_url = normalize_public_url(&options.base);
    let base_path = headers::url_path(&public_url);
    let out = resolve_out(&options.out)?;
    // Everything that can be wrong with the options fails before the long build.
    check_base(&public_url)?;
    headers::validate_frame_ancestors(&options.frame_ancestors)?;
    let embed_origins = embed::normalize_origins(&options.embed_origins)?;
    if let Some(site_url) = &options.site_url {
        let path = headers::url_path(site_url);
        if !site_url.trim().starts_with("http://") && !site_url.trim().starts_with("https://") {
            bail!("--site-url {site_url:?}: expected an absolute http(s) URL such as https://press.example{base_path}");
        }
        if path != base_path {
            bail!("--site-url {site_url} is at the path {path} but --base is {base_path}; they must agree");
        }
    }
    check_out(&out, &tools.root)?;
    let mut timings = Vec::new();
    let mut step = |name: &'static str, since: Instant| timings.push((name, since.elapsed()));

    println!("== build");
    let started = Instant::now();
    fetch(tools)?;
    let mut trunk = tools.wasm_cmd("trunk").arg("build");
    if options.release {
        trunk = trunk.arg("--release");
    }
    trunk
        .args(["--locked", "--public-url", &public_url, "--dist"])
        .arg(&out)
        .run()
        .context("trunk build failed")?;
    let index = out.join("index.html");
    if !index.is_file() {
        bail!("trunk finished but {} has no index.html", out.display());
    }
    println!(
        "built {} ({}, base {public_url}) in {:.1?}",
        out.display(),
        if options.release { "release" } else { "debug" },
        started.elapsed()
    );
    step("trunk", started);

    println!("== pages");
    let started = Instant::now();
    write(
        &index,
        &with_config_metas(&read(&index)?, &base_path, options.routing)?,
    )?;
    println!(
        "{}: <meta name=\"pressroom-base\" content=\"{base_path}\">{}",
        index.display(),
        match options.routing {
            Routing::Hash => ", <meta name=\"pressroom-routing\" content=\"hash\">",
            Routing::History => "",
        }
    );
    println!("== feeds");
    feeds::write(tools, &out, options.site_url.as_deref(), &public_url)?;
    let shell = read(&index)?;
    write(
        &out.join(embed::NOT_FOUND_PAGE),
        &embed::not_found_page(&shell)?,
    )?;
    write(
        &out.join(embed::EMBED_PAGE),
        &embed::embed_page(&shell, &embed_origins)?,
    )?;
    println!(
        "wrote {} and {} (parent origins: {})",
        embed::NOT_FOUND_PAGE,
        embed::EMBED_PAGE,
        if embed_origins.is_empty() {
            "none; pass --embed-origin".to_owned()
        } else {
            embed_origins.join(" ")
        }
    );
    step("pages and feeds", started);

    if options.prerender {
        println!("== pre-render");
        let started = Instant::now();
        let bundle = std::fs::read_to_string(out.join(headers::BUNDLE_FILE))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok());
        let (site_url, note) =
            prerender_site_url(options.site_url.as_deref(), bundle.as_ref(), &base_path);
        if let Some(note) = note {
            println!("note: {note}");
        }
        let mut prerender = tools
            .cmd("cargo")
            .args([
                "run",
                "--release",
                "--locked",
                "-p",
                "pressroom-prerender",
                "--",
                "--dist",
            ])
            .arg(&out)
            .args(["--base", &base_path]);
        if let Some(site_url) = &site_url {
            prerender = prerender.args(["--site-url", site_url]);
        }
        prerender.run().context(
            "pre-rendering failed (crates/pressroom-prerender; --no-prerender skips it)",
        )?;
        step("pre-render", started);
    } else {
        println!("== pre-render: skipped (--no-prerender): deep links need a host that serves index.html or 404.html for them");
    }

    println!("== embed");
    let started = Instant::now();
    let files = top_level_files(&out)?;
    let (glue, wasm) = embed::write_embed_script(&out, &files)?;
    println!("wrote {} (loads {glue} and {wasm})", embed::EMBED_SCRIPT);
    let single_file = if options.single_file {
        let path = out.join(single_file::SINGLE_FILE);
        let html = single_file::render(&shell, &public_url, &|name: &str| {
            std::fs::read(out.join(name)).ok()
        })
        .context("making the single file")?;
        write(&path, &html)?;
        let single = SingleFile {
            raw: html.len() as u64,
            gzip: gzip_size(html.as_bytes())?,
            path,
        };
        println!(
            "wrote {} ({} raw, {} gzip)",
            single.path.display(),
            human(single.raw),
            human(single.gzip)
        );
        Some(single)
    } else {
        None
    };
    step("embed and single file", started);

    println!("== headers");
    let started = Instant::now();
    let written = write_headers(&out, &public_url, options, &embed_origins)?;
    println!(
        "wrote {} ({} rules; {} pages checked; integrity checked: {})\nContent-Security-Policy: {}",
        out.join(headers::HEADERS_FILE).display(),
        written.rules,
        written.pages,
        written.integrity_checked.join(", "),
        written.policy
    );
    step("headers", started);
    Ok(Built {
        dist: out,
        single_file,
        timings,
    })
}

/// The names of the files directly in `dir`.
fn top_level_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        if entry.path().is_file() {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(out)
}

/// Checks the pages and writes `_headers` ([`headers::write`]), with the bundle URL the
/// app was compiled with (`PRESSROOM_BUNDLE_URL`, inherited by trunk).
fn write_headers(
    dist: &Path,
    public_url: &str,
    options: &DistOptions,
    embed_origins: &[String],
) -> Result<headers::Written> {
    let bundle_url = std::env::var(headers::BUNDLE_URL_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty());
    headers::write(
        dist,
        &HeadersOptions {
            public_url: public_url.to_owned(),
            frame_ancestors: options.frame_ancestors.clone(),
            embed_origins: embed_origins.to_vec(),
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
    let mut out: Vec<FileSize> = Vec::new();
    // The pre-rendered pages: one row per folder, as there may be thousands; their gzip
    // size is estimated from an even sample of them.
    let mut groups: Vec<(&str, Vec<PathBuf>)> = Vec::new();
    for (name, path) in files {
        let folder = name.split(['/', '\\']).next().unwrap_or("");
        if let Some(group) = headers::ROUTE_FOLDERS.iter().find(|f| **f == folder) {
            match groups.iter_mut().find(|(g, _)| g == group) {
                Some((_, paths)) => paths.push(path),
                None => groups.push((group, vec![path])),
            }
            continue;
        }
        let data = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let (gzip, brotli) = if compressible(&name) {
            (Some(gzip_size(&data)?), Some(brotli_size(&data)?))
        } else {
            (None, None)
        };
        out.push(FileSize {
            name,
            raw: data.len() as u64,
            gzip,
            brotli,
        });
    }
    for (group, paths) in groups {
        let step = paths.len().div_ceil(GZIP_SAMPLE).max(1);
        let (mut raw, mut sample_raw, mut sample_gzip) = (0u64, 0u64, 0u64);
        for (i, path) in paths.iter().enumerate() {
            let size = std::fs::metadata(path)
                .with_context(|| format!("reading {}", path.display()))?
                .len();
            raw += size;
            if i % step == 0 {
                let data =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                sample_raw += data.len() as u64;
                sample_gzip += gzip_size(&data)?;
            }
        }
        let gzip = if step == 1 || sample_raw == 0 {
            sample_gzip
        } else {
            (raw as f64 * sample_gzip as f64 / sample_raw as f64).round() as u64
        };
        out.push(FileSize {
            name: format!(
                "{group}/ ({} pages{})",
                paths.len(),
                if step > 1 { ", gzip estimated" } else { "" }
            ),
            raw,
            gzip: Some(gzip),
            brotli: None,
        });
    }
    Ok(out)
}

/// At most this many pages of a folder of pre-rendered pages are compressed by [`measure`].
const GZIP_SAMPLE: usize = 200;

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
    // Rows without a brotli size count with their gzip size.
    let total_brotli: u64 = files
        .iter()
        .map(|f| f.brotli.or(f.gzip).unwrap_or(f.raw))
        .sum();
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
    fn checks_bases() {
        for good in ["/", "/newsroom/", "/a/b-c_d/", "https://cdn.example/press/"] {
            assert!(check_base(good).is_ok(), "{good}");
        }
        for bad in [
            "/news room/",
            "/a\"b/",
            "/<x>/",
            "/a/../b/",
            "/a//b/",
            "/a?x/",
            "ftp://x.example/",
        ] {
            assert!(check_base(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn refuses_output_folders_trunk_would_wrongly_empty() {
        let base = std::env::temp_dir().join(format!("xtask-out-{}", std::process::id()));
        let root = base.join("repo");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/main.rs"), "fn main() {}").unwrap();
        // The repository, or a folder around it.
        assert!(check_out(&root, &root).is_err());
        assert!(check_out(&base, &root).is_err());
        // A folder with other files.
        assert!(check_out(&root.join("src"), &root)
            .unwrap_err()
            .to_string()
            .contains("no index.html"));
        // New, empty (but for trunk's staging folder), or an earlier build: fine.
        assert!(check_out(&root.join("dist"), &root).is_ok());
        std::fs::create_dir_all(root.join("dist/.stage")).unwrap();
        assert!(check_out(&root.join("dist"), &root).is_ok());
        std::fs::write(root.join("dist/index.html"), "<html>").unwrap();
        std::fs::write(root.join("dist/app.js"), "").unwrap();
        assert!(check_out(&root.join("dist"), &root).is_ok());
        let _ = std::fs::remove_dir_all(&base);
        assert_eq!(
            resolve_out(Path::new("/abs/out")).unwrap(),
            Path::new("/abs/out")
        );
        assert!(resolve_out(Path::new("rel")).unwrap().is_absolute());
    }

    #[test]
    fn chooses_the_pre_renderers_site_url() {
        let bundle =
            serde_json::json!({"site": {"title": "t", "base_url": "https://example.org/"}});
        assert_eq!(
            prerender_site_url(
                Some("https://press.example/newsroom/"),
                Some(&bundle),
                "/newsroom/"
            ),
            (Some("https://press.example/newsroom/".to_owned()), None)
        );
        assert_eq!(
            prerender_site_url(None, Some(&bundle), "/"),
            (Some("https://example.org/".to_owned()), None)
        );
        let (url, note) = prerender_site_url(None, Some(&bundle), "/newsroom/");
        assert_eq!(url, None);
        assert!(note.unwrap().contains("--site-url https://…/newsroom/"));
        let (url, note) = prerender_site_url(None, None, "/");
        assert!(url.is_none() && note.is_some());
    }

    #[test]
    fn writes_the_configuration_metas() {
        let page = "<html><head>\n    <meta charset=\"utf-8\">\n</head><body></body></html>";
        let history = with_config_metas(page, "/newsroom/", Routing::History).unwrap();
        assert_eq!(
            history,
            "<html><head>\n    <meta charset=\"utf-8\">\n    <meta name=\"pressroom-base\" content=\"/newsroom/\">\n</head><body></body></html>"
        );
        let hash = with_config_metas(&history, "/", Routing::Hash).unwrap();
        assert!(hash.contains("<meta name=\"pressroom-base\" content=\"/\">"));
        assert!(hash.contains("<meta name=\"pressroom-routing\" content=\"hash\">"));
        assert!(!hash.contains("/newsroom/"));
        // Back to history: the routing meta goes again.
        assert_eq!(
            with_config_metas(&hash, "/newsroom/", Routing::History).unwrap(),
            history
        );
    }

    #[test]
    fn measures_pre_rendered_pages_by_folder() {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for page in [
            "releases/a/index.html",
            "releases/b/index.html",
            "page/2/index.html",
        ] {
            let path = dir.join(page);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "<p>release</p>".repeat(100)).unwrap();
        }
        std::fs::write(dir.join("index.html"), "<p>list</p>").unwrap();
        let rows = measure(&dir).unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["index.html", "page/ (1 pages)", "releases/ (2 pages)"]
        );
        assert_eq!(rows[2].raw, 2 * 1400);
        assert!(rows[2].gzip.unwrap() < 200 && rows[2].brotli.is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The number after `name: usize =` in the Rust files under `dirs` of the repository.
    fn usize_const(dirs: &[&str], name: &str) -> Option<usize> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let root = paths::repo_root();
        let mut files = Vec::new();
        for dir in dirs {
            walk(&root.join(dir), &mut files);
        }
        let needle = format!("const {name}: usize = ");
        files.iter().find_map(|file| {
            let text = std::fs::read_to_string(file).ok()?;
            let at = text.find(&needle)? + needle.len();
            text[at..]
                .split(';')
                .next()?
                .trim()
                .replace('_', "")
                .parse()
                .ok()
        })
    }

    #[test]
    fn the_sitemap_and_the_app_agree_on_the_list_page_size() {
        let app = usize_const(&["src", "crates/pressroom-core/src"], "PAGE_SIZE");
        let sitemap = usize_const(&["crates/pressroom-cli/src"], "LIST_PAGE_SIZE");
        assert!(
            app.is_some(),
            "no `const PAGE_SIZE: usize = N` in src/ or pressroom-core"
        );
        assert_eq!(
            app, sitemap,
            "the sitemap's list pages (LIST_PAGE_SIZE in crates/pressroom-cli/src/feed_export.rs) \
             must match the app's PAGE_SIZE"
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
