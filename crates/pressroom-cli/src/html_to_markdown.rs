//! HTML from feeds and WordPress → Markdown for a release body.
//!
//! The HTML is parsed with html5ever (through htmd) into a tree, and the tree is cleaned
//! **before** conversion:
//! - scripts, styles, iframes, forms and their controls, embedded objects, media players,
//!   SVG/MathML, templates and `<head>` are removed with everything inside them;
//! - event-handler attributes (`onclick`, `onerror`, …) and `style` are removed;
//! - links and image sources are resolved against the item's base URL; links that are not
//!   http(s) or mailto (e.g. `javascript:`) lose their target and stay as text, and images
//!   that are not http(s) (e.g. `data:`, or relative with no base) are removed.
//!
//! htmd then writes Markdown. Every removal is counted for the import report. Trees
//! nested deeper than [`MAX_HTML_DEPTH`] are not converted (converters recurse); their
//! text is kept instead.

use std::collections::BTreeMap;
use std::rc::Rc;

use htmd::HtmlToMarkdown;
use html5ever::tendril::StrTendril;
use markup5ever_rcdom::{Handle, NodeData};
use url::Url;

/// Deepest HTML nesting that is converted to Markdown.
pub const MAX_HTML_DEPTH: usize = 200;

/// Elements removed with their content.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "datalist",
    "output",
    "noscript",
    "template",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "map",
    "area",
    "dialog",
    "head",
    "portal",
    "fencedframe",
];

/// What the cleaning removed or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaning {
    /// Removed elements by tag name.
    pub dropped: BTreeMap<String, usize>,
    /// Removed `on…` attributes.
    pub event_handlers: usize,
    /// Relative links and images made absolute.
    pub resolved: usize,
    /// Links whose target was removed (unsafe scheme, or relative with no base).
    pub unlinked: usize,
    /// Images removed (not http(s), or relative with no base).
    pub images_removed: usize,
    /// Relative URLs that could not be resolved for want of a base URL.
    pub unresolvable: usize,
    /// The HTML was too deeply nested and only its text was kept.
    pub too_deep: bool,
}

impl Cleaning {
    /// One line per kind of change, for the import report.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.dropped.is_empty() {
            let list: Vec<String> = self
                .dropped
                .iter()
                .map(|(tag, n)| format!("{n} <{tag}>"))
                .collect();
            notes.push(format!(
                "removed unsafe or interactive HTML: {}",
                list.join(", ")
            ));
        }
        if self.event_handlers > 0 {
            notes.push(format!(
                "removed {} event-handler attribute{}",
                self.event_handlers,
                if self.event_handlers == 1 { "" } else { "s" }
            ));
        }
        if self.resolved > 0 {
            notes.push(format!(
                "resolved {} relative link{} or image{}",
                self.resolved,
                if self.resolved == 1 { "" } else { "s" },
                if self.resolved == 1 { "" } else { "s" }
            ));
        }
        if self.unresolvable > 0 {
            notes.push(format!(
                "{} relative link{} or image{} could not be resolved (no base URL; pass --base-url)",
                self.unresolvable,
                if self.unresolvable == 1 { "" } else { "s" },
                if self.unresolvable == 1 { "" } else { "s" }
            ));
        }
        if self.unlinked > 0 {
            notes.push(format!(
                "kept the text of {} link{} with an unsafe or unusable target",
                self.unlinked,
                if self.unlinked == 1 { "" } else { "s" }
            ));
        }
        if self.images_removed > 0 {
            notes.push(format!(
                "removed {} image{} with a non-http(s) source",
                self.images_removed,
                if self.images_removed == 1 { "" } else { "s" }
            ));
        }
        if self.too_deep {
            notes.push(format!(
                "the HTML is nested more than {MAX_HTML_DEPTH} levels deep; kept its text only"
            ));
        }
        notes
    }
}

/// Markdown and what cleaning did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// What was removed or changed before conversion.
    pub cleaning: Cleaning,
}

/// Converts HTML to Markdown as described in the module docs.
pub fn html_to_markdown(html: &str, base: Option<&Url>) -> Converted {
    let converter = HtmlToMarkdown::builder().build();
    let tree = match converter.html_to_tree(html) {
        Ok(tree) => tree,
        Err(_) => {
            // html5ever does not fail on any input; keep the text if it ever does.
            return Converted {
                markdown: text_to_markdown(html),
                cleaning: Cleaning::default(),
            };
        }
    };
    let mut cleaning = Cleaning::default();
    let depth = clean(&tree, base, &mut cleaning);
    let markdown = if depth > MAX_HTML_DEPTH {
        cleaning.too_deep = true;
        text_to_markdown(&tree_text(&tree))
    } else {
        converter.tree_to_markdown(&tree)
    };
    Converted {
        markdown: tidy(&markdown),
        cleaning,
    }
}

