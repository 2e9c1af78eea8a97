//! Finding where to run and mounting one instance there:
//!
//! - `#pressroom`: the full-page viewer (history or hash routing, from the page's metas),
//!   taking over pre-rendered markup (`data-prerendered` on it) when that markup's
//!   `data-prerendered-route` is the route being opened; in
//!   `embed.html` (`<meta name="pressroom-embed" content="iframe">`) it routes in memory
//!   and talks to its parent ([`crate::embed::iframe_messages`]);
//! - every `[data-pressroom-bundle]`: a script-embedded viewer in its own shadow root,
//!   routing in memory (or by hash with `data-pressroom-routing="hash"`);
//! - every `[data-pressroom-latest]`: the latest-releases widget.
//!
//! Instances are independent: each has its own store, route and click handling.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use crate::app::{App, BundleSource, Instance, StoreResource};
use crate::config::{bundle_url, meta_content, page_base, page_routing, NetConfig};
use crate::embed::iframe_messages;
use crate::embed::latest_widget::{LatestReleases, WidgetOptions};
use crate::embed::shadow_host;
use crate::links::{Links, RoutingMode};
use crate::navigation::{self, NavigationTarget};
use crate::route::Route;
use crate::takeover::{self, Takeover};
use std::cell::Cell;
use std::rc::Rc;

/// Marks an element an instance was mounted into, so a second start skips it.
const MOUNTED: &str = "data-pressroom-mounted";

/// The id of an inlined bundle (`<script type="application/json">`).
pub const INLINE_BUNDLE_ID: &str = "pressroom-bundle-data";

/// Mounts every instance the page asks for; the body gets the full viewer when the page
/// has no place for one at all.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let page = document.get_element_by_id("pressroom");
    let has_page = page.is_some();
    if let Some(host) = page {
        mount_page(&document, host);
    }
    let embedded = mount_embeds(&document);
    if !has_page && embedded == 0 {
        if let Some(body) = document.body() {
            mount_page(&document, body.into());
        }
    }
}

/// Mounts the script embeds and widgets that are not mounted yet (elements a host page
/// added after Pressroom started); never the full page.
pub fn mount_all_added() {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        mount_embeds(&document);
    }
}

/// Mounts every script embed and widget not mounted yet; returns how many.
fn mount_embeds(document: &Document) -> usize {
    let embeds = elements(document, "[data-pressroom-bundle]");
    let widgets = elements(document, "[data-pressroom-latest]");
    for host in &embeds {
        mount_embed(document, host);
    }
    for host in &widgets {
        mount_widget(document, host);
    }
    embeds.len() + widgets.len()
}

fn elements(document: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = document.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter(|el| !el.has_attribute(MOUNTED))
        .collect()
}

fn mount_page(document: &Document, host: Element) {
    let _ = host.set_attribute(MOUNTED, "");
    let in_iframe = meta_content("pressroom-embed").is_some_and(|v| v.trim() == "iframe");
    let base = page_base();
    let mode = if in_iframe {
        RoutingMode::Memory
    } else {
        page_routing()
    };
    let links = Links::new(mode, &base);
    let source = match inline_bundle(document) {
        Some(text) => BundleSource::Inline(text),
        None => BundleSource::Url(bundle_url(&base)),
    };
    let route = if in_iframe {
        // `embed.html#/releases/<slug>/` starts at that release.
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        Route::from_fragment(&hash).unwrap_or(Route::List { page: 1 })
    } else {
        navigation::initial_route(&links)
    };
    // The markup is taken over only when it shows this route: a host that rewrites every
    // path to the pre-rendered `index.html` must not flash the list before an article.
    let prerendered = host.has_attribute("data-prerendered")
        && host
            .first_element_child()
            .and_then(|markup| markup.get_attribute("data-prerendered-route"))
            .is_some_and(|path| Route::parse(&path) == route);
    // Until the app has taken over, the pre-rendered page stays a plain static page: its
    // links load the next pre-rendered page.
    let active = Rc::new(Cell::new(!prerendered));
    let navigator = navigation::start(
        NavigationTarget {
            root: host.clone().into(),
            scroll_anchor: None,
            links: links.clone(),
            new_tab_for_others: in_iframe,
            active: Rc::clone(&active),
        },
        route.clone(),
    );
    let mut instance = Instance {
        source,
        links,
        net: NetConfig::from_page(),
        owns_document: true,
        takeover: None,
    };
    if prerendered {
        takeover::mark_prerendered(&host);
        instance.takeover = Some(Takeover {
            host: host.clone(),
            active,
        });
    } else {
        host.set_inner_html("");
        let _ = host.remove_attribute("data-prerendered");
    }
    let Ok(element) = host.clone().dyn_into::<HtmlElement>() else {
        return;
    };
    leptos::mount::mount_to(
        element,
        move || view! { <App instance=instance navigator=navigator/> },
    )
    .forget();
    if prerendered {
        takeover::hide_app(&host);
    }
    if in_iframe {
        let allowed = iframe_messages::parse_origins(
            &meta_content("pressroom-parent-origin").unwrap_or_default(),
        );
        iframe_messages::start(navigator, allowed);
    }
}

