//! `pressroom check`: the core's validation of a bundle (or of a content folder), for
//! people (one line per problem) and for CI (JSON).

use std::path::Path;

use pressroom_core::validate::{validate, ProblemKind};
use pressroom_core::{parse_bundle, BundleError};
use serde::Serialize;

use crate::build::{build_bundle_with, BuildOptions};
use crate::input::read_limited;

/// The result of checking one bundle or folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The file or folder checked.
    pub file: String,
    /// No error and no problem.
    pub ok: bool,
    /// Releases in the bundle (or Markdown files in the folder).
    pub releases: usize,
    /// Releases without problems (the ones the viewer shows).
    pub valid_releases: usize,
    /// Why the whole bundle could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<WholeError>,
    /// Problems of single releases, in order.
    pub problems: Vec<ProblemInfo>,
}

/// A problem that stops the whole bundle from being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WholeError {
    /// What is wrong.
    pub message: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// One problem of one release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemInfo {
    /// 1-based position of the release in `releases` (bundles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The release's id (bundles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The field, e.g. `published` (bundles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A machine-readable kind, e.g. `invalid_date` (bundles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// `file:line:column` (folders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The whole message, as the human output prints it.
    pub message: String,
}

/// Checks a bundle file, or a content folder by building it.
pub fn check_path(path: &Path, max_bytes: u64) -> anyhow::Result<CheckResult> {
    if path.is_dir() {
        let built = build_bundle_with(
            path,
            &BuildOptions {
                max_file_bytes: max_bytes,
                progress: false,
            },
        )?;
        let problems: Vec<ProblemInfo> = built
            .report
            .errors
            .iter()
            .map(|note| ProblemInfo {
                position: None,
                id: None,
                field: None,
                kind: None,
                location: Some(note.location.clone()),
                message: note.message.clone(),
            })
            .collect();
        let bad_files: std::collections::HashSet<&str> = built
            .report
            .errors
            .iter()
            .map(|n| n.location.split(':').next().unwrap_or_default())
            .collect();
        return Ok(CheckResult {
            file: path.display().to_string(),
            ok: problems.is_empty(),
            releases: built.report.inputs,
            valid_releases: built.report.inputs.saturating_sub(bad_files.len()),
            error: None,
            problems,
        });
    }
    let bytes = read_limited(path, max_bytes)?;
    let name = path.display().to_string();
    Ok(match std::str::from_utf8(&bytes) {
        Ok(text) => check_text(text, &name),
        Err(error) => CheckResult {
            file: name,
            ok: false,
            releases: 0,
            valid_releases: 0,
            error: Some(WholeError {
                message: format!(
                    "the bundle is not UTF-8 (byte {} is not); JSON must be UTF-8",
                    error.valid_up_to() + 1
                ),
                line: None,
                column: None,
            }),
            problems: Vec::new(),
        },
    })
}

/// Checks the text of a bundle named `name`.
pub fn check_text(text: &str, name: &str) -> CheckResult {
    let bundle = match parse_bundle(text) {
        Ok(bundle) => bundle,
        Err(error) => {
            let (line, column) = match &error {
                BundleError::Syntax { line, column, .. }
                | BundleError::Shape { line, column, .. } => (Some(*line), Some(*column)),
                _ => (None, None),
            };
            return CheckResult {
                file: name.to_owned(),
                ok: false,
                releases: 0,
                valid_releases: 0,
                error: Some(WholeError {
                    message: error.to_string(),
                    line,
                    column,
                }),
                problems: Vec::new(),
            };
        }
    };
    let problems = validate(&bundle);
    let bad: std::collections::HashSet<usize> = problems.iter().map(|p| p.position).collect();
    CheckResult {
        file: name.to_owned(),
        ok: problems.is_empty(),
        releases: bundle.releases.len(),
        valid_releases: bundle.releases.len() - bad.len(),
        error: None,
        problems: problems
            .iter()
            .map(|p| ProblemInfo {
                position: Some(p.position),
                id: Some(p.id.clone()),
                field: Some(p.field.to_owned()),
                kind: Some(kind_name(&p.kind)),
                location: None,
                message: p.to_string(),
            })
            .collect(),
    }
}

fn kind_name(kind: &ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Missing => "missing",
        ProblemKind::InvalidDate(_) => "invalid_date",
        ProblemKind::InvalidSlug(..) => "invalid_slug",
        ProblemKind::NotHttpUrl(_) => "not_http_url",
        ProblemKind::DuplicateId(_) => "duplicate_id",
        ProblemKind::DuplicateSlug(_) => "duplicate_slug",
    }
}

/// The human output: one line per problem, then a closing line.
pub fn render_human(result: &CheckResult) -> String {
    let mut out = String::new();
    if let Some(error) = &result.error {
        // The core's messages already say the line and column.
        out.push_str(&format!("{}: {}\n", result.file, error.message));
        out.push_str(&format!(
            "{}: invalid; no release can be shown\n",
            result.file
        ));
        return out;
    }
    for problem in &result.problems {
        match &problem.location {
            Some(location) => out.push_str(&format!("{location}: {}\n", problem.message)),
            None => out.push_str(&format!("{}: {}\n", result.file, problem.message)),
        }
    }
    if result.ok {
        out.push_str(&format!(
            "{}: ok, {} valid\n",
            result.file,
            crate::report::plural(result.releases, "release")
        ));
    } else {
        out.push_str(&format!(
            "{}: {}; {} of {} releases can be shown\n",
            result.file,
            crate::report::plural(result.problems.len(), "problem"),
            result.valid_releases,
            result.releases
        ));
    }
    out
}
