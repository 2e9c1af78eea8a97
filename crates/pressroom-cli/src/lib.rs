//! The `pressroom` command-line tool as a library: every subcommand is a function here,
//! so `cargo xtask` and tests call them without a process.
//!
//! - [`build`]: a folder of Markdown files → a bundle;
//! - [`check`]: the core's validation, for people and for CI;
//! - [`import`]: JSON Feed, RSS, Atom, WordPress WXR and WP REST → a bundle;
//! - [`feed_export`]: a bundle → RSS 2.0, Atom, JSON Feed 1.1 and a sitemap.

pub mod dates;
pub mod html_to_markdown;
pub mod input;
pub mod report;
pub mod text_position;
pub mod xml_text;
