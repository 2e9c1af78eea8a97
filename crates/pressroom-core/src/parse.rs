//! JSON text → [`Bundle`], with errors that say what and where.
//!
//! The version is read first, so a bundle of another version is refused with a clear
//! "unsupported version" message rather than a confusing type error deep inside it.

use serde::Deserialize;
use thiserror::Error;

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

#[derive(Deserialize)]
struct VersionProbe {
    version: Option<serde_json::Value>,
}

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
    match probe.version {
        None | Some(serde_json::Value::Null) => return Err(BundleError::MissingVersion),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(BUNDLE_VERSION) => {}
        Some(other) => {
            return Err(BundleError::UnsupportedVersion {
                found: other.to_string(),
            })
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        BundleError::Shape {
            path,
            message: strip_position(&inner.to_string()),
            line: inner.line(),
            column: inner.column(),
        }
    })
}

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

/// serde_json appends " at line L column C"; we print the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
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

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            r#"{{"version":1,"site":{}{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse_bundle(&deep).is_err());
    }
}
