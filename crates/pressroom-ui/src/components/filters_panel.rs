//! The filters: sources, tags and months as links that switch a value on or off (OR
//! within a facet, AND across), with counts that follow the search, and a date range as a
//! plain form. Everything is a link or a form, so it degrades to plain links on a
//! pre-rendered page, which carries the whole archive's counts (`initial`). In the
//! browser (with [`Interactive`] in context) the counts are loaded when the panel is
//! opened (for a large archive they need its facet columns), or at once when a filter is
//! already set.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::search_form::hidden_fields;
use crate::context::{Interactive, StoreResource};
use crate::filter::{Facet, Filter};
use crate::links::use_links;
use crate::messages::{fill, messages, month_label};
use crate::store::{FacetValue, FacetView};

/// Values shown per facet before "more".
const SHOWN: usize = 12;

/// Values listed per facet at most, the selected ones always among them: an archive's
/// hundreds of tags would make every page that lists them heavy (the front page of a
/// 3,000-release archive weighed 21 KB gzip with 300 tags), and nobody scans such a list.
/// The others are found by searching, or from a release's tag links.
const LISTED: usize = 60;

/// The panel for `filter`; open when `open`; with `initial` counts when they are known.
#[component]
pub fn FiltersPanel(filter: Filter, open: bool, initial: Option<FacetView>) -> impl IntoView {
    let t = messages();
    let summary = t.filters;
    let (Some(store), Some(_)) = (use_context::<StoreResource>(), use_context::<Interactive>())
    else {
        let lists = initial.map(|view| facet_lists(&view, &filter));
        return view! {
            <details class="filters" data-testid="filters" open=open>
                <summary data-testid="filters-toggle">{summary}</summary>
                {lists}
            </details>
        }
        .into_any();
    };
    let opened = RwSignal::new(open);
    // Not a resource of its own: the Suspend reads `opened` and the store's resource, so
    // it runs again when either changes, and each resource type costs the wasm its own
    // machinery.
    let body = move || {
        let (filter, initial) = (filter.clone(), initial.clone());
        Suspend::new(SendWrapper::new(async move {
            // Closed, it waits for nothing: not even the store.
            let counts = if opened.get() {
                match store.0.await {
                    Ok(store) => store.facet_view(&filter).await.ok(),
                    Err(_) => None,
                }
            } else {
                None
            };
            counts.or(initial).map(|view| facet_lists(&view, &filter))
        }))
    };
    view! {
        <details class="filters" data-testid="filters" open=open>
            <summary data-testid="filters-toggle" on:click=move |_| opened.update(|o| *o = !*o)>
                {summary}
            </summary>
            <Transition fallback=move || view! { <p class="loading">{t.loading_filters}</p> }>{body}</Transition>
        </details>
    }
    .into_any()
}

fn facet_lists(view: &FacetView, filter: &Filter) -> AnyView {
    let t = messages();
    let partial = view.partial.map(|(counted, total)| {
        let note = fill(t.counts_cover, &[&counted.to_string(), &total.to_string()]);
        view! { <p class="facets-note" data-testid="facets-partial">{note}</p> }
    });
    view! {
        <div class="facets">
            {partial}
            <FacetList title=t.source facet=Facet::Source values=view.sources.clone() filter=filter.clone()/>
            <FacetList title=t.tag facet=Facet::Tag values=view.tags.clone() filter=filter.clone()/>
            <FacetList title=t.month facet=Facet::Month values=view.months.clone() filter=filter.clone()/>
            <DateRange filter=filter.clone()/>
        </div>
    }
    .into_any()
}

