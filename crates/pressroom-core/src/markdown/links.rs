//! Links and images: only allowlisted URL schemes survive (see [`crate::url_policy`]).
//!
//! A link whose URL is refused keeps its text, unlinked; an image whose URL is refused
//! keeps its alt text, as text. Links are written here (pulldown-cmark's writer has no
//! `rel`): external ones get `rel` from the options; fragment links get the id prefix so
//! they still reach prefixed heading ids.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::RenderOptions;
use crate::url_policy::{is_external, safe_image_src, safe_link_href};

/// Sanitises the links and images of an event stream. Expects raw HTML already turned
/// into text, so every `Event::Html` in the output was written here.
pub fn sanitise<'a>(
    events: impl Iterator<Item = Event<'a>>,
    options: &RenderOptions,
) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut open_links: Vec<bool> = Vec::new();
    let mut open_images: Vec<bool> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => match link_href(link_type, &dest_url, options) {
                Some(href) => {
                    out.push(Event::Html(open_tag(&href, &title, options).into()));
                    open_links.push(true);
                }
                None => open_links.push(false),
            },
            Event::End(TagEnd::Link) => {
                if open_links.pop() == Some(true) {
                    out.push(Event::Html(CowStr::Borrowed("</a>")));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match safe_image_src(&dest_url) {
                Some(src) => {
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: src.into(),
                        title,
                        id,
                    }));
                    open_images.push(true);
                }
                None => open_images.push(false),
            },
            Event::End(TagEnd::Image) => {
                if open_images.pop() == Some(true) {
                    out.push(Event::End(TagEnd::Image));
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn link_href(link_type: LinkType, dest: &str, options: &RenderOptions) -> Option<String> {
    if link_type == LinkType::Email {
        return safe_link_href(&format!("mailto:{dest}"));
    }
    let href = safe_link_href(dest)?;
    match href.strip_prefix('#') {
        Some(fragment) if !fragment.starts_with(&options.id_prefix) && !fragment.is_empty() => {
            Some(format!("#{}{}", options.id_prefix, fragment))
        }
        _ => Some(href),
    }
}

fn open_tag(href: &str, title: &str, options: &RenderOptions) -> String {
    let mut tag = String::from("<a href=\"");
    let _ = escape_href(&mut tag, href);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    if is_external(href) {
        tag.push_str(" rel=\"");
        let _ = escape_html(&mut tag, &options.external_rel);
        tag.push('"');
    }
    tag.push('>');
    tag
}
