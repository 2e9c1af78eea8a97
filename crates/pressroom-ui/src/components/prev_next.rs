//! Previous (older) and next (newer) release links, as on news sites' post pages.

use leptos::prelude::*;

use crate::links::use_links;
use crate::store::NavLink;

/// The neighbours' titles as links; each absent at the ends.
#[component]
pub fn PrevNext(previous: Option<NavLink>, next: Option<NavLink>) -> impl IntoView {
    let links = use_links();
    let older = previous.map(|link| (links.release(&link.slug), link.title));
    let newer = next.map(|link| (links.release(&link.slug), link.title));
    view! {
        <nav class="prev-next" data-testid="prev-next" aria-label="More releases">
            {older.map(|(href, title)| view! {
                <a class="prev-link" data-testid="prev-link" rel="prev" href=href>
                    "Previous: "<bdi>{title}</bdi>
                </a>
            })}
            {newer.map(|(href, title)| view! {
                <a class="next-link" data-testid="next-link" rel="next" href=href>
                    "Next: "<bdi>{title}</bdi>
                </a>
            })}
        </nav>
    }
}
