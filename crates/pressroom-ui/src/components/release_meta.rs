//! The date and source line of a release; the source links to its releases.

use leptos::prelude::*;

use crate::filter::{Facet, Filter};
use crate::links::use_links;
use crate::store::ListItem;

/// `<time>` and the issuing agency.
#[component]
pub fn ReleaseMeta(
    item: ListItem,
    #[prop(optional)] date_testid: Option<&'static str>,
) -> impl IntoView {
    let href = use_links().search(&Filter::default().toggled(Facet::Source, &item.source_name));
    view! {
        <p class="release-meta">
            <time datetime=item.datetime data-testid=date_testid>{crate::context::shown_date(&item.date)}</time>
            " · "
            <a class="release-source" href=href data-testid="release-source"><bdi>{item.source_name}</bdi></a>
        </p>
    }
}
