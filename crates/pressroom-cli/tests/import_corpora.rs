//! Every file of the real-world corpus (`fixtures/corpora`, see its PROVENANCE.md) is
//! imported, each with assertions on its real content; one bundle per format is a
//! snapshot. Malformed files get clear errors or documented leniency.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pressroom_cli::dates::parse_lenient;
use pressroom_cli::import::{import_file, Format, ImportOptions, Imported};
use pressroom_core::{Catalog, Release};

use common::corpus;

fn options() -> ImportOptions {
    ImportOptions {
        // Fixed, so snapshots do not depend on the day the tests run.
        fallback_date: parse_lenient("2024-01-01"),
        ..ImportOptions::default()
    }
}

fn import(path: &str) -> Imported {
    import_with(path, &options())
}

fn import_with(path: &str, options: &ImportOptions) -> Imported {
    let imported = import_file(&corpus(path), options).unwrap_or_else(|e| panic!("{path}: {e:#}"));
    // Whatever is imported is valid for the viewer.
    let catalog = Catalog::from_bundle(imported.bundle.clone());
    assert!(
        catalog.problems().is_empty(),
        "{path}: {:?}",
        catalog.problems()
    );
    assert_eq!(imported.report.releases, imported.bundle.releases.len());
    imported
}

fn release<'a>(imported: &'a Imported, id: &str) -> &'a Release {
    imported
        .bundle
        .releases
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no release {id}"))
}

fn notes(notes: &[pressroom_cli::report::Note], needle: &str) -> usize {
    notes.iter().filter(|n| n.message.contains(needle)).count()
}

/// The bundle and the report, with the fixture folder's absolute path taken out (CI runs
/// in another folder).
fn snapshot(imported: &Imported) -> String {
    let text = format!(
        "{}\n\n--- report ---\n{}{}\n",
        serde_json::to_string_pretty(&imported.bundle).unwrap(),
        imported.report.details(true),
        imported.report.summary("imported", "items")
    );
    text.replace(&corpus("").display().to_string(), "corpora/")
}

// ---------------------------------------------------------------- JSON Feed

#[test]
fn jsonfeed_spec_example_v1() {
    let imported = import("jsonfeed/feedrs-jsonfeed-org-spec-example-v1.json");
    assert_eq!(imported.format, Format::JsonFeed);
    assert_eq!(imported.bundle.releases.len(), 1);
    let r = &imported.bundle.releases[0];
    assert_eq!(r.title, "Announcing JSON Feed");
    assert_eq!(r.published, "2017-05-17T08:02:12-07:00");
    assert_eq!(r.source.name, "Brent Simmons and Manton Reece");
    assert!(
        r.body
            .contains("[RSS](http://cyber.harvard.edu/rss/rss.html)"),
        "{}",
        r.body
    );
    insta::assert_snapshot!("import_jsonfeed_spec_example", snapshot(&imported));
}

#[test]
fn jsonfeed_elastic_rfc2822_dates_and_no_ids() {
    let imported = import("jsonfeed/feedrs-elastic-blog-v1.1-rfc2822-dates-no-ids.json");
    assert_eq!(imported.bundle.releases.len(), 3);
    assert_eq!(
        imported.bundle.site.title, "Blog – InfluxData",
        "entity in the title decoded"
    );
    let first = release(&imported, "https://www.influxdata.com/blog/influxdb-outperforms-graphite-in-time-series-data-metrics-benchmark");
    assert_eq!(
        first.title,
        "InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark"
    );
    // RFC 2822 in date_published, normalised with its offset.
    assert_eq!(first.published, "2019-05-31T12:17:58-07:00");
    // `authors` (1.1) wins over `author` (1.0).
    assert_eq!(first.source.name, "Chris Churilo, Fake Author 1");
    assert!(
        first.body.contains("InfluxDB 1.8.0"),
        "plain text stays readable: {}",
        first.body
    );
    // The item with no date gets the fallback, and the report says so.
    let fake = release(&imported, "https://example.com");
    assert_eq!(fake.published, "2024-01-01");
    assert_eq!(
        notes(
            &imported.report.changed,
            "no date; used --fallback-date 2024-01-01"
        ),
        1
    );
    assert_eq!(notes(&imported.report.changed, "no id; used the link"), 3);
    insta::assert_snapshot!("import_jsonfeed_elastic", snapshot(&imported));
}

