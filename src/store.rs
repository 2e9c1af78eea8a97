//! The data interface of the pages: the list index, one release by slug, its neighbours.
//!
//! Pages and components read these view models and never the bundle itself, so a later
//! source (a sharded index with bodies loaded on demand, or pre-rendered pages) changes
//! only this module and [`crate::load_bundle`].

use std::sync::Arc;

use pressroom_core::excerpt::excerpt;
use pressroom_core::markdown::{render, RenderOptions};
use pressroom_core::{Catalog, Entry};

/// Characters of the excerpt shown when a release has no summary.
const EXCERPT_CHARS: usize = 220;

/// Bytes of a body that the excerpt looks at: enough for 220 characters of text behind
/// any markup, and it keeps a huge body from being parsed whole for the list.
const EXCERPT_SOURCE_BYTES: usize = 16 * 1024;

/// Releases per list page.
pub const PAGE_SIZE: usize = 50;

/// Where one page of the list is in the newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// This page, 1-based.
    pub number: usize,
    /// How many pages there are (at least 1, also for an empty list).
    pub count: usize,
    /// Index of its first release in the newest-first list.
    pub start: usize,
    /// Index after its last release.
    pub end: usize,
    /// Releases in the whole list.
    pub total: usize,
}

impl PageInfo {
    /// Page `number` (1-based) of a list of `total` releases, `per_page` a page; `None`
    /// for a page that does not exist (0, or past the last). Page 1 always exists.
    pub fn of(total: usize, per_page: usize, number: usize) -> Option<Self> {
        let per_page = per_page.max(1);
        let count = total.div_ceil(per_page).max(1);
        if number == 0 || number > count {
            return None;
        }
        let start = (number - 1) * per_page;
        Some(Self {
            number,
            count,
            start,
            end: (start + per_page).min(total),
            total,
        })
    }

    /// The newer page's number, if any.
    pub fn newer(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The older page's number, if any.
    pub fn older(&self) -> Option<usize> {
        (self.number < self.count).then(|| self.number + 1)
    }
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPageData {
    /// Where it is.
    pub info: PageInfo,
    /// Its releases, newest first.
    pub items: Vec<ListItem>,
}

/// The loaded releases, cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Store {
    catalog: Arc<Catalog>,
    fingerprint: u64,
}

/// What the list shows of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// URL segment.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// `published` as written, for `<time datetime>`.
    pub datetime: String,
    /// The date for people, e.g. `September 6, 2024`.
    pub date: String,
    /// Issuing agency or organisation.
    pub source_name: String,
    /// The summary, or an excerpt of the body.
    pub summary: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Language when it differs from the site's.
    pub language: Option<String>,
}

/// A link to a neighbouring release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
}

/// Everything the article page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The list's view of it (title, date, source, tags…).
    pub item: ListItem,
    /// The official original.
    pub source_url: String,
    /// The body, rendered to safe HTML.
    pub body_html: String,
    /// `updated` as written and for people.
    pub updated: Option<(String, String)>,
    /// Where this copy first appeared.
    pub attribution: Option<String>,
    /// The older neighbour.
    pub previous: Option<NavLink>,
    /// The newer neighbour.
    pub next: Option<NavLink>,
}

/// Site-wide text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Language.
    pub language: Option<String>,
}

