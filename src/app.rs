//! The app shell: the bundle is loaded once into a resource shared through context, and
//! the current [`Route`] picks the page. Mounting is in [`crate::mount`].

use leptos::prelude::*;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use crate::components::OwnsDocument;
use crate::config::NetConfig;
use crate::links::Links;
use crate::load_bundle::{
    bundle_from_text, fetch_if_changed, load_bundle_with, LoadError, LoadPhase,
};
use crate::navigation::{current_route, Navigator};
use crate::pages::{ListPage, NotFoundPage, ReleasePage};
use crate::route::Route;
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

/// Where an instance's bundle comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleSource {
    /// Fetched from this URL (and checked again for changes).
    Url(String),
    /// Inlined in the page (the single-file export): nothing is fetched.
    Inline(String),
}

/// One mounted viewer's settings.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The bundle.
    pub source: BundleSource,
    /// How it writes links.
    pub links: Links,
    /// How the bundle is fetched and kept fresh.
    pub net: NetConfig,
    /// Whether it sets the document's title (not inside someone else's page).
    pub owns_document: bool,
    /// The pre-rendered markup to swap out once the bundle has loaded.
    pub takeover: Option<crate::takeover::Takeover>,
}

/// The whole viewer, at the route `navigator` follows.
#[component]
pub fn App(instance: Instance, navigator: Navigator) -> impl IntoView {
    let Instance {
        source,
        links,
        net,
        owns_document,
        takeover,
    } = instance;
    provide_context(links);
    provide_context(navigator);
    if owns_document {
        provide_context(OwnsDocument);
    }
    let progress = LoadProgress(RwSignal::new(LoadPhase::default()));
    let resource = match &source {
        BundleSource::Url(url) => StoreResource::load_with(url.clone(), net, progress),
        BundleSource::Inline(text) => {
            StoreResource::ready(bundle_from_text("the bundle inlined in this page", text))
        }
    };
    let pending = PendingUpdate(RwSignal::new(None));
    provide_context(progress);
    provide_context(resource);
    provide_context(pending);
    if let Some(takeover) = takeover {
        takeover.when_loaded(resource);
    }
    if let BundleSource::Url(url) = source {
        watch_for_updates(url, net, resource, pending);
    }
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

/// The page of the current route; expects a [`StoreResource`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    let route = current_route();
    view! {
        <div class="pressroom-app">
            {move || match route.get() {
                Route::List { page } => view! { <ListPage number=page/> }.into_any(),
                Route::Release { slug } => view! { <ReleasePage slug=slug/> }.into_any(),
                Route::NotFound => view! { <NotFoundPage/> }.into_any(),
            }}
        </div>
    }
}
