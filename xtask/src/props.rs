//! `cargo xtask props`: the property tests of the Markdown renderer, slugs and URL policy
//! with many more cases than `cargo xtask test` runs (256 per property there), built with
//! optimisation: the nightly-style heavy run.

use crate::bench::PROFILE;
use crate::cmd::Cmd;
use crate::paths;
use anyhow::{Context, Result};

/// `cargo xtask props --cases N`.
pub fn run(cases: u64) -> Result<()> {
    println!("== property tests, {cases} cases per property ({PROFILE} profile)");
    Cmd::new("cargo")
        .cwd(paths::repo_root())
        .args(args())
        .env("PROPTEST_CASES", cases.to_string())
        .run()
        .context("property tests failed (proptest prints the minimal failing input above)")
}

fn args() -> Vec<String> {
    [
        "test",
        "--locked",
        "--profile",
        PROFILE,
        "-p",
        "pressroom-core",
        "--test",
        "markdown_properties",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_the_property_test_file_optimised() {
        let args = args();
        assert!(args
            .windows(2)
            .any(|w| w == ["--test", "markdown_properties"]));
        assert!(args.windows(2).any(|w| w == ["--profile", PROFILE]));
        assert!(paths::repo_root()
            .join("crates/pressroom-core/tests/markdown_properties.rs")
            .is_file());
    }
}