/// The visible text of an HTML fragment (scripts and styles left out), whitespace
/// collapsed: for titles and summaries.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return collapse_whitespace(html);
    }
    let converter = HtmlToMarkdown::builder().build();
    match converter.html_to_tree(html) {
        Ok(tree) => {
            let mut ignored = Cleaning::default();
            clean(&tree, None, &mut ignored);
            collapse_whitespace(&tree_text(&tree))
        }
        Err(_) => collapse_whitespace(html),
    }
}

/// Plain text → Markdown that shows the same text: paragraphs kept, and only what
/// Markdown would read as syntax escaped with a backslash (emphasis, links, code, raw HTML,
/// entity references, and block markers at the start of a line), so the text stays
/// readable: `InfluxDB 1.8.0` stays as it is.
pub fn text_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let normalised = text.replace("\r\n", "\n");
    for (index, paragraph) in normalised
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if index > 0 {
            out.push_str("\n\n");
        }
        for (line_index, line) in paragraph.lines().map(str::trim).enumerate() {
            if line_index > 0 {
                out.push('\n');
            }
            escape_line(line, &mut out);
        }
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    // Block markers: headings, quotes, list items, thematic breaks, setext underlines.
    let starts_block = line.starts_with(['#', '>', '+', '-', '=', '*', '_']);
    let mut first = true;
    for (at, c) in line.char_indices() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' => true,
            '&' => looks_like_entity(&line[at + 1..]),
            '.' | ')' => first_digits_then(line, at),
            _ => first && starts_block,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        first = false;
    }
}

/// Whether `at` is the `.` or `)` right after the leading digits of a line.
fn first_digits_then(line: &str, at: usize) -> bool {
    at > 0 && line[..at].chars().all(|c| c.is_ascii_digit()) && at < 10
}

/// `amp;`, `#38;`, `#x26;` after an `&`.
fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cleans the tree in place (iteratively) and returns its depth.
fn clean(root: &Handle, base: Option<&Url>, cleaning: &mut Cleaning) -> usize {
    let mut max_depth = 0;
    let mut stack: Vec<(Handle, usize)> = vec![(Rc::clone(root), 0)];
    while let Some((node, depth)) = stack.pop() {
        max_depth = max_depth.max(depth);
        if let NodeData::Element { name, attrs, .. } = &node.data {
            clean_attributes(&name.local, &mut attrs.borrow_mut(), base, cleaning);
        }
        let mut children = node.children.borrow_mut();
        children.retain(|child| keep(child, base, cleaning));
        for child in children.iter() {
            stack.push((Rc::clone(child), depth + 1));
        }
    }
    max_depth
}

/// Whether a child stays; counts what is removed.
fn keep(child: &Handle, base: Option<&Url>, cleaning: &mut Cleaning) -> bool {
    match &child.data {
        NodeData::Element { name, attrs, .. } => {
            let tag: &str = &name.local;
            if DROPPED.contains(&tag) {
                if tag != "head" {
                    *cleaning.dropped.entry(tag.to_owned()).or_default() += 1;
                }
                return false;
            }
            if tag == "img" {
                let attrs = attrs.borrow();
                let src = attrs
                    .iter()
                    .find(|a| &*a.name.local == "src")
                    .map(|a| a.value.to_string());
                let usable = match src {
                    Some(src) => match resolve(&src, base) {
                        Resolved::Absolute(url, _) => is_http(&url),
                        Resolved::Relative => {
                            cleaning.unresolvable += 1;
                            false
                        }
                        Resolved::Invalid => false,
                    },
                    None => false,
                };
                if !usable {
                    cleaning.images_removed += 1;
                    return false;
                }
            }
            true
        }
        NodeData::ProcessingInstruction { .. } | NodeData::Comment { .. } => false,
        _ => true,
    }
}

fn clean_attributes(
    tag: &str,
    attrs: &mut Vec<html5ever::Attribute>,
    base: Option<&Url>,
    cleaning: &mut Cleaning,
) {
    let before = attrs.len();
    attrs.retain(|a| !a.name.local.to_ascii_lowercase().starts_with("on"));
    cleaning.event_handlers += before - attrs.len();
    attrs.retain(|a| !matches!(&*a.name.local, "style" | "srcset" | "formaction"));
    let url_attribute = match tag {
        "a" => "href",
        "img" => "src",
        _ => return,
    };
    let mut remove = false;
    for attr in attrs.iter_mut().filter(|a| &*a.name.local == url_attribute) {
        match resolve(&attr.value, base) {
            Resolved::Absolute(url, changed) => {
                let allowed = is_http(&url) || (tag == "a" && url.scheme() == "mailto");
                if !allowed {
                    remove = true;
                } else {
                    if changed {
                        cleaning.resolved += 1;
                    }
                    attr.value = StrTendril::from_slice(url.as_str());
                }
            }
            Resolved::Relative => {
                if tag == "a" && attr.value.starts_with('#') {
                    // An in-page anchor: harmless, but it points nowhere in the viewer.
                    remove = true;
                } else {
                    if tag == "a" {
                        cleaning.unresolvable += 1;
                    }
                    remove = true;
                }
            }
            Resolved::Invalid => remove = true,
        }
    }
    if remove {
        attrs.retain(|a| &*a.name.local != url_attribute);
        if tag == "a" {
            cleaning.unlinked += 1;
        }
    }
}

