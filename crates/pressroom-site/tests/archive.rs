//! Sites in the sharded-archive layout: the data under `data/` instead of one bundle, the
//! file budget, and how few files publishing one more release changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{all_files, generated_bundle, run_with, Page};
use pressroom_core::Catalog;
use pressroom_site::{Layout, SiteOptions};

fn options(layout: Layout, max_files: usize) -> SiteOptions {
    SiteOptions {
        base: "/newsroom/".to_owned(),
        layout,
        max_files,
        ..SiteOptions::default()
    }
}

/// Every file of a site, relative, with its bytes.
fn files_of(site: &Path) -> BTreeMap<String, Vec<u8>> {
    all_files(site)
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn an_archive_site_holds_the_data_files_and_no_bundle() {
    let bundle = generated_bundle(400);
    let (site, report) =
        run_with("archive-layout", &bundle, &options(Layout::Archive, 20_000)).unwrap();
    assert!(site.join("data/boot.json").is_file());
    assert!(
        !site.join("releases.json").exists(),
        "no whole bundle beside the archive"
    );
    assert!(
        report.notes.iter().any(|n| n == "data layout: archive"),
        "{:?}",
        report.notes
    );
    let index = Page::read(&site.join("index.html"));
    assert_eq!(
        index.meta("pressroom-bundle").as_deref(),
        Some("data/boot.json")
    );
    // A release page tells the app where its release is (positions are chronological).
    let catalog = Catalog::from_json(&bundle).unwrap();
    let entry = &catalog.chronological()[123];
    let page = Page::read(&site.join("releases").join(&entry.slug).join("index.html"));
    let root = page
        .elements
        .iter()
        .find(|e| e.attrs.contains_key("data-prerendered-route"))
        .expect("the markup root");
    assert_eq!(
        root.attrs.get("data-position").map(String::as_str),
        Some("123")
    );
    let headers = fs::read_to_string(site.join("_headers")).unwrap();
    assert!(
        headers.contains("\n/newsroom/data/boot.json\n  Cache-Control: no-cache\n"),
        "{headers}"
    );
    assert!(
        headers.contains(
            "\n/newsroom/data/packs/*\n  Cache-Control: public, max-age=31536000, immutable\n"
        ),
        "{headers}"
    );
}

#[test]
fn auto_keeps_a_small_bundle_whole() {
    let bundle = generated_bundle(30);
    let (site, _) = run_with("auto-small", &bundle, &options(Layout::Auto, 20_000)).unwrap();
    assert!(site.join("releases.json").is_file());
    assert!(!site.join("data").exists());
    let index = Page::read(&site.join("index.html"));
    assert_eq!(
        index.meta("pressroom-bundle").as_deref(),
        Some("releases.json")
    );
}

#[test]
fn the_file_budget_keeps_the_newest_pages() {
    let bundle = generated_bundle(400);
    let budget = 300;
    let (site, report) = run_with("budget", &bundle, &options(Layout::Archive, budget)).unwrap();
    let files = files_of(&site);
    assert!(
        files.len() <= budget,
        "{} files, budget {budget}",
        files.len()
    );
    let catalog = Catalog::from_json(&bundle).unwrap();
    let entries = catalog.chronological();
    let page = |i: usize| {
        site.join("releases")
            .join(&entries[i].slug)
            .join("index.html")
    };
    assert!(site.join("index.html").is_file());
    assert!(page(399).is_file(), "the newest release is pre-rendered");
    assert!(!page(0).exists(), "the oldest is left to the app");
    assert!(
        report.release_pages > 0 && report.release_pages < 400,
        "{}",
        report.release_pages
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("--max-files 300:")),
        "{:?}",
        report.notes
    );
}

#[test]
fn publishing_one_more_release_changes_few_files() {
    let before = generated_bundle(600);
    let after = generated_bundle(601);
    let (a, _) = run_with("publish-a", &before, &options(Layout::Archive, 20_000)).unwrap();
    let (b, _) = run_with("publish-b", &after, &options(Layout::Archive, 20_000)).unwrap();
    let (old, new) = (files_of(&a), files_of(&b));
    let changed: Vec<&String> = new.keys().filter(|k| old.get(*k) != new.get(*k)).collect();
    let gone = old.keys().filter(|k| !new.contains_key(*k)).count();
    let pages: Vec<&&String> = changed
        .iter()
        .filter(|k| k.ends_with("index.html"))
        .collect();
    // The new release's page, the one before it (its "next" link), the front page and
    // the newest numbered page (600 → 601 releases opens page 13): written by hand.
    let newest = Catalog::from_json(&after).unwrap().chronological()[600]
        .slug
        .clone();
    assert!(pages.iter().any(|p| p.contains(&newest)), "{pages:?}");
    assert!(pages.contains(&&&"index.html".to_owned()));
    assert!(
        !changed.iter().any(|k| *k == "page/1/index.html"),
        "old list pages never change"
    );
    assert!(pages.len() <= 5, "{pages:?}");
    let data: Vec<&&String> = changed.iter().filter(|k| k.starts_with("data/")).collect();
    println!(
        "{} files changed ({} pages, {} data), {gone} removed",
        changed.len(),
        pages.len(),
        data.len()
    );
    // Outside search, one file of each kind at most, written by hand: the boot file, the
    // newest block, pack list, pack, index shard, column, the new slug's bucket and the
    // slug page listing it, and the facets.
    let (search, other): (Vec<&&String>, Vec<&&String>) =
        data.iter().partition(|k| k.starts_with("data/search/"));
    assert!(other.len() <= 9, "{other:?}");
    let packs = other
        .iter()
        .filter(|k| k.starts_with("data/packs/"))
        .count();
    assert_eq!(packs, 1, "only the newest pack: {other:?}");
    // Search files: the directory and the shards holding the new release's words; at
    // this size that is all four of them, so `cargo xtask bench` reports it at 100,000.
    println!("{} search files changed", search.len());
}

/// Under a tight file budget the packs are larger than the default, and they keep their
/// boundaries as releases are published (here twenty, 3 % more): only the newest pack
/// changes and new ones follow, the older packs stay as they were.
#[test]
fn publishing_under_a_tight_file_budget_keeps_the_old_packs() {
    let before = generated_bundle(600);
    let after = generated_bundle(620);
    let tight = options(Layout::Archive, 75);
    let (a, _) = run_with("tight-a", &before, &tight).unwrap();
    let (b, _) = run_with("tight-b", &after, &tight).unwrap();
    // Pack names are `<first position>-<hash>.json`: oldest first by that number.
    let packs = |site: &Path| -> Vec<String> {
        let mut names: Vec<String> = files_of(site)
            .into_keys()
            .filter_map(|k| k.strip_prefix("data/packs/").map(str::to_owned))
            .collect();
        names.sort_by_key(|n| n.split('-').next().and_then(|f| f.parse::<usize>().ok()));
        names
    };
    let (old, new) = (packs(&a), packs(&b));
    let (roomy, _) = run_with("roomy", &before, &options(Layout::Archive, 20_000)).unwrap();
    let default_packs = packs(&roomy).len();
    assert!(
        old.len() < default_packs,
        "the budget made packs bigger: {} vs {default_packs}",
        old.len()
    );
    let kept = &old[..old.len() - 1];
    let lost: Vec<&String> = kept.iter().filter(|p| !new.contains(p)).collect();
    assert!(lost.is_empty(), "older packs rewritten: {lost:?}");
}
