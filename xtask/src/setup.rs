//! `cargo xtask setup`: the idempotent bootstrap of everything the other commands need.
//!
//! Checks, and installs only what is missing or has the wrong version:
//! 1. a wasm32 toolchain ([`crate::toolchain`]: rustup target, else the Debian fallback);
//! 2. trunk 0.21.x (`cargo install --locked trunk --version ^0.21`);
//! 3. wasm-bindgen-cli at exactly the `wasm-bindgen` version of `Cargo.lock` (it also
//!    provides `wasm-bindgen-test-runner`);
//! 4. wasm-opt from binaryen 132 (npm), in `~/.local/share/pressroom-tools/binaryen`;
//! 5. terser (npm), in `~/.local/share/pressroom-tools/terser`, for the release build's
//!    JavaScript glue (left out, with a note, when it cannot be installed);
//! 6. optionally Chromium and a chromedriver of the same major version.
//!
//! The result, [`Tools`], gives the directories to prepend to children's `PATH` and the
//! environment of wasm builds.

use crate::cmd::{self, Cmd};
use crate::paths;
use crate::toolchain::{self, WasmToolchain};
use crate::versions::{self, Version};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The binaryen release whose wasm-opt we use (Debian's 108 breaks the module).
pub const BINARYEN_VERSION: u64 = 132;
/// trunk's release series (0.22 needs a newer rustc than many machines have).
const TRUNK_SERIES: Version = Version::new(0, 21, 0);
/// Chromium's default locations (Debian's `chromium` and `chromium-driver`); the
/// committed `webdriver.json` names this Chromium.
pub const DEFAULT_CHROME: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which optional parts a command needs.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// Chromium and chromedriver (tests only).
    pub browser: bool,
}

/// A browser and its driver.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The Chromium (or Chrome) binary.
    pub chrome: PathBuf,
    /// The chromedriver binary.
    pub chromedriver: PathBuf,
    /// axe-core's `axe.min.js`, for the end-to-end accessibility audit.
    pub axe: PathBuf,
}

/// Everything `setup` found or installed.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The repository root.
    pub root: PathBuf,
    /// How wasm32 code is built here.
    pub toolchain: WasmToolchain,
    /// Directories to put in front of every child's `PATH`.
    pub path_prepend: Vec<PathBuf>,
    /// Chromium and chromedriver, when asked for.
    pub browser: Option<Browser>,
    /// terser, which minifies the release build's JavaScript glue (`None`: it could not
    /// be installed, and the glue stays as wasm-bindgen wrote it).
    pub terser: Option<PathBuf>,
}

impl Tools {
    /// A command with the tool directories in front of its `PATH`.
    pub fn cmd(&self, program: &str) -> Cmd {
        Cmd::new(program)
            .path_prepend(&self.path_prepend)
            .cwd(&self.root)
    }

    /// A command with the tool directories on `PATH` and the wasm build environment.
    pub fn wasm_cmd(&self, program: &str) -> Cmd {
        self.cmd(program).envs(&self.toolchain.wasm_env(&self.root))
    }
}

/// `cargo xtask setup`: everything, including the browser.
pub fn run() -> Result<()> {
    println!("== setup");
    ensure(&paths::repo_root(), Needs { browser: true }).map(|_tools| ())
}

/// Checks and installs the tools; prints one line per check and what it installs.
pub fn ensure(root: &Path, needs: Needs) -> Result<Tools> {
    let started = Instant::now();
    let toolchain = toolchain::ensure(root)?;

    let mut path_prepend = Vec::new();
    if let Some(cargo_bin) = paths::cargo_bin_dir() {
        path_prepend.push(cargo_bin);
    }
    let binaryen_bin = paths::tools_data_dir()?
        .join("binaryen")
        .join("node_modules")
        .join(".bin");
    path_prepend.push(binaryen_bin.clone());
    let probe = |program: &str| {
        Cmd::new(program)
            .arg("--version")
            .path_prepend(&path_prepend)
            .probe()
    };

    ensure_trunk(&probe)?;
    ensure_wasm_bindgen(root, &probe)?;
    ensure_wasm_opt(&binaryen_bin)?;
    let terser = ensure_terser();
    let browser = if needs.browser {
        Some(ensure_browser()?)
    } else {
        None
    };

    println!("wasm toolchain: {}", toolchain.describe());
    println!("setup took {:.1?}", started.elapsed());
    Ok(Tools {
        root: root.to_path_buf(),
        toolchain,
        path_prepend,
        browser,
        terser,
    })
}

