//! A small app build for tests of the site writer and of `pressroom site`: the shell
//! page trunk writes (under the base placeholder) and stand-ins for the glue, wasm,
//! stylesheet and icon, with real integrity hashes, so every check of the site writer
//! runs on it. The real app build needs a wasm toolchain and minutes of compiling.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use base64::Engine as _;
use pressroom_core::names::{APP_BASE_PLACEHOLDER, APP_MANIFEST, APP_READS};
use sha2::{Digest, Sha384};

use crate::AppBuild;

/// The app's files as a trunk build names them, with their (fake) contents.
pub const APP_FILES: [(&str, &str); 5] = [
    (
        "pressroom-app-3557d9aa456a66af.js",
        "export default function init() {}\n",
    ),
    ("pressroom-app-3557d9aa456a66af_bg.wasm", "\0asm\u{1}\0\0\0"),
    (
        "pressroom-56d72085c1a3c9b0.css",
        ".pressroom { color: #222; }\n",
    ),
    (
        "favicon-e68e626c7081ac24.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ),
    (
        "theme-5a1c2b3d4e5f6071.js",
        "document.documentElement.setAttribute(\"data-pressroom-theme\", \"dark\");\n",
    ),
];

fn sri(text: &str) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(text.as_bytes()))
    )
}

/// A shell page as `trunk build --public-url {APP_BASE_PLACEHOLDER}` writes it.
pub fn shell() -> String {
    let [glue, wasm, css, _, theme] = APP_FILES;
    let base = APP_BASE_PLACEHOLDER;
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Press releases</title>
    <meta name="description" content="Press releases">
    <script src="{base}{t}" crossorigin="anonymous" integrity="{ts}"></script>
<script type="module">
import init, * as bindings from '{base}{g}';
const wasm = await init({{ module_or_path: '{base}{w}' }});
window.wasmBindings = bindings;
</script>
    <link rel="stylesheet" href="{base}{c}" integrity="{cs}"/>
    <link rel="icon" href="{base}favicon-e68e626c7081ac24.svg"/>
<link rel="modulepreload" href="{base}{g}" crossorigin="anonymous" integrity="{gs}"><link rel="preload" href="{base}{w}" crossorigin="anonymous" integrity="{ws}" as="fetch" type="application/wasm"></head>
<body>
    <div id="pressroom" class="pressroom">
        <p class="loading" data-testid="loading" aria-busy="true">Loading releases…</p>
        <noscript><p class="load-error">Pressroom needs JavaScript to show the releases.</p></noscript>
    </div>
</body>
</html>
"#,
        g = glue.0,
        w = wasm.0,
        c = css.0,
        cs = sri(css.1),
        t = theme.0,
        ts = sri(theme.1),
        gs = sri(glue.1),
        ws = sri(wasm.1),
    )
}

/// Writes the test app build into `dir` and reads it back.
pub fn write_test_app(dir: &Path) -> Result<AppBuild> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    fs::write(dir.join("index.html"), shell())?;
    let reads: Vec<String> = APP_READS.iter().map(|f| format!("\"{f}\"")).collect();
    fs::write(
        dir.join(APP_MANIFEST),
        format!(
            r#"{{"app":"pressroom-app","version":"0.1.0","reads":[{}]}}"#,
            reads.join(",")
        ),
    )?;
    for (name, text) in APP_FILES {
        fs::write(dir.join(name), text)?;
    }
    AppBuild::read(dir)
}
