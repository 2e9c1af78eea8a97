//! JSON Feed 1.0 and 1.1, read with serde_json.
//!
//! The feed is read as a JSON tree rather than fixed types, so one item with a field of
//! the wrong type is reported (and that field ignored) instead of failing the import; and
//! dates keep the offset they were written with. Version 1.1's `authors` wins over 1.0's
//! `author`, on items and on the feed; a feed's authors apply to items that have none.

use serde_json::Value;
use url::Url;

use super::{Body, Channel, Draft, ImportOptions, Parsed};
use crate::dates::{parse_lenient, FeedDate};
use crate::text_position::Position;

/// Parses JSON Feed text.
pub fn parse(text: &str, options: &ImportOptions) -> Result<Parsed, String> {
    let feed = read_json(text)?;
    let items = items_of(&feed)?;
    let home = string(&feed, "home_page_url");
    let channel = channel(&feed, home.clone());
    let feed_base = feed_base(&feed, home.as_deref(), options);
    let mut warnings = Vec::new();
    let drafts = items
        .iter()
        .enumerate()
        .map(|(index, item)| draft(item, index, feed_base.as_ref(), &mut warnings))
        .collect();
    Ok(Parsed {
        channel,
        drafts,
        warnings,
    })
}

/// The JSON tree of `text`, or the syntax error with its position.
fn read_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|error| {
        let at = Position {
            line: error.line(),
            column: error.column(),
        };
        format!(
            "{at}: the JSON is not valid: {}",
            strip_position(&error.to_string())
        )
    })
}

/// The feed's `items`, once the tree is known to be a JSON Feed object.
fn items_of(feed: &Value) -> Result<&Vec<Value>, String> {
    let Value::Object(object) = feed else {
        return Err("a JSON Feed is an object with \"version\" and \"items\"".to_owned());
    };
    check_version(object)?;
    match object.get("items") {
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!(
            "\"items\" is {}; expected a list of items",
            kind(other)
        )),
        None => Err("the feed has no \"items\"; expected a list of items".to_owned()),
    }
}

/// Refuses a `version` that is not a jsonfeed.org version URL.
fn check_version(object: &serde_json::Map<String, Value>) -> Result<(), String> {
    let version = object
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !(version.starts_with("https://jsonfeed.org/version/")
        || version.starts_with("http://jsonfeed.org/version/"))
    {
        return Err(format!(
            "not a JSON Feed: \"version\" is {:?}; expected \"https://jsonfeed.org/version/1.1\" (or 1)",
            object.get("version").map(Value::to_string).unwrap_or_else(|| "missing".to_owned())
        ));
    }
    Ok(())
}

/// A trimmed, non-empty string field of `value`.
fn string(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The feed's own title, description, link, language and authors.
fn channel(feed: &Value, home: Option<String>) -> Channel {
    Channel {
        title: string(feed, "title"),
        description: string(feed, "description"),
        link: home,
        language: string(feed, "language"),
        date: None,
        authors: authors(feed),
    }
}

/// Base URL for relative links: the home page, else the feed's URL, else `--base-url`.
fn feed_base(feed: &Value, home: Option<&str>, options: &ImportOptions) -> Option<Url> {
    let feed_url = string(feed, "feed_url");
    home.or(feed_url.as_deref())
        .and_then(|u| Url::parse(u).ok())
        .or_else(|| options.base_url.clone())
}

/// One item (number `index` from 0) → a draft; unreadable dates go into `warnings`.
fn draft(item: &Value, index: usize, feed_base: Option<&Url>, warnings: &mut Vec<String>) -> Draft {
    if !item.is_object() {
        return Draft {
            skip: Some(format!("the item is {}, not an object", kind(item))),
            ..Draft::default()
        };
    }
    let mut notes = Vec::new();
    let id = item_id(item, &mut notes);
    let link = string(item, "url").map(|u| absolute(&u, feed_base));
    let mut date = |key: &str| item_date(item, key, index, warnings, &mut notes);
    let published = date("date_published");
    let updated = date("date_modified");
    let base = link
        .as_deref()
        .and_then(|l| Url::parse(l).ok())
        .or_else(|| feed_base.cloned());
    Draft {
        id,
        title: string(item, "title"),
        content: content(item),
        summary: string(item, "summary").map_or(Body::Empty, Body::Text),
        link,
        external_url: string(item, "external_url"),
        published,
        updated,
        authors: authors(item),
        tags: tags(item),
        slug: None,
        language: string(item, "language"),
        base,
        skip: None,
        notes,
    }
}

/// The item's `id` (a string or a number); another kind is ignored with a note.
fn item_id(item: &Value, notes: &mut Vec<String>) -> Option<String> {
    match item.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Null) | None => None,
        Some(other) => {
            notes.push(format!("ignored its id, which is {}", kind(other)));
            None
        }
    }
}

/// `content_html` if present, else `content_text`.
fn content(item: &Value) -> Body {
    match (string(item, "content_html"), string(item, "content_text")) {
        (Some(html), _) => Body::Html(html),
        (None, Some(text)) => Body::Text(text),
        (None, None) => Body::Empty,
    }
}

/// The date in `key` of item number `index` (from 0): a warning when unreadable, a
/// note when read leniently.
fn item_date(
    item: &Value,
    key: &str,
    index: usize,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Option<FeedDate> {
    let raw = string(item, key)?;
    let parsed = parse_lenient(&raw);
    if parsed.is_none() {
        warnings.push(format!(
            "item {}: could not read the date {raw:?} in {key}; expected RFC 3339",
            index + 1
        ));
    } else if !raw.contains('T') && raw.len() > 10 {
        notes.push(format!("{key} {raw:?} is not RFC 3339; converted"));
    }
    parsed
}

/// The item's string `tags`.
fn tags(item: &Value) -> Vec<String> {
    match item.get("tags") {
        Some(Value::Array(tags)) => tags
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// `authors` (1.1) if present, else `author` (1.0); names only.
pub fn authors(value: &Value) -> Vec<String> {
    let name = |a: &Value| {
        a.get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    };
    match value.get("authors") {
        Some(Value::Array(list)) if !list.is_empty() => list.iter().filter_map(name).collect(),
        _ => value.get("author").and_then(name).into_iter().collect(),
    }
}

fn absolute(url: &str, base: Option<&Url>) -> String {
    match (Url::parse(url), base) {
        (Ok(_), _) | (Err(_), None) => url.to_owned(),
        (Err(_), Some(base)) => base
            .join(url)
            .map_or_else(|_| url.to_owned(), |u| u.to_string()),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn authors_win_over_author() {
        let both: Value = serde_json::json!({"author": {"name": "Old"}, "authors": [{"name": "A"}, {"name": "B"}]});
        assert_eq!(authors(&both), vec!["A", "B"]);
        let old: Value = serde_json::json!({"author": {"name": "Old"}});
        assert_eq!(authors(&old), vec!["Old"]);
    }

    #[test]
    fn not_a_json_feed() {
        let options = ImportOptions::default();
        assert!(parse("{\"version\": 2, \"items\": []}", &options)
            .expect_err("bad")
            .contains("not a JSON Feed"));
        assert!(parse(
            "{\"version\": \"https://jsonfeed.org/version/1\"}",
            &options
        )
        .expect_err("bad")
        .contains("no \"items\""));
        let error = parse("{\n\"version\": ", &options).expect_err("bad");
        assert!(error.starts_with("2:"), "{error}");
    }
}
