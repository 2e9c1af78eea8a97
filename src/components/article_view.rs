//! A whole release: title, date, source and official link, tags, body, previous/next.

use leptos::prelude::*;

use crate::components::{PrevNext, ReleaseMeta, TagList};
use crate::links::use_links;
use crate::store::Article;

/// The article.
#[component]
pub fn ArticleView(article: Article) -> impl IntoView {
    let Article {
        item,
        source_url,
        body_html,
        updated,
        attribution,
        previous,
        next,
    } = article;
    let links = use_links();
    let official = format!("Official release: {}", item.source_name);
    view! {
        <article class="release" data-testid="release" lang=item.language.clone()>
            <p class="back"><a href=links.list() data-testid="back-to-list">"← All releases"</a></p>
            <h1 class="release-title" data-testid="release-title"><bdi>{item.title.clone()}</bdi></h1>
            <ReleaseMeta item=item.clone() date_testid="release-date"/>
            {updated.map(|(datetime, human)| view! {
                <p class="release-updated">"Updated "<time datetime=datetime>{human}</time></p>
            })}
            <TagList tags=item.tags.clone()/>
            <div class="release-body" data-testid="release-body" inner_html=body_html></div>
            <footer class="release-footer">
                <p class="official">
                    <a href=source_url rel="noopener noreferrer" data-testid="official-link">{official}</a>
                </p>
                {attribution.map(|name| view! { <p class="attribution">"This copy first appeared on "<bdi>{name}</bdi>"."</p> })}
            </footer>
            <PrevNext previous=previous next=next/>
        </article>
    }
}
