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
    let at = Locator { text, name };
    let mut config = SiteConfig::default();
    let errors_before = report.errors.len();
    let mut saw_site = false;
    for (key, value) in fields {
        saw_site |= key == "site" && matches!(value, Value::Map(_));
        read_table(&mut config, &key, value, &at, report);
    }
    clear_empty(&mut config.site);
    check(&config, saw_site, &at, report);
    (report.errors.len() == errors_before).then_some(config)
}

/// Turns a key path into `name:line:column` for messages.
struct Locator<'a> {
    /// The file's text.
    text: &'a str,
    /// The file's name.
    name: &'a str,
}

impl Locator<'_> {
    /// Where `path` is written, or the start of the file.
    fn at(&self, path: &[&str]) -> String {
        let position =
            front_matter::locate(self.text, Syntax::Toml, path, 0).unwrap_or(Position::START);
        format!("{}:{position}", self.name)
    }
}

/// One top-level entry: the tables `[site]` and `[source]`; anything else is reported.
fn read_table(
    config: &mut SiteConfig,
    key: &str,
    value: Value,
    at: &Locator<'_>,
    report: &mut Report,
) {
    match (key, value) {
        ("site", Value::Map(entries)) => read_site(&mut config.site, entries, at, report),
        ("source", Value::Map(entries)) => {
            read_source(&mut config.default_source, entries, at, report);
        }
        ("site" | "source", other) => report.error(
            at.at(&[key]),
            format!(
                "`{key}` is {}; expected a table: a line `[{key}]` and its settings",
                other.kind()
            ),
        ),
        (_, _) => report.warn(
            at.at(&[key]),
            format!("unknown setting `{key}` ignored; expected the tables [site] and [source]"),
        ),
    }
}

/// The settings of `[site]`.
fn read_site(
    site: &mut Site,
    entries: Vec<(String, Value)>,
    at: &Locator<'_>,
    report: &mut Report,
) {
    for (field, value) in entries {
        let slot = match field.as_str() {
            "title" => Some(&mut site.title),
            "description" => site.description.insert(String::new()).into(),
            "base_url" => site.base_url.insert(String::new()).into(),
            "language" => site.language.insert(String::new()).into(),
            _ => None,
        };
        let known = "title, description, base_url or language";
        store(slot, value, ["site", &field], known, at, report);
    }
}

/// The settings of `[source]`.
fn read_source(
    source: &mut Source,
    entries: Vec<(String, Value)>,
    at: &Locator<'_>,
    report: &mut Report,
) {
    for (field, value) in entries {
        let slot = match field.as_str() {
            "name" => Some(&mut source.name),
            "url" => Some(&mut source.url),
            _ => None,
        };
        store(slot, value, ["source", &field], "name or url", at, report);
    }
}

/// Stores the string setting `table.field` in `slot`; a value of another kind is an
/// error, and a setting with no slot is unknown (a warning naming the `known` ones).
fn store(
    slot: Option<&mut String>,
    value: Value,
    [table, field]: [&str; 2],
    known: &str,
    at: &Locator<'_>,
    report: &mut Report,
) {
    match (slot, value) {
        (Some(slot), Value::String(text)) => *slot = text.trim().to_owned(),
        (Some(_), other) => report.error(
            at.at(&[table, field]),
            format!(
                "`{table}.{field}` is {}; expected a string in quotes",
                other.kind()
            ),
        ),
        (None, _) => report.warn(
            at.at(&[table, field]),
            format!("unknown setting `{table}.{field}` ignored; expected {known}"),
        ),
    }
}

/// Empty optional strings mean "not set".
fn clear_empty(site: &mut Site) {
    for optional in [
        &mut site.description,
        &mut site.base_url,
        &mut site.language,
    ] {
        if optional.as_deref().is_some_and(str::is_empty) {
            *optional = None;
        }
    }
}

/// The checks on the whole file: a title, and http(s) URLs.
fn check(config: &SiteConfig, saw_site: bool, at: &Locator<'_>, report: &mut Report) {
    if !saw_site || config.site.title.is_empty() {
        report.error(
            at.at(&["site", "title"]),
            format!(
                "`site.title` is missing; expected e.g.\n    {}",
                EXAMPLE.replace('\n', "\n    ")
            ),
        );
    }
    if let Some(base) = &config.site.base_url {
        if !is_http_url(base) {
            report.error(
                at.at(&["site", "base_url"]),
                format!("`site.base_url` {base:?} is not an http(s) URL; expected e.g. \"https://example.org/press/\""),
            );
        }
    }
    if !config.default_source.url.is_empty() && !is_http_url(&config.default_source.url) {
        report.error(
            at.at(&["source", "url"]),
            format!(
                "`source.url` {:?} is not an http(s) URL",
                config.default_source.url
            ),
        );
    }
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