/// The release profile for installing build tools: they need not be as fast as possible,
/// and these settings halve a cold install on 2 cores (trunk: 12 min → 6 min measured).
pub const TOOL_PROFILE: [(&str, &str); 4] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
];

/// `cargo` for `cargo install` of a build tool, with [`TOOL_PROFILE`].
fn tool_install() -> Cmd {
    TOOL_PROFILE
        .iter()
        .fold(Cmd::new("cargo"), |cmd, (name, value)| {
            cmd.env(*name, *value)
        })
}

fn ensure_trunk(probe: &dyn Fn(&str) -> Option<String>) -> Result<()> {
    let current = probe("trunk").and_then(|out| Version::find_in(&out));
    match current {
        Some(version) if version.is_compatible_with(&TRUNK_SERIES) => {
            println!("✓ trunk {version}");
            return Ok(());
        }
        Some(version) => println!(
            "  trunk {version} is not {}.{}.x",
            TRUNK_SERIES.major, TRUNK_SERIES.minor
        ),
        None => println!("  trunk not found"),
    }
    println!("installing trunk ^0.21 from crates.io (about 6 minutes on 2 cores) …");
    tool_install()
        .args(["install", "--locked", "trunk", "--version", "^0.21"])
        .run()
        .context("installing trunk")?;
    match probe("trunk").and_then(|out| Version::find_in(&out)) {
        Some(version) if version.is_compatible_with(&TRUNK_SERIES) => {
            println!("✓ trunk {version}");
            Ok(())
        }
        other => bail!("after installing, `trunk --version` reports {other:?}, not 0.21.x"),
    }
}

