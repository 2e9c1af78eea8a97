//! `/?q=…` and the filters: search results, best first, with the words found marked, the
//! filters with counts that follow the search, and "did you mean".

use leptos::prelude::*;

use crate::messages::fill;

use crate::components::{FiltersPanel, ResultCard, ResultsPagination, SiteHeader};
use crate::filter::Filter;
use crate::links::use_links;
use crate::store::{SearchPage, SiteInfo};

/// A results page's data.
#[derive(Debug, Clone)]
pub struct SearchData {
    /// The site.
    pub site: SiteInfo,
    /// The results.
    pub results: SearchPage,
}

/// The document title of a results page.
pub fn search_title(data: &SearchData) -> String {
    let q = data.results.filter.q.trim();
    let t = super::site_messages(&data.site);
    if q.is_empty() {
        super::document_title(t.filtered_releases, &data.site)
    } else {
        super::document_title(&format!("“{q}” — {}", t.search), &data.site)
    }
}

/// How many results, in words, in the interface's language.
pub fn results_summary(results: &SearchPage) -> String {
    let t = crate::messages::messages();
    let count = results.total.to_string();
    let template = if results.total == 1 {
        t.one_result
    } else {
        t.many_results
    };
    let mut counted = fill(template, &[&count]);
    if results.approximate {
        counted.insert_str(0, t.about);
    }
    let q = results.filter.q.trim();
    if q.is_empty() {
        counted
    } else {
        fill(t.results_for, &[&counted, q])
    }
}

/// The results page, as the app shows it.
pub fn search_view(data: SearchData) -> AnyView {
    let t = crate::messages::messages();
    let SearchData { site, results } = data;
    let links = use_links();
    let filter = results.filter.clone();
    let suggestion = results.suggestion.clone().map(|q| {
        let href = links.search(&Filter { q: q.clone(), page: 1, ..filter.clone() });
        view! { <p class="suggestion" data-testid="suggestion">{t.did_you_mean}<a href=href>{q}</a>"?"</p> }
    });
    let q = filter.q.clone();
    view! {
        <SiteHeader site=site heading=false filter=filter.clone()/>
        <main id="main" class="search-page">
            <h1 class="results-heading" data-testid="results-heading" dir="auto">{results_summary(&results)}</h1>
            {suggestion}
            <FiltersPanel filter=filter.clone() open=filter.has_facets() initial=None/>
            <ol class="release-list" data-testid="results">
                {results
                    .items
                    .into_iter()
                    .map(|result| view! { <li data-testid="result-item"><ResultCard result=result q=q.clone()/></li> })
                    .collect_view()}
            </ol>
            <ResultsPagination filter=filter page=results.page pages=results.pages/>
        </main>
    }
    .into_any()
}
