//! The data interface of the pages: the site, a page of the list, an article's metadata,
//! its body, the latest releases, search results and the filters' counts.
//!
//! Pages and components read these view models and never the bytes they came from: the
//! shell fetches, the store reads. Two sources answer the same questions:
//! - a **whole bundle** (`releases.json`, the single file): everything is in memory, every
//!   answer is ready at once;
//! - a **sharded archive** ([`archive`]): the boot file, then each file a question needs,
//!   fetched through a [`Fetch`] and checked. An article comes in two phases, its metadata
//!   and then its body, each of which may fail on its own.

mod archive;
mod archive_views;
mod catalog_views;
pub mod engine;
pub mod fetch;
mod search;
mod view_models;

use std::sync::{Arc, OnceLock};

use pressroom_core::archive::model::FORMAT;
use pressroom_core::archive::Facets;
use pressroom_core::paging::PageRef;
use pressroom_core::parse::bundle_text;
use pressroom_core::Catalog;

use crate::load::{fingerprint, LoadError};
use archive::Archive;
use archive_views::{archive_article, archive_latest, archive_page, find_entry};
pub use catalog_views::{find_article, latest, list_page, same_name};
use engine::{EngineSlot, EngineSource};
pub use fetch::{Fetch, MemoryFetch};
pub use view_models::{
    article, body_html, card_item, list_item, release_article, release_item, site_info, Article,
    FacetValue, FacetView, ListItem, ListPageData, NavLink, ResultItem, SearchPage, SiteInfo,
    DEFAULT_SITE_TITLE, RESULTS_PER_PAGE,
};

/// A catalog's facets, and each release's `(source id, tag ids)`.
type CatalogFacets = (Facets, Vec<(u32, Vec<u32>)>);

/// A whole catalog, with what searching it needs, made on first use.
struct CatalogData {
    catalog: Catalog,
    facets: OnceLock<CatalogFacets>,
}

#[derive(Clone)]
enum Data {
    Catalog(Arc<CatalogData>),
    Archive(Arc<Archive>),
}

