//! The page of the current route: one resource loads what the route shows, inside one
//! `<Transition>`, so moving to another page (previous/next, a list page) keeps the old
//! page on screen until the new one has its data, and a first load shows the loading
//! state. A failure shows the error state with Retry; a body that fails is shown inside
//! the article. In the browser, an article's neighbours are fetched once it is shown.
//!
//! Around the page: a skip link to its `<main>`, and a polite live region that announces
//! the title of each page reached by client-side navigation (not the first one, which the
//! screen reader reads as the document loads).

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
/// `children` (the running app's own controls) go at the end of its root element.
#[component]
pub fn Shell(#[prop(optional)] children: Option<ChildrenFn>) -> impl IntoView {
    let t = crate::messages::messages();
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
    let announcer = Announcer::new();
    let draw = move || {
        Suspend::new(async move {
            let Loaded { route, result } = data.await;
            match result {
                Ok(page) => {
                    announcer.shown(&route, &page.title());
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
            <a class="skip-link" href="#main" data-testid="skip-link">{t.skip_to_content}</a>
            <p class="visually-hidden" data-testid="announcer" aria-live="polite" aria-atomic="true">
                {move || announcer.text.get()}
            </p>
            <UpdateNotice/>
            <Transition fallback=|| view! { <LoadingState/> }>{draw}</Transition>
            {children.map(|children| children())}
        </div>
    }
    .into_any()
}

/// The live region's text: empty for the first page shown, then the title of each page
/// shown for another route than the one before it.
#[derive(Debug, Clone, Copy)]
struct Announcer {
    text: RwSignal<String>,
    last: StoredValue<Option<Route>>,
}

impl Announcer {
    fn new() -> Self {
        Self {
            text: RwSignal::new(String::new()),
            last: StoredValue::new(None),
        }
    }

    /// The page of `route`, titled `title`, is drawn.
    fn shown(&self, route: &Route, title: &str) {
        let previous = self.last.get_value();
        if previous.as_ref() == Some(route) {
            return;
        }
        self.last.set_value(Some(route.clone()));
        if previous.is_some() {
            self.text.set(title.to_owned());
        }
    }
}

/// Loads the bodies of the neighbours of release `slug` in the background, so Previous
/// and Next show at once.
fn prefetch(store: Store, slug: String) {
    leptos::task::spawn_local(async move { store.prefetch_neighbours(&slug).await });
}
