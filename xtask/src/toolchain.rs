//! The wasm32 build toolchain: which one this machine uses, and the environment every wasm
//! build (trunk, wasm-bindgen-test) runs with.
//!
//! - Ordinary path: the Rust toolchain has the `wasm32-unknown-unknown` std (`rustup
//!   target add` works, or already ran).
//! - Fallback, for machines where rustup cannot download (see `docs` / the toolchain note):
//!   Debian's `rustc-web` (≥ 1.96) with its std sources builds std for wasm32 through
//!   cargo's `build-std`, linked by the `rust-lld` of rustup's host toolchain.
//!
//! The decision is cached in `target/xtask/toolchain.json` so later runs do not wait for
//! `rustup target add` to time out again; the cached fallback is re-validated each run.
//! Both paths build into `target/wasm`, apart from native builds in `target/`.

use crate::cmd::Cmd;
use crate::paths;
use crate::versions::Version;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The wasm target triple.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Environment variable forcing a toolchain: `auto` (default), `rustup` or `fallback`.
pub const FORCE_ENV: &str = "PRESSROOM_WASM_TOOLCHAIN";
/// How long `rustup target add` may take before we assume rustup cannot download.
const RUSTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// The oldest Debian `rustc-web` whose std sources the fallback is known to build.
const MIN_FALLBACK_RUSTC: Version = Version::new(1, 96, 0);
/// Debian's compiler, rustdoc, and std sources (from `rustc-web` and `rust-web-src`).
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_RUSTDOC: &str = "/usr/bin/rustdoc";
const DEBIAN_STD_SOURCES: &str = "/usr/lib/rustlib/src/rust/library";

/// How wasm32 code gets built on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum WasmToolchain {
    /// The Rust toolchain ships the wasm32 std (e.g. `rustup target add`).
    Rustup,
    /// Debian's rustc-web builds std from source (`build-std`).
    Fallback {
        /// `rustc --version` of Debian's compiler.
        rustc_version: String,
        /// The `rust-lld` of rustup's host toolchain.
        linker: PathBuf,
    },
}

/// What `target/xtask/toolchain.json` records.
#[derive(Debug, Serialize, Deserialize)]
struct CachedDecision {
    /// `rustc -vV` release of the host toolchain when decided; a new toolchain re-decides.
    host_release: String,
    toolchain: WasmToolchain,
}

/// The host Rust toolchain (rustup's, when rustup is there).
struct Host {
    rustc: PathBuf,
    triple: String,
    release: String,
    sysroot: PathBuf,
}

impl WasmToolchain {
    /// The line `setup` ends with.
    pub fn describe(&self) -> String {
        match self {
            WasmToolchain::Rustup => "rustup target".to_owned(),
            WasmToolchain::Fallback { rustc_version, .. } => {
                let version = Version::find_in(rustc_version)
                    .map(|v| format!("{}.{}", v.major, v.minor))
                    .unwrap_or_else(|| rustc_version.clone());
                format!("fallback (Debian rustc-web {version} + build-std)")
            }
        }
    }

    /// The environment of every wasm build (trunk, `cargo test --target wasm32…`).
    pub fn wasm_env(&self, root: &Path) -> Vec<(String, String)> {
        let mut env = Vec::new();
        if let WasmToolchain::Fallback { linker, .. } = self {
            env.push(("RUSTC".to_owned(), DEBIAN_RUSTC.to_owned()));
            env.push(("RUSTDOC".to_owned(), DEBIAN_RUSTDOC.to_owned()));
            env.push(("RUSTC_BOOTSTRAP".to_owned(), "1".to_owned()));
            env.push((
                "CARGO_UNSTABLE_BUILD_STD".to_owned(),
                "std,panic_abort".to_owned(),
            ));
            env.push((
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER".to_owned(),
                linker.to_string_lossy().into_owned(),
            ));
        }
        env.push((
            "CARGO_TARGET_DIR".to_owned(),
            paths::wasm_target_dir(root).to_string_lossy().into_owned(),
        ));
        env
    }

