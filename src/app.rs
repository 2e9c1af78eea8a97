//! One mounted viewer: its settings ([`Instance`]), and the [`App`] that provides what
//! the views of `pressroom-ui` find in context (links, route, store, progress, title) and
//! keeps the store fresh. Mounting is in [`crate::mount`].

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use pressroom_ui::context::{
    DocumentTitle, Interactive, LoadProgress, Navigator, PageState, PageStatus, PendingUpdate,
    StoreResource,
};
use pressroom_ui::links::Links;
use pressroom_ui::messages::{self, Lang};
use pressroom_ui::shell::Shell;
use pressroom_ui::store::Store;

use crate::config::NetConfig;
use crate::fetch::{fetch_if_changed, load_store};
use crate::forms::{restore_typing, Typing};
use crate::navigation::focus_when_shown;
use crate::shortcuts_help::{Keyboard, ShortcutsHelp};
use crate::takeover::Takeover;
use crate::theme_toggle::ThemeToggle;

/// Where an instance's data comes from.
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
    /// What its page shows, for the takeover and focus handling.
    pub status: PageStatus,
    /// The pre-rendered markup to swap out once the app has drawn the same page.
    pub takeover: Option<Takeover>,
    /// Where focus goes after the reader navigates.
    pub focus: Option<Focus>,
    /// The position of the release a pre-rendered page shows (its slug and position), so
    /// a sharded archive opens it without looking the slug up.
    pub position_hint: Option<(String, usize)>,
    /// Its keyboard shortcuts' state.
    pub keyboard: Keyboard,
}

/// Where focus goes after the reader navigates.
#[derive(Clone)]
pub struct Focus {
    /// The instance's root.
    pub root: web_sys::EventTarget,
    /// Set by a navigation the reader made: the new page's heading takes focus.
    pub pending: Rc<Cell<bool>>,
    /// Set while the reader types in the search box: the box keeps focus.
    pub typing: Rc<Typing>,
}

impl std::fmt::Debug for Focus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Focus").finish_non_exhaustive()
    }
}

impl Instance {
    /// A fresh page status, for [`Instance::status`].
    pub fn new_status() -> PageStatus {
        PageStatus(RwSignal::new(PageState::Loading))
    }
}

/// The store of `source`: fetched with progress into `progress`, or read from the page.
/// Every viewer and widget gets its store from here: each distinct future given to a
/// resource compiles its own copy of the resource machinery into the wasm. The request
/// goes out now ([`crate::fetch::head_start`]): a resource's loader first runs only
/// after the views are built.
pub fn store_resource(
    source: &BundleSource,
    net: NetConfig,
    progress: LoadProgress,
    hint: Option<(String, usize)>,
) -> StoreResource {
    if let BundleSource::Url(url) = source {
        crate::fetch::head_start(url, net);
    }
    // Shared, so a retry does not copy an inlined bundle's text.
    let source = Arc::new(source.clone());
    StoreResource(LocalResource::new(move || {
        let (source, hint) = (Arc::clone(&source), hint.clone());
        async move {
            let store = match &*source {
                BundleSource::Url(url) => {
                    load_store(url.clone(), net, move |phase| {
                        progress.0.try_set(phase);
                    })
                    .await?
                }
                BundleSource::Inline(text) => {
                    Store::from_text("the bundle inlined in this page", text)
                        .map(|store| store.with_search_engine(crate::search_engine::source(net)))?
                }
            };
            if let Some((slug, position)) = hint {
                store.learn_position(&slug, position);
            }
            Ok(store)
        }
    }))
}

/// The whole viewer, at the route `navigator` follows.
#[component]
pub fn App(instance: Instance, navigator: Navigator) -> impl IntoView {
    let Instance {
        source,
        links,
        net,
        owns_document,
        status,
        takeover,
        focus,
        position_hint,
        keyboard,
    } = instance;
    provide_context(links);
    provide_context(navigator);
    provide_context(page_language());
    provide_context(crate::dates::DATE_FORMAT);
    provide_context(crate::share::sharing());
    provide_context(Interactive);
    provide_context(status);
    if owns_document {
        provide_context(DocumentTitle(Callback::new(|title: String| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&title);
            }
        })));
    }
    let progress = LoadProgress::new();
    let resource = store_resource(&source, net, progress, position_hint);
    let pending = PendingUpdate(RwSignal::new(None));
    provide_context(progress);
    provide_context(resource);
    provide_context(pending);
    if let Some(takeover) = takeover {
        takeover.when_shown(status);
    }
    if let Some(Focus {
        root,
        pending,
        typing,
    }) = focus
    {
        focus_when_shown(status, root.clone(), pending);
        restore_typing(status, root, typing);
    }
    if let BundleSource::Url(url) = source {
        watch_for_updates(url, net, resource, pending);
    }
    view! {
        <Shell>
            <ShortcutsHelp keyboard=keyboard/>
            {owns_document.then(|| view! { <ThemeToggle/> })}
        </Shell>
    }
}

/// The interface's messages for the page's language (`<html lang>`, which
/// `pressroom site` sets to the site's language).
fn page_language() -> Lang {
    let tag = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"));
    Lang(messages::for_language(tag.as_deref()))
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
