//! WordPress WXR exports (Tools → Export), read with quick-xml.
//!
//! Only published posts become releases: pages only with `--include-pages`; drafts,
//! scheduled, private and password-protected posts, attachments, menu items and other
//! post types are skipped with the reason. Dates come from `wp:post_date` and
//! `wp:post_date_gmt`, which together give the site's offset. Content written in the
//! classic editor has no `<p>` tags (WordPress adds them when it shows a post), so blank
//! lines become paragraphs here; common shortcodes (`[caption]`, `[gallery]`, …) are
//! unwrapped or removed. Namespaces are matched by URI, so `wordpress.org/export/1.0`,
//! `1.1` and `1.2` (http or https) all work.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use url::Url;

use super::{Body, Channel, Draft, ImportOptions, Parsed};
use crate::dates::{parse_lenient, wordpress_local_and_gmt, FeedDate};
use crate::text_position::Position;
use crate::xml_text::resolve_reference;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ns {
    None,
    Wp,
    Excerpt,
    Content,
    Dc,
    Other,
}

fn classify(result: &ResolveResult<'_>) -> Ns {
    match result {
        ResolveResult::Bound(ns) => {
            let uri = ns.0;
            if uri.contains("wordpress.org/export/") {
                if uri.trim_end_matches('/').ends_with("excerpt") {
                    Ns::Excerpt
                } else {
                    Ns::Wp
                }
            } else if uri.contains("purl.org/rss/1.0/modules/content") {
                Ns::Content
            } else if uri.contains("purl.org/dc/elements") {
                Ns::Dc
            } else {
                Ns::Other
            }
        }
        _ => Ns::None,
    }
}

#[derive(Debug, Default)]
struct Item {
    fields: HashMap<(Ns, String), String>,
    categories: Vec<(String, String)>,
}

impl Item {
    fn get(&self, ns: Ns, name: &str) -> Option<&str> {
        self.fields
            .get(&(ns, name.to_owned()))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }
}

