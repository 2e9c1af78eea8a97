//! Every problem of every release, in one pass.
//!
//! Each [`Problem`] names the release's position (1-based, as a person counts), its id
//! and the field. The checks: missing required fields, duplicate ids and slugs, empty
//! title and body, dates that are not RFC 3339, slugs with forbidden characters, and
//! source or attribution URLs that are not http(s).
//!
//! Policy (see `docs/bundle-format.md`): a release with a problem is skipped and the
//! problem is shown as a warning; the other releases are shown. For duplicates the first
//! occurrence is kept.

use std::collections::HashMap;
use std::fmt;

use crate::date::Published;
use crate::model::{Bundle, Release};
use crate::slug::{check_slug, SlugFault, MAX_SLUG_BYTES};
use crate::url_policy::is_http_url;

/// One problem in one release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based position of the release in `releases[]`.
    pub position: usize,
    /// The release's id as written (may be empty).
    pub id: String,
    /// The field, e.g. `published` or `source.url`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Required and absent or blank.
    Missing,
    /// Not an RFC 3339 date or date-time.
    InvalidDate(String),
    /// A slug that breaks the slug rules.
    InvalidSlug(String, SlugFault),
    /// A URL that is not an absolute http(s) URL.
    NotHttpUrl(String),
    /// The same id as the release at this 1-based position.
    DuplicateId(usize),
    /// The same slug as the release at this 1-based position.
    DuplicateSlug(usize),
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("is missing or empty"),
            Self::InvalidDate(v) => write!(
                f,
                "{v:?} is not an RFC 3339 date (2024-09-06) or date-time (2024-09-06T10:00:00Z)"
            ),
            Self::InvalidSlug(v, fault) => write!(f, "{v:?} is not a valid slug: {fault}"),
            Self::NotHttpUrl(v) => write!(f, "{v:?} is not an http(s) URL"),
            Self::DuplicateId(first) => write!(f, "duplicates the id of release {first}"),
            Self::DuplicateSlug(first) => write!(f, "duplicates the slug of release {first}"),
        }
    }
}

impl fmt::Display for SlugFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("it is empty"),
            Self::TooLong => write!(f, "it is longer than {MAX_SLUG_BYTES} bytes (a file name and a URL segment; a Hangul syllable is 3 bytes)"),
            Self::BadCharacter(c) => write!(
                f,
                "{c:?} is not allowed (use lower-case letters, digits and hyphens)"
            ),
            Self::BadHyphen => f.write_str("hyphens must separate words, one at a time"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "release {}", self.position)?;
        if !self.id.is_empty() {
            write!(f, " (id {:?})", self.id)?;
        }
        write!(f, ", field `{}`: {}", self.field, self.kind)
    }
}

/// Checks every release and returns every problem, in release order.
pub fn validate(bundle: &Bundle) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut slugs: HashMap<&str, usize> = HashMap::new();
    for (index, release) in bundle.releases.iter().enumerate() {
        let position = index + 1;
        let mut report = |field: &'static str, kind: ProblemKind| {
            problems.push(Problem {
                position,
                id: release.id.clone(),
                field,
                kind,
            });
        };
        check_fields(release, &mut report);
        if !release.id.trim().is_empty() {
            if let Some(&first) = ids.get(release.id.as_str()) {
                report("id", ProblemKind::DuplicateId(first));
            } else {
                ids.insert(&release.id, position);
            }
        }
        if let Some(slug) = release.slug.as_deref() {
            if let Some(&first) = slugs.get(slug) {
                report("slug", ProblemKind::DuplicateSlug(first));
            } else {
                slugs.insert(slug, position);
            }
        }
    }
    problems
}

