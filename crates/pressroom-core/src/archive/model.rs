//! The files of a sharded archive, as serde types. Every file but the boot file is named
//! by its content's hash, which the file that names it records, so a reader can check
//! that what arrived is what was meant ([`crate::archive::read`]).

use serde::{Deserialize, Serialize};

use crate::model::{Release, Site};

/// The format name in the boot file.
pub const FORMAT: &str = "pressroom-archive";

/// The version of the archive format this code reads and writes.
pub const VERSION: u64 = 3;

/// `data/boot.json`: what a reader loads first (small, revalidated on every visit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boot {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u64,
    /// The site's settings.
    pub site: Site,
    /// Releases shown.
    pub count: usize,
    /// Problems of releases that were left out: how many, and the first few messages.
    pub problems: Problems,
    /// Releases per block ([`Block`]).
    pub block_size: usize,
    /// The blocks' hashes, in order (block `k` covers positions `k × block_size…`).
    pub blocks: Vec<String>,
    /// The slug pages' hashes, in order ([`SlugPage`]); a slug's bucket is its hash
    /// modulo [`crate::archive::names::bucket_count`].
    pub slug_pages: Vec<String>,
    /// Releases per facet column chunk.
    pub column_size: usize,
    /// The facet column chunks' hashes, in order.
    pub columns: Vec<String>,
    /// The facets summary's hash.
    pub facets: String,
    /// The search meta file's name (under `search/`).
    pub search: String,
}

/// How many releases were left out, with the first messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems {
    /// All problems.
    pub count: usize,
    /// The first ones, one message each.
    pub first: Vec<String>,
}

/// A block: where the index shards of a run of positions are, and which pack list
/// says where their packs are (kept apart: a search reads cards from many blocks and
/// needs no packs, a deep link reads one pack).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Its first position.
    pub first: usize,
    /// The index shards of its positions, in order (25 releases each).
    pub index: Vec<String>,
    /// The hash of its pack list ([`PackList`]).
    pub packs: String,
}

/// Where the packs of a block's positions are: each pack's first position, hash and the
/// byte offsets of its entries, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackList {
    /// The block's first position.
    pub first: usize,
    /// The packs.
    pub packs: Vec<PackRef>,
}

/// Where a pack is, and where each of its entries is inside it, so that a reader can
/// fetch one entry with an HTTP Range request ([`PackRef::entry_range`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    /// The position of its first release.
    pub first: usize,
    /// Its hash.
    pub hash: String,
    /// The byte offset of its first entry.
    pub start: usize,
    /// Each entry's length in bytes (entries are one comma apart): one per release.
    pub lengths: Vec<usize>,
}

impl PackRef {
    /// How many releases it holds.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Whether it holds none (never, in a checked pack list).
    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// The bytes of entry `i` in the pack; `None` past its end.
    pub fn entry_range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let before = self.lengths.get(..i)?;
        let start = before
            .iter()
            .try_fold(self.start, |at, len| at.checked_add(len.checked_add(1)?))?;
        let end = start.checked_add(*self.lengths.get(i)?)?;
        Some(start..end)
    }
}

/// A link to a neighbouring or related release (its slug and title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavRef {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
}

/// A pack: consecutive releases with their bodies, each entry whole in itself (it can be
/// read alone, from the bytes [`PackRef::entry_range`] names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// The position of its first release.
    pub first: usize,
    /// The releases, oldest first.
    pub entries: Vec<PackEntry>,
}

/// A release in a pack, with what its page links to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackEntry {
    /// The release, with its slug filled in.
    pub release: Release,
    /// The release just before it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<NavRef>,
    /// The release just after it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NavRef>,
    /// Its related releases ([`crate::related`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<NavRef>,
}

impl PackEntry {
    /// Its slug ("" if it has none, which a checked pack never has).
    pub fn slug(&self) -> &str {
        self.release.slug.as_deref().unwrap_or("")
    }
}

/// What the list and result cards show of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// `published` as written.
    pub published: String,
    /// The issuing organisation.
    pub source: String,
    /// The summary, or an excerpt of the body.
    pub summary: String,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Language when it differs from the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// An index shard: the cards of 50 consecutive releases (one numbered list page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexShard {
    /// The position of its first card.
    pub first: usize,
    /// The cards, oldest first.
    pub cards: Vec<Card>,
}

/// A slug page: the hashes of a run of slug buckets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugPage {
    /// Its first bucket.
    pub first: usize,
    /// The buckets' hashes, in order.
    pub buckets: Vec<String>,
}

/// A slug bucket: `(slug hash, position)` pairs of the slugs that fall in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugBucket {
    /// The pairs, sorted by hash.
    pub slugs: Vec<(u64, usize)>,
}

/// The facets summary: every value with its count, for the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Sources (issuing organisations), most releases first; a source's id is its index.
    pub sources: Vec<(String, usize)>,
    /// Tags, most releases first; a tag's id is its index.
    pub tags: Vec<(String, usize)>,
    /// Months (`YYYY-MM`, by the UTC instant), oldest first, each with the positions it
    /// spans (positions are chronological, so a month is a run of them).
    pub months: Vec<(String, usize, usize)>,
}

/// A facet column chunk: for each release of a run of positions, its source id and tag
/// ids, so that facet counts can follow a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The position of its first release.
    pub first: usize,
    /// `(source id, tag ids)` per release.
    pub values: Vec<(u32, Vec<u32>)>,
}
