//! The app build: the content-free output of trunk (`cargo xtask app`), which the site
//! writer turns into a site for any base and any content.
//!
//! It holds the shell page `index.html` (asset URLs under
//! [`APP_BASE_PLACEHOLDER`], replaced with the site's base), the content-hashed
//! wasm-bindgen glue and wasm, the stylesheet and the icon, and the manifest
//! [`APP_MANIFEST`], which says which data formats the app reads. A folder that is not an
//! app build (a written site, a plain trunk `dist/`) is refused with a message that says
//! how to make one.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use pressroom_core::names::{APP_BASE_PLACEHOLDER, APP_MANIFEST};
use pressroom_core::paths::files;
use serde::Deserialize;

/// How to make or refresh an app build, for error messages.
pub const HOW_TO_BUILD: &str =
    "make one with `cargo xtask app` in a Pressroom checkout (it writes target/app/)";

/// What the manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AppManifest {
    /// Always `pressroom-app`.
    pub app: String,
    /// The app's version.
    pub version: String,
    /// The data formats it reads, such as `bundle/1`.
    pub reads: Vec<String>,
}

/// An app build, read from its folder.
#[derive(Debug, Clone)]
pub struct AppBuild {
    /// Its folder.
    pub dir: PathBuf,
    /// `index.html` as trunk wrote it.
    pub shell: String,
    /// Its files besides `index.html` and the manifest, relative, `/`-separated, sorted.
    pub files: Vec<String>,
    /// The wasm-bindgen glue (`name-<hash>.js`).
    pub glue: String,
    /// The wasm (`name-<hash>_bg.wasm`).
    pub wasm: String,
    /// The search engine module (`pressroom-search-<hash>.wasm`), which the app fetches
    /// on the first search; `None` in a build without one (its app cannot search).
    pub search_engine: Option<String>,
    /// The app's stylesheet (`name-<hash>.css`), which `embed.js` also hands to script
    /// embeds; `None` in a build without one.
    pub stylesheet: Option<String>,
    /// The manifest.
    pub manifest: AppManifest,
}

impl AppBuild {
    /// Reads the app build in `dir`.
    pub fn read(dir: &Path) -> Result<Self> {
        let manifest_path = dir.join(APP_MANIFEST);
        let manifest_text = fs::read_to_string(&manifest_path).with_context(|| {
            format!(
                "{} is not an app build: it has no {APP_MANIFEST}; {HOW_TO_BUILD}",
                dir.display()
            )
        })?;
        let manifest: AppManifest = serde_json::from_str(&manifest_text).with_context(|| {
            format!(
                "{} is not a Pressroom app manifest",
                manifest_path.display()
            )
        })?;
        if manifest.app != "pressroom-app" {
            bail!(
                "{} names the app {:?}, not pressroom-app",
                manifest_path.display(),
                manifest.app
            );
        }
        let index = dir.join(files::INDEX);
        let shell = fs::read_to_string(&index)
            .with_context(|| format!("reading the app's shell page {}", index.display()))?;
        if !shell.contains(APP_BASE_PLACEHOLDER) {
            bail!(
                "{}: its asset URLs are not under {APP_BASE_PLACEHOLDER}, so the site writer cannot \
                 place it under a base; {HOW_TO_BUILD}",
                index.display()
            );
        }
        let files = list_files(dir)?
            .into_iter()
            .filter(|f| f != files::INDEX && f != APP_MANIFEST)
            .collect::<Vec<_>>();
        if let Some(stray) = files.iter().find(|f| is_site_file(f)) {
            bail!(
                "{} holds {stray}, so it looks like a written site, not an app build; {HOW_TO_BUILD}",
                dir.display()
            );
        }
        let (glue, wasm) = find_app_files(&files)
            .with_context(|| format!("in the app build {}", dir.display()))?;
        let search_engine = files
            .iter()
            .find(|f| pressroom_core::names::search_engine_hash(f).is_some())
            .cloned();
        let stylesheet = find_stylesheet(&files);
        Ok(Self {
            dir: dir.to_owned(),
            shell,
            files,
            glue,
            wasm,
            search_engine,
            stylesheet,
            manifest,
        })
    }

    /// Whether the app reads data `format`, else an error that says to refresh it.
    pub fn check_reads(&self, format: &str) -> Result<()> {
        if self.manifest.reads.iter().any(|f| f == format) {
            return Ok(());
        }
        bail!(
            "the app build in {} (version {}) reads {}, not {format}, which this pressroom writes; \
             refresh it: {HOW_TO_BUILD}",
            self.dir.display(),
            self.manifest.version,
            self.manifest.reads.join(", ")
        )
    }

    /// The shell page for a site served under `base` (a path or URL ending in `/`).
    pub fn shell_for(&self, base: &str) -> String {
        self.shell.replace(APP_BASE_PLACEHOLDER, base)
    }

