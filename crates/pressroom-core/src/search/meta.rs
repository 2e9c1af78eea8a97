//! The meta file: the one small file the browser loads before any search. It holds the
//! document count and the shard directory, so the client finds which shard holds a term
//! (or the terms of a prefix) by binary search, and names every other file.
//!
//! Layout, after the header: varints of the document count, the doc id universe (largest
//! id + 1) and the query budget in KiB; the vocabulary's size in KiB (varint) and content
//! hash (`u64`, little-endian); then the shard directory in columns: each shard's key
//! (front-coded term list), each shard's size in KiB (varints), each shard's hash (`u64`s).
//! Shard `i` holds the terms `t` with `key[i] <= t < key[i + 1]`; the first key is empty,
//! and each key is the shortest prefix of the shard's first term that sorts after the
//! previous shard's last term.

use std::ops::Range;

use super::error::{corrupt, SearchError};
use super::format::{expect_header, len_u32, push_header, push_terms, read_terms, Kind};
use super::varint::{self, Reader};

/// A file of the index that the caller loads on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShardRef {
    /// The vocabulary (frequent terms and their document frequencies).
    Vocabulary,
    /// Shard number `n` of the directory.
    Postings(u32),
}

/// The size and content hash of one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Size in KiB, rounded up.
    pub kib: u32,
    /// 64-bit FNV-1a of the file's bytes (its content address).
    pub hash: u64,
}

/// The decoded meta file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub(crate) doc_count: u32,
    pub(crate) universe: u32,
    pub(crate) budget_kib: u32,
    pub(crate) vocabulary: FileInfo,
    pub(crate) keys: Vec<Box<str>>,
    pub(crate) shards: Vec<FileInfo>,
}

impl Meta {
    /// Decodes a meta file.
    pub fn decode(bytes: &[u8]) -> Result<Self, SearchError> {
        let mut reader = Reader::new(bytes);
        expect_header(&mut reader, Kind::Meta)?;
        let doc_count = reader.varint()?;
        let universe = reader.varint()?;
        let budget_kib = reader.varint()?;
        let vocabulary = FileInfo {
            kib: reader.varint()?,
            hash: reader.u64()?,
        };
        let keys = read_terms(&mut reader)?;
        if keys.first().is_some_and(|k| !k.is_empty()) {
            return Err(corrupt("first shard key is not empty"));
        }
        if doc_count > universe {
            return Err(corrupt("more documents than doc ids"));
        }
        let mut shards = Vec::with_capacity(keys.len());
        for _ in 0..keys.len() {
            shards.push(FileInfo {
                kib: reader.varint()?,
                hash: 0,
            });
        }
        for shard in &mut shards {
            shard.hash = reader.u64()?;
        }
        if !reader.is_empty() {
            return Err(corrupt("bytes after the end"));
        }
        Ok(Self {
            doc_count,
            universe,
            budget_kib,
            vocabulary,
            keys,
            shards,
        })
    }

    /// Encodes the meta file.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        push_header(&mut out, Kind::Meta);
        for value in [
            self.doc_count,
            self.universe,
            self.budget_kib,
            self.vocabulary.kib,
        ] {
            varint::push(&mut out, value);
        }
        out.extend_from_slice(&self.vocabulary.hash.to_le_bytes());
        push_terms(&mut out, self.keys.iter().map(|k| &**k));
        for shard in &self.shards {
            varint::push(&mut out, shard.kib);
        }
        for shard in &self.shards {
            out.extend_from_slice(&shard.hash.to_le_bytes());
        }
        out
    }

    /// Number of documents in the index.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Number of shard files.
    pub fn shard_count(&self) -> u32 {
        len_u32(self.shards.len())
    }

    /// The most KiB of shard files one query loads (see `plan.rs`).
    pub fn budget_kib(&self) -> u32 {
        self.budget_kib
    }

    /// The shard whose range holds `term` (present or not); `None` for an empty index.
    pub fn shard_of(&self, term: &str) -> Option<u32> {
        let after = self.keys.partition_point(|k| **k <= *term);
        after.checked_sub(1).map(len_u32)
    }

    /// The shards whose ranges hold terms starting with `prefix`.
    pub fn prefix_shards(&self, prefix: &str) -> Range<u32> {
        let Some(first) = self.shard_of(prefix) else {
            return 0..0;
        };
        let end = self
            .keys
            .partition_point(|k| **k < *prefix || k.starts_with(prefix));
        first..len_u32(end).max(first + 1)
    }

    /// Size and hash of a file; `None` for a shard number out of range.
    pub fn file(&self, file: ShardRef) -> Option<FileInfo> {
        match file {
            ShardRef::Vocabulary => Some(self.vocabulary),
            ShardRef::Postings(n) => self.shards.get(n as usize).copied(),
        }
    }

    /// The file's content-addressed name, `search-<16 hex digits>.bin` (its bytes' hash:
    /// the name changes exactly when the content does, so it can be cached forever).
    pub fn file_name(&self, file: ShardRef) -> Option<String> {
        self.file(file).map(|info| file_name(info.hash))
    }
}

/// The name of a search file with content hash `hash`.
pub fn file_name(hash: u64) -> String {
    format!("search-{hash:016x}.bin")
}

/// The shortest prefix of `first` that sorts after `previous` (on a char boundary).
pub(crate) fn separator(previous: &str, first: &str) -> String {
    let mut key = String::new();
    for ch in first.chars() {
        key.push(ch);
        if *key > *previous {
            break;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Meta {
        Meta {
            doc_count: 3,
            universe: 4,
            budget_kib: 100,
            vocabulary: FileInfo { kib: 2, hash: 7 },
            keys: vec!["".into(), "g".into(), "go".into(), "n".into()],
            shards: vec![FileInfo { kib: 1, hash: 1 }; 4],
        }
    }

    #[test]
    fn round_trips_and_rejects_every_truncation() {
        let bytes = sample().encode();
        assert_eq!(Meta::decode(&bytes), Ok(sample()));
        for end in 0..bytes.len() {
            assert!(Meta::decode(&bytes[..end]).is_err(), "{end}");
        }
    }

    #[test]
    fn finds_shards_of_terms_and_prefixes() {
        let meta = sample();
        assert_eq!(meta.shard_of("apple"), Some(0));
        assert_eq!(meta.shard_of("g"), Some(1));
        assert_eq!(meta.shard_of("gamma"), Some(1));
        assert_eq!(meta.shard_of("zulu"), Some(3));
        assert_eq!(meta.prefix_shards("g"), 1..3);
        assert_eq!(meta.prefix_shards("go"), 2..3);
        assert_eq!(meta.prefix_shards("b"), 0..1);
        assert_eq!(meta.prefix_shards(""), 0..4);
        assert_eq!(Meta::default().shard_of("x"), None);
        assert_eq!(Meta::default().prefix_shards("x"), 0..0);
    }

    #[test]
    fn separators_are_short_and_between() {
        assert_eq!(separator("apple", "apricot"), "apr");
        assert_eq!(separator("go", "gov"), "gov");
        assert_eq!(separator("", "b"), "b");
        assert_eq!(separator("북한", "북한의"), "북한의");
        assert_eq!(separator("가", "나라"), "나");
    }
}
