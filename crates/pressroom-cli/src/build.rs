//! `pressroom build`: a folder of Markdown files → a bundle.
//!
//! One release per `.md` / `.markdown` file, found recursively; files and folders whose
//! names start with `.` or `_` are left out (Hugo's `_index.md`, editor backups). Each
//! file starts with YAML (`---`) or TOML (`+++`) front matter:
//!
//! | key | meaning |
//! |:--|:--|
//! | `title` | headline (else a leading `# Heading` of the text is used) |
//! | `date` (or `published`) | RFC 3339 date or date-time |
//! | `updated` (or `lastmod`) | optional RFC 3339 date or date-time |
//! | `source` | `{name, url}`, or just the name; missing parts come from `[source]` in `pressroom.toml` |
//! | `tags` | a list of strings (or one string) |
//! | `summary`, `slug`, `id`, `language` | as in the bundle format |
//! | `attribution` | `{name, url, republished}` |
//! | `draft` | `true` leaves the file out |
//!
//! The id is the file's path without its extension (`2024/library-hours`) unless `id` is
//! given. The slug is `slug` if given; else the viewer derives it from the title, and when
//! the title gives none, it is made from the file name.
//!
//! Every problem of every file is collected (syntax, types, then the core's validation,
//! mapped back to file, line and column), so one run shows them all. Files are read on all
//! cores.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use pressroom_core::model::BUNDLE_VERSION;
use pressroom_core::slug::slugify;
use pressroom_core::validate::{validate, ProblemKind};
use pressroom_core::{Attribution, Bundle, Release};

use crate::front_matter::{self, FrontMatterError, Syntax, Value};
use crate::input::{read_limited, DEFAULT_MAX_BYTES};
use crate::progress;
use crate::report::{Note, Report};
use crate::site_config::{self, SiteConfig};
use crate::text_position::Position;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Largest Markdown file read.
    pub max_file_bytes: u64,
    /// Draw a progress bar (only when stderr is a terminal).
    pub progress: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_BYTES,
            progress: false,
        }
    }
}

/// A built bundle and the report of the build. The bundle is complete only when
/// `report.is_ok()`; with errors it holds the releases that could be read.
#[derive(Debug, Clone)]
pub struct Built {
    /// The bundle.
    pub bundle: Bundle,
    /// What happened, and every problem found.
    pub report: Report,
}

/// Builds the bundle of a content folder with default options (no progress bar): the
/// entry point for `cargo xtask serve` and tests.
pub fn build_bundle(dir: &Path) -> Result<Built> {
    build_bundle_with(dir, &BuildOptions::default())
}

/// Builds the bundle of a content folder. `Err` only when the folder itself cannot be
/// read; problems in files are in the report.
pub fn build_bundle_with(dir: &Path, options: &BuildOptions) -> Result<Built> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder; expected a folder of Markdown files",
            dir.display()
        );
    }
    let mut report = Report::default();
    let config = site_config::load(dir, &mut report);
    let files = find_markdown(dir)?;
    report.inputs = files.len();
    if files.is_empty() {
        report.warn(
            dir.display().to_string(),
            "no Markdown files (*.md) found; the bundle has no releases",
        );
    }
    let defaults = config.clone().unwrap_or_default();
    let bar = progress::bar(files.len() as u64, options.progress, "files");
    bar.set_message("building");
    let outcomes = read_all(dir, &files, &defaults, options.max_file_bytes, &bar);
    bar.finish_and_clear();

    let mut releases = Vec::new();
    let mut origins = Vec::new();
    for outcome in outcomes {
        report.errors.extend(outcome.errors);
        report.warnings.extend(outcome.warnings);
        report.changed.extend(outcome.changed);
        report.skipped.extend(outcome.skipped);
        if let Some((release, origin)) = outcome.release {
            releases.push(release);
            origins.push(origin);
        }
    }
    let bundle = Bundle {
        version: BUNDLE_VERSION,
        site: defaults.site,
        releases,
    };
    for problem in validate(&bundle) {
        let Some(origin) = origins.get(problem.position - 1) else {
            continue;
        };
        let (position, message) = describe_problem(origin, &origins, problem.field, &problem.kind);
        report.error(format!("{}:{position}", origin.location), message);
    }
    report
        .errors
        .sort_by_cached_key(|note| location_key(&note.location));
    report.releases = bundle.releases.len();
    Ok(Built { bundle, report })
}

/// `a/b.md:12:3` → (`a/b.md`, 12, 3), for sorting problems by file and place.
fn location_key(location: &str) -> (String, usize, usize) {
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    match (parts.next(), line, column) {
        (Some(file), Some(line), Some(column)) => (file.to_owned(), line, column),
        _ => (location.to_owned(), 0, 0),
    }
}