/// Parses a WXR document (already UTF-8 and checked by [`crate::xml_text`]).
pub fn parse(text: &str, options: &ImportOptions) -> Result<Parsed, String> {
    let export = read_export(text)?;
    let get = |ns: Ns, name: &str| {
        export
            .channel_fields
            .get(&(ns, name.to_owned()))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let site_link = get(Ns::None, "link").or_else(|| get(Ns::Wp, "base_blog_url"));
    let site_base = site_link
        .as_deref()
        .and_then(|l| Url::parse(l).ok())
        .or_else(|| options.base_url.clone());
    let channel = Channel {
        title: get(Ns::None, "title"),
        description: get(Ns::None, "description"),
        link: site_link,
        language: get(Ns::None, "language"),
        date: get(Ns::None, "pubDate").and_then(|d| parse_lenient(&d)),
        authors: Vec::new(),
    };
    let drafts = export
        .items
        .iter()
        .map(|item| draft(item, &export.authors, site_base.as_ref(), options))
        .collect();
    Ok(Parsed {
        channel,
        drafts,
        warnings: Vec::new(),
    })
}

/// What a WXR document holds, as read by [`Export::start`] and [`Export::end`].
#[derive(Debug, Default)]
struct Export {
    /// The elements open now, outermost first.
    stack: Vec<(Ns, String)>,
    /// The text of the element being read.
    buffer: String,
    /// The channel's own fields.
    channel_fields: HashMap<(Ns, String), String>,
    /// Author logins → display names.
    authors: HashMap<String, String>,
    /// The `wp:author_login` of the `wp:author` being read.
    author_login: String,
    /// The `wp:author_display_name` of the `wp:author` being read.
    author_name: String,
    /// The items read so far.
    items: Vec<Item>,
    /// The item being read.
    current: Option<Item>,
    /// The `domain` of the last `<category>` started.
    category_domain: String,
}

/// Walks the document once, collecting the channel's fields, the authors and the items.
fn read_export(text: &str) -> Result<Export, String> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut export = Export::default();
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(error) => {
                let at = Position::of_offset(text, reader.error_position() as usize);
                return Err(format!("{at}: the XML is not well-formed: {error}"));
            }
        };
        let ns = classify(&resolved);
        match event {
            Event::Start(start) => export.start(ns, &start),
            Event::End(_) => export.end(),
            Event::Text(t) => export.buffer.push_str(&t.xml10_content()),
            Event::CData(c) => export.buffer.push_str(&c.into_inner()),
            Event::GeneralRef(r) => export.buffer.push_str(&resolve_reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(export)
}

impl Export {
    /// A start tag in namespace `ns`: maybe a new item, or a category's domain.
    fn start(&mut self, ns: Ns, start: &quick_xml::events::BytesStart<'_>) {
        let name = start.local_name().as_ref().to_owned();
        self.buffer.clear();
        if ns == Ns::None
            && name == "item"
            && self.stack.last().is_some_and(|(_, n)| n == "channel")
        {
            self.current = Some(Item::default());
        }
        if ns == Ns::None && name == "category" {
            self.category_domain = start
                .attributes()
                .flatten()
                .find(|a| a.key.as_ref() == "domain")
                .map(|a| a.value.to_string())
                .unwrap_or_default();
        }
        self.stack.push((ns, name));
    }

    /// An end tag: its text goes to the channel, the author or the item it is in.
    fn end(&mut self) {
        let Some((ns, name)) = self.stack.pop() else {
            return;
        };
        let ends_author = ns == Ns::Wp && name == "author";
        let parent = self.stack.last().map(|(ns, n)| (*ns, n.as_str()));
        let value = std::mem::take(&mut self.buffer);
        match parent {
            Some((Ns::None, "channel")) if ns == Ns::None && name == "item" => {
                if let Some(item) = self.current.take() {
                    self.items.push(item);
                }
            }
            Some((Ns::None, "channel")) => {
                self.channel_fields.insert((ns, name), value);
            }
            Some((Ns::Wp, "author")) if ns == Ns::Wp => match name.as_str() {
                "author_login" => self.author_login = value.trim().to_owned(),
                "author_display_name" => self.author_name = value.trim().to_owned(),
                _ => {}
            },
            Some((Ns::None, "item")) => {
                if let Some(item) = self.current.as_mut() {
                    if ns == Ns::None && name == "category" {
                        item.categories.push((self.category_domain.clone(), value));
                    } else {
                        item.fields.insert((ns, name), value);
                    }
                }
            }
            _ => {}
        }
        if ends_author && !self.author_login.is_empty() {
            self.authors.insert(
                std::mem::take(&mut self.author_login),
                std::mem::take(&mut self.author_name),
            );
        }
    }
}

/// One item → a draft, skipped with the reason unless it is a published post.
fn draft(
    item: &Item,
    authors: &HashMap<String, String>,
    site_base: Option<&Url>,
    options: &ImportOptions,
) -> Draft {
    let link = item.get(Ns::None, "link").map(str::to_owned);
    let base = link
        .as_deref()
        .and_then(|l| Url::parse(l).ok())
        .or_else(|| site_base.cloned());
    let mut notes = Vec::new();
    let content = content(item, &mut notes);
    Draft {
        id: item
            .get(Ns::Wp, "post_id")
            .or_else(|| item.get(Ns::None, "guid"))
            .map(str::to_owned),
        title: item.get(Ns::None, "title").map(str::to_owned),
        content,
        summary: item
            .get(Ns::Excerpt, "encoded")
            .map_or(Body::Empty, |e| Body::Html(autop(e))),
        link,
        external_url: None,
        published: published(item),
        updated: None,
        authors: item_authors(item, authors),
        tags: tags(item),
        slug: slug(item),
        language: None,
        base,
        skip: skip_reason(item, options),
        notes,
    }
}

/// Why the item is not imported: its post type, its status, or a password.
fn skip_reason(item: &Item, options: &ImportOptions) -> Option<String> {
    let post_type = item.get(Ns::Wp, "post_type").unwrap_or("post");
    let status = item.get(Ns::Wp, "status").unwrap_or("publish");
    match post_type {
        "post" => None,
        "page" if options.include_pages => None,
        "page" => Some("a page, not a post (pass --include-pages to import pages)".to_owned()),
        "attachment" => Some("an attachment (media file), not a post".to_owned()),
        "nav_menu_item" => Some("a menu item, not a post".to_owned()),
        other => Some(format!("post type {other:?} is not imported")),
    }
    .or_else(|| match status {
        "publish" => None,
        "future" => Some("scheduled (status future), not yet published".to_owned()),
        "private" => Some("private, not published".to_owned()),
        other => Some(format!("not published (status {other})")),
    })
    .or_else(|| {
        item.get(Ns::Wp, "post_password")
            .map(|_| "password-protected".to_owned())
    })
}

/// `content:encoded`, shortcodes removed (with a note) and paragraphs added.
fn content(item: &Item, notes: &mut Vec<String>) -> Body {
    match item.get(Ns::Content, "encoded") {
        Some(html) => {
            let (html, removed) = unwrap_shortcodes(html);
            if !removed.is_empty() {
                notes.push(format!(
                    "removed WordPress shortcodes: {}",
                    removed.join(", ")
                ));
            }
            Body::Html(autop(&html))
        }
        None => Body::Empty,
    }
}

/// `wp:post_date` with `wp:post_date_gmt`, else `pubDate`.
fn published(item: &Item) -> Option<FeedDate> {
    wordpress_local_and_gmt(
        item.get(Ns::Wp, "post_date"),
        item.get(Ns::Wp, "post_date_gmt"),
    )
    .or_else(|| item.get(Ns::None, "pubDate").and_then(parse_lenient))
}

/// `wp:post_name`, percent-decoded and lowercased.
fn slug(item: &Item) -> Option<String> {
    item.get(Ns::Wp, "post_name").map(|s| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .to_lowercase()
    })
}

