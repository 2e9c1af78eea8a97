//! The latest-releases widget: the N newest releases (optionally of one tag or source)
//! as a compact list whose links open the full viewer.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::{LoadErrorView, LoadingState};
use crate::context::StoreResource;
use crate::links::use_links;
use crate::load::LoadError;
use crate::store::ListItem;

/// What the widget shows, from its element's `data-pressroom-*` attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetOptions {
    /// How many releases (1 to 50; 5 by default).
    pub count: usize,
    /// Only releases with this tag.
    pub tag: Option<String>,
    /// Only releases from this source.
    pub source: Option<String>,
}

impl WidgetOptions {
    /// Reads the attribute values; a count that is not a number is 5, and it is kept
    /// within 1 to 50. Empty filters are no filters.
    pub fn read(count: Option<String>, tag: Option<String>, source: Option<String>) -> Self {
        let count = count
            .and_then(|c| c.trim().parse::<usize>().ok())
            .unwrap_or(5)
            .clamp(1, 50);
        let filled = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        Self {
            count,
            tag: filled(tag),
            source: filled(source),
        }
    }
}

/// The widget; expects a store resource and links in context.
#[component]
pub fn LatestReleases(options: WidgetOptions) -> impl IntoView {
    let Some(store) = use_context::<StoreResource>() else {
        return ().into_any();
    };
    // Not a resource of its own: the Suspend reads the store's, so it runs again when the
    // store changes (Retry), and each resource type costs the wasm its own machinery.
    let draw = move || {
        let options = options.clone();
        Suspend::new(SendWrapper::new(async move {
            match latest(store, &options).await {
                Ok(items) => latest_list(items).into_any(),
                Err(error) => {
                    let retry = Callback::new(move |()| store.0.refetch());
                    view! { <LoadErrorView message=error.to_string() on_retry=retry/> }.into_any()
                }
            }
        }))
    };
    view! {
        <section class="pressroom-latest" data-testid="latest">
            <Suspense fallback=|| view! { <LoadingState/> }>{draw}</Suspense>
        </section>
    }
    .into_any()
}

/// The newest releases `options` asks for, once the store is loaded.
async fn latest(store: StoreResource, options: &WidgetOptions) -> Result<Vec<ListItem>, LoadError> {
    let (tag, source) = (options.tag.as_deref(), options.source.as_deref());
    store.0.await?.latest(options.count, tag, source).await
}

fn latest_list(items: Vec<ListItem>) -> impl IntoView {
    let links = use_links();
    let empty = items.is_empty();
    view! {
        <ul class="latest-list" data-testid="latest-list">
            {items
                .into_iter()
                .map(|item| {
                    view! {
                        <li class="latest-item" data-testid="latest-item" lang=item.language.clone()>
                            <a href=links.release(&item.slug) data-testid="latest-link"><bdi>{item.title}</bdi></a>
                            <span class="release-meta">
                                <time datetime=item.datetime>{crate::context::shown_date(&item.date)}</time>" · "<bdi>{item.source_name}</bdi>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {empty.then(|| view! { <p class="empty" data-testid="empty-list">"No releases yet."</p> })}
        <p class="latest-more"><a href=links.list() data-testid="latest-all">"All releases →"</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_and_clamp() {
        let read = |c: Option<&str>| WidgetOptions::read(c.map(Into::into), None, None).count;
        assert_eq!(read(None), 5);
        assert_eq!(read(Some("3")), 3);
        assert_eq!(read(Some("0")), 1);
        assert_eq!(read(Some("1000")), 50);
        assert_eq!(read(Some("lots")), 5);
        let filtered = WidgetOptions::read(None, Some(" ".into()), Some("NASA".into()));
        assert_eq!(
            (filtered.tag, filtered.source.as_deref()),
            (None, Some("NASA"))
        );
    }
}
