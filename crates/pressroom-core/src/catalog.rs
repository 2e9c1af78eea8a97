//! The validated releases in their one order, with previous/next computed once.
//!
//! Order: chronological by `published` (a date alone counts as 00:00 UTC), ties broken by
//! `id` in byte order, so the order never depends on the order in the file. Previous is
//! the older neighbour and next the newer one, as on news sites' post pages; the ends
//! have none. Releases with problems are left out and their problems kept for display.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::date::Published;
use crate::model::{Bundle, Release, Site};
use crate::parse::{parse_bundle, BundleError};
use crate::related::{RelatedIndex, RelatedKey, RELATED_LIMIT};
use crate::slug::{cut_slug, slugify, MAX_DERIVED_SLUG_BYTES};
use crate::sort::sort_by;
use crate::unique_names::UniqueNames;
use crate::validate::{validate, Problem};

/// One valid release with what the viewer needs about it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The release's slug: as given, or derived from the title.
    pub slug: String,
    /// The release as written in the bundle.
    pub release: Release,
    /// Its parsed `published` value.
    pub published: Published,
    /// Its parsed `updated` value.
    pub updated: Option<Published>,
    previous: Option<usize>,
    next: Option<usize>,
}

/// The older and newer neighbours of a release.
#[derive(Debug, Clone, Copy, Default)]
pub struct Neighbours<'a> {
    /// The older neighbour.
    pub previous: Option<&'a Entry>,
    /// The newer neighbour.
    pub next: Option<&'a Entry>,
}

/// The releases of a bundle, validated and ordered.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    site: Site,
    entries: Vec<Entry>,
    by_slug: HashMap<String, usize>,
    problems: Vec<Problem>,
    /// Built on the first question about related releases.
    related: OnceLock<RelatedIndex>,
}

impl Catalog {
    /// Parses, validates and orders a bundle's JSON text.
    pub fn from_json(text: &str) -> Result<Self, BundleError> {
        parse_bundle(text).map(Self::from_bundle)
    }

    /// Validates and orders a parsed bundle. Releases with problems are left out.
    pub fn from_bundle(bundle: Bundle) -> Self {
        let problems = validate(&bundle);
        let invalid: HashSet<usize> = problems.iter().map(|p| p.position - 1).collect();
        let mut entries: Vec<Entry> = bundle
            .releases
            .into_iter()
            .enumerate()
            .filter(|(index, _)| !invalid.contains(index))
            .filter_map(|(_, release)| entry(release))
            .collect();
        sort_by(&mut entries, |a, b| {
            a.published
                .cmp(&b.published)
                .then_with(|| a.release.id.as_bytes().cmp(b.release.id.as_bytes()))
        });
        assign_slugs(&mut entries);
        link_neighbours(&mut entries);
        let by_slug = entries
            .iter()
            .enumerate()
            .map(|(index, e)| (e.slug.clone(), index))
            .collect();
        Self {
            site: bundle.site,
            entries,
            by_slug,
            problems,
            related: OnceLock::new(),
        }
    }

    /// Site settings.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Problems of the releases that were left out.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// All shown releases, oldest first.
    pub fn chronological(&self) -> &[Entry] {
        &self.entries
    }

    /// All shown releases, newest first (the list's order).
    pub fn newest_first(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter().rev()
    }

    /// Number of shown releases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no release is shown.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The release with this slug. Also accepts the slug percent-encoded, as it may
    /// arrive from a URL.
    pub fn by_slug(&self, slug: &str) -> Option<&Entry> {
        self.entries.get(self.position_of(slug)?)
    }

    /// The chronological position (0 = the oldest) of the release with this slug, which
    /// may be percent-encoded.
    pub fn position_of(&self, slug: &str) -> Option<usize> {
        match self.by_slug.get(slug) {
            Some(index) => Some(*index),
            None => {
                let decoded = percent_encoding::percent_decode_str(slug)
                    .decode_utf8()
                    .ok()?;
                self.by_slug.get(decoded.as_ref()).copied()
            }
        }
    }