fn check_fields(release: &Release, report: &mut impl FnMut(&'static str, ProblemKind)) {
    for (field, value) in [
        ("id", &release.id),
        ("title", &release.title),
        ("body", &release.body),
        ("source.name", &release.source.name),
    ] {
        if value.trim().is_empty() {
            report(field, ProblemKind::Missing);
        }
    }
    check_date("published", Some(&release.published), true, report);
    check_date("updated", release.updated.as_ref(), false, report);
    check_url("source.url", Some(&release.source.url), true, report);
    if let Some(slug) = &release.slug {
        if let Err(fault) = check_slug(slug) {
            report("slug", ProblemKind::InvalidSlug(slug.clone(), fault));
        }
    }
    if let Some(attribution) = &release.attribution {
        if attribution.name.trim().is_empty() {
            report("attribution.name", ProblemKind::Missing);
        }
        check_url("attribution.url", attribution.url.as_ref(), false, report);
        check_date(
            "attribution.republished",
            attribution.republished.as_ref(),
            false,
            report,
        );
    }
}

fn check_date(
    field: &'static str,
    value: Option<&String>,
    required: bool,
    report: &mut impl FnMut(&'static str, ProblemKind),
) {
    match value {
        Some(v) if v.trim().is_empty() && required => report(field, ProblemKind::Missing),
        Some(v) if Published::parse(v).is_none() => {
            report(field, ProblemKind::InvalidDate(v.clone()))
        }
        None if required => report(field, ProblemKind::Missing),
        _ => {}
    }
}

fn check_url(
    field: &'static str,
    value: Option<&String>,
    required: bool,
    report: &mut impl FnMut(&'static str, ProblemKind),
) {
    match value {
        Some(v) if v.trim().is_empty() && required => report(field, ProblemKind::Missing),
        Some(v) if !is_http_url(v) => report(field, ProblemKind::NotHttpUrl(v.clone())),
        None if required => report(field, ProblemKind::Missing),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribution, Site, Source};

    fn release(id: &str) -> Release {
        Release {
            id: id.to_owned(),
            slug: Some(format!("slug-{id}")),
            title: format!("Title {id}"),
            published: "2024-01-01".to_owned(),
            source: Source {
                name: "Agency".to_owned(),
                url: "https://example.org/r".to_owned(),
            },
            body: "Body.".to_owned(),
            ..Release::default()
        }
    }

    fn bundle(releases: Vec<Release>) -> Bundle {
        Bundle {
            version: 1,
            site: Site::default(),
            releases,
        }
    }

    fn fields(problems: &[Problem]) -> Vec<(usize, &'static str)> {
        problems.iter().map(|p| (p.position, p.field)).collect()
    }

    #[test]
    fn a_valid_bundle_has_no_problems() {
        assert!(validate(&bundle(vec![release("a"), release("b")])).is_empty());
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let mut bad = release("b");
        bad.title = "  ".into();
        bad.body = String::new();
        bad.published = "2024-13-40".into();
        bad.updated = Some("soon".into());
        bad.slug = Some("Bad Slug".into());
        bad.source.url = "javascript:alert(1)".into();
        bad.attribution = Some(Attribution {
            name: String::new(),
            url: Some("ftp://x".into()),
            republished: Some("x".into()),
        });
        let problems = validate(&bundle(vec![release("a"), bad]));
        assert_eq!(
            fields(&problems),
            vec![
                (2, "title"),
                (2, "body"),
                (2, "published"),
                (2, "updated"),
                (2, "source.url"),
                (2, "slug"),
                (2, "attribution.name"),
                (2, "attribution.url"),
                (2, "attribution.republished"),
            ]
        );
        assert!(problems.iter().all(|p| p.id == "b"));
    }

    #[test]
    fn missing_fields() {
        let problems = validate(&bundle(vec![Release::default()]));
        assert_eq!(
            fields(&problems),
            vec![
                (1, "id"),
                (1, "title"),
                (1, "body"),
                (1, "source.name"),
                (1, "published"),
                (1, "source.url"),
            ]
        );
    }

    #[test]
    fn duplicates_name_the_first() {
        let mut twin = release("a");
        twin.slug = Some("slug-b".into());
        let problems = validate(&bundle(vec![release("a"), release("b"), twin]));
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].kind, ProblemKind::DuplicateId(1));
        assert_eq!(problems[1].kind, ProblemKind::DuplicateSlug(2));
        assert_eq!(problems[0].position, 3);
    }

    #[test]
    fn messages_say_what_and_where() {
        let mut bad = release("x-1");
        bad.published = "24/09/2024".into();
        let problems = validate(&bundle(vec![bad]));
        assert_eq!(
            problems[0].to_string(),
            "release 1 (id \"x-1\"), field `published`: \"24/09/2024\" is not an RFC 3339 \
             date (2024-09-06) or date-time (2024-09-06T10:00:00Z)"
        );
    }

    #[test]
    fn slugs_with_unicode_letters_are_valid() {
        let mut korean = release("k");
        korean.slug = Some("해양수산부-발표".into());
        assert!(validate(&bundle(vec![korean])).is_empty());
    }
}
