//! A release's tags, each a link to the releases with that tag.

use leptos::prelude::*;

use crate::filter::{Facet, Filter};
use crate::links::use_links;

/// The tags as a list of links; nothing when there are none.
#[component]
pub fn TagList(tags: Vec<String>) -> impl IntoView {
    let t = crate::messages::messages();
    let links = use_links();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags" data-testid="tags" aria-label=t.tags>
                {tags
                    .into_iter()
                    .map(|tag| {
                        let href = links.search(&Filter::default().toggled(Facet::Tag, &tag));
                        view! { <li><a href=href data-testid="tag-link"><bdi>{tag}</bdi></a></li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
