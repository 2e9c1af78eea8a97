//! The feeds readers subscribe to: `feed.xml` (RSS 2.0), `atom.xml` (Atom 1.0),
//! `feed.json` (JSON Feed 1.1), and `sitemap.xml`, for the site writer and `pressroom
//! feed`.
//!
//! Only releases that pass validation are written (the viewer shows no others), newest
//! first, through the core's [`Catalog`] so slugs match the viewer's. Each item links to
//! the release's page in the viewer, at the address [`pressroom_core::paths`] gives every
//! page (`{base-url}releases/{slug}/`); the official original
//! (`source.url`) is the JSON Feed `external_url` and an Atom `related` link. Content is the
//! body rendered by the core's safe Markdown renderer. Dates keep their offset; a date
//! without a time is written as midnight UTC where the format needs a time.
//!
//! Ids: RSS `guid` and JSON Feed `id` are the release id. Atom ids must be IRIs, so an id
//! that is not an absolute URL is written as `tag:{host},{published date}:pressroom:{id}`
//! (RFC 4151, id percent-encoded), which `pressroom import` turns back into the id.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset, SecondsFormat};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use pressroom_core::excerpt::excerpt;
use pressroom_core::markdown::render_default;
use pressroom_core::paging::{linked_pages, PageRef};
use pressroom_core::paths::{list_page_path, release_path};
use pressroom_core::{Catalog, Entry};
use serde::Serialize;
use url::Url;

/// Characters percent-encoded in the id part of an Atom tag URI.
const ID_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Sitemaps hold at most this many URLs.
pub const SITEMAP_LIMIT: usize = 50_000;

/// How to write the feeds.
#[derive(Debug, Clone)]
pub struct FeedOptions {
    /// Where the viewer is hosted, e.g. `https://example.org/press/`.
    pub base_url: Url,
    /// Items per feed, newest first; 0 for all.
    pub limit: usize,
    /// Also write `sitemap.xml`.
    pub sitemap: bool,
}

/// The rendered files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feeds {
    /// `feed.xml`.
    pub rss: String,
    /// `atom.xml`.
    pub atom: String,
    /// `feed.json`.
    pub json: String,
    /// `sitemap.xml`.
    pub sitemap: String,
    /// Items in each feed.
    pub items: usize,
    /// Releases left out because they have problems.
    pub invalid: usize,
}

