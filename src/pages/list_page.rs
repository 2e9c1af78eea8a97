//! `/` and `/page/<n>/`: the releases, newest first, [`crate::store::PAGE_SIZE`] a page.

use leptos::prelude::*;

use crate::components::{
    set_document_title, BundleWarnings, NotFound, Pagination, ReleaseCard, SiteHeader, WithStore,
};
use crate::store::Store;

/// One page of the list of releases; page 0 (a number that did not parse) does not exist.
#[component]
pub fn ListPage(number: usize) -> impl IntoView {
    view! { <WithStore render=move |store| list_body(&store, number)/> }
}

/// The document title of list page `number`.
pub fn list_document_title(store: &Store, number: usize) -> String {
    let site = store.site();
    match store.page(number).map(|p| p.info) {
        Some(info) if info.number == 1 => site.title,
        Some(info) => format!("Page {} of {} — {}", info.number, info.count, site.title),
        None => format!("Page not found — {}", site.title),
    }
}

/// List page `number` (or "page not found"), as the app and the pre-renderer show it.
pub fn list_body(store: &Store, number: usize) -> AnyView {
    set_document_title(&list_document_title(store, number));
    let site = store.site();
    let Some(page) = store.page(number) else {
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
            <BundleWarnings warnings=store.warnings()/>
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