/// Markdown files under `dir`, sorted by path, as paths relative to `dir`.
fn find_markdown(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let absolute = dir.join(&relative);
        let entries = std::fs::read_dir(&absolute)
            .map_err(|e| anyhow::anyhow!("cannot list {}: {e}", absolute.display()))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| anyhow::anyhow!("cannot list {}: {e}", absolute.display()))?;
            let name = entry.file_name();
            let name_text = name.to_string_lossy();
            if name_text.starts_with('.') || name_text.starts_with('_') {
                continue;
            }
            let path = relative.join(&name);
            // Do not follow symbolic links to folders (no loops); links to files are read.
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                pending.push(path);
            } else if is_markdown(&path) && dir.join(&path).is_file() {
                found.push(path);
            }
        }
    }
    found.sort_by_key(|p| slash_path(p));
    Ok(found)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A relative path with `/` separators, whatever the platform.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Where a release came from, to point problems at the right place.
#[derive(Debug, Clone)]
struct Origin {
    location: String,
    front_matter: String,
    syntax: Syntax,
    body_line: usize,
    date_key: &'static str,
    updated_key: &'static str,
    source_given: bool,
}

#[derive(Debug, Default)]
struct FileOutcome {
    release: Option<(Release, Origin)>,
    errors: Vec<Note>,
    warnings: Vec<Note>,
    changed: Vec<Note>,
    skipped: Vec<Note>,
}

fn read_all(
    dir: &Path,
    files: &[PathBuf],
    defaults: &SiteConfig,
    max: u64,
    bar: &indicatif::ProgressBar,
) -> Vec<FileOutcome> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || files.len() < 64 {
        return files
            .iter()
            .map(|f| {
                let outcome = read_file(dir, f, defaults, max);
                bar.inc(1);
                outcome
            })
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| {
                            let outcome = read_file(dir, f, defaults, max);
                            bar.inc(1);
                            outcome
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(files.len());
        for (handle, part) in handles.into_iter().zip(files.chunks(chunk)) {
            match handle.join() {
                Ok(outcomes) => all.extend(outcomes),
                Err(_) => {
                    // A panic in a reader is a bug; report it per file rather than crash.
                    for file in part {
                        all.push(FileOutcome {
                            errors: vec![Note::new(
                                slash_path(file),
                                "internal error while reading this file (please report it)",
                            )],
                            ..FileOutcome::default()
                        });
                    }
                }
            }
        }
        all
    })
}

