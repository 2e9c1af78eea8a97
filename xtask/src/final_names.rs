//! Names after the final bytes: the last step of a release app build.
//!
//! Trunk names the glue and the wasm `pressroom-app-<hash>.js` and `…_bg.wasm` after the
//! wasm as wasm-bindgen wrote it. The release build changes both files after that
//! (shorter import and export names, [`crate::boundary_names`]; the minified glue,
//! [`crate::glue`]), so trunk's hash no longer tells their contents: a build with a new
//! post-processing step but the same Rust code would ship other bytes under the same
//! names, and a CDN or browser holding the old files for good (hashed names are served
//! `immutable`) would pair an old glue with a new page, whose integrity check then
//! refuses it. This step renames the pair `pressroom-app-<16 hex digits of the SHA-256 of
//! the wasm, then the glue>` and rewrites the references in the app's HTML files.

use std::path::Path;

use anyhow::{ensure, Context, Result};
use sha2::{Digest, Sha256};

use crate::glue::{glue_file, replace_in_html, wasm_of};

/// How many hex digits of the hash a name carries (as trunk's).
const HASH_DIGITS: usize = 16;

/// The hash a pair of files is named after.
fn content_hash(wasm: &[u8], glue: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(wasm)
        .chain_update(glue)
        .finalize();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    hex[..HASH_DIGITS].to_owned()
}

/// Renames the glue and wasm of the app build in `dir` after their bytes, and the
/// references to them in its HTML files.
pub fn rename_by_content(dir: &Path) -> Result<()> {
    let glue = glue_file(dir)?;
    let wasm = wasm_of(&glue);
    let old_stem = file_name(&glue)?
        .strip_suffix(".js")
        .context("a glue file that does not end in .js")?
        .to_owned();
    let (base, _) = old_stem
        .rsplit_once('-')
        .with_context(|| format!("{old_stem}.js has no hash in its name"))?;
    let wasm_bytes = std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let glue_bytes = std::fs::read(&glue).with_context(|| format!("reading {}", glue.display()))?;
    let new_stem = format!("{base}-{}", content_hash(&wasm_bytes, &glue_bytes));
    if new_stem == old_stem {
        return Ok(());
    }
    let new_glue = dir.join(format!("{new_stem}.js"));
    let mut replaced = 0;
    for (old, new) in [(&glue, &new_glue), (&wasm, &wasm_of(&new_glue))] {
        let (old_name, new_name) = (file_name(old)?, file_name(new)?);
        let count = replace_in_html(dir, old_name, new_name)?;
        ensure!(
            count > 0,
            "no HTML file of {} names {old_name}",
            dir.display()
        );
        replaced += count;
        std::fs::rename(old, new).with_context(|| format!("renaming {old_name} to {new_name}"))?;
    }
    println!("named the app after its final bytes: {new_stem} ({replaced} references)");
    Ok(())
}

/// The file name of `path`, which xtask only gives UTF-8 names.
fn file_name(path: &Path) -> Result<&str> {
    path.file_name()
        .and_then(|name| name.to_str())
        .with_context(|| format!("{} has no UTF-8 file name", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_of_the_wasm_then_the_glue() {
        // printf 'wasmglue' | sha256sum
        assert_eq!(content_hash(b"wasm", b"glue"), "66b80f8d6e4fb713");
    }

    #[test]
    fn the_pair_and_the_pages_references_are_renamed() {
        let dir = std::env::temp_dir().join(format!("xtask-final-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let page = "<link rel=\"modulepreload\" href=\"/b/app-0011.js\"><link rel=\"preload\" href=\"/b/app-0011_bg.wasm\"><script type=\"module\">import init from '/b/app-0011.js'; init({ module_or_path: '/b/app-0011_bg.wasm' });</script>";
        for (name, text) in [
            ("app-0011.js", "glue"),
            ("app-0011_bg.wasm", "wasm"),
            ("index.html", page),
        ] {
            std::fs::write(dir.join(name), text).expect("writes");
        }
        rename_by_content(&dir).expect("renames");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
        assert_eq!(read("app-66b80f8d6e4fb713.js"), "glue");
        assert_eq!(read("app-66b80f8d6e4fb713_bg.wasm"), "wasm");
        assert!(!dir.join("app-0011.js").exists());
        let html = read("index.html");
        assert!(!html.contains("app-0011"), "{html}");
        assert_eq!(html.matches("/b/app-66b80f8d6e4fb713.js").count(), 2);
        assert_eq!(html.matches("/b/app-66b80f8d6e4fb713_bg.wasm").count(), 2);
        // A second run finds the names right and changes nothing.
        rename_by_content(&dir).expect("runs again");
        assert_eq!(read("index.html"), html);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
