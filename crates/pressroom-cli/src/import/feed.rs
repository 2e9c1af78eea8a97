//! RSS (2.0, 0.9x, 1.0) and Atom 1.0 through feed-rs.
//!
//! feed-rs resolves links against `xml:base` (and the `--base-url`), and hands every date
//! string to our parser ([`crate::dates::parse_lenient`]), which keeps the publisher's
//! offset; the parsed dates are looked up again by their instant, since feed-rs stores
//! UTC. Dates it could not read are listed as warnings. feed-rs would invent random ids
//! for items with none; we ask it not to, and let the common rules decide.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Text};
use url::Url;

use super::{Body, Channel, Draft, ImportOptions, Parsed};
use crate::dates::{parse_lenient, FeedDate};

#[derive(Default)]
struct DateLog {
    parsed: HashMap<DateTime<Utc>, FeedDate>,
    failed: Vec<String>,
}

/// Parses RSS or Atom text (already UTF-8 and checked by [`crate::xml_text`]).
pub fn parse(text: &str, options: &ImportOptions) -> Result<Parsed, String> {
    let log = Arc::new(Mutex::new(DateLog::default()));
    let parser = build_parser(options, Arc::clone(&log));
    let mut warnings = Vec::new();
    let rewritten = wrap_inline_html(text);
    let text = match &rewritten {
        Some((rewritten, count)) => {
            warnings.push(inline_html_warning(*count));
            rewritten.as_str()
        }
        None => text,
    };
    let feed = read_feed(&parser, text, &mut warnings)?;
    let log = log.lock().unwrap_or_else(PoisonError::into_inner);
    let date = |value: Option<DateTime<Utc>>| -> Option<FeedDate> {
        value.map(|utc| {
            log.parsed.get(&utc).copied().unwrap_or(FeedDate {
                datetime: utc.fixed_offset(),
                date_only: false,
                assumed_utc: false,
            })
        })
    };
    let mut parsed = Parsed {
        channel: channel(&feed, &date),
        warnings,
        ..Parsed::default()
    };
    for raw in &log.failed {
        parsed.warnings.push(format!(
            "could not read the date {raw:?}; expected RFC 822 (Tue, 24 Jul 2018 17:13:00 -0400) or RFC 3339"
        ));
    }
    let feed_base = feed
        .links
        .iter()
        .find(|l| is_alternate(l))
        .and_then(|l| Url::parse(&l.href).ok())
        .or_else(|| options.base_url.clone());
    for entry in &feed.entries {
        parsed.drafts.push(draft(entry, feed_base.as_ref(), &date));
    }
    Ok(parsed)
}

/// A feed-rs parser that invents no ids and hands every date to [`record_date`].
fn build_parser(options: &ImportOptions, log: Arc<Mutex<DateLog>>) -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .base_uri(options.base_url.as_ref().map(Url::as_str))
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .timestamp_parser(move |raw| record_date(&log, raw))
        .build()
}

/// Reads one date for feed-rs, keeping the parsed date (with its offset) or the failure
/// in `log`.
fn record_date(log: &Mutex<DateLog>, raw: &str) -> Option<DateTime<Utc>> {
    let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
    match parse_lenient(raw) {
        Some(date) => {
            log.parsed.entry(date.utc()).or_insert(date);
            Some(date.utc())
        }
        None => {
            let raw = raw.trim();
            if !raw.is_empty() && !log.failed.iter().any(|f| f == raw) {
                log.failed.push(raw.chars().take(80).collect());
            }
            None
        }
    }
}

/// The warning for `count` descriptions whose HTML was wrapped in CDATA.
fn inline_html_warning(count: usize) -> String {
    format!(
        "{count} <description> element{} hold{} unescaped HTML tags; read as HTML",
        if count == 1 { "" } else { "s" },
        if count == 1 { "s" } else { "" }
    )
}

