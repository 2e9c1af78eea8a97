//! `pressroom.toml`: the site settings of a content folder, and defaults for releases.
//!
//! ```toml
//! [site]
//! title = "Riverton press releases"        # required
//! description = "News from the City of Riverton."
//! base_url = "https://example.org/press/"
//! language = "en"
//!
//! [source]                                  # optional: for files that name no source
//! name = "City of Riverton"
//! url = "https://example.org/riverton/news/"
//! ```

use std::path::Path;

use pressroom_core::url_policy::is_http_url;
use pressroom_core::{Site, Source};

use crate::front_matter::{self, Syntax, Value};
use crate::report::Report;
use crate::text_position::Position;

/// The file name looked for in a content folder.
pub const FILE_NAME: &str = "pressroom.toml";

/// What `pressroom.toml` says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteConfig {
    /// The bundle's `site`.
    pub site: Site,
    /// Source fields for releases whose front matter leaves them out (may be empty).
    pub default_source: Source,
}

const EXAMPLE: &str = "[site]\ntitle = \"Riverton press releases\"";

/// Reads `dir/pressroom.toml`; problems go into `report` as errors (and unknown keys as
/// warnings). Returns `None` when the file is missing or unusable.
pub fn load(dir: &Path, report: &mut Report) -> Option<SiteConfig> {
    let path = dir.join(FILE_NAME);
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            report.error(
                name,
                format!(
                    "missing; every content folder needs a {FILE_NAME} with at least:\n    {}",
                    EXAMPLE.replace('\n', "\n    ")
                ),
            );
            return None;
        }
        Err(error) => {
            report.error(name, format!("cannot be read: {error}"));
            return None;
        }
    };
    parse(&text, &name, report)
}

/// Parses the text of a `pressroom.toml` named `name` in messages.
pub fn parse(text: &str, name: &str, report: &mut Report) -> Option<SiteConfig> {
    let fields = match front_matter::parse_toml(text, 0) {
        Ok(fields) => fields,
        Err(error) => {
            report.error(format!("{name}:{}", error.position), error.message);
            return None;
        }
    };
    let at = |path: &[&str]| {
        let position = front_matter::locate(text, Syntax::Toml, path, 0).unwrap_or(Position::START);
        format!("{name}:{position}")
    };
    let mut config = SiteConfig::default();
    let errors_before = report.errors.len();
    let mut saw_site = false;
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("site", Value::Map(entries)) => {
                saw_site = true;
                for (field, value) in entries {
                    let slot = match field.as_str() {
                        "title" => Some(&mut config.site.title),
                        "description" => config.site.description.insert(String::new()).into(),
                        "base_url" => config.site.base_url.insert(String::new()).into(),
                        "language" => config.site.language.insert(String::new()).into(),
                        _ => None,
                    };
                    match (slot, value) {
                        (Some(slot), Value::String(text)) => *slot = text.trim().to_owned(),
                        (Some(_), other) => report.error(
                            at(&["site", &field]),
                            format!("`site.{field}` is {}; expected a string in quotes", other.kind()),
                        ),
                        (None, _) => report.warn(
                            at(&["site", &field]),
                            format!(
                                "unknown setting `site.{field}` ignored; expected title, description, \
                                 base_url or language"
                            ),
                        ),
                    }
                }
            }
            ("source", Value::Map(entries)) => {
                for (field, value) in entries {
                    let slot = match field.as_str() {
                        "name" => Some(&mut config.default_source.name),
                        "url" => Some(&mut config.default_source.url),
                        _ => None,
                    };
                    match (slot, value) {
                        (Some(slot), Value::String(text)) => *slot = text.trim().to_owned(),
                        (Some(_), other) => report.error(
                            at(&["source", &field]),
                            format!(
                                "`source.{field}` is {}; expected a string in quotes",
                                other.kind()
                            ),
                        ),
                        (None, _) => report.warn(
                            at(&["source", &field]),
                            format!(
                                "unknown setting `source.{field}` ignored; expected name or url"
                            ),
                        ),
                    }
                }
            }
            ("site" | "source", other) => report.error(
                at(&[&key]),
                format!(
                    "`{key}` is {}; expected a table: a line `[{key}]` and its settings",
                    other.kind()
                ),
            ),
            (_, _) => report.warn(
                at(&[&key]),
                format!("unknown setting `{key}` ignored; expected the tables [site] and [source]"),
            ),
        }
    }
    // Empty optional strings mean "not set".
    for optional in [
        &mut config.site.description,
        &mut config.site.base_url,
        &mut config.site.language,
    ] {
        if optional.as_deref().is_some_and(str::is_empty) {
            *optional = None;
        }
    }
    if !saw_site || config.site.title.is_empty() {
        report.error(
            at(&["site", "title"]),
            format!(
                "`site.title` is missing; expected e.g.\n    {}",
                EXAMPLE.replace('\n', "\n    ")
            ),
        );
    }
    if let Some(base) = &config.site.base_url {
        if !is_http_url(base) {
            report.error(
                at(&["site", "base_url"]),
                format!("`site.base_url` {base:?} is not an http(s) URL; expected e.g. \"https://example.org/press/\""),
            );
        }
    }
    if !config.default_source.url.is_empty() && !is_http_url(&config.default_source.url) {
        report.error(
            at(&["source", "url"]),
            format!(
                "`source.url` {:?} is not an http(s) URL",
                config.default_source.url
            ),
        );
    }
    (report.errors.len() == errors_before).then_some(config)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_is_read() {
        let mut report = Report::default();
        let config = parse(
            "[site]\ntitle = 'T'\nbase_url = 'https://example.org/p/'\n[source]\nname = 'N'\nurl = 'https://example.org/'\n",
            "pressroom.toml",
            &mut report,
        )
        .expect("valid");
        assert_eq!(config.site.title, "T");
        assert_eq!(
            config.site.base_url.as_deref(),
            Some("https://example.org/p/")
        );
        assert_eq!(config.site.description, None);
        assert_eq!(config.default_source.name, "N");
        assert!(report.is_ok());
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let mut report = Report::default();
        let config = parse(
            "colour = 'red'\n[site]\ndescription = 3\nbase_url = 'ftp://x'\n",
            "p.toml",
            &mut report,
        );
        assert!(config.is_none());
        let errors: Vec<String> = report
            .errors
            .iter()
            .map(|n| format!("{}: {}", n.location, n.message))
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].starts_with("p.toml:3:15: `site.description` is a number"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("p.toml:2:1: `site.title` is missing"),
            "{errors:?}"
        );
        assert!(errors[2].contains("ftp://x"), "{errors:?}");
        assert_eq!(report.warnings.len(), 1);
    }
}
