//! The app shell: the bundle is loaded once into a resource shared through context, and
//! the router picks the page.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use crate::config::{bundle_url, router_base, NetConfig};
use crate::load_bundle::{fetch_if_changed, load_bundle, load_bundle_with, LoadError, LoadPhase};
use crate::pages::{ListPage, NotFoundPage, ReleasePage};
use crate::store::Store;

/// The load-once bundle, shared by every page through context.
#[derive(Clone, Copy)]
pub struct StoreResource(pub LocalResource<Result<Store, LoadError>>);

/// Where the current load is (connecting, bytes received, waiting to retry), for the
/// loading state; in context next to the [`StoreResource`].
#[derive(Clone, Copy)]
pub struct LoadProgress(pub RwSignal<LoadPhase>);

/// A newer bundle fetched while the page was open, waiting for the reader to ask for
/// it: nothing on screen changes until then. In context next to the [`StoreResource`].
#[derive(Clone, Copy)]
pub struct PendingUpdate(pub RwSignal<Option<Store>>);

impl PendingUpdate {
    /// Shows the pending bundle in place of the current one (the reader clicked Reload).
    pub fn apply(&self, resource: StoreResource) {
        if let Some(store) = self.0.try_update(Option::take).flatten() {
            resource.0.set(Some(Ok(store)));
        }
    }
}

impl StoreResource {
    /// Starts loading the bundle from `url`.
    pub fn load(url: String) -> Self {
        Self(LocalResource::new(move || load_bundle(url.clone())))
    }

    /// Starts loading the bundle from `url` with `config`, reporting into `progress`.
    pub fn load_with(url: String, config: NetConfig, progress: LoadProgress) -> Self {
        Self(LocalResource::new(move || {
            load_bundle_with(url.clone(), config, move |phase| {
                progress.0.try_set(phase);
            })
        }))
    }

    /// A resource that is ready at once with `result` (tests, pre-loaded data).
    pub fn ready(result: Result<Store, LoadError>) -> Self {
        Self(LocalResource::new(move || {
            let result = result.clone();
            async move { result }
        }))
    }
}

/// The whole viewer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let url = bundle_url();
    let config = NetConfig::from_page();
    let progress = LoadProgress(RwSignal::new(LoadPhase::default()));
    let resource = StoreResource::load_with(url.clone(), config, progress);
    let pending = PendingUpdate(RwSignal::new(None));
    provide_context(progress);
    provide_context(resource);
    provide_context(pending);
    watch_for_updates(url, config, resource, pending);
    view! { <Shell/> }
}

/// Checks the bundle again on window focus and every `revalidate_ms` (never when 0):
/// a changed, readable bundle becomes the [`PendingUpdate`] and nothing else changes.
/// Quiet: failures are ignored, and nothing is fetched while a check runs, while an
/// update waits, or while the bundle is not loaded.
fn watch_for_updates(
    url: String,
    config: NetConfig,
    resource: StoreResource,
    pending: PendingUpdate,
) {
    if config.revalidate_ms == 0 {
        return;
    }
    let busy = Rc::new(Cell::new(false));
    let check = Rc::new(move || {
        let waiting = pending
            .0
            .try_with_untracked(Option::is_some)
            .unwrap_or(true);
        if busy.get() || waiting {
            return;
        }
        let Some(Some(Ok(current))) = resource.0.try_get_untracked() else {
            return;
        };
        busy.set(true);
        let (url, busy) = (url.clone(), Rc::clone(&busy));
        leptos::task::spawn_local(async move {
            if let Some(store) = fetch_if_changed(&url, config, current.fingerprint()).await {
                pending.0.try_set(Some(store));
            }
            busy.set(false);
        });
    });
    let on_focus = Rc::clone(&check);
    // Both live as long as the page: the app is never unmounted.
    let _focus = window_event_listener(leptos::ev::focus, move |_| on_focus());
    set_interval(
        move || check(),
        Duration::from_millis(u64::from(config.revalidate_ms)),
    );
}

/// Router and routes; expects a [`StoreResource`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    view! {
        <Router base=router_base()>
            <div class="pressroom-app">
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=ListPage/>
                    <Route path=path!("/page/:n") view=ListPage/>
                    <Route path=path!("/releases/:slug") view=ReleasePage/>
                </Routes>
            </div>
        </Router>
    }
}

/// Mounts the app into `#pressroom`, replacing its static placeholder, or into the body.
pub fn mount() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match document.get_element_by_id("pressroom") {
        Some(host) => {
            host.set_inner_html("");
            if let Ok(host) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(host) {
                leptos::mount::mount_to(host, App).forget();
            }
        }
        None => leptos::mount::mount_to_body(App),
    }
}
