//! A whole release: title, date, source and official link, tags, body, previous/next.
//! The body arrives on its own and may fail on its own: then the rest of the article stays
//! and the body's place says what failed, with Retry.

use leptos::prelude::*;

use crate::components::{PrevNext, ReleaseMeta, TagList};
use crate::links::use_links;
use crate::load::LoadError;
use crate::store::Article;

/// The article, with its body as safe HTML or the error that kept it away; `on_retry`
/// loads the body again (none when pre-rendering).
#[component]
pub fn ArticleView(
    article: Article,
    body: Result<String, LoadError>,
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let t = crate::messages::messages();
    let Article {
        item,
        source_url,
        updated,
        attribution,
        previous,
        next,
        reading_minutes,
    } = article;
    let links = use_links();
    let official = crate::messages::fill(t.official_release, &[&item.source_name]);
    view! {
        <article class="release" data-testid="release" lang=item.language.clone()>
            <p class="back"><a href=links.list() data-testid="back-to-list">{t.all_releases}</a></p>
            <h1 class="release-title" data-testid="release-title"><bdi>{item.title.clone()}</bdi></h1>
            <ReleaseMeta item=item.clone() date_testid="release-date"/>
            {reading_minutes.map(|minutes| view! {
                <p class="reading-time" data-testid="reading-time">{crate::messages::fill(t.reading_time, &[&minutes.to_string()])}</p>
            })}
            {updated.map(|(datetime, human)| view! {
                <p class="release-updated">{t.updated}<time datetime=datetime>{human}</time></p>
            })}
            <TagList tags=item.tags.clone()/>
            {match body {
                Ok(html) => view! { <div class="release-body" data-testid="release-body" inner_html=html></div> }.into_any(),
                Err(error) => view! {
                    <div class="release-body body-error" data-testid="body-error" role="alert">
                        <p>{t.body_failed}{error.to_string()}</p>
                        {on_retry.map(|retry| view! {
                            <button type="button" data-testid="body-retry" on:click=move |_| retry.run(())>{t.retry}</button>
                        })}
                    </div>
                }.into_any(),
            }}
            <footer class="release-footer">
                // Empty only while the release's own data could not be read (its card
                // stands in): no link to nowhere.
                {(!source_url.is_empty()).then(|| view! {
                    <p class="official">
                        <a href=source_url rel="noopener noreferrer" data-testid="official-link">{official}</a>
                    </p>
                })}
                {attribution.map(|name| view! { <p class="attribution">{t.first_appeared_on}<bdi>{name}</bdi>"."</p> })}
            </footer>
            <PrevNext previous=previous next=next/>
        </article>
    }
}
