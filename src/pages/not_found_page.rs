//! Any other path: a "not found" page with a link back to the list.

use leptos::prelude::*;

use crate::components::{set_document_title, NotFound, SiteHeader, WithStore};
use crate::store::Store;

/// What an unknown route shows.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <WithStore render=not_found_view/> }
}

fn not_found_view(store: Store) -> impl IntoView {
    let site = store.site();
    set_document_title(&format!("Page not found — {}", site.title));
    view! {
        <SiteHeader site=site heading=false/>
        <main>
            <NotFound what="Page not found"/>
        </main>
    }
}
