//! Pressroom's browser shell: mounts the viewers that `pressroom-ui` draws and does
//! everything that needs the browser.
//!
//! - [`mount`]: where to run (the full page, script embeds, widgets) and mounting there;
//! - [`app`]: one viewer's settings and the context its views read;
//! - [`config`]: the page's `<meta>` settings (base, routing, data URL, network);
//! - [`dates`]: dates in the reader's locale (`Intl.DateTimeFormat`);
//! - [`fetch`]: fetching the data, with progress, timeouts, retries and a size limit;
//! - [`navigation`], [`click`] and [`forms`]: following the address bar, the reader's
//!   clicks, searches and filters; [`keys`]: keyboard shortcuts;
//! - [`shortcuts_help`], [`theme_toggle`] and [`share`]: the running app's own controls;
//!   [`remembered`]: what the browser keeps of the reader's choices;
//! - [`takeover`]: swapping a pre-rendered page for the app without a flash;
//! - [`embed`]: shadow roots for script embeds, and the iframe embed's messages;
//! - [`entities`]: named character references in Markdown, resolved by the browser.
//!
//! Views and data (routes, links, the store, pages, components) are in `pressroom-ui`,
//! which also renders natively for the site writer and never reaches a browser API.

pub mod app;
pub mod click;
pub mod config;
pub mod dates;
pub mod embed;
pub mod entities;
pub mod fetch;
pub mod forms;
pub mod keys;
pub mod mount;
pub mod navigation;
pub mod remembered;
pub mod search_engine;
pub mod share;
pub mod shortcuts_help;
pub mod takeover;
pub mod theme_toggle;

/// Mounts every instance the page asks for (see [`mount`]).
pub fn start() {
    entities::use_the_browser();
    mount::mount_all();
    dates::prepare();
}

/// `pressroomEmbed.mount()` for host pages (set by `embed.js`): mounts embeds and widgets
/// added to the page after Pressroom started; elements already mounted are skipped.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mount)]
pub fn mount_added() {
    entities::use_the_browser();
    mount::mount_all_added();
}
