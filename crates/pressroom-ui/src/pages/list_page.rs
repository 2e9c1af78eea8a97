//! `/` and `/page/<n>/`: the releases, newest first,
//! [`pressroom_core::paths::LIST_PAGE_SIZE`] a page.

use leptos::prelude::*;

use crate::components::{BundleWarnings, NotFound, Pagination, ReleaseCard, SiteHeader};
use crate::store::{ListPageData, SiteInfo};

/// A list page's data.
#[derive(Debug, Clone)]
pub struct ListData {
    /// The site.
    pub site: SiteInfo,
    /// The page number asked for.
    pub number: usize,
    /// The page, or `None` when there is no such page.
    pub page: Option<ListPageData>,
    /// Problems of releases that are not shown.
    pub warnings: Vec<String>,
}

/// The document title of a list page.
pub fn list_title(data: &ListData) -> String {
    let site = &data.site.title;
    match data.page.as_ref().map(|p| p.info) {
        Some(info) if info.number == 1 => site.clone(),
        Some(info) => format!("Page {} of {} — {site}", info.number, info.count),
        None => format!("Page not found — {site}"),
    }
}

/// A list page (or "page not found"), as the app and the pre-renderer show it.
pub fn list_view(data: ListData) -> AnyView {
    let ListData {
        site,
        page,
        warnings,
        ..
    } = data;
    let Some(page) = page else {
        return view! {
            <SiteHeader site=site heading=false/>
            <main class="release-list-page">
                <NotFound what="Page not found"/>
            </main>
        }
        .into_any();
    };
    let empty = page.items.is_empty();
    let first = page.info.start + 1;
    view! {
        <SiteHeader site=site heading=true/>
        <main class="release-list-page">
            <BundleWarnings warnings=warnings/>
            {empty.then(|| view! { <p class="empty" data-testid="empty-list">"No releases yet."</p> })}
            <ol class="release-list" data-testid="release-list" start=first>
                {page
                    .items
                    .into_iter()
                    .map(|item| view! { <li data-testid="release-item"><ReleaseCard item=item/></li> })
                    .collect_view()}
            </ol>
            <Pagination info=page.info/>
        </main>
    }
    .into_any()
}
