//! Round trips: build → feed → import gives back the same titles, dates, links and ids;
//! and each written feed, parsed back by feed-rs (an independent parser), says the same.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::path::Path;

use pressroom_cli::build::build_bundle;
use pressroom_cli::import::{import_file, Format, ImportOptions};
use pressroom_core::{Bundle, Catalog, Published};
use pressroom_site::feeds::{normalise_base, release_url, write_feeds, FeedOptions};

use common::{build_basic_bundle, code, fixture, run, texts};

const BASE: &str = "https://example.org/press/";

fn feeds_of(bundle: &Bundle, dir: &Path) {
    let options = FeedOptions {
        base_url: normalise_base(BASE).unwrap(),
        limit: 0,
        sitemap: true,
    };
    let (feeds, written) =
        write_feeds(&Catalog::from_bundle(bundle.clone()), &options, dir).unwrap();
    assert_eq!(written.len(), 4);
    assert_eq!(feeds.invalid, 0);
}

fn instant(text: &str) -> i128 {
    Published::parse(text)
        .unwrap_or_else(|| panic!("{text:?} is RFC 3339"))
        .unix_nanos()
}

/// The original releases by id, with the viewer link of each.
fn originals(bundle: &Bundle) -> HashMap<String, (pressroom_core::Release, String)> {
    let base = normalise_base(BASE).unwrap();
    Catalog::from_bundle(bundle.clone())
        .chronological()
        .iter()
        .map(|e| {
            (
                e.release.id.clone(),
                (e.release.clone(), release_url(&base, &e.slug)),
            )
        })
        .collect()
}

/// Parses each written feed with feed-rs and compares titles, dates, links and ids.
fn check_with_feed_rs(bundle: &Bundle, dir: &Path) {
    let originals = originals(bundle);
    for (file, kind) in [
        ("feed.xml", "RSS"),
        ("atom.xml", "Atom"),
        ("feed.json", "JSON"),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let feed =
            feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(feed.entries.len(), originals.len(), "{file}");
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some(bundle.site.title.as_str())
        );
        for entry in &feed.entries {
            let id = if kind == "Atom" {
                pressroom_cli::import::pressroom_id(&entry.id).unwrap_or_else(|| entry.id.clone())
            } else {
                entry.id.clone()
            };
            let (release, link) = originals
                .get(&id)
                .unwrap_or_else(|| panic!("{file}: unknown id {id}"));
            assert_eq!(
                entry.title.as_ref().unwrap().content,
                release.title,
                "{file} {id}"
            );
            let published = entry.published.unwrap();
            assert_eq!(
                published.timestamp_nanos_opt().map(i128::from),
                Some(instant(&release.published)),
                "{file} {id}"
            );
            let alternate = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref() != Some("related"))
                .unwrap();
            assert_eq!(&alternate.href, link, "{file} {id}");
            let tags: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
            assert_eq!(
                tags,
                release.tags.iter().map(String::as_str).collect::<Vec<_>>(),
                "{file} {id}"
            );
        }
    }
}

/// Imports each written feed with `pressroom import` and compares with the original.
fn check_import(bundle: &Bundle, dir: &Path) {
    let originals = originals(bundle);
    for (file, format) in [
        ("feed.xml", Format::Rss),
        ("atom.xml", Format::Atom),
        ("feed.json", Format::JsonFeed),
    ] {
        let imported = import_file(&dir.join(file), &ImportOptions::default()).unwrap();
        assert_eq!(imported.format, format);
        assert!(
            imported.report.skipped.is_empty() && imported.report.warnings.is_empty(),
            "{file}: {:?}",
            imported.report
        );
        assert_eq!(imported.bundle.releases.len(), originals.len(), "{file}");
        assert_eq!(imported.bundle.site.title, bundle.site.title);
        for release in &imported.bundle.releases {
            let (original, link) = originals
                .get(&release.id)
                .unwrap_or_else(|| panic!("{file}: id {} is new", release.id));
            assert_eq!(release.title, original.title, "{file}");
            assert_eq!(
                instant(&release.published),
                instant(&original.published),
                "{file} {}",
                release.id
            );
            assert_eq!(release.tags, original.tags, "{file}");
            assert_eq!(release.source.name, original.source.name, "{file}");
            // JSON Feed and Atom carry the official original; RSS has only the viewer link.
            let expected_url = if format == Format::Rss {
                link
            } else {
                &original.source.url
            };
            assert_eq!(&release.source.url, expected_url, "{file} {}", release.id);
            if format != Format::Rss {
                assert_eq!(
                    release.updated.as_deref().map(instant),
                    original.updated.as_deref().map(instant),
                    "{file} {}",
                    release.id
                );
            }
        }
    }
}

#[test]
fn build_feed_import_keeps_titles_dates_links_and_ids() {
    let built = build_bundle(&fixture("build/basic")).unwrap();
    assert!(built.report.is_ok());
    let dir = tempfile::tempdir().unwrap();
    feeds_of(&built.bundle, dir.path());
    check_with_feed_rs(&built.bundle, dir.path());
    check_import(&built.bundle, dir.path());
    // The offset of a date-time survives (the viewer shows the date in it).
    let atom = import_file(&dir.path().join("atom.xml"), &ImportOptions::default()).unwrap();
    let mayor = atom
        .bundle
        .releases
        .iter()
        .find(|r| r.id == "2024/clean-streets")
        .unwrap();
    assert_eq!(mayor.published, "2024-04-22T09:30:00-05:00");
    // The sitemap lists the home page and every release, at their canonical URLs.
    let sitemap = std::fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), 6);
    assert!(sitemap.contains("<loc>https://example.org/press/releases/riverton-library-extends-weekend-opening-hours/</loc><lastmod>2024-06-01</lastmod>"));
    insta::assert_snapshot!("sitemap", sitemap);
    pressroom_cli::xml_text::check_xml(&sitemap).unwrap();
}

#[test]
fn round_trip_of_two_hundred_generated_releases() {
    let content = tempfile::tempdir().unwrap();
    pressroom_cli::bench::generate_content(content.path(), 200).unwrap();
    let built = build_bundle(content.path()).unwrap();
    assert!(built.report.is_ok());
    let dir = tempfile::tempdir().unwrap();
    feeds_of(&built.bundle, dir.path());
    check_with_feed_rs(&built.bundle, dir.path());
    check_import(&built.bundle, dir.path());
}

#[test]
fn the_feed_command_writes_four_files_and_limits_items() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = build_basic_bundle(dir.path());
    let out = dir.path().join("site");
    let output = run(&[
        "feed",
        bundle.to_str().unwrap(),
        "--base-url",
        "https://example.org/press",
        "-o",
        out.to_str().unwrap(),
        "--limit",
        "2",
    ]);
    let (stdout, stderr) = texts(&output);
    assert_eq!(code(&output), 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("2 items per feed"), "{stderr}");
    for name in ["feed.xml", "atom.xml", "feed.json", "sitemap.xml"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("feed.json")).unwrap()).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][0]["id"], "ko-2024-07", "newest first");
    // A bad base URL is a clear error.
    let output = run(&[
        "feed",
        bundle.to_str().unwrap(),
        "--base-url",
        "ftp://x",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 1);
    assert!(texts(&output).1.contains("not an http(s) URL"));
}
