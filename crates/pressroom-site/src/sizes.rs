//! What a built site weighs: every file raw, gzip (-9) and brotli (quality 11), with the
//! pre-rendered pages grouped by folder, for `pressroom site --sizes` (and so
//! `cargo xtask dist`) and the size budgets.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The folders of pre-rendered pages (one size row each).
const ROUTE_FOLDERS: [&str; 2] = ["releases", "page"];

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
pub fn compressible(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("wasm" | "js" | "mjs" | "css" | "html" | "json" | "svg" | "txt" | "xml" | "map")
    )
}

/// `data` gzipped at `level`.
pub fn gzip(data: &[u8], level: flate2::Compression) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// gzip (best) size of `data`.
pub fn gzip_size(data: &[u8]) -> Result<u64> {
    Ok(gzip(data, flate2::Compression::best())?.len() as u64)
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
        if let Some(group) = ROUTE_FOLDERS.iter().find(|f| **f == folder) {
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
    fn measures_pre_rendered_pages_by_folder() {
        let dir = std::env::temp_dir().join(format!("pressroom-measure-{}", std::process::id()));
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