/// The loaded releases, cheap to clone and share.
#[derive(Clone)]
pub struct Store {
    data: Data,
    fingerprint: u64,
    /// The search engine, loaded on the first search.
    engine: Arc<EngineSlot>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("count", &self.count())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Store {
    /// Wraps a validated catalog.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            data: Data::Catalog(Arc::new(CatalogData {
                catalog,
                facets: OnceLock::new(),
            })),
            fingerprint: 0,
            engine: Arc::default(),
        }
    }

    /// The same data, searched by an engine from `source` instead of the default
    /// ([`engine::default_source`]).
    pub fn with_search_engine(self, source: Arc<dyn EngineSource>) -> Self {
        Self {
            engine: Arc::new(EngineSlot::new(source)),
            ..self
        }
    }

    /// Reads a bundle's bytes: UTF-8 is checked (with the position of the first invalid
    /// byte), then the JSON is parsed, validated and ordered. `url` names it in errors.
    pub fn from_bytes(url: &str, bytes: &[u8]) -> Result<Self, LoadError> {
        let error = |source| LoadError::Bundle {
            url: url.to_owned(),
            source,
        };
        let text = bundle_text(bytes).map_err(error)?;
        let catalog = Catalog::from_json(text).map_err(error)?;
        Ok(Self {
            fingerprint: fingerprint(bytes),
            ..Self::new(catalog)
        })
    }

    /// Reads bundle text (see [`Store::from_bytes`]).
    pub fn from_text(url: &str, text: &str) -> Result<Self, LoadError> {
        Self::from_bytes(url, text.as_bytes())
    }

    /// Reads what `url` gave: a sharded archive's boot file (its other files are fetched
    /// with `fetch` when needed) or a whole bundle.
    pub fn open(url: &str, bytes: &[u8], fetch: Arc<dyn Fetch>) -> Result<Self, LoadError> {
        if !is_boot_file(bytes) {
            return Self::from_bytes(url, bytes);
        }
        Ok(Self {
            data: Data::Archive(Arc::new(Archive::open(url, bytes, fetch)?)),
            fingerprint: fingerprint(bytes),
            engine: Arc::default(),
        })
    }

    /// The fingerprint of the bytes it was read from (0 when not read from bytes).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The whole catalog, when the data is a whole bundle.
    pub fn catalog(&self) -> Option<&Catalog> {
        match &self.data {
            Data::Catalog(data) => Some(&data.catalog),
            Data::Archive(_) => None,
        }
    }

    /// Releases shown.
    pub fn count(&self) -> usize {
        match &self.data {
            Data::Catalog(data) => data.catalog.len(),
            Data::Archive(archive) => archive.boot().count,
        }
    }

    /// Site title, description and language.
    pub fn site(&self) -> SiteInfo {
        match &self.data {
            Data::Catalog(data) => site_info(data.catalog.site()),
            Data::Archive(archive) => site_info(&archive.boot().site),
        }
    }

    /// Problems of releases that are not shown: the first messages, and how many in all.
    pub fn warnings(&self) -> (Vec<String>, usize) {
        match &self.data {
            Data::Catalog(data) => {
                let all: Vec<String> = data
                    .catalog
                    .problems()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let count = all.len();
                (all, count)
            }
            Data::Archive(archive) => {
                let problems = &archive.boot().problems;
                (problems.first.clone(), problems.count)
            }
        }
    }

    /// A page of the list; `Ok(None)` for a page that does not exist.
    pub async fn page(&self, page: PageRef) -> Result<Option<ListPageData>, LoadError> {
        match &self.data {
            Data::Catalog(data) => Ok(list_page(&data.catalog, page)),
            Data::Archive(archive) => archive_page(archive, page).await,
        }
    }

    /// The metadata of the article `slug`; `Ok(None)` for an unknown slug.
    pub async fn article(&self, slug: &str) -> Result<Option<Article>, LoadError> {
        match &self.data {
            Data::Catalog(data) => Ok(find_article(&data.catalog, slug)),
            Data::Archive(archive) => archive_article(archive, slug).await,
        }
    }

    /// The body of `slug` as safe HTML, with the words of `highlight` marked (empty for
    /// an unknown slug).
    pub async fn body(&self, slug: &str, highlight: &str) -> Result<String, LoadError> {
        match &self.data {
            Data::Catalog(data) => Ok(data
                .catalog
                .by_slug(slug)
                .map(|entry| body_html(&entry.release, highlight))
                .unwrap_or_default()),
            Data::Archive(archive) => {
                let found = find_entry(archive, slug).await?;
                Ok(found
                    .map(|(_, entry)| body_html(&entry.release, highlight))
                    .unwrap_or_default())
            }
        }
    }

    /// Loads the bodies of `slug`'s neighbours ahead of a click on previous or next: their
    /// whole packs (nothing to do for a whole bundle). Failures are left for the click to
    /// report.
    pub async fn prefetch_neighbours(&self, slug: &str) {
        if let Data::Archive(archive) = &self.data {
            if !archive.first_prefetch(slug) {
                return;
            }
            if let Ok(Some((position, _))) = find_entry(archive, slug).await {
                for neighbour in [position.checked_sub(1), Some(position + 1)]
                    .into_iter()
                    .flatten()
                {
                    if neighbour < archive.boot().count {
                        let _ = archive.pack(neighbour).await;
                    }
                }
            }
        }
    }

    /// Remembers where a release is (the pre-rendered page says), so that reading it
    /// needs no slug lookup.
    pub fn learn_position(&self, slug: &str, position: usize) {
        if let Data::Archive(archive) = &self.data {
            archive.learn(slug, position);
        }
    }

    /// The `count` newest releases, of `tag` and `source` when given.
    pub async fn latest(
        &self,
        count: usize,
        tag: Option<&str>,
        source: Option<&str>,
    ) -> Result<Vec<ListItem>, LoadError> {
        match &self.data {
            Data::Catalog(data) => Ok(latest(&data.catalog, count, tag, source)),
            Data::Archive(archive) => archive_latest(archive, count, tag, source).await,
        }
    }
}

/// Whether `bytes` are an archive's boot file rather than a bundle.
fn is_boot_file(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let needle = format!("\"format\":\"{FORMAT}\"");
    head.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[cfg(test)]
mod tests;
