//! The keyboard shortcuts' help: a button that opens it, and the dialog listing the
//! shortcuts with the switch that turns single-key shortcuts off (WCAG 2.1.4). The
//! choice is remembered in `localStorage`. Opening moves focus into the dialog; closing
//! (Esc, the Close button) returns focus where it was; Tab stays inside while it is open.
//! Only the running app shows this: it is not part of the pre-rendered pages, which work
//! without script.

use leptos::html;
use leptos::prelude::*;
use pressroom_ui::messages::messages;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::remembered;

/// Where the choice is remembered (`"off"` when turned off).
const STORAGE_KEY: &str = "pressroom.shortcuts";

/// The keyboard state of one instance.
#[derive(Debug, Clone, Copy)]
pub struct Keyboard {
    /// Single-key shortcuts are on.
    pub enabled: RwSignal<bool>,
    /// The help dialog is open.
    pub help_open: RwSignal<bool>,
}

impl Keyboard {
    /// The state with the remembered choice.
    pub fn new() -> Self {
        Self {
            enabled: RwSignal::new(!remembered_off()),
            help_open: RwSignal::new(false),
        }
    }
}

impl Default for Keyboard {
    fn default() -> Self {
        Self::new()
    }
}

fn remembered_off() -> bool {
    remembered::read(STORAGE_KEY).is_some_and(|v| v == "off")
}

fn remember(enabled: bool) {
    remembered::write(STORAGE_KEY, if enabled { "on" } else { "off" });
}

/// The focused element of the document (inside shadow roots too).
fn focused() -> Option<HtmlElement> {
    let document = web_sys::window()?.document()?;
    let mut active = document.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    active.dyn_into::<HtmlElement>().ok()
}

/// The button and the dialog.
#[component]
pub fn ShortcutsHelp(keyboard: Keyboard) -> impl IntoView {
    let Keyboard { enabled, help_open } = keyboard;
    let return_to = StoredValue::new_local(None::<HtmlElement>);
    let close_button = NodeRef::<html::Button>::new();
    Effect::new(move |was_open: Option<bool>| {
        let open = help_open.get();
        if open && was_open != Some(true) {
            return_to.set_value(focused());
        } else if !open && was_open == Some(true) {
            if let Some(element) = return_to.get_value() {
                let _ = element.focus();
            }
            return_to.set_value(None);
        }
        open
    });
    Effect::new(move || {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    Effect::new(move |first: Option<()>| {
        let on = enabled.get();
        if first.is_some() {
            remember(on);
        }
    });
    let close = move |_| help_open.set(false);
    let switch = NodeRef::<html::Input>::new();
    // A modal dialog keeps Tab inside: from the last control back to the first, and
    // Shift+Tab the other way.
    let trap = move |event: web_sys::KeyboardEvent| {
        if event.key() != "Tab" {
            return;
        }
        let (Some(first), Some(last)) = (switch.get(), close_button.get()) else {
            return;
        };
        let (first, last): (HtmlElement, HtmlElement) = (first.into(), last.into());
        let active = focused();
        let is = |element: &HtmlElement| active.as_ref() == Some(element);
        let target = match (event.shift_key(), is(&first), is(&last)) {
            (true, true, _) => last,
            (false, _, true) => first,
            _ => return,
        };
        event.prevent_default();
        let _ = target.focus();
    };
    let t = messages();
    view! {
        <p class="shortcuts-open">
            <button type="button" data-testid="shortcuts-button" on:click=move |_| help_open.set(true)>
                {t.shortcuts}
            </button>
        </p>
        <Show when=move || help_open.get()>
            <div class="shortcuts-help" role="dialog" aria-modal="true" aria-label=t.shortcuts data-testid="shortcuts-help" on:keydown=trap>
                <h2>{t.shortcuts}</h2>
                <dl>
                    <dt><kbd>"←"</kbd>" "<kbd>"k"</kbd></dt><dd>{t.shortcut_previous}</dd>
                    <dt><kbd>"→"</kbd>" "<kbd>"j"</kbd></dt><dd>{t.shortcut_next}</dd>
                    <dt><kbd>"g"</kbd>" "<kbd>"h"</kbd></dt><dd>{t.shortcut_list}</dd>
                    <dt><kbd>"/"</kbd></dt><dd>{t.shortcut_search}</dd>
                    <dt><kbd>"?"</kbd></dt><dd>{t.shortcut_help}</dd>
                    <dt><kbd>"Esc"</kbd></dt><dd>{t.shortcut_close}</dd>
                </dl>
                <label>
                    <input type="checkbox" data-testid="shortcuts-enabled" node_ref=switch
                        prop:checked=move || enabled.get()
                        on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    " "{t.shortcuts_on}
                </label>
                <button type="button" node_ref=close_button data-testid="shortcuts-close" on:click=close>{t.close}</button>
            </div>
        </Show>
    }
}
