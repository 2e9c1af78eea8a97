//! Pressroom inside other pages: the script embed (a viewer in its own shadow root, with
//! in-memory routing), the latest-releases widget, and the iframe embed's messages to
//! and from its parent.

pub mod iframe_messages;
pub mod latest_widget;
pub mod shadow_host;
