//! "Not found", with a link back to the list.

use crate::store::list_href;
use leptos::prelude::*;

/// The message and the way back.
#[component]
pub fn NotFound(what: &'static str) -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>{what}</h1>
            <p>"It may have been moved or removed."</p>
            <p><a href=list_href() data-testid="back-to-list">"← All releases"</a></p>
        </section>
    }
}