fn mount_embed(document: &Document, host: &Element) {
    let _ = host.set_attribute(MOUNTED, "");
    let Some(bundle) = attribute(host, "data-pressroom-bundle").and_then(|b| resolve(document, &b))
    else {
        return;
    };
    let mode = match attribute(host, "data-pressroom-routing").and_then(|m| RoutingMode::parse(&m))
    {
        Some(RoutingMode::Hash) => RoutingMode::Hash,
        _ => RoutingMode::Memory,
    };
    let links = Links::new(mode, &viewer_base(document, host, &bundle));
    let Some((container, shadow)) = shadow_host::prepare(host) else {
        return;
    };
    let root: web_sys::EventTarget = match shadow {
        Some(shadow) => shadow.into(),
        None => container.clone().into(),
    };
    let route = match mode {
        RoutingMode::Hash => navigation::initial_route(&links),
        _ => Route::List { page: 1 },
    };
    let navigator = navigation::start(
        NavigationTarget {
            root,
            scroll_anchor: Some(host.clone()),
            links: links.clone(),
            new_tab_for_others: false,
            active: Rc::new(Cell::new(true)),
        },
        route,
    );
    let instance = Instance {
        source: BundleSource::Url(bundle),
        links,
        net: NetConfig::default(),
        owns_document: false,
        takeover: None,
    };
    leptos::mount::mount_to(
        container,
        move || view! { <App instance=instance navigator=navigator/> },
    )
    .forget();
}

fn mount_widget(document: &Document, host: &Element) {
    let _ = host.set_attribute(MOUNTED, "");
    let Some(bundle) = attribute(host, "data-pressroom-latest").and_then(|b| resolve(document, &b))
    else {
        return;
    };
    let links = Links::history(&viewer_base(document, host, &bundle));
    let options = WidgetOptions::read(
        attribute(host, "data-pressroom-count"),
        attribute(host, "data-pressroom-tag"),
        attribute(host, "data-pressroom-source"),
    );
    let Some((container, _)) = shadow_host::prepare(host) else {
        return;
    };
    container.set_class_name("pressroom pressroom-embedded pressroom-widget");
    leptos::mount::mount_to(container, move || {
        provide_context(links);
        provide_context(StoreResource::load_with(
            bundle,
            NetConfig::default(),
            crate::app::LoadProgress(RwSignal::new(Default::default())),
        ));
        view! { <LatestReleases options=options/> }
    })
    .forget();
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element.get_attribute(name).filter(|v| !v.trim().is_empty())
}

/// `url` made absolute against the document (embeds live on other sites' pages).
fn resolve(document: &Document, url: &str) -> Option<String> {
    let base = document.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(url.trim(), &base)
        .ok()
        .map(|u| u.href())
}

/// The full viewer's public URL, for an embed's links: `data-pressroom-viewer`, else
/// where `embed.js` was loaded from, else the bundle's folder. Only http(s) URLs are
/// taken from the attribute.
fn viewer_base(document: &Document, host: &Element, bundle: &str) -> String {
    let web = |url: &String| url.starts_with("https://") || url.starts_with("http://");
    if let Some(viewer) = attribute(host, "data-pressroom-viewer")
        .and_then(|v| resolve(document, &v))
        .filter(web)
    {
        return viewer;
    }
    let from_script = js_sys::Reflect::get(&js_sys::global(), &"pressroomEmbed".into())
        .ok()
        .and_then(|embed| js_sys::Reflect::get(&embed, &"base".into()).ok())
        .and_then(|base| base.as_string());
    from_script
        .or_else(|| {
            web_sys::Url::new_with_base("./", bundle)
                .ok()
                .map(|u| u.href())
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// The text of an inlined bundle, if the page has one.
fn inline_bundle(document: &Document) -> Option<String> {
    document
        .get_element_by_id(INLINE_BUNDLE_ID)
        .and_then(|script| script.text_content())
        .filter(|text| !text.trim().is_empty())
}
