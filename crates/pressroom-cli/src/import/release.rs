//! One draft → one release, by the rules in the [module docs](super): each step below
//! decides one part (texts, dates, source, id, slug, tags) and notes what it changed. A
//! draft that cannot become a release gives the reason instead, and its notes are dropped.

use pressroom_core::slug::check_slug;
use pressroom_core::url_policy::is_http_url;
use pressroom_core::{Release, Source};
use url::Url;

use super::finish::Feed;
use super::{pressroom_id, title_text, Body, Draft};
use crate::dates::FeedDate;
use crate::html_to_markdown::{
    collapse_whitespace, html_to_markdown, html_to_text, text_to_markdown,
};

/// A release made from a draft, and the changes made on the way (reported only when the
/// release is kept rather than merged into an earlier one).
pub(super) struct Made {
    /// The release.
    pub release: Release,
    /// What was changed or filled in.
    pub notes: Vec<String>,
}

/// The title, body and summary of a release.
struct Texts {
    title: String,
    body: String,
    summary: Option<String>,
}

/// Makes the release of the draft at `index` (0-based); `raw_title` is its title as plain
/// text, and `slug_taken` tells whether an earlier release has a slug. `Err` is the reason
/// the draft is skipped.
pub(super) fn make_release(
    index: usize,
    draft: Draft,
    raw_title: String,
    feed: &Feed<'_>,
    slug_taken: impl Fn(&str) -> bool,
) -> Result<Made, String> {
    if let Some(reason) = &draft.skip {
        return Err(reason.clone());
    }
    let mut notes = draft.notes.clone();
    let link = http(draft.link.as_deref());
    let texts = texts_of(&draft, raw_title, link.as_deref(), feed, &mut notes)?;
    let published = published_of(&draft, feed, &mut notes);
    let updated = draft
        .updated
        .filter(|u| u.datetime != published.datetime)
        .map(|u| u.rfc3339());
    let source_url = source_url_of(&draft, link.as_deref(), feed, &mut notes)?;
    let release = Release {
        id: id_of(&draft, link.as_deref(), index, &mut notes),
        slug: slug_of(&draft, slug_taken, &mut notes),
        title: texts.title,
        published: published.rfc3339(),
        updated,
        source: Source {
            name: source_name_of(&draft, feed, &source_url),
            url: source_url,
        },
        summary: texts.summary,
        body: texts.body,
        tags: tags_of(&draft.tags),
        language: draft
            .language
            .filter(|l| !l.trim().is_empty() && Some(l) != feed.language.as_ref()),
        attribution: None,
    };
    Ok(Made { release, notes })
}

/// Title, body and summary: the summary is the body when there is no content, a link to
/// the original is the body when there is no text at all, and the start of the text is
/// the title when there is none.
fn texts_of(
    draft: &Draft,
    raw_title: String,
    link: Option<&str>,
    feed: &Feed<'_>,
    notes: &mut Vec<String>,
) -> Result<Texts, String> {
    let base = draft
        .base
        .clone()
        .or_else(|| draft.link.as_deref().and_then(|l| Url::parse(l).ok()))
        .or_else(|| feed.base.clone())
        .or_else(|| feed.options.base_url.clone());
    let mut summary = (!draft.summary.is_empty()).then(|| text_of(&draft.summary));
    let mut body = markdown_of(&draft.content, base.as_ref(), notes);
    if body.trim().is_empty() && !draft.summary.is_empty() {
        // The summary (an RSS description, say) is all the text there is: it is the body.
        body = markdown_of(&draft.summary, base.as_ref(), notes);
        summary = None;
    }
    let body = body_or_link(body, &raw_title, link, notes)?;
    let title = title_or_text(raw_title, draft, notes)?;
    if summary.as_deref().is_some_and(|s| {
        s.is_empty() || collapse_whitespace(&text_of(&Body::Text(body.clone()))) == *s
    }) {
        summary = None;
    }
    Ok(Texts {
        title,
        body,
        summary,
    })
}

