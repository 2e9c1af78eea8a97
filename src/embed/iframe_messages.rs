//! The iframe embed (`embed.html`) talks to its parent page with `postMessage`, only with
//! the origins the publisher configured (`<meta name="pressroom-parent-origin">`, written
//! by `cargo xtask dist --embed-origin`):
//!
//! - out: `{type: "pressroom:height", height}` whenever the content's height changes, so
//!   the parent can size the iframe; sent only to the parent's origin, and only when that
//!   origin is configured;
//! - in: `{type: "pressroom:navigate", path: "releases/<slug>/"}` and
//!   `{type: "pressroom:request-height"}`, accepted only from the parent window at a
//!   configured origin. Everything else is ignored.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

use pressroom_ui::context::Navigator;
use pressroom_ui::route::Route;

use crate::navigation::go;

/// Whether `origin` (as the browser wrote it) is one of `allowed` (normalised by
/// [`pressroom_core::urls::parse_origins`]).
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    pressroom_core::urls::normalise_origin(origin).is_ok_and(|o| allowed.contains(&o))
}

/// A message the parent may send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// Show this route.
    Navigate(Route),
    /// Send the height now.
    RequestHeight,
}

impl Incoming {
    /// Reads a message's `type` and `path`; `None` for anything else.
    pub fn read(kind: Option<&str>, path: Option<&str>) -> Option<Self> {
        match kind? {
            "pressroom:navigate" => path.map(|p| Self::Navigate(Route::parse(p))),
            "pressroom:request-height" => Some(Self::RequestHeight),
            _ => None,
        }
    }
}

/// Starts reporting the height to, and listening to, the parent when its origin is in
/// `allowed`. Does nothing outside an iframe or for another parent.
pub fn start(nav: Navigator, allowed: Vec<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent_origin) = parent_origin(&window).filter(|o| origin_allowed(&allowed, o)) else {
        web_sys::console::warn_1(
            &"Pressroom embed: the parent page's origin is not configured (pressroom-parent-origin); no messages are sent or accepted."
                .into(),
        );
        return;
    };
    observe_height(parent_origin.clone());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if !from_parent(&event, &allowed) {
            return;
        }
        let data = event.data();
        let field = |name: &str| {
            js_sys::Reflect::get(&data, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
        };
        match Incoming::read(field("type").as_deref(), field("path").as_deref()) {
            Some(Incoming::Navigate(route)) => go(nav, route, None),
            Some(Incoming::RequestHeight) => post_height(&parent_origin),
            None => {}
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}

fn from_parent(event: &MessageEvent, allowed: &[String]) -> bool {
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    let source_is_parent = match (event.source(), parent) {
        (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
        _ => false,
    };
    source_is_parent && origin_allowed(allowed, &event.origin())
}

/// The embedding page's origin: `location.ancestorOrigins[0]`, else the referrer's.
fn parent_origin(window: &web_sys::Window) -> Option<String> {
    let is_framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| !js_sys::Object::is(&p, window));
    if !is_framed {
        return None;
    }
    let ancestors = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into()).ok();
    let first = ancestors
        .and_then(|list| js_sys::Reflect::get(&list, &JsValue::from_f64(0.0)).ok())
        .and_then(|v| v.as_string());
    first.or_else(|| {
        let referrer = window.document()?.referrer();
        web_sys::Url::new(&referrer).ok().map(|u| u.origin())
    })
}

fn content_height() -> Option<f64> {
    let root = web_sys::window()?.document()?.document_element()?;
    Some(root.get_bounding_client_rect().height().ceil())
}

fn post_height(parent_origin: &str) {
    let (Some(window), Some(height)) = (web_sys::window(), content_height()) else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"pressroom:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from_f64(height));
    if let Ok(Some(parent)) = window.parent() {
        let _ = parent.post_message(&message, parent_origin);
    }
}

fn observe_height(parent_origin: String) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let last = std::cell::Cell::new(-1.0_f64);
    let on_resize = Closure::<dyn Fn()>::new(move || {
        let height = content_height().unwrap_or(0.0);
        if (height - last.get()).abs() >= 1.0 {
            last.set(height);
            post_height(&parent_origin);
        }
    });
    match web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        Ok(observer) => observer.observe(&root),
        Err(_) => web_sys::console::warn_1(&"Pressroom embed: no ResizeObserver".into()),
    }
    on_resize.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact_and_garbage_is_dropped() {
        let allowed = pressroom_core::urls::parse_origins(" https://A.example  http://localhost:8080/ * https://x/y javascript:alert(1) https:// ");
        assert_eq!(allowed, vec!["https://a.example", "http://localhost:8080"]);
        assert!(origin_allowed(&allowed, "https://a.example"));
        assert!(origin_allowed(&allowed, "HTTPS://A.EXAMPLE"));
        assert!(!origin_allowed(&allowed, "https://a.example.evil"));
        assert!(!origin_allowed(&allowed, "http://a.example"));
        assert!(!origin_allowed(&allowed, "null"));
        assert!(!origin_allowed(&[], "https://a.example"));
    }

    #[test]
    fn only_known_messages_are_read() {
        assert_eq!(
            Incoming::read(Some("pressroom:navigate"), Some("releases/x/")),
            Some(Incoming::Navigate(Route::release("x")))
        );
        assert_eq!(
            Incoming::read(Some("pressroom:request-height"), None),
            Some(Incoming::RequestHeight)
        );
        assert_eq!(Incoming::read(Some("pressroom:navigate"), None), None);
        assert_eq!(Incoming::read(Some("other"), Some("x")), None);
        assert_eq!(Incoming::read(None, Some("releases/x/")), None);
    }
}
