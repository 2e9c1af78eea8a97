//! Finding where to run and mounting one instance there:
//!
//! - `#pressroom`: the full-page viewer (history or hash routing, from the page's metas),
//!   taking over pre-rendered markup (`data-prerendered` on it) when that markup shows the
//!   route being opened; in `embed.html` (`<meta name="pressroom-embed" content="iframe">`)
//!   it routes in memory and talks to its parent ([`crate::embed::iframe_messages`]);
//! - every `[data-pressroom-bundle]`: a script-embedded viewer in its own shadow root,
//!   routing in memory (or by hash with `data-pressroom-routing="hash"`);
//! - every `[data-pressroom-latest]`: the latest-releases widget.
//!
//! Loaded by `embed.js` on another site's page, only the embed elements are touched:
//! never the page around them, whatever it holds ([`mounts_full_page`]). Instances are
//! independent: each has its own store, route and click handling; only one instance on a
//! page can follow the address bar's fragment, so a second hash-mode embed routes in
//! memory ([`embed_routing`]).

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use pressroom_core::names::{
    ATTR_POSITION, ATTR_PRERENDERED, ATTR_PRERENDERED_ROUTE, EMBED_BASE, INLINE_BUNDLE_ID,
    META_EMBED, META_PARENT_ORIGIN, MOUNT_ID,
};
use pressroom_core::urls::parse_origins;
use pressroom_ui::context::LoadProgress;
use pressroom_ui::links::{Links, RoutingMode};
use pressroom_ui::route::Route;
use pressroom_ui::widget::{LatestReleases, WidgetOptions};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use crate::app::{store_resource, App, BundleSource, Focus, Instance};
use crate::config::{bundle_url, meta_content, page_base, page_routing, NetConfig};
use crate::embed::{iframe_messages, shadow_host};
use crate::forms::Typing;
use crate::keys;
use crate::navigation::{self, NavigationTarget};
use crate::shortcuts_help::Keyboard;
use crate::takeover::{self, takes_over, Takeover};

/// Marks an element an instance was mounted into, so a second start skips it.
const MOUNTED: &str = "data-pressroom-mounted";

/// Whether the full-page viewer is mounted: only when the app was loaded as a page (not
/// by `embed.js` into another site's page) and the page has its mount point.
pub fn mounts_full_page(loaded_by_embed_script: bool, has_mount_point: bool) -> bool {
    !loaded_by_embed_script && has_mount_point
}

/// The routing of a script embed that asked for `requested`: hash routing only for the
/// first instance on the page that asks for it (one fragment cannot hold two routes),
/// memory routing otherwise.
pub fn embed_routing(requested: Option<RoutingMode>, fragment_taken: bool) -> RoutingMode {
    match requested {
        Some(RoutingMode::Hash) if !fragment_taken => RoutingMode::Hash,
        _ => RoutingMode::Memory,
    }
}

/// Mounts every instance the page asks for.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let page = document.get_element_by_id(MOUNT_ID);
    let mut fragment_taken = false;
    if let Some(host) = page.filter(|_| mounts_full_page(loaded_by_embed_script(), true)) {
        fragment_taken = mount_page(&document, host) == RoutingMode::Hash;
    }
    mount_embeds(&document, fragment_taken);
}

/// Mounts the script embeds and widgets that are not mounted yet (elements a host page
/// added after Pressroom started); never the full page.
pub fn mount_all_added() {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let taken = !elements(&document, &format!("[{MOUNTED}=\"hash\"]"), true).is_empty();
        mount_embeds(&document, taken);
    }
}

/// Whether `embed.js` loaded the app: it sets `globalThis.pressroomEmbed` first.
fn loaded_by_embed_script() -> bool {
    crate::embed::from_embed_script().is_some()
}

/// Mounts every script embed and widget not mounted yet.
fn mount_embeds(document: &Document, mut fragment_taken: bool) {
    for host in elements(document, "[data-pressroom-bundle]", false) {
        fragment_taken |= mount_embed(document, &host, fragment_taken) == RoutingMode::Hash;
    }
    for host in elements(document, "[data-pressroom-latest]", false) {
        mount_widget(document, &host);
    }
}