/// The item's categories and tags (other domains are left out).
fn tags(item: &Item) -> Vec<String> {
    item.categories
        .iter()
        .filter(|(domain, _)| domain == "category" || domain == "post_tag")
        .map(|(_, name)| name.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The `dc:creator` login, as its display name when the export lists one.
fn item_authors(item: &Item, authors: &HashMap<String, String>) -> Vec<String> {
    item.get(Ns::Dc, "creator")
        // Real exports have stray angle brackets here (`>themereviewteam`).
        .map(|login| login.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace()))
        .filter(|login| !login.is_empty())
        .map(|login| {
            authors
                .get(login)
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| login.to_owned())
        })
        .into_iter()
        .collect()
}

/// Block-level tags: a chunk that starts with one is not wrapped in `<p>`.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "figcaption",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "!--",
    "iframe",
    "script",
    "style",
    "video",
    "audio",
    "object",
];

/// WordPress's `wpautop`, simplified: blank lines separate paragraphs, single newlines are
/// line breaks. Content that already has `<p>` tags (block-editor posts) is left alone.
pub fn autop(html: &str) -> String {
    let html = html.replace("\r\n", "\n");
    if html.contains("<p>") || html.contains("<p ") || html.contains("<!-- wp:") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    for chunk in html.split("\n\n").map(str::trim).filter(|c| !c.is_empty()) {
        let lower = chunk.to_ascii_lowercase();
        let is_block = lower.strip_prefix('<').is_some_and(|rest| {
            BLOCKS.iter().any(|tag| {
                rest.strip_prefix(tag).is_some_and(|after| {
                    after.is_empty() || after.starts_with([' ', '>', '/', '\n', '-'])
                })
            })
        });
        if is_block {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out
}

/// Shortcodes that wrap content (kept) or stand alone (removed).
const SHORTCODES: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "playlist",
];

/// Removes `[name …]` and `[/name]` of known shortcodes; returns the names removed.
pub fn unwrap_shortcodes(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut removed: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_part = after.strip_prefix('/').unwrap_or(after);
        let name_len = name_part
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(name_part.len());
        let name = &name_part[..name_len];
        let end = after.find(']');
        match end {
            Some(end) if SHORTCODES.contains(&name) && !after[..end].contains('[') => {
                let tag = format!("[{name}]");
                if !removed.contains(&tag) {
                    removed.push(tag);
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, removed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn autop_makes_paragraphs() {
        assert_eq!(
            autop("First line\nsecond line\n\n<ul><li>x</li></ul>\n\nLast"),
            "<p>First line<br>\nsecond line</p>\n<ul><li>x</li></ul>\n<p>Last</p>\n"
        );
        assert_eq!(autop("<p>Already</p>"), "<p>Already</p>");
    }

    #[test]
    fn shortcodes_are_unwrapped() {
        let (html, removed) = unwrap_shortcodes(
            "[caption id=\"a\" width=\"300\"]<img src=\"x.jpg\"> A cat[/caption] [gallery ids=\"1,2\"] [not-a-code] [x]",
        );
        assert_eq!(html, "<img src=\"x.jpg\"> A cat  [not-a-code] [x]");
        assert_eq!(removed, vec!["[caption]", "[gallery]"]);
    }
}
