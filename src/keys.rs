//! Keyboard shortcuts of an instance: `/` focuses its search box. The decision is a pure
//! function of the key and where it was pressed ([`shortcut`]), tested natively; the
//! listener sits on the window for the full-page viewer and on the instance's own root
//! for embeds, so an embed reacts only while focus is inside it and never to keys meant
//! for the host page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, KeyboardEvent};

use crate::navigation::query;

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Focus the search box.
    FocusSearch,
}

/// The facts of one key press that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl, Meta or Alt was held (Shift makes characters such as `?`).
    pub modified: bool,
    /// Focus is in a text field, a select or something editable: keys are typing.
    pub typing: bool,
    /// Someone already handled it.
    pub handled: bool,
}

/// The shortcut of a key press, if any.
pub fn shortcut(press: &Press<'_>) -> Option<Shortcut> {
    if press.modified || press.typing || press.handled {
        return None;
    }
    match press.key {
        "/" => Some(Shortcut::FocusSearch),
        _ => None,
    }
}

/// Whether `element` takes typed text.
fn takes_text(element: Option<Element>) -> bool {
    let Some(element) = element else { return false };
    let tag = element.tag_name().to_ascii_lowercase();
    let editable = element
        .dyn_ref::<HtmlElement>()
        .is_some_and(HtmlElement::is_content_editable);
    editable || matches!(tag.as_str(), "input" | "textarea" | "select")
}

/// Starts listening: on `listen_on` (the window or the instance's root), acting inside
/// `root`.
pub fn listen(listen_on: &EventTarget, root: EventTarget) {
    let handler = move |event: KeyboardEvent| {
        let focused = event.composed_path().get(0).dyn_into::<Element>().ok();
        let press = Press {
            key: &event.key(),
            modified: event.ctrl_key() || event.meta_key() || event.alt_key(),
            typing: takes_text(focused),
            handled: event.default_prevented(),
        };
        if let Some(Shortcut::FocusSearch) = shortcut(&press) {
            if let Some(input) =
                query(&root, "input[name=q]").and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                event.prevent_default();
                let _ = input.focus();
            }
        }
    };
    let closure = Closure::<dyn Fn(KeyboardEvent)>::new(handler);
    let _ = listen_on.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    closure.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str) -> Press<'_> {
        Press {
            key,
            modified: false,
            typing: false,
            handled: false,
        }
    }

    #[test]
    fn slash_focuses_the_search_unless_typing_or_modified() {
        assert_eq!(shortcut(&press("/")), Some(Shortcut::FocusSearch));
        assert_eq!(
            shortcut(&Press {
                typing: true,
                ..press("/")
            }),
            None
        );
        assert_eq!(
            shortcut(&Press {
                modified: true,
                ..press("/")
            }),
            None
        );
        assert_eq!(
            shortcut(&Press {
                handled: true,
                ..press("/")
            }),
            None
        );
        assert_eq!(shortcut(&press("a")), None);
    }
}
