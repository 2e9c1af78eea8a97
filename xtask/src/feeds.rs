//! Feeds in `cargo xtask dist`: after trunk has built `dist/`, writes `feed.xml`,
//! `atom.xml`, `feed.json` and `sitemap.xml` from the bundle copied into `dist/`, and points
//! the feed links of `dist/index.html` at them.
//!
//! The feeds are written by the command-line tool (`pressroom feed`, built natively with
//! `cargo run`; xtask does not link the app's crates). Their links need the address the
//! app is hosted at: `--site-url`, else `site.base_url` in the bundle, else no feeds are
//! written.
//!
//! `index.html` advertises the feeds with relative hrefs (`href="feed.xml"`). The same
//! page is also served for deep links such as `/releases/<slug>`, where a relative href
//! would point below the release, so [`rewrite_feed_links`] makes them absolute paths under
//! the public URL (`/feed.xml`, `/newsroom/feed.xml`), or removes the links when no feeds
//! were written.

use crate::html_scan::{escape_attribute, tag_end};
use crate::setup::Tools;
use anyhow::{Context, Result};
use std::path::Path;

/// The feeds `pressroom feed` writes and `index.html` links to: (MIME type, file name).
pub const FEEDS: [(&str, &str); 3] = [
    ("application/rss+xml", "feed.xml"),
    ("application/atom+xml", "atom.xml"),
    ("application/feed+json", "feed.json"),
];

/// Everything `pressroom feed` writes (the feeds and the sitemap).
const WRITTEN: [&str; 4] = ["feed.xml", "atom.xml", "feed.json", "sitemap.xml"];

/// What to do with the feed links of `index.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedLinks<'a> {
    /// Point them at the feeds under this public URL (ending in `/`).
    Absolute {
        /// The public URL, e.g. `/` or `/newsroom/` (or an absolute URL).
        public_url: &'a str,
    },
    /// Remove them: no feeds were written.
    Remove,
}

/// Where the base URL of the feeds came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrl {
    /// `--site-url` (alias `--base-url`).
    Flag(String),
    /// `site.base_url` in the bundle.
    Bundle(String),
}

impl BaseUrl {
    /// The URL itself.
    pub fn url(&self) -> &str {
        match self {
            BaseUrl::Flag(url) | BaseUrl::Bundle(url) => url,
        }
    }

    /// Where it came from, for messages.
    pub fn origin(&self) -> &'static str {
        match self {
            BaseUrl::Flag(_) => "--site-url",
            BaseUrl::Bundle(_) => "site.base_url in the bundle",
        }
    }
}

/// `--site-url` when given (and not blank), else the bundle's `site.base_url` (when it is a
/// non-empty string).
pub fn choose_base_url(flag: Option<&str>, bundle: &serde_json::Value) -> Option<BaseUrl> {
    if let Some(url) = flag.map(str::trim).filter(|url| !url.is_empty()) {
        return Some(BaseUrl::Flag(url.to_owned()));
    }
    bundle
        .get("site")
        .and_then(|site| site.get("base_url"))
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|url| !url.is_empty())
        .map(|url| BaseUrl::Bundle(url.to_owned()))
}

/// The path of an absolute URL (`https://example.org/press` → `/press/`), with a trailing
/// `/`; `None` if `url` is not absolute.
fn url_path(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut path = match rest.find('/') {
        Some(slash) => rest[slash..].to_owned(),
        None => "/".to_owned(),
    };
    if !path.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

/// A warning when the base URL does not end in the public URL's path (the feeds would then
/// link to release pages where the app is not served), e.g. base `https://example.org/`
/// with public URL `/newsroom/`.
pub fn base_url_mismatch(base_url: &str, public_url: &str) -> Option<String> {
    let base_path = url_path(base_url)?;
    let public_path = if public_url.contains("://") {
        url_path(public_url)?
    } else {
        public_url.to_owned()
    };
    (!base_path.ends_with(&public_path)).then(|| {
        format!(
            "the feeds' base URL {base_url} does not end in the public URL {public_url}: \
             their release links will not reach the app (pass --site-url with the full address, \
             e.g. https://example.org{public_path})"
        )
    })
}

/// One attribute of a tag: name, value, and where the value sits in the document.
struct Attribute<'a> {
    name: &'a str,
    value: &'a str,
    /// Byte range of the value (without quotes) in the document.
    value_range: std::ops::Range<usize>,
    /// The quote around the value, if any.
    quoted: bool,
}