/// Parses `text` with feed-rs; an `<rss>` with no version is read again as RSS 2.0,
/// with a warning.
fn read_feed(
    parser: &feed_rs::parser::Parser,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<Feed, String> {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    match parser.parse(text.as_bytes()) {
        Ok(feed) => Ok(feed),
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) => {
            // `<rss>` with no version attribute: feed-rs wants one; RSS 2.0 is the only
            // version still written.
            match with_rss_version(text) {
                Some(patched) => {
                    warnings.push("the <rss> element has no version; read as RSS 2.0".to_owned());
                    parser
                        .parse(patched.as_bytes())
                        .map_err(|error| describe(&error))
                }
                None => Err(describe(&ParseFeedError::ParseError(
                    ParseErrorKind::NoFeedRoot,
                ))),
            }
        }
        Err(error) => Err(describe(&error)),
    }
}

/// RSS `<description>` elements that hold raw HTML tags (`<description>a <em>b</em>
/// c</description>`) are XML elements to a feed parser, which then keeps only the text
/// before the first tag. Their content is wrapped in CDATA instead, so it is read as the
/// HTML it is. Returns the new text and how many elements changed, or `None` for none.
pub fn wrap_inline_html(text: &str) -> Option<(String, usize)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    // (is a description, where its content starts, has child elements)
    let mut stack: Vec<(bool, usize, bool)> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(start) => {
                if let Some(top) = stack.last_mut() {
                    top.2 = true;
                }
                let is_description = start.name().as_ref() == "description";
                stack.push((is_description, reader.buffer_position() as usize, false));
            }
            Event::Empty(_) => {
                if let Some(top) = stack.last_mut() {
                    top.2 = true;
                }
            }
            Event::End(_) => {
                if let Some((true, start, true)) = stack.pop() {
                    ranges.push((start, before));
                }
                // A description inside a description marks its parent too.
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ranges.sort_unstable();
    let mut outermost: Vec<(usize, usize)> = Vec::new();
    for range in ranges {
        if outermost.last().is_some_and(|last| range.0 < last.1) {
            continue;
        }
        outermost.push(range);
    }
    outermost.retain(|(start, end)| !text[*start..*end].contains("<![CDATA["));
    if outermost.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + outermost.len() * 16);
    let mut last = 0;
    for (start, end) in &outermost {
        out.push_str(&text[last..*start]);
        out.push_str("<![CDATA[");
        out.push_str(&text[*start..*end].replace("]]>", "]]]]><![CDATA[>"));
        out.push_str("]]>");
        last = *end;
    }
    out.push_str(&text[last..]);
    Some((out, outermost.len()))
}

/// The text with `version="2.0"` added to a root `<rss>` tag that has no version.
fn with_rss_version(text: &str) -> Option<String> {
    let start = text
        .match_indices("<rss")
        .map(|(i, _)| i)
        .find(|&i| text[i + 4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>'))?;
    let end = start + text[start..].find('>')?;
    if text[start..end].contains("version") {
        return None;
    }
    Some(format!(
        "{} version=\"2.0\"{}",
        &text[..start + 4],
        &text[start + 4..]
    ))
}

fn describe(error: &feed_rs::parser::ParseFeedError) -> String {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            "no feed found: expected <rss>, <feed> (Atom) or <rdf:RDF> as the root element"
                .to_owned()
        }
        other => format!("the feed could not be read: {other}"),
    }
}

fn is_alternate(link: &feed_rs::model::Link) -> bool {
    matches!(link.rel.as_deref(), None | Some("alternate"))
}

