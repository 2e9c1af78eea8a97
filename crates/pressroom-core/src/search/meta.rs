//! The meta file: the one small file the browser loads before any search. It holds the
//! document count and the top level of the shard directory: the directory pages
//! (`directory.rs`), each listing a run of shards. The client finds which page, then which
//! shard holds a term (or the terms of a prefix) by binary search, and names every other
//! file.
//!
//! Layout, after the header: varints of the document count, the doc id universe (largest
//! id + 1) and the query budget in KiB; the vocabulary's size in KiB (varint) and content
//! hash (`u64`, little-endian); varints of the number of shards and of shards a page; then
//! the pages in columns: each page's key (front-coded term list), each page's size in KiB
//! (varints), each page's hash (`u64`s). Page `n` lists shards `n × page_shards` up to the
//! next page's first (the last page may list fewer), and its key is its first shard's.
//! Shard `i` holds the terms `t` with `key[i] <= t < key[i + 1]`; the first key is empty,
//! and each key is the shortest prefix of the shard's first term that sorts after the
//! previous shard's last term.

use std::ops::Range;
use std::sync::OnceLock;

use super::directory::{push_files, read_files, DirectoryPage};
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
    /// Directory page `n`: decoded into the meta with [`Meta::add_page`].
    Directory(u32),
}

/// The size and content hash of one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Size in KiB, rounded up.
    pub kib: u32,
    /// 64-bit FNV-1a of the file's bytes (its content address).
    pub hash: u64,
}

/// The decoded meta file, and the directory pages added to it ([`Meta::add_page`]).
///
/// Pages are added through `&self` (each is set once), so a meta shared between
/// queries, behind an `Arc`, gains pages as they arrive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub(crate) doc_count: u32,
    pub(crate) universe: u32,
    pub(crate) budget_kib: u32,
    pub(crate) vocabulary: FileInfo,
    pub(crate) shard_count: u32,
    pub(crate) page_shards: u32,
    pub(crate) page_keys: Vec<Box<str>>,
    pub(crate) page_files: Vec<FileInfo>,
    pub(crate) pages: Vec<OnceLock<DirectoryPage>>,
}

