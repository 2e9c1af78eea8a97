//! `/` and `/page/<n>`: the releases, newest first, [`crate::store::PAGE_SIZE`] a page.

use leptos::prelude::*;
use leptos::Params;
use leptos_meta::Title;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::components::{BundleWarnings, NotFound, Pagination, ReleaseCard, SiteHeader, WithStore};
use crate::store::Store;

/// The typed route parameters (`/page/:n`; none on `/`).
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    /// The 1-based page number.
    pub n: Option<usize>,
}

/// One page of the list of releases.
#[component]
pub fn ListPage() -> impl IntoView {
    let params = use_params::<ListParams>();
    // `/` is page 1; a number that does not parse is page 0, which does not exist.
    let number = move || match params.read().as_ref() {
        Ok(p) => p.n.unwrap_or(1),
        Err(_) => 0,
    };
    move || {
        let number = number();
        view! { <WithStore render=move |store| list_view(store, number)/> }
    }
}

fn list_view(store: Store, number: usize) -> impl IntoView {
    let site = store.site();
    let Some(page) = store.page(number) else {
        return view! {
            <Title text=format!("Page not found — {}", site.title)/>
            <SiteHeader site=site heading=false/>
            <main class="release-list-page">
                <NotFound what="Page not found"/>
            </main>
        }
        .into_any();
    };
    let title = if page.info.number == 1 {
        site.title.clone()
    } else {
        format!(
            "Page {} of {} — {}",
            page.info.number, page.info.count, site.title
        )
    };
    let empty = page.items.is_empty();
    let first = page.info.start + 1;
    view! {
        <Title text=title/>
        <SiteHeader site=site.clone() heading=true/>
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
