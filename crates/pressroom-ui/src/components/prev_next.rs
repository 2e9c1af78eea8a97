//! Previous (older) and next (newer) release links, as on news sites' post pages.

use leptos::prelude::*;

use crate::links::use_links;
use crate::store::NavLink;

/// The neighbours' titles as links; each absent at the ends.
#[component]
pub fn PrevNext(previous: Option<NavLink>, next: Option<NavLink>) -> impl IntoView {
    let t = crate::messages::messages();
    let links = use_links();
    let older = previous.map(|link| (links.release(&link.slug), link.title));
    let newer = next.map(|link| (links.release(&link.slug), link.title));
    view! {
        <nav class="prev-next" data-testid="prev-next" aria-label=t.more_releases>
            {older.map(|(href, title)| view! {
                <a class="prev-link" data-testid="prev-link" rel="prev" href=href>
                    {t.previous}<bdi>{title}</bdi>
                </a>
            })}
            {newer.map(|(href, title)| view! {
                <a class="next-link" data-testid="next-link" rel="next" href=href>
                    {t.next}<bdi>{title}</bdi>
                </a>
            })}
        </nav>
    }
}
