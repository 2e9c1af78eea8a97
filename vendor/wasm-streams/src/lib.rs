//! Working with the Web [Streams API](https://developer.mozilla.org/en-US/docs/Web/API/Streams_API)
//! in Rust.
//!
//! This crate provides wrappers around [`ReadableStream`], [`WritableStream`] and [`TransformStream`].
//! It also supports converting from and into [`Stream`]s and [`Sink`]s from the [futures] crate.
//!
//! [`Stream`]: https://docs.rs/futures/0.3.30/futures/stream/trait.Stream.html
//! [`Sink`]: https://docs.rs/futures/0.3.30/futures/sink/trait.Sink.html
//! [futures]: https://docs.rs/futures/0.3.30/futures/index.html

// Patched for Pressroom (PATCH.md): without `into-js`, the bridging types are unused.
#![cfg_attr(not(feature = "into-js"), allow(dead_code, unused_imports))]

pub use readable::ReadableStream;
pub use transform::TransformStream;
pub use writable::WritableStream;

pub(crate) mod queuing_strategy;
pub mod readable;
pub mod transform;
pub(crate) mod util;
pub mod writable;

/// Patched for Pressroom (see `PATCH.md`): without the `into-js` feature, JavaScript
/// streams cannot be made from Rust streams and sinks, so the classes that would bridge
/// them are not exported from the wasm.
#[cfg(not(feature = "into-js"))]
#[track_caller]
pub(crate) fn unreachable_without_into_js() -> ! {
    panic!("wasm-streams was built without its `into-js` feature")
}
