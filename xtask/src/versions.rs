//! Versions: parsing what tools print (`trunk 0.21.14`, `wasm-opt version 132 (version_132)`,
//! `Chromium 142.0.7444.175 …`), comparing them, and reading pinned versions out of
//! `Cargo.lock`, `Cargo.toml` and `Trunk.toml`.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// A dotted numeric version; missing parts are zero (`132` = `132.0.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// First number.
    pub major: u64,
    /// Second number.
    pub minor: u64,
    /// Third number.
    pub patch: u64,
}

impl Version {
    /// A version from its parts.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.2.3`, `v1.2.3`, `1.2`, `132` or `1.2.3-beta.1` (pre-release ignored).
    /// Extra parts (`142.0.7444.175`) are ignored after the third.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches('v');
        let core = text.split(['-', '+']).next()?;
        let mut numbers = core.split('.').map(|part| part.parse::<u64>().ok());
        let major = numbers.next()??;
        let minor = numbers.next().unwrap_or(Some(0))?;
        let patch = numbers.next().unwrap_or(Some(0))?;
        Some(Self::new(major, minor, patch))
    }

    /// The first word of `output` that parses as a version with at least a dot, e.g. the
    /// `0.21.14` in `trunk 0.21.14` or the `1.96.0` in `rustc 1.96.0 (ac68faa20 …)`.
    pub fn find_in(output: &str) -> Option<Self> {
        output
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
            .filter(|word| word.trim_start_matches('v').contains('.'))
            .find_map(Self::parse)
    }

    /// Same major, and same minor while the major is 0 (cargo's `^` rule).
    pub fn is_compatible_with(&self, wanted: &Version) -> bool {
        self.major == wanted.major && (self.major != 0 || self.minor == wanted.minor)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The binaryen release number in `wasm-opt --version` output
/// (`wasm-opt version 132 (version_132)` → 132).
pub fn binaryen_version(output: &str) -> Option<u64> {
    let mut words = output.split_whitespace();
    while let Some(word) = words.next() {
        if word == "version" {
            return words.next()?.parse().ok();
        }
    }
    None
}

/// The major version in `chromium --version` / `chromedriver --version` output
/// (`Chromium 142.0.7444.175 built on Debian …`, `ChromeDriver 142.0.7444.175 (…)`).
pub fn browser_major(output: &str) -> Option<u64> {
    Version::find_in(output).map(|v| v.major)
}

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The single version of `package` recorded in a `Cargo.lock`'s text.
pub fn locked_version(lock_text: &str, package: &str) -> Result<Version> {
    let lock: Lockfile = toml::from_str(lock_text).context("Cargo.lock is not valid TOML")?;
    let mut found: Vec<&str> = lock
        .package
        .iter()
        .filter(|p| p.name == package)
        .map(|p| p.version.as_str())
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [] => bail!("Cargo.lock has no package `{package}`"),
        [one] => Version::parse(one)
            .with_context(|| format!("Cargo.lock: `{package}` has an unreadable version {one:?}")),
        many => bail!(
            "Cargo.lock has several versions of `{package}` ({}); the wasm-bindgen CLI can only match one",
            many.join(", ")
        ),
    }
}

/// The exact (`=x.y.z`) requirement for `package` in `[workspace.dependencies]` of a
/// `Cargo.toml`'s text, used before a `Cargo.lock` exists.
pub fn pinned_workspace_dependency(manifest_text: &str, package: &str) -> Result<Version> {
    let manifest: toml::Table =
        toml::from_str(manifest_text).context("Cargo.toml is not valid TOML")?;
    let dependency = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.get(package))
        .with_context(|| format!("Cargo.toml has no [workspace.dependencies] `{package}`"))?;
    let requirement = match dependency {
        toml::Value::String(s) => s.as_str(),
        other => other
            .get("version")
            .and_then(toml::Value::as_str)
            .with_context(|| format!("[workspace.dependencies] `{package}` has no version"))?,
    };
    let exact = requirement.trim().strip_prefix('=').with_context(|| {
        format!(
            "[workspace.dependencies] `{package}` = {requirement:?} is not an exact `=x.y.z` pin"
        )
    })?;
    Version::parse(exact).with_context(|| format!("unreadable version {requirement:?}"))
}

/// The wasm-bindgen version the app is built with: from `Cargo.lock`, else the exact pin
/// in the root `Cargo.toml`.
pub fn app_wasm_bindgen_version(root: &Path) -> Result<Version> {
    let lock_path = root.join("Cargo.lock");
    match std::fs::read_to_string(&lock_path) {
        Ok(text) => locked_version(&text, "wasm-bindgen")
            .with_context(|| format!("reading {}", lock_path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let manifest_path = root.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest_path)
                .with_context(|| format!("reading {}", manifest_path.display()))?;
            pinned_workspace_dependency(&text, "wasm-bindgen")
                .with_context(|| format!("reading {}", manifest_path.display()))
        }
        Err(error) => Err(error).with_context(|| format!("reading {}", lock_path.display())),
    }
}

