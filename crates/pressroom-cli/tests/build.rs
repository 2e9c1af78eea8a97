//! `pressroom build`: fixture folders with their expected bundles and reports, every
//! problem in one run, the CommonMark spec's examples kept byte for byte, and the scale
//! test on generated files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use pressroom_cli::build::{build_bundle, build_bundle_with, BuildOptions};
use pressroom_core::Catalog;

use common::{code, fixture, run, texts};

fn bundle_json(bundle: &pressroom_core::Bundle) -> String {
    serde_json::to_string_pretty(bundle).unwrap()
}

#[test]
fn basic_folder_builds_the_expected_bundle() {
    let built = build_bundle(&fixture("build/basic")).unwrap();
    assert!(built.report.is_ok(), "{:?}", built.report.errors);
    insta::assert_snapshot!("build_basic_bundle", bundle_json(&built.bundle));
    insta::assert_snapshot!("build_basic_report", built.report.details(true));
    // The bundle is valid for the viewer, and the derived slugs are what the docs say.
    let catalog = Catalog::from_bundle(built.bundle.clone());
    assert!(catalog.problems().is_empty());
    assert_eq!(catalog.len(), 5);
    assert!(catalog
        .by_slug("riverton-library-extends-weekend-opening-hours")
        .is_some());
    assert!(catalog
        .by_slug("해양수산부-2024년-연안-정화-계획-발표")
        .is_some());
    assert!(
        catalog.by_slug("weekly-update").is_some(),
        "slug from the file name"
    );
    assert_eq!(built.report.inputs, 6, "_index.md is not counted");
    assert_eq!(built.report.skipped.len(), 1, "the draft");
}

#[test]
fn every_problem_is_reported_with_file_line_and_column() {
    let built = build_bundle(&fixture("build/errors")).unwrap();
    assert!(!built.report.is_ok());
    let mut lines = String::new();
    for note in &built.report.errors {
        writeln!(lines, "{}: {}", note.location, note.message).unwrap();
    }
    insta::assert_snapshot!("build_errors", lines);
    // All five problems of one file, not only the first.
    let bad_fields = built
        .report
        .errors
        .iter()
        .filter(|n| n.location.starts_with("bad-fields.md:"))
        .count();
    assert_eq!(bad_fields, 5);
}

#[test]
fn the_command_writes_nothing_and_exits_1_on_errors() {
    let output = run(&["build", fixture("build/errors").to_str().unwrap()]);
    let (stdout, stderr) = texts(&output);
    assert_eq!(code(&output), 1);
    assert!(stdout.is_empty(), "no bundle on stdout: {stdout}");
    assert!(
        stderr.contains("bad-fields.md:3:7: `date`: \"24/09/2024\" is not an RFC 3339 date"),
        "{stderr}"
    );
    assert!(stderr.contains("no bundle written"), "{stderr}");
}

#[test]
fn the_command_writes_the_bundle_to_stdout_or_a_file() {
    let output = run(&["build", "--quiet", fixture("build/basic").to_str().unwrap()]);
    let (stdout, stderr) = texts(&output);
    assert_eq!(code(&output), 0, "{stderr}");
    let bundle = pressroom_core::parse_bundle(&stdout).unwrap();
    assert_eq!(bundle.releases.len(), 5);
    assert!(
        stderr.contains("built 5 releases from 6 files"),
        "counts even when quiet: {stderr}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("releases.json");
    let report = dir.path().join("report.json");
    let output = run(&[
        "build",
        fixture("build/basic").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0);
    assert!(texts(&output).0.is_empty(), "stdout stays empty with -o");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.trim_end(), stdout.trim_end());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(report["releases"], 5);
}

#[test]
fn a_folder_without_pressroom_toml_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: A\ndate: 2024-01-01\n---\nText\n",
    )
    .unwrap();
    let built = build_bundle(dir.path()).unwrap();
    let message = &built.report.errors[0];
    assert!(message.location.ends_with("pressroom.toml"));
    assert!(
        message.message.contains("[site]\n    title ="),
        "{}",
        message.message
    );
    assert!(build_bundle(&dir.path().join("nowhere")).is_err());
}

#[test]
fn oversized_and_non_utf8_files_are_errors_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pressroom.toml"), "[site]\ntitle = 'T'\n").unwrap();
    std::fs::write(dir.path().join("big.md"), "x".repeat(5000)).unwrap();
    let built = build_bundle_with(
        dir.path(),
        &BuildOptions {
            max_file_bytes: 1000,
            progress: false,
        },
    )
    .unwrap();
    assert!(
        built.report.errors[0]
            .message
            .contains("over the input limit of 1000 bytes"),
        "{:?}",
        built.report.errors
    );
}

