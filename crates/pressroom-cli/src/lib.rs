//! The `pressroom` command-line tool as a library: every subcommand is a function here,
//! so `cargo xtask` and tests call them without a process.
//!
//! - [`build`]: a folder of Markdown files → a bundle ([`build::build_bundle`]);
//! - [`check`]: the core's validation, for people and for CI;
//! - [`import`]: JSON Feed, RSS, Atom, WordPress WXR and WP REST → a bundle;
//! - [`site_command`]: `pressroom site`, a deployable site from an app build and content
//!   (the writing itself is `pressroom-site`'s, as are the feeds of `pressroom feed`);
//! - [`preview`]: `pressroom preview`, that site served locally and rebuilt on change;
//! - [`cli`]: the command line itself (clap), exit codes and output.
//!
//! Supporting modules: [`front_matter`] and [`site_config`] for `build`;
//! [`xml_text`] (decoding, entity and depth checks), [`dates`] and [`html_to_markdown`]
//! for `import`; [`input`] (size limits), [`report`], [`progress`], [`text_position`];
//! [`bench`] generates content for the scale test and `pressroom-bench`.

pub mod bench;
pub mod build;
pub mod check;
pub mod cli;
pub mod dates;
pub mod front_matter;
pub mod html_to_markdown;
pub mod import;
pub mod input;
pub mod preview;
pub mod progress;
pub mod report;
pub mod site_command;
pub mod site_config;
pub mod text_position;
pub mod xml_text;
