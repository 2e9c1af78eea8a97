//! Edits of the pages the site writer makes from the app's shell: set or remove a
//! `<meta name>`, add a class to `<body>`, insert head elements, and replace or remove
//! elements by their byte ranges ([`crate::html_tags`]). Everything not edited stays byte
//! for byte as it was.

use crate::html_tags::{end_tag, tags, Tag};
use anyhow::{bail, Result};
use pressroom_core::escape::html as escape_attribute;
use std::ops::Range;

/// Applies replacements of byte ranges of `html` (in any order; they must not overlap).
pub fn apply(html: &str, mut edits: Vec<(Range<usize>, String)>) -> Result<String> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (range, text) in edits {
        if range.start < copied || range.end > html.len() || range.start > range.end {
            bail!(
                "overlapping or invalid edit {range:?} of a {}-byte page",
                html.len()
            );
        }
        out.push_str(&html[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&html[copied..]);
    Ok(out)
}

/// `range` widened to its whole line (with the line break) when nothing but white space
/// shares the line with it, so that removing it leaves no blank line.
pub fn whole_line(html: &str, range: Range<usize>) -> Range<usize> {
    let line_start = html[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = html[range.end..]
        .find('\n')
        .map_or(html.len(), |i| range.end + i + 1);
    let alone = html[line_start..range.start].trim().is_empty()
        && html[range.end..line_end].trim().is_empty();
    if alone {
        line_start..line_end
    } else {
        range
    }
}

/// `<meta name="…" content="…">`, escaped.
pub fn meta_tag(name: &str, content: &str) -> String {
    format!(
        "<meta name=\"{}\" content=\"{}\">",
        escape_attribute(name),
        escape_attribute(content)
    )
}

fn is_meta_named(tag: &Tag, name: &str) -> bool {
    tag.name == "meta"
        && tag
            .attr("name")
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
}

/// The content of the first `<meta name="name">` of `html`, if any.
#[cfg(test)]
pub fn meta_content(html: &str, name: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|tag| is_meta_named(tag, name))
        .and_then(|tag| tag.attr("content").map(str::to_owned))
}

/// Where new head elements go: after the last `<meta>` before `</head>` (on a line of
/// their own, indented like it), else right before `</head>`. Returns the byte offset and
/// the text to put before each new element.
fn head_insertion_point(html: &str) -> Result<(usize, String)> {
    let all = tags(html);
    let head_end = end_tag(html, "head").map(|r| r.start);
    let body_start = all
        .iter()
        .find(|tag| tag.name == "body")
        .map(|tag| tag.span.start);
    let Some(limit) = head_end.or(body_start) else {
        bail!("the page has neither </head> nor <body>");
    };
    let last_meta = all
        .iter()
        .rev()
        .find(|tag| tag.name == "meta" && tag.span.end <= limit);
    Ok(match last_meta {
        Some(meta) => {
            let line_start = html[..meta.span.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &html[line_start..meta.span.start];
            let indent = if indent.trim().is_empty() { indent } else { "" };
            (meta.span.end, format!("\n{indent}"))
        }
        None => (limit, String::new()),
    })
}

/// Inserts elements into the head (see [`head_insertion_point`]), each on its own line.
pub fn insert_in_head(html: &str, elements: &[String]) -> Result<String> {
    if elements.is_empty() {
        return Ok(html.to_owned());
    }
    let (at, before) = head_insertion_point(html)?;
    let text: String = if before.is_empty() {
        elements.iter().map(|e| format!("{e}\n")).collect()
    } else {
        elements.iter().map(|e| format!("{before}{e}")).collect()
    };
    apply(html, vec![(at..at, text)])
}

/// Sets `<meta name="name" content="content">`: replaces every existing one by a single
/// new one, or inserts it into the head.
pub fn set_meta(html: &str, name: &str, content: &str) -> Result<String> {
    let existing: Vec<Tag> = tags(html)
        .into_iter()
        .filter(|tag| is_meta_named(tag, name))
        .collect();
    let new = meta_tag(name, content);
    match existing.split_first() {
        None => insert_in_head(html, &[new]),
        Some((first, rest)) => {
            let mut edits = vec![(first.span.clone(), new)];
            edits.extend(
                rest.iter()
                    .map(|tag| (whole_line(html, tag.span.clone()), String::new())),
            );
            apply(html, edits)
        }
    }
}

/// Removes every `<meta name="name">` (with its line when it stands alone on it).
pub fn remove_meta(html: &str, name: &str) -> Result<String> {
    let edits = tags(html)
        .into_iter()
        .filter(|tag| is_meta_named(tag, name))
        .map(|tag| (whole_line(html, tag.span), String::new()))
        .collect();
    apply(html, edits)
}

/// Sets the `lang` of `<html>` to `language` (the site's), so the page, its screen
/// reader voice and the app's messages follow the site; the page as it was without one.
pub fn set_html_lang(html: &str, language: &str) -> Result<String> {
    let language = language.trim();
    let Some(root) = tags(html).into_iter().find(|tag| tag.name == "html") else {
        return Ok(html.to_owned());
    };
    if language.is_empty() {
        return Ok(html.to_owned());
    }
    let mut attributes = root.attributes.clone();
    match attributes.iter_mut().find(|(name, _)| name == "lang") {
        Some((_, value)) => *value = language.to_owned(),
        None => attributes.push(("lang".to_owned(), language.to_owned())),
    }
    let rendered: String = attributes
        .iter()
        .map(|(name, value)| format!(" {name}=\"{}\"", escape_attribute(value)))
        .collect();
    apply(html, vec![(root.start_tag, format!("<html{rendered}>"))])
}

/// Adds `class` to the `class` attribute of `<body>` (creating it), unless it is there.
pub fn add_body_class(html: &str, class: &str) -> Result<String> {
    let Some(body) = tags(html).into_iter().find(|tag| tag.name == "body") else {
        bail!("the page has no <body>");
    };
    if body.has_token("class", class) {
        return Ok(html.to_owned());
    }
    let mut attributes = body.attributes.clone();
    match attributes.iter_mut().find(|(name, _)| name == "class") {
        Some((_, value)) if !value.trim().is_empty() => {
            value.push(' ');
            value.push_str(class);
        }
        Some((_, value)) => *value = class.to_owned(),
        None => attributes.push(("class".to_owned(), class.to_owned())),
    }
    let rendered: String = attributes
        .iter()
        .map(|(name, value)| format!(" {name}=\"{}\"", escape_attribute(value)))
        .collect();
    apply(html, vec![(body.start_tag, format!("<body{rendered}>"))])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_site_language_becomes_the_page_language() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head></head><body></body></html>";
        let korean = set_html_lang(page, "ko").unwrap();
        assert!(korean.contains("<html lang=\"ko\">"), "{korean}");
        assert!(!korean.contains("lang=\"en\""));
        let quoted = set_html_lang("<html><body></body></html>", "x\"onload=\"y").unwrap();
        assert!(
            quoted.starts_with("<html lang=\"x&quot;onload=&quot;y\">"),
            "{quoted}"
        );
        assert_eq!(set_html_lang(page, " ").unwrap(), page);
    }

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\">\n    <meta name=\"description\" content=\"Press releases\">\n    <!-- <meta name=\"pressroom-base\" content=\"/x/\"> -->\n<script type=\"module\">import init from '/a.js';</script></head>\n<body>\n    <div id=\"pressroom\"></div>\n</body>\n</html>\n";

    #[test]
    fn sets_a_meta_after_the_last_one_and_replaces_it_later() {
        let once = set_meta(PAGE, "pressroom-base", "/newsroom/").unwrap();
        assert_eq!(
            once,
            PAGE.replace(
                "content=\"Press releases\">\n",
                "content=\"Press releases\">\n    <meta name=\"pressroom-base\" content=\"/newsroom/\">\n"
            )
        );
        assert_eq!(
            meta_content(&once, "pressroom-base").as_deref(),
            Some("/newsroom/")
        );
        let twice = set_meta(&once, "pressroom-base", "/a&b/").unwrap();
        assert!(twice.contains("<meta name=\"pressroom-base\" content=\"/a&amp;b/\">"));
        assert_eq!(
            twice.matches("name=\"pressroom-base\"").count(),
            2,
            "one, plus the comment"
        );
        // A duplicate is collapsed into one.
        let doubled = once.replace(
            "<div id",
            "<meta name=pressroom-base content=x>\n    <div id",
        );
        let fixed = set_meta(&doubled, "pressroom-base", "/").unwrap();
        let metas = tags(&fixed)
            .into_iter()
            .filter(|tag| is_meta_named(tag, "pressroom-base"))
            .count();
        assert_eq!(metas, 1, "{fixed}");
        assert!(!fixed.contains("content=x"));
    }

    #[test]
    fn removes_metas_with_their_lines() {
        let with = set_meta(PAGE, "pressroom-routing", "hash").unwrap();
        assert_eq!(remove_meta(&with, "pressroom-routing").unwrap(), PAGE);
        assert_eq!(remove_meta(PAGE, "nothing").unwrap(), PAGE);
    }

    #[test]
    fn inserts_before_the_head_end_without_metas() {
        let page = "<html><head><title>t</title></head><body></body></html>";
        let out = insert_in_head(page, &[meta_tag("a", "1"), meta_tag("b", "2")]).unwrap();
        assert_eq!(
            out,
            "<html><head><title>t</title><meta name=\"a\" content=\"1\">\n<meta name=\"b\" content=\"2\">\n</head><body></body></html>"
        );
        assert!(insert_in_head("<p>no head</p>", &[meta_tag("a", "1")]).is_err());
    }

    #[test]
    fn adds_a_body_class() {
        let out = add_body_class(PAGE, "pressroom-embed").unwrap();
        assert!(out.contains("\n<body class=\"pressroom-embed\">\n"));
        assert_eq!(add_body_class(&out, "pressroom-embed").unwrap(), out);
        let page = "<head></head><BODY data-x='1' class=\"dark\">";
        assert_eq!(
            add_body_class(page, "pressroom-embed").unwrap(),
            "<head></head><body data-x=\"1\" class=\"dark pressroom-embed\">"
        );
    }

    #[test]
    fn rejects_overlapping_edits() {
        assert!(apply("abcdef", vec![(0..3, "x".into()), (2..4, "y".into())]).is_err());
        assert_eq!(
            apply("abcdef", vec![(4..6, "Z".into()), (0..1, String::new())]).unwrap(),
            "bcdZ"
        );
        assert_eq!(whole_line("a\n  <x>  \nb", 4..7), 2..10);
        assert_eq!(whole_line("a <x>\nb", 2..5), 2..5);
    }
}
