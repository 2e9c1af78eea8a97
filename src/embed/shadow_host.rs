//! A shadow root for an embedded instance, with Pressroom's stylesheet adopted into it:
//! the host page's CSS cannot reach inside (`* { font-size: 40px }`, `a { display: none }`)
//! and Pressroom's CSS cannot leak out. Only CSS custom properties cross the boundary,
//! which is how a host page themes an embed (`--pressroom-accent`, …).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The app's stylesheet, plus the rules that cut inheritance from the host page; `rem`
/// becomes `em` so the host's root font size does not scale the embed.
pub fn embedded_css() -> String {
    let own = include_str!("../../style/pressroom.css").replace("rem", "em");
    format!("{PRELUDE}\n{own}")
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
/// `style-src`), else a `<style>` element.
fn adopt_styles(document: &web_sys::Document, shadow: &ShadowRoot, outer: &Element) {
    let css = embedded_css();
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
