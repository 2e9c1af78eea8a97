//! `/` and `/page/<n>/`: the releases, newest first,
//! [`pressroom_core::paths::LIST_PAGE_SIZE`] a page ([`pressroom_core::paging`]).

use leptos::prelude::*;
use pressroom_core::paging::PageRef;

use crate::components::{
    BundleWarnings, FiltersPanel, NotFound, Pagination, ReleaseCard, SiteHeader,
};
use crate::filter::Filter;
use crate::messages::fill;
use crate::store::{FacetView, ListPageData, SiteInfo};

/// A list page's data.
#[derive(Debug, Clone)]
pub struct ListData {
    /// The site.
    pub site: SiteInfo,
    /// The page asked for.
    pub page_ref: PageRef,
    /// The page, or `None` when there is no such page.
    pub page: Option<ListPageData>,
    /// Problems of releases that are not shown: the first ones, and how many in all.
    pub warnings: (Vec<String>, usize),
    /// The filters' counts over the whole archive, when they are at hand.
    pub facets: Option<FacetView>,
}

/// The document title of a list page.
pub fn list_title(data: &ListData) -> String {
    let t = super::site_messages(&data.site);
    match (&data.page, data.page_ref) {
        (None, _) => super::document_title(t.page_not_found, &data.site),
        (Some(_), PageRef::Front) => data.site.title.clone(),
        (Some(_), PageRef::Numbered(n)) => {
            super::document_title(&fill(t.page_n, &[&n.to_string()]), &data.site)
        }
    }
}

/// A list page (or "page not found"), as the app and the pre-renderer show it.
pub fn list_view(data: ListData) -> AnyView {
    let t = crate::messages::messages();
    let ListData {
        site,
        page,
        warnings: (warnings, count),
        facets,
        ..
    } = data;
    let Some(page) = page else {
        return view! {
            <SiteHeader site=site heading=false/>
            <main id="main" class="release-list-page">
                <NotFound what=t.page_not_found/>
            </main>
        }
        .into_any();
    };
    let empty = page.items.is_empty();
    view! {
        <SiteHeader site=site heading=true/>
        <main id="main" class="release-list-page">
            <BundleWarnings warnings=warnings count=count/>
            <FiltersPanel filter=Filter::default() open=false initial=facets/>
            {empty.then(|| view! { <p class="empty" data-testid="empty-list">{t.no_releases}</p> })}
            <ol class="release-list" data-testid="release-list" reversed=true>
                {page
                    .items
                    .into_iter()
                    .map(|item| view! { <li data-testid="release-item"><ReleaseCard item=item/></li> })
                    .collect_view()}
            </ol>
            <Pagination layout=page.layout/>
        </main>
    }
    .into_any()
}