fn elements(document: &Document, selector: &str, mounted: bool) -> Vec<Element> {
    let Ok(list) = document.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter(|el| el.has_attribute(MOUNTED) == mounted)
        .collect()
}

/// Mounts the full-page viewer into `host`; returns its routing mode.
fn mount_page(document: &Document, host: Element) -> RoutingMode {
    let in_iframe = meta_content(META_EMBED).is_some_and(|v| v.trim() == "iframe");
    let base = page_base();
    let mode = if in_iframe {
        RoutingMode::Memory
    } else {
        page_routing()
    };
    let _ = host.set_attribute(
        MOUNTED,
        if mode == RoutingMode::Hash {
            "hash"
        } else {
            ""
        },
    );
    let links = Links::new(mode, &base);
    let net = NetConfig::from_page();
    let source = match inline_bundle(document) {
        Some(text) => BundleSource::Inline(text),
        None => BundleSource::Url(bundle_url(&base)),
    };
    // The data's request goes out before the rest of the page is set up.
    if let BundleSource::Url(url) = &source {
        crate::fetch::head_start(url, net);
    }
    let route = start_route(in_iframe, &links);
    let (prerendered, position_hint) = prerendered_markup(&host, &route);
    // Until the app has taken over, the pre-rendered page stays a plain static page: its
    // links load the next pre-rendered page.
    let active = Rc::new(Cell::new(!prerendered));
    let focus_pending = Rc::new(Cell::new(false));
    let typing = Rc::new(Typing::default());
    let navigator = navigation::start(
        NavigationTarget {
            root: host.clone().into(),
            scroll_anchor: None,
            links: links.clone(),
            new_tab_for_others: in_iframe,
            active: Rc::clone(&active),
            focus_pending: Rc::clone(&focus_pending),
            typing: Rc::clone(&typing),
        },
        route.clone(),
    );
    let keyboard = Keyboard::new();
    if let Some(window) = web_sys::window() {
        keys::listen(&window.into(), host.clone().into(), keyboard);
    }
    let takeover = prepare_host(&host, prerendered, active, route);
    let instance = Instance {
        source,
        links,
        net,
        owns_document: true,
        status: Instance::new_status(),
        takeover,
        focus: Some(Focus {
            root: host.clone().into(),
            pending: focus_pending,
            typing,
        }),
        position_hint,
        keyboard,
    };
    let Ok(element) = host.clone().dyn_into::<HtmlElement>() else {
        return mode;
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
        let allowed = parse_origins(&meta_content(META_PARENT_ORIGIN).unwrap_or_default());
        iframe_messages::start(navigator, allowed);
    }
    mode
}

/// The route a full-page viewer starts on: the page's URL, or in the iframe embed the
/// fragment (`embed.html#/releases/<slug>/` starts at that release).
fn start_route(in_iframe: bool, links: &Links) -> Route {
    if in_iframe {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        Route::from_fragment(&hash).unwrap_or(Route::front())
    } else {
        navigation::initial_route(links)
    }
}

/// Whether `host` holds pre-rendered markup of `route` to take over, and then the
/// release's position that the markup names (the store's hint for a sharded archive).
fn prerendered_markup(host: &Element, route: &Route) -> (bool, Option<(String, usize)>) {
    let markup = host.first_element_child();
    let markup_route = markup
        .as_ref()
        .and_then(|markup| markup.get_attribute(ATTR_PRERENDERED_ROUTE));
    let prerendered =
        host.has_attribute(ATTR_PRERENDERED) && takes_over(markup_route.as_deref(), route);
    let position_hint = match (route, markup.and_then(|m| m.get_attribute(ATTR_POSITION))) {
        (Route::Release { slug, .. }, Some(position)) if prerendered => {
            position.parse().ok().map(|p| (slug.clone(), p))
        }
        _ => None,
    };
    (prerendered, position_hint)
}