    /// Up to [`RELATED_LIMIT`] earlier releases related to the one with this slug, best first
    /// (see [`crate::related`]); none for an unknown slug.
    pub fn related(&self, slug: &str) -> Vec<&Entry> {
        match self.position_of(slug) {
            Some(position) => self.related_at(position),
            None => Vec::new(),
        }
    }

    /// [`Catalog::related`] of the release at a chronological position.
    pub fn related_at(&self, position: usize) -> Vec<&Entry> {
        let index = self.related.get_or_init(|| {
            RelatedIndex::new(self.entries.iter().map(|e| RelatedKey {
                tags: &e.release.tags,
                source: &e.release.source.name,
            }))
        });
        index
            .related(position, RELATED_LIMIT)
            .into_iter()
            .filter_map(|p| self.entries.get(p))
            .collect()
    }

    /// The neighbours of a release; both `None` for an unknown slug.
    pub fn neighbours(&self, slug: &str) -> Neighbours<'_> {
        match self.by_slug(slug) {
            Some(entry) => Neighbours {
                previous: entry.previous.and_then(|i| self.entries.get(i)),
                next: entry.next.and_then(|i| self.entries.get(i)),
            },
            None => Neighbours::default(),
        }
    }
}

fn entry(release: Release) -> Option<Entry> {
    let published = Published::parse(&release.published)?;
    let updated = release.updated.as_deref().and_then(Published::parse);
    Some(Entry {
        slug: release.slug.clone().unwrap_or_default(),
        release,
        published,
        updated,
        previous: None,
        next: None,
    })
}

/// Keeps given slugs; derives the others in chronological order, adding `-2`, `-3`, …
/// where a derived slug is already taken.
fn assign_slugs(entries: &mut [Entry]) {
    let mut names = UniqueNames::default();
    for entry in entries.iter().filter(|e| !e.slug.is_empty()) {
        names.reserve(entry.slug.clone());
    }
    for entry in entries.iter_mut().filter(|e| e.slug.is_empty()) {
        entry.slug = names.claim(derived_base(&entry.release), 2);
    }
}

/// Room left in a derived slug for a `-N` suffix, so it stays within the limit.
const SUFFIX_ROOM: usize = 8;

fn derived_base(release: &Release) -> String {
    cut_slug(
        &derived_base_uncut(release),
        MAX_DERIVED_SLUG_BYTES - SUFFIX_ROOM,
    )
    .to_owned()
}

fn derived_base_uncut(release: &Release) -> String {
    let from_title = slugify(&release.title);
    if !from_title.is_empty() {
        return from_title;
    }
    let from_id = slugify(&release.id);
    if from_id.is_empty() {
        "release".to_owned()
    } else {
        format!("release-{from_id}")
    }
}

