//! Minifying the app's JavaScript glue (wasm-bindgen's `pressroom-app-<hash>.js`) in a
//! release build with terser from npm: 9,705 → 7,681 bytes gzip measured, under issue
//! 10's 8 KB budget. Trunk's own `minify` breaks this file, so it stays off.
//!
//! The `integrity` attributes trunk wrote for it in the app's HTML files are replaced
//! with the new hash (`pressroom site` checks them against the files); its name changes
//! after the last step of the build ([`crate::final_names`]). Without terser the glue
//! stays as wasm-bindgen wrote it: bigger, not broken.

use crate::cmd::Cmd;
use anyhow::{Context, Result};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::{Path, PathBuf};

/// The wasm that the glue `glue` (`<stem>.js`) loads: `<stem>_bg.wasm` beside it.
pub(crate) fn wasm_of(glue: &Path) -> PathBuf {
    let stem = glue
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    glue.with_file_name(format!("{stem}_bg.wasm"))
}

/// The glue in the app build folder `dir`: the `.js` file with a matching `_bg.wasm`.
pub(crate) fn glue_file(dir: &Path) -> Result<PathBuf> {
    let mut found = None;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "js") && wasm_of(&path).is_file() {
            found = Some(path);
        }
    }
    found.with_context(|| format!("no wasm-bindgen glue in {}", dir.display()))
}

/// The subresource integrity value of `bytes` (`sha384-…`), as trunk writes it.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Minifies the glue in `dir` with `terser` and updates the integrity attributes.
pub fn minify(terser: &Path, dir: &Path) -> Result<()> {
    let glue = glue_file(dir)?;
    let before = std::fs::read(&glue).with_context(|| format!("reading {}", glue.display()))?;
    let minified = glue.with_extension("min.js");
    Cmd::new(terser)
        .arg(&glue)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&minified)
        .run()
        .context("terser failed on the JavaScript glue")?;
    let text = std::fs::read_to_string(&minified)?;
    std::fs::remove_file(&minified)?;
    let after = exports_on_their_own_lines(&text).into_bytes();
    std::fs::write(&glue, &after).with_context(|| format!("writing {}", glue.display()))?;
    let replaced = replace_in_html(dir, &integrity(&before), &integrity(&after))?;
    println!(
        "minified the JavaScript glue: {} → {} bytes ({replaced} integrity attributes updated)",
        before.len(),
        after.len()
    );
    Ok(())
}

/// `code` with every top-level `export` that follows a statement on the same line moved
/// to a line of its own, as wasm-bindgen writes them: the single-file writer
/// (`pressroom_site::single_file::inline_glue`) reads the exports line by line.
fn exports_on_their_own_lines(code: &str) -> String {
    let mut out = code.to_owned();
    for end in ['}', ';'] {
        for export in ["export{", "export "] {
            out = out.replace(&format!("{end}{export}"), &format!("{end}\n{export}"));
        }
    }
    out
}

/// Replaces `old` by `new` (an integrity value, a file name) in every `.html` file of
/// `dir`; how many were replaced.
pub(crate) fn replace_in_html(dir: &Path, old: &str, new: &str) -> Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let n = html.matches(old).count();
        if n > 0 {
            std::fs::write(&path, html.replace(old, new))
                .with_context(|| format!("writing {}", path.display()))?;
            count += n;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_sha384_in_base64() {
        // printf 'abc' | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn exports_start_their_lines() {
        let minified =
            "export class A{}\nfunction b(){}export{b as default};var c=1;export const d=2";
        assert_eq!(
            exports_on_their_own_lines(minified),
            "export class A{}\nfunction b(){}\nexport{b as default};var c=1;\nexport const d=2"
        );
    }

    #[test]
    fn the_glue_is_found_and_its_integrity_replaced() {
        let dir = std::env::temp_dir().join(format!("xtask-glue-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        for (name, text) in [
            ("app-1.js", "glue"),
            ("app-1_bg.wasm", ""),
            ("theme-2.js", "theme"),
            (
                "index.html",
                "<script integrity=\"OLD\"></script><link integrity=\"OLD\">",
            ),
            ("other.txt", "OLD"),
        ] {
            std::fs::write(dir.join(name), text).expect("writes");
        }
        assert_eq!(glue_file(&dir).expect("found"), dir.join("app-1.js"));
        assert_eq!(replace_in_html(&dir, "OLD", "NEW").expect("replaces"), 2);
        let html = std::fs::read_to_string(dir.join("index.html")).expect("reads");
        assert!(!html.contains("OLD") && html.matches("NEW").count() == 2);
        assert_eq!(
            std::fs::read_to_string(dir.join("other.txt")).expect("reads"),
            "OLD"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
