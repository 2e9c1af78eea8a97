//! The `pressroom-prerender` binary: flags, the summary line, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::{dist_with, generated_bundle};

fn prerender_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom-prerender"))
}

#[test]
fn writes_the_pages_and_prints_a_summary() {
    let dist = dist_with("cli", &generated_bundle(60));
    let bundle = dist.join("releases.json");
    let moved = dist.join("other.json");
    std::fs::rename(&bundle, &moved).unwrap();
    let output = prerender_command()
        .args(["--dist".as_ref(), dist.as_os_str()])
        .args([
            "--base",
            "/newsroom/",
            "--site-url",
            "https://press.example/newsroom/",
        ])
        .args(["--bundle".as_ref(), moved.as_os_str()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("pre-rendered 60 release pages and 2 list pages into "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" s"), "{stdout}");
    assert!(dist.join("page/2/index.html").is_file());
    let robots = std::fs::read_to_string(dist.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://press.example/newsroom/sitemap.xml"));
}

#[test]
fn errors_exit_non_zero_with_the_reason() {
    let dist = dist_with("cli-error", "not json");
    let output = prerender_command()
        .args(["--dist".as_ref(), dist.as_os_str()])
        .args(["--base", "/newsroom/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: in the bundle "), "{stderr}");

    let usage = prerender_command().arg("--base").output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "clap's usage error");
    let help = prerender_command().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--dist",
        "--base",
        "--site-url",
        "--bundle",
        "--template",
        "--threads",
    ] {
        assert!(text.contains(flag), "{text}");
    }
}
