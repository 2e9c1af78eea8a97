//! What pages show: a release in the list ([`ListItem`]), an article's metadata
//! ([`Article`]), its neighbours ([`NavLink`]), the site ([`SiteInfo`]), a list page
//! ([`ListPageData`]), search results ([`SearchPage`]) and the filters ([`FacetView`]).
//! The app's store and the site writer's pre-renderer build them with the same
//! functions, whatever the data came from, so both show the same.

use std::ops::Range;

use pressroom_core::archive::{Card, NavRef};
use pressroom_core::excerpt::summary_of;
use pressroom_core::markdown::{render, RenderOptions};
use pressroom_core::paging::PageLayout;
use pressroom_core::search::Query;
use pressroom_core::{Catalog, Entry, Published, Release, Site};

use crate::filter::Filter;

/// The site's title when the bundle gives none.
pub const DEFAULT_SITE_TITLE: &str = "Press releases";

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPageData {
    /// Where it is, and its neighbours.
    pub layout: PageLayout,
    /// Its releases, newest first.
    pub items: Vec<ListItem>,
}

/// A search result: the card, with the byte ranges of its title and summary that match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultItem {
    /// The card.
    pub item: ListItem,
    /// Matches in the title.
    pub title_marks: Vec<Range<usize>>,
    /// Matches in the summary.
    pub summary_marks: Vec<Range<usize>>,
}

/// Results per page.
pub const RESULTS_PER_PAGE: usize = 10;

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// The search.
    pub filter: Filter,
    /// This page's results, best first (newest first without words to rank by).
    pub items: Vec<ResultItem>,
    /// All results.
    pub total: usize,
    /// Whether `total` may count releases that a `"phrase"` would rule out (only the
    /// shown ones are checked word by word).
    pub approximate: bool,
    /// The search corrected, when nothing matched and a close word was found.
    pub suggestion: Option<String>,
    /// This page, 1-based.
    pub page: usize,
    /// How many pages.
    pub pages: usize,
    /// The words the index skipped because loading them would cost too much.
    pub dropped: Vec<String>,
}

/// One value of a facet, with how many results have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The value as it goes into the URL and, but for a month, as it reads.
    pub value: String,
    /// Results with it (counted over the other facets' selection).
    pub count: usize,
    /// Whether it is selected.
    pub selected: bool,
}

/// The filters' values with their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetView {
    /// Sources.
    pub sources: Vec<FacetValue>,
    /// Tags.
    pub tags: Vec<FacetValue>,
    /// Months, newest first.
    pub months: Vec<FacetValue>,
    /// When the counts cover only some of the results (a broad search in a large
    /// archive): how many they cover, and how many there are.
    pub partial: Option<(usize, usize)>,
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
    /// The calendar date as written, `2024-09-06`; shown through
    /// [`crate::context::shown_date`].
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

impl From<&NavRef> for NavLink {
    fn from(link: &NavRef) -> Self {
        Self {
            slug: link.slug.clone(),
            title: link.title.clone(),
        }
    }
}

/// Everything the article page shows but its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The list's view of it (title, date, source, tags…).
    pub item: ListItem,
    /// The official original.
    pub source_url: String,
    /// `updated` as written and its calendar date.
    pub updated: Option<(String, String)>,
    /// Where this copy first appeared.
    pub attribution: Option<String>,
    /// The older neighbour.
    pub previous: Option<NavLink>,
    /// The newer neighbour.
    pub next: Option<NavLink>,
    /// Minutes to read its body (none when only its card could be read).
    pub reading_minutes: Option<u32>,
    /// Up to three earlier releases that share tags or the source ([`pressroom_core::related`]).
    pub related: Vec<NavLink>,
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
pub fn site_info(site: &Site) -> SiteInfo {
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

/// The list's view of a release whose `published` value is `published`.
pub fn release_item(slug: &str, release: &Release, published: &Published) -> ListItem {
    ListItem {
        slug: slug.to_owned(),
        title: release.title.clone(),
        datetime: published.as_str().to_owned(),
        date: published.calendar_date(),
        source_name: release.source.name.clone(),
        summary: summary_of(release.summary.as_deref(), &release.body),
        tags: release.tags.clone(),
        language: release.language.clone(),
    }
}

/// The list's view of a catalog entry.
pub fn list_item(entry: &Entry) -> ListItem {
    release_item(&entry.slug, &entry.release, &entry.published)
}

/// The list's view of an archive's card; `None` when its date does not read (a corrupt
/// file: the store reports it).
pub fn card_item(card: &Card) -> Option<ListItem> {
    let published = Published::parse(&card.published)?;
    Some(ListItem {
        slug: card.slug.clone(),
        title: card.title.clone(),
        datetime: published.as_str().to_owned(),
        date: published.calendar_date(),
        source_name: card.source.clone(),
        summary: card.summary.clone(),
        tags: card.tags.clone(),
        language: card.language.clone(),
    })
}

/// An article's metadata from its release and its neighbours; `None` when its dates do
/// not read.
pub fn release_article(
    slug: &str,
    release: &Release,
    previous: Option<NavLink>,
    next: Option<NavLink>,
    related: Vec<NavLink>,
) -> Option<Article> {
    let published = Published::parse(&release.published)?;
    let updated = match release.updated.as_deref() {
        Some(raw) => Some(Published::parse(raw)?),
        None => None,
    };
    Some(Article {
        item: release_item(slug, release, &published),
        source_url: release.source.url.clone(),
        updated: updated.map(|u| (u.as_str().to_owned(), u.calendar_date())),
        attribution: release.attribution.as_ref().map(|a| a.name.clone()),
        previous,
        next,
        reading_minutes: Some(pressroom_core::reading::minutes(&release.body)),
        related,
    })
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
            .map(|u| (u.as_str().to_owned(), u.calendar_date())),
        attribution: release.attribution.as_ref().map(|a| a.name.clone()),
        previous: neighbours.previous.map(nav_link),
        next: neighbours.next.map(nav_link),
        reading_minutes: Some(pressroom_core::reading::minutes(&release.body)),
        related: catalog
            .related(&entry.slug)
            .into_iter()
            .map(nav_link)
            .collect(),
    }
}

/// A release's body as safe HTML, with the words of `highlight` marked: the one place a
/// body is rendered.
pub fn body_html(release: &Release, highlight: &str) -> String {
    let query = (!highlight.trim().is_empty()).then(|| Query::parse(highlight, false));
    render(
        &release.body,
        &RenderOptions {
            highlight: query.as_ref(),
            heading_anchors: true,
            ..RenderOptions::default()
        },
    )
}

fn nav_link(entry: &Entry) -> NavLink {
    NavLink {
        slug: entry.slug.clone(),
        title: entry.release.title.clone(),
    }
}