impl Store {
    /// Wraps a validated catalog.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog: Arc::new(catalog),
            fingerprint: 0,
        }
    }

    /// The same store, remembering the fingerprint of the bytes it was read from.
    pub fn with_fingerprint(self, fingerprint: u64) -> Self {
        Self {
            fingerprint,
            ..self
        }
    }

    /// The fingerprint of the bytes it was read from (0 when not read from bytes).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Site title, description and language.
    pub fn site(&self) -> SiteInfo {
        let site = self.catalog.site();
        let title = if site.title.trim().is_empty() {
            "Press releases".to_owned()
        } else {
            site.title.clone()
        };
        SiteInfo {
            title,
            description: site.description.clone(),
            language: site.language.clone(),
        }
    }

    /// Problems of releases that are not shown, one message each.
    pub fn warnings(&self) -> Vec<String> {
        self.catalog
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The list index, newest first.
    pub fn list(&self) -> Vec<ListItem> {
        self.catalog.newest_first().map(list_item).collect()
    }

    /// Page `number` (1-based) of the list, [`PAGE_SIZE`] releases a page, newest
    /// first; `None` past the last page. Only that page's items are built.
    pub fn page(&self, number: usize) -> Option<ListPageData> {
        let info = PageInfo::of(self.catalog.len(), PAGE_SIZE, number)?;
        let items = self
            .catalog
            .newest_first()
            .skip(info.start)
            .take(info.end - info.start)
            .map(list_item)
            .collect();
        Some(ListPageData { info, items })
    }

    /// The `count` newest releases, only those tagged `tag` and from `source` when given
    /// (both compared without case and surrounding spaces).
    pub fn latest(&self, count: usize, tag: Option<&str>, source: Option<&str>) -> Vec<ListItem> {
        let matches = |wanted: Option<&str>, value: &str| {
            wanted.is_none_or(|w| w.trim().to_lowercase() == value.trim().to_lowercase())
        };
        self.catalog
            .newest_first()
            .filter(|entry| {
                let release = &entry.release;
                (tag.is_none() || release.tags.iter().any(|t| matches(tag, t)))
                    && matches(source, &release.source.name)
            })
            .take(count)
            .map(list_item)
            .collect()
    }

    /// One release with its neighbours, or `None` for an unknown slug.
    pub fn article(&self, slug: &str) -> Option<Article> {
        let entry = self.catalog.by_slug(slug)?;
        let neighbours = self.catalog.neighbours(&entry.slug);
        let release = &entry.release;
        Some(Article {
            item: list_item(entry),
            source_url: release.source.url.clone(),
            body_html: render(&release.body, &RenderOptions::default()),
            updated: entry
                .updated
                .as_ref()
                .map(|u| (u.as_str().to_owned(), u.human())),
            attribution: release.attribution.as_ref().map(|a| a.name.clone()),
            previous: neighbours.previous.map(nav_link),
            next: neighbours.next.map(nav_link),
        })
    }
}

fn list_item(entry: &Entry) -> ListItem {
    let release = &entry.release;
    let summary = match release.summary.as_deref().map(str::trim) {
        Some(summary) if !summary.is_empty() => summary.to_owned(),
        _ => excerpt(prefix(&release.body, EXCERPT_SOURCE_BYTES), EXCERPT_CHARS),
    };
    ListItem {
        slug: entry.slug.clone(),
        title: release.title.clone(),
        datetime: entry.published.as_str().to_owned(),
        date: entry.published.human(),
        source_name: release.source.name.clone(),
        summary,
        tags: release.tags.clone(),
        language: release.language.clone(),
    }
}

