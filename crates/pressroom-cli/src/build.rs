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
//! cores. The steps: [`build_bundle_with`] finds and reads the files, each file's bytes go
//! through `read_source` (UTF-8 and front matter, then one `Fields` method per key, then
//! what the front matter leaves out), and `assemble` validates the bundle and maps its
//! problems back. [`build_from_memory`] runs the same steps on files already in memory.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use pressroom_core::model::BUNDLE_VERSION;
use pressroom_core::slug::slugify;
use pressroom_core::validate::{validate, ProblemKind};
use pressroom_core::{Attribution, Bundle, Release, Site, Source};

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

    Ok(assemble(outcomes, defaults.site, report))
}

/// Builds a bundle from Markdown files already in memory, as [`build_bundle_with`] does
/// from a folder: `files` are (path relative to the content folder, bytes) and `config`
/// is what `pressroom.toml` says. Each file goes through the same reader, and the bundle
/// through the same validation, as a folder's files; nothing is read from disk. For the
/// fuzz targets and tests.
pub fn build_from_memory(files: &[(&Path, &[u8])], config: &SiteConfig) -> Built {
    let report = Report {
        inputs: files.len(),
        ..Report::default()
    };
    let outcomes = files
        .iter()
        .map(|(relative, bytes)| read_source(relative, bytes, config))
        .collect();
    assemble(outcomes, config.site.clone(), report)
}

/// The bundle of the files' releases, with every file's notes in the report and every
/// problem of the core's validation mapped back to its file, line and column.
fn assemble(outcomes: Vec<FileOutcome>, site: Site, mut report: Report) -> Built {
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
        site,
        releases,
    };
    for problem in validate(&bundle) {
        let Some(origin) = problem
            .position
            .checked_sub(1)
            .and_then(|index| origins.get(index))
        else {
            continue;
        };
        let (position, message) = describe_problem(origin, &origins, problem.field, &problem.kind);
        report.error(format!("{}:{position}", origin.location), message);
    }
    report
        .errors
        .sort_by_cached_key(|note| location_key(&note.location));
    report.releases = bundle.releases.len();
    Built { bundle, report }
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

/// What reading one file gave: its release (with where it came from), and its notes.
#[derive(Debug, Default)]
struct FileOutcome {
    release: Option<(Release, Origin)>,
    errors: Vec<Note>,
    warnings: Vec<Note>,
    changed: Vec<Note>,
    skipped: Vec<Note>,
}

impl FileOutcome {
    /// A file that gives no release, and why.
    fn failed(error: Note) -> Self {
        FileOutcome {
            errors: vec![error],
            ..FileOutcome::default()
        }
    }
}

/// A release as its front matter is read, where its fields came from, and whether it is
/// a draft.
struct ReadRelease {
    release: Release,
    origin: Origin,
    draft: bool,
    /// `date` or `published`, whichever was seen (both is an error).
    seen_date: Option<&'static str>,
    /// `updated` or `lastmod`, whichever was seen.
    seen_updated: Option<&'static str>,
}

impl ReadRelease {
    /// Before any field is read: the id from the path, the default keys.
    fn new(relative: &Path, location: &str, split: &front_matter::Split<'_>) -> Self {
        ReadRelease {
            release: Release {
                id: default_id(relative),
                ..Release::default()
            },
            origin: Origin {
                location: location.to_owned(),
                front_matter: split.front_matter.to_owned(),
                syntax: split.syntax,
                body_line: split.body_line,
                date_key: "date",
                updated_key: "updated",
                source_given: false,
            },
            draft: false,
            seen_date: None,
            seen_updated: None,
        }
    }
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
                        all.push(FileOutcome::failed(Note::new(
                            slash_path(file),
                            "internal error while reading this file (please report it)",
                        )));
                    }
                }
            }
        }
        all
    })
}

/// Reads one file of the folder: its bytes, then [`read_source`].
fn read_file(dir: &Path, relative: &Path, defaults: &SiteConfig, max: u64) -> FileOutcome {
    match read_limited(&dir.join(relative), max) {
        Ok(bytes) => read_source(relative, &bytes, defaults),
        Err(error) => FileOutcome::failed(Note::new(slash_path(relative), format!("{error:#}"))),
    }
}

