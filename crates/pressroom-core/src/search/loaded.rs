//! Every file of an index in memory: the single-file layout (a small archive builds its
//! index in the browser) and tests evaluate through the same [`evaluate`] as the sharded
//! layout, with everything loaded, so both give the same results.

use super::error::SearchError;
use super::eval::{evaluate, Results};
use super::meta::{Meta, ShardRef};
use super::query::Query;
use super::shard::Shard;
use super::write::SearchFiles;

/// A whole index, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedIndex {
    /// The meta file.
    pub meta: Meta,
    /// The vocabulary.
    pub vocabulary: Shard,
    /// The shards, in directory order.
    pub shards: Vec<Shard>,
}

impl LoadedIndex {
    /// The loaded file `file`.
    pub fn get(&self, file: ShardRef) -> Option<&Shard> {
        match file {
            ShardRef::Vocabulary => Some(&self.vocabulary),
            ShardRef::Postings(n) => self.shards.get(n as usize),
        }
    }

    /// Evaluates `query` with every file loaded.
    pub fn search(&self, query: &Query, filter: Option<&dyn Fn(u32) -> bool>) -> Results {
        evaluate(query, &self.meta, &|file| self.get(file), filter)
    }
}

impl SearchFiles {
    /// Decodes every file.
    pub fn decode_all(&self) -> Result<LoadedIndex, SearchError> {
        let meta = Meta::decode(&self.meta)?;
        let shards = self
            .shards
            .iter()
            .map(|bytes| Shard::decode(bytes))
            .collect::<Result<Vec<_>, _>>()?;
        if shards.len() != meta.shards.len() {
            return Err(super::error::corrupt("shard count differs from the meta"));
        }
        Ok(LoadedIndex {
            meta,
            vocabulary: Shard::decode(&self.vocabulary)?,
            shards,
        })
    }
}
