//! The pages the site writer pre-renders for the fixture and sample bundles: each
//! readable without JavaScript, with its own head tags, under the base.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::{generated_bundle, index_files, repo_root, run, run_with, Page};
use percent_encoding::percent_decode_str;
use pressroom_core::Catalog;
use pressroom_site::SiteOptions;
use pressroom_ui::prerender::page_data;
use pressroom_ui::route::Route;
use pressroom_ui::store::{find_article, list_item, ListItem, Store};

fn small_bundle() -> String {
    fs::read_to_string(repo_root().join("tests/fixtures/small-bundle.json")).unwrap()
}

fn sample_bundle() -> String {
    fs::read_to_string(repo_root().join("public/releases.json")).unwrap()
}

fn store(bundle: &str) -> Store {
    Store::new(Catalog::from_json(bundle).unwrap())
}

/// Every release, newest first, as the list shows it.
fn list(store: &Store) -> Vec<ListItem> {
    store
        .catalog()
        .unwrap()
        .newest_first()
        .map(list_item)
        .collect()
}

/// The document title the app gives `route`.
fn title_of(store: &Store, route: Route) -> String {
    page_data(store, &route).unwrap().title()
}

fn release(slug: &str) -> Route {
    Route::release(slug)
}

fn decoded(href: &str) -> String {
    percent_decode_str(href).decode_utf8_lossy().into_owned()
}

const HANGUL: &str = "해양수산부-발표";

