//! The pages the routes show. Loading a page's data ([`load_page`]) is separate from
//! drawing it: each page's view is a plain function of its data, so the native
//! pre-renderer draws the same markup from the same functions.

mod list_page;
mod not_found_page;
mod release_page;
mod search_page;

pub use list_page::{list_title, list_view, ListData};
pub use not_found_page::{not_found_title, not_found_view};
pub use release_page::{release_title, release_view, ReleaseData};
pub use search_page::{results_summary, search_title, search_view, SearchData};

use leptos::prelude::*;

use crate::load::LoadError;
use crate::messages::{for_language, Messages};
use crate::route::Route;
use crate::store::{SiteInfo, Store};
use pressroom_core::paging::PageRef;

/// A page's document title: its own words (`Page 3`), then the site's title.
fn document_title(page: &str, site: &SiteInfo) -> String {
    format!("{page} — {}", site.title)
}

/// The interface's words in `site`'s language. Titles are made outside the views (by
/// the shell and the site writer), where no [`crate::messages::Lang`] is in context.
fn site_messages(site: &SiteInfo) -> &'static Messages {
    for_language(site.language.as_deref())
}

/// What one route shows, loaded.
#[derive(Debug, Clone)]
pub enum PageData {
    /// A page of the list (or `None` for a page past the last).
    List(Box<ListData>),
    /// Search results.
    Search(Box<SearchData>),
    /// A release (or `None` for an unknown slug).
    Release(Box<ReleaseData>),
    /// Any other path.
    NotFound(SiteInfo),
}

/// Loads what `route` shows from `store`. Only a failure to read the list or an
/// article's metadata is an error; a body that fails is kept inside the release's data,
/// so the page can show the rest of the article.
pub async fn load_page(store: &Store, route: &Route) -> Result<PageData, LoadError> {
    let site = store.site();
    Ok(match route {
        Route::List { page, filter } if filter.is_empty() => PageData::List(Box::new(ListData {
            page_ref: *page,
            page: store.page(*page).await?,
            warnings: store.warnings(),
            // Only the front page carries the whole archive's counts: on numbered pages
            // they would change every old page at each publish.
            facets: matches!(page, PageRef::Front)
                .then(|| store.facets_now())
                .flatten(),
            site,
        })),
        Route::List { filter, .. } => PageData::Search(Box::new(SearchData {
            results: store.search(filter).await?,
            site,
        })),
        Route::Release { slug, highlight } => {
            let article = store.article(slug).await?;
            let body = match &article {
                Some(article) => store.body(&article.item.slug, highlight).await,
                None => Ok(String::new()),
            };
            PageData::Release(Box::new(ReleaseData {
                site,
                article,
                body,
            }))
        }
        Route::NotFound => PageData::NotFound(site),
    })
}

impl PageData {
    /// The site's language (`site.language`), which chooses the interface's messages.
    pub fn language(&self) -> Option<&str> {
        match self {
            Self::List(data) => data.site.language.as_deref(),
            Self::Search(data) => data.site.language.as_deref(),
            Self::Release(data) => data.site.language.as_deref(),
            Self::NotFound(site) => site.language.as_deref(),
        }
    }

    /// The document title of this page.
    pub fn title(&self) -> String {
        match self {
            Self::List(data) => list_title(data),
            Self::Search(data) => search_title(data),
            Self::Release(data) => release_title(data),
            Self::NotFound(site) => not_found_title(site),
        }
    }

    /// The page; `on_retry` loads a failed body again (none when pre-rendering).
    pub fn view(self, on_retry: Option<Callback<()>>) -> AnyView {
        match self {
            Self::List(data) => list_view(*data),
            Self::Search(data) => search_view(*data),
            Self::Release(data) => release_view(*data, on_retry),
            Self::NotFound(site) => not_found_view(site),
        }
    }
}