/// One file's bytes → its release, or the problems that keep it from being one.
fn read_source(relative: &Path, bytes: &[u8], defaults: &SiteConfig) -> FileOutcome {
    let location = slash_path(relative);
    let (split, fields) = match front_matter_of(bytes, &location) {
        Ok(read) => read,
        Err(note) => return FileOutcome::failed(note),
    };
    let mut reader = Fields {
        text: split.front_matter,
        syntax: split.syntax,
        location: &location,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut read = ReadRelease::new(relative, &location, &split);
    for (key, value) in &fields {
        reader.field(key, value, &mut read);
    }
    let mut outcome = FileOutcome {
        errors: reader.errors,
        warnings: reader.warnings,
        ..FileOutcome::default()
    };
    if read.draft {
        outcome.skipped.push(Note::new(&location, "`draft: true`"));
        outcome.errors.clear();
        return outcome;
    }
    let mut release = read.release;
    fill_in(&mut release, split.body, relative, defaults, &mut outcome);
    outcome.release = Some((release, read.origin));
    outcome
}

/// The text of a file as UTF-8, split into front matter and body, and its fields.
fn front_matter_of<'t>(
    bytes: &'t [u8],
    location: &str,
) -> Result<(front_matter::Split<'t>, Vec<(String, Value)>), Note> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = Position::of_byte_offset(bytes, error.valid_up_to());
        let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
        Note::new(
            format!("{location}:{at}"),
            format!("byte 0x{byte:02X} is not UTF-8; expected the file to be saved as UTF-8"),
        )
    })?;
    let failed = |error: FrontMatterError| {
        Note::new(format!("{location}:{}", error.position), error.message)
    };
    let split = front_matter::split(text).map_err(failed)?;
    let fields = front_matter::parse(&split).map_err(failed)?;
    Ok((split, fields))
}

/// The id of a file that gives none: its path without the extension, `/`-separated.
fn default_id(relative: &Path) -> String {
    relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What the front matter does not give: the source from `pressroom.toml`, the title from
/// a leading `# Heading`, the slug from the file name when the title gives none.
fn fill_in(
    release: &mut Release,
    body: &str,
    relative: &Path,
    defaults: &SiteConfig,
    outcome: &mut FileOutcome,
) {
    if release.source.name.is_empty() {
        release
            .source
            .name
            .clone_from(&defaults.default_source.name);
    }
    if release.source.url.is_empty() {
        release.source.url.clone_from(&defaults.default_source.url);
    }
    let mut body = body.trim();
    if release.title.trim().is_empty() {
        if let Some((heading, rest)) = leading_heading(body) {
            release.title = heading.to_owned();
            body = rest.trim();
            outcome.changed.push(Note::new(
                slash_path(relative),
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

    /// Reads one top-level key of the front matter into the release.
    fn field(&mut self, key: &str, value: &Value, read: &mut ReadRelease) {
        let release = &mut read.release;
        match key {
            "title" => release.title = self.text_of(key, value).unwrap_or_default(),
            "date" => self.published("date", value, read),
            "published" => self.published("published", value, read),
            "updated" => self.updated("updated", value, read),
            "lastmod" => self.updated("lastmod", value, read),
            "source" => {
                read.origin.source_given = true;
                self.source(value, &mut release.source);
            }
            "tags" => release.tags = self.tags(value),
            "summary" => release.summary = self.text_of(key, value).filter(|s| !s.is_empty()),
            "slug" => release.slug = self.text_of(key, value).filter(|s| !s.is_empty()),
            "id" => {
                if let Some(id) = self.text_of(key, value) {
                    release.id = id;
                }
            }
            "language" => release.language = self.text_of(key, value).filter(|s| !s.is_empty()),
            "attribution" => release.attribution = self.attribution(value),
            "draft" => match value {
                Value::Bool(b) => read.draft = *b,
                other => self.error(
                    &["draft"],
                    format!("`draft` is {}; expected true or false", other.kind()),
                ),
            },
            other => self.warn(
                &[other],
                format!(
                    "unknown key `{other}` ignored; expected title, date, updated, source, tags, \
                     summary, slug, id, language, attribution or draft"
                ),
            ),
        }
    }

    /// The publication date, from `date` or `published` (not both).
    fn published(&mut self, key: &'static str, value: &Value, read: &mut ReadRelease) {
        if let Some(other) = read.seen_date.replace(key) {
            self.error(
                &[key],
                format!("both `{other}` and `{key}` are given; keep one"),
            );
        }
        read.origin.date_key = key;
        read.release.published = self.text_of(key, value).unwrap_or_default();
    }

    /// The date of the last update, from `updated` or `lastmod` (not both).
    fn updated(&mut self, key: &'static str, value: &Value, read: &mut ReadRelease) {
        if let Some(other) = read.seen_updated.replace(key) {
            self.error(
                &[key],
                format!("both `{other}` and `{key}` are given; keep one"),
            );
        }
        read.origin.updated_key = key;
        read.release.updated = self.text_of(key, value).filter(|s| !s.is_empty());
    }

    /// `source`: `{name, url}`, or just the name.
    fn source(&mut self, value: &Value, source: &mut Source) {
        match value {
            Value::Map(entries) => {
                for (field, value) in entries {
                    match field.as_str() {
                        "name" => source.name = self.text_of("source.name", value).unwrap_or_default(),
                        "url" => source.url = self.text_of("source.url", value).unwrap_or_default(),
                        other => self.warn(
                            &["source", other],
                            format!("unknown key `source.{other}` ignored; expected name and url"),
                        ),
                    }
                }
            }
            Value::Null => {}
            other => match other.as_text() {
                Some(name) => source.name = name.trim().to_owned(),
                None => self.error(
                    &["source"],
                    format!(
                        "`source` is {}; expected `source: {{name: \"…\", url: \"https://…\"}}` or just the name",
                        other.kind()
                    ),
                ),
            },
        }
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