#[test]
fn jsonfeed_authors_test_has_nothing_to_import_but_reads_authors() {
    let imported = import("jsonfeed/rsparser-authors-test-v1.1-untitled-items.json");
    assert_eq!(imported.bundle.releases.len(), 0);
    assert_eq!(imported.report.inputs, 4);
    assert_eq!(notes(&imported.report.skipped, "no content and no link"), 4);
    // Which of author and authors wins, read straight from the feed.
    let text = std::fs::read_to_string(corpus(
        "jsonfeed/rsparser-authors-test-v1.1-untitled-items.json",
    ))
    .unwrap();
    let parsed = pressroom_cli::import::jsonfeed::parse(&text, &options()).unwrap();
    let authors: Vec<Vec<String>> = parsed.drafts.iter().map(|d| d.authors.clone()).collect();
    assert_eq!(
        authors,
        vec![
            vec![],
            vec!["Legacy Item Author".to_owned()],
            vec!["Item Author 1".to_owned(), "Item Author 2".to_owned()],
            vec!["Item Author 1".to_owned(), "Item Author 2".to_owned()],
        ]
    );
    assert_eq!(
        parsed.channel.authors,
        vec!["Root Author 1", "Root Author 2"]
    );
}

#[test]
fn jsonfeed_fboes_german_blog() {
    let imported = import("jsonfeed/rsparser-fboes-blog-v1.1-de.json");
    assert_eq!(imported.bundle.releases.len(), 20);
    assert_eq!(imported.bundle.site.language.as_deref(), Some("de-DE"));
    let r = release(
        &imported,
        "user/posts/2020-02-10-sabine-flughafen-amsterdam/index.md",
    );
    assert_eq!(r.title, "„Sabine“ am Flughafen Amsterdam");
    assert_eq!(r.published, "2020-02-10T18:40:04+01:00");
    assert_eq!(r.updated.as_deref(), Some("2020-02-11T08:51:21+01:00"));
    assert!(r
        .body
        .starts_with("[METAR](https://en.wikipedia.org/wiki/METAR)-Informationen"));
    // Embedded videos are iframes: removed, and reported.
    assert!(notes(&imported.report.changed, "<iframe>") >= 4);
    // (One post is about `<iframe>` and quotes it in code: the rendered page shows it as text.)
    for r in &imported.bundle.releases {
        assert!(!pressroom_core::markdown::render_default(&r.body).contains("<iframe"));
    }
}

#[test]
fn jsonfeed_inessential_v1() {
    let imported = import("jsonfeed/rsparser-inessential-v1.json");
    assert_eq!(imported.bundle.releases.len(), 20);
    let r = release(
        &imported,
        "http://inessential.com/2017/06/01/evergreen_diary_1_open_source",
    );
    assert_eq!(r.title, "Evergreen Diary #1: Open Source");
    assert_eq!(r.published, "2017-06-01T17:27:32-07:00");
    assert_eq!(r.source.name, "Brent Simmons");
    assert!(r
        .body
        .starts_with("[Evergreen](https://ranchero.com/evergreen/) is a new feed reader"));
}

#[test]
fn jsonfeed_pixelenvy_http_version_and_link_blog() {
    let imported = import("jsonfeed/rsparser-pixelenvy-v1-http-version-url.json");
    assert_eq!(imported.bundle.releases.len(), 20);
    let r = release(&imported, "https://pxlnv.com/linklog/uber-losses-2017/");
    // A link-blog entry: external_url is the original, so it is the source.
    assert!(r
        .source
        .url
        .starts_with("https://www.bloomberg.com/news/articles/2018-02-13/uber-sales"));
    assert_eq!(r.published, "2018-02-13T23:23:12Z");
    // Relative links in content resolved against the item's URL.
    assert_eq!(
        notes(&imported.report.changed, "resolved 2 relative links"),
        1
    );
    let resolved = imported
        .bundle
        .releases
        .iter()
        .find(|r| r.title == "Everything Easy is Hard Again")
        .unwrap();
    assert!(
        resolved.body.contains("](https://pxlnv.com/"),
        "{}",
        resolved.body
    );
}

// ---------------------------------------------------------------- RSS and Atom

