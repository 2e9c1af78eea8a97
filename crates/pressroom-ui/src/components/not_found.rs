//! "Not found", with a link back to the list.

use crate::links::use_links;
use leptos::prelude::*;

/// The message and the way back.
#[component]
pub fn NotFound(what: &'static str) -> impl IntoView {
    let t = crate::messages::messages();
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{what}</h1>
            <p>{t.moved_or_removed}</p>
            <p><a href=use_links().list() data-testid="back-to-list">{t.all_releases}</a></p>
        </section>
    }
}
