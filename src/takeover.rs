//! Taking over a pre-rendered page. The server-rendered markup stays on screen while the
//! app renders the same route hidden beside it; once the bundle has loaded, the two are
//! swapped in one animation frame, so there is no flash, no duplicate and,
//! because the markup comes from the same components, no layout shift. Until then, and
//! for good if the bundle cannot be loaded, the page works as the static page it is.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::app::StoreResource;

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

/// A pre-rendered page waiting for the app.
#[derive(Debug, Clone)]
pub struct Takeover {
    /// The element holding the pre-rendered markup and, hidden, the app.
    pub host: Element,
    /// Switched on when the app takes over, so it starts handling clicks.
    pub active: Rc<Cell<bool>>,
}

impl Takeover {
    /// Once `resource` has loaded, swaps in the app and lets it handle navigation; call
    /// inside the app's owner. When the bundle fails to load, the pre-rendered page stays
    /// as it is, a working static page (its links load the other pre-rendered pages),
    /// rather than giving way to an error.
    pub fn when_loaded(self, resource: StoreResource) {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let outcome = resource.0.with(|r| {
                r.as_ref()
                    .map(|result| result.as_ref().err().map(ToString::to_string))
            });
            match outcome {
                None => false,
                Some(None) => {
                    swap_next_frame(self.host.clone(), Rc::clone(&self.active));
                    true
                }
                Some(Some(error)) => {
                    log(&format!(
                        "Pressroom: the releases could not be loaded, so this pre-rendered page stays as it was served: {error}"
                    ));
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
    let _ = host.remove_attribute("data-prerendered");
}

fn log(message: &str) {
    web_sys::console::warn_1(&message.into());
}