fn read_file(dir: &Path, relative: &Path, defaults: &SiteConfig, max: u64) -> FileOutcome {
    let location = slash_path(relative);
    let mut outcome = FileOutcome::default();
    let bytes = match read_limited(&dir.join(relative), max) {
        Ok(bytes) => bytes,
        Err(error) => {
            outcome
                .errors
                .push(Note::new(&location, format!("{error:#}")));
            return outcome;
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = Position::of_byte_offset(&bytes, error.valid_up_to());
            let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
            outcome.errors.push(Note::new(
                format!("{location}:{at}"),
                format!("byte 0x{byte:02X} is not UTF-8; expected the file to be saved as UTF-8"),
            ));
            return outcome;
        }
    };
    let fail = |outcome: &mut FileOutcome, error: FrontMatterError| {
        outcome.errors.push(Note::new(
            format!("{location}:{}", error.position),
            error.message,
        ));
    };
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(error) => {
            fail(&mut outcome, error);
            return outcome;
        }
    };
    let fields = match front_matter::parse(&split) {
        Ok(fields) => fields,
        Err(error) => {
            fail(&mut outcome, error);
            return outcome;
        }
    };
    let mut reader = Fields {
        text: split.front_matter,
        syntax: split.syntax,
        location: &location,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut release = Release {
        id: relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        ..Release::default()
    };
    let mut origin = Origin {
        location: location.clone(),
        front_matter: split.front_matter.to_owned(),
        syntax: split.syntax,
        body_line: split.body_line,
        date_key: "date",
        updated_key: "updated",
        source_given: false,
    };
    let mut draft = false;
    let mut seen_date: Option<&'static str> = None;
    let mut seen_updated: Option<&'static str> = None;
    for (key, value) in &fields {
        match key.as_str() {
            "title" => release.title = reader.text_of(key, value).unwrap_or_default(),
            "date" | "published" => {
                let key: &'static str = if key == "date" { "date" } else { "published" };
                if let Some(other) = seen_date.replace(key) {
                    reader.error(
                        &[key],
                        format!("both `{other}` and `{key}` are given; keep one"),
                    );
                }
                origin.date_key = key;
                release.published = reader.text_of(key, value).unwrap_or_default();
            }
            "updated" | "lastmod" => {
                let key: &'static str = if key == "updated" {
                    "updated"
                } else {
                    "lastmod"
                };
                if let Some(other) = seen_updated.replace(key) {
                    reader.error(
                        &[key],
                        format!("both `{other}` and `{key}` are given; keep one"),
                    );
                }
                origin.updated_key = key;
                release.updated = reader.text_of(key, value).filter(|s| !s.is_empty());
            }
            "source" => {
                origin.source_given = true;
                match value {
                    Value::Map(entries) => {
                        for (field, value) in entries {
                            match field.as_str() {
                                "name" => release.source.name = reader.text_of("source.name", value).unwrap_or_default(),
                                "url" => release.source.url = reader.text_of("source.url", value).unwrap_or_default(),
                                other => reader.warn(
                                    &["source", other],
                                    format!("unknown key `source.{other}` ignored; expected name and url"),
                                ),
                            }
                        }
                    }
                    Value::Null => {}
                    other => match other.as_text() {
                        Some(name) => release.source.name = name.trim().to_owned(),
                        None => reader.error(
                            &["source"],
                            format!(
                                "`source` is {}; expected `source: {{name: \"…\", url: \"https://…\"}}` or just the name",
                                other.kind()
                            ),
                        ),
                    },
                }
            }
            "tags" => release.tags = reader.tags(value),
            "summary" => release.summary = reader.text_of(key, value).filter(|s| !s.is_empty()),
            "slug" => release.slug = reader.text_of(key, value).filter(|s| !s.is_empty()),
            "id" => {
                if let Some(id) = reader.text_of(key, value) {
                    release.id = id;
                }
            }
            "language" => release.language = reader.text_of(key, value).filter(|s| !s.is_empty()),
            "attribution" => release.attribution = reader.attribution(value),
            "draft" => match value {
                Value::Bool(b) => draft = *b,
                other => reader.error(
                    &["draft"],
                    format!("`draft` is {}; expected true or false", other.kind()),
                ),
            },
            other => reader.warn(
                &[other],
                format!(
                    "unknown key `{other}` ignored; expected title, date, updated, source, tags, \
                     summary, slug, id, language, attribution or draft"
                ),
            ),
        }
    }
    outcome.errors.append(&mut reader.errors);
    outcome.warnings.append(&mut reader.warnings);
    if draft {
        outcome.skipped.push(Note::new(&location, "`draft: true`"));
        outcome.errors.clear();
        return outcome;
    }
    if release.source.name.is_empty() {
        release
            .source
            .name
            .clone_from(&defaults.default_source.name);
    }
    if release.source.url.is_empty() {
        release.source.url.clone_from(&defaults.default_source.url);
    }
    let mut body = split.body.trim();
    if release.title.trim().is_empty() {
        if let Some((heading, rest)) = leading_heading(body) {
            release.title = heading.to_owned();
            body = rest.trim();
            outcome.changed.push(Note::new(
                &location,
                "no `title`; used the first `# heading` of the text",
            ));
        }
    }
    release.body = body.to_owned();
    if release.slug.is_none() && slugify(&release.title).is_empty() {
        let from_name = relative
            .file_stem()
            .map(|s| slugify(&s.to_string_lossy()))
            .unwrap_or_default();
        if !from_name.is_empty() {
            release.slug = Some(from_name);
        }
    }
    outcome.release = Some((release, origin));
    outcome
}

/// A `# Heading` on the first non-blank line, and the text after it.
fn leading_heading(body: &str) -> Option<(&str, &str)> {
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let heading = first
        .trim_end()
        .strip_prefix("# ")?
        .trim()
        .trim_end_matches('#')
        .trim();
    (!heading.is_empty()).then_some((heading, rest))
}

/// Reads typed values from front matter, collecting errors with positions.
struct Fields<'a> {
    text: &'a str,
    syntax: Syntax,
    location: &'a str,
    errors: Vec<Note>,
    warnings: Vec<Note>,
}

