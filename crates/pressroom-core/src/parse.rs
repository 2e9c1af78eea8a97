//! JSON text → [`Bundle`], with errors that say what and where.
//!
//! The version is read first, so a bundle of another version is refused with a clear
//! "unsupported version" message rather than a confusing type error deep inside it.

use serde::Deserialize;
use thiserror::Error;

use crate::json_path::path_at;
use crate::model::{Bundle, BUNDLE_VERSION};

/// Why a bundle could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BundleError {
    /// The text is empty or only whitespace.
    #[error("the bundle is empty")]
    Empty,
    /// The text looks like an HTML page, typically a host's error page.
    #[error("the bundle is an HTML page, not JSON (is the bundle URL right?)")]
    Html,
    /// The bytes are not UTF-8 (JSON must be). Positions are of the first invalid byte.
    #[error("the bundle is not valid UTF-8: byte 0x{byte:02X} at byte offset {offset} (line {line}, column {column})")]
    InvalidUtf8 {
        /// The first invalid byte.
        byte: u8,
        /// 0-based offset of that byte in the body.
        offset: usize,
        /// 1-based line.
        line: usize,
        /// 1-based column, counted in characters.
        column: usize,
    },
    /// The text is not valid JSON.
    #[error("the bundle is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        /// What the parser expected.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON does not have the bundle's shape (a wrong type somewhere).
    #[error("the bundle has a wrong value at `{path}`: {message} (line {line}, column {column})")]
    Shape {
        /// Where, e.g. `releases[3].tags`.
        path: String,
        /// What was expected.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON is not an object (an array, a string, …).
    #[error("the bundle must be a JSON object with `version`, `site` and `releases`")]
    NotAnObject,
    /// `version` is absent.
    #[error("the bundle has no `version`; this viewer reads version {BUNDLE_VERSION}")]
    MissingVersion,
    /// `version` is not one this code reads.
    #[error("unsupported bundle version {found}; this viewer reads version {BUNDLE_VERSION}")]
    UnsupportedVersion {
        /// The version found, as written.
        found: String,
    },
}

/// The version, as written: a borrowed raw value, so the wasm needs no `serde_json::Value`.
#[derive(Deserialize)]
struct VersionProbe<'a> {
    #[serde(borrow)]
    version: Option<&'a serde_json::value::RawValue>,
}

/// The bundle's bytes as text, or where the first invalid UTF-8 byte is. Nothing is
/// replaced: a bundle with a broken byte is refused rather than shown with `�`.
pub fn bundle_text(bytes: &[u8]) -> Result<&str, BundleError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let line = valid.matches('\n').count() + 1;
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        let column = valid[line_start..].chars().count() + 1;
        BundleError::InvalidUtf8 {
            byte: bytes.get(offset).copied().unwrap_or(0),
            offset,
            line,
            column,
        }
    })
}

/// Parses a bundle from raw bytes (as fetched): UTF-8 is checked first, with the
/// position of the first invalid byte; then as [`parse_bundle`].
pub fn parse_bundle_bytes(bytes: &[u8]) -> Result<Bundle, BundleError> {
    parse_bundle(bundle_text(bytes)?)
}

/// How much of an unexpected version value a message quotes.
const FOUND_CHARS: usize = 40;

/// Parses a bundle. A byte-order mark at the start is accepted.
pub fn parse_bundle(text: &str) -> Result<Bundle, BundleError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(BundleError::Empty);
    }
    if trimmed.starts_with('<') {
        return Err(BundleError::Html);
    }
    if !trimmed.starts_with('{') {
        // Let the parser report malformed text; well-formed non-objects are a shape error.
        return match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Err(BundleError::NotAnObject),
            Err(err) => Err(syntax_or_shape(err)),
        };
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(syntax_or_shape)?;
    match probe.version.map(|raw| raw.get()) {
        None | Some("null") => return Err(BundleError::MissingVersion),
        Some(found) if found.parse::<u64>() == Ok(BUNDLE_VERSION) => {}
        Some(found) => {
            return Err(BundleError::UnsupportedVersion {
                found: crate::excerpt::cut(found, FOUND_CHARS),
            })
        }
    }
    serde_json::from_str(text).map_err(|err| {
        let message = strip_position(&err.to_string());
        let struct_level = message.starts_with(MISSING_FIELD);
        BundleError::Shape {
            path: path_at(text, err.line(), err.column(), struct_level),
            message,
            line: err.line(),
            column: err.column(),
        }
    })
}

