//! Where things live: the repository root, its target directories, and the per-user
//! directory for tools that are installed outside cargo (binaryen from npm).

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The repository root (the parent of this crate's directory).
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir.to_path_buf())
}

/// The native target directory (cargo's default for the workspace).
pub fn target_dir(root: &Path) -> PathBuf {
    root.join("target")
}

/// The separate target directory of the app's wasm builds (trunk), so native and wasm
/// builds never share one and switching compilers never forces rebuilds.
pub fn wasm_target_dir(root: &Path) -> PathBuf {
    target_dir(root).join("wasm")
}

/// The target directory of the browser tests' wasm build (wasm-bindgen-test): apart from
/// [`wasm_target_dir`], so `cargo xtask test` builds them while the release app build
/// holds that one's lock.
pub fn wasm_test_target_dir(root: &Path) -> PathBuf {
    target_dir(root).join("wasm-test")
}

/// xtask's own state (the cached toolchain decision, generated files).
pub fn xtask_state_dir(root: &Path) -> PathBuf {
    target_dir(root).join("xtask")
}

/// `dist/`, where `cargo xtask dist` writes the release site to upload.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("dist")
}

/// Where `cargo xtask serve` has trunk write its development build: apart from
/// [`dist_dir`], so `dist/` only ever holds a release site (the debug wasm is 1.7 MB
/// gzip, the release one 0.37) and `cargo xtask dist` never finds it taken by the
/// server's files.
pub fn serve_dir(root: &Path) -> PathBuf {
    target_dir(root).join("serve")
}

/// `$XDG_DATA_HOME/pressroom-tools` or `~/.local/share/pressroom-tools`.
pub fn tools_data_dir() -> Result<PathBuf> {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(xdg).join("pressroom-tools"));
    }
    let home = std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .context("neither XDG_DATA_HOME nor HOME is set; cannot place the tools directory")?;
    Ok(PathBuf::from(home)
        .join(".local")
        .join("share")
        .join("pressroom-tools"))
}

/// Where `cargo install` puts binaries: `$CARGO_INSTALL_ROOT/bin`, `$CARGO_HOME/bin` or
/// `~/.cargo/bin`.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    if let Some(root) = std::env::var_os("CARGO_INSTALL_ROOT").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(root).join("bin"));
    }
    if let Some(home) = std::env::var_os("CARGO_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(home).join("bin"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

/// `12_345_678` bytes → `12.3 MB`, for the lines that report a written file.
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
