//! Pressroom inside other pages: the shadow root of a script embed or widget (its views
//! are in `pressroom-ui`), and the iframe embed's messages to and from its parent.

pub mod iframe_messages;
pub mod shadow_host;

use pressroom_core::names::EMBED_GLOBAL;
use wasm_bindgen::JsValue;

/// `globalThis.pressroomEmbed`, which `embed.js` sets before it starts the app; `None`
/// when the app was loaded as a page of its own.
pub fn from_embed_script() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &EMBED_GLOBAL.into())
        .ok()
        .filter(|embed| embed.is_object())
}

/// The string `pressroomEmbed[key]`, if `embed.js` set one.
pub fn embed_script_says(key: &str) -> Option<String> {
    from_embed_script()
        .and_then(|embed| js_sys::Reflect::get(&embed, &key.into()).ok())
        .and_then(|value| value.as_string())
}
