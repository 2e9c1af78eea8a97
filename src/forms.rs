//! The search box and the filters' date range, taken over like links: both are plain
//! `GET` forms to the list (they work on a pre-rendered page before the app starts); in
//! the app a submit becomes a navigation to the list with the form's fields as the search
//! ([`Filter`]), and typing in the search box navigates after a pause
//! ([`TYPING_PAUSE_MS`]), replacing the history entry while the reader refines the words,
//! so Back leaves the search in one step.
//!
//! A navigation from typing keeps the reader in the box: the new page's box gets focus,
//! the words typed meanwhile and the caret at their end ([`restore_typing`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use pressroom_core::paging::PageRef;
use pressroom_ui::context::{Navigator, PageState, PageStatus};
use pressroom_ui::filter::Filter;
use pressroom_ui::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget, FormData, HtmlFormElement, HtmlInputElement, UrlSearchParams};

use crate::navigation::{navigate, query, HistoryEntry, NavigationTarget};

/// How long typing pauses before the results follow, in milliseconds.
pub const TYPING_PAUSE_MS: i32 = 250;

/// The name of the search box's field.
const QUERY_FIELD: &str = "q";

/// What typing left to do once the next page is drawn; one per instance.
#[derive(Default)]
pub struct Typing {
    /// The pending pause's timer.
    timer: Cell<Option<i32>>,
    /// The words to put back in the box, when the reader was typing in it.
    words: RefCell<Option<String>>,
}

/// The list route a search form's fields ask for.
pub fn route_of_fields(query_string: &str) -> Route {
    Route::List {
        page: PageRef::Front,
        filter: Filter::parse(query_string),
    }
}

/// Whether typing should add a history entry: only when leaving a page that is not a
/// search already (so Back returns to it); later words replace that entry.
pub fn typing_entry(current: &Route) -> HistoryEntry {
    match current {
        Route::List { filter, .. } if !filter.is_empty() => HistoryEntry::Replace,
        _ => HistoryEntry::Push,
    }
}

/// Starts taking over the forms inside `target`'s root.
pub fn catch_forms(target: &NavigationTarget, nav: Navigator) {
    let typing = &target.typing;
    let on_submit = {
        let (target, typing) = (target.clone(), Rc::clone(typing));
        move |event: Event| {
            let Some(form) = form_of(&event) else { return };
            if !target.active.get() || !form.method().eq_ignore_ascii_case("get") {
                return;
            }
            event.prevent_default();
            cancel_pause(&typing);
            let route = route_of_fields(&fields_of(&form));
            target.focus_pending.set(true);
            navigate(&target, nav, route, HistoryEntry::Push);
        }
    };
    let on_input = {
        let (target, typing) = (target.clone(), Rc::clone(typing));
        move |event: Event| {
            let Some(input) = search_box(&event) else {
                return;
            };
            if target.active.get() {
                *typing.words.borrow_mut() = Some(input.value());
                schedule(&target, nav, &typing, input);
            }
        }
    };
    listen(&target.root, "submit", on_submit);
    listen(&target.root, "input", on_input);
}

/// After a pause in typing, shows the results of the box's form.
fn schedule(
    target: &NavigationTarget,
    nav: Navigator,
    typing: &Rc<Typing>,
    input: HtmlInputElement,
) {
    cancel_pause(typing);
    let (target, fire_typing) = (target.clone(), Rc::clone(typing));
    let fire = Closure::once_into_js(move || {
        fire_typing.timer.set(None);
        let Some(form) = input.form() else { return };
        let route = route_of_fields(&fields_of(&form));
        let current = nav.route.get_untracked();
        if route != current {
            navigate(&target, nav, route, typing_entry(&current));
        }
    });
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            fire.unchecked_ref(),
            TYPING_PAUSE_MS,
        )
        .ok()
    });
    typing.timer.set(timer);
}

fn cancel_pause(typing: &Typing) {
    if let (Some(timer), Some(window)) = (typing.timer.take(), web_sys::window()) {
        window.clear_timeout_with_handle(timer);
    }
}

/// Once a page is drawn while the reader types, puts focus, the words and the caret back
/// in the new page's search box.
/// Call inside the instance's owner.
pub fn restore_typing(status: PageStatus, root: EventTarget, typing: Rc<Typing>) {
    Effect::new(move |_| {
        let shown = status.0.with(|s| matches!(s, PageState::Shown { .. }));
        if !shown || typing.words.borrow().is_none() {
            return;
        }
        let (root, typing) = (root.clone(), Rc::clone(&typing));
        request_animation_frame(move || {
            let Some(words) = typing.words.borrow_mut().take() else {
                return;
            };
            let input = query(&root, &format!("input[name={QUERY_FIELD}]"))
                .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
            if let Some(input) = input {
                if input.value() != words {
                    input.set_value(&words);
                }
                let _ = input.focus();
                let end = u32::try_from(words.encode_utf16().count()).unwrap_or(u32::MAX);
                let _ = input.set_selection_range(end, end);
            }
        });
    });
}

/// The form an event came from.
fn form_of(event: &Event) -> Option<HtmlFormElement> {
    event.target()?.dyn_into::<HtmlFormElement>().ok()
}

/// The search box an event came from.
fn search_box(event: &Event) -> Option<HtmlInputElement> {
    let input = event.target()?.dyn_into::<HtmlInputElement>().ok()?;
    (input.name() == QUERY_FIELD && input.form().is_some()).then_some(input)
}

/// A form's fields as a query string (`q=…&tag=…`).
fn fields_of(form: &HtmlFormElement) -> String {
    FormData::new_with_form(form)
        .ok()
        .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&JsValue::from(data)).ok())
        .map(|params| String::from(params.to_string()))
        .unwrap_or_default()
}

fn listen(root: &EventTarget, event: &str, handler: impl Fn(Event) + 'static) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    let _ = root.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}
