//! Pressroom inside other pages: the shadow root of a script embed or widget (its views
//! are in `pressroom-ui`), and the iframe embed's messages to and from its parent.

pub mod iframe_messages;
pub mod shadow_host;
