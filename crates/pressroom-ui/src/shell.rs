//! The page of the current route: one `Suspend` loads what the route shows from the
//! store, inside one `<Transition>`, so moving to another page (previous/next, a list
//! page) keeps the old page on screen until the new one has its data, and a first load
//! shows the loading state. A failure shows the error state with Retry; a body that
//! fails is shown inside the article. In the browser, an article's neighbours are fetched
//! once it is shown.
//!
//! Around the page: a skip link to its `<main>`, and a polite live region that announces
//! the title of each page reached by client-side navigation (not the first one, which the
//! screen reader reads as the document loads).

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::{LoadErrorView, LoadingState, UpdateNotice};
use crate::context::{current_route, Interactive, PageReporter, PageState, StoreResource};
use crate::load::LoadError;
use crate::pages::load_page;
use crate::route::Route;
use crate::store::Store;

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
    let again = Callback::new(move |()| retry.update(|n| *n = n.wrapping_add(1)));
    let announcer = Announcer::new();
    // No resource of its own: the Suspend reads the route, the retry count and the
    // store's resource, so it runs again when one changes, and the `<Transition>` keeps
    // the old page until the new one is ready. (Each resource type costs the wasm its own
    // copy of the resource machinery.)
    let draw = move || {
        Suspend::new(SendWrapper::new(async move {
            let route = route.get();
            retry.track();
            match store.0.await {
                Ok(loaded) => match load_page(&loaded, &route).await {
                    Ok(page) => {
                        if interactive {
                            if let Route::Release { slug, .. } = &route {
                                prefetch(loaded, slug.clone());
                            }
                        }
                        announcer.shown(&route, &page.title());
                        reporter.shown(route, page.title());
                        page.view(Some(again))
                    }
                    Err(error) => failed(error, route, reporter, again),
                },
                Err(error) => {
                    let on_retry = Callback::new(move |()| store.0.refetch());
                    failed(error, route, reporter, on_retry)
                }
            }
        }))
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

/// The error state of `route` with Retry calling `on_retry`.
fn failed(
    error: LoadError,
    route: Route,
    reporter: PageReporter,
    on_retry: Callback<()>,
) -> AnyView {
    reporter.report(PageState::Failed { route });
    view! { <LoadErrorView message=error.to_string() on_retry=on_retry/> }.into_any()
}

/// Loads the bodies of the neighbours of release `slug` in the background, so Previous
/// and Next show at once.
fn prefetch(store: Store, slug: String) {
    leptos::task::spawn_local(async move { store.prefetch_neighbours(&slug).await });
}