impl Meta {
    /// Decodes a meta file (with no directory page loaded).
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
        if doc_count > universe {
            return Err(corrupt("more documents than doc ids"));
        }
        let shard_count = reader.varint()?;
        let page_shards = reader.varint()?;
        let page_keys = read_terms(&mut reader)?;
        check_pages(shard_count, page_shards, &page_keys)?;
        let page_files = read_files(&mut reader, page_keys.len())?;
        if !reader.is_empty() {
            return Err(corrupt("bytes after the end"));
        }
        Ok(Self {
            doc_count,
            universe,
            budget_kib,
            vocabulary,
            shard_count,
            page_shards,
            pages: page_keys.iter().map(|_| OnceLock::new()).collect(),
            page_keys,
            page_files,
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
        varint::push(&mut out, self.shard_count);
        varint::push(&mut out, self.page_shards);
        push_terms(&mut out, self.page_keys.iter().map(|k| &**k));
        push_files(&mut out, &self.page_files);
        out
    }

    /// Number of documents in the index.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Number of shard files.
    pub fn shard_count(&self) -> u32 {
        self.shard_count
    }

    /// The most KiB of shard files one query loads (see `plan.rs`).
    pub fn budget_kib(&self) -> u32 {
        self.budget_kib
    }

    /// The shard whose range holds `term` (present or not); `None` for an empty index, or
    /// when the directory page that lists it ([`Meta::page_of`]) is not loaded.
    pub fn shard_of(&self, term: &str) -> Option<u32> {
        self.locate(term).ok().flatten()
    }

    /// The shards whose ranges hold terms starting with `prefix`; `None` when a directory
    /// page that tells is not loaded (see `prefix_range`).
    pub fn prefix_shards(&self, prefix: &str) -> Option<Range<u32>> {
        self.prefix_range(prefix).ok()
    }

    /// [`Meta::prefix_shards`], or the pages it needs: the range starts in the page of
    /// `prefix` and ends in the last page whose key is below `prefix` or starts with it,
    /// so those two pages tell it (not the pages between).
    pub(crate) fn prefix_range(&self, prefix: &str) -> Result<Range<u32>, Vec<u32>> {
        let holds = |k: &str| *k < *prefix || k.starts_with(prefix);
        let first = self.locate(prefix);
        let last_page = self.page_keys.partition_point(|k| holds(k)).checked_sub(1);
        let end = last_page.map(|n| {
            let n = len_u32(n);
            let page = self.page(n).ok_or(n)?;
            let within = page.keys.partition_point(|k| holds(k));
            Ok(self.page_range(n).start.saturating_add(len_u32(within)))
        });
        match (first, end) {
            (Ok(None), _) | (_, None) => Ok(0..0),
            (Ok(Some(first)), Some(Ok(end))) => Ok(first..end.max(first.saturating_add(1))),
            (first, Some(end)) => {
                let mut pages: Vec<u32> = first.err().into_iter().chain(end.err()).collect();
                pages.dedup();
                Err(pages)
            }
        }
    }

    /// Size and hash of a file; `None` for a number out of range, or a shard whose
    /// directory page is not loaded.
    pub fn file(&self, file: ShardRef) -> Option<FileInfo> {
        match file {
            ShardRef::Vocabulary => Some(self.vocabulary),
            ShardRef::Postings(n) => self.shard_file(n),
            ShardRef::Directory(n) => self.page_files.get(n as usize).copied(),
        }
    }

    /// The file's content-addressed name, `search-<16 hex digits>.bin` (its bytes' hash:
    /// the name changes exactly when the content does, so it can be cached forever).
    pub fn file_name(&self, file: ShardRef) -> Option<String> {
        self.file(file).map(|info| file_name(info.hash))
    }
}

/// Checks the top level of the directory: pages of `page_shards` shards (at least one)
/// covering `shard_count` shards, the first key empty.
fn check_pages(shard_count: u32, page_shards: u32, keys: &[Box<str>]) -> Result<(), SearchError> {
    if page_shards == 0 {
        return Err(corrupt("directory pages of no shard"));
    }
    if u64::from(shard_count).div_ceil(u64::from(page_shards)) != keys.len() as u64 {
        return Err(corrupt("directory page count differs from the shard count"));
    }
    if keys.first().is_some_and(|k| !k.is_empty()) {
        return Err(corrupt("first shard key is not empty"));
    }
    Ok(())
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

    /// Four shards keyed "", "g", "go", "n", two a page.
    fn sample() -> Meta {
        Meta {
            doc_count: 3,
            universe: 4,
            budget_kib: 100,
            vocabulary: FileInfo { kib: 2, hash: 7 },
            shard_count: 4,
            page_shards: 2,
            page_keys: vec!["".into(), "go".into()],
            page_files: vec![FileInfo { kib: 1, hash: 1 }; 2],
            pages: vec![OnceLock::new(), OnceLock::new()],
        }
    }

    fn page(keys: &[&str]) -> DirectoryPage {
        DirectoryPage {
            keys: keys.iter().map(|&k| k.into()).collect(),
            shards: keys
                .iter()
                .zip(1..)
                .map(|(_, hash)| FileInfo { kib: 1, hash })
                .collect(),
        }
    }

    fn loaded() -> Meta {
        let meta = sample();
        meta.insert_page(0, page(&["", "g"])).unwrap();
        meta.insert_page(1, page(&["go", "n"])).unwrap();
        meta
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
    fn rejects_page_counts_that_do_not_cover_the_shards() {
        for (shard_count, page_shards) in [(5, 2), (4, 0), (2, 2), (0, 1)] {
            let meta = Meta {
                shard_count,
                page_shards,
                ..sample()
            };
            assert!(
                Meta::decode(&meta.encode()).is_err(),
                "{shard_count}/{page_shards}"
            );
        }
    }

    #[test]
    fn finds_shards_of_terms_and_prefixes() {
        let meta = loaded();
        assert_eq!(meta.shard_of("apple"), Some(0));
        assert_eq!(meta.shard_of("g"), Some(1));
        assert_eq!(meta.shard_of("gamma"), Some(1));
        assert_eq!(meta.shard_of("zulu"), Some(3));
        assert_eq!(meta.prefix_shards("g"), Some(1..3));
        assert_eq!(meta.prefix_shards("go"), Some(2..3));
        assert_eq!(meta.prefix_shards("b"), Some(0..1));
        assert_eq!(meta.prefix_shards(""), Some(0..4));
        assert_eq!(Meta::default().shard_of("x"), None);
        assert_eq!(Meta::default().prefix_shards("x"), Some(0..0));
        assert_eq!(
            meta.file(ShardRef::Postings(3)),
            Some(FileInfo { kib: 1, hash: 2 })
        );
    }

    #[test]
    fn lookups_name_the_pages_they_need() {
        let meta = sample();
        assert_eq!(meta.page_of("apple"), Some(0));
        assert_eq!(meta.page_of("zulu"), Some(1));
        assert_eq!(meta.locate("gamma"), Err(0));
        assert_eq!(meta.shard_of("gamma"), None);
        assert_eq!(meta.file(ShardRef::Postings(0)), None);
        assert_eq!(meta.prefix_range("g"), Err(vec![0, 1]));
        assert_eq!(meta.prefix_range("zu"), Err(vec![1]));
        meta.insert_page(1, page(&["go", "n"])).unwrap();
        assert_eq!(meta.prefix_range("g"), Err(vec![0]));
        assert_eq!(meta.prefix_range("zu"), Ok(3..4));
    }

    #[test]
    fn pages_that_do_not_fit_are_rejected() {
        let meta = sample();
        let wrong_first = meta.insert_page(0, page(&["a", "g"]));
        let too_many = meta.insert_page(0, page(&["", "g", "gz"]));
        let overlapping = meta.insert_page(0, page(&["", "h"]));
        let out_of_range = meta.insert_page(2, page(&["x"]));
        for result in [wrong_first, too_many, overlapping, out_of_range] {
            assert!(matches!(result, Err(SearchError::Corrupt { .. })));
        }
        assert_eq!(meta.page(0), None);
        let bytes = page(&["", "g"]).encode();
        assert!(
            meta.add_page(0, &bytes).is_err(),
            "hash 1 is not the bytes' hash"
        );
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
