//! Pressroom's views and their data, for the browser and the pre-renderer alike.
//!
//! - [`route`], [`filter`] and [`links`]: typed routes with the reader's search and
//!   filters, and links in history, hash or memory mode;
//! - [`store`]: the data interface the pages use (the site, a list page, an article's
//!   metadata, its body, the latest releases), with view models built from the core;
//! - [`load`]: why data could not be shown, and the pure rules of loading;
//! - [`context`]: every type the views find in context (a leaf module);
//! - [`shell`], [`pages`], [`components`] and [`widget`]: the views;
//! - [`prerender`] (native only): pages as HTML text for the site writer.
//!
//! The crate depends on no browser API (no web-sys, js-sys or wasm-bindgen; see
//! `Cargo.toml` and `tests/dependencies.rs`): everything here renders natively too. The
//! wasm shell (the root package) fetches, follows navigation and talks to the page, and
//! hands what the views need in through [`context`].

pub mod components;
pub mod context;
pub mod filter;
pub mod links;
pub mod load;
pub mod messages;
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod route;
pub mod shell;
pub mod store;
#[cfg(not(target_arch = "wasm32"))]
pub mod transfer;
pub mod widget;
