//! Previous (older) and next (newer) release links, as on news sites' post pages.

use leptos::prelude::*;

use crate::store::{release_href, NavLink};

/// The neighbours' titles as links; each absent at the ends.
#[component]
pub fn PrevNext(previous: Option<NavLink>, next: Option<NavLink>) -> impl IntoView {
    view! {
        <nav class="prev-next" data-testid="prev-next" aria-label="More releases">
            {previous.map(|link| view! {
                <a class="prev-link" data-testid="prev-link" rel="prev" href=release_href(&link.slug)>
                    "Previous: "<bdi>{link.title}</bdi>
                </a>
            })}
            {next.map(|link| view! {
                <a class="next-link" data-testid="next-link" rel="next" href=release_href(&link.slug)>
                    "Next: "<bdi>{link.title}</bdi>
                </a>
            })}
        </nav>
    }
}
