//! `cargo xtask fuzz`: runs the cargo-fuzz targets in `fuzz/` (bundle parsing plus
//! validation, Markdown rendering, the CLI's importers and front matter reader, and the
//! readers of the sharded archive and the search index) for a time budget each.
//!
//! cargo-fuzz needs a nightly toolchain (`cargo +nightly`); `cargo-fuzz` itself is
//! installed from crates.io when missing. A crash fails the command and leaves its input in
//! `fuzz/artifacts/<target>/`; turn it into a regression test in `crates/pressroom-core`.

use crate::cmd::Cmd;
use crate::paths;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// One fuzz target and how it is run.
struct Target {
    name: &'static str,
    seeds: &'static [&'static str],
    max_len: u32,
    dict: &'static str,
}

const TARGETS: &[Target] = &[
    Target {
        name: "markdown",
        seeds: &["tests/fixtures/xss"],
        max_len: 4096,
        dict: "fuzz/dict/markdown.dict",
    },
    Target {
        name: "bundle",
        seeds: &["tests/fixtures/xss", "tests/fixtures", "public"],
        max_len: 16384,
        dict: "fuzz/dict/bundle.dict",
    },
    Target {
        name: "import_jsonfeed",
        seeds: &["crates/pressroom-cli/tests/fixtures/corpora/jsonfeed"],
        max_len: 16384,
        dict: "fuzz/dict/jsonfeed.dict",
    },
    Target {
        name: "import_rss_atom",
        seeds: &[
            "crates/pressroom-cli/tests/fixtures/corpora/rss-atom",
            "crates/pressroom-cli/tests/fixtures/corpora/rss-atom-malformed",
        ],
        max_len: 16384,
        dict: "fuzz/dict/rss_atom.dict",
    },
    Target {
        name: "import_wxr",
        seeds: &["crates/pressroom-cli/tests/fixtures/corpora/wordpress"],
        max_len: 32768,
        dict: "fuzz/dict/wxr.dict",
    },
    Target {
        name: "import_wp_rest",
        seeds: &["crates/pressroom-cli/tests/fixtures/corpora/wordpress"],
        max_len: 16384,
        dict: "fuzz/dict/wp_rest.dict",
    },
    Target {
        name: "front_matter",
        seeds: &["crates/pressroom-cli/tests/fixtures/build"],
        max_len: 4096,
        dict: "fuzz/dict/front_matter.dict",
    },
    Target {
        name: "archive",
        seeds: &[],
        max_len: 16384,
        dict: "fuzz/dict/archive.dict",
    },
    Target {
        name: "search_shard",
        seeds: &[],
        max_len: 16384,
        dict: "fuzz/dict/search.dict",
    },
];

/// `cargo xtask fuzz --seconds N [--target NAME]`.
pub fn run(seconds: u64, only: Option<&str>) -> Result<()> {
    let root = paths::repo_root();
    ensure_cargo_fuzz()?;
    let selected: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| only.is_none_or(|name| name == t.name))
        .collect();
    if selected.is_empty() {
        bail!(
            "no fuzz target named {:?} (targets: {})",
            only.unwrap_or(""),
            TARGETS
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for target in selected {
        println!("== fuzz {} for {seconds} s", target.name);
        let corpus = root.join("fuzz/corpus").join(target.name);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("creating {}", corpus.display()))?;
        Cmd::new("cargo")
            .cwd(&root)
            .args(fuzz_args(target, &corpus, seconds))
            .run()
            .with_context(|| {
                format!("fuzz target `{}` failed (see fuzz/artifacts/)", target.name)
            })?;
    }
    Ok(())
}

fn fuzz_args(target: &Target, corpus: &Path, seconds: u64) -> Vec<String> {
    let mut args: Vec<String> = ["+nightly", "fuzz", "run", "-O", target.name]
        .map(str::to_owned)
        .to_vec();
    args.push(corpus.display().to_string());
    args.extend(target.seeds.iter().map(|s| (*s).to_owned()));
    args.push("--".to_owned());
    args.push(format!("-max_total_time={seconds}"));
    args.push(format!("-max_len={}", target.max_len));
    args.push(format!("-dict={}", target.dict));
    args.push("-print_final_stats=1".to_owned());
    args
}

fn ensure_cargo_fuzz() -> Result<()> {
    if Cmd::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .probe()
        .is_some()
    {
        println!("✓ cargo-fuzz (nightly)");
        return Ok(());
    }
    println!("installing cargo-fuzz from crates.io …");
    Cmd::new("cargo")
        .args(["install", "cargo-fuzz"])
        .run()
        .context("installing cargo-fuzz (it also needs a nightly toolchain: `rustup toolchain install nightly`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_each_target_for_the_budget_with_its_seeds_and_dictionary() {
        let args = fuzz_args(&TARGETS[1], Path::new("/c"), 30);
        assert_eq!(&args[..5], ["+nightly", "fuzz", "run", "-O", "bundle"]);
        assert!(args.contains(&"/c".to_owned()));
        assert!(args.contains(&"public".to_owned()));
        let after = args.iter().skip_while(|a| *a != "--").collect::<Vec<_>>();
        assert!(after.contains(&&"-max_total_time=30".to_owned()));
        assert!(after.contains(&&"-dict=fuzz/dict/bundle.dict".to_owned()));
    }

    #[test]
    fn every_target_has_its_files() {
        let root = paths::repo_root();
        for target in TARGETS {
            assert!(root
                .join("fuzz/fuzz_targets")
                .join(format!("{}.rs", target.name))
                .is_file());
            assert!(root.join(target.dict).is_file(), "{}", target.dict);
            for seed in target.seeds {
                assert!(root.join(seed).is_dir(), "{seed}");
            }
        }
    }
}