/// The `[tools]` pins of a `Trunk.toml`'s text: (`wasm_bindgen`, `wasm_opt`).
pub fn trunk_tool_pins(trunk_toml: &str) -> Result<(Option<String>, Option<String>)> {
    let table: toml::Table = toml::from_str(trunk_toml).context("Trunk.toml is not valid TOML")?;
    let tools = table.get("tools");
    let pin = |key: &str| {
        tools
            .and_then(|t| t.get(key))
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    Ok((pin("wasm_bindgen"), pin("wasm_opt")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        assert_eq!(Version::parse("0.2.130"), Some(Version::new(0, 2, 130)));
        assert_eq!(Version::parse("v1.96"), Some(Version::new(1, 96, 0)));
        assert_eq!(Version::parse("132"), Some(Version::new(132, 0, 0)));
        assert_eq!(Version::parse("1.2.3-beta.1"), Some(Version::new(1, 2, 3)));
        assert_eq!(Version::parse("x.1"), None);
        assert_eq!(Version::parse(""), None);
    }

    #[test]
    fn finds_versions_in_tool_output() {
        let find = |s: &str| Version::find_in(s).map(|v| v.to_string());
        assert_eq!(find("trunk 0.21.14\n").as_deref(), Some("0.21.14"));
        assert_eq!(find("wasm-bindgen 0.2.130").as_deref(), Some("0.2.130"));
        assert_eq!(
            find("rustc 1.96.0 (ac68faa20 2026-05-25) (built from a source tarball)").as_deref(),
            Some("1.96.0")
        );
        assert_eq!(
            find("rustc 1.95.0 (59807616e 2026-04-14)").as_deref(),
            Some("1.95.0")
        );
        assert_eq!(find("no version here"), None);
    }

    #[test]
    fn reads_binaryen_and_browser_versions() {
        assert_eq!(
            binaryen_version("wasm-opt version 132 (version_132)\n"),
            Some(132)
        );
        assert_eq!(binaryen_version("wasm-opt version 108"), Some(108));
        assert_eq!(binaryen_version("wasm-opt"), None);
        assert_eq!(
            browser_major("Chromium 142.0.7444.175 built on Debian GNU/Linux 12 (bookworm)"),
            Some(142)
        );
        assert_eq!(
            browser_major(
                "ChromeDriver 142.0.7444.175 (302067f14a4e5d4f-refs/branch-heads/7444@{#2236})"
            ),
            Some(142)
        );
    }

    #[test]
    fn compares_versions() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("1.96.0") >= v("1.96"));
        assert!(v("1.95.0") < v("1.96.0"));
        assert!(v("0.2.130") > v("0.2.99"));
        assert!(v("0.21.14").is_compatible_with(&v("0.21.0")));
        assert!(!v("0.22.0").is_compatible_with(&v("0.21.0")));
        assert!(v("1.5.0").is_compatible_with(&v("1.2.0")));
        assert!(!v("2.0.0").is_compatible_with(&v("1.2.0")));
    }

    #[test]
    fn reads_lockfile_versions() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["cfg-if"]

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.50"

[[package]]
name = "syn"
version = "1.0.109"

[[package]]
name = "syn"
version = "2.0.100"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").unwrap(),
            Version::new(0, 2, 130)
        );
        assert!(locked_version(lock, "missing").is_err());
        let several = locked_version(lock, "syn").unwrap_err().to_string();
        assert!(several.contains("several versions"), "{several}");
        assert!(locked_version("not = [toml", "x").is_err());
    }

    #[test]
    fn reads_workspace_pin() {
        let manifest = r#"
[workspace.dependencies]
wasm-bindgen = "=0.2.130"
leptos = { version = "0.8.23", features = ["csr"] }
loose = { version = "=1.2.3" }
"#;
        assert_eq!(
            pinned_workspace_dependency(manifest, "wasm-bindgen").unwrap(),
            Version::new(0, 2, 130)
        );
        assert_eq!(
            pinned_workspace_dependency(manifest, "loose").unwrap(),
            Version::new(1, 2, 3)
        );
        assert!(pinned_workspace_dependency(manifest, "leptos").is_err());
    }

    /// The repository's `Trunk.toml` must pin the wasm-bindgen CLI to the exact version the
    /// app links against, or trunk (offline) refuses to build.
    #[test]
    fn trunk_toml_agrees_with_cargo_lock() {
        let root = crate::paths::repo_root();
        let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let (wasm_bindgen, wasm_opt) = trunk_tool_pins(&trunk_toml).unwrap();
        let app = app_wasm_bindgen_version(&root).unwrap();
        assert_eq!(
            wasm_bindgen.as_deref().and_then(Version::parse),
            Some(app),
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen"
        );
        assert_eq!(
            wasm_opt.as_deref(),
            Some(format!("version_{}", crate::setup::BINARYEN_VERSION).as_str())
        );
    }
}