/// Fails if `Trunk.toml` pins other tool versions than the ones the app needs (trunk,
/// offline, would then refuse to build).
fn check_trunk_toml(root: &Path, wasm_bindgen: Version) -> Result<()> {
    let path = root.join("Trunk.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let (pinned_bindgen, pinned_opt) =
        versions::trunk_tool_pins(&text).with_context(|| format!("reading {}", path.display()))?;
    if pinned_bindgen.as_deref().and_then(Version::parse) != Some(wasm_bindgen) {
        bail!(
            "{}: [tools] wasm_bindgen = {pinned_bindgen:?}, but Cargo.lock has wasm-bindgen {wasm_bindgen}; make them equal",
            path.display()
        );
    }
    let wanted_opt = format!("version_{BINARYEN_VERSION}");
    if pinned_opt.as_deref() != Some(wanted_opt.as_str()) {
        bail!(
            "{}: [tools] wasm_opt = {pinned_opt:?}, expected {wanted_opt:?}",
            path.display()
        );
    }
    Ok(())
}

fn ensure_wasm_bindgen(root: &Path, probe: &dyn Fn(&str) -> Option<String>) -> Result<()> {
    let wanted = versions::app_wasm_bindgen_version(root)?;
    check_trunk_toml(root, wanted)?;
    let installed = |program: &str| probe(program).and_then(|out| Version::find_in(&out));
    let check = || {
        let cli = installed("wasm-bindgen");
        let runner = installed("wasm-bindgen-test-runner");
        (cli == Some(wanted) && runner == Some(wanted), cli)
    };
    let (ok, cli) = check();
    if ok {
        println!("✓ wasm-bindgen-cli {wanted} (matches Cargo.lock)");
        return Ok(());
    }
    match cli {
        Some(version) => {
            println!("  wasm-bindgen-cli {version} installed, Cargo.lock wants {wanted}")
        }
        None => println!("  wasm-bindgen-cli not found (Cargo.lock wants {wanted})"),
    }
    println!("installing wasm-bindgen-cli {wanted} from crates.io …");
    let version = wanted.to_string();
    let locked = tool_install()
        .args([
            "install",
            "--locked",
            "wasm-bindgen-cli",
            "--version",
            &version,
        ])
        .run();
    if let Err(error) = locked {
        println!("  `--locked` install failed ({error:#}); retrying without --locked …");
        tool_install()
            .args(["install", "wasm-bindgen-cli", "--version", &version])
            .run()
            .context("installing wasm-bindgen-cli")?;
    }
    let (ok, cli) = check();
    if !ok {
        bail!("after installing, wasm-bindgen reports {cli:?}, not {wanted}");
    }
    println!("✓ wasm-bindgen-cli {wanted}");
    Ok(())
}

fn ensure_wasm_opt(bin_dir: &Path) -> Result<()> {
    let wasm_opt = bin_dir.join("wasm-opt");
    let version = || {
        Cmd::new(&wasm_opt)
            .arg("--version")
            .probe()
            .and_then(|out| versions::binaryen_version(&out))
    };
    match version() {
        Some(BINARYEN_VERSION) => {
            println!(
                "✓ wasm-opt version {BINARYEN_VERSION} ({})",
                wasm_opt.display()
            );
            return Ok(());
        }
        Some(other) => println!("  wasm-opt version {other} found, want {BINARYEN_VERSION}"),
        None => println!(
            "  wasm-opt (binaryen {BINARYEN_VERSION}) not found in {}",
            bin_dir.display()
        ),
    }
    let prefix = bin_dir
        .parent()
        .and_then(Path::parent)
        .context("binaryen directory has no parent")?;
    npm_install(prefix, &format!("binaryen@{BINARYEN_VERSION}"))?;
    match version() {
        Some(BINARYEN_VERSION) => {
            println!("✓ wasm-opt version {BINARYEN_VERSION}");
            Ok(())
        }
        other => {
            bail!("after installing, wasm-opt reports version {other:?}, not {BINARYEN_VERSION}")
        }
    }
}

/// `npm install --prefix <prefix> <spec>` (npm from apt-get when missing).
fn npm_install(prefix: &Path, spec: &str) -> Result<()> {
    if cmd::which("npm").is_none() {
        println!("installing nodejs npm with apt-get (for {spec} from npm) …");
        crate::apt::install(&["nodejs", "npm"], false)?;
    }
    std::fs::create_dir_all(prefix).with_context(|| format!("creating {}", prefix.display()))?;
    println!("installing {spec} from npm into {} …", prefix.display());
    Cmd::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(prefix)
        .args(["--no-audit", "--no-fund", spec])
        .run()
        .with_context(|| format!("installing {spec} from npm"))
}

/// terser's version (pinned: its output decides the glue's size).
pub const TERSER_VERSION: &str = "5.51.4";

/// terser [`TERSER_VERSION`] from npm, installed when missing; `None` (with a note) when
/// it cannot be: the release build is then bigger, not broken.
fn ensure_terser() -> Option<PathBuf> {
    match npm_package("terser", TERSER_VERSION, &[".bin", "terser"]) {
        Ok(bin) => {
            println!("✓ terser {TERSER_VERSION}");
            Some(bin)
        }
        Err(e) => {
            println!("  terser not installed ({e:#}): the JavaScript glue stays unminified");
            None
        }
    }
}

/// The file `file` (a path under `node_modules`) of the npm package `name` at `version`,
/// in its own folder of the tools' data directory; installed from npm when the package
/// is missing, at another version, or without that file.
fn npm_package(name: &str, version: &str, file: &[&str]) -> Result<PathBuf> {
    let prefix = paths::tools_data_dir()?.join(name);
    let modules = prefix.join("node_modules");
    let wanted = file
        .iter()
        .fold(modules.clone(), |path, part| path.join(part));
    let installed = || {
        let text = std::fs::read_to_string(modules.join(name).join("package.json")).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        (json["version"] == version && wanted.is_file()).then_some(())
    };
    if installed().is_none() {
        npm_install(&prefix, &format!("{name}@{version}"))?;
        installed().with_context(|| {
            format!(
                "{name} {version} is not in {} after installing",
                modules.display()
            )
        })?;
    }
    Ok(wanted)
}

/// axe-core's version for the accessibility audit (pinned: its rules change).
pub const AXE_VERSION: &str = "4.14.1";

/// `axe.min.js` of axe-core [`AXE_VERSION`], installed from npm when missing.
fn ensure_axe() -> Result<PathBuf> {
    let file = npm_package("axe-core", AXE_VERSION, &["axe-core", "axe.min.js"])?;
    println!("✓ axe-core {AXE_VERSION}");
    Ok(file)
}

/// `$NAME` if set, else the first of `candidates` that exists.
fn locate(env_name: &str, candidates: &[&str]) -> Result<Option<PathBuf>> {
    if let Some(value) = std::env::var_os(env_name).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(value);
        let path = if path.components().count() > 1 {
            path
        } else {
            cmd::which(&path.to_string_lossy()).unwrap_or(path)
        };
        if !cmd::is_executable(&path) {
            bail!("{env_name}={} is not an executable file", path.display());
        }
        return Ok(Some(path));
    }
    Ok(candidates.iter().find_map(|candidate| {
        if candidate.contains('/') {
            let path = PathBuf::from(candidate);
            cmd::is_executable(&path).then_some(path)
        } else {
            cmd::which(candidate)
        }
    }))
}