/// Parses the attributes of the tag whose inside (after `<link`, before `>`) starts at
/// byte `start` of `html` and ends at `end`.
fn attributes(html: &str, start: usize, end: usize) -> Vec<Attribute<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    let is_space = |b: u8| b.is_ascii_whitespace() || b == b'/';
    while i < end {
        while i < end && is_space(bytes[i]) {
            i += 1;
        }
        let name_start = i;
        while i < end && !is_space(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        if i == name_start {
            break;
        }
        let name = &html[name_start..i];
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end || bytes[i] != b'=' {
            out.push(Attribute {
                name,
                value: "",
                value_range: i..i,
                quoted: false,
            });
            continue;
        }
        i += 1;
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end, quoted) = match bytes.get(i) {
            Some(&quote) if i < end && (quote == b'"' || quote == b'\'') => {
                let value_start = i + 1;
                let value_end = html[value_start..end]
                    .find(quote as char)
                    .map_or(end, |offset| value_start + offset);
                i = (value_end + 1).min(end);
                (value_start, value_end, true)
            }
            _ => {
                let value_start = i;
                while i < end && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                (value_start, i, false)
            }
        };
        out.push(Attribute {
            name,
            value: &html[value_start..value_end],
            value_range: value_start..value_end,
            quoted,
        });
    }
    out
}

/// Whether `href` is the link to `file` that `index.html` has (`feed.xml`) or that an
/// earlier rewrite made (`/feed.xml`, `/newsroom/feed.xml`, `<public URL>feed.xml`), and
/// not a link to someone else's feed (`https://other.example/feed.xml`).
fn is_our_href(href: &str, file: &str, public_url: Option<&str>) -> bool {
    let href = href.trim();
    if href == file {
        return true;
    }
    let under_us = !href.contains("://")
        || public_url.is_some_and(|url| url.contains("://") && href.starts_with(url));
    under_us && href.ends_with(&format!("/{file}"))
}

/// Rewrites the feed links of an HTML page: every `<link rel="alternate">` whose `type` is
/// one of [`FEEDS`] and whose `href` is that feed's file (relative, or an absolute path to
/// it) gets `href="<public URL><file>"`, or is removed (with its line, when it stands on a
/// line of its own). Other tags, and links in comments, are left exactly as they were.
/// Returns the new page and how many links were changed or removed. Idempotent.
pub fn rewrite_feed_links(html: &str, links: FeedLinks<'_>) -> (String, usize) {
    let public_url = match links {
        FeedLinks::Absolute { public_url } => Some(public_url),
        FeedLinks::Remove => None,
    };
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0; // bytes of `html` already handled
    let mut count = 0;
    let mut pos = 0;
    while let Some(found) = lower[pos..].find('<') {
        let open = pos + found;
        if lower[open..].starts_with("<!--") {
            pos = lower[open..]
                .find("-->")
                .map_or(html.len(), |offset| open + offset + 3);
            continue;
        }
        let after = open + "<link".len();
        let is_link = lower[open..].starts_with("<link")
            && lower[after..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_whitespace() || c == '/' || c == '>');
        if !is_link {
            pos = open + 1;
            continue;
        }
        let Some(close) = tag_end(html, after) else {
            break;
        };
        pos = close + 1;
        let attrs = attributes(html, after, close);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(name))
                .map(|a| a.value)
        };
        let alternate = get("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|token| token.eq_ignore_ascii_case("alternate"))
        });
        let Some(kind) = get("type").map(str::trim) else {
            continue;
        };
        let Some(&(_, file)) = FEEDS.iter().find(|(t, _)| t.eq_ignore_ascii_case(kind)) else {
            continue;
        };
        let Some(href) = attrs.iter().find(|a| a.name.eq_ignore_ascii_case("href")) else {
            continue;
        };
        if !alternate || !is_our_href(href.value, file, public_url) {
            continue;
        }
        count += 1;
        match public_url {
            Some(public_url) => {
                let new = escape_attribute(&format!("{public_url}{file}"));
                out.push_str(&html[copied..href.value_range.start]);
                if href.quoted {
                    out.push_str(&new);
                } else {
                    out.push('"');
                    out.push_str(&new);
                    out.push('"');
                }
                copied = href.value_range.end;
            }
            None => {
                // The whole line when the tag is alone on it, else just the tag.
                let line_start = html[..open].rfind('\n').map_or(0, |i| i + 1);
                let line_end = html[pos..].find('\n').map_or(html.len(), |i| pos + i + 1);
                let alone = html[line_start..open].trim().is_empty()
                    && html[pos..line_end].trim().is_empty();
                let (start, end) = if alone && line_start >= copied {
                    (line_start, line_end)
                } else {
                    (open, pos)
                };
                out.push_str(&html[copied..start]);
                copied = end;
                pos = end;
            }
        }
    }
    out.push_str(&html[copied..]);
    (out, count)
}

