//! One release in the list.

use leptos::prelude::*;

use crate::components::{ReleaseMeta, TagList};
use crate::links::use_links;
use crate::store::ListItem;

/// Title (a link to the article), date, source, summary and tags.
#[component]
pub fn ReleaseCard(item: ListItem) -> impl IntoView {
    let href = use_links().release(&item.slug);
    let lang = item.language.clone();
    view! {
        <article class="release-card" lang=lang>
            <h2 class="release-card-title" dir="auto">
                <a href=href data-testid="release-link"><bdi>{item.title.clone()}</bdi></a>
            </h2>
            <ReleaseMeta item=item.clone()/>
            <p class="release-summary" data-testid="release-summary">{item.summary.clone()}</p>
            <TagList tags=item.tags.clone()/>
        </article>
    }
}
