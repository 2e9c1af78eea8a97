//! The `front_matter` target: arbitrary bytes as Markdown files with front matter →
//! [`build_from_memory`] (the reader and validation of `pressroom build`), and the
//! front matter functions on their own. Properties that hold for any input:
//!
//! - It never panics.
//! - The report counts every file and every release; each release with a problem of the
//!   core's validation has an error in the report (one per problem, at least).
//! - Every note names one of the files, and a line and column in it (1-based, at most one
//!   line past the end; a lone `\r` counts as a line break, as in YAML).
//! - Every body renders to allowlisted HTML and the bundle reads back from its JSON; a
//!   bundle built without errors is valid ([`super::assert_bundle_usable`]).
//! - Where [`locate`] finds a key of the front matter, the place is in the file.

use std::path::Path;

use pressroom_cli::build::{build_from_memory, Built};
use pressroom_cli::front_matter::{locate, parse, split, Value};
use pressroom_cli::site_config::SiteConfig;
use pressroom_cli::text_position::Position;
use pressroom_core::validate::validate;
use pressroom_core::{Site, Source};

use super::assert_bundle_usable;

/// The `front_matter` target; returns the number of releases built without errors.
pub fn check_front_matter(data: &[u8]) -> usize {
    let with_source = config(Source {
        name: "Fuzz desk".to_owned(),
        url: "https://example.org/news/".to_owned(),
    });
    let mut releases = check_build(&[(Path::new("news/fuzz.md"), data)], &with_source);
    // Two files with the same default id (`news/a`): the first byte picks where the input
    // is cut in two, so problems are mapped back to the right file.
    let cut = data
        .first()
        .map_or(0, |&b| usize::from(b) * data.len() / 256)
        .min(data.len());
    let (first, second) = data.split_at(cut);
    let files = [
        (Path::new("news/a.md"), first),
        (Path::new("news/a.markdown"), second),
    ];
    releases += check_build(&files, &config(Source::default()));
    if let Ok(text) = std::str::from_utf8(data) {
        check_locate(text);
    }
    releases
}

fn config(default_source: Source) -> SiteConfig {
    SiteConfig {
        site: Site {
            title: "Fuzz releases".to_owned(),
            ..Site::default()
        },
        default_source,
    }
}

/// Builds the files and checks the report and the bundle; returns the number of releases
/// when the build has no errors, else 0.
pub fn check_build(files: &[(&Path, &[u8])], config: &SiteConfig) -> usize {
    let Built { bundle, report } = build_from_memory(files, config);
    assert_eq!(report.inputs, files.len());
    assert_eq!(report.releases, bundle.releases.len());
    assert!(
        bundle.releases.len() <= files.len(),
        "more releases than files"
    );
    let problems = validate(&bundle);
    assert!(
        report.errors.len() >= problems.len(),
        "problems not reported: {problems:?} {report:?}"
    );
    let notes = report
        .errors
        .iter()
        .chain(&report.warnings)
        .chain(&report.changed)
        .chain(&report.skipped);
    for note in notes {
        assert_located(&note.location, files);
    }
    let _ = report.details(true);
    let _ = report.summary("built", "files");
    assert_bundle_usable(&bundle, report.is_ok());
    if report.is_ok() {
        bundle.releases.len()
    } else {
        0
    }
}

/// A note's location is `path` or `path:line:column` of one of the files, in the file.
fn assert_located(location: &str, files: &[(&Path, &[u8])]) {
    let found = files.iter().find_map(|(path, bytes)| {
        let path = path.to_string_lossy();
        let rest = location.strip_prefix(path.as_ref())?;
        (rest.is_empty() || rest.starts_with(':')).then_some((rest, *bytes))
    });
    let Some((rest, bytes)) = found else {
        panic!("the note at {location:?} names no file");
    };
    let Some(place) = rest.strip_prefix(':') else {
        return;
    };
    let (line, column) = place
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
        .unwrap_or_else(|| panic!("the note at {location:?} has no line and column"));
    let lines = line_count(bytes);
    assert!(
        line >= 1 && column >= 1 && line <= lines + 1,
        "{location:?} is not in a file of {lines} lines"
    );
}

/// Every key [`parse`] reads, and every key of a table, is either not found by [`locate`]
/// or found in the file.
fn check_locate(text: &str) {
    let Ok(found) = split(text) else {
        return;
    };
    let Ok(fields) = parse(&found) else {
        return;
    };
    let lines = line_count(text.as_bytes());
    let in_file = |path: &[&str]| {
        if let Some(Position { line, column }) = locate(found.front_matter, found.syntax, path, 1) {
            assert!(
                line >= 1 && column >= 1 && line <= lines + 1,
                "{path:?} located at {line}:{column}, outside a file of {lines} lines"
            );
        }
    };
    for (key, value) in &fields {
        in_file(&[key.as_str()]);
        if let Value::Map(entries) = value {
            for (field, _) in entries {
                in_file(&[key.as_str(), field.as_str()]);
            }
        }
    }
}

/// Lines of a file, with YAML's line breaks: `\n`, `\r\n` and a lone `\r` (an editor shows
/// old Mac files so too).
fn line_count(bytes: &[u8]) -> usize {
    let lone_returns = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    1 + lone_returns + bytes.iter().filter(|&&b| b == b'\n').count()
}