    /// The bytes of one of its files.
    pub fn read_file(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(name);
        fs::read(&path).with_context(|| format!("reading {}", path.display()))
    }
}

/// Files a written site has and an app build never does.
fn is_site_file(name: &str) -> bool {
    name == files::BUNDLE
        || name == files::HEADERS
        || name == files::EMBED_SCRIPT
        || pressroom_core::paths::ROUTE_FOLDERS
            .iter()
            .any(|folder| name.starts_with(&format!("{folder}/")))
}

/// Whether a file name (last path segment) carries trunk's content hash:
/// `name-<hash>.ext` or `name-<hash>_bg.wasm`. Trunk writes the 64-bit hash in lower-case
/// hex without leading zeros, so it has up to 16 digits; fewer than 12 are not taken for a
/// hash (a date such as `report-20240101.pdf` is not one), which misses one hash in 65,536:
/// such a file is then merely revalidated instead of cached for good.
pub fn is_hashed_asset(name: &str) -> bool {
    hashed_name_with(name, 12)
}

/// [`is_hashed_asset`] with at least `min_digits` hex digits in the hash.
pub fn hashed_name_with(name: &str, min_digits: usize) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if extension.is_empty() || !extension.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty()
        && (min_digits..=16).contains(&hash.len())
        && hash
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// The app's stylesheet among `files`: the first content-hashed `.css` file at the top.
pub fn find_stylesheet(files: &[String]) -> Option<String> {
    files
        .iter()
        .find(|f| !f.contains('/') && f.ends_with(".css") && is_hashed_asset(f))
        .cloned()
}

/// The wasm-bindgen glue and its wasm among `files`: the one pair `<name>-<hash>.js` /
/// `<name>-<hash>_bg.wasm`.
pub fn find_app_files(files: &[String]) -> Result<(String, String)> {
    let pairs: Vec<(String, String)> = files
        .iter()
        // Any length of hash here: the pair is unmistakable.
        .filter(|f| !f.contains('/') && hashed_name_with(f, 1))
        .filter_map(|wasm| {
            let stem = wasm.strip_suffix("_bg.wasm")?;
            let glue = format!("{stem}.js");
            files.contains(&glue).then(|| (glue, wasm.clone()))
        })
        .collect();
    match pairs.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            bail!("no hashed wasm-bindgen glue and wasm pair (name-<hash>.js, name-<hash>_bg.wasm)")
        }
        many => bail!(
            "several wasm-bindgen glue files ({}); expected one app",
            many.iter()
                .map(|(glue, _)| glue.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The files under `dir`, relative and `/`-separated, sorted.
pub fn list_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        let entries = fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("listing {}", dir.display()))?
                .path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(base) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        for name in [
            "pressroom-app-d7a994d47584a86f.js",
            "pressroom-app-d7a994d47584a86f_bg.wasm",
            "pressroom-5adfd4623d12ea9f.css",
            "favicon-e68e626c7081ac24.svg",
            "snippets/x/inline0-0123456789abcdef.js",
            // Trunk drops leading zeros.
            "pressroom-app-4fe4012380a053f.js",
            "pressroom-app-4fe4012380a053f_bg.wasm",
            "favicon-e68e626c7081.svg",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "releases.json",
            "feed.xml",
            "app-D7A994D47584A86F.js",
            "app-d7a994d4758.js",
            "report-20240101.pdf",
            "app-d7a994d47584a86f0.js",
            "-d7a994d47584a86f.js",
            "app-d7a994d47584a86f",
            "app_d7a994d47584a86f.js",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn finds_the_one_glue_and_wasm_pair() {
        let files: Vec<String> = ["a-1f.js", "a-1f_bg.wasm", "style-2e.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            find_app_files(&files).ok(),
            Some(("a-1f.js".to_owned(), "a-1f_bg.wasm".to_owned()))
        );
        assert!(find_app_files(&files[2..]).is_err());
        let two: Vec<String> = ["a-1.js", "a-1_bg.wasm", "b-2.js", "b-2_bg.wasm"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(find_app_files(&two).is_err());
    }

    #[test]
    fn finds_the_stylesheet() {
        let files = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            find_stylesheet(&files(&["a-1f.js", "pressroom-5adfd4623d12ea9f.css"])),
            Some("pressroom-5adfd4623d12ea9f.css".to_owned())
        );
        // Written by hand: not hashed, or not at the top.
        assert_eq!(
            find_stylesheet(&files(&["style.css", "snippets/x/a-5adfd4623d12ea9f.css"])),
            None
        );
    }

    #[test]
    fn site_files_are_not_app_files() {
        assert!(is_site_file("releases.json"));
        assert!(is_site_file("releases/a/index.html"));
        assert!(is_site_file("_headers"));
        assert!(!is_site_file("pressroom-app-1.js"));
    }
}
