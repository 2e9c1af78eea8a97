//! A release's tags.

use leptos::prelude::*;

/// The tags as a list; nothing when there are none.
#[component]
pub fn TagList(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags" data-testid="tags" aria-label="Tags">
                {tags.into_iter().map(|tag| view! { <li><bdi>{tag}</bdi></li> }).collect_view()}
            </ul>
        }
    })
}