/// The base URL with a trailing slash, refusing anything but http(s).
pub fn normalise_base(raw: &str) -> Result<Url> {
    let mut url = Url::parse(raw.trim()).with_context(|| {
        format!("--base-url {raw:?} is not a URL; expected e.g. https://example.org/press/")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("--base-url {raw:?} is not an http(s) URL; expected e.g. https://example.org/press/");
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// The canonical URL of a list page: the base for the front page, else
/// `{base}page/{n}/`.
pub fn list_page_url(base: &Url, page: PageRef) -> String {
    format!("{base}{}", list_page_path(page))
}

/// The canonical URL of a release's page, as the feeds and the sitemap link to it:
/// `{base}releases/{slug}/`, the address of the pre-rendered `releases/<slug>/index.html`
/// (so file-only hosts serve it directly), ending with `/` like the app's own links.
pub fn release_url(base: &Url, slug: &str) -> String {
    format!("{base}{}", release_path(slug))
}

struct Item<'a> {
    entry: &'a Entry,
    url: String,
    published: DateTime<FixedOffset>,
    updated: Option<DateTime<FixedOffset>>,
    html: String,
    summary: String,
}

/// An RFC 3339 date-time, or a date alone as midnight UTC (bundles hold only these: the
/// core validated them).
fn moment(raw: &str) -> Option<DateTime<FixedOffset>> {
    let raw = raw.trim();
    if raw.len() == 10 {
        let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
        return Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset());
    }
    let normalised = match raw.as_bytes().get(10) {
        Some(b' ') => format!("{}T{}", &raw[..10], &raw[11..]),
        _ => raw.to_owned(),
    };
    DateTime::parse_from_rfc3339(&normalised).ok()
}

fn rfc3339(datetime: &DateTime<FixedOffset>) -> String {
    datetime.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Renders every file.
pub fn render_feeds(catalog: &Catalog, options: &FeedOptions) -> Feeds {
    let invalid = catalog
        .problems()
        .iter()
        .map(|p| p.position)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let base = &options.base_url;
    let take = if options.limit == 0 {
        usize::MAX
    } else {
        options.limit
    };
    let all: Vec<&Entry> = catalog.newest_first().collect();
    let items: Vec<Item<'_>> = all
        .iter()
        .take(take)
        .filter_map(|entry| {
            let release = &entry.release;
            Some(Item {
                entry,
                url: release_url(base, &entry.slug),
                published: moment(&release.published)?,
                updated: release.updated.as_deref().and_then(moment),
                html: render_default(&release.body),
                summary: release
                    .summary
                    .clone()
                    .unwrap_or_else(|| excerpt(&release.body, 300)),
            })
        })
        .collect();
    let site = catalog.site();
    let newest = items
        .iter()
        .map(|i| i.updated.unwrap_or(i.published))
        .max_by_key(|d| d.timestamp());
    Feeds {
        rss: rss(site, base, &items, newest),
        atom: atom(site, base, &items, newest),
        json: json_feed(site, base, &items),
        sitemap: sitemap(base, &all),
        items: items.len(),
        invalid,
    }
}

/// Renders and writes the files into `dir` (created if needed); returns their paths.
pub fn write_feeds(
    catalog: &Catalog,
    options: &FeedOptions,
    dir: &Path,
) -> Result<(Feeds, Vec<PathBuf>)> {
    let feeds = render_feeds(catalog, options);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    let mut files = vec![
        ("feed.xml", &feeds.rss),
        ("atom.xml", &feeds.atom),
        ("feed.json", &feeds.json),
    ];
    if options.sitemap {
        files.push(("sitemap.xml", &feeds.sitemap));
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok((feeds, written))
}

/// Text safe in XML content and attributes: escaped, and without the characters XML 1.0
/// cannot hold at all.
pub fn xml(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect();
    pressroom_core::escape::html(&cleaned)
}

fn rss(
    site: &pressroom_core::Site,
    base: &Url,
    items: &[Item<'_>],
    newest: Option<DateTime<FixedOffset>>,
) -> String {
    let mut out = String::with_capacity(1024 + items.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    out.push_str(&format!("<title>{}</title>\n", xml(&site.title)));
    out.push_str(&format!("<link>{}</link>\n", xml(base.as_str())));
    out.push_str(&format!(
        "<description>{}</description>\n",
        xml(site.description.as_deref().unwrap_or(&site.title))
    ));
    if let Some(language) = &site.language {
        out.push_str(&format!("<language>{}</language>\n", xml(language)));
    }
    if let Some(newest) = newest {
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            newest.to_rfc2822()
        ));
    }
    out.push_str("<generator>Pressroom</generator>\n");
    out.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml(&format!("{base}feed.xml"))
    ));
    for item in items {
        let release = &item.entry.release;
        out.push_str("<item>\n");
        out.push_str(&format!("<title>{}</title>\n", xml(&release.title)));
        out.push_str(&format!("<link>{}</link>\n", xml(&item.url)));
        out.push_str(&format!(
            "<guid isPermaLink=\"false\">{}</guid>\n",
            xml(&release.id)
        ));
        out.push_str(&format!(
            "<pubDate>{}</pubDate>\n",
            item.published.to_rfc2822()
        ));
        out.push_str(&format!(
            "<dc:creator>{}</dc:creator>\n",
            xml(&release.source.name)
        ));
        for tag in &release.tags {
            out.push_str(&format!("<category>{}</category>\n", xml(tag)));
        }
        out.push_str(&format!(
            "<description>{}</description>\n",
            xml(&item.summary)
        ));
        out.push_str(&format!(
            "<content:encoded>{}</content:encoded>\n",
            xml(&item.html)
        ));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// The Atom id of a release (see the module docs).
pub fn atom_id(base: &Url, id: &str, published: &DateTime<FixedOffset>) -> String {
    if let Ok(url) = Url::parse(id) {
        if url.has_host() || url.scheme() == "urn" || url.scheme() == "tag" {
            return id.to_owned();
        }
    }
    format!(
        "tag:{},{}:pressroom:{}",
        base.host_str().unwrap_or("localhost"),
        published.format("%Y-%m-%d"),
        utf8_percent_encode(id, ID_ENCODE)
    )
}

fn atom(
    site: &pressroom_core::Site,
    base: &Url,
    items: &[Item<'_>],
    newest: Option<DateTime<FixedOffset>>,
) -> String {
    let mut out = String::with_capacity(1024 + items.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    match &site.language {
        Some(language) => out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            xml(language)
        )),
        None => out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"),
    }
    out.push_str(&format!(
        "<title type=\"text\">{}</title>\n",
        xml(&site.title)
    ));
    if let Some(description) = &site.description {
        out.push_str(&format!(
            "<subtitle type=\"text\">{}</subtitle>\n",
            xml(description)
        ));
    }
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(base.as_str())
    ));
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&format!("{base}atom.xml"))
    ));
    out.push_str(&format!("<id>{}</id>\n", xml(base.as_str())));
    let updated = newest.map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| rfc3339(&d));
    out.push_str(&format!("<updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml(&site.title)
    ));
    out.push_str("<generator>Pressroom</generator>\n");
    for item in items {
        atom_entry(&mut out, base, item);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>` of the Atom feed.
fn atom_entry(out: &mut String, base: &Url, item: &Item<'_>) {
    let release = &item.entry.release;
    out.push_str("<entry>\n");
    out.push_str(&format!(
        "<title type=\"text\">{}</title>\n",
        xml(&release.title)
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&item.url)
    ));
    out.push_str(&format!(
        "<link rel=\"related\" type=\"text/html\" href=\"{}\" title=\"{}\"/>\n",
        xml(&release.source.url),
        xml(&release.source.name)
    ));
    out.push_str(&format!(
        "<id>{}</id>\n",
        xml(&atom_id(base, &release.id, &item.published))
    ));
    out.push_str(&format!(
        "<published>{}</published>\n",
        rfc3339(&item.published)
    ));
    out.push_str(&format!(
        "<updated>{}</updated>\n",
        rfc3339(&item.updated.unwrap_or(item.published))
    ));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml(&release.source.name)
    ));
    for tag in &release.tags {
        out.push_str(&format!("<category term=\"{}\"/>\n", xml(tag)));
    }
    out.push_str(&format!(
        "<summary type=\"text\">{}</summary>\n",
        xml(&item.summary)
    ));
    out.push_str(&format!(
        "<content type=\"html\">{}</content>\n",
        xml(&item.html)
    ));
    out.push_str("</entry>\n");
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    external_url: &'a str,
    title: &'a str,
    content_html: &'a str,
    summary: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    authors: [JsonAuthor<'a>; 1],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

fn json_feed(site: &pressroom_core::Site, base: &Url, items: &[Item<'_>]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &site.title,
        home_page_url: base.to_string(),
        feed_url: format!("{base}feed.json"),
        description: site.description.as_deref(),
        language: site.language.as_deref(),
        items: items
            .iter()
            .map(|item| {
                let release = &item.entry.release;
                JsonItem {
                    id: &release.id,
                    url: &item.url,
                    external_url: &release.source.url,
                    title: &release.title,
                    content_html: &item.html,
                    summary: &item.summary,
                    date_published: rfc3339(&item.published),
                    date_modified: item.updated.as_ref().map(rfc3339),
                    authors: [JsonAuthor {
                        name: &release.source.name,
                    }],
                    tags: &release.tags,
                    language: release.language.as_deref(),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The sitemap: the list's pages (the first is the base), then every release page, each at
/// its canonical URL (ending in `/`), at most [`SITEMAP_LIMIT`] URLs.
fn sitemap(base: &Url, entries: &[&Entry]) -> String {
    let mut out = String::with_capacity(256 + entries.len() * 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let pages: Vec<PageRef> = linked_pages(entries.len()).take(SITEMAP_LIMIT).collect();
    let list_pages = pages.len();
    for page in pages {
        out.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml(&list_page_url(base, page))
        ));
    }
    for entry in entries.iter().take(SITEMAP_LIMIT - list_pages) {
        let release = &entry.release;
        let last = release.updated.as_deref().unwrap_or(&release.published);
        let lastmod = match moment(last) {
            Some(_) if last.trim().len() == 10 => last.trim().to_owned(),
            Some(date) => rfc3339(&date),
            None => String::new(),
        };
        out.push_str(&format!(
            "<url><loc>{}</loc>",
            xml(&release_url(base, &entry.slug))
        ));
        if !lastmod.is_empty() {
            out.push_str(&format!("<lastmod>{lastmod}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(
            normalise_base("https://example.org/press")
                .map(|u| u.to_string())
                .ok()
                .as_deref(),
            Some("https://example.org/press/")
        );
        assert!(normalise_base("ftp://example.org/").is_err());
        assert!(normalise_base("press/").is_err());
    }

    #[test]
    fn release_urls_encode_slugs() {
        let base = normalise_base("https://example.org/press/").expect("valid");
        assert_eq!(
            release_url(&base, "a-b"),
            "https://example.org/press/releases/a-b/"
        );
        assert_eq!(
            release_url(&base, "해양"),
            "https://example.org/press/releases/%ED%95%B4%EC%96%91/"
        );
    }

    #[test]
    fn page_urls_end_with_a_slash() {
        let base = normalise_base("https://example.org/press/").expect("valid");
        assert_eq!(
            release_url(&base, "해양"),
            "https://example.org/press/releases/%ED%95%B4%EC%96%91/"
        );
        assert_eq!(
            list_page_url(&base, PageRef::Front),
            "https://example.org/press/"
        );
        assert_eq!(
            list_page_url(&base, PageRef::Numbered(3)),
            "https://example.org/press/page/3/"
        );
    }

    fn entries(count: usize) -> Catalog {
        let releases: Vec<serde_json::Value> = (0..count)
            .map(|i| {
                serde_json::json!({
                    "id": format!("r-{i:03}"),
                    "title": format!("Release {i}"),
                    "published": format!("2024-01-01T00:{:02}:{:02}Z", i / 60, i % 60),
                    "source": {"name": "Agency", "url": "https://example.org/r"},
                    "body": "Text."
                })
            })
            .collect();
        let json = serde_json::json!({"version": 1, "site": {"title": "T"}, "releases": releases});
        Catalog::from_bundle(serde_json::from_value(json).expect("a bundle"))
    }

    #[test]
    fn the_sitemap_lists_the_linked_list_pages_and_every_release_page() {
        let options = FeedOptions {
            base_url: normalise_base("https://example.org/press/").expect("valid"),
            limit: 10,
            sitemap: true,
        };
        let feeds = render_feeds(&entries(101), &options);
        let locs: Vec<&str> = feeds
            .sitemap
            .lines()
            .filter_map(|l| l.strip_prefix("<url><loc>"))
            .map(|l| l.split("</loc>").next().unwrap_or(""))
            .collect();
        // 101 releases: the front page shows the newest 51 (pages 3 and 2), page 1 the
        // 50 oldest; pages 2 and 3 are inside the front page.
        assert_eq!(locs.len(), 2 + 101, "the limit of the feeds does not apply");
        assert_eq!(
            &locs[..3],
            [
                "https://example.org/press/",
                "https://example.org/press/page/1/",
                "https://example.org/press/releases/release-100/",
            ]
        );
        assert!(locs[2..]
            .iter()
            .all(|l| l.contains("/releases/") && l.ends_with('/')));
        // An empty site still has its (empty) front page.
        let feeds = render_feeds(&entries(0), &options);
        assert_eq!(feeds.sitemap.matches("<url>").count(), 1);
        let feeds = render_feeds(&entries(50), &options);
        assert!(!feeds.sitemap.contains("page/2/"));
    }

    #[test]
    fn atom_ids() {
        let base = normalise_base("https://example.org/press/").expect("valid");
        let date = DateTime::parse_from_rfc3339("2024-06-01T09:30:00-05:00").expect("date");
        assert_eq!(
            atom_id(&base, "2024/001", &date),
            "tag:example.org,2024-06-01:pressroom:2024%2F001"
        );
        assert_eq!(atom_id(&base, "https://x.org/a", &date), "https://x.org/a");
        assert_eq!(
            atom_id(&base, "Straße 1", &date),
            "tag:example.org,2024-06-01:pressroom:Stra%C3%9Fe%201"
        );
    }

    #[test]
    fn xml_text_is_escaped_and_cleaned() {
        assert_eq!(xml("a<b>&\"c\u{0}\u{1b}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