    /// What the release app build adds for size:
    /// - Leptos's `erase_components`: views are type-erased, so each component is
    ///   compiled once instead of once per combination of child types (−17 KB gzip here,
    ///   measured: 389,380 → 372,341 bytes);
    /// - a smaller stack ([`STACK_SIZE`]);
    /// - std rebuilt from its sources with `panic = immediate-abort`, so no panic
    ///   message, location or formatting code is linked (about −10 % gzip here). Left
    ///   out, with a note, when std's sources are missing (rustup's `rust-src` could not
    ///   be added): that build is bigger, not broken.
    ///
    /// Test builds get neither; their panic messages matter.
    pub fn size_env(&self) -> Vec<(String, String)> {
        let sources = match self {
            WasmToolchain::Fallback { .. } => true,
            WasmToolchain::Rustup => rust_src_installed(),
        };
        if !sources {
            println!("  no std sources (rustup component rust-src): the wasm keeps panic messages");
            return vec![(
                WASM_RUSTFLAGS.to_owned(),
                format!("{ERASE_COMPONENTS} {STACK_SIZE}"),
            )];
        }
        immediate_abort_env()
    }
}

/// Cargo's variable for the flags of wasm code only (build scripts and proc-macros, which
/// run on the host, keep the defaults).
const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// Leptos's type-erased views.
const ERASE_COMPONENTS: &str = "--cfg erase_components";

/// A 256 KiB stack instead of the linker's 1 MiB: the stack is part of the wasm's memory
/// from the start (1 MiB → 512 KiB measured 3.3 → 3.1 MB of JS heap and wasm memory
/// after loading an article). Measured on 2026-12-03 in Chromium (the lowest stack byte
/// ever written): 12.6 KB deep at most, for the list, an article, Next and a hostile
/// release (JSON nested 120 deep in an unknown field, 3,000 nested quotes and brackets
/// in its body) alike, since serde_json skips and pulldown-cmark parses without
/// recursion. 256 KiB leaves twenty times that; the end-to-end suite's hostile bundles
/// run on it.
const STACK_SIZE: &str = "-C link-arg=-zstack-size=262144";

/// The environment of a `build-std` build with `panic = immediate-abort` (unstable, hence
/// `RUSTC_BOOTSTRAP`) and erased components, for the wasm target only.
fn immediate_abort_env() -> Vec<(String, String)> {
    vec![
        ("RUSTC_BOOTSTRAP".to_owned(), "1".to_owned()),
        (
            "CARGO_UNSTABLE_BUILD_STD".to_owned(),
            "std,panic_abort".to_owned(),
        ),
        (
            WASM_RUSTFLAGS.to_owned(),
            format!("-Zunstable-options -Cpanic=immediate-abort {ERASE_COMPONENTS} {STACK_SIZE}"),
        ),
    ]
}

/// Whether rustup's toolchain has std's sources, adding the `rust-src` component (with
/// the same time limit as the target) when it has not.
fn rust_src_installed() -> bool {
    let has_sources = || {
        host_toolchain().is_ok_and(|host| {
            host.sysroot
                .join("lib/rustlib/src/rust/library/std/Cargo.toml")
                .is_file()
        })
    };
    if has_sources() {
        return true;
    }
    println!("adding rustup's rust-src component (std's sources, for the size build) …");
    let added = Cmd::new("rustup")
        .args(["component", "add", "rust-src"])
        .status_timeout(RUSTUP_TIMEOUT);
    matches!(added, Ok(Some(status)) if status.success()) && has_sources()
}

/// Finds (installing if needed) a way to build wasm32 code, printing what it checks.
///
/// `PRESSROOM_WASM_TOOLCHAIN=fallback` forces the Debian fallback (e.g. to reproduce a
/// machine without rustup downloads); `=rustup` forbids it. Forced runs do not touch
/// the cached decision.
pub fn ensure(root: &Path) -> Result<WasmToolchain> {
    let host = host_toolchain()?;
    let cache_path = paths::xtask_state_dir(root).join("toolchain.json");
    let forced = std::env::var(FORCE_ENV).unwrap_or_default();
    match forced.trim() {
        "" | "auto" => {}
        "fallback" => {
            println!("  {FORCE_ENV}=fallback: not using rustup's {WASM_TARGET} std");
            return ensure_fallback(&host);
        }
        "rustup" => {
            println!("  {FORCE_ENV}=rustup: the fallback is not allowed");
            if wasm_std_installed(&host) || try_rustup_add(&host)? {
                println!("✓ {WASM_TARGET} target installed (rustc {})", host.release);
                return Ok(WasmToolchain::Rustup);
            }
            bail!("{FORCE_ENV}=rustup, but rustup could not add the {WASM_TARGET} target");
        }
        other => bail!("{FORCE_ENV}={other:?}: expected `auto`, `rustup` or `fallback`"),
    }

    if wasm_std_installed(&host) {
        println!("✓ {WASM_TARGET} target installed (rustc {})", host.release);
        save(&cache_path, &host, &WasmToolchain::Rustup);
        return Ok(WasmToolchain::Rustup);
    }

    if let Some(WasmToolchain::Fallback { .. }) = load(&cache_path, &host) {
        match validate_fallback(&host) {
            Ok(current) => {
                println!(
                    "✓ {WASM_TARGET}: fallback, as decided earlier (rustup could not add the target; delete {} to retry)",
                    cache_path.display()
                );
                save(&cache_path, &host, &current);
                return Ok(current);
            }
            Err(error) => println!("  cached fallback no longer valid ({error:#}); re-checking"),
        }
    }

    if try_rustup_add(&host)? {
        println!("✓ {WASM_TARGET} target added with rustup");
        save(&cache_path, &host, &WasmToolchain::Rustup);
        return Ok(WasmToolchain::Rustup);
    }
    let fallback = ensure_fallback(&host)?;
    save(&cache_path, &host, &fallback);
    Ok(fallback)
}