fn ensure_browser() -> Result<Browser> {
    let find = || -> Result<(Option<PathBuf>, Option<PathBuf>)> {
        Ok((
            locate(
                "CHROME",
                &[
                    DEFAULT_CHROME,
                    "chromium",
                    "chromium-browser",
                    "google-chrome",
                ],
            )?,
            locate("CHROMEDRIVER", &[DEFAULT_CHROMEDRIVER, "chromedriver"])?,
        ))
    };
    let (mut chrome, mut chromedriver) = find()?;
    if chrome.is_none() || chromedriver.is_none() {
        println!("  Chromium and/or chromedriver not found; installing chromium chromium-driver with apt-get …");
        crate::apt::install(&["chromium", "chromium-driver"], true)?;
        (chrome, chromedriver) = find()?;
    }
    let chrome = chrome.context("Chromium still not found after installing (set CHROME)")?;
    let chromedriver =
        chromedriver.context("chromedriver still not found after installing (set CHROMEDRIVER)")?;
    let chrome_major = major_of(&chrome)?;
    let driver_major = major_of(&chromedriver)?;
    if chrome_major != driver_major {
        bail!(
            "{} is version {chrome_major} but {} is version {driver_major}; they must match (set CHROME / CHROMEDRIVER)",
            chrome.display(),
            chromedriver.display()
        );
    }
    println!("✓ {} (major {chrome_major})", chrome.display());
    println!("✓ {} (major {driver_major})", chromedriver.display());
    ensure_korean_font();
    Ok(Browser {
        chrome,
        chromedriver,
        axe: ensure_axe()?,
    })
}

/// A font with Hangul for the browser: Debian's Chromium has none by default, and Korean
/// pages (and their screenshots) would show empty boxes. Tests do not depend on it, so a
/// failed install is a warning.
fn ensure_korean_font() {
    let has_font = || {
        Cmd::new("fc-list")
            .args([":lang=ko", "family"])
            .probe()
            .is_some_and(|families| !families.trim().is_empty())
    };
    if has_font() {
        println!("✓ a font with Hangul");
        return;
    }
    println!("  no font with Hangul; installing fonts-noto-cjk with apt-get …");
    match crate::apt::install(&["fontconfig", "fonts-noto-cjk"], false) {
        Ok(()) if has_font() => println!("✓ a font with Hangul"),
        Ok(()) => println!("warning: fonts-noto-cjk installed, but fc-list lists no Korean font"),
        Err(error) => {
            println!("warning: no font with Hangul ({error:#}); Korean text shows as boxes")
        }
    }
}

fn major_of(program: &Path) -> Result<u64> {
    let output = Cmd::new(program)
        .arg("--version")
        .probe()
        .with_context(|| format!("`{} --version` failed", program.display()))?;
    versions::browser_major(&output).with_context(|| {
        format!(
            "unreadable `{} --version`: {}",
            program.display(),
            output.trim()
        )
    })
}
