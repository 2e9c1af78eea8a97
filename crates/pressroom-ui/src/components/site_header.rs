//! The site's header: its title (a link back to the list), description and search box.

use leptos::prelude::*;

use crate::components::SearchForm;
use crate::filter::Filter;
use crate::links::use_links;
use crate::store::SiteInfo;

/// The header, with the search box holding `filter`. On the list page the title is the
/// page's `h1`.
#[component]
pub fn SiteHeader(
    site: SiteInfo,
    heading: bool,
    #[prop(optional)] filter: Filter,
) -> impl IntoView {
    let title = site.title.clone();
    let href = use_links().list();
    let link = move || view! { <a href=href.clone()>{title.clone()}</a> };
    view! {
        <header class="site-header">
            {if heading {
                view! { <h1 class="site-title">{link()}</h1> }.into_any()
            } else {
                view! { <p class="site-title">{link()}</p> }.into_any()
            }}
            {heading.then(|| site.description.map(|d| view! { <p class="site-description">{d}</p> }))}
            <SearchForm filter=filter/>
        </header>
    }
}
