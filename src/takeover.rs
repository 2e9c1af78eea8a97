//! Taking over a pre-rendered page. The server-rendered markup stays on screen while the
//! app renders the same route hidden beside it; once the app has drawn that page (its
//! [`PageState`] is `Shown`), the two are swapped in one animation frame, so there is no
//! flash, no duplicate and, because the markup comes from the same functions, no layout
//! shift. Until then, and for good if the data cannot be loaded, the page works as the
//! static page it is.
//!
//! The decisions are pure functions ([`takes_over`], [`step`]), tested natively.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use pressroom_ui::context::{PageState, PageStatus};
use pressroom_ui::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Marks the pre-rendered children of `host` before the app mounts beside them.
pub const PRERENDERED: &str = "data-pressroom-prerendered";

/// Marks `host`'s current children as pre-rendered.
pub fn mark_prerendered(host: &Element) {
    let children = host.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            let _ = child.set_attribute(PRERENDERED, "");
        }
    }
}

/// Hides the app's own root (the last child of `host`) until [`swap`].
pub fn hide_app(host: &Element) {
    if let Some(app) = host.last_element_child() {
        if !app.has_attribute(PRERENDERED) {
            let _ = app.set_attribute("hidden", "");
        }
    }
}

/// Whether markup pre-rendered for `markup_route` (its `data-prerendered-route`) may be
/// taken over by an app opened at `opened`: only when they are the same route, so a host
/// that rewrites every path to the pre-rendered `index.html` never flashes the list
/// before an article. The search in the address (`?q=`, filters) does not count: the
/// page stays on screen until the app has the results or the marked article.
pub fn takes_over(markup_route: Option<&str>, opened: &Route) -> bool {
    markup_route.is_some_and(|path| Route::parse(path) == opened.plain())
}

/// What the takeover does when the app's page is in `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Keep waiting.
    Wait,
    /// Swap the app in.
    Swap,
    /// Keep the static page for good, and say why in the console.
    KeepStatic,
}

/// The takeover's step for the app's page `state`, which was opened at `route`.
pub fn step(state: &PageState, route: &Route) -> Step {
    match state {
        PageState::Loading => Step::Wait,
        PageState::Shown { route: shown, .. } if shown == route => Step::Swap,
        PageState::Shown { .. } => Step::Wait,
        PageState::Failed { .. } => Step::KeepStatic,
    }
}

/// A pre-rendered page waiting for the app.
#[derive(Debug, Clone)]
pub struct Takeover {
    /// The element holding the pre-rendered markup and, hidden, the app.
    pub host: Element,
    /// Switched on when the app takes over, so it starts handling clicks.
    pub active: Rc<Cell<bool>>,
    /// The route the page was opened at (and pre-rendered for).
    pub route: Route,
}

impl Takeover {
    /// Once the app has drawn the page, swaps it in and lets it handle navigation; call
    /// inside the app's owner. When the data fails to load, the pre-rendered page stays
    /// as it is, a working static page (its links load the other pre-rendered pages),
    /// rather than giving way to an error.
    pub fn when_shown(self, status: PageStatus) {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            match status.0.with(|state| step(state, &self.route)) {
                Step::Wait => false,
                Step::Swap => {
                    swap_next_frame(self.host.clone(), Rc::clone(&self.active));
                    true
                }
                Step::KeepStatic => {
                    let _ = self.host.set_attribute(
                        pressroom_core::names::ATTR_PRERENDERED,
                        pressroom_core::names::PRERENDERED_KEPT,
                    );
                    log("Pressroom: the releases could not be loaded, so this pre-rendered page stays as it was served");
                    true
                }
            }
        });
    }
}

fn swap_next_frame(host: Element, active: Rc<Cell<bool>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || {
        swap(&host);
        active.set(true);
    });
    if window
        .request_animation_frame(callback.unchecked_ref())
        .is_err()
    {
        log("could not schedule the takeover of the pre-rendered page");
    }
}

/// Removes the pre-rendered markup and shows the app.
pub fn swap(host: &Element) {
    let children = host.children();
    let mut old = Vec::new();
    let mut app = None;
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            if child.has_attribute(PRERENDERED) {
                old.push(child);
            } else {
                app = Some(child);
            }
        }
    }
    for child in old {
        child.remove();
    }
    if let Some(app) = app {
        let _ = app.remove_attribute("hidden");
    }
    let _ = host.remove_attribute(pressroom_core::names::ATTR_PRERENDERED);
}

fn log(message: &str) {
    web_sys::console::warn_1(&message.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(slug: &str) -> Route {
        Route::release(slug)
    }

    #[test]
    fn only_markup_of_the_opened_route_is_taken_over() {
        assert!(takes_over(Some("releases/a/"), &release("a")));
        assert!(takes_over(Some(""), &Route::front()));
        assert!(
            !takes_over(Some(""), &release("a")),
            "a rewrite to index.html"
        );
        assert!(!takes_over(None, &release("a")));
        assert!(takes_over(Some("releases/%EB%B3%B4/"), &release("보")));
        assert!(takes_over(Some(""), &Route::parse("?q=budget")), "a search");
        assert!(
            takes_over(Some("releases/a/"), &Route::parse("releases/a/?q=x")),
            "marked words"
        );
        assert!(!takes_over(Some(""), &Route::parse("page/2/?q=x")));
    }

    #[test]
    fn the_swap_waits_for_the_opened_page() {
        let route = release("a");
        assert_eq!(step(&PageState::Loading, &route), Step::Wait);
        let other = PageState::Shown {
            route: release("b"),
            title: "B".into(),
        };
        assert_eq!(step(&other, &route), Step::Wait);
        let shown = PageState::Shown {
            route: release("a"),
            title: "A".into(),
        };
        assert_eq!(step(&shown, &route), Step::Swap);
        let failed = PageState::Failed {
            route: release("a"),
        };
        assert_eq!(step(&failed, &route), Step::KeepStatic);
    }
}
