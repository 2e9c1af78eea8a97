//! "Newer" and "Older" links between pages of the list, and where this page is; and the
//! same for pages of search results.

use leptos::prelude::*;

use crate::messages::fill;
use pressroom_core::paging::{PageLayout, PageRef};

use crate::filter::Filter;
use crate::links::use_links;

/// Nothing when the list fits on the front page. A numbered page says only its number,
/// never how many there are, so publishing a release leaves old pages byte for byte the
/// same ([`pressroom_core::paging`]).
#[component]
pub fn Pagination(layout: PageLayout) -> impl IntoView {
    let t = crate::messages::messages();
    let links = use_links();
    let status = match layout.page {
        PageRef::Front => t.latest_releases.to_owned(),
        PageRef::Numbered(n) => fill(t.page_n, &[&n.to_string()]),
    };
    (layout.newer.is_some() || layout.older.is_some()).then(|| {
        view! {
            <nav class="pagination" data-testid="pagination" aria-label=t.pages>
                {layout.newer.map(|p| view! {
                    <a class="newer-page" data-testid="newer-page" rel="prev" href=links.page(p)>{t.newer}</a>
                })}
                <span class="page-status" data-testid="page-status">{status}</span>
                {layout.older.map(|p| view! {
                    <a class="older-page" data-testid="older-page" rel="next" href=links.page(p)>{t.older}</a>
                })}
            </nav>
        }
    })
}

/// Links between pages of search results; nothing when they fit on one.
#[component]
pub fn ResultsPagination(filter: Filter, page: usize, pages: usize) -> impl IntoView {
    let t = crate::messages::messages();
    let links = use_links();
    (pages > 1).then(|| {
        let newer = (page > 1).then(|| links.search(&filter.with_page(page - 1)));
        let older = (page < pages).then(|| links.search(&filter.with_page(page + 1)));
        view! {
            <nav class="pagination" data-testid="results-pagination" aria-label=t.result_pages>
                {newer.map(|href| view! { <a class="newer-page" rel="prev" href=href>{t.previous_page}</a> })}
                <span class="page-status" data-testid="page-status">{fill(t.page_of, &[&page.to_string(), &pages.to_string()])}</span>
                {older.map(|href| view! { <a class="older-page" rel="next" href=href>{t.next_page}</a> })}
            </nav>
        }
    })
}