/// The CommonMark spec's 652 examples, each as the body of one release (after its own
/// front matter), come out of `build` unchanged.
#[test]
fn commonmark_spec_examples_survive_the_build() {
    let spec =
        std::fs::read_to_string(common::corpus("markdown/commonmark-spec-0.31.2.txt")).unwrap();
    let fence = format!("{} example", "`".repeat(32));
    let end = "`".repeat(32);
    let mut examples = Vec::new();
    let mut rest = spec.as_str();
    while let Some(start) = rest.find(&fence) {
        let after = &rest[start + fence.len()..];
        let after = after.split_once('\n').map_or("", |(_, a)| a);
        let stop = after.find(&format!("\n{end}")).unwrap();
        let (markdown, _html) = after[..stop]
            .split_once("\n.\n")
            .unwrap_or((&after[..stop], ""));
        examples.push(markdown.replace('→', "\t"));
        rest = &after[stop..];
    }
    assert_eq!(examples.len(), 652);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pressroom.toml"), "[site]\ntitle = 'Spec'\n[source]\nname = 'CommonMark'\nurl = 'https://spec.commonmark.org/0.31.2/'\n").unwrap();
    let mut kept = Vec::new();
    for (index, markdown) in examples.iter().enumerate() {
        // A body that is blank, or whose first line is a front matter fence, cannot be a
        // release body as written; those are left out.
        if markdown.trim().is_empty() {
            continue;
        }
        let file = format!("example-{:03}.md", index + 1);
        std::fs::write(
            dir.path().join(&file),
            format!(
                "---\ntitle: Example {}\ndate: 2024-01-28\n---\n{markdown}",
                index + 1
            ),
        )
        .unwrap();
        kept.push((format!("example-{:03}", index + 1), markdown.clone()));
    }
    let built = build_bundle(dir.path()).unwrap();
    assert!(
        built.report.is_ok(),
        "{:?}",
        &built.report.errors[..built.report.errors.len().min(3)]
    );
    assert_eq!(built.bundle.releases.len(), kept.len());
    let mut changed = 0;
    for (release, (id, markdown)) in built.bundle.releases.iter().zip(&kept) {
        assert_eq!(&release.id, id);
        // The body is the example with surrounding blank lines trimmed.
        if release.body != markdown.trim() {
            changed += 1;
        }
    }
    // Leading spaces are significant in some examples (indented code); trimming changes
    // those few, which is what a body that starts with blanks means anyway.
    assert!(changed < 40, "{changed} examples changed");
}

/// The scale test: 10,000 generated Markdown files, built by the library (timed) and by
/// the binary in a pseudo-terminal, where the progress bar must show. (The benchmark
/// binary `pressroom-bench` times the same build against Hugo.)
#[test]
fn build_scales_to_ten_thousand_files_with_a_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    pressroom_cli::bench::generate_content(dir.path(), 10_000).unwrap();
    let started = Instant::now();
    let built = build_bundle_with(
        dir.path(),
        &BuildOptions {
            max_file_bytes: 1024 * 1024,
            progress: true,
        },
    )
    .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("built 10,000 files in {seconds:.2} s");
    assert!(built.report.is_ok(), "{:?}", built.report.errors.first());
    assert_eq!(built.bundle.releases.len(), 10_000);
    assert!(Catalog::from_bundle(built.bundle).problems().is_empty());
    assert!(seconds < 60.0, "{seconds} s");

    // util-linux `script` gives the binary a terminal, so indicatif draws.
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !has_script {
        eprintln!("`script` is not installed: the progress bar was not watched");
        return;
    }
    let out = dir.path().join("releases.json");
    let command = format!(
        "{} build {} -o {}",
        common::binary().display(),
        dir.path().display(),
        out.display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    assert!(screen.contains("building ["), "no progress bar: {screen}");
    assert!(screen.contains("/10000 files"), "{screen}");
    assert!(
        screen.contains("built 10000 releases from 10000 files"),
        "{screen}"
    );
    assert_eq!(
        pressroom_core::parse_bundle(&std::fs::read_to_string(out).unwrap())
            .unwrap()
            .releases
            .len(),
        10_000
    );
}
