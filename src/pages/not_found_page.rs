//! Any other path: a "not found" page with a link back to the list.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{NotFound, SiteHeader, WithStore};
use crate::store::Store;

/// The router's fallback.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <WithStore render=not_found_view/> }
}

fn not_found_view(store: Store) -> impl IntoView {
    let site = store.site();
    view! {
        <Title text=format!("Page not found — {}", site.title)/>
        <SiteHeader site=site heading=false/>
        <main>
            <NotFound what="Page not found"/>
        </main>
    }
}
