//! Every file of an index in memory: the single-file layout (a small archive builds its
//! index in the browser) and tests evaluate through the same [`evaluate`] as the sharded
//! layout, with everything loaded, so both give the same results.

use super::error::{corrupt, SearchError};
use super::eval::{evaluate, Results};
use super::meta::{Meta, ShardRef};
use super::query::Query;
use super::shard::Shard;
use super::write::SearchFiles;

/// A whole index, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedIndex {
    /// The meta file, with every directory page added.
    pub meta: Meta,
    /// The vocabulary.
    pub vocabulary: Shard,
    /// The shards, in directory order.
    pub shards: Vec<Shard>,
}

impl LoadedIndex {
    /// The loaded file `file` (directory pages are in the meta: `None`).
    pub fn get(&self, file: ShardRef) -> Option<&Shard> {
        match file {
            ShardRef::Vocabulary => Some(&self.vocabulary),
            ShardRef::Postings(n) => self.shards.get(n as usize),
            ShardRef::Directory(_) => None,
        }
    }

    /// Evaluates `query` with every file loaded.
    pub fn search(&self, query: &Query, filter: Option<&dyn Fn(u32) -> bool>) -> Results {
        evaluate(query, &self.meta, &|file| self.get(file), filter)
    }
}

impl SearchFiles {
    /// Decodes every file (the directory pages into the meta, checked against it).
    pub fn decode_all(&self) -> Result<LoadedIndex, SearchError> {
        let meta = Meta::decode(&self.meta)?;
        if self.pages.len() != meta.page_count() as usize {
            return Err(corrupt("page count differs from the meta"));
        }
        for (n, bytes) in (0..).zip(&self.pages) {
            meta.add_page(n, bytes)?;
        }
        if self.shards.len() != meta.shard_count() as usize {
            return Err(corrupt("shard count differs from the meta"));
        }
        let shards = self
            .shards
            .iter()
            .map(|bytes| Shard::decode(bytes))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LoadedIndex {
            meta,
            vocabulary: Shard::decode(&self.vocabulary)?,
            shards,
        })
    }
}
