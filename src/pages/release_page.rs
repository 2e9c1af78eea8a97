//! `/releases/<slug>/`: one release with previous/next.

use leptos::prelude::*;

use crate::components::{set_document_title, ArticleView, NotFound, SiteHeader, WithStore};
use crate::store::Store;

/// The article page of `slug`.
#[component]
pub fn ReleasePage(slug: String) -> impl IntoView {
    view! { <WithStore render=move |store| release_body(&store, &slug)/> }
}

/// The document title of the page of `slug`.
pub fn release_document_title(store: &Store, slug: &str) -> String {
    let site = store.site();
    match store.article(slug) {
        Some(article) => format!("{} — {}", article.item.title, site.title),
        None => format!("Release not found — {}", site.title),
    }
}

/// The page of `slug` (or "release not found"), as the app and the pre-renderer show it.
pub fn release_body(store: &Store, slug: &str) -> AnyView {
    set_document_title(&release_document_title(store, slug));
    let site = store.site();
    match store.article(slug) {
        Some(article) => view! {
            <SiteHeader site=site heading=false/>
            <main class="release-page">
                <ArticleView article=article/>
            </main>
        }
        .into_any(),
        None => view! {
            <SiteHeader site=site heading=false/>
            <main class="release-page">
                <NotFound what="Release not found"/>
            </main>
        }
        .into_any(),
    }
}
