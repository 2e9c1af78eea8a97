//! One search result: the title (a link to the release, which marks the words found),
//! date and source, the summary with the words marked, and tags.

use leptos::prelude::*;

use crate::components::{MarkedText, ReleaseMeta, TagList};
use crate::links::use_links;
use crate::store::ResultItem;

/// A result of the search for `q`.
#[component]
pub fn ResultCard(result: ResultItem, q: String) -> impl IntoView {
    let ResultItem {
        item,
        title_marks,
        summary_marks,
    } = result;
    let href = use_links().release_found(&item.slug, &q);
    let lang = item.language.clone();
    view! {
        <article class="release-card" lang=lang>
            <h2 class="release-card-title" dir="auto">
                <a href=href data-testid="result-link"><MarkedText text=item.title.clone() marks=title_marks/></a>
            </h2>
            <ReleaseMeta item=item.clone()/>
            <p class="release-summary" data-testid="result-summary"><MarkedText text=item.summary.clone() marks=summary_marks/></p>
            <TagList tags=item.tags.clone()/>
        </article>
    }
}