/// `rustup target add wasm32-unknown-unknown`, killed after [`RUSTUP_TIMEOUT`].
/// Returns whether the target is now installed.
fn try_rustup_add(host: &Host) -> Result<bool> {
    if !rustup_available() {
        println!(
            "  no rustup and no {WASM_TARGET} std in {}",
            host.sysroot.display()
        );
        return Ok(false);
    }
    println!(
        "{WASM_TARGET} target missing; trying rustup (giving up after {} s) …",
        RUSTUP_TIMEOUT.as_secs()
    );
    let added = Cmd::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .status_timeout(RUSTUP_TIMEOUT)?;
    match added {
        Some(status) if status.success() && wasm_std_installed(host) => return Ok(true),
        Some(status) => println!("  rustup target add failed ({status})"),
        None => println!(
            "  rustup target add did not finish in {} s (rustup servers unreachable?)",
            RUSTUP_TIMEOUT.as_secs()
        ),
    }
    Ok(false)
}

/// The fallback, installing Debian's rustc-web and rust-web-src if needed.
fn ensure_fallback(host: &Host) -> Result<WasmToolchain> {
    println!("using the fallback: Debian rustc-web + build-std");
    match validate_fallback(host) {
        Ok(fallback) => Ok(fallback),
        Err(error) => {
            println!("  Debian rustc-web not usable yet ({error:#})");
            println!("installing rustc-web rust-web-src with apt-get …");
            crate::apt::install(&["rustc-web", "rust-web-src"], false)?;
            validate_fallback(host).context("the fallback toolchain is still not usable")
        }
    }
}

/// Checks Debian's compiler, its std sources and the host linker; prints what it found.
fn validate_fallback(host: &Host) -> Result<WasmToolchain> {
    let rustc_version = Cmd::new(DEBIAN_RUSTC)
        .arg("--version")
        .probe()
        .with_context(|| format!("{DEBIAN_RUSTC} missing or not working"))?;
    let rustc_version = rustc_version.trim().to_owned();
    let version = Version::find_in(&rustc_version)
        .with_context(|| format!("unreadable `{DEBIAN_RUSTC} --version`: {rustc_version}"))?;
    if version < MIN_FALLBACK_RUSTC {
        bail!("{DEBIAN_RUSTC} is {version}, older than {MIN_FALLBACK_RUSTC}");
    }
    if !Path::new(DEBIAN_STD_SOURCES).is_dir() {
        bail!("{DEBIAN_STD_SOURCES} missing (Debian package rust-web-src)");
    }
    let linker = host
        .sysroot
        .join("lib")
        .join("rustlib")
        .join(&host.triple)
        .join("bin")
        .join("rust-lld");
    if !linker.is_file() {
        bail!(
            "no rust-lld at {} (the host toolchain of {} should ship it)",
            linker.display(),
            host.rustc.display()
        );
    }
    println!("✓ {rustc_version} at {DEBIAN_RUSTC}, std sources in {DEBIAN_STD_SOURCES}");
    println!("✓ linker {}", linker.display());
    Ok(WasmToolchain::Fallback {
        rustc_version,
        linker,
    })
}

fn rustup_available() -> bool {
    Cmd::new("rustup").arg("--version").probe().is_some()
}

/// rustup's `rustc` (not `$RUSTC`, not whatever `/usr/bin/rustc` is), with its host triple
/// and sysroot.
fn host_toolchain() -> Result<Host> {
    let rustc = Cmd::new("rustup")
        .args(["which", "rustc"])
        .probe()
        .map(|path| PathBuf::from(path.trim()))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from("rustc"));
    let verbose = Cmd::new(&rustc)
        .arg("-vV")
        .read()
        .context("running the host `rustc -vV`")?;
    let field = |name: &str| {
        verbose
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
    };
    let triple = field("host:").context("`rustc -vV` printed no host triple")?;
    let release = field("release:").context("`rustc -vV` printed no release")?;
    let sysroot = Cmd::new(&rustc)
        .args(["--print", "sysroot"])
        .read()
        .context("running the host `rustc --print sysroot`")?;
    Ok(Host {
        rustc,
        triple,
        release,
        sysroot: PathBuf::from(sysroot.trim()),
    })
}

