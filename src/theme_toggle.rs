//! The theme button: the reader's choice of the dark or the light theme over the
//! system's (`prefers-color-scheme`). It sets `<html data-pressroom-theme>`, which the
//! stylesheet reads, and remembers the choice in `localStorage`, where `public/theme.js`
//! reads it before the next page's first paint (no flash of the other theme, also on
//! pre-rendered pages). Only an instance that owns the page shows it: an embed must not
//! restyle its host's page.

use leptos::prelude::*;
use pressroom_ui::messages::messages;

use crate::remembered;

/// Where the choice is remembered: `"light"` or `"dark"` (read by `public/theme.js`).
pub const STORAGE_KEY: &str = "pressroom.theme";

/// The attribute of `<html>` that carries the choice (read by the stylesheet).
pub const ATTRIBUTE: &str = "data-pressroom-theme";

fn root_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn system_is_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// Whether the dark theme shows now: the choice on `<html>`, else the system's.
fn dark_now() -> bool {
    match root_element()
        .and_then(|e| e.get_attribute(ATTRIBUTE))
        .as_deref()
    {
        Some("dark") => true,
        Some("light") => false,
        _ => system_is_dark(),
    }
}

/// Shows and remembers a theme.
fn choose(dark: bool) {
    let theme = if dark { "dark" } else { "light" };
    if let Some(root) = root_element() {
        let _ = root.set_attribute(ATTRIBUTE, theme);
    }
    remembered::write(STORAGE_KEY, theme);
}

/// The button: pressed while the dark theme shows.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(dark_now());
    let toggle = move |_| {
        let next = !dark.get_untracked();
        choose(next);
        dark.set(next);
    };
    view! {
        <p class="theme-choice">
            <button type="button" data-testid="theme-toggle" aria-pressed=move || dark.get().to_string() on:click=toggle>
                {messages().dark_theme}
            </button>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_and_the_stylesheet_use_the_same_names() {
        let script = include_str!("../public/theme.js");
        let css = include_str!("../style/pressroom.css");
        assert!(script.contains(&format!("getItem(\"{STORAGE_KEY}\")")));
        assert!(script.contains(&format!("setAttribute(\"{ATTRIBUTE}\", theme)")));
        for theme in ["light", "dark"] {
            assert!(css.contains(&format!(":root[{ATTRIBUTE}=\"{theme}\"] .pressroom")));
        }
        let html = include_str!("../index.html");
        assert!(html.contains("<script data-trunk src=\"public/theme.js\""));
    }
}
