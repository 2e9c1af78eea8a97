//! Pressroom: a press-release viewer that runs in the browser.
//!
//! - [`config`]: where the bundle comes from and where the app lives;
//! - [`load_bundle`]: fetching the bundle, with typed errors;
//! - [`store`]: the data interface the pages use (list, one release, its neighbours);
//! - [`route`], [`links`] and [`navigation`]: typed routes, links in history, hash or
//!   memory mode, and client-side navigation;
//! - [`app`]: the load-once resource shared through context and the page of the route;
//! - [`mount`], [`takeover`] and [`embed`]: the full page, pre-rendered pages, script and
//!   iframe embeds and the latest-releases widget;
//! - [`prerender_views`]: the same pages as HTML text, natively, for pre-rendering;
//! - [`pages`] and [`components`]: the views.
//!
//! Components never see the bundle's bytes: they read view models from [`store::Store`],
//! so a later sharded or pre-rendered data source changes the store only.

pub mod app;
pub mod components;
pub mod config;
pub mod embed;
pub mod links;
pub mod load_bundle;
pub mod mount;
pub mod navigation;
pub mod pages;
pub mod prerender_views;
pub mod route;
pub mod store;
pub mod takeover;

/// Mounts every instance the page asks for (see [`mount`]).
pub fn start() {
    mount::mount_all();
}

/// `pressroomEmbed.mount()` for host pages (set by `embed.js`): mounts embeds and widgets
/// added to the page after Pressroom started; elements already mounted are skipped.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mount)]
pub fn mount_added() {
    mount::mount_all_added();
}
