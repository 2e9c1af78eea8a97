//! Full-text search: one tokenizer for indexing and querying, an index cut into
//! content-addressed shards that the browser loads by term, and BM25F ranking.
//!
//! # Using it
//! Building (the site writer, or the browser for a small archive):
//! ```
//! use pressroom_core::search::{DocFields, IndexBuilder, IndexOptions, Query};
//! let mut builder = IndexBuilder::new(IndexOptions::default());
//! builder.add(0, &DocFields { title: "Budget plan", body: "The new budget.", ..DocFields::default() })?;
//! builder.add(1, &DocFields { title: "북한 사이버 위협", ..DocFields::default() })?;
//! let files = builder.finish(); // meta + vocabulary + pages + shards, see `SearchFiles::named_files`
//! // In memory (single-file layout), or after loading shards one by one (below):
//! let index = files.decode_all()?;
//! let results = index.search(&Query::parse("budg", true), None);
//! assert_eq!(results.hits[0].doc, 0);
//! # Ok::<(), pressroom_core::search::SearchError>(())
//! ```
//! Searching with files loaded on demand (the browser):
//! 1. decode the meta file once ([`Meta::decode`]);
//! 2. [`Query::parse`] the search box (`typing` while the user types);
//! 3. [`Meta::missing_files`] lists the files to fetch ([`Meta::file_name`] names them):
//!    first the directory pages of the query's terms, which go into the meta with
//!    [`Meta::add_page`]; then shards and maybe the vocabulary, which the caller decodes
//!    with [`Shard::decode`] and keeps. Ask again until nothing is missing, at most
//!    [`MAX_LOAD_ROUNDS`] rounds:
//!    ```
//!    # use std::collections::HashMap;
//!    # use pressroom_core::search::*;
//!    # let mut builder = IndexBuilder::new(IndexOptions::default());
//!    # builder.add(0, &DocFields { title: "Budget plan", ..DocFields::default() })?;
//!    # let files = builder.finish();
//!    # let fetch = |name: &str| files.named_files().into_iter().find(|(n, _)| n == name).map(|(_, b)| b.to_vec()).unwrap();
//!    # let query = Query::parse("budget", false);
//!    let meta = Meta::decode(&files.meta)?;
//!    let mut shards: HashMap<ShardRef, Shard> = HashMap::new();
//!    for _ in 0..MAX_LOAD_ROUNDS {
//!        let missing = meta.missing_files(&query, |f| shards.get(&f));
//!        if missing.is_empty() {
//!            break;
//!        }
//!        for file in missing {
//!            let bytes = fetch(&meta.file_name(file).unwrap_or_default());
//!            match file {
//!                ShardRef::Directory(n) => meta.add_page(n, &bytes)?,
//!                _ => {
//!                    shards.insert(file, Shard::decode(&bytes)?);
//!                }
//!            }
//!        }
//!    }
//!    let results = evaluate(&query, &meta, &|f| shards.get(&f), None);
//!    # assert_eq!(results.hits[0].doc, 0);
//!    # Ok::<(), SearchError>(())
//!    ```
//! 4. [`evaluate`] with a function returning the loaded shards and an optional filter of
//!    doc ids (facets);
//! 5. when [`Results::phrases_unchecked`], keep the hits whose texts pass
//!    [`Query::phrases_hold`] (the index has no positions); mark snippets with
//!    [`highlight_ranges`]; offer [`Results::suggestion`] when nothing was found.
//!
//! # Parts
//! - [`fold`] and [`mod@tokenize`]: the one segmenter (case and diacritic folding, words, CJK
//!   bigrams, positions and byte spans);
//! - [`query`]: the search box's syntax (AND, `"phrase"`, `-exclusion`, prefix while
//!   typing) and phrase checks;
//! - [`highlight`]: byte ranges to mark;
//! - `build`, `bm25`, `write`: the builder, BM25F impacts, cutting into files;
//! - `format`, `varint`, `postings`, `shard`, `meta`, `directory`: the binary files
//!   (below);
//! - `plan`, `eval`, `suggest`: what to load, evaluation, "did you mean";
//! - `loaded`: the whole index in memory;
//! - `engine`, [`wire`]: the engine's state behind one entry point taking and giving
//!   bytes, for an engine that runs as a wasm module of its own.
//!
//! # Files
//! Every file starts with `PRSX`, the format version and its kind. The **meta** file has
//! the doc count and the top of the shard directory: for each **directory page** its first
//! key, size and content hash. A directory page lists a run of
//! [`IndexOptions::page_shards`] consecutive shards (128: about 1.7 KB gzip), each one's
//! first-term key, size and content hash, so the meta stays under 0.5 KB gzip even at
//! 100k releases (3,200 shards) and a query loads only the pages of its terms.
//! **Shards** hold sorted, front-coded terms, each with its posting list — doc ids
//! as delta varints or a bitmap, whichever is smaller — and an impact per posting
//! (quantized BM25F, so a score is `Σ idf × impact`): a byte, or four bits in a bitmap
//! list (dense terms, whose idf is low). The **vocabulary** holds the most
//! frequent terms with their document frequencies, for short prefixes and "did you mean".
//! Decoders check every count against the input and return [`SearchError`], never panic.
//!
//! Documents are `u32` doc ids assigned by the caller: the release's chronological
//! position, so ties between equal scores go to the newer release.

mod bm25;
mod build;
mod directory;
mod engine;
mod error;
mod eval;
pub mod fold;
mod format;
pub mod highlight;
mod intern;
mod loaded;
mod meta;
mod plan;
mod postings;
pub mod query;
mod shard;
mod suggest;
#[cfg(test)]
mod tests;
pub mod tokenize;
mod varint;
pub mod wire;
mod write;

pub use bm25::Bm25;
pub use build::{DocFields, IndexBuilder, IndexOptions};
pub use directory::DirectoryPage;
pub use engine::Engine;
pub use error::SearchError;
pub use eval::{evaluate, Hit, Results};
pub use format::{MAGIC, VERSION};
pub use highlight::highlight_ranges;
pub use loaded::LoadedIndex;
pub use meta::{file_name, FileInfo, Meta, ShardRef};
pub use plan::{MAX_EXPANSIONS, MAX_LOAD_ROUNDS, PREFIX_RANGE_SHARDS, PREFIX_VOCABULARY_SHARDS};
pub use query::{phrase_matches, Part, PartKind, Query, MAX_QUERY_CHARS, MAX_QUERY_TERMS};
pub use shard::Shard;
pub use tokenize::{for_each_token, tokenize, Token, TokenRef, MAX_TERM_CHARS, MAX_TOKENS};
pub use write::SearchFiles;
