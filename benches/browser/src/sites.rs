//! Preparing the readers' folders under `target/bench/sites/<name>/` for one bundle, and
//! serving them: the app's sites written by the real `pressroom site` command (with and
//! without pre-rendered pages), the baseline reader with the same `releases.json`, and
//! the static pages. The bundle is first given explicit slugs ([`crate::bundles`]). The
//! data is written as one `releases.json` ([`DATA_LAYOUT`]).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use pressroom_e2e::sites::set_meta;
use pressroom_e2e::tempdir::copy_tree;

use crate::bundles::{self, Content};
use crate::readers::{Reader, Served};
use crate::static_page;

/// Where the inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The app build (`target/app`).
    pub app: PathBuf,
    /// The `pressroom` command.
    pub pressroom: PathBuf,
    /// `benches/baseline`.
    pub baseline: PathBuf,
    /// The installed `marked.esm.js`.
    pub marked: PathBuf,
    /// `target/bench`.
    pub work: PathBuf,
}

/// The served readers of one bundle.
#[derive(Debug)]
pub struct SiteSet {
    /// What it shows.
    pub content: Content,
    /// The readers, in the order they alternate.
    pub served: Vec<Served>,
}

impl SiteSet {
    /// The served readers among `readers`, in that order.
    pub fn pick(&self, readers: &[Reader]) -> Vec<&Served> {
        readers
            .iter()
            .filter_map(|r| self.served.iter().find(|s| s.reader == *r))
            .collect()
    }
}

/// The data layouts of the sites written here: the single file (`releases.json`, read
/// whole) for most readers, the sharded archive for [`Reader::Archive`] and
/// [`Reader::ArchiveShell`]. Yet another layout is benchmarked by serving its site
/// folders with `--layout NAME=DIR` (see `crate::options`).
pub const DATA_LAYOUT: &str = "bundle";
/// The sharded archive's name for `pressroom site --layout`.
pub const ARCHIVE_LAYOUT: &str = "archive";

/// The 64 MiB that `pressroom site` and the app read by default.
const DEFAULT_LIMIT: u64 = 64 * 1024 * 1024;

/// The limit a bundle of `bytes` needs, when it is over the default one.
pub fn raised_limit(bytes: u64) -> Option<u64> {
    (bytes > DEFAULT_LIMIT * 15 / 16).then(|| bytes.div_ceil(1 << 20).next_power_of_two() << 21)
}

/// Raises the app's limit in the site's shell pages (`<meta name="pressroom-max-bytes">`).
fn raise_app_limit(site: &Path, limit: u64) -> Result<()> {
    for page in ["index.html", "404.html"] {
        let file = site.join(page);
        if file.is_file() {
            set_meta(
                &file,
                pressroom_core::names::META_MAX_BYTES,
                &limit.to_string(),
            )?;
        }
    }
    Ok(())
}

/// Runs `pressroom site` for `bundle` into `out`, raising the limits of the command and
/// of the app for a bundle over the default one.
fn pressroom_site(inputs: &Inputs, bundle: &Path, out: &Path, reader: Reader) -> Result<()> {
    let prerender = reader.takes_over();
    let layout = if reader.reads_whole_bundle() {
        DATA_LAYOUT
    } else {
        ARCHIVE_LAYOUT
    };
    let size = std::fs::metadata(bundle)
        .with_context(|| format!("reading {}", bundle.display()))?
        .len();
    let limit = raised_limit(size);
    let mut command = Command::new(&inputs.pressroom);
    command
        .arg("site")
        .arg(bundle)
        .arg("--app")
        .arg(&inputs.app)
        .arg("-o")
        .arg(out)
        .args(["--layout", layout])
        .arg("--quiet");
    if let Some(limit) = limit {
        command.arg("--max-size").arg(limit.to_string());
    }
    if !prerender {
        command.arg("--no-prerender");
    }
    let output = command
        .output()
        .with_context(|| format!("running {}", inputs.pressroom.display()))?;
    if !output.status.success() {
        bail!(
            "pressroom site {} failed ({}):\n{}",
            bundle.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    match limit {
        Some(limit) => raise_app_limit(out, limit),
        None => Ok(()),
    }
}

/// The static reader: the pre-rendered site without anything that runs.
fn static_site(prerendered: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    copy_tree(prerendered, out)?;
    static_page::strip_tree(out)
}

/// Writes one reader's folder for the bundle at `bundle` into `dir`.
fn write_reader(inputs: &Inputs, reader: Reader, bundle: &Path, dir: &Path) -> Result<()> {
    let out = dir.join(reader.name());
    match reader {
        Reader::Pressroom | Reader::PressroomShell | Reader::Archive | Reader::ArchiveShell => {
            pressroom_site(inputs, bundle, &out, reader)
        }
        Reader::Baseline => {
            crate::baseline::prepare(&inputs.baseline, &inputs.marked, &inputs.app, bundle, &out)
        }
        Reader::Static => {
            let prerendered = dir.join(Reader::Pressroom.name());
            if !prerendered.join("index.html").is_file() {
                pressroom_site(inputs, bundle, &prerendered, Reader::Pressroom)?;
            }
            static_site(&prerendered, &out)
        }
    }
}

/// Prepares and serves `readers` for the bundle file `source`, named `name`.
pub fn prepare(inputs: &Inputs, name: &str, source: &Path, readers: &[Reader]) -> Result<SiteSet> {
    let started = Instant::now();
    let dir = inputs.work.join("sites").join(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let text =
        std::fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let text = bundles::with_explicit_slugs(&text)
        .with_context(|| format!("giving the releases of {} slugs", source.display()))?;
    let bundle = dir.join("releases.json");
    std::fs::write(&bundle, &text).with_context(|| format!("writing {}", bundle.display()))?;
    let content = Content::from_text(&text)?;
    drop(text);
    let mut served = Vec::new();
    for &reader in readers {
        write_reader(inputs, reader, &bundle, &dir)
            .with_context(|| format!("preparing {} for {name}", reader.name()))?;
        served.push(Served::start(
            reader,
            reader.name(),
            &dir.join(reader.name()),
        )?);
    }
    println!(
        "prepared {name} ({} releases, {:.1} MB) for {} in {:.1?}",
        content.newest_first.len(),
        content.bytes as f64 / 1e6,
        readers
            .iter()
            .map(|r| r.name())
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed()
    );
    Ok(SiteSet { content, served })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_raised_only_for_big_bundles() {
        assert_eq!(raised_limit(35_000_000), None);
        assert_eq!(raised_limit(103_569_314), Some(256 << 20));
        assert_eq!(raised_limit(63 << 20), Some(128 << 20));
    }
}