#[test]
fn rss_nasa_press_releases() {
    let imported = import("rss-atom/nasa-breaking-news-press-releases-2018.rss.xml");
    assert_eq!(imported.format, Format::Rss);
    assert_eq!(imported.bundle.releases.len(), 10);
    assert_eq!(imported.bundle.site.title, "NASA Breaking News");
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.title,
        "Watch This Space: NASA Administrator Talks Webb Science with Nobel Laureate"
    );
    // `Tue, 24 Jul 2018 17:13 EDT`: no seconds, named zone, offset kept.
    assert_eq!(r.published, "2018-07-24T17:13:00-04:00");
    assert_eq!(r.source.name, "NASA Breaking News");
    assert_eq!(
        r.source.url,
        "http://www.nasa.gov/press-release/watch-this-space-nasa-administrator-talks-webb-science-with-nobel-laureate"
    );
    assert!(
        r.body.contains("NASA’s James Webb Space Telescope"),
        "curly quotes kept"
    );
    assert!(imported.report.changed.is_empty() && imported.report.skipped.is_empty());
    insta::assert_snapshot!("import_rss_nasa", snapshot(&imported));
}

#[test]
fn atom_heise_developer() {
    let imported = import("rss-atom/rssparser-heise-developer.atom");
    assert_eq!(imported.format, Format::Atom);
    assert_eq!(imported.bundle.releases.len(), 15);
    let r = release(&imported, "http://heise.de/-3088627");
    assert_eq!(
        r.title,
        "Scrum Day 2016: Bewerbungen für Vorträge und Workshops"
    );
    assert_eq!(r.published, "2016-02-01T14:29:00+01:00");
    assert_eq!(r.source.name, "heise online");
    assert!(r
        .summary
        .as_deref()
        .unwrap_or_default()
        .starts_with("Über das Programm"));
    insta::assert_snapshot!("import_atom_heise", snapshot(&imported));
}

#[test]
fn atom_xml_base_on_content_resolves_the_image() {
    let imported = import("rss-atom/feedrs-atom-xml-base.xml");
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.body,
        "![](https://numi.st/post/2022/travel-uke/IMG_1232.jpeg)"
    );
    // No <published>: the updated date is used, and reported.
    assert_eq!(r.published, "2022-04-21T00:00:00Z");
    assert_eq!(notes(&imported.report.changed, "used the updated date"), 1);
}

#[test]
fn rss_ilgiornale_double_escaped_html() {
    let imported = import("rss-atom/feedrs-ilgiornale-double-escaped-html.xml");
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.title,
        "Arrestato in Pakistan Shabbar Abbas. In Italia è accusato per l'omicidio di Saman"
    );
    assert_eq!(r.published, "2022-11-15T20:15:04Z", "a bare `Z` zone");
    assert_eq!(r.source.name, "Angela Leucci");
    assert_eq!(r.tags, vec!["Cronaca nera"]);
    assert!(
        r.body.starts_with("![](https://img.ilgcdn.com/"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("&#39;") && !r.body.contains("<figure"),
        "{}",
        r.body
    );
}

#[test]
fn rss_declared_iso_8859_1() {
    let imported = import("rss-atom/feedrs-inovacaotecnologica-iso-8859-1.xml");
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.title,
        "Revolução nas telas com pontos quânticos impressos em 3D"
    );
    assert_eq!(r.published, "2020-08-13T06:57:55-03:00");
    assert!(r.body.contains("excedendo em muito as TVs QLED"));
    assert_eq!(
        notes(&imported.report.warnings, "decoded from windows-1252"),
        1
    );
}

#[test]
fn rss_xml_base_per_item_and_inline_html_description() {
    let imported = import("rss-atom/feedrs-insanity-industries-xml-base-relative.xml");
    assert_eq!(imported.bundle.releases.len(), 2);
    let r = &imported.bundle.releases[0];
    assert_eq!(r.source.name, "Jonas Große Sundrup");
    // `<description>… <em>is</em> …</description>` is read whole, as HTML.
    assert_eq!(
        r.summary.as_deref(),
        Some("Everyone wants good compression. But what exactly is good compression? Time for a closer look.")
    );
    assert_eq!(
        imported.bundle.releases[1].published,
        "2021-02-13T00:00:00Z"
    );
    assert_eq!(notes(&imported.report.warnings, "unescaped HTML"), 1);
}

#[test]
fn rss_nbc_nonstandard_pubdate() {
    let imported = import("rss-atom/feedrs-nbcnewyork-nonstandard-pubdate.xml");
    let r = &imported.bundle.releases[0];
    // `Sat, Dec 16 2023 02:02:33 PM`: read, taken as UTC, and reported.
    assert_eq!(r.published, "2023-12-16T14:02:33Z");
    assert_eq!(
        notes(&imported.report.changed, "no time zone; taken as UTC"),
        1
    );
    assert_eq!(r.source.name, "Gaby Acevedo and Jessica Cunnington");
    assert_eq!(r.id, "4956764");
}

