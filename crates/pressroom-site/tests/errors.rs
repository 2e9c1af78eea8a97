//! Unusable input stops the run with a message that says what and where, and the previous
//! site stays as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::{app_build_in, content, generated_bundle, run_with, scratch};
use pressroom_core::names::APP_MANIFEST;
use pressroom_site::{write_site, AppBuild, SiteOptions};

fn error_of(name: &str, options: &SiteOptions) -> String {
    format!(
        "{:#}",
        run_with(name, &generated_bundle(3), options).expect_err("the run fails")
    )
}

#[test]
fn a_shell_without_the_mount_point_is_a_clear_error() {
    let dir = scratch("no-mount");
    let app = app_build_in(&dir.join("app"));
    let broken = common::shell().replace("id=\"pressroom\"", "id=\"app\"");
    fs::write(dir.join("app/index.html"), broken).unwrap();
    let app = AppBuild::read(&app.dir).unwrap();
    let out = dir.join("site");
    let error = format!(
        "{:#}",
        write_site(
            &app,
            content(&generated_bundle(3)),
            &SiteOptions::default(),
            &out
        )
        .unwrap_err()
    );
    assert!(
        error.contains("no element with id=\"pressroom\""),
        "{error}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_folder_that_is_no_app_build_says_how_to_make_one() {
    let dir = scratch("no-app");
    let app = app_build_in(&dir.join("app"));
    fs::remove_file(app.dir.join(APP_MANIFEST)).unwrap();
    let error = format!("{:#}", AppBuild::read(&app.dir).unwrap_err());
    assert!(
        error.contains("is not an app build") && error.contains("cargo xtask app"),
        "{error}"
    );
    // A plain trunk build for `/` has no placeholder to put the base in.
    let app = app_build_in(&dir.join("app2"));
    let plain = common::shell().replace(pressroom_core::names::APP_BASE_PLACEHOLDER, "/");
    fs::write(app.dir.join("index.html"), plain).unwrap();
    let error = format!("{:#}", AppBuild::read(&app.dir).unwrap_err());
    assert!(error.contains("cannot place it under a base"), "{error}");
    // A written site is not an app build either.
    let app = app_build_in(&dir.join("app3"));
    fs::write(app.dir.join("releases.json"), "{}").unwrap();
    let error = format!("{:#}", AppBuild::read(&app.dir).unwrap_err());
    assert!(error.contains("looks like a written site"), "{error}");
}

#[test]
fn an_app_that_reads_another_format_must_be_refreshed() {
    let dir = scratch("old-app");
    let app = app_build_in(&dir.join("app"));
    fs::write(
        app.dir.join(APP_MANIFEST),
        r#"{"app":"pressroom-app","version":"0.0.9","reads":["bundle/0"]}"#,
    )
    .unwrap();
    let app = AppBuild::read(&app.dir).unwrap();
    let error = format!(
        "{:#}",
        write_site(
            &app,
            content(&generated_bundle(3)),
            &SiteOptions::default(),
            &dir.join("site")
        )
        .unwrap_err()
    );
    assert!(
        error.contains("bundle/0") && error.contains("refresh it"),
        "{error}"
    );
}

#[test]
fn bad_options_are_named() {
    let off_base = SiteOptions {
        base: "/newsroom/".into(),
        site_url: Some("https://press.example/other/".into()),
        ..SiteOptions::default()
    };
    assert!(error_of("off-base", &off_base).contains("--site-url"));
    let origin = SiteOptions {
        embed_origins: vec!["https://*.example".into()],
        ..SiteOptions::default()
    };
    assert!(error_of("origin", &origin).contains("--embed-origin"));
}

#[test]
fn strict_refuses_problems_and_writes_nothing() {
    let mut bundle: serde_json::Value = serde_json::from_str(&generated_bundle(3)).unwrap();
    bundle["releases"][1]["published"] = "24/09/2024".into();
    let bundle = bundle.to_string();
    let options = SiteOptions {
        strict: true,
        ..SiteOptions::default()
    };
    let error = format!("{:#}", run_with("strict", &bundle, &options).unwrap_err());
    assert!(
        error.contains("--strict") && error.contains("release 2"),
        "{error}"
    );
    assert!(error.contains("`published`"), "names the field: {error}");
    let (site, report) = run_with("lenient", &bundle, &SiteOptions::default()).unwrap();
    assert_eq!(report.release_pages, 2, "the other releases are written");
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        report.skipped[0].contains("release 2"),
        "{:?}",
        report.skipped
    );
    assert!(site.join("index.html").is_file());
}

#[test]
fn a_failed_run_keeps_the_previous_site() {
    let dir = scratch("keep");
    let app = app_build_in(&dir.join("app"));
    let out = dir.join("site");
    write_site(
        &app,
        content(&generated_bundle(3)),
        &SiteOptions::default(),
        &out,
    )
    .unwrap();
    let before = fs::read_to_string(out.join("index.html")).unwrap();
    let bad = SiteOptions {
        frame_ancestors: "self".into(),
        ..SiteOptions::default()
    };
    assert!(write_site(&app, content(&generated_bundle(5)), &bad, &out).is_err());
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), before);
    // And a folder of someone else's files is never replaced.
    let mine = dir.join("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let error = format!(
        "{:#}",
        write_site(
            &app,
            content(&generated_bundle(3)),
            &SiteOptions::default(),
            &mine
        )
        .unwrap_err()
    );
    assert!(error.contains("did not write"), "{error}");
    assert_eq!(
        fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep me"
    );
}