/// One facet's values as links.
#[component]
fn FacetList(
    title: &'static str,
    facet: Facet,
    values: Vec<FacetValue>,
    filter: Filter,
) -> impl IntoView {
    let (links, t) = (use_links(), messages());
    let item = move |v: FacetValue| {
        let href = links.search(&filter.toggled(facet, &v.value));
        let current = v.selected.then_some("true");
        let label = match facet {
            Facet::Month => month_label(&v.value, t),
            Facet::Source | Facet::Tag => v.value,
        };
        view! {
            <li>
                <a href=href aria-current=current data-testid="facet-value" data-facet=facet.key()>
                    <bdi>{label}</bdi>" "<span class="facet-count">{format!("({})", v.count)}</span>
                </a>
            </li>
        }
    };
    let (first, more, unlisted) = split_shown(values);
    let rest = (!more.is_empty()).then(|| {
        let count = more.len();
        let item = item.clone();
        let unlisted = (unlisted > 0).then(|| {
            view! {
                <li class="facet-unlisted" data-testid="facet-unlisted">
                    {fill(t.unlisted_values, &[&unlisted.to_string()])}
                </li>
            }
        });
        view! {
            <details class="facet-more">
                <summary>{fill(t.more_values, &[&count.to_string()])}</summary>
                <ul>{more.into_iter().map(item).collect_view()}{unlisted}</ul>
            </details>
        }
    });
    (!first.is_empty()).then(|| {
        view! {
            <section class="facet" aria-label=title>
                <h2 class="facet-title">{title}</h2>
                <ul>{first.into_iter().map(item).collect_view()}</ul>
                {rest}
            </section>
        }
    })
}

/// The selected values and the first [`SHOWN`] others; the next ones up to [`LISTED`]
/// in all; how many are left out.
fn split_shown(values: Vec<FacetValue>) -> (Vec<FacetValue>, Vec<FacetValue>, usize) {
    let mut shown = Vec::new();
    let mut more = Vec::new();
    let mut unlisted = 0;
    // The selected values are listed wherever they are.
    let mut listed = values.iter().filter(|v| v.selected).count();
    for value in values {
        if value.selected {
            shown.push(value);
        } else if shown.len() < SHOWN {
            shown.push(value);
            listed += 1;
        } else if listed < LISTED {
            more.push(value);
            listed += 1;
        } else {
            unlisted += 1;
        }
    }
    (shown, more, unlisted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(count: usize, selected: &[usize]) -> Vec<FacetValue> {
        (0..count)
            .map(|i| FacetValue {
                value: format!("t{i}"),
                count: 1000 - i,
                selected: selected.contains(&i),
            })
            .collect()
    }

    #[test]
    fn long_facets_list_sixty_values_and_count_the_rest() {
        let (shown, more, unlisted) = split_shown(values(300, &[]));
        assert_eq!((shown.len(), more.len(), unlisted), (12, 48, 240));
        assert_eq!(
            more.first().map(|v| v.value.as_str()),
            Some("t12"),
            "in order"
        );
        let (shown, more, unlisted) = split_shown(values(20, &[]));
        assert_eq!((shown.len(), more.len(), unlisted), (12, 8, 0));
    }

    #[test]
    fn selected_values_are_always_listed() {
        // t250 is far past the list's end, and selected: it is shown, at its place.
        let (shown, more, unlisted) = split_shown(values(300, &[3, 250]));
        assert!(shown.iter().any(|v| v.value == "t250"));
        assert_eq!(shown.len() + more.len(), 60);
        assert_eq!(unlisted, 240);
    }
}

/// The date range, a plain form that keeps the rest of the search.
#[component]
fn DateRange(filter: Filter) -> impl IntoView {
    let (action, t) = (use_links().list(), messages());
    let mut hidden = hidden_fields(&Filter {
        from: None,
        to: None,
        ..filter.clone()
    });
    if !filter.q.trim().is_empty() {
        hidden.push(("q", filter.q.clone()));
    }
    view! {
        <form class="date-range" method="get" action=action data-testid="date-range">
            <fieldset>
                <legend>{t.date}</legend>
                <label>{t.from}" "<input type="date" name="from" value=filter.from.clone().unwrap_or_default()/></label>
                <label>{t.to}" "<input type="date" name="to" value=filter.to.clone().unwrap_or_default()/></label>
                {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <button type="submit">{t.apply}</button>
            </fieldset>
        </form>
    }
}
