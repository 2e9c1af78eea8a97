//! Raw HTML in the source is shown as text, never passed through.
//!
//! An HTML block becomes a paragraph of its text; inline HTML becomes text in place.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Maps one event: raw HTML to text, HTML blocks to paragraphs.
pub fn as_text(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    }
}
