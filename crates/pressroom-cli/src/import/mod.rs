//! `pressroom import`: feeds and WordPress exports → a bundle.
//!
//! Each format module reads its input into [`Draft`]s (one per item, nothing decided yet)
//! and a [`Channel`] (the feed's own title, link, language, date). This module then makes
//! releases with the same rules for every format:
//! - HTML content becomes Markdown ([`crate::html_to_markdown`]: scripts, event handlers,
//!   iframes, styles and forms dropped; relative links resolved against the item's base);
//! - titles become plain text; an item with no title gets the start of its text;
//! - dates become RFC 3339 in the publisher's offset; a missing date falls back to the
//!   updated date, then `--fallback-date`, then the feed's own date, then the time of the
//!   import, and each fallback is reported;
//! - authors become `source.name` (unless `--source-name`), and categories and tags become
//!   `tags`; the item's link (or a JSON Feed `external_url`, or an Atom `related` link)
//!   becomes `source.url`;
//! - duplicate ids are merged into the first item with that id, with a warning;
//! - whatever still fails the core's validation is skipped and reported.
//!
//! Those rules live in `finish` (the site, the walk over the drafts, the final
//! validation), `release` (one draft → one release, a function per field group) and
//! `merge` (the releases kept, and duplicates merged into them).

pub mod feed;
pub mod jsonfeed;
pub mod wp_rest;
pub mod wxr;

mod finish;
mod merge;
mod release;

use std::fmt;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use pressroom_core::Bundle;
use url::Url;

use crate::dates::FeedDate;
use crate::html_to_markdown::{collapse_whitespace, html_to_text};
use crate::input::{read_limited, DEFAULT_MAX_BYTES};
use crate::report::Report;
use crate::xml_text::{self, XmlFacts, XmlText};

/// The input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON Feed 1.0 or 1.1.
    JsonFeed,
    /// RSS 2.0, 0.9x or 1.0 (RDF).
    Rss,
    /// Atom 1.0.
    Atom,
    /// A WordPress WXR export (Tools → Export).
    Wxr,
    /// A saved WordPress REST response (`/wp-json/wp/v2/posts`, ideally with `?_embed`).
    WpRest,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::JsonFeed => "JSON Feed",
            Format::Rss => "RSS",
            Format::Atom => "Atom",
            Format::Wxr => "WordPress WXR",
            Format::WpRest => "WordPress REST",
        })
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format, or `None` to detect it.
    pub format: Option<Format>,
    /// Base URL for relative links when the input gives none (e.g. the feed's address).
    pub base_url: Option<Url>,
    /// `source.name` for every release, instead of the authors or the feed's title.
    pub source_name: Option<String>,
    /// `site.title`, instead of the feed's title.
    pub site_title: Option<String>,
    /// Date for items with none (RFC 3339), before the feed's own date.
    pub fallback_date: Option<FeedDate>,
    /// Import WordPress pages as well as posts.
    pub include_pages: bool,
    /// Largest input read.
    pub max_bytes: u64,
    /// Draw a progress bar (only when stderr is a terminal).
    pub progress: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            format: None,
            base_url: None,
            source_name: None,
            site_title: None,
            fallback_date: None,
            include_pages: false,
            max_bytes: DEFAULT_MAX_BYTES,
            progress: false,
        }
    }
}

/// An imported bundle with its report.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The bundle: every release in it is valid.
    pub bundle: Bundle,
    /// What was imported, skipped or changed.
    pub report: Report,
    /// The format that was read.
    pub format: Format,
}

/// Content of an item as the input gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    /// No content.
    #[default]
    Empty,
    /// HTML.
    Html(String),
    /// Plain text.
    Text(String),
}

impl Body {
    /// HTML when it looks like HTML, else text; empty when blank.
    pub fn guess(text: &str) -> Body {
        if text.trim().is_empty() {
            Body::Empty
        } else if looks_like_html(text) {
            Body::Html(text.to_owned())
        } else {
            Body::Text(text.to_owned())
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Body::Empty => true,
            Body::Html(t) | Body::Text(t) => t.trim().is_empty(),
        }
    }
}

