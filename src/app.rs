//! The app shell: the bundle is loaded once into a resource shared through context, and
//! the router picks the page.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::config::{bundle_url, router_base};
use crate::load_bundle::{load_bundle, LoadError};
use crate::pages::{ListPage, NotFoundPage, ReleasePage};
use crate::store::Store;

/// The load-once bundle, shared by every page through context.
#[derive(Clone, Copy)]
pub struct StoreResource(pub LocalResource<Result<Store, LoadError>>);

impl StoreResource {
    /// Starts loading the bundle from `url`.
    pub fn load(url: String) -> Self {
        Self(LocalResource::new(move || load_bundle(url.clone())))
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
    provide_context(StoreResource::load(bundle_url()));
    view! { <Shell/> }
}

/// Router and routes; expects a [`StoreResource`] in context.
#[component]
pub fn Shell() -> impl IntoView {
    view! {
        <Router base=router_base()>
            <div class="pressroom-app">
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=ListPage/>
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