enum Resolved {
    /// An absolute URL, and whether resolving changed it.
    Absolute(Url, bool),
    /// Relative, with no base to resolve it against.
    Relative,
    /// Not a URL at all.
    Invalid,
}

fn resolve(raw: &str, base: Option<&Url>) -> Resolved {
    let raw = raw.trim();
    match Url::parse(raw) {
        Ok(url) => Resolved::Absolute(url, false),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(base) => match base.join(raw) {
                Ok(url) => Resolved::Absolute(url, true),
                Err(_) => Resolved::Invalid,
            },
            None => Resolved::Relative,
        },
        Err(_) => Resolved::Invalid,
    }
}

fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.host().is_some()
}

/// Text of the tree, with block boundaries as blank lines, iteratively.
fn tree_text(root: &Handle) -> String {
    let mut out = String::new();
    let mut stack: Vec<Handle> = vec![Rc::clone(root)];
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. }
                if matches!(
                    &*name.local,
                    "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr"
                ) =>
            {
                out.push_str("\n\n");
            }
            _ => {}
        }
        for child in node.children.borrow().iter().rev() {
            stack.push(Rc::clone(child));
        }
    }
    out
}

/// Trims lines' trailing spaces and collapses three or more newlines to two.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank_run = 0;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://example.org/news/item.html").expect("valid")
    }

    #[test]
    fn dangerous_things_are_removed_before_conversion() {
        let html = r#"<p onclick="steal()">Hello <b>world</b></p>
            <script>alert(1)</script><style>p{}</style>
            <iframe src="https://evil.example/"></iframe>
            <form action="/x"><input name="q"><button>Go</button></form>
            <p><a href="javascript:alert(1)">click</a> <img src="x" onerror="alert(1)"></p>"#;
        let converted = html_to_markdown(html, Some(&base()));
        assert_eq!(
            converted.markdown,
            "Hello **world**\n\nclick ![](https://example.org/news/x)"
        );
        let cleaning = converted.cleaning;
        assert_eq!(cleaning.event_handlers, 2);
        assert_eq!(cleaning.unlinked, 1);
        for tag in ["script", "style", "iframe", "form"] {
            assert_eq!(cleaning.dropped.get(tag), Some(&1), "{tag}");
        }
        assert!(!converted.markdown.contains("alert"));
    }

    #[test]
    fn relative_links_and_images_are_resolved() {
        let html = r#"<p><a href="../about">About</a> <img src="/pictures/a.jpg" alt="A"></p>"#;
        let converted = html_to_markdown(html, Some(&base()));
        assert_eq!(
            converted.markdown,
            "[About](https://example.org/about) ![A](https://example.org/pictures/a.jpg)"
        );
        assert_eq!(converted.cleaning.resolved, 2);
        let unresolved = html_to_markdown(html, None);
        assert_eq!(unresolved.markdown, "About");
        assert_eq!(unresolved.cleaning.unresolvable, 2);
    }

    #[test]
    fn data_images_are_removed_and_mailto_kept() {
        let html =
            r#"<img src="data:image/png;base64,AAAA"><a href="mailto:press@example.org">Mail</a>"#;
        let converted = html_to_markdown(html, None);
        assert_eq!(converted.markdown, "[Mail](mailto:press@example.org)");
        assert_eq!(converted.cleaning.images_removed, 1);
    }

    #[test]
    fn deep_html_keeps_its_text() {
        let html = format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let converted = html_to_markdown(&html, None);
        assert!(converted.cleaning.too_deep);
        assert_eq!(converted.markdown, "deep text");
    }

    #[test]
    fn text_helpers() {
        assert_eq!(
            html_to_text("Title <em>With</em>\n <b>Mark<sup>up</sup></b>"),
            "Title With Markup"
        );
        assert_eq!(html_to_text("Blog &#8211; InfluxData"), "Blog – InfluxData");
        assert_eq!(html_to_text("AT&T <3"), "AT&T <3");
        assert_eq!(
            text_to_markdown("*not* emphasis\n\n# nor heading"),
            "\\*not\\* emphasis\n\n\\# nor heading"
        );
        assert_eq!(
            text_to_markdown("InfluxDB 1.8.0 (beta) & more..."),
            "InfluxDB 1.8.0 (beta) & more..."
        );
        assert_eq!(
            text_to_markdown("1. first\n- item\n&amp; <b>"),
            "1\\. first\n\\- item\n\\&amp; \\<b>"
        );
        assert_eq!(
            text_to_markdown("[link](javascript:x) a_b"),
            "\\[link\\](javascript:x) a\\_b"
        );
    }
}
