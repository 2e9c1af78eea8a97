//! `/releases/<slug>/`: one release with previous/next.

use leptos::prelude::*;

use crate::components::{ArticleView, NotFound, SiteHeader};
use crate::load::LoadError;
use crate::store::{Article, SiteInfo};

/// A release page's data: the article's metadata (or `None` for an unknown slug) and its
/// body, which may have failed on its own.
#[derive(Debug, Clone)]
pub struct ReleaseData {
    /// The site.
    pub site: SiteInfo,
    /// The article, if the slug is known.
    pub article: Option<Article>,
    /// Its body as safe HTML, or why it could not be loaded.
    pub body: Result<String, LoadError>,
}

/// The document title of a release page.
pub fn release_title(data: &ReleaseData) -> String {
    match &data.article {
        Some(article) => super::document_title(&article.item.title, &data.site),
        None => super::document_title(
            super::site_messages(&data.site).release_not_found,
            &data.site,
        ),
    }
}

/// The release (or "release not found"), as the app and the pre-renderer show it.
pub fn release_view(data: ReleaseData, on_retry: Option<Callback<()>>) -> AnyView {
    let t = crate::messages::messages();
    let ReleaseData {
        site,
        article,
        body,
    } = data;
    let main = match article {
        Some(article) => {
            view! { <ArticleView article=article body=body on_retry=on_retry/> }.into_any()
        }
        None => view! { <NotFound what=t.release_not_found/> }.into_any(),
    };
    view! {
        <SiteHeader site=site heading=false/>
        <main id="main" class="release-page">{main}</main>
    }
    .into_any()
}
