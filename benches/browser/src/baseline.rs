//! Preparing the baseline reader's folder: its `index.html` and `reader.js` from
//! `benches/baseline/`, `marked` from the npm registry (installed once into
//! `target/bench/baseline-npm/`, pinned), the app build's stylesheet as `style.css` (both
//! readers pay for the same styles), the site's `releases.json`, and `index.html` again
//! as `404.html`, so deep links reach it on a static host just as they reach the app.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The pinned version of `marked`.
pub const MARKED_VERSION: &str = "18.2.1";

/// The installed `marked` module, installing it first when missing or another version.
pub fn install_marked(npm_dir: &Path) -> Result<std::path::PathBuf> {
    let package = npm_dir.join("node_modules").join("marked");
    let module = package.join("lib").join("marked.esm.js");
    if installed_version(&package).as_deref() == Some(MARKED_VERSION) && module.is_file() {
        return Ok(module);
    }
    std::fs::create_dir_all(npm_dir).with_context(|| format!("creating {}", npm_dir.display()))?;
    println!(
        "installing marked@{MARKED_VERSION} into {} …",
        npm_dir.display()
    );
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(npm_dir)
        .arg(format!("marked@{MARKED_VERSION}"))
        .status()
        .context("running npm (is Node.js installed? Debian: apt-get install nodejs npm)")?;
    if !status.success() || !module.is_file() {
        bail!("npm install marked@{MARKED_VERSION} failed ({status})");
    }
    Ok(module)
}

fn installed_version(package: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_owned)
}

/// The app build's stylesheet (`pressroom-<hash>.css`).
fn app_stylesheet(app: &Path) -> Result<std::path::PathBuf> {
    std::fs::read_dir(app)
        .with_context(|| format!("reading {}", app.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.extension().is_some_and(|e| e == "css")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("pressroom"))
        })
        .with_context(|| format!("no pressroom-*.css in {}", app.display()))
}

/// Writes the baseline reader for `bundle` into `out` (replaced).
pub fn prepare(source: &Path, marked: &Path, app: &Path, bundle: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let copies = [
        (source.join("index.html"), "index.html"),
        (source.join("index.html"), "404.html"),
        (source.join("reader.js"), "reader.js"),
        (marked.to_path_buf(), "marked.esm.js"),
        (app_stylesheet(app)?, "style.css"),
        (bundle.to_path_buf(), "releases.json"),
    ];
    for (from, name) in copies {
        std::fs::copy(&from, out.join(name))
            .with_context(|| format!("copying {} to {}", from.display(), out.display()))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bundles::{tests::SMALL, Content};
    use pressroom_e2e::tempdir::TempDir;

    /// Loads reader.js in Node (DOM, fetch and marked stubbed) and prints `order(bundle)`
    /// as `[slug, title]` pairs.
    const RUNNER: &str = r#"
        globalThis.document = { getElementById: () => ({}), addEventListener() {} };
        globalThis.window = { addEventListener() {} };
        globalThis.fetch = () => new Promise(() => {});
        const { order } = await import('./reader.js');
        const bundle = JSON.parse(await (await import('node:fs/promises')).readFile('./bundle.json', 'utf8'));
        console.log(JSON.stringify(order(bundle).map((e) => [e.slug, e.release.title])));
    "#;

    /// The baseline reader orders and slugs releases as the core does (Node.js required:
    /// it is in the machine image, and `cargo xtask setup` installs it).
    #[test]
    fn the_baseline_orders_like_the_core() {
        let dir = TempDir::new("baseline-order").unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../baseline/reader.js");
        std::fs::copy(&source, dir.path().join("reader.js")).unwrap();
        std::fs::write(dir.path().join("marked.esm.js"), "export class Marked {}\n").unwrap();
        std::fs::write(dir.path().join("run.mjs"), RUNNER).unwrap();
        std::fs::write(dir.path().join("bundle.json"), SMALL).unwrap();
        let output = Command::new("node")
            .arg("run.mjs")
            .current_dir(dir.path())
            .output()
            .expect("Node.js (`node`) must be installed for this test");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let js: Vec<(String, String)> = serde_json::from_slice(&output.stdout).unwrap();
        let core: Vec<(String, String)> = Content::from_text(SMALL)
            .unwrap()
            .newest_first
            .into_iter()
            .map(|s| (s.slug, s.title))
            .collect();
        assert_eq!(js, core);
    }
}
