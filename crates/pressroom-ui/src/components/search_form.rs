//! The search box: a plain form (`GET` to the list, `q`), so it works on a pre-rendered
//! page before the app has started and without JavaScript; the shell takes over its
//! submit and follows what the reader types. The filters of the current search ride along
//! as hidden fields, so refining the words keeps them.

use leptos::prelude::*;

use crate::filter::Filter;
use crate::links::use_links;

/// The search form, holding `filter`'s words and its other settings.
#[component]
pub fn SearchForm(filter: Filter) -> impl IntoView {
    let t = crate::messages::messages();
    let action = use_links().list();
    let hidden = hidden_fields(&filter);
    view! {
        <form class="search-form" role="search" method="get" action=action data-testid="search-form">
            <label for="pressroom-q" class="search-label">{t.search_label}</label>
            <span class="search-row">
                <input id="pressroom-q" type="search" name="q" value=filter.q.clone() autocomplete="off"
                    data-testid="search-input" enterkeyhint="search"/>
                <button type="submit" data-testid="search-submit">{t.search}</button>
            </span>
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
        </form>
    }
}

/// The filter's settings other than the words, as form fields.
pub fn hidden_fields(filter: &Filter) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    for (facet, values) in filter.facets() {
        fields.extend(values.iter().map(|v| (facet.key(), v.clone())));
    }
    fields.extend(filter.from.iter().map(|v| ("from", v.clone())));
    fields.extend(filter.to.iter().map(|v| ("to", v.clone())));
    fields
}
