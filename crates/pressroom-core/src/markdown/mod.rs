//! Markdown → safe HTML, with pulldown-cmark.
//!
//! One small wrapper with an explicit [`RenderOptions`]; each HTML transform lives in its
//! own file and runs on the event stream, in this order:
//! 1. [`raw_html`]: raw HTML in the source becomes text (shown, never interpreted);
//! 2. [`links`]: links and images keep only allowlisted URL schemes, and links get `rel`;
//! 3. [`heading_ids`]: headings get unique, prefixed ids;
//! 4. [`tables`]: table alignment is dropped, so no inline `style` attribute is written;
//! 5. [`code_blocks`]: a fenced code block's info string is cut at its first whitespace,
//!    so its `class` is one `language-…` name and nothing the author adds.
//!
//! The parser runs with an allowlisted set of extensions: tables and strikethrough.
//! Heading attributes, footnotes, wikilinks, math, task lists, smart punctuation and
//! metadata blocks stay off.

mod code_blocks;
mod heading_ids;
mod links;
mod raw_html;
mod tables;

use pulldown_cmark::{html, Options, Parser};

/// How to render a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Prefix of every id written into the body, so content cannot clobber the app's ids.
    pub id_prefix: String,
    /// `rel` of links that leave the page's origin.
    pub external_rel: String,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            id_prefix: "user-content-".to_owned(),
            external_rel: "noopener noreferrer nofollow ugc".to_owned(),
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
    html::push_html(&mut out, events);
    out
}

/// Renders with [`RenderOptions::default`].
pub fn render_default(markdown: &str) -> String {
    render(markdown, &RenderOptions::default())
}