fn text(value: Option<&Text>) -> Option<String> {
    value
        .map(|t| t.content.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn channel(feed: &Feed, date: &impl Fn(Option<DateTime<Utc>>) -> Option<FeedDate>) -> Channel {
    Channel {
        title: text(feed.title.as_ref()),
        description: text(feed.description.as_ref()),
        link: feed
            .links
            .iter()
            .find(|l| is_alternate(l))
            .map(|l| l.href.clone()),
        language: feed.language.clone(),
        date: date(feed.updated).or_else(|| date(feed.published)),
        authors: feed
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty() && !n.contains('@'))
            .collect(),
    }
}

fn body_of(text: &Text) -> Body {
    let essence = text.content_type.essence().to_string();
    if essence.contains("html") || essence.contains("xml") {
        if text.content.trim().is_empty() {
            Body::Empty
        } else {
            Body::Html(text.content.clone())
        }
    } else {
        Body::guess(&text.content)
    }
}

fn draft(
    entry: &Entry,
    feed_base: Option<&Url>,
    date: &impl Fn(Option<DateTime<Utc>>) -> Option<FeedDate>,
) -> Draft {
    let link = entry
        .links
        .iter()
        .find(|l| is_alternate(l) && !l.href.trim().is_empty())
        .map(|l| absolute(&l.href, feed_base));
    let external_url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("related"))
        .map(|l| absolute(&l.href, feed_base));
    // A guid that is a web address serves as the link when there is none.
    let link = link.or_else(|| {
        (entry.id.starts_with("http://") || entry.id.starts_with("https://"))
            .then(|| entry.id.clone())
    });
    let (content, content_base) = match &entry.content {
        Some(content) => {
            let body = match &content.body {
                Some(body) if !body.trim().is_empty() => {
                    let essence = content.content_type.essence().to_string();
                    if essence.contains("html") || essence.contains("xml") {
                        Body::Html(body.clone())
                    } else {
                        Body::guess(body)
                    }
                }
                _ => Body::Empty,
            };
            // For content:encoded, feed-rs puts the element's xml:base in `src`.
            let base = content.src.as_ref().and_then(|l| Url::parse(&l.href).ok());
            (body, base)
        }
        None => (Body::Empty, None),
    };
    let summary = entry.summary.as_ref().map_or(Body::Empty, body_of);
    let entry_base = entry.base.as_deref().and_then(|b| match feed_base {
        Some(base) => base.join(b).ok(),
        None => Url::parse(b).ok(),
    });
    let base = content_base
        .or(entry_base)
        .or_else(|| link.as_deref().and_then(|l| Url::parse(l).ok()))
        .or_else(|| feed_base.cloned());
    let mut tags = Vec::new();
    for category in &entry.categories {
        let name = category.label.as_deref().unwrap_or(&category.term).trim();
        if !name.is_empty() {
            tags.push(name.to_owned());
        }
    }
    Draft {
        id: (!entry.id.trim().is_empty()).then(|| entry.id.trim().to_owned()),
        title: entry.title.as_ref().map(|t| t.content.clone()),
        content,
        summary,
        link,
        external_url,
        published: date(entry.published),
        updated: date(entry.updated),
        authors: entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(author_name)
            .filter(|n| !n.is_empty())
            .collect(),
        tags,
        slug: None,
        language: entry.language.clone(),
        base,
        skip: None,
        notes: Vec::new(),
    }
}

/// `jim@example.org (Jim Wilson)` → `Jim Wilson`; a bare e-mail address → nothing.
fn author_name(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return inner.trim().to_owned();
    }
    if let (Some(open), Some(close)) = (raw.find('('), raw.rfind(')')) {
        if open < close && raw[..open].contains('@') {
            return raw[open + 1..close].trim().to_owned();
        }
    }
    if raw.contains('@') && !raw.contains(' ') {
        return String::new();
    }
    raw.to_owned()
}

fn absolute(href: &str, base: Option<&Url>) -> String {
    match Url::parse(href) {
        Ok(url) => url.to_string(),
        Err(_) => base
            .and_then(|b| b.join(href).ok())
            .map_or_else(|| href.to_owned(), |u| u.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn inline_html_in_descriptions_is_wrapped() {
        let (text, count) = wrap_inline_html(
            "<rss><item><description>a <em>b</em> c</description><title>t</title></item></rss>",
        )
        .expect("changed");
        assert_eq!(count, 1);
        assert_eq!(
            text,
            "<rss><item><description><![CDATA[a <em>b</em> c]]></description><title>t</title></item></rss>"
        );
        assert_eq!(
            wrap_inline_html("<rss><description>plain</description></rss>"),
            None
        );
    }

    #[test]
    fn authors() {
        assert_eq!(author_name("jim@example.org (Jim Wilson)"), "Jim Wilson");
        assert_eq!(author_name("jim@example.org"), "");
        assert_eq!(author_name("(Jonas Große Sundrup)"), "Jonas Große Sundrup");
        assert_eq!(
            author_name("Matthias Gelbmann, Paul Andlinger"),
            "Matthias Gelbmann, Paul Andlinger"
        );
    }
}
