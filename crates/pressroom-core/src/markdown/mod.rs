//! Markdown → safe HTML, with pulldown-cmark.
//!
//! One small wrapper with an explicit [`RenderOptions`]; each HTML transform lives in its
//! own file and runs on the event stream, in this order:
//! 1. [`raw_html`]: raw HTML in the source becomes text (shown, never interpreted);
//! 2. [`links`]: links and images keep only allowlisted URL schemes, and links get `rel`;
//! 3. [`heading_ids`]: headings get unique, prefixed ids (and, on request, a link to
//!    themselves);
//! 4. [`tables`]: table alignment is dropped, so no inline `style` attribute is written;
//! 5. [`code_blocks`]: a fenced code block's info string is cut at its first whitespace,
//!    so its `class` is one `language-…` name and nothing the author adds;
//! 6. [`highlight`]: with a search to show, the text that matches it is wrapped in
//!    `<mark>` (the text itself stays escaped).
//!
//! The parser runs with an allowlisted set of extensions: tables and strikethrough.
//! Heading attributes, footnotes, wikilinks, math, task lists, smart punctuation and
//! metadata blocks stay off.

mod code_blocks;
mod heading_ids;
mod highlight;
mod links;
mod raw_html;
mod tables;

use pulldown_cmark::{html, Options, Parser};

use crate::search::Query;

/// How to render a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions<'a> {
    /// Prefix of every id written into the body, so content cannot clobber the app's ids.
    pub id_prefix: String,
    /// `rel` of links that leave the page's origin.
    pub external_rel: String,
    /// A search whose matches are marked (the reader came from its results).
    pub highlight: Option<&'a Query>,
    /// Give each heading a link to itself (`#<its id>`), for readers who share a section.
    /// Off for feeds and excerpts, where a page-relative link would lead nowhere.
    pub heading_anchors: bool,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        Self {
            id_prefix: "user-content-".to_owned(),
            external_rel: "noopener noreferrer nofollow ugc".to_owned(),
            highlight: None,
            heading_anchors: false,
        }
    }
}

/// The parser extensions that are allowed.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a Markdown body to HTML that is safe to insert into the page.
pub fn render(markdown: &str, options: &RenderOptions) -> String {
    let events = Parser::new_ext(markdown, parser_options()).map(raw_html::as_text);
    let events = links::sanitise(events, options);
    let events = heading_ids::assign(events, options);
    let events = events
        .into_iter()
        .map(tables::without_alignment)
        .map(code_blocks::language_only);
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut out, highlight::mark(events, options.highlight));
    out
}

/// Renders with [`RenderOptions::default`].
pub fn render_default(markdown: &str) -> String {
    render(markdown, &RenderOptions::default())
}
