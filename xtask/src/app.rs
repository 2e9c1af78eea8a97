//! `cargo xtask app`: the app build, the content-free output of trunk that
//! `pressroom site` turns into sites (README.md, "Publishing").
//!
//! 1. `cargo fetch --locked` (Trunk.toml sets `offline = true`, so trunk's cargo cannot).
//! 2. `trunk build` in the wasm build environment ([`crate::toolchain`]), with
//!    `--public-url` set to the placeholder the site writer replaces with each site's
//!    base, so one app build serves any base; release builds use the `wasm-release`
//!    profile (size: `opt-level = "z"`, fat LTO, `panic = "abort"`), named in
//!    `index.html`, with std rebuilt for `panic = immediate-abort`
//!    ([`crate::toolchain::WasmToolchain::size_env`]).
//! 3. Before that, the search engine module (`crates/pressroom-search-engine`) is built
//!    with the same profile and environment (so the two builds share std and the core)
//!    and, in a release build, shrunk with `wasm-opt -Oz`; its content-hashed name
//!    (`pressroom-search-<hash>.wasm`) goes to the app's build in
//!    `PRESSROOM_SEARCH_ENGINE`, and the file beside the app's own once trunk is done.
//! 4. In a release build, what the wasm imports from the glue and what the glue calls in
//!    the wasm get short names ([`crate::boundary_names`]), the JavaScript glue is
//!    minified ([`crate::glue`]), and then both are named after their final bytes
//!    ([`crate::final_names`]).
//! 5. The sample bundle trunk copies for `cargo xtask serve` is removed: the app build
//!    holds no content.
//! 6. `pressroom-app.json` says which app it is and which data formats it reads.

use crate::paths;
use crate::setup::Tools;
use crate::toolchain::WASM_TARGET;
use anyhow::{bail, Context, Result};
use pressroom_core::hash::fnv1a64;
use pressroom_core::names::{
    search_engine_file, APP_BASE_PLACEHOLDER as BASE_PLACEHOLDER, APP_MANIFEST as MANIFEST,
    APP_READS,
};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The default app build folder.
pub fn default_dir(root: &Path) -> PathBuf {
    paths::target_dir(root).join("app")
}

/// Fetches crates for the wasm build, so trunk's offline cargo build finds everything:
/// first for every platform (the app's and its build scripts' dependencies), then for
/// wasm32 alone, which with build-std (fallback) is what also fetches std's wasm-only
/// dependencies such as `dlmalloc`. `--locked` makes a stale `Cargo.lock` fail early.
/// `extra` is the environment of the build that follows (for the size build's std).
pub fn fetch(tools: &Tools, extra: &[(String, String)]) -> Result<()> {
    tools
        .wasm_cmd("cargo")
        .args(["fetch", "--locked"])
        .run()
        .context("`cargo fetch --locked` failed (is Cargo.lock up to date?)")?;
    tools
        .wasm_cmd("cargo")
        .envs(extra)
        .args(["fetch", "--locked", "--target", WASM_TARGET])
        .run()
        .context("`cargo fetch --locked --target wasm32-unknown-unknown` failed")
}

/// The manifest's text.
pub fn manifest() -> String {
    let reads: Vec<String> = APP_READS.iter().map(|r| format!("\"{r}\"")).collect();
    format!(
        "{{\"app\":\"pressroom-app\",\"version\":\"{}\",\"reads\":[{}]}}\n",
        env!("CARGO_PKG_VERSION"),
        reads.join(",")
    )
}

/// Builds the app into `out` (replacing an earlier app build there): a release build, or
/// a quicker unoptimised one.
pub fn build(tools: &Tools, out: &Path, release: bool) -> Result<()> {
    let started = Instant::now();
    if out.exists() && !out.join(MANIFEST).is_file() && !out.join(".stage").is_dir() {
        let empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !empty {
            bail!(
                "{} holds files but no {MANIFEST}; trunk empties its output folder, so choose a new \
                 or empty folder, or an earlier app build",
                out.display()
            );
        }
    }
    let size_env = if release {
        tools.toolchain.size_env()
    } else {
        Vec::new()
    };
    fetch(tools, &size_env)?;
    let engine = build_engine(tools, release, &size_env)?;
    let engine_name = search_engine_file(fnv1a64(&engine));
    let mut trunk = tools
        .wasm_cmd("trunk")
        .arg("build")
        .envs(&size_env)
        .env(ENGINE_ENV, &engine_name);
    if release {
        trunk = trunk.arg("--release");
    }
    trunk
        .args(["--locked", "--public-url", BASE_PLACEHOLDER, "--dist"])
        .arg(out)
        .run()
        .context("trunk build failed")?;
    if release {
        crate::boundary_names::shorten(out)?;
        match &tools.terser {
            Some(terser) => crate::glue::minify(terser, out)?,
            None => println!("  the JavaScript glue is not minified (no terser)"),
        }
        crate::final_names::rename_by_content(out)?;
    }
    let engine_path = out.join(&engine_name);
    std::fs::write(&engine_path, &engine)
        .with_context(|| format!("writing {}", engine_path.display()))?;
    let sample = out.join("releases.json");
    if sample.exists() {
        std::fs::remove_file(&sample).with_context(|| format!("removing {}", sample.display()))?;
    }
    let manifest_path = out.join(MANIFEST);
    std::fs::write(&manifest_path, manifest())
        .with_context(|| format!("writing {}", manifest_path.display()))?;
    println!(
        "app build in {} ({}) in {:.1?}",
        out.display(),
        if release { "release" } else { "debug" },
        started.elapsed()
    );
    Ok(())
}

/// The variable that gives the app's build the search engine's file name.
const ENGINE_ENV: &str = "PRESSROOM_SEARCH_ENGINE";

/// The search engine's crate, and its library's file name in cargo's output.
const ENGINE_CRATE: &str = "pressroom-search-engine";
const ENGINE_WASM: &str = "pressroom_search_engine.wasm";

/// Builds the search engine module with the app's profile and environment `env`; its
/// bytes (a release build shrunk with `wasm-opt -Oz`, as trunk does the app's).
fn build_engine(tools: &Tools, release: bool, env: &[(String, String)]) -> Result<Vec<u8>> {
    let (profile, dir) = if release {
        ("wasm-release", "wasm-release")
    } else {
        ("dev", "debug")
    };
    tools
        .wasm_cmd("cargo")
        .envs(env)
        .args([
            "build",
            "--locked",
            "--offline",
            "--lib",
            "-p",
            ENGINE_CRATE,
        ])
        .args(["--target", WASM_TARGET, "--profile", profile])
        .run()
        .context("building the search engine module failed")?;
    let built = paths::wasm_target_dir(&tools.root)
        .join(WASM_TARGET)
        .join(dir)
        .join(ENGINE_WASM);
    let path = if release {
        let optimised = built.with_extension("opt.wasm");
        tools
            .cmd("wasm-opt")
            .arg("-Oz")
            .arg(&built)
            .arg("-o")
            .arg(&optimised)
            .run()
            .context("wasm-opt on the search engine module failed")?;
        optimised
    } else {
        built
    };
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_the_app_and_what_it_reads() {
        let value: serde_json::Value = serde_json::from_str(&manifest()).unwrap_or_default();
        assert_eq!(value["app"], "pressroom-app");
        assert_eq!(value["reads"][0], "bundle/1");
        assert_eq!(value["version"], env!("CARGO_PKG_VERSION"));
    }
}
