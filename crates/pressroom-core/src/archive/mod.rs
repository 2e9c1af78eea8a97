//! The sharded archive: a catalog cut into small files that a reader loads on demand, so
//! that reading one release or searching never downloads the whole archive.
//!
//! ```text
//! data/boot.json                   site, counts, the hashes of everything below (small)
//! data/blocks/<k>-<hash>.json      per 1,000 positions: its index shards, its pack list
//! data/packlists/<k>-<hash>.json   per 1,000 positions: where its packs start
//! data/index/<k>-<hash>.json       25 cards (half a numbered list page)
//! data/packs/<first>-<hash>.json   consecutive releases with their bodies (~16 KB)
//! data/slugs/<k>-<hash>.json       slug hash → position, bucketed by the slug's hash
//! data/columns/<k>-<hash>.json     per 4,096 positions: source and tag ids (facet counts)
//! data/facets/<hash>.json          every source, tag and month with its count
//! data/search/…                    the search index, cut into shards loaded by term
//! ```
//!
//! Positions are chronological (0 = the oldest), the one order of [`crate::Catalog`].
//! Every file but `boot.json` is named by its content hash, recorded by the file that
//! names it: CDNs cache them forever, an old index never mixes with new packs, and a
//! reader checks what arrived ([`read`]). Publishing a new release appends to the newest
//! block, index shard, pack and column and changes one slug bucket, so the files behind
//! them keep their names; the search shards of the new release's words change too.
//!
//! - [`model`]: the files' types;
//! - [`write`]: the files of a catalog;
//! - [`read`]: parsing and checking each file, with errors that say which file and why;
//! - [`names`]: file names, sizes, and where a position or slug is.

pub mod model;
pub mod names;
pub mod read;
pub mod write;

pub use model::{
    Block, Boot, Card, Column, Facets, IndexShard, NavRef, Pack, PackEntry, PackList, PackRef,
    Problems, SlugBucket, SlugPage,
};
pub use read::ArchiveError;
pub use write::{write_archive, ArchiveFiles, ArchiveOptions};