/// Marks pre-rendered markup for takeover, or empties a host that has none to keep.
fn prepare_host(
    host: &Element,
    prerendered: bool,
    active: Rc<Cell<bool>>,
    route: Route,
) -> Option<Takeover> {
    if prerendered {
        takeover::mark_prerendered(host);
        Some(Takeover {
            host: host.clone(),
            active,
            route,
        })
    } else {
        host.set_inner_html("");
        let _ = host.remove_attribute(ATTR_PRERENDERED);
        None
    }
}

/// Mounts a script embed into `host`; returns its routing mode.
fn mount_embed(document: &Document, host: &Element, fragment_taken: bool) -> RoutingMode {
    let requested = attribute(host, "data-pressroom-routing").and_then(|m| RoutingMode::parse(&m));
    let mode = embed_routing(requested, fragment_taken);
    if requested == Some(RoutingMode::Hash) && mode != RoutingMode::Hash {
        web_sys::console::warn_1(&"Pressroom: another viewer on this page already follows the address's fragment; this one routes in memory".into());
    }
    let _ = host.set_attribute(
        MOUNTED,
        if mode == RoutingMode::Hash {
            "hash"
        } else {
            ""
        },
    );
    let Some(bundle) = attribute(host, "data-pressroom-bundle").and_then(|b| resolve(document, &b))
    else {
        return RoutingMode::Memory;
    };
    let links = Links::new(mode, &viewer_base(document, host, &bundle));
    let Some((container, shadow)) = shadow_host::prepare(host) else {
        return RoutingMode::Memory;
    };
    let root: web_sys::EventTarget = match shadow {
        Some(shadow) => shadow.into(),
        None => container.clone().into(),
    };
    let route = match mode {
        RoutingMode::Hash => navigation::initial_route(&links),
        _ => Route::front(),
    };
    let focus_pending = Rc::new(Cell::new(false));
    let typing = Rc::new(Typing::default());
    let keyboard = Keyboard::new();
    keys::listen(&root, root.clone(), keyboard);
    let navigator = navigation::start(
        NavigationTarget {
            root: root.clone(),
            scroll_anchor: Some(host.clone()),
            links: links.clone(),
            new_tab_for_others: false,
            active: Rc::new(Cell::new(true)),
            focus_pending: Rc::clone(&focus_pending),
            typing: Rc::clone(&typing),
        },
        route,
    );
    let instance = Instance {
        source: BundleSource::Url(bundle),
        links,
        net: NetConfig::default(),
        owns_document: false,
        status: Instance::new_status(),
        takeover: None,
        focus: Some(Focus {
            root,
            pending: focus_pending,
            typing,
        }),
        position_hint: None,
        keyboard,
    };
    leptos::mount::mount_to(
        container,
        move || view! { <App instance=instance navigator=navigator/> },
    )
    .forget();
    mode
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
        provide_context(crate::dates::DATE_FORMAT);
        let source = BundleSource::Url(bundle);
        let progress = LoadProgress::new();
        provide_context(store_resource(
            &source,
            NetConfig::default(),
            progress,
            None,
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
    if let Some(viewer) = attribute(host, "data-pressroom-viewer")
        .and_then(|v| resolve(document, &v))
        .filter(|url| pressroom_core::urls::is_http_url(url))
    {
        return viewer;
    }
    crate::embed::embed_script_says(EMBED_BASE)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_script_never_mounts_the_full_page() {
        assert!(mounts_full_page(false, true));
        assert!(
            !mounts_full_page(true, true),
            "a host page's own #pressroom"
        );
        assert!(
            !mounts_full_page(true, false),
            "a host page with no embed element yet"
        );
        assert!(
            !mounts_full_page(false, false),
            "no mount point: nothing, never <body>"
        );
    }

    #[test]
    fn only_one_instance_follows_the_fragment() {
        assert_eq!(
            embed_routing(Some(RoutingMode::Hash), false),
            RoutingMode::Hash
        );
        assert_eq!(
            embed_routing(Some(RoutingMode::Hash), true),
            RoutingMode::Memory
        );
        assert_eq!(embed_routing(None, false), RoutingMode::Memory);
        assert_eq!(
            embed_routing(Some(RoutingMode::History), false),
            RoutingMode::Memory
        );
    }
}
