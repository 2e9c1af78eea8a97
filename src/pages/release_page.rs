//! `/releases/<slug>`: one release with previous/next.

use leptos::prelude::*;
use leptos::Params;
use leptos_meta::Title;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::components::{ArticleView, NotFound, SiteHeader, WithStore};
use crate::store::Store;

/// The typed route parameters.
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct ReleaseParams {
    /// The release's slug.
    pub slug: Option<String>,
}

/// The article page.
#[component]
pub fn ReleasePage() -> impl IntoView {
    let params = use_params::<ReleaseParams>();
    let slug = move || {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.slug.clone())
            .unwrap_or_default()
    };
    move || {
        let slug = slug();
        view! { <WithStore render=move |store| release_view(store, &slug)/> }
    }
}

fn release_view(store: Store, slug: &str) -> impl IntoView {
    let site = store.site();
    match store.article(slug) {
        Some(article) => {
            let title = format!("{} — {}", article.item.title, site.title);
            view! {
                <Title text=title/>
                <SiteHeader site=site heading=false/>
                <main class="release-page">
                    <ArticleView article=article/>
                </main>
            }
            .into_any()
        }
        None => view! {
            <Title text=format!("Release not found — {}", site.title)/>
            <SiteHeader site=site heading=false/>
            <main class="release-page">
                <NotFound what="Release not found"/>
            </main>
        }
        .into_any(),
    }
}