#[test]
fn rss_scripting_news_untitled_items_and_duplicate_ids() {
    let imported = import("rss-atom/rsparser-scriptingnews-untitled-items.rss");
    assert_eq!(imported.report.inputs, 50);
    // Two guids appear twice: merged into the first, with a warning each.
    assert_eq!(imported.bundle.releases.len(), 48);
    assert_eq!(notes(&imported.report.warnings, "merged into it"), 2);
    // 39 items have no title; one of them is a merged duplicate.
    assert_eq!(
        notes(
            &imported.report.changed,
            "no title; used the start of the text"
        ),
        38
    );
    let r = release(&imported, "http://scripting.com/2017/06/26.html#a080605");
    assert_eq!(r.title, "Good morning students and teachers!");
    assert_eq!(r.published, "2017-06-26T12:20:05Z");
    assert!(imported.bundle.releases.iter().all(|r| !r.title.is_empty()));
}

#[test]
fn rss_bogus_php_declaration_and_relative_images() {
    let imported = import("rss-atom/rsparser-fcutrecht-bogus-phpxml-decl-relative-img.rss");
    assert_eq!(imported.bundle.releases.len(), 20);
    let absolute_pictures: usize = imported
        .bundle
        .releases
        .iter()
        .map(|r| r.body.matches("](https://www.fcutrecht.net/").count())
        .sum();
    assert!(absolute_pictures >= 13, "{absolute_pictures}");
    assert!(imported
        .bundle
        .releases
        .iter()
        .all(|r| !r.body.contains("](/pictures")));
    assert!(imported.bundle.releases[0]
        .title
        .starts_with("Serdar Gözübüyük scheidsrechter bij FC Twente"));
}

#[test]
fn rss_gb2312_chinese_forum() {
    let imported = import("rss-atom/rsparser-kc0011-gb2312.rss");
    assert_eq!(imported.bundle.releases.len(), 20);
    assert_eq!(notes(&imported.report.warnings, "decoded from GBK"), 1);
    let r = &imported.bundle.releases[0];
    assert_eq!(r.title, "建国35周年纪念，华表，和平鸽");
    assert_eq!(r.published, "2020-01-10T14:33:00Z");
    assert_eq!(r.source.name, "大鱼儿");
    // Event handlers on images were removed.
    assert!(notes(&imported.report.changed, "event-handler attribute") >= 5);
}

#[test]
fn rss_livemint_cdata_everywhere() {
    let imported = import("rss-atom/rsparser-livemint-cdata-everywhere.xml");
    assert_eq!(imported.bundle.releases.len(), 25);
    let r = release(&imported, "1559104147038");
    assert_eq!(
        r.title,
        "PM Modi-Xi Jinping informal summit in Varanasi this October: Report"
    );
    assert_eq!(r.published, "2019-05-29T10:16:00Z");
    assert!(r
        .source
        .url
        .starts_with("https://www.livemint.com/news/india/pm-modi-xi-jinping"));
}

// ---------------------------------------------------------------- malformed

#[test]
fn undeclared_nbsp_entity_is_read_as_html() {
    let imported = import("rss-atom-malformed/feedrs-dbengines-undeclared-nbsp-entity.xml");
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.published, "2023-01-03T15:00:00Z",
        "dc:date in place of pubDate"
    );
    assert!(r.body.contains("our\u{a0}DB-Engines Ranking"), "{}", r.body);
    assert_eq!(notes(&imported.report.warnings, "&nbsp;"), 1);
}

#[test]
fn truncated_reuters_feed_is_a_clear_error() {
    let error = import_file(
        &corpus("rss-atom-malformed/feedrs-reuters-truncated.xml"),
        &options(),
    )
    .expect_err("truncated");
    let message = format!("{error:#}");
    assert!(message.contains("line 19, column 85"), "{message}");
    assert!(
        message.contains("<channel> (line 5), <rss> (line 2) are closed; it looks truncated"),
        "{message}"
    );
}

#[test]
fn undeclared_latin1_without_declaration_falls_back() {
    let imported =
        import("rss-atom-malformed/rssparser-uolnoticias-undeclared-latin1-no-xmldecl.rss");
    assert_eq!(
        imported.bundle.site.description.as_deref(),
        Some("Últimas Notícias")
    );
    let r = &imported.bundle.releases[0];
    assert_eq!(
        r.title,
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"
    );
    // `Seg, 24 Set 2018 19:42:40 -0300`: Portuguese day and month.
    assert_eq!(r.published, "2018-09-24T19:42:40-03:00");
    assert_eq!(notes(&imported.report.warnings, "read as Windows-1252"), 1);
    assert_eq!(
        notes(&imported.report.warnings, "no version; read as RSS 2.0"),
        1
    );
}

