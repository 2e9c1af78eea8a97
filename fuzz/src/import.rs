//! The `pressroom import` targets: arbitrary bytes → [`import_bytes`] with the format given
//! (and once more detected), then properties that hold for any input.
//!
//! - It never panics, not even while formatting its error or its report.
//! - A forced format is the format read.
//! - Every release it outputs is valid, renders, and the bundle reads back from its JSON
//!   ([`super::assert_bundle_usable`]); the site has a title.
//! - Every input item is accounted for: it is a release, merged into one with its id, or
//!   reported as skipped.

use std::collections::HashSet;

use pressroom_cli::dates::parse_lenient;
use pressroom_cli::import::{import_bytes, Format, ImportOptions, Imported};
use url::Url;

use super::assert_bundle_usable;

/// What the merge warning of a duplicate id says (`pressroom_cli::import`).
const MERGED: &str = "has the same id as";

/// The `import_jsonfeed` target; returns the number of releases imported.
pub fn check_jsonfeed(data: &[u8]) -> usize {
    check_import(data, Format::JsonFeed)
}

/// The `import_rss_atom` target (RSS and Atom go through the same reader); returns the
/// number of releases imported.
pub fn check_rss_atom(data: &[u8]) -> usize {
    let format = if data.len().is_multiple_of(2) {
        Format::Rss
    } else {
        Format::Atom
    };
    check_import(data, format)
}

/// The `import_wxr` target; returns the number of releases imported.
pub fn check_wxr(data: &[u8]) -> usize {
    check_import(data, Format::Wxr)
}

/// The `import_wp_rest` target; returns the number of releases imported.
pub fn check_wp_rest(data: &[u8]) -> usize {
    check_import(data, Format::WpRest)
}

/// Imports `data` as `format`, then with the format detected, and checks each outcome.
/// Returns the number of releases imported (both times), which tells the native test how
/// much of its input got past the parsers.
pub fn check_import(data: &[u8], format: Format) -> usize {
    let mut releases = 0;
    for format in [Some(format), None] {
        let options = options(format, data);
        match import_bytes(data, "fuzz input", &options) {
            Ok(imported) => {
                assert_imported(&imported, format);
                releases += imported.bundle.releases.len();
            }
            Err(error) => {
                let message = format!("{error:#}");
                assert!(!message.is_empty(), "an empty error message");
            }
        }
    }
    releases
}

/// Options for `data`: each option is on for some inputs and off for others (decided by
/// the length, so a given input is always imported the same way).
fn options(format: Option<Format>, data: &[u8]) -> ImportOptions {
    let base_url = data
        .len()
        .is_multiple_of(3)
        .then(|| Url::parse("https://example.org/news/feed.xml").ok())
        .flatten();
    ImportOptions {
        format,
        base_url,
        include_pages: !data.len().is_multiple_of(2),
        // Mostly fixed, so an input imports the same every time; now and then the time of
        // the import, which is the last fallback.
        fallback_date: (!data.len().is_multiple_of(5))
            .then(|| parse_lenient("2024-01-01"))
            .flatten(),
        ..ImportOptions::default()
    }
}

/// The properties of a successful import.
pub fn assert_imported(imported: &Imported, format: Option<Format>) {
    if let Some(format) = format {
        assert_eq!(
            imported.format, format,
            "the format read is not the one given"
        );
    }
    let report = &imported.report;
    assert_eq!(report.releases, imported.bundle.releases.len());
    let _ = report.details(true);
    let _ = report.summary("imported", "items");
    assert_bundle_usable(&imported.bundle, true);
    assert_accounted(imported);
}

/// Every input item is a release, a duplicate merged into one, or skipped (an item may be
/// skipped for several problems, each a note at its label).
fn assert_accounted(imported: &Imported) {
    let report = &imported.report;
    let skipped: HashSet<&str> = report
        .skipped
        .iter()
        .map(|note| note.location.as_str())
        .collect();
    let merged = report
        .warnings
        .iter()
        .filter(|note| note.message.starts_with(MERGED))
        .count();
    assert_eq!(
        imported.bundle.releases.len() + merged + skipped.len(),
        report.inputs,
        "items unaccounted for: {report:?}"
    );
}
