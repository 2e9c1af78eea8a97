//! Unique heading ids: the prefix plus a slug of the heading's text, with `-1`, `-2`, …
//! added to repeats (as GitHub does). Ids never come from the source's attributes.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::RenderOptions;
use crate::slug::slugify;
use crate::unique_names::UniqueNames;

/// Gives every heading of the stream an id.
pub fn assign<'a>(mut events: Vec<Event<'a>>, options: &RenderOptions) -> Vec<Event<'a>> {
    let mut used = UniqueNames::default();
    for start in 0..events.len() {
        let level = match &events[start] {
            Event::Start(Tag::Heading { level, .. }) => *level,
            _ => continue,
        };
        let text = heading_text(&events[start + 1..]);
        let id = unique_id(&text, options, &mut used);
        events[start] = Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        });
    }
    events
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
