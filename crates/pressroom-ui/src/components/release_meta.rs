//! The date and source line of a release.

use leptos::prelude::*;

use crate::store::ListItem;

/// `<time>` and the issuing agency.
#[component]
pub fn ReleaseMeta(
    item: ListItem,
    #[prop(optional)] date_testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <p class="release-meta">
            <time datetime=item.datetime data-testid=date_testid>{item.date}</time>
            " · "
            <span class="release-source" data-testid="release-source"><bdi>{item.source_name}</bdi></span>
        </p>
    }
}
