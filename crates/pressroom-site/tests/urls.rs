//! One URL per release, everywhere: the app's links in each routing mode, the router, the
//! pre-rendered page's canonical link, `og:url` and JSON-LD, its neighbours' links, the
//! feeds and the sitemap all write the same address, for the real Korean slugs of the
//! sample bundle as for plain ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::{repo_root, run_with, Page};
use pressroom_core::paths::release_path;
use pressroom_core::Catalog;
use pressroom_site::SiteOptions;
use pressroom_ui::links::{Links, RoutingMode};
use pressroom_ui::route::Route;

const SITE: &str = "https://press.example/newsroom/";

/// Written by hand from the UTF-8 bytes of the sample's first Korean title's slug.
const KOREAN_SLUG: &str = "해양수산부-2024년-연안-정화-계획-발표-샘플";
const KOREAN_PATH: &str = "releases/%ED%95%B4%EC%96%91%EC%88%98%EC%82%B0%EB%B6%80-2024%EB%85%84-%EC%97%B0%EC%95%88-%EC%A0%95%ED%99%94-%EA%B3%84%ED%9A%8D-%EB%B0%9C%ED%91%9C-%EC%83%98%ED%94%8C/";

#[test]
fn every_builder_writes_the_same_url_for_the_sample_slugs() {
    let bundle = fs::read_to_string(repo_root().join("public/releases.json")).unwrap();
    let catalog = Catalog::from_json(&bundle).unwrap();
    assert!(
        catalog.by_slug(KOREAN_SLUG).is_some(),
        "the sample has {KOREAN_SLUG}"
    );
    assert_eq!(release_path(KOREAN_SLUG), KOREAN_PATH);
    let options = SiteOptions {
        base: "/newsroom/".to_owned(),
        site_url: Some(SITE.to_owned()),
        ..SiteOptions::default()
    };
    let (site, _) = run_with("urls", &bundle, &options).unwrap();
    let rss = fs::read_to_string(site.join("feed.xml")).unwrap();
    let atom = fs::read_to_string(site.join("atom.xml")).unwrap();
    let json_feed: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("feed.json")).unwrap()).unwrap();
    let feed_urls: Vec<&str> = json_feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["url"].as_str())
        .collect();
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let korean: Vec<&str> = catalog
        .chronological()
        .iter()
        .map(|e| e.slug.as_str())
        .filter(|s| !s.is_ascii())
        .collect();
    assert_eq!(korean.len(), 3, "the sample's three Korean releases");
    for slug in korean.iter().copied().chain(["first-plain-slug"]) {
        let path = release_path(slug);
        assert!(path.is_ascii(), "{path}");
        let route = Route::release(slug);
        assert_eq!(route.path(), path, "the router");
        assert_eq!(Route::parse(&path), route, "and back");
        assert_eq!(
            Links::history("/newsroom/").release(slug),
            format!("/newsroom/{path}")
        );
        assert_eq!(
            Links::new(RoutingMode::Hash, "/newsroom/").release(slug),
            format!("#/{path}")
        );
        assert_eq!(
            Links::new(RoutingMode::Memory, SITE).release(slug),
            format!("{SITE}{path}")
        );
        if slug == "first-plain-slug" {
            continue;
        }
        let absolute = format!("{SITE}{path}");
        let page = Page::read(&site.join("releases").join(slug).join("index.html"));
        assert_eq!(
            page.canonical().as_deref(),
            Some(absolute.as_str()),
            "{slug}"
        );
        assert_eq!(page.meta("og:url").as_deref(), Some(absolute.as_str()));
        assert_eq!(page.json_ld()[0]["url"], absolute.as_str());
        assert!(
            rss.contains(&format!("<link>{absolute}</link>")),
            "RSS: {slug}"
        );
        assert!(
            atom.contains(&format!("href=\"{absolute}\"")),
            "Atom: {slug}"
        );
        assert!(feed_urls.contains(&absolute.as_str()), "JSON Feed: {slug}");
        assert!(
            sitemap.contains(&format!("<loc>{absolute}</loc>")),
            "sitemap: {slug}"
        );
        // Its neighbours link to it by the same path.
        let neighbours = catalog.neighbours(slug);
        for neighbour in [neighbours.previous, neighbours.next].into_iter().flatten() {
            let page = Page::read(
                &site
                    .join("releases")
                    .join(&neighbour.slug)
                    .join("index.html"),
            );
            assert!(
                page.hrefs().contains(&format!("/newsroom/{path}")),
                "{} links to {slug}",
                neighbour.slug
            );
        }
    }
}
