//! A small scanner over an HTML document's tags and comments, with byte ranges: enough
//! for the pre-renderer to find the few places it fills in, and for xtask to check and
//! edit the pages trunk and the pre-renderer write. It skips quoted attribute values and
//! the text of `script`, `style`, `title` and `textarea`, so markup-like text in those is
//! not taken for tags.
//!
//! It is not a full HTML parser, and every byte range it reports points into the input, so
//! edits leave the rest of a page exactly as it was. It has no dependencies, so xtask can
//! use it and still build when the app's crates do not.

use std::ops::Range;

/// One attribute of a start tag; `value` is as written (entities are not decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Lower-cased name.
    pub name: String,
    /// The value without its quotes; `None` for a bare attribute.
    pub value: Option<&'a str>,
}

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// Lower-cased element name.
    pub name: String,
    /// Its attributes, in order.
    pub attributes: Vec<Attribute<'a>>,
    /// From `<` to after `>`.
    pub range: Range<usize>,
}

impl StartTag<'_> {
    /// The value of the attribute `name` (lower case), if present (`Some("")` when bare).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.unwrap_or(""))
    }
}

/// What the scanner finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name …>`.
    Start(StartTag<'a>),
    /// `</name>`; the name lower-cased.
    End {
        /// Lower-cased element name.
        name: String,
        /// From `<` to after `>`.
        range: Range<usize>,
    },
    /// `<!-- text -->`.
    Comment {
        /// The text between `<!--` and `-->`.
        text: &'a str,
        /// From `<` to after `>`.
        range: Range<usize>,
    },
}

/// The tags and comments of `html`, in order. A tag left open at the end of the text
/// ends the scan.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { html, pos: 0 }
}

/// The iterator of [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    html: &'a str,
    pos: usize,
}

/// Elements whose content is text, not markup.
pub const RAW_TEXT: [&str; 4] = ["script", "style", "title", "textarea"];

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let html = self.html;
        loop {
            let start = self.pos + html.get(self.pos..)?.find('<')?;
            let rest = &html[start..];
            if let Some(after) = rest.strip_prefix("<!--") {
                let (text, end) = match after.find("-->") {
                    Some(i) => (&after[..i], start + 4 + i + 3),
                    None => (after, html.len()),
                };
                self.pos = end;
                return Some(Token::Comment {
                    text,
                    range: start..end,
                });
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                self.pos = start + rest.find('>').map_or(rest.len(), |i| i + 1);
                continue;
            }
            if let Some(after) = rest.strip_prefix("</") {
                let name_len = name_length(after);
                let end = start + rest.find('>').map_or(rest.len(), |i| i + 1);
                self.pos = end;
                if name_len == 0 {
                    continue;
                }
                return Some(Token::End {
                    name: after[..name_len].to_ascii_lowercase(),
                    range: start..end,
                });
            }
            let after = &rest[1..];
            let name_len = name_length(after);
            if name_len == 0 || !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                self.pos = start + 1;
                continue;
            }
            let name = after[..name_len].to_ascii_lowercase();
            let attributes_start = start + 1 + name_len;
            let close = tag_end(html, attributes_start)?;
            let attributes = attributes(&html[attributes_start..close]);
            let end = close + 1;
            self.pos = end;
            if RAW_TEXT.contains(&name.as_str()) {
                self.pos = find_end_tag(html, end, &name).unwrap_or(html.len());
            }
            return Some(Token::Start(StartTag {
                name,
                attributes,
                range: start..end,
            }));
        }
    }
}

/// 1-based line of the byte `offset` in `html`, for messages.
pub fn line_of(html: &str, offset: usize) -> usize {
    html.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}

fn name_length(text: &str) -> usize {
    text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
        .unwrap_or(text.len())
}

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

/// Where `</name` (any case) next starts at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html.get(at..)?.find("</") {
        let candidate = at + i;
        let name_start = candidate + 2;
        let matches = bytes
            .get(name_start..name_start + name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()));
        let boundary = bytes
            .get(name_start + name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        if matches && boundary {
            return Some(candidate);
        }
        at = name_start;
    }
    None
}

fn attributes(inside: &str) -> Vec<Attribute<'_>> {
    let mut out = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(after_equals) = rest.strip_prefix('=') else {
            out.push(Attribute { name, value: None });
            continue;
        };
        rest = after_equals.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &rest[1..];
                let len = body.find(quote).unwrap_or(body.len());
                rest = body.get(len + 1..).unwrap_or("");
                &body[..len]
            }
            _ => {
                let len = rest
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                let value = &rest[..len];
                rest = &rest[len..];
                value
            }
        };
        out.push(Attribute {
            name,
            value: Some(value),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        tokens(html)
            .map(|t| match t {
                Token::Start(tag) => tag.name,
                Token::End { name, .. } => format!("/{name}"),
                Token::Comment { text, .. } => format!("!{text}"),
            })
            .collect()
    }

    #[test]
    fn finds_tags_comments_and_skips_raw_text() {
        let html = r#"<!DOCTYPE html><html><head><title>a <b> c</title>
<script>if (a<b) document.write("<div id='pressroom'>")</script><!-- <div> --></head>
<body><DIV Id="x" data-a='1>2' hidden>t</div ></body></html>"#;
        assert_eq!(
            names(html),
            [
                "html", "head", "title", "/title", "script", "/script", "! <div> ", "/head",
                "body", "div", "/div", "/body", "/html"
            ]
        );
        let div = tokens(html)
            .find_map(|t| match t {
                Token::Start(tag) if tag.name == "div" => Some(tag),
                _ => None,
            })
            .expect("a div");
        assert_eq!(div.attribute("id"), Some("x"));
        assert_eq!(div.attribute("data-a"), Some("1>2"));
        assert_eq!(div.attribute("hidden"), Some(""));
        assert_eq!(div.attribute("class"), None);
        assert_eq!(
            &html[div.range.clone()],
            r#"<DIV Id="x" data-a='1>2' hidden>"#
        );
    }

    #[test]
    fn attribute_forms() {
        let attrs = attributes(r#" a=1 b = "two words" c d='x"y' e/"#);
        let pairs: Vec<(&str, Option<&str>)> =
            attrs.iter().map(|a| (a.name.as_str(), a.value)).collect();
        assert_eq!(
            pairs,
            [
                ("a", Some("1")),
                ("b", Some("two words")),
                ("c", None),
                ("d", Some("x\"y")),
                ("e", None)
            ]
        );
    }

    #[test]
    fn stray_angle_brackets_and_unterminated_input() {
        assert_eq!(names("a < b <3 <p>x"), ["p"]);
        assert_eq!(names("<p class=\"x"), Vec::<String>::new());
        assert_eq!(names("<title>never closed"), ["title"]);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