/// Writes the feeds into `dist` with `pressroom feed` and rewrites `dist/index.html`;
/// prints what it wrote, or why it wrote no feeds.
pub fn write(tools: &Tools, dist: &Path, base_url: Option<&str>, public_url: &str) -> Result<()> {
    let bundle_path = dist.join("releases.json");
    let base = if bundle_path.is_file() {
        let text = std::fs::read_to_string(&bundle_path)
            .with_context(|| format!("reading {}", bundle_path.display()))?;
        let bundle: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", bundle_path.display()))?;
        let base = choose_base_url(base_url, &bundle);
        if base.is_none() {
            println!("no site.base_url in the bundle and no --site-url: feeds not written");
        }
        base
    } else {
        println!(
            "{} does not exist: feeds not written",
            bundle_path.display()
        );
        None
    };

    let links = match &base {
        Some(base) => {
            if let Some(warning) = base_url_mismatch(base.url(), public_url) {
                println!("warning: {warning}");
            }
            tools
                .cmd("cargo")
                .args([
                    "run",
                    "--locked",
                    "--quiet",
                    "-p",
                    "pressroom-cli",
                    "--bin",
                    "pressroom",
                    "--",
                    "feed",
                ])
                .arg(&bundle_path)
                .args(["--base-url", base.url(), "-o"])
                .arg(dist)
                .run()
                .context("`pressroom feed` failed")?;
            let written: Vec<&str> = WRITTEN
                .iter()
                .copied()
                .filter(|name| dist.join(name).is_file())
                .collect();
            println!(
                "wrote {} in {} (base URL {}, from {})",
                written.join(", "),
                dist.display(),
                base.url(),
                base.origin()
            );
            FeedLinks::Absolute { public_url }
        }
        None => FeedLinks::Remove,
    };

    let index = dist.join("index.html");
    let html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let (new_html, count) = rewrite_feed_links(&html, links);
    if new_html != html {
        std::fs::write(&index, &new_html)
            .with_context(|| format!("writing {}", index.display()))?;
    }
    match (links, count) {
        (_, 0) => println!("{}: no feed links found to update", index.display()),
        (FeedLinks::Absolute { public_url }, _) => println!(
            "{}: {count} feed links now point to {}",
            index.display(),
            FEEDS
                .iter()
                .map(|(_, file)| format!("{public_url}{file}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (FeedLinks::Remove, _) => {
            println!("{}: removed {count} feed links", index.display())
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
    <link rel="icon" href="/favicon-1.svg"/>
    <!-- Feeds: <link rel="alternate" type="application/rss+xml" href="feed.xml"> -->
    <link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">
    <link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
    <link rel="alternate" type="application/feed+json" title="JSON Feed" href="feed.json">
    <link rel="alternate" type="application/rss+xml" title="Partner" href="https://other.example/feed.xml">
    <link rel="alternate" hreflang="fr" href="fr/feed.xml">
    <link rel="stylesheet" href="feed.xml">
</head>
<body></body>
</html>
"#;

    #[test]
    fn makes_links_absolute_at_the_root() {
        let (html, count) = rewrite_feed_links(PAGE, FeedLinks::Absolute { public_url: "/" });
        assert_eq!(count, 3);
        assert!(html.contains(r#"title="RSS" href="/feed.xml">"#), "{html}");
        assert!(html.contains(r#"title="Atom" href="/atom.xml">"#));
        assert!(html.contains(r#"title="JSON Feed" href="/feed.json">"#));
        // Only the three hrefs changed: the rest of the page is byte for byte the same.
        let expected = PAGE
            .replace(
                r#"title="RSS" href="feed.xml""#,
                r#"title="RSS" href="/feed.xml""#,
            )
            .replace(r#"href="atom.xml""#, r#"href="/atom.xml""#)
            .replace(r#"href="feed.json""#, r#"href="/feed.json""#);
        assert_eq!(html, expected);
    }

    #[test]
    fn makes_links_absolute_under_a_sub_path() {
        let (html, count) = rewrite_feed_links(
            PAGE,
            FeedLinks::Absolute {
                public_url: "/newsroom/",
            },
        );
        assert_eq!(count, 3);
        assert!(html.contains(r#"href="/newsroom/feed.xml">"#));
        assert!(html.contains(r#"href="/newsroom/atom.xml">"#));
        assert!(html.contains(r#"href="/newsroom/feed.json">"#));
        let (absolute, _) = rewrite_feed_links(
            PAGE,
            FeedLinks::Absolute {
                public_url: "https://cdn.example/press/",
            },
        );
        assert!(absolute.contains(r#"href="https://cdn.example/press/feed.json">"#));
    }

    #[test]
    fn removes_links_when_feeds_are_skipped() {
        let (html, count) = rewrite_feed_links(PAGE, FeedLinks::Remove);
        assert_eq!(count, 3);
        let expected: String = PAGE
            .lines()
            .filter(|line| !line.contains(r#"title="RSS""#))
            .filter(|line| !line.contains(r#"title="Atom""#))
            .filter(|line| !line.contains(r#"title="JSON Feed""#))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(html, expected);
        // A link sharing its line with other markup goes alone.
        let inline = r#"<head><link rel="alternate" type="application/atom+xml" href="atom.xml"><title>x</title></head>"#;
        let (html, count) = rewrite_feed_links(inline, FeedLinks::Remove);
        assert_eq!((html.as_str(), count), ("<head><title>x</title></head>", 1));
    }

    #[test]
    fn is_idempotent() {
        for links in [
            FeedLinks::Absolute { public_url: "/" },
            FeedLinks::Absolute {
                public_url: "/newsroom/",
            },
            FeedLinks::Absolute {
                public_url: "https://cdn.example/press/",
            },
            FeedLinks::Remove,
        ] {
            let (once, _) = rewrite_feed_links(PAGE, links);
            let (twice, _) = rewrite_feed_links(&once, links);
            assert_eq!(once, twice, "{links:?}");
        }
        // Removing after making absolute also finds the links.
        let (absolute, _) = rewrite_feed_links(
            PAGE,
            FeedLinks::Absolute {
                public_url: "/newsroom/",
            },
        );
        assert_eq!(
            rewrite_feed_links(&absolute, FeedLinks::Remove).0,
            rewrite_feed_links(PAGE, FeedLinks::Remove).0
        );
    }

    #[test]
    fn handles_other_attribute_styles() {
        let page = "<LINK type='application/feed+json' REL=\"Alternate home\" href=feed.json>\n<link rel=alternate type=application/rss+xml href = 'feed.xml' />\n";
        let (html, count) = rewrite_feed_links(
            page,
            FeedLinks::Absolute {
                public_url: "/a&b/",
            },
        );
        assert_eq!(count, 2);
        assert_eq!(
            html,
            "<LINK type='application/feed+json' REL=\"Alternate home\" href=\"/a&amp;b/feed.json\">\n<link rel=alternate type=application/rss+xml href = '/a&amp;b/feed.xml' />\n"
        );
        // No feed links at all: nothing changes.
        let plain = "<html><head><link rel=\"icon\" href=\"x.svg\"></head></html>";
        assert_eq!(
            rewrite_feed_links(plain, FeedLinks::Remove),
            (plain.to_owned(), 0)
        );
        // An unterminated tag is left alone.
        let broken = "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"feed.xml\"";
        assert_eq!(
            rewrite_feed_links(broken, FeedLinks::Remove),
            (broken.to_owned(), 0)
        );
    }

    #[test]
    fn chooses_the_base_url() {
        let bundle = json!({"site": {"title": "t", "base_url": "https://example.org/press/"}});
        assert_eq!(
            choose_base_url(Some("https://x.example/"), &bundle),
            Some(BaseUrl::Flag("https://x.example/".into()))
        );
        assert_eq!(
            choose_base_url(None, &bundle),
            Some(BaseUrl::Bundle("https://example.org/press/".into()))
        );
        assert_eq!(
            choose_base_url(Some("  "), &bundle).map(|b| b.origin()),
            Some("site.base_url in the bundle")
        );
        assert_eq!(
            choose_base_url(None, &json!({"site": {"title": "t"}})),
            None
        );
        assert_eq!(
            choose_base_url(None, &json!({"site": {"base_url": ""}})),
            None
        );
        assert_eq!(choose_base_url(None, &json!([1, 2])), None);
    }

    #[test]
    fn warns_when_the_base_url_misses_the_public_url() {
        assert_eq!(base_url_mismatch("https://example.org/press/", "/"), None);
        assert_eq!(
            base_url_mismatch("https://example.org/newsroom", "/newsroom/"),
            None
        );
        assert_eq!(
            base_url_mismatch(
                "https://example.org/newsroom/",
                "https://example.org/newsroom/"
            ),
            None
        );
        let warning = base_url_mismatch("https://example.org", "/newsroom/");
        assert!(
            warning
                .as_deref()
                .is_some_and(|w| w.contains("https://example.org/newsroom/")),
            "{warning:?}"
        );
        assert_eq!(base_url_mismatch("not a url", "/newsroom/"), None);
    }
}
