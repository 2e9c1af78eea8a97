//! Unique heading ids: the prefix plus a slug of the heading's text, with `-1`, `-2`, …
//! added to repeats (as GitHub does). Ids never come from the source's attributes.
//!
//! With [`RenderOptions::heading_anchors`], each heading ends with a link to itself,
//! `<a class="heading-anchor" href="#<id>" aria-hidden="true" tabindex="-1">#</a>`: a
//! pointer's way to a section's address. It is hidden from assistive technology and
//! kept out of the Tab order, since the heading itself already says where one is.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::RenderOptions;
use crate::escape;
use crate::slug::slugify;
use crate::unique_names::UniqueNames;

/// Gives every heading of the stream an id (and a link to itself, when asked).
pub fn assign<'a>(events: Vec<Event<'a>>, options: &RenderOptions) -> Vec<Event<'a>> {
    // Each heading's text first (it follows the heading's start), so that the events
    // can then be moved, not cloned, into the output.
    let texts: Vec<String> = events
        .iter()
        .enumerate()
        .filter(|(_, event)| matches!(event, Event::Start(Tag::Heading { .. })))
        .map(|(at, _)| heading_text(&events[at + 1..]))
        .collect();
    let mut texts = texts.into_iter();
    let mut used = UniqueNames::default();
    let mut out = Vec::with_capacity(events.len());
    let mut anchor: Option<String> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let text = texts.next().unwrap_or_default();
                let id = unique_id(&text, options, &mut used);
                anchor = options.heading_anchors.then(|| anchor_html(&id));
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(html) = anchor.take() {
                    out.push(Event::InlineHtml(CowStr::from(html)));
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    out
}

/// The link of a heading to itself.
fn anchor_html(id: &str) -> String {
    format!(
        " <a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
        escape::html(id)
    )
}

fn heading_text(rest: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in rest {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn unique_id(text: &str, options: &RenderOptions, used: &mut UniqueNames) -> String {
    let mut base = slugify(text);
    if base.is_empty() {
        base = "section".to_owned();
    }
    format!("{}{}", options.id_prefix, used.claim(base, 1))
}