#[test]
fn release_pages_hold_the_article_and_its_neighbours() {
    let bundle = small_bundle();
    let (dist, report) = run("small", &bundle, None);
    assert_eq!((report.release_pages, report.list_pages), (3, 1));
    assert!(
        report.skipped.iter().any(|w| w.starts_with("release 4 ")),
        "the broken release is reported by position: {:?}",
        report.skipped
    );
    let store = store(&bundle);

    // (slug, title, date, source, body text, previous, next)
    let expected = [
        (
            "first",
            "First",
            "2024-01-01",
            "Agency A",
            "Body one.",
            None,
            Some("second-quoted-and-co"),
        ),
        (
            "second-quoted-and-co",
            "Second \"Quoted\" & Co",
            "2024-02-01",
            "Agency B",
            "Body two with a link",
            Some("first"),
            Some(HANGUL),
        ),
        (
            HANGUL,
            "해양수산부 발표",
            "2024-03-01",
            "해양수산부",
            "한국어 본문.",
            Some("second-quoted-and-co"),
            None,
        ),
    ];
    for (slug, title, date, source, body, previous, next) in expected {
        let path = dist.join("releases").join(slug).join("index.html");
        let page = Page::read(&path);
        let article = find_article(store.catalog().unwrap(), slug).unwrap();
        assert_eq!(page.title(), title_of(&store, release(slug)));
        assert!(page.title().starts_with(title), "{}", page.title());

        let mount = page.mount();
        assert!(mount.attrs.contains_key("data-prerendered"), "{slug}");
        for text in [title, date, source, body] {
            assert!(
                mount.text.contains(text),
                "{slug}: {text:?} in {:?}",
                mount.text
            );
        }
        assert!(!mount.text.contains("Loading releases"), "{slug}");
        let hrefs: Vec<String> = page.hrefs().iter().map(|h| decoded(h)).collect();
        for neighbour in [previous, next].into_iter().flatten() {
            let href = format!("/newsroom/releases/{neighbour}/");
            assert!(hrefs.contains(&href), "{slug}: {href} in {hrefs:?}");
        }
        assert!(
            hrefs.contains(&article.source_url),
            "{slug}: the official link"
        );
        assert_eq!(
            hrefs
                .iter()
                .filter(|h| h.starts_with("/newsroom/releases/"))
                .count(),
            previous.iter().count() + next.iter().count(),
            "{slug}: {hrefs:?}"
        );

        // Head: path-absolute canonical under the base; no og:url without a site URL.
        let canonical = page.canonical().unwrap();
        assert!(canonical.starts_with("/newsroom/releases/"), "{canonical}");
        assert_eq!(decoded(&canonical), format!("/newsroom/releases/{slug}/"));
        assert!(canonical.is_ascii(), "{canonical}");
        assert_eq!(page.meta("og:url"), None);
        assert_eq!(page.meta("og:type").as_deref(), Some("article"));
        assert_eq!(page.meta("og:title").as_deref(), Some(title));
        assert_eq!(page.meta("twitter:title").as_deref(), Some(title));
        assert_eq!(page.meta("twitter:card").as_deref(), Some("summary"));
        assert_eq!(
            page.meta("og:site_name").as_deref(),
            Some("Fixture Newsroom")
        );
        assert_eq!(page.meta("description"), Some(article.item.summary.clone()));
        assert_eq!(
            page.meta("og:description"),
            Some(article.item.summary.clone())
        );
        assert_eq!(
            page.meta("article:published_time"),
            Some(article.item.datetime.clone())
        );

        let json_ld = page.json_ld();
        assert_eq!(json_ld.len(), 1, "{slug}");
        let ld = &json_ld[0];
        assert_eq!(ld["@type"], "NewsArticle");
        assert_eq!(ld["headline"], title);
        assert_eq!(ld["datePublished"], article.item.datetime.as_str());
        assert_eq!(ld["publisher"]["name"], source);
        assert_eq!(ld["author"]["@type"], "Organization");
        assert_eq!(ld["isBasedOn"], article.source_url.as_str());
        assert_eq!(ld["url"], canonical.as_str());
        assert_eq!(ld["mainEntityOfPage"], canonical.as_str());
        let language = if slug == HANGUL { "ko" } else { "" };
        if language.is_empty() {
            assert!(
                ld.get("inLanguage").is_none(),
                "{slug}: the site has no language"
            );
        } else {
            assert_eq!(ld["inLanguage"], language);
        }
    }
    // The body's javascript: link and onerror image are not live in any page.
    for path in index_files(&dist) {
        let page = Page::read(&path);
        for element in &page.elements {
            for (name, value) in &element.attrs {
                assert!(!name.starts_with("on"), "{}: {element:?}", path.display());
                assert!(
                    !value.contains("javascript:"),
                    "{}: {element:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_site_url_makes_urls_absolute_and_hangul_slugs_percent_encoded() {
    let (dist, _) = run(
        "site-url",
        &small_bundle(),
        Some("https://press.example/newsroom/"),
    );
    let dir = dist.join("releases").join(HANGUL);
    assert!(dir.is_dir(), "the directory is the raw UTF-8 slug");
    let page = Page::read(&dir.join("index.html"));
    let encoded = "https://press.example/newsroom/releases/%ED%95%B4%EC%96%91%EC%88%98%EC%82%B0%EB%B6%80-%EB%B0%9C%ED%91%9C/";
    assert_eq!(page.canonical().as_deref(), Some(encoded));
    assert_eq!(page.meta("og:url").as_deref(), Some(encoded));
    assert_eq!(page.json_ld()[0]["url"], encoded);

    let index = Page::read(&dist.join("index.html"));
    assert_eq!(
        index.canonical().as_deref(),
        Some("https://press.example/newsroom/")
    );
    assert_eq!(
        index.meta("og:url").as_deref(),
        Some("https://press.example/newsroom/")
    );
    assert_eq!(
        fs::read_to_string(dist.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\nSitemap: https://press.example/newsroom/sitemap.xml\n"
    );
}

#[test]
fn list_pages_are_numbered_from_the_oldest_under_the_base() {
    // 120 releases, written by hand: page 1 holds the 50 oldest, page 2 the next 50,
    // page 3 the newest 20; the front page (index.html) shows pages 3 and 2, 70 releases,
    // so only page 1 lies behind it.
    let bundle = generated_bundle(120);
    let (dist, report) = run("list", &bundle, None);
    assert_eq!((report.release_pages, report.list_pages), (120, 2));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(dist.join("page/1/index.html").is_file());
    assert!(!dist.join("page/2").exists(), "inside the front page");
    assert_eq!(index_files(&dist).len(), 120 + 2);
    let store = store(&bundle);
    let list = list(&store);

    let index = Page::read(&dist.join("index.html"));
    assert_eq!(index.title(), title_of(&store, Route::front()));
    assert_eq!(index.canonical().as_deref(), Some("/newsroom/"));
    assert_eq!(index.meta("og:type").as_deref(), Some("website"));
    assert_eq!(
        index.meta("description").as_deref(),
        Some("Generated releases.")
    );
    assert!(index.json_ld().is_empty());
    assert!(index.mount().attrs.contains_key("data-prerendered"));
    assert!(index.mount().text.contains(&list[0].title));
    assert!(
        index.mount().text.contains(&list[69].title),
        "the front page shows 70"
    );
    assert!(index
        .hrefs()
        .iter()
        .any(|h| decoded(h) == format!("/newsroom/releases/{}/", list[0].slug)));
    assert!(
        index.hrefs().contains(&"/newsroom/page/1/".to_owned()),
        "{:?}",
        index.hrefs()
    );

    let first = Page::read(&dist.join("page/1/index.html"));
    assert_eq!(first.title(), title_of(&store, Route::parse("page/1/")));
    assert_eq!(first.title(), "Page 1 — Generated Newsroom");
    assert_eq!(first.canonical().as_deref(), Some("/newsroom/page/1/"));
    assert!(
        first.hrefs().contains(&"/newsroom/".to_owned()),
        "{:?}",
        first.hrefs()
    );
    assert!(
        first.mount().text.contains(&list[70].title),
        "page 1 starts at the 50th oldest"
    );
    assert!(
        first.mount().text.contains(&list[119].title),
        "and ends at the oldest"
    );
    assert!(!first
        .mount()
        .text
        .contains(&format!(">{}<", list[69].title)));
}

#[test]
fn every_sample_release_gets_a_page() {
    let bundle = sample_bundle();
    let (dist, report) = run("sample", &bundle, Some("https://example.org/newsroom/"));
    let store = store(&bundle);
    let list = list(&store);
    assert_eq!(report.release_pages, list.len());
    assert_eq!(
        report.release_pages, 28,
        "a hand-written fact about the sample"
    );
    for item in &list {
        let page = Page::read(&dist.join("releases").join(&item.slug).join("index.html"));
        assert_eq!(page.title(), title_of(&store, release(&item.slug)));
        assert!(page.mount().text.contains(&item.title), "{}", item.slug);
        assert!(page.mount().text.contains(&item.date), "{}", item.slug);
        assert!(
            page.mount().text.contains(&item.source_name),
            "{}",
            item.slug
        );
        assert_eq!(page.json_ld()[0]["headline"], item.title.as_str());
        assert!(page
            .canonical()
            .is_some_and(|c| c.starts_with("https://example.org/newsroom/releases/")));
    }
    let mayor = list
        .iter()
        .find(|i| i.title.starts_with("Mayor Announces \"Clean Streets"))
        .unwrap();
    let html =
        fs::read_to_string(dist.join("releases").join(&mayor.slug).join("index.html")).unwrap();
    assert!(html
        .contains("<title>Mayor Announces &quot;Clean Streets &amp; Safe Parks&quot; Initiative"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let hostile_title = "</title><script>alert(1)</script> \"quoted\" & 'apos'";
    let hostile_summary = "He said \"</script><script>alert(2)</script>\" & left <!--";
    let bundle = serde_json::json!({
        "version": 1,
        "site": { "title": "Site </title><script>alert(3)</script>", "description": "\"><script>alert(4)</script>" },
        "releases": [
            {
                "id": "x", "title": hostile_title, "published": "2024-05-01",
                "summary": hostile_summary,
                "source": { "name": "Agency </script><script>alert(5)</script>", "url": "https://example.org/x?a=1&b=</script>" },
                "body": "Text <script>alert(6)</script> and </script>.",
                "tags": ["</script><script>alert(7)</script>"]
            },
            {
                "id": "y", "title": "Neighbour", "published": "2024-05-02",
                "source": { "name": "A", "url": "https://example.org/y" }, "body": "Plain."
            }
        ]
    })
    .to_string();
    let (dist, report) = run("hostile", &bundle, Some("https://press.example/newsroom/"));
    assert_eq!(report.release_pages, 2);
    let store = store(&bundle);
    let slug = list(&store)[1].slug.clone();

    for path in index_files(&dist) {
        let html = fs::read_to_string(&path).unwrap();
        assert!(!html.contains("<script>alert"), "{}", path.display());
        let page = Page::parse(html);
        // Only the template's loader, the theme script (inlined by the writer) and, on
        // release pages, the JSON-LD are scripts.
        let theme = pressroom_site::test_app::APP_FILES[4].1;
        let scripts: Vec<_> = page
            .all("script")
            .into_iter()
            .filter(|s| s.text != theme)
            .collect();
        assert_eq!(
            page.all("script").len() - scripts.len(),
            1,
            "the theme script, once: {}",
            path.display()
        );
        let data: Vec<_> = scripts
            .iter()
            .filter(|s| s.attrs.get("type").map(String::as_str) != Some("module"))
            .collect();
        assert!(
            data.iter()
                .all(|s| s.attrs.get("type").map(String::as_str) == Some("application/ld+json")),
            "{}: {data:?}",
            path.display()
        );
        assert_eq!(scripts.len() - data.len(), 1, "the loader is kept");
        assert!(
            page.title().contains("</title><script>alert"),
            "the title is text"
        );
    }

    let page = Page::read(&dist.join("releases").join(&slug).join("index.html"));
    assert_eq!(page.title(), title_of(&store, release(&slug)));
    assert_eq!(page.meta("description").as_deref(), Some(hostile_summary));
    assert_eq!(page.meta("og:title").as_deref(), Some(hostile_title));
    assert_eq!(
        page.meta("twitter:description").as_deref(),
        Some(hostile_summary)
    );
    let ld = &page.json_ld()[0];
    assert_eq!(ld["headline"], hostile_title);
    assert_eq!(ld["description"], hostile_summary);
    assert_eq!(
        ld["publisher"]["name"],
        "Agency </script><script>alert(5)</script>"
    );
    assert_eq!(ld["isBasedOn"], "https://example.org/x?a=1&b=</script>");
    assert_eq!(ld["keywords"][0], "</script><script>alert(7)</script>");
    assert!(page.mount().text.contains(hostile_title));
    assert!(
        page.mount().text.contains("<script>alert(6)</script>"),
        "raw HTML in the body is text"
    );
}

#[test]
fn running_again_gives_the_same_site() {
    let bundle = small_bundle();
    let options = SiteOptions {
        base: "/newsroom/".to_owned(),
        site_url: Some("https://press.example/newsroom/".to_owned()),
        ..SiteOptions::default()
    };
    let read = |name: &str| {
        let (dist, _) = run_with(name, &bundle, &options).unwrap();
        common::all_files(&dist)
            .into_iter()
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p.strip_prefix(&dist).unwrap().to_path_buf(), bytes)
            })
            .collect::<Vec<_>>()
    };
    let first = read("twice-a");
    assert!(first.len() > 10, "{} files", first.len());
    assert_eq!(
        first,
        read("twice-b"),
        "the same content gives the same bytes"
    );
}

#[test]
fn the_shell_is_kept_byte_for_byte_around_what_is_filled_in() {
    let (dist, _) = run("kept", &small_bundle(), None);
    let html = fs::read_to_string(dist.join("releases/first/index.html")).unwrap();
    let shell = common::shell().replace(pressroom_core::names::APP_BASE_PLACEHOLDER, "/newsroom/");
    let head_end = shell.find("    <title>").unwrap();
    assert!(html.starts_with(&shell[..head_end]));
    let loader_start = shell.find("<script type=\"module\">").unwrap();
    let loader_end = shell.find("</head>").unwrap();
    assert!(
        html.contains(&shell[loader_start..loader_end]),
        "the loader and links, under the base"
    );
    let body_end = shell.rfind("</div>").unwrap();
    assert!(html.ends_with(&shell[body_end..]));
    // The theme script is the shell's one other change: written into the page, not
    // loaded from a file (a render-blocking request less), and not copied.
    let (theme_file, theme) = pressroom_site::test_app::APP_FILES[4];
    assert!(theme_file.starts_with("theme-"));
    assert_eq!(
        html.matches(&format!("<script>{theme}</script>")).count(),
        1
    );
    assert!(!html.contains(theme_file), "no reference to {theme_file}");
    assert!(!dist.join(theme_file).exists());
    let (_, inner) = html
        .split_once("<div id=\"pressroom\" class=\"pressroom\" data-prerendered><div ")
        .expect("the page inside the mount element");
    let attributes = &inner[..inner.find('>').unwrap()];
    for want in [
        "class=\"pressroom-app\"",
        "data-prerendered-route=\"releases/first/\"",
        // `small_bundle` has "first" as its oldest release.
        "data-position=\"0\"",
    ] {
        assert!(attributes.contains(want), "{want} in {attributes}");
    }
    assert!(html.contains("<meta name=\"pressroom-base\" content=\"/newsroom/\">"));
    let robots = fs::read_to_string(dist.join("robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nAllow: /\n");
}

#[test]
fn one_thread_or_many_write_the_same_pages() {
    let bundle = generated_bundle(130);
    let read_all = |threads: usize| {
        let options = SiteOptions {
            base: "/newsroom/".to_owned(),
            threads: Some(threads),
            ..SiteOptions::default()
        };
        let (dist, _) = run_with(&format!("threads-{threads}"), &bundle, &options).unwrap();
        index_files(&dist)
            .into_iter()
            .map(|p| {
                let text = fs::read_to_string(&p).unwrap();
                (p.strip_prefix(&dist).unwrap().to_path_buf(), text)
            })
            .collect::<Vec<_>>()
    };
    let one = read_all(1);
    // 130 releases: numbered pages 1 (0..50), 2 (50..100) and 3 (100..130); the front
    // page shows 2 and 3, so the list is the front page and page 1.
    assert_eq!(one.len(), 130 + 2, "releases and list pages");
    assert_eq!(one, read_all(4));
}

#[test]
fn every_page_speaks_the_site_language() {
    let bundle = small_bundle();
    let mut json: serde_json::Value = serde_json::from_str(&bundle).unwrap();
    json["site"]["language"] = "ko".into();
    let (out, _) = run("korean-site", &json.to_string(), None);
    let catalog = Catalog::from_json(&bundle).unwrap();
    let slug = &catalog.chronological()[0].slug;
    for page in [
        out.join("index.html"),
        out.join("404.html"),
        out.join("releases").join(slug).join("index.html"),
    ] {
        let html = fs::read_to_string(&page).unwrap();
        assert!(html.contains("<html lang=\"ko\">"), "{}", page.display());
        assert!(!html.contains("lang=\"en\""), "{}", page.display());
    }
    let list = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        list.contains("보도자료 검색"),
        "the interface is Korean too"
    );
}
