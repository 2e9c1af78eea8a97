//! Pressroom: a press-release viewer that runs in the browser.
//!
//! - [`config`]: where the bundle comes from and where the app lives;
//! - [`load_bundle`]: fetching the bundle, with typed errors;
//! - [`store`]: the data interface the pages use (list, one release, its neighbours);
//! - [`app`]: the router and the load-once resource shared through context;
//! - [`pages`] and [`components`]: the views.
//!
//! Components never see the bundle's bytes: they read view models from [`store::Store`],
//! so a later sharded or pre-rendered data source changes the store only.

pub mod app;
pub mod components;
pub mod config;
pub mod load_bundle;
pub mod pages;
pub mod store;

/// Mounts the app into `#pressroom` (replacing its static placeholder) or the body.
pub fn start() {
    app::mount();
}
