//! Client-side navigation for one instance, in its [`RoutingMode`]: the current
//! [`Route`] as a signal in context, kept in step with the address bar (history and hash
//! modes) or only in memory (embeds).
//!
//! Clicks are caught on the instance's own root, never on the document, so a host page's
//! links and other instances are left alone. A click is taken over only when it is a plain
//! left click on a link to one of this viewer's pages without `target` or `download`.
//! In-page anchors (`#user-content-…` in release bodies) scroll inside the instance in
//! hash and memory modes, where letting the browser follow them would change the route
//! or the host page's URL.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, MouseEvent};

use crate::links::{Links, RoutingMode};
use crate::route::Route;

/// The current route of an instance; in context.
#[derive(Debug, Clone, Copy)]
pub struct Navigator {
    /// Where the reader is.
    pub route: RwSignal<Route>,
}

impl Navigator {
    /// A navigator at `route` that nothing drives (tests, pre-rendering).
    pub fn fixed(route: Route) -> Self {
        Self {
            route: RwSignal::new(route),
        }
    }
}

/// The current route from context (the list when there is no navigator).
pub fn current_route() -> Signal<Route> {
    match use_context::<Navigator>() {
        Some(nav) => nav.route.into(),
        None => Signal::stored(Route::List { page: 1 }),
    }
}

/// What an instance needs to follow navigation.
#[derive(Clone)]
pub struct NavigationTarget {
    /// Where clicks are caught: the instance's element or shadow root.
    pub root: EventTarget,
    /// The element to bring into view after an in-memory navigation (embeds), if any.
    pub scroll_anchor: Option<Element>,
    /// The instance's links.
    pub links: Links,
    /// Whether links that leave the viewer open in a new tab (an iframe embed, which
    /// would otherwise show other sites inside the frame).
    pub new_tab_for_others: bool,
    /// Whether clicks are taken over at all: not while a pre-rendered page waits for the
    /// app (nor ever, when the bundle failed to load there), so it works as a static page.
    pub active: Rc<Cell<bool>>,
}

/// The route the page was opened at, for `links`.
pub fn initial_route(links: &Links) -> Route {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Route::List { page: 1 };
    };
    let href = location.href().unwrap_or_default();
    let from_path = || {
        absolute(links.base())
            .and_then(|base| Links::route_of_url(&base, &href))
            .unwrap_or(Route::NotFound)
    };
    match links.mode() {
        RoutingMode::History => from_path(),
        // A pre-rendered page opened without a fragment shows its own path.
        RoutingMode::Hash => Route::from_fragment(&location.hash().unwrap_or_default())
            .unwrap_or_else(|| match from_path() {
                Route::NotFound => Route::List { page: 1 },
                route => route,
            }),
        RoutingMode::Memory => Route::List { page: 1 },
    }
}

/// Starts following navigation for an instance and returns its navigator. The listeners
/// live as long as the page: instances are never unmounted.
pub fn start(target: NavigationTarget, route: Route) -> Navigator {
    let nav = Navigator {
        route: RwSignal::new(route),
    };
    let mode = target.links.mode();
    match mode {
        RoutingMode::History => {
            let links = target.links.clone();
            listen_window("popstate", move || set_route(nav, initial_route(&links)));
        }
        RoutingMode::Hash => listen_window("hashchange", move || {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            if let Some(route) = Route::from_fragment(&hash) {
                set_route(nav, route);
                scroll_to_top(None);
            }
        }),
        RoutingMode::Memory => {}
    }
    catch_clicks(target, nav);
    nav
}

fn set_route(nav: Navigator, route: Route) {
    if nav.route.with_untracked(|current| *current != route) {
        nav.route.set(route);
    }
}

/// Goes to `route` in memory (embeds, messages from an iframe's parent).
pub fn go(nav: Navigator, route: Route, scroll_anchor: Option<&Element>) {
    set_route(nav, route);
    scroll_to_top(scroll_anchor);
}

fn listen_window(event: &str, handler: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::<dyn Fn()>::new(handler);
    let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn catch_clicks(target: NavigationTarget, nav: Navigator) {
    let root = target.root.clone();
    let closure = Closure::<dyn Fn(Event)>::new(move |event: Event| on_click(&target, nav, &event));
    let _ = root.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
    closure.forget();
}

fn on_click(target: &NavigationTarget, nav: Navigator, event: &Event) {
    if !target.active.get() {
        return;
    }
    let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
        return;
    };
    let modified = mouse.ctrl_key() || mouse.meta_key() || mouse.shift_key() || mouse.alt_key();
    if event.default_prevented() || mouse.button() != 0 || modified {
        return;
    }
    let Some(anchor) = clicked_anchor(event) else {
        return;
    };
    let opens_elsewhere = anchor
        .get_attribute("target")
        .is_some_and(|t| !t.is_empty() && t != "_self")
        || anchor.has_attribute("download");
    let Some(raw_href) = anchor.get_attribute("href") else {
        return;
    };
    if opens_elsewhere {
        return;
    }
    let mode = target.links.mode();
    if let Some(id) = raw_href.strip_prefix('#').filter(|f| !f.starts_with('/')) {
        if mode != RoutingMode::History {
            event.prevent_default();
            scroll_to_anchor(&target.root, id);
        }
        return;
    }
    if mode == RoutingMode::Hash {
        return; // `#/…` links change the fragment; `hashchange` does the rest.
    }
    let Some(href) = js_sys::Reflect::get(&anchor, &"href".into())
        .ok()
        .and_then(|v| v.as_string())
    else {
        return;
    };
    // Links outside the viewer, and paths under it that are no page of it (a feed, a
    // file), are the browser's to follow; from an iframe embed they open a new tab.
    let route = absolute(target.links.base())
        .and_then(|b| Links::route_of_url(&b, &href))
        .filter(|route| *route != Route::NotFound);
    let Some(route) = route else {
        if target.new_tab_for_others {
            let _ = anchor.set_attribute("target", "_blank");
            let _ = anchor.set_attribute("rel", "noopener noreferrer");
        }
        return;
    };
    event.prevent_default();
    if mode == RoutingMode::History {
        push_history(&href);
    }
    go(nav, route, target.scroll_anchor.as_ref());
}

/// The `<a href>` the click landed in, looking through shadow roots.
fn clicked_anchor(event: &Event) -> Option<Element> {
    event
        .composed_path()
        .iter()
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(|el| el.tag_name().eq_ignore_ascii_case("a") && el.has_attribute("href"))
}

fn push_history(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// After a navigation: the top of the page, or of the embed when it is scrolled away.
fn scroll_to_top(anchor: Option<&Element>) {
    match anchor {
        Some(element) => {
            if element.get_bounding_client_rect().top() < 0.0 {
                element.scroll_into_view_with_bool(true);
            }
        }
        None => {
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }
}

fn scroll_to_anchor(root: &EventTarget, id: &str) {
    let id = crate::route::percent_decode(id);
    let found = if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        shadow.get_element_by_id(&id)
    } else {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
    };
    if let Some(element) = found {
        element.scroll_into_view_with_bool(true);
    }
}

/// `base` made absolute against the document's URL.
pub fn absolute(base: &str) -> Option<String> {
    let document_url = web_sys::window()?.document()?.url().ok()?;
    web_sys::Url::new_with_base(base, &document_url)
        .ok()
        .map(|u| u.href())
}
