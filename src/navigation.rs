//! Client-side navigation for one instance, in its [`RoutingMode`]: the current
//! [`Route`] as a [`Navigator`] signal, kept in step with the address bar (history and
//! hash modes) or only in memory (embeds).
//!
//! Clicks are caught on the instance's own root, never on the document, so a host page's
//! links and other instances are left alone; what a click does is decided by
//! [`crate::click::decide`].
//!
//! After a navigation the reader made (a click, Back or Forward), focus moves to the new
//! page's `h1` once that page is drawn ([`focus_when_shown`]), as a page load puts
//! keyboard and screen-reader users at the top of the new page; otherwise focus would
//! stay on a link that is gone and fall back to `<body>`. Navigations asked for by an
//! iframe's parent page do not take focus from it.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use pressroom_ui::context::{Navigator, PageState, PageStatus};
use pressroom_ui::links::{Links, RoutingMode};
use pressroom_ui::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    DocumentFragment, Element, Event, EventTarget, FocusOptions, HtmlElement, MouseEvent,
};

use crate::click::{decide, Click, ClickAction};
use crate::forms::{catch_forms, Typing};

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
    /// app (nor ever, when the data failed to load there), so it works as a static page.
    pub active: Rc<Cell<bool>>,
    /// Set when the reader navigated: the next page drawn takes focus.
    pub focus_pending: Rc<Cell<bool>>,
    /// The search box's words while the reader types ([`crate::forms`]).
    pub typing: Rc<Typing>,
}

/// How a navigation meets the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryEntry {
    /// A new entry (Back returns to the page before).
    Push,
    /// The current entry becomes the new page.
    Replace,
}

/// The route the page was opened at, for `links`.
pub fn initial_route(links: &Links) -> Route {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Route::front();
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
                Route::NotFound => Route::front(),
                route => route,
            }),
        RoutingMode::Memory => Route::front(),
    }
}

/// Starts following navigation for an instance and returns its navigator. The listeners
/// live as long as the page: instances are never unmounted.
pub fn start(target: NavigationTarget, route: Route) -> Navigator {
    let nav = Navigator {
        route: RwSignal::new(route),
    };
    match target.links.mode() {
        RoutingMode::History => {
            let (links, focus) = (target.links.clone(), Rc::clone(&target.focus_pending));
            listen_window("popstate", move || {
                if set_route(nav, initial_route(&links)) {
                    focus.set(true);
                }
            });
        }
        RoutingMode::Hash => {
            let focus = Rc::clone(&target.focus_pending);
            listen_window("hashchange", move || {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                if let Some(route) = Route::from_fragment(&hash) {
                    if set_route(nav, route) {
                        focus.set(true);
                    }
                    scroll_to_top(None);
                }
            });
        }
        RoutingMode::Memory => {}
    }
    catch_forms(&target, nav);
    catch_clicks(target, nav);
    nav
}

/// Shows `route` as the instance's routing does: a history entry (pushed or replacing
/// the current one) in history mode, the fragment in hash mode (its `hashchange` sets
/// the route), memory otherwise.
pub fn navigate(target: &NavigationTarget, nav: Navigator, route: Route, entry: HistoryEntry) {
    let href = target.links.href(&route);
    match target.links.mode() {
        RoutingMode::History => {
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = match entry {
                    HistoryEntry::Push => {
                        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
                    }
                    HistoryEntry::Replace => history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&href),
                    ),
                };
            }
            go(nav, route, target.scroll_anchor.as_ref());
        }
        RoutingMode::Hash => {
            if let Some(location) = web_sys::window().map(|w| w.location()) {
                let _ = match entry {
                    HistoryEntry::Push => location.set_hash(&href),
                    HistoryEntry::Replace => location.replace(&href),
                };
            }
        }
        RoutingMode::Memory => go(nav, route, target.scroll_anchor.as_ref()),
    }
}

/// The first element under `root` (an element or a shadow root) matching `selector`.
pub fn query(root: &EventTarget, selector: &str) -> Option<Element> {
    let found = if let Some(element) = root.dyn_ref::<Element>() {
        element.query_selector(selector)
    } else if let Some(fragment) = root.dyn_ref::<DocumentFragment>() {
        fragment.query_selector(selector)
    } else {
        Ok(None)
    };
    found.ok().flatten()
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

/// Once a page is drawn after a navigation the reader made, focuses its first `h1` under
/// `root` (made focusable with `tabindex="-1"`) without scrolling: scrolling stays with
/// [`scroll_to_top`] and the browser's own restoration on Back. Call inside the
/// instance's owner.
pub fn focus_when_shown(status: PageStatus, root: EventTarget, pending: Rc<Cell<bool>>) {
    Effect::new(move |_| {
        let shown = status
            .0
            .with(|state| matches!(state, PageState::Shown { .. }));
        if shown && pending.replace(false) {
            let root = root.clone();
            request_animation_frame(move || focus_heading(&root));
        }
    });
}

fn focus_heading(root: &EventTarget) {
    let Some(heading) = query(root, "h1").and_then(|h| h.dyn_into::<HtmlElement>().ok()) else {
        return;
    };
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = heading.focus_with_options(&options);
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
    let (Some(mouse), Some(anchor)) = (event.dyn_ref::<MouseEvent>(), clicked_anchor(event)) else {
        return;
    };
    let Some(raw_href) = anchor.get_attribute("href") else {
        return;
    };
    let link_target = anchor.get_attribute("target");
    let href = js_sys::Reflect::get(&anchor, &"href".into())
        .ok()
        .and_then(|v| v.as_string());
    let route = href.as_deref().and_then(|href| {
        absolute(target.links.base()).and_then(|base| Links::route_of_url(&base, href))
    });
    let click = Click {
        button: mouse.button(),
        modified: mouse.ctrl_key() || mouse.meta_key() || mouse.shift_key() || mouse.alt_key(),
        default_prevented: event.default_prevented(),
        target: link_target.as_deref(),
        download: anchor.has_attribute("download"),
        href: &raw_href,
    };
    let current = nav.route.get_untracked();
    match decide(
        &click,
        target.links.mode(),
        route,
        &current,
        target.new_tab_for_others,
    ) {
        ClickAction::Ignore => {}
        ClickAction::NewTab => {
            let _ = anchor.set_attribute("target", "_blank");
            let _ = anchor.set_attribute("rel", "noopener noreferrer");
        }
        ClickAction::ScrollToAnchor(id) => {
            event.prevent_default();
            scroll_to_anchor(&target.root, &id);
        }
        ClickAction::Navigate { route, push } => {
            event.prevent_default();
            if let (true, Some(href)) = (push, href.as_deref()) {
                push_history(href);
            }
            target.focus_pending.set(route != current);
            go(nav, route, target.scroll_anchor.as_ref());
        }
    }
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
    let id = pressroom_core::paths::percent_decode(id);
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
