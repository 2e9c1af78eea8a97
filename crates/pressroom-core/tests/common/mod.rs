//! The allowlist checker shared by the XSS corpus and the property tests.
//!
//! It parses rendered HTML the way a browser parses `innerHTML` (an HTML fragment in a
//! `<div>`, with html5ever) and checks the resulting tree, so it judges what a browser
//! would build, not the string. The allowlist is what pulldown-cmark can write with
//! Pressroom's parser options (tables and strikethrough) plus Pressroom's own `<a>`:
//!
//! | element | attributes |
//! |:--|:--|
//! | `a` | `href` (http, https, mailto or relative), `title`, `rel` (exactly the external rel, and required on http(s) and `//` links) |
//! | `img` | `src` (absolute http or https), `alt`, `title` |
//! | `h1`–`h6` | `id` (`user-content-` plus a valid slug) |
//! | `ol` | `start` (digits) |
//! | `code` | `class` (one token, `language-…`) |
//! | `p`, `em`, `strong`, `del`, `pre`, `blockquote`, `ul`, `li`, `table`, `thead`, `tbody`, `tr`, `th`, `td`, `hr`, `br` | none |
//!
//! Only elements in the HTML namespace and text nodes may appear: no comment, no
//! processing instruction, no doctype, no SVG or MathML, no `<template>` contents.
//! URL schemes are read independently of `pressroom_core::url_policy`, following the
//! WHATWG URL parser: strip leading and trailing C0 controls and spaces, remove ASCII
//! tabs and newlines, then an ASCII letter followed by letters, digits, `+`, `-`, `.` up
//! to `:` is the scheme (compared in ASCII lower case).
#![allow(dead_code)]

use std::fmt;

use html5ever::tendril::TendrilSink;
use html5ever::{local_name, ns, parse_fragment, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use pressroom_core::slug::check_slug;

/// `rel` of links that leave the page (Pressroom's default).
pub const EXTERNAL_REL: &str = "noopener noreferrer nofollow ugc";
/// The prefix of every id.
pub const ID_PREFIX: &str = "user-content-";

/// Elements that may appear in a rendered body.
pub const ALLOWED_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
];

/// The attributes each element may have.
pub fn allowed_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "a" => &["href", "title", "rel"],
        "img" => &["src", "alt", "title"],
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["id"],
        "ol" => &["start"],
        "code" => &["class"],
        _ => &[],
    }
}

/// What a clean body contained.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub elements: usize,
    pub links: usize,
    pub images: usize,
    pub ids: usize,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The scheme of `url` as a browser reads it (lower case), or `None` when relative.
pub fn browser_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= '\u{20}');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some(candidate.to_ascii_lowercase())
    } else {
        None
    }
}

/// Whether a browser would send `href` to another origin over http(s): an http(s)
/// scheme, or a scheme-relative `//host` (backslashes count as slashes in http URLs).
fn leaves_origin(href: &str) -> bool {
    if matches!(browser_scheme(href).as_deref(), Some("http" | "https")) {
        return true;
    }
    let cleaned: String = href
        .trim_matches(|c: char| c <= '\u{20}')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let mut chars = cleaned.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    )
}

/// Parses `html` as the children of a `<div>` (as `innerHTML` does) and checks every
/// node against the allowlist. Returns the counts, or every violation found.
pub fn check(html: &str) -> Result<Counts, Vec<Violation>> {
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let dom = parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        context,
        vec![],
        false,
    )
    .one(html);
    let mut violations = Vec::new();
    let mut counts = Counts::default();
    // The fragment parser puts the parsed children under one `html` element.
    let roots: Vec<Handle> = dom.document.children.borrow().clone();
    for root in roots {
        match &root.data {
            NodeData::Element { name, .. } if &*name.local == "html" => {
                for child in root.children.borrow().iter() {
                    walk(child, &mut counts, &mut violations);
                }
            }
            _ => walk(&root, &mut counts, &mut violations),
        }
    }
    if violations.is_empty() {
        Ok(counts)
    } else {
        Err(violations)
    }
}

