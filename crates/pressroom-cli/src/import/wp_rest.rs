//! A saved WordPress REST response: `/wp-json/wp/v2/posts` (a list of posts), or one
//! post. Saved with `?_embed`, it also has author names and category and tag names; without
//! it those are only numbers, which cannot become tags, and the report says so.
//!
//! Dates come from `date` and `date_gmt` (the site's offset is their difference), titles
//! and content are HTML (`rendered`), and `content.protected` posts are skipped.

use serde_json::Value;
use url::Url;

use super::{Body, Channel, Draft, ImportOptions, Parsed};
use crate::dates::{wordpress_local_and_gmt, FeedDate};
use crate::text_position::Position;

/// Parses a WP REST response.
pub fn parse(text: &str, options: &ImportOptions) -> Result<Parsed, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        let at = Position {
            line: error.line(),
            column: error.column(),
        };
        let message = error.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        format!("{at}: the JSON is not valid: {message}")
    })?;
    let posts: Vec<&Value> = match &value {
        Value::Array(posts) => posts.iter().collect(),
        Value::Object(object) if object.contains_key("code") && object.contains_key("message") => {
            return Err(format!(
                "this is a WordPress error response ({}), not posts",
                object
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("no message")
            ));
        }
        Value::Object(object) if object.contains_key("title") => vec![&value],
        _ => {
            return Err(
                "expected a list of WordPress posts (the response of /wp-json/wp/v2/posts)"
                    .to_owned(),
            );
        }
    };
    let mut warnings = Vec::new();
    let mut drafts = Vec::with_capacity(posts.len());
    let mut ids_only = false;
    for post in posts {
        let (draft, had_ids_only) = draft(post, options);
        ids_only |= had_ids_only;
        drafts.push(draft);
    }
    if ids_only {
        warnings.push(
            "categories and tags are given as numbers only; save the response with ?_embed to \
             import their names"
                .to_owned(),
        );
    }
    // A REST response says nothing about the site; its address is in the links.
    let link = drafts
        .iter()
        .find_map(|d| d.link.as_deref())
        .and_then(|l| Url::parse(l).ok())
        .map(|mut u| {
            u.set_path("/");
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        });
    Ok(Parsed {
        channel: Channel {
            title: None,
            description: None,
            link,
            language: None,
            date: None,
            authors: Vec::new(),
        },
        drafts,
        warnings,
    })
}

fn rendered(post: &Value, key: &str) -> Option<String> {
    let field = post.get(key)?;
    let text = match field {
        Value::String(s) => s.as_str(),
        other => other.get("rendered")?.as_str()?,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn string(post: &Value, key: &str) -> Option<String> {
    post.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// One post → a draft, and whether its categories and tags were numbers only.
fn draft(post: &Value, options: &ImportOptions) -> (Draft, bool) {
    if !post.is_object() {
        return (
            Draft {
                skip: Some("not a post object".to_owned()),
                ..Draft::default()
            },
            false,
        );
    }
    let skip = skip_reason(post, options);
    let link = string(post, "link");
    let embedded = post.get("_embedded");
    let authors = embedded_authors(embedded);
    let (tags, ids_only) = terms(post, embedded);
    let draft = Draft {
        id: post_id(post),
        title: rendered(post, "title"),
        content: rendered(post, "content").map_or(Body::Empty, Body::Html),
        summary: rendered(post, "excerpt").map_or(Body::Empty, Body::Html),
        base: link
            .as_deref()
            .and_then(|l| Url::parse(l).ok())
            .or_else(|| options.base_url.clone()),
        link,
        external_url: None,
        published: date(post, "date", "date_gmt"),
        updated: date(post, "modified", "modified_gmt"),
        authors,
        tags,
        slug: string(post, "slug").map(|s| {
            percent_encoding::percent_decode_str(&s)
                .decode_utf8_lossy()
                .to_lowercase()
        }),
        language: None,
        skip,
        notes: Vec::new(),
    };
    (draft, ids_only)
}

/// Why the post is not imported: its type, its status, or a password.
fn skip_reason(post: &Value, options: &ImportOptions) -> Option<String> {
    let post_type = string(post, "type").unwrap_or_else(|| "post".to_owned());
    let status = string(post, "status").unwrap_or_else(|| "publish".to_owned());
    let protected = post
        .get("content")
        .and_then(|c| c.get("protected"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match post_type.as_str() {
        "post" => None,
        "page" if options.include_pages => None,
        "page" => Some("a page, not a post (pass --include-pages to import pages)".to_owned()),
        other => Some(format!("post type {other:?} is not imported")),
    }
    .or_else(|| (status != "publish").then(|| format!("not published (status {status})")))
    .or_else(|| protected.then(|| "password-protected".to_owned()))
}

/// Author names from `_embedded.author` (only there with `?_embed`).
fn embedded_authors(embedded: Option<&Value>) -> Vec<String> {
    embedded
        .and_then(|e| e.get("author"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| a.get("name").and_then(Value::as_str))
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Category and tag names from `_embedded["wp:term"]`; without them, whether the post
/// has category or tag numbers that cannot become tags.
fn terms(post: &Value, embedded: Option<&Value>) -> (Vec<String>, bool) {
    let mut tags = Vec::new();
    let mut ids_only = false;
    match embedded
        .and_then(|e| e.get("wp:term"))
        .and_then(Value::as_array)
    {
        Some(groups) => {
            for term in groups.iter().filter_map(Value::as_array).flatten() {
                let taxonomy = term
                    .get("taxonomy")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if taxonomy == "category" || taxonomy == "post_tag" {
                    if let Some(name) = term.get("name").and_then(Value::as_str) {
                        tags.push(name.to_owned());
                    }
                }
            }
        }
        None => {
            ids_only = ["categories", "tags"].iter().any(|k| {
                post.get(*k)
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
            });
        }
    }
    (tags, ids_only)
}

/// The date from the `local` and `gmt` fields, which together give the offset.
fn date(post: &Value, local: &str, gmt: &str) -> Option<FeedDate> {
    wordpress_local_and_gmt(string(post, local).as_deref(), string(post, gmt).as_deref())
}

/// The post's `id` (a number or a string), else its `guid`.
fn post_id(post: &Value) -> Option<String> {
    match post.get("id") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        _ => rendered(post, "guid"),
    }
}