impl Fields<'_> {
    fn at(&self, path: &[&str]) -> String {
        let position = front_matter::locate(self.text, self.syntax, path, 1)
            .unwrap_or(Position { line: 2, column: 1 });
        format!("{}:{position}", self.location)
    }

    fn error(&mut self, path: &[&str], message: String) {
        let at = self.at(path);
        self.errors.push(Note::new(at, message));
    }

    fn warn(&mut self, path: &[&str], message: String) {
        let at = self.at(path);
        self.warnings.push(Note::new(at, message));
    }

    /// A scalar as trimmed text; `None` (and an error) for lists and tables.
    fn text_of(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::Null => Some(String::new()),
            Value::List(_) | Value::Map(_) => {
                let path: Vec<&str> = key.split('.').collect();
                self.error(
                    &path,
                    format!(
                        "`{key}` is {}; expected a single value such as `{key}: …`",
                        value.kind()
                    ),
                );
                None
            }
            scalar => scalar.as_text().map(|s| s.trim().to_owned()),
        }
    }

    fn tags(&mut self, value: &Value) -> Vec<String> {
        let items: Vec<&Value> = match value {
            Value::Null => return Vec::new(),
            Value::List(items) => items.iter().collect(),
            scalar @ (Value::String(_) | Value::Number(_)) => vec![scalar],
            other => {
                self.error(
                    &["tags"],
                    format!(
                        "`tags` is {}; expected a list such as `tags: [parks, budget]`",
                        other.kind()
                    ),
                );
                return Vec::new();
            }
        };
        let mut tags: Vec<String> = Vec::new();
        for item in items {
            match item.as_text() {
                Some(tag) if !tag.trim().is_empty() => {
                    let tag = tag.trim().to_owned();
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
                Some(_) => {}
                None => self.error(
                    &["tags"],
                    format!(
                        "a tag is {}; expected each tag to be a word or phrase",
                        item.kind()
                    ),
                ),
            }
        }
        tags
    }

    fn attribution(&mut self, value: &Value) -> Option<Attribution> {
        match value {
            Value::Null => None,
            Value::Map(entries) => {
                let mut attribution = Attribution::default();
                for (field, value) in entries {
                    match field.as_str() {
                        "name" => attribution.name = self.text_of("attribution.name", value).unwrap_or_default(),
                        "url" => attribution.url = self.text_of("attribution.url", value).filter(|s| !s.is_empty()),
                        "republished" => {
                            attribution.republished = self.text_of("attribution.republished", value).filter(|s| !s.is_empty())
                        }
                        other => self.warn(
                            &["attribution", other],
                            format!("unknown key `attribution.{other}` ignored; expected name, url and republished"),
                        ),
                    }
                }
                Some(attribution)
            }
            other => match other.as_text() {
                Some(name) => Some(Attribution {
                    name: name.trim().to_owned(),
                    ..Attribution::default()
                }),
                None => {
                    self.error(
                        &["attribution"],
                        format!(
                            "`attribution` is {}; expected `{{name, url, republished}}`",
                            other.kind()
                        ),
                    );
                    None
                }
            },
        }
    }
}

/// Maps a problem from the core's validation back to the file, with a message that says
/// what is expected.
fn describe_problem(
    origin: &Origin,
    all: &[Origin],
    field: &str,
    kind: &ProblemKind,
) -> (Position, String) {
    let key: String = match field {
        "published" => origin.date_key.to_owned(),
        "updated" => origin.updated_key.to_owned(),
        other => other.to_owned(),
    };
    let path: Vec<&str> = key.split('.').collect();
    let located = front_matter::locate(&origin.front_matter, origin.syntax, &path, 1);
    let position = match field {
        "body" => Position {
            line: origin.body_line,
            column: 1,
        },
        _ => located.unwrap_or(Position::START),
    };
    let message = match kind {
        ProblemKind::Missing => missing_message(origin, field, &key),
        ProblemKind::DuplicateId(first) => format!(
            "the id is also used by {}; give one of them another `id`",
            all.get(first - 1)
                .map_or("another file", |o| o.location.as_str())
        ),
        ProblemKind::DuplicateSlug(first) => format!(
            "the slug is also used by {}; give one of them another `slug`",
            all.get(first - 1)
                .map_or("another file", |o| o.location.as_str())
        ),
        other => format!("`{key}`: {other}"),
    };
    (position, message)
}

fn missing_message(origin: &Origin, field: &str, key: &str) -> String {
    let source_hint = if origin.source_given {
        ""
    } else {
        " (or a [source] default in pressroom.toml)"
    };
    match field {
        "title" => "`title` is missing; expected e.g. `title: Library extends weekend hours`, or a `# Heading` as the first line of the text".to_owned(),
        "published" => format!("`{key}` is missing; expected an RFC 3339 date such as `{key}: 2024-06-01` or `{key}: 2024-06-01T09:30:00-05:00`"),
        "body" => "the text after the front matter is empty; expected the release in Markdown".to_owned(),
        "source.name" => format!("the source's name is missing; expected `source: {{name: \"City of Riverton\", url: \"https://…\"}}`{source_hint}"),
        "source.url" => format!("the source's URL is missing; expected `source: {{name: \"…\", url: \"https://example.org/news/…\"}}`{source_hint}"),
        "id" => "`id` is empty; leave it out to use the file's path, or give a value".to_owned(),
        "attribution.name" => "`attribution` has no name; expected `attribution: {name: \"…\", url: \"https://…\"}`".to_owned(),
        _ => format!("`{key}` is missing or empty"),
    }
}
