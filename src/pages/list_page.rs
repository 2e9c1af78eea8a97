//! `/`: the releases, newest first.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{BundleWarnings, ReleaseCard, SiteHeader, WithStore};
use crate::store::Store;

/// The list of releases.
#[component]
pub fn ListPage() -> impl IntoView {
    view! { <WithStore render=list_view/> }
}

fn list_view(store: Store) -> impl IntoView {
    let site = store.site();
    let items = store.list();
    let empty = items.is_empty();
    view! {
        <Title text=site.title.clone()/>
        <SiteHeader site=site.clone() heading=true/>
        <main class="release-list-page">
            <BundleWarnings warnings=store.warnings()/>
            {empty.then(|| view! { <p class="empty" data-testid="empty-list">"No releases yet."</p> })}
            <ol class="release-list" data-testid="release-list">
                {items
                    .into_iter()
                    .map(|item| view! { <li data-testid="release-item"><ReleaseCard item=item/></li> })
                    .collect_view()}
            </ol>
        </main>
    }
}
