//! Helpers shared by the integration tests: fixture paths and running the binary.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `tests/fixtures/<relative>`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// `tests/fixtures/corpora/<relative>`.
pub fn corpus(relative: &str) -> PathBuf {
    fixture(&format!("corpora/{relative}"))
}

/// The built `pressroom` binary.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pressroom"))
}

/// Runs `pressroom` with arguments; stdin is empty.
pub fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Stdout and stderr of an output as text.
pub fn texts(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The exit code (a signal counts as a failure of the test).
pub fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited, not killed by a signal")
}

/// Builds `tests/fixtures/build/basic` with the binary into `<dir>/releases.json`, checks
/// that it succeeded, and returns the bundle's path.
pub fn build_basic_bundle(dir: &Path) -> PathBuf {
    let bundle = dir.join("releases.json");
    let output = run(&[
        "build",
        "-q",
        fixture("build/basic").to_str().unwrap(),
        "-o",
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{:?}", texts(&output));
    bundle
}
