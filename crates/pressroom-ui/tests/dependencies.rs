//! The crate's views are rendered natively by the site writer, where any browser call
//! panics: so the crate must not be able to make one. Its manifest may name no crate that
//! reaches browser APIs, and its source may not reach them through Leptos either.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

const BROWSER_CRATES: [&str; 5] = ["web-sys", "js-sys", "wasm-bindgen", "gloo", "leptos_dom"];

#[test]
fn the_manifest_names_no_browser_crate() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    for line in manifest.lines().map(str::trim) {
        let name = line.split(['=', ' ', '.']).next().unwrap_or_default();
        for browser in BROWSER_CRATES {
            assert!(
                !name.starts_with(browser),
                "pressroom-ui may not depend on {browser}: {line}"
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_source_reaches_no_browser_api() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "found the sources: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for needle in [
            "web_sys",
            "js_sys",
            "wasm_bindgen",
            "leptos_dom",
            "leptos::web_sys",
        ] {
            assert!(
                !text.contains(needle),
                "{} names {needle}: browser work belongs in the shell (src/)",
                file.display()
            );
        }
    }
}
