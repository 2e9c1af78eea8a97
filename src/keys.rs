//! Keyboard shortcuts of an instance: `←`/`k` and `→`/`j` open the previous and next
//! release, `g` then `h` the list, `/` focuses the search box, `?` opens the help
//! ([`crate::shortcuts_help`], where they can be turned off) and Esc closes it. None acts
//! while the reader types in a field or holds Ctrl, Meta or Alt. The decision is a pure
//! function of the key, where it was pressed and the instance's state ([`shortcut`]),
//! tested natively; the listener sits on the window for the full-page viewer and on the
//! instance's own root for embeds, so an embed reacts only while focus is inside it and
//! never to keys meant for the host page.

use std::cell::Cell;

use leptos::prelude::{GetUntracked, Set};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement, KeyboardEvent};

use crate::navigation::query;
use crate::shortcuts_help::Keyboard;

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Focus the search box.
    FocusSearch,
    /// Open the previous release.
    Previous,
    /// Open the next release.
    Next,
    /// Go to the list (`g` then `h`).
    List,
    /// Open the help.
    Help,
    /// Close the help.
    Close,
    /// The first key of `g h`.
    Prefix,
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

/// The instance's state that decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyState {
    /// Single-key shortcuts are on.
    pub enabled: bool,
    /// The help is open.
    pub help_open: bool,
    /// The key before was `g`.
    pub after_g: bool,
}

/// The shortcut of a key press, if any.
pub fn shortcut(press: &Press<'_>, state: KeyState) -> Option<Shortcut> {
    if press.modified || press.handled {
        return None;
    }
    if state.help_open {
        return (press.key == "Escape").then_some(Shortcut::Close);
    }
    if press.typing || !state.enabled {
        return None;
    }
    match press.key {
        "h" if state.after_g => Some(Shortcut::List),
        "g" => Some(Shortcut::Prefix),
        "/" => Some(Shortcut::FocusSearch),
        "ArrowLeft" | "k" => Some(Shortcut::Previous),
        "ArrowRight" | "j" => Some(Shortcut::Next),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// The element a shortcut clicks or focuses inside the instance's root.
fn target_of(shortcut: Shortcut) -> Option<&'static str> {
    match shortcut {
        Shortcut::FocusSearch => Some("input[name=q]"),
        Shortcut::Previous => Some(".prev-next a[rel=prev]"),
        Shortcut::Next => Some(".prev-next a[rel=next]"),
        Shortcut::List => Some(".site-title a"),
        Shortcut::Help | Shortcut::Close | Shortcut::Prefix => None,
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

/// Does what `shortcut` asks inside `root`; whether it did something.
fn act(shortcut: Shortcut, root: &EventTarget, keyboard: Keyboard) -> bool {
    match shortcut {
        Shortcut::Help => keyboard.help_open.set(true),
        Shortcut::Close => keyboard.help_open.set(false),
        Shortcut::Prefix => return false,
        _ => {
            let Some(element) = target_of(shortcut)
                .and_then(|css| query(root, css))
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            else {
                return false;
            };
            if shortcut == Shortcut::FocusSearch {
                let _ = element.focus();
            } else {
                element.click();
            }
        }
    }
    true
}

/// Starts listening: on `listen_on` (the window or the instance's root), acting inside
/// `root`.
pub fn listen(listen_on: &EventTarget, root: EventTarget, keyboard: Keyboard) {
    let after_g = Cell::new(false);
    let handler = move |event: KeyboardEvent| {
        let focused = event.composed_path().get(0).dyn_into::<Element>().ok();
        let key = event.key();
        let press = Press {
            key: &key,
            modified: event.ctrl_key() || event.meta_key() || event.alt_key(),
            typing: takes_text(focused),
            handled: event.default_prevented(),
        };
        let state = KeyState {
            enabled: keyboard.enabled.get_untracked(),
            help_open: keyboard.help_open.get_untracked(),
            after_g: after_g.get(),
        };
        let found = shortcut(&press, state);
        after_g.set(found == Some(Shortcut::Prefix));
        if found.is_some_and(|s| act(s, &root, keyboard)) {
            event.prevent_default();
        }
    };
    let closure = Closure::<dyn Fn(KeyboardEvent)>::new(handler);
    let _ = listen_on.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    closure.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ON: KeyState = KeyState {
        enabled: true,
        help_open: false,
        after_g: false,
    };

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
        assert_eq!(shortcut(&press("/"), ON), Some(Shortcut::FocusSearch));
        for blocked in [
            Press {
                typing: true,
                ..press("/")
            },
            Press {
                modified: true,
                ..press("/")
            },
            Press {
                handled: true,
                ..press("/")
            },
        ] {
            assert_eq!(shortcut(&blocked, ON), None, "{blocked:?}");
        }
        assert_eq!(shortcut(&press("a"), ON), None);
    }

    #[test]
    fn arrows_and_j_k_open_the_neighbours_and_g_h_the_list() {
        assert_eq!(shortcut(&press("ArrowLeft"), ON), Some(Shortcut::Previous));
        assert_eq!(shortcut(&press("k"), ON), Some(Shortcut::Previous));
        assert_eq!(shortcut(&press("ArrowRight"), ON), Some(Shortcut::Next));
        assert_eq!(shortcut(&press("j"), ON), Some(Shortcut::Next));
        assert_eq!(shortcut(&press("g"), ON), Some(Shortcut::Prefix));
        let after_g = KeyState {
            after_g: true,
            ..ON
        };
        assert_eq!(shortcut(&press("h"), after_g), Some(Shortcut::List));
        assert_eq!(shortcut(&press("h"), ON), None, "h alone does nothing");
        assert_eq!(target_of(Shortcut::Next), Some(".prev-next a[rel=next]"));
        assert_eq!(target_of(Shortcut::List), Some(".site-title a"));
    }

    #[test]
    fn turned_off_only_the_open_help_still_closes() {
        let off = KeyState {
            enabled: false,
            ..ON
        };
        for key in ["/", "ArrowLeft", "j", "g", "?"] {
            assert_eq!(shortcut(&press(key), off), None, "{key}");
        }
        let open = KeyState {
            help_open: true,
            ..off
        };
        assert_eq!(shortcut(&press("Escape"), open), Some(Shortcut::Close));
        let typing_in_it = Press {
            typing: true,
            ..press("Escape")
        };
        assert_eq!(shortcut(&typing_in_it, open), Some(Shortcut::Close));
        assert_eq!(
            shortcut(&press("j"), open),
            None,
            "the dialog keeps its keys"
        );
        assert_eq!(shortcut(&press("?"), ON), Some(Shortcut::Help));
        let ctrl = Press {
            modified: true,
            ..press("ArrowRight")
        };
        assert_eq!(shortcut(&ctrl, ON), None);
    }
}
