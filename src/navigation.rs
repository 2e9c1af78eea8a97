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
//!
//! After a navigation the reader made (a click, Back or Forward), focus moves to the new
//! page's `h1`, as a page load puts keyboard and screen-reader users at the top of the new
//! page; otherwise focus would stay on a link that is gone and fall back to `<body>`.
//! Navigations asked for by an iframe's parent page do not take focus from it.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    DocumentFragment, Element, Event, EventTarget, FocusOptions, HtmlElement, MouseEvent,
};

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
            let root = target.root.clone();
            listen_window("popstate", move || {
                if set_route(nav, initial_route(&links)) {
                    focus_heading(&root);
                }
            });
        }
        RoutingMode::Hash => {
            let root = target.root.clone();
            listen_window("hashchange", move || {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                if let Some(route) = Route::from_fragment(&hash) {
                    if set_route(nav, route) {
                        focus_heading(&root);
                    }
                    scroll_to_top(None);
                }
            });
        }
        RoutingMode::Memory => {}
    }
    catch_clicks(target, nav);
    nav
}

/// Sets the route; whether it changed.
fn set_route(nav: Navigator, route: Route) -> bool {
    let changed = nav.route.with_untracked(|current| *current != route);
    if changed {
        nav.route.set(route);
    }
    changed
}

/// Goes to `route` in memory (embeds, messages from an iframe's parent).
pub fn go(nav: Navigator, route: Route, scroll_anchor: Option<&Element>) {
    set_route(nav, route);
    scroll_to_top(scroll_anchor);
}

/// Once the new page is drawn, focuses the first `h1` under `root` (made focusable with
/// `tabindex="-1"`) without scrolling: scrolling stays with [`scroll_to_top`] and the
/// browser's own restoration on Back.
fn focus_heading(root: &EventTarget) {
    let root = root.clone();
    request_animation_frame(move || {
        let heading = if let Some(element) = root.dyn_ref::<Element>() {
            element.query_selector("h1")
        } else if let Some(fragment) = root.dyn_ref::<DocumentFragment>() {
            fragment.query_selector("h1")
        } else {
            Ok(None)
        };
        let Some(heading) = heading
            .ok()
            .flatten()
            .and_then(|h| h.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        if !heading.has_attribute("tabindex") {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = heading.focus_with_options(&options);
    });
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
    focus_heading(&target.root);
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