/// How serde words a missing field: reported where its object ends, it belongs to the
/// object.
const MISSING_FIELD: &str = "missing field";

fn syntax_or_shape(err: serde_json::Error) -> BundleError {
    let message = strip_position(&err.to_string());
    if err.is_data() {
        BundleError::Shape {
            path: ".".to_owned(),
            message,
            line: err.line(),
            column: err.column(),
        }
    } else {
        BundleError::Syntax {
            message,
            line: err.line(),
            column: err.column(),
        }
    }
}

/// serde_json appends " at line L column C"; we print the position ourselves. Its
/// nesting limit gets a message that says what it means.
fn strip_position(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => message,
    };
    if message == "recursion limit exceeded" {
        "arrays and objects are nested more than 128 levels deep (recursion limit exceeded)"
            .to_owned()
    } else {
        message.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"version":1,"site":{"title":"T"},"releases":[]}"#;

    #[test]
    fn minimal_bundle_parses() {
        let bundle = parse_bundle(MINIMAL).expect("parses");
        assert_eq!(bundle.site.title, "T");
        assert!(bundle.releases.is_empty());
    }

    #[test]
    fn byte_order_mark_is_accepted() {
        assert!(parse_bundle(&format!("\u{FEFF}{MINIMAL}")).is_ok());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let text = r#"{"version":1,"extra":[1,2],"site":{"title":"T","x":1},
            "releases":[{"id":"a","title":"A","future":{"deep":true}}]}"#;
        let bundle = parse_bundle(text).expect("parses");
        assert_eq!(bundle.releases[0].id, "a");
    }

    #[test]
    fn empty_and_html_are_named() {
        assert_eq!(parse_bundle(""), Err(BundleError::Empty));
        assert_eq!(parse_bundle("  \n"), Err(BundleError::Empty));
        assert_eq!(
            parse_bundle("<!doctype html><title>Not found</title>"),
            Err(BundleError::Html)
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = parse_bundle("{\n  \"version\": 1,\n  \"site\": ").expect_err("truncated");
        match err {
            BundleError::Syntax { line, .. } => assert_eq!(line, 3),
            other => panic!("unexpected {other:?}"),
        }
        let message = parse_bundle("{\"version\": 1,,}")
            .expect_err("bad")
            .to_string();
        assert!(message.contains("line 1, column"), "{message}");
    }

    #[test]
    fn versions() {
        assert_eq!(
            parse_bundle(r#"{"site":{"title":"T"},"releases":[]}"#),
            Err(BundleError::MissingVersion)
        );
        let err = parse_bundle(r#"{"version":2,"site":{"title":"T"}}"#).expect_err("v2");
        assert_eq!(
            err.to_string(),
            "unsupported bundle version 2; this viewer reads version 1"
        );
        assert!(matches!(
            parse_bundle(r#"{"version":"1","site":{}}"#),
            Err(BundleError::UnsupportedVersion { .. })
        ));
        assert_eq!(
            parse_bundle(r#"{"version":null,"site":{}}"#),
            Err(BundleError::MissingVersion)
        );
        let err = parse_bundle(r#"{"version": 1.0 ,"site":{}}"#).expect_err("1.0");
        assert_eq!(
            err.to_string(),
            "unsupported bundle version 1.0; this viewer reads version 1"
        );
    }

    #[test]
    fn wrong_types_name_the_path() {
        let text = r#"{"version":1,"site":{"title":"T"},
            "releases":[{"id":"a"},{"id":"b","tags":"not-a-list"}]}"#;
        match parse_bundle(text) {
            Err(BundleError::Shape { path, line, .. }) => {
                assert_eq!(path, "releases[1].tags");
                assert_eq!(line, 2);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(parse_bundle("[1,2]"), Err(BundleError::NotAnObject));
        assert_eq!(parse_bundle("\"text\""), Err(BundleError::NotAnObject));
        assert!(matches!(
            parse_bundle("nul"),
            Err(BundleError::Syntax { .. })
        ));
    }

    /// The path of a wrong value agrees with `serde_path_to_error`, which tracks it while
    /// parsing, for every field of a release given every wrong type, compact and
    /// pretty-printed.
    #[test]
    fn error_paths_agree_with_a_path_tracking_parser() {
        use serde_json::{json, Value};
        let release = json!({"id": "a", "slug": "a", "title": "T", "published": "2024-01-02",
            "updated": "2024-01-03", "source": {"name": "S", "url": "https://s.example"},
            "summary": "x", "body": "b", "tags": ["t", "u"], "language": "en",
            "attribution": {"name": "N", "url": "https://n.example", "republished": "2024-01-02"}});
        let wrong = [
            json!(7),
            json!("s"),
            json!({"k": [1]}),
            json!([[["deep"]]]),
            json!([1, {}]),
            json!(true),
        ];
        let mut cases = vec![json!({"version": 1}), json!({"version": 1, "site": []})];
        let Value::Object(fields) = &release else {
            unreachable!()
        };
        for (name, value) in fields {
            for bad in &wrong {
                let mut broken = release.clone();
                broken[name] = bad.clone();
                if let (Value::Object(inner), Value::Object(_)) = (value, bad) {
                    if let Some(first) = inner.keys().next() {
                        broken[name] = value.clone();
                        broken[name][first] = bad.clone();
                    }
                }
                let releases = json!([release.clone(), broken]);
                cases.push(json!({"version": 1, "site": {"title": "T"}, "releases": releases}));
            }
        }
        let mut checked = 0;
        for case in cases {
            for text in [
                case.to_string(),
                serde_json::to_string_pretty(&case).unwrap_or_default(),
            ] {
                let mut deserializer = serde_json::Deserializer::from_str(&text);
                let reference = serde_path_to_error::deserialize::<_, Bundle>(&mut deserializer);
                let Err(reference) = reference else { continue };
                match parse_bundle(&text) {
                    Err(BundleError::Shape { path, .. }) => {
                        assert_eq!(path, reference.path().to_string(), "{text}");
                        checked += 1;
                    }
                    other => panic!("{text}: {other:?}"),
                }
            }
        }
        assert!(checked > 100, "only {checked} wrong bundles");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let (open, close) = ("[".repeat(10_000), "]".repeat(10_000));
        // The version probe keeps the value as raw text: no recursion, and the message
        // quotes only its start.
        let deep = format!(r#"{{"version":{open}{close},"site":{{}}}}"#);
        let message = parse_bundle(&deep).expect_err("not a version").to_string();
        assert!(
            message.starts_with(&format!("unsupported bundle version {}…;", "[".repeat(40))),
            "{message}"
        );
        // Where a typed field is expected, the first extra level is a wrong type at a path.
        let deep = format!(
            r#"{{"version":1,"site":{{}},"releases":[{{"id":"a","tags":{open}{close}}}]}}"#
        );
        match parse_bundle(&deep) {
            Err(BundleError::Shape { path, .. }) => assert_eq!(path, "releases[0].tags[0]"),
            other => panic!("unexpected {other:?}"),
        }
        // Unknown fields are skipped without recursion: deep nesting there is harmless.
        let deep = format!(r#"{{"version":1,"site":{{}},"extra":{open}{close}}}"#);
        assert!(parse_bundle(&deep).is_ok());
    }

    #[test]
    fn invalid_utf8_names_the_byte_and_its_position() {
        let mut bytes = b"{\"version\": 1,\n  \"site\": {\"title\": \"caf\xC3\xA9 ".to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b"\"}}");
        let err = parse_bundle_bytes(&bytes).expect_err("invalid UTF-8");
        assert_eq!(
            err,
            BundleError::InvalidUtf8 {
                byte: 0xFF,
                offset: 42,
                line: 2,
                column: 27,
            }
        );
        assert_eq!(
            err.to_string(),
            "the bundle is not valid UTF-8: byte 0xFF at byte offset 42 (line 2, column 27)"
        );
        // A truncated multi-byte sequence at the very end is reported too.
        let err = parse_bundle_bytes(b"{\"a\":\"\xE2\x82").expect_err("cut");
        assert!(matches!(
            err,
            BundleError::InvalidUtf8 {
                offset: 6,
                byte: 0xE2,
                ..
            }
        ));
    }

    #[test]
    fn bytes_with_a_byte_order_mark_parse() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(MINIMAL.as_bytes());
        assert!(parse_bundle_bytes(&bytes).is_ok());
    }
}