/// Whether text contains something like an HTML tag or entity.
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// One input item, before the common rules apply.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The item's id as given.
    pub id: Option<String>,
    /// The title as given (HTML or text).
    pub title: Option<String>,
    /// The content.
    pub content: Body,
    /// A summary or excerpt.
    pub summary: Body,
    /// The item's own page.
    pub link: Option<String>,
    /// The official original, when the input tells it apart from `link`.
    pub external_url: Option<String>,
    /// When it was published.
    pub published: Option<FeedDate>,
    /// When it was last updated.
    pub updated: Option<FeedDate>,
    /// Author names.
    pub authors: Vec<String>,
    /// Categories and tags.
    pub tags: Vec<String>,
    /// A slug from the input (WordPress).
    pub slug: Option<String>,
    /// The item's language.
    pub language: Option<String>,
    /// Base URL for relative links in the content.
    pub base: Option<Url>,
    /// Why the item is not imported, when the format module already knows.
    pub skip: Option<String>,
    /// Changes the format module made.
    pub notes: Vec<String>,
}

/// The feed's own information.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    /// The feed's title.
    pub title: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Its web page.
    pub link: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// Its date (last build, update or publication).
    pub date: Option<FeedDate>,
    /// Its authors.
    pub authors: Vec<String>,
}

/// What a format module read.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Feed-level information.
    pub channel: Channel,
    /// The items in input order.
    pub drafts: Vec<Draft>,
    /// Feed-level warnings (encoding fallbacks, unreadable dates, …).
    pub warnings: Vec<String>,
}

/// Imports a file (`-` for standard input).
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Imported> {
    let bytes = read_limited(path, options.max_bytes)?;
    let name = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    import_bytes(&bytes, &name, options)
}

/// Imports bytes; `name` is used in messages. `Err` when the input cannot be read as its
/// format at all (with the position where that is known).
pub fn import_bytes(bytes: &[u8], name: &str, options: &ImportOptions) -> Result<Imported> {
    let first = first_significant_byte(bytes);
    let format = match options.format {
        Some(format) => format,
        None => detect(bytes, first, name)?,
    };
    let parsed = match format {
        Format::JsonFeed => jsonfeed::parse(json_text(bytes, name)?, options),
        Format::WpRest => wp_rest::parse(json_text(bytes, name)?, options),
        Format::Rss | Format::Atom | Format::Wxr => Ok(parse_xml(bytes, name, format, options)?),
    }
    .map_err(|e| anyhow!("{e}"))?;
    let (bundle, mut report) = finish::finish(parsed, name, options);
    report.inputs = report.inputs.max(bundle.releases.len());
    Ok(Imported {
        bundle,
        report,
        format,
    })
}

/// Reads RSS, Atom or WXR: decoded, checked, parsed, with the decoding's and the checks'
/// findings as the first and last warnings.
fn parse_xml(bytes: &[u8], name: &str, format: Format, options: &ImportOptions) -> Result<Parsed> {
    let (xml, facts) = xml_input(bytes, name)?;
    let mut parsed = if format == Format::Wxr {
        wxr::parse(&xml.text, options)
    } else {
        feed::parse(&xml.text, options)
    }
    .map_err(|e| anyhow!("{name}: {e}"))?;
    if let Some(note) = &xml.note {
        parsed.warnings.insert(0, note.clone());
    }
    if xml.encoding != "UTF-8" && xml.note.is_none() {
        parsed.warnings.insert(
            0,
            format!("decoded from {} as its XML declaration says", xml.encoding),
        );
    }
    if !facts.html_entities.is_empty() {
        let list: Vec<String> = facts
            .html_entities
            .iter()
            .map(|n| format!("&{n};"))
            .collect();
        parsed.warnings.push(format!(
            "uses HTML entities that XML does not define ({}); read as HTML",
            list.join(", ")
        ));
    }
    Ok(parsed)
}

