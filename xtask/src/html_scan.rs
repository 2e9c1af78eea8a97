//! Small scans over the HTML trunk writes (dist/index.html and the pages made from it),
//! shared by the feed-link rewrite, the CSP checks of `_headers`, the page edits of
//! [`crate::html_edit`] and the single-file export.
//!
//! This is not a full HTML parser: it finds start and end tags outside comments, reads
//! their attributes, and treats the text of `<script>`, `<style>`, `<title>` and
//! `<textarea>` as text up to the matching end tag. That is enough for the pages trunk and
//! the pre-renderer write, and every byte range it reports points into the input, so edits
//! leave the rest of a page exactly as it was.

use std::ops::Range;

/// The index of the `>` ending the tag whose inside starts at `start`, skipping quoted
/// attribute values; `None` when the tag never ends (or `start` is out of range).
pub fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, c) in html.get(start..)?.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(start + offset),
            _ => {}
        }
    }
    None
}

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
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html.get(i..).and_then(|rest| rest.find('<')) {
        i += offset;
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..]
                .find("-->")
                .map_or(html.len(), |end| i + 4 + end + 3);
            continue;
        }
        let name_start = i + 1;
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // `</end>`, `<!doctype>`, or a stray `<`.
            match bytes.get(name_start) {
                Some(b'/') => {
                    let end = tag_end(html, name_start).map_or(html.len(), |end| end + 1);
                    let name: String = lower[name_start + 1..end]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    if !name.is_empty() {
                        out.push(Token::End(name, i..end));
                    }
                    i = end;
                }
                Some(b'!') => {
                    i = tag_end(html, name_start).map_or(html.len(), |end| end + 1);
                }
                _ => i = name_start,
            }
            continue;
        }
        let mut name_end = name_start;
        while bytes
            .get(name_end)
            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'/' && *b != b'>')
        {
            name_end += 1;
        }
        let name = lower[name_start..name_end].to_owned();
        let Some(end) = tag_end(html, name_end) else {
            break;
        };
        let attributes = attributes(&html[name_end..end]);
        let start_tag = i..end + 1;
        i = end + 1;
        let text = if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let close = format!("</{name}");
            let text_end = lower[i..].find(&close).map_or(html.len(), |o| i + o);
            let text = html[i..text_end].to_owned();
            i = tag_end(html, text_end + 1).map_or(html.len(), |e| e + 1);
            Some(text)
        } else {
            None
        };
        out.push(Token::Start(Tag {
            name,
            attributes,
            text,
            span: start_tag.start..i.max(start_tag.end),
            start_tag,
        }));
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

/// Parses the attributes inside a tag (after its name, before `>`).
pub fn attributes(inside: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    rest = body.get(end + 1..).unwrap_or("");
                    &body[..end]
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    rest = &after[end..];
                    &after[..end]
                }
            }
        } else {
            ""
        };
        if !name.is_empty() {
            out.push((name, decode_entities(value)));
        }
    }
    out
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

/// Escapes a value for a double-quoted attribute.
pub fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn skips_quoted_greater_than_signs() {
        let html = r#"<link href="a>b" title='c>d'>rest"#;
        assert_eq!(tag_end(html, 1), Some(html.find(">rest").unwrap_or(0)));
        assert_eq!(tag_end("<a href=\"x", 1), None);
        assert_eq!(tag_end("<a>", 10), None);
    }

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
        assert_eq!(escape_attribute("a\"<&>"), "a&quot;&lt;&amp;&gt;");
    }
}
