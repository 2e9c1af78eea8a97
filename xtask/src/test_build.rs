//! The one native build of `cargo xtask test`.
//!
//! `cargo clippy` is `cargo check` with clippy's driver as the compiler of the workspace's
//! own crates (`RUSTC_WORKSPACE_WRAPPER`, lint flags in `CLIPPY_ARGS`). The same wrapper
//! on `cargo test --workspace --no-run` lints every target the tests build with
//! `-D warnings` *and* compiles it, so dependencies are compiled once (no second check
//! build of them), and every later native command of the run (the tests, the `pressroom`
//! binary that writes the end-to-end sites, the end-to-end tests) reuses that build: they
//! all select the whole workspace, so cargo resolves the same features and rebuilds
//! nothing.

use crate::cmd::{self, Cmd};
use std::path::{Path, PathBuf};

/// `CLIPPY_ARGS`' separator, as `cargo clippy` writes it (after every argument).
const CLIPPY_ARG_SEPARATOR: &str = "__CLIPPY_HACKERY__";

/// The lint flags: what `cargo clippy -- -D warnings` passes.
const CLIPPY_FLAGS: [&str; 2] = ["-D", "warnings"];

/// The build itself: `cargo test --workspace --locked --no-run` (a no-op when done). It
/// also builds the `pressroom` binary the end-to-end sites are written with.
pub const BUILD_ARGS: [&str; 4] = ["test", "--workspace", "--locked", "--no-run"];

/// The environment of the native commands of one test run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestBuild {
    env: Vec<(String, String)>,
}

impl TestBuild {
    /// Built and linted by clippy's driver at `driver`.
    pub fn linted(driver: &Path) -> Self {
        Self {
            env: vec![
                (
                    "RUSTC_WORKSPACE_WRAPPER".to_owned(),
                    driver.to_string_lossy().into_owned(),
                ),
                ("CLIPPY_ARGS".to_owned(), clippy_args(&CLIPPY_FLAGS)),
            ],
        }
    }

    /// Built by plain rustc (after a lint failure: the tests still run, and only the
    /// workspace's own crates are compiled again).
    pub fn plain() -> Self {
        Self::default()
    }

    /// The environment to give every cargo command of the run.
    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    /// `cargo test --workspace --locked --no-run`: the build itself (a no-op when done).
    pub fn build_cmd(&self, root: &Path) -> Cmd {
        Cmd::new("cargo").cwd(root).envs(&self.env).args(BUILD_ARGS)
    }
}

/// `CLIPPY_ARGS` for `flags`.
pub fn clippy_args(flags: &[&str]) -> String {
    flags
        .iter()
        .map(|flag| format!("{flag}{CLIPPY_ARG_SEPARATOR}"))
        .collect()
}

/// clippy's driver of the toolchain cargo uses: rustup's, else the one on `PATH`.
pub fn clippy_driver() -> Option<PathBuf> {
    let from_rustup = Cmd::new("rustup")
        .args(["which", "clippy-driver"])
        .read()
        .ok()
        .map(|out| PathBuf::from(out.trim()))
        .filter(|path| cmd::is_executable(path));
    from_rustup.or_else(|| cmd::which("clippy-driver"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clippy_args_are_written_as_cargo_clippy_writes_them() {
        // cargo-clippy's `ClippyCmd::into_std_cmd` ends every argument with the separator.
        assert_eq!(
            clippy_args(&["-D", "warnings"]),
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
        );
        assert_eq!(clippy_args(&[]), "");
    }

    #[test]
    fn the_linted_build_wraps_only_the_workspace_crates() {
        let build = TestBuild::linted(Path::new("/bin/clippy-driver"));
        let names: Vec<&str> = build.env().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["RUSTC_WORKSPACE_WRAPPER", "CLIPPY_ARGS"]);
        assert!(TestBuild::plain().env().is_empty());
        let shown = build.build_cmd(Path::new("/repo")).display();
        assert!(
            shown.contains("test --workspace --locked --no-run"),
            "{shown}"
        );
    }
}