fn walk(node: &Handle, counts: &mut Counts, violations: &mut Vec<Violation>) {
    let mut report = |message: String| violations.push(Violation(message));
    match &node.data {
        NodeData::Text { .. } => {}
        NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } => {
            counts.elements += 1;
            let tag = &*name.local;
            if name.ns != ns!(html) {
                report(format!("<{tag}> in namespace {:?}", &*name.ns));
            }
            if !ALLOWED_ELEMENTS.contains(&tag) {
                report(format!("element <{tag}> is not allowed"));
            }
            if template_contents.borrow().is_some() {
                report(format!("<{tag}> has template contents"));
            }
            let attrs = attrs.borrow();
            let allowed = allowed_attributes(tag);
            let mut rel = None;
            let mut href = None;
            for attr in attrs.iter() {
                let attr_name = &*attr.name.local;
                let value = &*attr.value;
                if attr.name.prefix.is_some() || !attr.name.ns.is_empty() {
                    report(format!("<{tag}> has a namespaced attribute {attr_name:?}"));
                }
                if attr_name.to_ascii_lowercase().starts_with("on") {
                    report(format!(
                        "<{tag}> has an event handler {attr_name}={value:?}"
                    ));
                }
                if !allowed.contains(&attr_name) {
                    report(format!(
                        "<{tag}> has the attribute {attr_name}={value:?}, not allowed"
                    ));
                    continue;
                }
                match (tag, attr_name) {
                    ("a", "href") => {
                        counts.links += 1;
                        href = Some(value.to_owned());
                        match browser_scheme(value).as_deref() {
                            None | Some("http" | "https" | "mailto") => {}
                            Some(other) => {
                                report(format!("<a href={value:?}> has the scheme {other:?}"))
                            }
                        }
                    }
                    ("a", "rel") => rel = Some(value.to_owned()),
                    ("img", "src") => {
                        counts.images += 1;
                        match browser_scheme(value).as_deref() {
                            Some("http" | "https") => {}
                            other => report(format!(
                                "<img src={value:?}> is not an absolute http(s) URL (scheme {other:?})"
                            )),
                        }
                    }
                    (_, "id") => {
                        counts.ids += 1;
                        match value.strip_prefix(ID_PREFIX) {
                            Some(rest) if check_slug(rest).is_ok() => {}
                            _ => report(format!(
                                "<{tag} id={value:?}> is not {ID_PREFIX:?} plus a valid slug"
                            )),
                        }
                    }
                    ("ol", "start")
                        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        report(format!("<ol start={value:?}> is not a number"));
                    }
                    ("code", "class") => {
                        let tokens: Vec<&str> =
                            value.split(|c: char| c.is_ascii_whitespace()).collect();
                        let single = tokens.len() == 1 && tokens[0].starts_with("language-");
                        if !single {
                            report(format!(
                                "<code class={value:?}> is not one `language-…` class"
                            ));
                        }
                    }
                    _ => {}
                }
            }
            if tag == "a" {
                match (&href, &rel) {
                    (None, _) => report("<a> without href".to_owned()),
                    (Some(h), None) if leaves_origin(h) => {
                        report(format!("<a href={h:?}> leaves the origin without rel"))
                    }
                    (_, Some(r)) if r != EXTERNAL_REL => {
                        report(format!("<a rel={r:?}> is not {EXTERNAL_REL:?}"))
                    }
                    _ => {}
                }
            }
            for child in node.children.borrow().iter() {
                walk(child, counts, violations);
            }
        }
        NodeData::Comment { contents } => report(format!("comment <!--{contents}-->")),
        NodeData::ProcessingInstruction { target, .. } => {
            report(format!("processing instruction {target:?}"))
        }
        NodeData::Doctype { name, .. } => report(format!("doctype {name:?}")),
        NodeData::Document => report("nested document".to_owned()),
    }
}

/// Fails with the input, the output and every violation unless `html` passes.
pub fn assert_clean(what: &str, input: &str, html: &str) -> Counts {
    match check(html) {
        Ok(counts) => counts,
        Err(violations) => {
            let list: Vec<String> = violations.iter().map(|v| format!("  - {v}")).collect();
            panic!(
                "{what}: unsafe output\ninput:  {input:?}\noutput: {html:?}\nviolations:\n{}",
                list.join("\n")
            )
        }
    }
}
