//! A shadow root for an embedded instance, with Pressroom's stylesheet adopted into it:
//! the host page's CSS cannot reach inside (`* { font-size: 40px }`, `a { display: none }`)
//! and Pressroom's CSS cannot leak out. Only CSS custom properties cross the boundary,
//! which is how a host page themes an embed (`--pressroom-accent`, …).
//!
//! The stylesheet is not compiled into the wasm: `embed.js` fetches the app's hashed
//! stylesheet while the wasm downloads and hands its text over as `pressroomEmbed.css`
//! ([`EMBED_CSS`]). Embeds on one of the site's own pages (no `embed.js`) link the
//! page's own stylesheets instead, whose `rem` is already the site's.

use pressroom_core::names::EMBED_CSS;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The app's stylesheet `own`, plus the rules that cut inheritance from the host page;
/// `rem` units become `em` so the host's root font size does not scale the embed.
pub fn embedded_css(own: &str) -> String {
    format!("{PRELUDE}\n{}", rem_to_em(own))
}

/// `css` with every numeric `rem` unit (`1.5rem`, `.5rem`, `2REM`) written as `em`; the
/// letters `rem` anywhere else (`--pressroom-remark`, `premium`, a string) stay.
pub fn rem_to_em(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let unit = bytes[i..i + 3].eq_ignore_ascii_case(b"rem");
        let after_number = i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.');
        let number_starts = after_number && starts_number(bytes, i);
        let ends = bytes.get(i + 3).is_none_or(|b| !is_name_byte(*b));
        if unit && number_starts && ends {
            out.push_str(&css[copied..i]);
            out.push_str("em");
            copied = i + 3;
            i += 3;
        } else {
            i += 1;
        }
    }
    out.push_str(&css[copied..]);
    out
}

/// Whether the digits and dots just before `end` form a number, not the end of a name
/// such as `h2rem` or `--x1rem`.
fn starts_number(bytes: &[u8], end: usize) -> bool {
    let mut start = end;
    while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    start == 0
        || !is_name_byte(bytes[start - 1])
        || matches!(bytes[start - 1], b'-' | b'+') && (start < 2 || !is_name_byte(bytes[start - 2]))
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || byte >= 0x80
}

/// Resets what a host page could pass down by inheritance (font, alignment, spacing…).
const PRELUDE: &str = ":host { display: block; }
.pressroom-shadow { all: initial; display: block; }
.pressroom-shadow .pressroom { font-size: var(--pressroom-font-size, 16px); text-align: start; }";

/// Attaches a shadow root to `host` with the stylesheet and returns the element to mount
/// into. Falls back to `host` itself (unscoped) when `host` cannot have a shadow root.
pub fn prepare(host: &Element) -> Option<(HtmlElement, Option<ShadowRoot>)> {
    let document = web_sys::window()?.document()?;
    let container: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    container.set_class_name("pressroom pressroom-embedded");
    let shadow = host.shadow_root().or_else(|| {
        host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .ok()
    });
    let Some(shadow) = shadow else {
        host.append_child(&container).ok()?;
        return Some((container, None));
    };
    let outer = document.create_element("div").ok()?;
    outer.set_class_name("pressroom-shadow");
    adopt_styles(&document, &shadow, &outer);
    outer.append_child(&container).ok()?;
    shadow.append_child(&outer).ok()?;
    Some((container, Some(shadow)))
}

/// A constructed stylesheet when the browser has them (not subject to the host page's
/// `style-src`), else a `<style>` element. On one of the site's own pages (no `embed.js`),
/// the prelude and links to the page's stylesheets; on another site's page whose
/// `embed.js` could not fetch the stylesheet, the prelude alone (never the host's CSS).
fn adopt_styles(document: &Document, shadow: &ShadowRoot, outer: &Element) {
    let css = if super::from_embed_script().is_some() {
        let own = super::embed_script_says(EMBED_CSS).unwrap_or_default();
        embedded_css(&own)
    } else {
        link_page_styles(document, outer);
        PRELUDE.to_owned()
    };
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(&css).is_ok() {
            let sheets = js_sys::Array::of1(&sheet);
            shadow.set_adopted_style_sheets(&sheets);
            return;
        }
    }
    if let Ok(style) = document.create_element("style") {
        style.set_text_content(Some(&css));
        let _ = outer.append_child(&style);
    }
}

/// Copies of the page's `<link rel="stylesheet">`s into `outer` (the browser has them
/// already, so they apply without a new download).
fn link_page_styles(document: &Document, outer: &Element) {
    let Ok(links) = document.query_selector_all("link[rel~=stylesheet][href]") else {
        return;
    };
    for index in 0..links.length() {
        let copy = links
            .item(index)
            .and_then(|link| link.clone_node().ok())
            .and_then(|copy| copy.dyn_into::<Element>().ok());
        if let Some(copy) = copy {
            let _ = outer.append_child(&copy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numeric_rem_units_become_em() {
        assert_eq!(
            rem_to_em("margin: 1.5rem 0 .5rem 2REM;"),
            "margin: 1.5em 0 .5em 2em;"
        );
        assert_eq!(
            rem_to_em("top: -1rem; left: calc(100% - 3rem)"),
            "top: -1em; left: calc(100% - 3em)"
        );
        for untouched in [
            "--pressroom-remark: 1;",
            "font-family: Premium, sans-serif;",
            "content: \"rem\";",
            "a.remove { }",
            "width: 1remx;",
            "grid-area: h2rem;",
            "--x1rem: 2px;",
        ] {
            assert_eq!(rem_to_em(untouched), untouched);
        }
    }

    #[test]
    fn the_shipped_stylesheet_keeps_its_names() {
        let css = embedded_css(include_str!("../../style/pressroom.css"));
        assert!(!css.contains("1rem"), "units are converted");
        assert!(css.contains(".pressroom"), "selectors stay");
        assert!(css.starts_with(PRELUDE), "the prelude comes first");
    }
}