/// Whether the host toolchain has the wasm32 std: rustup's list, or the sysroot itself.
fn wasm_std_installed(host: &Host) -> bool {
    if let Some(list) = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
    {
        return list.lines().any(|line| line.trim() == WASM_TARGET);
    }
    host.sysroot
        .join("lib")
        .join("rustlib")
        .join(WASM_TARGET)
        .join("lib")
        .is_dir()
}

fn load(path: &Path, host: &Host) -> Option<WasmToolchain> {
    let text = std::fs::read_to_string(path).ok()?;
    let cached: CachedDecision = serde_json::from_str(&text).ok()?;
    (cached.host_release == host.release).then_some(cached.toolchain)
}

/// Records the decision; failing to write it only costs time on the next run.
fn save(path: &Path, host: &Host, toolchain: &WasmToolchain) {
    let decision = CachedDecision {
        host_release: host.release.clone(),
        toolchain: toolchain.clone(),
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            let json = serde_json::to_string_pretty(&decision).map_err(std::io::Error::other)?;
            std::fs::write(path, json + "\n")
        });
    if let Err(error) = written {
        eprintln!("warning: could not write {}: {error}", path.display());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn describes_both_paths() {
        assert_eq!(WasmToolchain::Rustup.describe(), "rustup target");
        let fallback = WasmToolchain::Fallback {
            rustc_version: "rustc 1.96.0 (ac68faa20 2026-05-25) (built from a source tarball)"
                .to_owned(),
            linker: PathBuf::from("/x/rust-lld"),
        };
        assert_eq!(
            fallback.describe(),
            "fallback (Debian rustc-web 1.96 + build-std)"
        );
    }

    #[test]
    fn the_size_build_rebuilds_std_with_immediate_abort_for_wasm_only() {
        let env = immediate_abort_env();
        let get = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(get("RUSTC_BOOTSTRAP"), Some("1"));
        assert_eq!(get("CARGO_UNSTABLE_BUILD_STD"), Some("std,panic_abort"));
        let flags = get("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS").unwrap_or_default();
        assert!(flags.contains("-Cpanic=immediate-abort"), "{flags}");
        assert!(flags.contains("--cfg erase_components"), "{flags}");
        // Written by hand: 256 KiB.
        assert!(flags.contains("-zstack-size=262144"), "{flags}");
        assert!(get("RUSTFLAGS").is_none(), "host code keeps unwinding");
    }

    #[test]
    fn wasm_env_always_separates_the_target_dir() {
        let root = Path::new("/repo");
        let rustup = WasmToolchain::Rustup.wasm_env(root);
        assert_eq!(
            rustup,
            vec![(
                "CARGO_TARGET_DIR".to_owned(),
                "/repo/target/wasm".to_owned()
            )]
        );
        let fallback = WasmToolchain::Fallback {
            rustc_version: "rustc 1.96.0".to_owned(),
            linker: PathBuf::from("/sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"),
        }
        .wasm_env(root);
        let get = |k: &str| {
            fallback
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("RUSTC"), Some("/usr/bin/rustc"));
        assert_eq!(get("RUSTDOC"), Some("/usr/bin/rustdoc"));
        assert_eq!(get("RUSTC_BOOTSTRAP"), Some("1"));
        assert_eq!(get("CARGO_UNSTABLE_BUILD_STD"), Some("std,panic_abort"));
        assert_eq!(
            get("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER"),
            Some("/sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld")
        );
        assert_eq!(get("CARGO_TARGET_DIR"), Some("/repo/target/wasm"));
    }

    #[test]
    fn cache_round_trips() {
        let decision = CachedDecision {
            host_release: "1.95.0".to_owned(),
            toolchain: WasmToolchain::Fallback {
                rustc_version: "rustc 1.96.0".to_owned(),
                linker: PathBuf::from("/l"),
            },
        };
        let json = serde_json::to_string(&decision).unwrap();
        assert!(json.contains(r#""mode":"fallback""#), "{json}");
        let back: CachedDecision = serde_json::from_str(&json).unwrap();
        assert_eq!(back.toolchain, decision.toolchain);
    }
}
