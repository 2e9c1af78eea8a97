//! Pressroom's core: everything about a release bundle that does not need a browser.
//!
//! - [`model`]: the serde types of the bundle format (version 1, see `docs/bundle-format.md`);
//! - [`parse`]: JSON text → [`model::Bundle`], with clear errors (line, column, path);
//! - [`validate`]: every problem of every release, in one pass;
//! - [`slug`]: slug derivation and validation;
//! - [`date`]: RFC 3339 dates and date-times, their order and their display;
//! - [`catalog`]: the validated, ordered releases with previous/next computed once;
//! - [`related`]: the releases related to one, by shared tags and source;
//! - [`reading`]: reading time;
//! - [`markdown`]: Markdown → safe HTML;
//! - [`url_policy`]: which URLs may become links and images;
//! - [`excerpt`]: a plain-text excerpt of a Markdown body;
//! - [`search`]: full-text search (one tokenizer, a sharded index, BM25F ranking);
//! - [`json_path`]: the path (`releases[1].tags`) of a JSON error's line and column;
//! - [`hash`]: the one content hash (FNV-1a) for file names and change detection;
//! - [`paths`], [`names`], [`urls`] and [`escape`]: the facts shared by the app, the site
//!   writer and the command line (where pages and files are, the meta names, base and
//!   origin normalisation, escaping), each defined once.
//!
//! The crate has no web or UI dependency, so all of it is tested natively.

pub mod archive;
pub mod catalog;
pub mod date;
pub mod escape;
pub mod excerpt;
pub mod hash;
pub mod json_path;
pub mod markdown;
pub mod model;
pub mod names;
pub mod paging;
pub mod parse;
pub mod paths;
pub mod reading;
pub mod related;
pub mod search;
pub mod slug;
pub mod sort;
pub mod unique_names;
pub mod url_policy;
pub mod urls;
pub mod validate;

pub use catalog::{Catalog, Entry, Neighbours};
pub use date::Published;
pub use model::{Attribution, Bundle, Release, Site, Source};
pub use parse::{parse_bundle, BundleError};
pub use validate::{Problem, ProblemKind};