fn link_neighbours(entries: &mut [Entry]) {
    let last = entries.len().saturating_sub(1);
    for (index, entry) in entries.iter_mut().enumerate() {
        entry.previous = index.checked_sub(1);
        entry.next = (index < last).then_some(index + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use crate::slug::check_slug;

    fn release(id: &str, published: &str, title: &str) -> Release {
        Release {
            id: id.to_owned(),
            title: title.to_owned(),
            published: published.to_owned(),
            source: Source {
                name: "Agency".into(),
                url: "https://example.org/".into(),
            },
            body: "Body".into(),
            ..Release::default()
        }
    }

    fn catalog(releases: Vec<Release>) -> Catalog {
        Catalog::from_bundle(Bundle {
            version: 1,
            site: Site::default(),
            releases,
        })
    }

    fn ids(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.release.id.as_str()).collect()
    }

    #[test]
    fn chronological_with_id_tie_break() {
        let c = catalog(vec![
            release("c", "2024-03-01", "C"),
            release("b", "2024-01-01T00:00:00Z", "B"),
            release("a", "2024-01-01", "A"),
            release("z", "2023-12-31T23:00:00-02:00", "Z"),
        ]);
        assert_eq!(ids(c.chronological()), vec!["a", "b", "z", "c"]);
        let newest: Vec<&str> = c.newest_first().map(|e| e.release.id.as_str()).collect();
        assert_eq!(newest, vec!["c", "z", "b", "a"]);
    }

    #[test]
    fn order_does_not_depend_on_file_order() {
        let mut releases = vec![
            release("b", "2024-01-01", "B"),
            release("a", "2024-01-01", "A"),
            release("c", "2024-01-02", "C"),
        ];
        let first = ids(catalog(releases.clone()).chronological())
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        releases.reverse();
        let c = catalog(releases);
        assert_eq!(ids(c.chronological()), first);
    }

    #[test]
    fn previous_is_older_and_next_is_newer() {
        let c = catalog(vec![
            release("2", "2024-02-01", "Second"),
            release("1", "2024-01-01", "First"),
            release("3", "2024-03-01", "Third"),
        ]);
        let middle = c.neighbours("second");
        assert_eq!(
            middle.previous.map(|e| e.release.title.as_str()),
            Some("First")
        );
        assert_eq!(middle.next.map(|e| e.release.title.as_str()), Some("Third"));
        let first = c.neighbours("first");
        assert!(first.previous.is_none());
        assert_eq!(first.next.map(|e| e.slug.as_str()), Some("second"));
        let last = c.neighbours("third");
        assert_eq!(last.previous.map(|e| e.slug.as_str()), Some("second"));
        assert!(last.next.is_none());
    }

    #[test]
    fn single_and_empty() {
        let single = catalog(vec![release("1", "2024-01-01", "Only")]);
        let n = single.neighbours("only");
        assert!(n.previous.is_none() && n.next.is_none());
        assert_eq!(single.len(), 1);
        let empty = catalog(vec![]);
        assert!(empty.is_empty());
        assert!(empty.by_slug("x").is_none());
        assert!(empty.neighbours("x").next.is_none());
    }

    #[test]
    fn derived_slugs_are_unique_and_explicit_ones_win() {
        let mut explicit = release("e", "2024-05-01", "Other");
        explicit.slug = Some("news".into());
        let c = catalog(vec![
            release("a", "2024-01-01", "News"),
            release("b", "2024-02-01", "News!"),
            explicit,
            release("d", "2024-03-01", "?!"),
        ]);
        let slugs: Vec<&str> = c.chronological().iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(slugs, vec!["news-2", "news-3", "release-d", "news"]);
        assert_eq!(c.by_slug("news").map(|e| e.release.id.as_str()), Some("e"));
    }

    #[test]
    fn derived_slugs_with_suffixes_stay_valid() {
        let title = "word ".repeat(100);
        let c = catalog(vec![
            release("a", "2024-01-01", &title),
            release("b", "2024-01-02", &title),
        ]);
        for entry in c.chronological() {
            assert!(check_slug(&entry.slug).is_ok(), "{}", entry.slug);
        }
        assert!(c.chronological()[1].slug.ends_with("-2"));
    }

    #[test]
    fn percent_encoded_slugs_are_found() {
        let c = catalog(vec![release("k", "2024-01-01", "해양 발표")]);
        assert!(c.by_slug("해양-발표").is_some());
        assert!(c.by_slug("%ED%95%B4%EC%96%91-%EB%B0%9C%ED%91%9C").is_some());
        assert!(c.by_slug("%FF").is_none());
    }

    #[test]
    fn invalid_releases_are_left_out_and_reported() {
        let mut bad = release("bad", "not a date", "Bad");
        bad.body.clear();
        let c = catalog(vec![release("good", "2024-01-01", "Good"), bad]);
        assert_eq!(ids(c.chronological()), vec!["good"]);
        assert_eq!(c.problems().len(), 2);
        assert!(c.by_slug("bad").is_none());
    }

    #[test]
    fn duplicate_id_keeps_the_first() {
        let c = catalog(vec![
            release("a", "2024-01-01", "First"),
            release("a", "2024-01-02", "Second"),
        ]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.chronological()[0].release.title, "First");
    }
}