/// The body, or when it is blank a link to the original (none: the draft is skipped).
fn body_or_link(
    body: String,
    title: &str,
    link: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<String, String> {
    if !body.trim().is_empty() {
        return Ok(body);
    }
    let Some(link) = link else {
        return Err("no content and no link".to_owned());
    };
    let text = if title.is_empty() {
        "Read the original"
    } else {
        title
    };
    notes.push("no content; the body links to the original".to_owned());
    Ok(format!("[{}]({link})", text_to_markdown(text)))
}

/// The title, or when it is empty the start of the content's (else the summary's) text.
fn title_or_text(title: String, draft: &Draft, notes: &mut Vec<String>) -> Result<String, String> {
    if !title.is_empty() {
        return Ok(title);
    }
    let plain = match &draft.content {
        Body::Empty => text_of(&draft.summary),
        content => text_of(content),
    };
    let title = title_from_text(&plain);
    if title.is_empty() {
        return Err("no title and no text to make one from".to_owned());
    }
    notes.push("no title; used the start of the text".to_owned());
    Ok(title)
}

/// The publication date, else the updated date, else a fallback ([`fallback_date`]).
fn published_of(draft: &Draft, feed: &Feed<'_>, notes: &mut Vec<String>) -> FeedDate {
    let published = match (&draft.published, &draft.updated) {
        (Some(date), _) => *date,
        (None, Some(updated)) => {
            notes.push("no publication date; used the updated date".to_owned());
            *updated
        }
        (None, None) => fallback_date(feed, notes),
    };
    if published.assumed_utc {
        notes.push("the date has no time zone; taken as UTC".to_owned());
    }
    published
}

/// For an item with no date: `--fallback-date`, else the feed's date, else now.
fn fallback_date(feed: &Feed<'_>, notes: &mut Vec<String>) -> FeedDate {
    if let Some(date) = feed.options.fallback_date {
        notes.push(format!("no date; used --fallback-date {}", date.rfc3339()));
        date
    } else if let Some(date) = feed.channel.date {
        notes.push(format!("no date; used the feed's date {}", date.rfc3339()));
        date
    } else {
        notes.push("no date; used the time of the import".to_owned());
        feed.now
    }
}

/// `source.url`: the external URL, else the item's link, else the feed's link.
fn source_url_of(
    draft: &Draft,
    link: Option<&str>,
    feed: &Feed<'_>,
    notes: &mut Vec<String>,
) -> Result<String, String> {
    if let Some(url) = http(draft.external_url.as_deref()).or_else(|| link.map(str::to_owned)) {
        return Ok(url);
    }
    match &feed.link {
        Some(url) => {
            notes.push("no link of its own; source.url is the feed's link".to_owned());
            Ok(url.clone())
        }
        None => Err("no http(s) link to use as source.url".to_owned()),
    }
}

/// `source.name`: `--source-name`, else the item's authors, the feed's authors, the feed's
/// title, the host of `source.url`.
fn source_name_of(draft: &Draft, feed: &Feed<'_>, source_url: &str) -> String {
    feed.options
        .source_name
        .clone()
        .or_else(|| (!draft.authors.is_empty()).then(|| draft.authors.join(", ")))
        .or_else(|| {
            let authors = &feed.channel.authors;
            (!authors.is_empty()).then(|| authors.join(", "))
        })
        .or_else(|| feed.title.clone())
        .or_else(|| {
            Url::parse(source_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
        })
        .unwrap_or_default()
}

/// The id: the item's own (a `pressroom feed` Atom id decoded), else its link, else
/// `item-N`.
fn id_of(draft: &Draft, link: Option<&str>, index: usize, notes: &mut Vec<String>) -> String {
    if let Some(id) = draft.id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        return pressroom_id(id).unwrap_or_else(|| id.to_owned());
    }
    match link {
        Some(link) => {
            notes.push("no id; used the link".to_owned());
            link.to_owned()
        }
        None => {
            notes.push(format!("no id; made up item-{}", index + 1));
            format!("item-{}", index + 1)
        }
    }
}

/// The input's slug when it is valid and not taken; else none, and the viewer derives one.
fn slug_of(
    draft: &Draft,
    slug_taken: impl Fn(&str) -> bool,
    notes: &mut Vec<String>,
) -> Option<String> {
    let slug = draft
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    match check_slug(slug) {
        Ok(()) if slug_taken(slug) => {
            notes.push(format!(
                "slug {slug:?} is taken; the viewer derives one from the title"
            ));
            None
        }
        Ok(()) => Some(slug.to_owned()),
        Err(fault) => {
            notes.push(format!(
                "slug {slug:?} is not usable ({fault}); the viewer derives one from the title"
            ));
            None
        }
    }
}

/// Categories and tags as plain text, blanks and repeats left out.
fn tags_of(raw: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let tag = title_text(tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The URL when it is an absolute http(s) URL, trimmed.
pub(super) fn http(url: Option<&str>) -> Option<String> {
    url.map(str::trim)
        .filter(|u| is_http_url(u))
        .map(str::to_owned)
}

/// A body as Markdown; what cleaning the HTML removed goes into `notes`.
fn markdown_of(body: &Body, base: Option<&Url>, notes: &mut Vec<String>) -> String {
    match body {
        Body::Empty => String::new(),
        Body::Text(text) => text_to_markdown(text),
        Body::Html(html) => {
            let converted = html_to_markdown(html, base);
            notes.extend(converted.cleaning.notes());
            converted.markdown
        }
    }
}

/// A body as plain text, whitespace collapsed.
fn text_of(body: &Body) -> String {
    match body {
        Body::Empty => String::new(),
        Body::Text(text) => collapse_whitespace(text),
        Body::Html(html) => html_to_text(html),
    }
}

/// The first sentence or ~80 characters of a text, for an item with no title.
fn title_from_text(text: &str) -> String {
    let text = collapse_whitespace(text);
    let sentence_end = text
        .char_indices()
        .find(|(i, c)| matches!(c, '.' | '!' | '?') && text[i + c.len_utf8()..].starts_with(' '))
        .map(|(i, c)| i + c.len_utf8());
    let candidate = match sentence_end {
        Some(end) if text[..end].chars().count() <= 100 => text[..end].to_owned(),
        _ => text.clone(),
    };
    if candidate.chars().count() <= 100 {
        return candidate;
    }
    let mut cut: String = candidate.chars().take(80).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_text() {
        assert_eq!(
            title_from_text("First sentence. Second one."),
            "First sentence."
        );
        let long = "word ".repeat(40);
        let title = title_from_text(&long);
        assert!(
            title.ends_with('…') && title.chars().count() <= 81,
            "{title}"
        );
    }
}
