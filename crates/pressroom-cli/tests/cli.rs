//! The command line itself: help and version, exit codes (0 ok, 1 invalid input, 2 usage
//! error), stdout for data and stderr for messages, and `check` in both formats.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build_basic_bundle, code, fixture, run, texts};

#[test]
fn every_subcommand_has_help() {
    let output = run(&["--help"]);
    let (stdout, _) = texts(&output);
    assert_eq!(code(&output), 0);
    for command in ["build", "check", "import", "feed"] {
        assert!(stdout.contains(command), "{stdout}");
        let output = run(&[command, "--help"]);
        let (stdout, stderr) = texts(&output);
        assert_eq!(code(&output), 0, "{command}: {stderr}");
        assert!(stdout.contains("Usage: pressroom"), "{command}: {stdout}");
    }
    let (stdout, _) = texts(&run(&["import", "--help"]));
    for format in ["json-feed", "rss", "atom", "wxr", "wp-rest"] {
        assert!(stdout.contains(format), "{stdout}");
    }
    let (top, _) = texts(&run(&["--help"]));
    assert!(
        top.contains("Exit codes: 0 ok, 1 invalid input, 2 usage error"),
        "{top}"
    );
}

#[test]
fn version() {
    let output = run(&["--version"]);
    assert_eq!(code(&output), 0);
    assert_eq!(
        texts(&output).0.trim(),
        format!("pressroom {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["build"],
        vec!["import", "x.xml", "--from", "gopher"],
        vec!["check", "x.json", "--format", "yaml"],
        vec!["feed", "x.json"],
        vec!["import", "x.xml", "--max-size", "lots"],
    ] {
        let output = run(&args);
        let (stdout, stderr) = texts(&output);
        assert_eq!(code(&output), 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(!stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn missing_input_files_exit_1() {
    for args in [
        vec!["import", "no-such-file.xml"],
        vec!["check", "no-such-file.json"],
        vec!["build", "no-such-folder"],
        vec![
            "feed",
            "no-such-file.json",
            "--base-url",
            "https://example.org/",
            "-o",
            "out",
        ],
    ] {
        let output = run(&args);
        let (stdout, stderr) = texts(&output);
        assert_eq!(code(&output), 1, "{args:?}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
}

#[test]
fn check_human_output_has_one_line_per_problem() {
    let path = fixture("check/problems.json");
    let output = run(&["check", path.to_str().unwrap()]);
    let (stdout, stderr) = texts(&output);
    assert_eq!(code(&output), 1, "{stderr}");
    let stdout = stdout.replace(path.to_str().unwrap(), "problems.json");
    insta::assert_snapshot!("check_human", stdout);
    assert_eq!(stdout.lines().count(), 8, "7 problems and a closing line");
}

#[test]
fn check_json_output_is_machine_readable() {
    let path = fixture("check/problems.json");
    let output = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    let stdout = texts(&output)
        .0
        .replace(path.to_str().unwrap(), "problems.json");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["releases"], 3);
    assert_eq!(value["valid_releases"], 1);
    assert_eq!(value["problems"][0]["kind"], "missing");
    insta::assert_snapshot!("check_json", stdout);
}

#[test]
fn check_of_a_valid_bundle_and_of_folders() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = build_basic_bundle(dir.path());
    let output = run(&["check", bundle.to_str().unwrap()]);
    assert_eq!(code(&output), 0);
    assert!(texts(&output).0.ends_with("ok, 5 releases valid\n"));
    // A content folder is checked by building it.
    let output = run(&["check", fixture("build/basic").to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", texts(&output).0);
    let output = run(&[
        "check",
        "--format",
        "json",
        fixture("build/errors").to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 1);
    let value: serde_json::Value = serde_json::from_str(&texts(&output).0).unwrap();
    assert_eq!(value["problems"][0]["location"], "bad-fields.md:3:7");
}

#[test]
fn check_of_unreadable_bundles_gives_the_position() {
    let path = fixture("check/truncated.json");
    let output = run(&["check", path.to_str().unwrap()]);
    let (stdout, _) = texts(&output);
    assert_eq!(code(&output), 1);
    assert!(
        stdout.contains("truncated.json: the bundle is not valid JSON: EOF while parsing a list at line 5, column 0"),
        "{stdout}"
    );
    let output = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let value: serde_json::Value = serde_json::from_str(&texts(&output).0).unwrap();
    assert_eq!(value["ok"], false);
    assert!(value["error"]["line"].is_number());
}

#[test]
fn import_reads_standard_input_and_keeps_stdout_for_data() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(common::binary())
        .args(["import", "-", "--fallback-date", "2024-01-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feed = std::fs::read(common::corpus(
        "rss-atom/nasa-breaking-news-press-releases-2018.rss.xml",
    ))
    .unwrap();
    child.stdin.take().unwrap().write_all(&feed).unwrap();
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = texts(&output);
    assert_eq!(code(&output), 0, "{stderr}");
    assert_eq!(
        pressroom_core::parse_bundle(&stdout)
            .unwrap()
            .releases
            .len(),
        10
    );
    assert!(
        stderr.contains("imported 10 releases from 10 items (RSS)"),
        "{stderr}"
    );
}
