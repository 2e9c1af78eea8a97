//! The page of the current route: one resource loads what the route shows, inside one
//! `<Transition>`, so moving to another page (previous/next, a list page) keeps the old
//! page on screen until the new one has its data, and a first load shows the loading
//! state. A failure shows the error state with Retry; a body that fails is shown inside
//! the article. In the browser, an article's neighbours are fetched once it is shown.

use leptos::prelude::*;

use crate::components::{LoadErrorView, LoadingState, UpdateNotice};
use crate::context::{current_route, Interactive, PageReporter, PageState, StoreResource};
use crate::load::LoadError;
use crate::pages::{load_page, PageData};
use crate::route::Route;
use crate::store::Store;

/// What the loader gives: the route it loaded, and its data or why it failed (and
/// whether the store itself failed, which Retry then loads again).
#[derive(Debug, Clone)]
struct Loaded {
    route: Route,
    result: Result<PageData, (LoadError, bool)>,
}

/// The whole viewer at the current route; expects a [`StoreResource`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    let Some(store) = use_context::<StoreResource>() else {
        return view! { <p class="load-error" data-testid="load-error">"Pressroom is not set up: no bundle."</p> }
            .into_any();
    };
    let route = current_route();
    let reporter = PageReporter::from_context();
    let interactive = use_context::<Interactive>().is_some();
    let retry = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        let route = route.get();
        retry.track();
        async move {
            let result = match store.0.await {
                Ok(store) => {
                    let page = load_page(&store, &route).await.map_err(|e| (e, false));
                    if let (true, Route::Release { slug, .. }) =
                        (interactive && page.is_ok(), &route)
                    {
                        prefetch(store, slug.clone());
                    }
                    page
                }
                Err(error) => Err((error, true)),
            };
            Loaded { route, result }
        }
    });
    let again = Callback::new(move |()| retry.update(|n| *n = n.wrapping_add(1)));
    let draw = move || {
        Suspend::new(async move {
            let Loaded { route, result } = data.await;
            match result {
                Ok(page) => {
                    reporter.shown(route, page.title());
                    page.view(Some(again))
                }
                Err((error, store_failed)) => {
                    reporter.report(PageState::Failed { route });
                    let on_retry = if store_failed {
                        Callback::new(move |()| store.0.refetch())
                    } else {
                        again
                    };
                    view! { <LoadErrorView message=error.to_string() on_retry=on_retry/> }
                        .into_any()
                }
            }
        })
    };
    view! {
        <div class="pressroom-app">
            <UpdateNotice/>
            <Transition fallback=|| view! { <LoadingState/> }>{draw}</Transition>
        </div>
    }
    .into_any()
}

/// Loads the bodies of the neighbours of release `slug` in the background, so Previous
/// and Next show at once.
fn prefetch(store: Store, slug: String) {
    leptos::task::spawn_local(async move { store.prefetch_neighbours(&slug).await });
}