/// At most `max` bytes of the start of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn nav_link(entry: &Entry) -> NavLink {
    NavLink {
        slug: entry.slug.clone(),
        title: entry.release.title.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLE: &str = r#"{"version":1,"site":{"title":"Site"},"releases":[
      {"id":"b","title":"Second","published":"2024-02-01","source":{"name":"Agency","url":"https://e.org/b"},
       "body":"Body **two**.\n\n<script>alert(1)</script>","tags":["x"]},
      {"id":"a","title":"First","published":"2024-01-01","source":{"name":"Agency","url":"https://e.org/a"},
       "summary":"Short.","body":"Body one."},
      {"id":"bad","title":"","published":"never","source":{"name":"A","url":"https://e.org"},"body":"x"}
    ]}"#;

    fn store() -> Store {
        Store::new(Catalog::from_json(BUNDLE).expect("fixture parses"))
    }

    #[test]
    fn list_is_newest_first_with_summary_or_excerpt() {
        let list = store().list();
        let titles: Vec<&str> = list.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, vec!["Second", "First"]);
        assert_eq!(list[1].summary, "Short.");
        assert_eq!(list[0].summary, "Body two.");
        assert_eq!(list[0].date, "February 1, 2024");
        assert_eq!(list[0].datetime, "2024-02-01");
    }

    #[test]
    fn article_has_neighbours_and_safe_body() {
        let store = store();
        let first = store.article("first").expect("first");
        assert!(first.previous.is_none());
        assert_eq!(
            first.next.as_ref().map(|n| n.title.as_str()),
            Some("Second")
        );
        let second = store.article("second").expect("second");
        assert_eq!(second.previous.map(|n| n.slug), Some("first".to_owned()));
        assert!(second.next.is_none());
        assert!(second.body_html.contains("<strong>two</strong>"));
        assert!(!second.body_html.contains("<script"));
        assert!(store.article("missing").is_none());
    }

    #[test]
    fn pages_of_fifty_newest_first() {
        let page = PageInfo::of(120, 50, 1).expect("page 1");
        assert_eq!((page.start, page.end, page.count), (0, 50, 3));
        assert_eq!((page.newer(), page.older()), (None, Some(2)));
        let last = PageInfo::of(120, 50, 3).expect("page 3");
        assert_eq!((last.start, last.end), (100, 120));
        assert_eq!((last.newer(), last.older()), (Some(2), None));
        assert!(PageInfo::of(120, 50, 4).is_none());
        assert!(PageInfo::of(120, 50, 0).is_none());
        assert_eq!(PageInfo::of(100, 50, 2).map(|p| p.end), Some(100));
        assert!(
            PageInfo::of(100, 50, 3).is_none(),
            "no empty page after a full one"
        );
        let empty = PageInfo::of(0, 50, 1).expect("an empty list has page 1");
        assert_eq!((empty.start, empty.end, empty.count), (0, 0, 1));
        assert_eq!(
            PageInfo::of(100_000, 50, 2_000).map(|p| p.start),
            Some(99_950)
        );
        assert_eq!(
            PageInfo::of(5, 0, 5).map(|p| p.count),
            Some(5),
            "per_page 0 is 1"
        );
    }

    #[test]
    fn store_pages_match_the_list() {
        let store = store();
        let page = store.page(1).expect("page 1");
        assert_eq!(page.items, store.list());
        assert!(store.page(2).is_none());
    }

    #[test]
    fn latest_filters_by_tag_and_source_and_counts() {
        let store = store();
        let titles = |items: Vec<ListItem>| items.into_iter().map(|i| i.title).collect::<Vec<_>>();
        assert_eq!(titles(store.latest(5, None, None)), vec!["Second", "First"]);
        assert_eq!(titles(store.latest(1, None, None)), vec!["Second"]);
        assert_eq!(titles(store.latest(0, None, None)), Vec::<String>::new());
        assert_eq!(titles(store.latest(5, Some(" X "), None)), vec!["Second"]);
        assert_eq!(
            titles(store.latest(5, None, Some("agency"))),
            vec!["Second", "First"]
        );
        assert!(store.latest(5, Some("nope"), None).is_empty());
        assert!(store.latest(5, None, Some("Other")).is_empty());
    }

    #[test]
    fn excerpts_read_only_the_start_of_huge_bodies() {
        let body = "é".repeat(EXCERPT_SOURCE_BYTES);
        let cut = prefix(&body, EXCERPT_SOURCE_BYTES - 1);
        assert!(cut.len() < EXCERPT_SOURCE_BYTES);
        assert_eq!(prefix("short", 3), "sho");
        assert_eq!(prefix("short", 10), "short");
    }

    #[test]
    fn invalid_releases_become_warnings() {
        let warnings = store().warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("release 3 (id \"bad\")"));
    }
}