fn first_significant_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Detects the format from the first bytes and, for XML, the root element.
fn detect(bytes: &[u8], first: Option<u8>, name: &str) -> Result<Format> {
    match first {
        Some(b'{') => detect_json_object(bytes, name),
        Some(b'[') => Ok(Format::WpRest),
        Some(b'<') | Some(0) | Some(0xFE) | Some(0xFF) => detect_xml(bytes, name),
        None => bail!("{name}: the file is empty"),
        Some(_) => bail!(
            "{name}: not a feed; expected JSON (JSON Feed, WordPress REST) or XML (RSS, Atom, \
             WordPress WXR)"
        ),
    }
}

/// A JSON object: a JSON Feed by its version URL, or a WordPress REST post by its
/// `rendered` fields, looked for in the first 64 KiB.
fn detect_json_object(bytes: &[u8], name: &str) -> Result<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    if head.contains("jsonfeed.org/version") {
        Ok(Format::JsonFeed)
    } else if head.contains("\"rendered\"") {
        Ok(Format::WpRest)
    } else {
        bail!(
            "{name}: a JSON object that is neither a JSON Feed (no \"version\": \
             \"https://jsonfeed.org/version/1.1\") nor a WordPress REST post; pass --from \
             to say what it is"
        )
    }
}

/// XML: a WordPress export by its namespace, else RSS or Atom by the root element.
fn detect_xml(bytes: &[u8], name: &str) -> Result<Format> {
    let (_, facts) = xml_input(bytes, name)?;
    let root = facts.root.rsplit(':').next().unwrap_or_default().to_owned();
    if facts
        .root_namespaces
        .iter()
        .any(|ns| ns.contains("wordpress.org/export/"))
    {
        return Ok(Format::Wxr);
    }
    match root.as_str() {
        "rss" | "RDF" => Ok(Format::Rss),
        "feed" => Ok(Format::Atom),
        other => bail!(
            "{name}: the root element is <{other}>, not a feed; expected <rss>, <feed> \
             (Atom), <rdf:RDF> or a WordPress export"
        ),
    }
}

fn json_text<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let at = crate::text_position::Position::of_byte_offset(bytes, error.valid_up_to());
        anyhow!("{name}:{at}: the JSON is not UTF-8 (JSON must be UTF-8)")
    })
}

fn xml_input(bytes: &[u8], name: &str) -> Result<(XmlText, XmlFacts)> {
    let xml = xml_text::decode_xml(bytes).map_err(|e| anyhow!("{name}: {e}"))?;
    let facts = xml_text::check_xml(&xml.text).map_err(|e| anyhow!("{name}: {e}"))?;
    Ok((xml, facts))
}

/// Plain text of a title: HTML when it has tags, else entity references decoded.
pub fn title_text(raw: &str) -> String {
    if looks_like_html(raw) || raw.contains('&') {
        html_to_text(raw)
    } else {
        collapse_whitespace(raw)
    }
}

/// Ids that `pressroom feed` wrote into Atom (`tag:host,date:pressroom:ID`) → `ID`.
pub fn pressroom_id(id: &str) -> Option<String> {
    let rest = id.strip_prefix("tag:")?;
    let (_, specific) = rest.split_once(',')?;
    let (_, encoded) = specific.split_once(":pressroom:")?;
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn pressroom_atom_ids_come_back() {
        assert_eq!(
            pressroom_id("tag:example.org,2024-06-01:pressroom:2024%2F001").as_deref(),
            Some("2024/001")
        );
        assert_eq!(pressroom_id("tag:blogger.com,1999:blog-1.post-2"), None);
        assert_eq!(pressroom_id("https://example.org/a"), None);
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html("a <p>b</p>"));
        assert!(!looks_like_html("a < b and c > d"));
        assert!(!looks_like_html("AT&T"));
    }
}
