//! `pressroom site`: an app build and content in, a site out; from a bundle and from a
//! Markdown folder, with skipped problems, `--strict`, and content that cannot be read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{code, fixture, run, texts};
use pressroom_site::test_app::write_test_app;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("site-command")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    write_test_app(&dir.join("app")).unwrap();
    dir
}

fn site(dir: &Path, content: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "site",
        content.to_str().unwrap(),
        "--app",
        dir.join("app").to_str().unwrap().to_owned().leak(),
        "--output",
        dir.join("site").to_str().unwrap().to_owned().leak(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    (code(&output), texts(&output).1)
}

#[test]
fn writes_a_site_from_a_markdown_folder() {
    let dir = scratch("markdown");
    let (status, stderr) = site(
        &dir,
        &fixture("build/basic"),
        &[
            "--site-url",
            "https://example.org/press/",
            "--base",
            "/press/",
        ],
    );
    assert_eq!(status, 0, "{stderr}");
    let out = dir.join("site");
    for file in [
        "index.html",
        "404.html",
        "embed.html",
        "embed.js",
        "releases.json",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "_headers",
    ] {
        assert!(out.join(file).is_file(), "{file}: {stderr}");
    }
    assert!(fs::read_dir(out.join("releases")).unwrap().count() >= 2);
    assert!(
        stderr.contains("wrote ") && stderr.contains(" release pages"),
        "{stderr}"
    );
    let headers = fs::read_to_string(out.join("_headers")).unwrap();
    assert!(
        headers.contains("/press/*\n  Content-Security-Policy: default-src 'self'"),
        "{headers}"
    );
}

#[test]
fn a_release_with_problems_is_skipped_by_name_and_strict_fails() {
    let dir = scratch("problems");
    let bundle = dir.join("releases.json");
    fs::write(
        &bundle,
        r#"{"version":1,"site":{"title":"T"},"releases":[
          {"id":"good","title":"Good","published":"2024-01-01","source":{"name":"A","url":"https://e.org/1"},"body":"x"},
          {"id":"bad","title":"Bad","published":"24/09/2024","source":{"name":"A","url":"https://e.org/2"},"body":"y"}]}"#,
    )
    .unwrap();
    let (status, stderr) = site(&dir, &bundle, &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.contains("skipped: release 2 (id \"bad\"), field `published`"),
        "{stderr}"
    );
    assert!(dir.join("site/releases/good/index.html").is_file());
    let before = fs::read_to_string(dir.join("site/index.html")).unwrap();
    let (status, stderr) = site(&dir, &bundle, &["--strict"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("--strict") && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("site/index.html")).unwrap(),
        before,
        "the site is as it was"
    );
}

#[test]
fn unreadable_content_writes_nothing() {
    let dir = scratch("unreadable");
    let bundle = dir.join("releases.json");
    fs::write(&bundle, "{\"version\": 1, \"site\": ").unwrap();
    let (status, stderr) = site(&dir, &bundle, &[]);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("releases.json") && stderr.contains("line 1"),
        "{stderr}"
    );
    assert!(!dir.join("site").exists());
    let (status, stderr) = site(&dir, &dir.join("missing.json"), &[]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("missing.json"), "{stderr}");
}

#[test]
fn a_bad_option_is_a_usage_or_input_error_that_names_it() {
    let dir = scratch("options");
    let (status, stderr) = site(&dir, &fixture("build/basic"), &["--routing", "sideways"]);
    assert_eq!(status, 2, "{stderr}");
    let (status, stderr) = site(&dir, &fixture("build/basic"), &["--base", "/a b/"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("--base"), "{stderr}");
    let (status, stderr) = site(&dir, &fixture("build/basic"), &["--app", "/nonexistent"]);
    assert_eq!(status, 2, "--app given twice: {stderr}");
}

#[test]
fn markdown_files_with_errors_are_skipped_with_file_and_line() {
    let dir = scratch("markdown-errors");
    let (status, stderr) = site(&dir, &fixture("build/errors"), &[]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.contains("skipped: bad-fields.md:"), "{stderr}");
    assert!(
        stderr.contains("skipped: no-front-matter.md:1:1:"),
        "{stderr}"
    );
    assert!(dir.join("site/index.html").is_file());
    let (status, stderr) = site(&dir, &fixture("build/errors"), &["--strict"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("bad-fields.md:"), "{stderr}");
}
