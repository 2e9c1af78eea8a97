//! What pages show, built from the core's catalog: a release in the list
//! ([`ListItem`]), an article's metadata ([`Article`]), its neighbours ([`NavLink`]), the
//! site ([`SiteInfo`]) and where a list page is ([`PageInfo`]). The app's store and the
//! site writer's pre-renderer build them with the same functions, so both show the same.

use pressroom_core::excerpt::excerpt;
use pressroom_core::markdown::{render, RenderOptions};
use pressroom_core::{Catalog, Entry, Release};

/// Characters of the excerpt shown when a release has no summary.
const EXCERPT_CHARS: usize = 220;

/// Bytes of a body that the excerpt looks at: enough for 220 characters of text behind
/// any markup, and it keeps a huge body from being parsed whole for the list.
const EXCERPT_SOURCE_BYTES: usize = 16 * 1024;

/// The site's title when the bundle gives none.
pub const DEFAULT_SITE_TITLE: &str = "Press releases";

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

/// Everything the article page shows but its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The list's view of it (title, date, source, tags…).
    pub item: ListItem,
    /// The official original.
    pub source_url: String,
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

/// The site's text, with [`DEFAULT_SITE_TITLE`] for an empty title.
pub fn site_info(catalog: &Catalog) -> SiteInfo {
    let site = catalog.site();
    let title = if site.title.trim().is_empty() {
        DEFAULT_SITE_TITLE.to_owned()
    } else {
        site.title.clone()
    };
    SiteInfo {
        title,
        description: site.description.clone(),
        language: site.language.clone(),
    }
}

/// The list's view of a release.
pub fn list_item(entry: &Entry) -> ListItem {
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

/// The article page's metadata of `entry`, with its neighbours in `catalog`.
pub fn article(catalog: &Catalog, entry: &Entry) -> Article {
    let neighbours = catalog.neighbours(&entry.slug);
    let release = &entry.release;
    Article {
        item: list_item(entry),
        source_url: release.source.url.clone(),
        updated: entry
            .updated
            .as_ref()
            .map(|u| (u.as_str().to_owned(), u.human())),
        attribution: release.attribution.as_ref().map(|a| a.name.clone()),
        previous: neighbours.previous.map(nav_link),
        next: neighbours.next.map(nav_link),
    }
}

/// A release's body as safe HTML: the one place a body is rendered.
pub fn body_html(release: &Release) -> String {
    render(&release.body, &RenderOptions::default())
}

fn nav_link(entry: &Entry) -> NavLink {
    NavLink {
        slug: entry.slug.clone(),
        title: entry.release.title.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn excerpts_read_only_the_start_of_huge_bodies() {
        let body = "é".repeat(EXCERPT_SOURCE_BYTES);
        let cut = prefix(&body, EXCERPT_SOURCE_BYTES - 1);
        assert!(cut.len() < EXCERPT_SOURCE_BYTES);
        assert_eq!(prefix("short", 3), "sho");
        assert_eq!(prefix("short", 10), "short");
    }
}
