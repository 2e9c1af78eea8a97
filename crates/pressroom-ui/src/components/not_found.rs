//! "Not found", with a link back to the list.

use crate::links::use_links;
use leptos::prelude::*;

/// The message and the way back.
#[component]
pub fn NotFound(what: &'static str) -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{what}</h1>
            <p>"It may have been moved or removed."</p>
            <p><a href=use_links().list() data-testid="back-to-list">"← All releases"</a></p>
        </section>
    }
}
