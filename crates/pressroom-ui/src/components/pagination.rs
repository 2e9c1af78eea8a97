//! "Newer" and "Older" links between pages of the list, and where this page is.

use leptos::prelude::*;

use crate::links::use_links;
use crate::store::PageInfo;

/// Nothing when the list fits on one page.
#[component]
pub fn Pagination(info: PageInfo) -> impl IntoView {
    let links = use_links();
    (info.count > 1).then(|| {
        view! {
            <nav class="pagination" data-testid="pagination" aria-label="Pages">
                {info.newer().map(|n| view! {
                    <a class="newer-page" data-testid="newer-page" rel="prev" href=links.page(n)>"← Newer"</a>
                })}
                <span class="page-status" data-testid="page-status">
                    {format!("Page {} of {}", info.number, info.count)}
                </span>
                {info.older().map(|n| view! {
                    <a class="older-page" data-testid="older-page" rel="next" href=links.page(n)>"Older →"</a>
                })}
            </nav>
        }
    })
}
