//! Sharing an article's link ([`pressroom_ui::context::Sharing`]): the clipboard
//! (`navigator.clipboard.writeText`) and, where the browser has one, its share sheet
//! (`navigator.share`, Web Share). Links are made absolute against the page's address.
//! Both APIs are looked up before use: outside a secure context, or in an old browser,
//! they are missing, and calling them would throw.

use js_sys::Reflect;
use leptos::prelude::*;
use pressroom_ui::context::Sharing;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// Whether `object.name` exists and is not `undefined`.
fn has(object: &JsValue, name: &str) -> bool {
    Reflect::get(object, &name.into()).is_ok_and(|v| !v.is_undefined())
}

/// `href` as an absolute URL, against the document's address.
fn absolute(href: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    Some(web_sys::Url::new_with_base(href, &base).ok()?.href())
}

async fn copy(href: String) -> bool {
    let (Some(navigator), Some(url)) = (navigator(), absolute(&href)) else {
        return false;
    };
    if !has(&navigator, "clipboard") {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(&url))
        .await
        .is_ok()
}

async fn share(title: String, href: String) {
    let (Some(navigator), Some(url)) = (navigator(), absolute(&href)) else {
        return;
    };
    let data = web_sys::ShareData::new();
    data.set_title(&title);
    data.set_url(&url);
    // The reader may cancel the sheet: that is no error to show.
    let _ = JsFuture::from(navigator.share_with_data(&data)).await;
}

/// The sharing of one instance.
pub fn sharing() -> Sharing {
    let copied = RwSignal::new(None);
    let web_share = navigator().is_some_and(|n| has(&n, "share"));
    Sharing {
        copy: Callback::new(move |href: String| {
            leptos::task::spawn_local(async move {
                let done = copy(href).await;
                copied.try_set(Some(done));
            });
        }),
        share: web_share.then(|| {
            Callback::new(move |(title, href): (String, String)| {
                leptos::task::spawn_local(share(title, href));
            })
        }),
        copied,
    }
}
