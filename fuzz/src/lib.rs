//! What the fuzz targets check, cheaply and without an HTML parser.
//!
//! Rendered HTML: Pressroom's renderer escapes every `<` of text, so each `<` in its output
//! starts a tag that Pressroom or pulldown-cmark wrote. [`assert_allowlisted`] reads those
//! tags and panics (a libFuzzer crash) on an element or attribute outside the allowlist,
//! an event handler, an unexpected entity in an attribute value, or a URL scheme outside
//! the allowlist (read as a browser reads it, after decoding the value's entities). The
//! native tests (`crates/pressroom-core/tests/common`) check the same allowlist on a real
//! HTML parse.
//!
//! Bundles the CLI makes: [`assert_bundle_usable`] checks that a bundle renders, reads
//! back from its JSON unchanged, and (when it should be valid) has no problem. The
//! importer targets' checks are in [`import`] and [`front_matter`]; they are plain
//! functions, so `crates/pressroom-cli/tests/fuzz_seeds.rs` runs them on stable (it
//! includes this file as a module, which is why these modules name each other with
//! `super::`, never `crate::`).

use pressroom_core::markdown::render_default;
use pressroom_core::validate::validate;
use pressroom_core::{parse_bundle, Bundle, Catalog};

pub mod front_matter;
pub mod import;

/// Elements pulldown-cmark and Pressroom write with Pressroom's options.
const ELEMENTS: &[&str] = &[
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

fn attributes(element: &str) -> &'static [&'static str] {
    match element {
        "a" => &["href", "title", "rel"],
        "img" => &["src", "alt", "title"],
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["id"],
        "ol" => &["start"],
        "code" => &["class"],
        _ => &[],
    }
}

/// The entities the writers use in attribute values, decoded.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let (entity, ch) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#x27;", '\''),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(entity, _)| after.starts_with(entity))
        .unwrap_or_else(|| panic!("unexpected entity in an attribute value: {value:?}"));
        out.push(ch);
        rest = &after[entity.len()..];
    }
    out.push_str(rest);
    out
}

/// The scheme a browser reads in `url` (lower case), or `None` when relative.
pub fn browser_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= '\u{20}')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (candidate, _) = cleaned.split_once(':')?;
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// Panics unless every tag in `html` is allowlisted, with allowlisted attributes and URL
/// schemes, and every id has the `user-content-` prefix.
pub fn assert_allowlisted(html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {html:?}"));
        let tag = after[..end].trim_end_matches('/').trim_end();
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(ELEMENTS.contains(&name), "element <{name}> in {html:?}");
        let allowed = attributes(name);
        let mut attrs = &tag[name_end..];
        while !attrs.is_empty() {
            attrs = attrs
                .strip_prefix(' ')
                .unwrap_or_else(|| panic!("malformed attributes in <{tag}>"));
            let (attr, tail) = attrs
                .split_once("=\"")
                .unwrap_or_else(|| panic!("attribute without a quoted value in <{tag}>"));
            let (raw, tail) = tail
                .split_once('"')
                .unwrap_or_else(|| panic!("unterminated value in <{tag}>"));
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "event handler in <{tag}>"
            );
            assert!(allowed.contains(&attr), "attribute {attr} in <{tag}>");
            let value = decode(raw);
            match (name, attr) {
                ("a", "href") => assert!(
                    matches!(
                        browser_scheme(&value).as_deref(),
                        None | Some("http" | "https" | "mailto")
                    ),
                    "link scheme in <{tag}>"
                ),
                ("img", "src") => assert!(
                    matches!(browser_scheme(&value).as_deref(), Some("http" | "https")),
                    "image scheme in <{tag}>"
                ),
                (_, "id") => assert!(value.starts_with("user-content-"), "id in <{tag}>"),
                ("code", "class") => assert!(
                    value.starts_with("language-")
                        && !value.contains(|c: char| c.is_ascii_whitespace()),
                    "class in <{tag}>"
                ),
                _ => {}
            }
            attrs = tail;
        }
        rest = &after[end + 1..];
    }
}

/// Panics unless `bundle` is usable by the viewer: every body renders to allowlisted HTML,
/// the bundle serialises to JSON that [`parse_bundle`] reads back unchanged, and, when
/// `valid` (an importer promised a valid bundle), neither the core's validation nor the
/// catalogue finds a problem.
pub fn assert_bundle_usable(bundle: &Bundle, valid: bool) {
    for release in &bundle.releases {
        assert_allowlisted(&render_default(&release.body));
    }
    let json = serde_json::to_string(bundle)
        .unwrap_or_else(|error| panic!("the bundle does not serialise: {error}"));
    match parse_bundle(&json) {
        Ok(back) => assert!(back == *bundle, "the bundle reads back changed: {json}"),
        Err(error) => panic!("the bundle's JSON does not read back: {error}: {json}"),
    }
    if valid {
        let problems = validate(bundle);
        assert!(
            problems.is_empty(),
            "problems in a valid bundle: {problems:?}"
        );
        let catalog = Catalog::from_bundle(bundle.clone());
        assert!(
            catalog.problems().is_empty(),
            "catalogue problems: {:?}",
            catalog.problems()
        );
        assert_eq!(catalog.len(), bundle.releases.len());
        assert!(
            !bundle.site.title.trim().is_empty(),
            "the site has no title"
        );
    }
}
