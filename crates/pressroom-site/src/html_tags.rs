//! The HTML of the app build's shell and the pages made from it, as the page audit of
//! `_headers`, the page edits of [`crate::html_edit`] and the single-file export read it:
//! start tags with decoded attributes and, for `<script>`, `<style>`, `<title>` and
//! `<textarea>`, their text and end tag.
//!
//! The scanning itself is `pressroom-html-scan`'s, which the pre-renderer uses too; this
//! module only shapes its tokens for the checks and edits here. Every byte range points
//! into the input, so edits leave the rest of a page exactly as it was.

use pressroom_html_scan::{Token as scanned, RAW_TEXT};
use std::ops::Range;

/// One start tag of an HTML document, as far as the checks and edits here need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag name, lower case.
    pub name: String,
    /// Attributes in order: lower-case name and (lightly) entity-decoded value.
    pub attributes: Vec<(String, String)>,
    /// For `<script>`, `<style>`, `<title>` and `<textarea>`: the text up to the closing
    /// tag, exactly as written.
    pub text: Option<String>,
    /// Bytes of the start tag, from `<` to `>` inclusive.
    pub start_tag: Range<usize>,
    /// Bytes of the whole element for the text elements above (start tag to the end of
    /// the end tag); the start tag's bytes for every other element.
    pub span: Range<usize>,
}

impl Tag {
    /// The value of attribute `name` (lower case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the space-separated attribute `name` has `token` (ASCII case-insensitive),
    /// e.g. `rel="alternate home"` has `alternate`.
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.attr(name).is_some_and(|value| {
            value
                .split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(token))
        })
    }
}

/// A start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `<name …>` (and, for text elements, their text and end tag).
    Start(Tag),
    /// `</name>`, with its lower-case name and bytes.
    End(String, Range<usize>),
}

/// The start and end tags of `html` in order, skipping comments and doctypes. The text of
/// `<script>`, `<style>`, `<title>` and `<textarea>` is not parsed as markup (their end
/// tags are part of the start tag's [`Tag::span`], not tokens of their own).
pub fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut scan = pressroom_html_scan::tokens(html).peekable();
    while let Some(token) = scan.next() {
        match token {
            scanned::Start(start) => {
                let mut text = None;
                let mut span = start.range.clone();
                if RAW_TEXT.contains(&start.name.as_str()) {
                    // The scanner skips the text; the next token is its end tag, if any.
                    let is_close =
                        |t: &scanned| matches!(t, scanned::End { name, .. } if *name == start.name);
                    let close = match scan.next_if(is_close) {
                        Some(scanned::End { range, .. }) => Some(range),
                        _ => None,
                    };
                    let text_end = close.as_ref().map_or(html.len(), |r| r.start);
                    text = html.get(start.range.end..text_end).map(str::to_owned);
                    span.end = close.map_or(html.len(), |r| r.end);
                }
                out.push(Token::Start(Tag {
                    name: start.name,
                    attributes: start
                        .attributes
                        .into_iter()
                        .map(|a| (a.name, decode_entities(a.value.unwrap_or(""))))
                        .collect(),
                    text,
                    start_tag: start.range,
                    span,
                }));
            }
            scanned::End { name, range } => out.push(Token::End(name, range)),
            scanned::Comment { .. } => {}
        }
    }
    out
}

/// The start tags of `html` in order (see [`tokens`]).
pub fn tags(html: &str) -> Vec<Tag> {
    tokens(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::Start(tag) => Some(tag),
            Token::End(..) => None,
        })
        .collect()
}

/// The bytes of the first end tag `</name>` (lower case) outside comments and text
/// elements.
pub fn end_tag(html: &str, name: &str) -> Option<Range<usize>> {
    tokens(html).into_iter().find_map(|token| match token {
        Token::End(n, range) if n == name => Some(range),
        _ => None,
    })
}

/// Decodes the few character references that matter in the attributes checked here.
pub fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reports_spans_and_end_tags() {
        let html = "<!doctype html><head><!-- </head> --><title>a</title>\
                    <script>if (a</b) {}</script></HEAD><body class=x>";
        let tokens = tokens(html);
        let names: Vec<String> = tokens
            .iter()
            .map(|t| match t {
                Token::Start(tag) => tag.name.clone(),
                Token::End(name, _) => format!("/{name}"),
            })
            .collect();
        assert_eq!(names, ["head", "title", "script", "/head", "body"]);
        let Token::Start(script) = &tokens[2] else {
            panic!("{tokens:?}")
        };
        assert_eq!(&html[script.span.clone()], "<script>if (a</b) {}</script>");
        assert_eq!(&html[script.start_tag.clone()], "<script>");
        assert_eq!(script.text.as_deref(), Some("if (a</b) {}"));
        let head_end = end_tag(html, "head").unwrap();
        assert_eq!(&html[head_end], "</HEAD>");
        let body = tags(html).pop().unwrap();
        assert_eq!(&html[body.span.clone()], "<body class=x>");
        assert_eq!(body.attr("class"), Some("x"));
    }

    #[test]
    fn reads_attribute_tokens_and_escapes() {
        let tag = tags("<link REL='Alternate  home' href=a&amp;b>").remove(0);
        assert!(tag.has_token("rel", "alternate") && tag.has_token("rel", "home"));
        assert!(!tag.has_token("rel", "icon") && !tag.has_token("type", "x"));
        assert_eq!(tag.attr("href"), Some("a&b"));
    }
}
