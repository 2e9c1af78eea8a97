//! A whole release: title, date, source and official link, tags, body, the links to copy
//! or share it (in the running app), related releases, previous/next.
//! The body arrives on its own and may fail on its own: then the rest of the article stays
//! and the body's place says what failed, with Retry.

use leptos::prelude::*;

use crate::components::{PrevNext, ReleaseMeta, TagList};
use crate::context::Sharing;
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
        related,
    } = article;
    let links = use_links();
    let official = crate::messages::fill(t.official_release, &[&item.source_name]);
    view! {
        <article class="release" data-testid="release" lang=item.language.clone()>
            <p class="back"><a href=links.list() data-testid="back-to-list">{t.all_releases}</a></p>
            <h1 class="release-title" data-testid="release-title" dir="auto"><bdi>{item.title.clone()}</bdi></h1>
            <ReleaseMeta item=item.clone() date_testid="release-date"/>
            {reading_minutes.map(|minutes| view! {
                <p class="reading-time" data-testid="reading-time">{crate::messages::fill(t.reading_time, &[&minutes.to_string()])}</p>
            })}
            {updated.map(|(datetime, date)| view! {
                <p class="release-updated">{t.updated}<time datetime=datetime>{crate::context::shown_date(&date)}</time></p>
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
            <ShareLinks href=links.release(&item.slug) title=item.title.clone()/>
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
            {(!related.is_empty()).then(|| view! {
                <aside class="related" aria-labelledby="related-heading" data-testid="related">
                    <h2 id="related-heading">{t.related_releases}</h2>
                    <ul>
                        {related.into_iter().map(|link| view! {
                            <li><a href=links.release(&link.slug) data-testid="related-link"><bdi>{link.title}</bdi></a></li>
                        }).collect_view()}
                    </ul>
                </aside>
            })}
            <PrevNext previous=previous next=next/>
        </article>
    }
}

/// "Copy link" and "Share…", when the running app provides [`Sharing`].
#[component]
fn ShareLinks(href: String, title: String) -> impl IntoView {
    use_context::<Sharing>().map(|sharing| {
        let t = crate::messages::messages();
        // A new article starts without the last one's confirmation.
        sharing.copied.set(None);
        let copy_href = href.clone();
        let status = move || match sharing.copied.get() {
            Some(true) => t.link_copied,
            Some(false) => t.copy_failed,
            None => "",
        };
        view! {
            <p class="share">
                <button type="button" data-testid="copy-link" on:click=move |_| sharing.copy.run(copy_href.clone())>{t.copy_link}</button>
                {sharing.share.map(|share| view! {
                    <button type="button" data-testid="share" on:click=move |_| share.run((title.clone(), href.clone()))>{t.share}</button>
                })}
                <span class="share-status" role="status" data-testid="copy-status">{status}</span>
            </p>
        }
    })
}