// ---------------------------------------------------------------- WordPress

#[test]
fn wordpress_wxr_theme_unit_test() {
    let imported = import("wordpress/themeunittestdata.wordpress.xml");
    assert_eq!(imported.format, Format::Wxr);
    assert_eq!(imported.report.inputs, 180);
    assert_eq!(imported.bundle.releases.len(), 48);
    let skipped = &imported.report.skipped;
    assert_eq!(notes(skipped, "a menu item"), 70);
    assert_eq!(notes(skipped, "an attachment"), 38);
    assert_eq!(notes(skipped, "a page, not a post"), 21);
    assert_eq!(notes(skipped, "scheduled"), 1);
    assert_eq!(notes(skipped, "status draft"), 1);
    assert_eq!(notes(skipped, "password-protected"), 1);
    let markup = release(&imported, "1173");
    assert_eq!(markup.title, "Markup: Title With Markup");
    assert_eq!(markup.slug.as_deref(), Some("markup-title-with-markup"));
    // The site's offset from post_date − post_date_gmt.
    assert_eq!(markup.published, "2013-01-05T10:00:49-07:00");
    let untitled = release(&imported, "1169");
    assert_eq!(
        untitled.title,
        "This post has no title, but it still must link to the single post view somehow."
    );
    let lists = release(&imported, "1000");
    assert!(
        lists
            .body
            .contains("1.  ordered item\n2.  ordered item\n\n    *   **unordered**"),
        "{}",
        lists.body
    );
    assert_eq!(lists.source.name, "Theme Buster", "author display name");
    assert!(lists.tags.contains(&"content περιεχόμενο".to_owned()));
    // Stray bracket in a real export's dc:creator.
    assert_eq!(release(&imported, "1730").source.name, "Theme Reviewer");
    assert!(imported
        .bundle
        .releases
        .iter()
        .all(|r| !r.body.contains("[gallery") && !r.body.contains("<video")));
    insta::assert_snapshot!("import_wxr_theme_unit_test", snapshot(&imported));

    let with_pages = import_with(
        "wordpress/themeunittestdata.wordpress.xml",
        &ImportOptions {
            include_pages: true,
            ..options()
        },
    );
    assert_eq!(with_pages.bundle.releases.len(), 69);
}

#[test]
fn wordpress_rest_posts_with_embed() {
    let imported = import("wordpress/frontity-wp-v2-posts-embed-category-7.json");
    assert_eq!(imported.format, Format::WpRest);
    assert_eq!(imported.bundle.releases.len(), 5);
    let r = release(&imported, "57");
    assert_eq!(r.title, "Shinjuku Gyoen National Garden");
    assert_eq!(r.published, "2016-10-25T18:25:24Z");
    assert_eq!(r.updated.as_deref(), Some("2017-06-07T12:11:37Z"));
    assert_eq!(r.source.name, "Reyes Martinez");
    assert_eq!(
        r.source.url,
        "https://demo.worona.org/shinjuku-gyoen-national-garden/"
    );
    assert_eq!(
        r.tags,
        vec!["Nature", "Photography", "Japan", "National Garden", "Tokyo"]
    );
    assert!(r.body.contains("新宿御苑"));
    assert_eq!(notes(&imported.report.warnings, "pass --site-title"), 1);
    insta::assert_snapshot!("import_wp_rest_frontity", snapshot(&imported));
}

// ---------------------------------------------------------------- the corpus as a whole

/// Every feed-like file of the corpus goes through auto-detection and the whole pipeline
/// (the per-file tests above assert what each contains).
#[test]
fn every_corpus_feed_imports_or_fails_cleanly() {
    let mut seen = 0;
    for folder in ["jsonfeed", "rss-atom", "rss-atom-malformed", "wordpress"] {
        for entry in std::fs::read_dir(corpus(folder)).unwrap() {
            let path = entry.unwrap().path();
            seen += 1;
            match import_file(&path, &options()) {
                Ok(imported) => {
                    assert!(Catalog::from_bundle(imported.bundle).problems().is_empty())
                }
                Err(error) => {
                    assert!(
                        path.ends_with("feedrs-reuters-truncated.xml"),
                        "{}: {error:#}",
                        path.display()
                    );
                }
            }
        }
    }
    assert_eq!(seen, 22);
}
