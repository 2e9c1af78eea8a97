//! Directory pages: the second level of the shard directory. The meta file lists the
//! pages (each one's first key, size and hash); page `n` lists shards
//! `n × page_shards ..` (at most [`IndexOptions::page_shards`](super::IndexOptions::page_shards)
//! of them, the last page fewer): each shard's key, size and hash. A query loads the pages
//! of its terms before their shards, so the meta stays small however many shards there are.
//!
//! Layout, after the header: the shards' keys (front-coded term list), each shard's size
//! in KiB (varints), each shard's hash (`u64`s, little-endian). The first key is the page's
//! key in the meta. [`Meta::add_page`] checks a page against the meta (hash, number of
//! shards, first key, order with the next page) before the plan uses it.

use super::error::{corrupt, SearchError};
use super::format::{
    content_hash, expect_header, len_u32, push_header, push_terms, read_terms, Kind,
};
use super::meta::{FileInfo, Meta};
use super::varint::{self, Reader};

/// A decoded directory page: the keys, sizes and hashes of a run of shards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryPage {
    pub(crate) keys: Vec<Box<str>>,
    pub(crate) shards: Vec<FileInfo>,
}

impl DirectoryPage {
    /// Decodes a directory page (not checked against a meta file: see [`Meta::add_page`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, SearchError> {
        let mut reader = Reader::new(bytes);
        expect_header(&mut reader, Kind::Directory)?;
        let keys = read_terms(&mut reader)?;
        if keys.is_empty() {
            return Err(corrupt("directory page without shards"));
        }
        let shards = read_files(&mut reader, keys.len())?;
        if !reader.is_empty() {
            return Err(corrupt("bytes after the end"));
        }
        Ok(Self { keys, shards })
    }

    /// Encodes the page.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        push_header(&mut out, Kind::Directory);
        push_terms(&mut out, self.keys.iter().map(|k| &**k));
        push_files(&mut out, &self.shards);
        out
    }

    /// Number of shards it lists.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether it lists no shard (a decoded page never does).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Appends the sizes (varints), then the hashes (`u64`s) of `files`.
pub(crate) fn push_files(out: &mut Vec<u8>, files: &[FileInfo]) {
    for file in files {
        varint::push(out, file.kib);
    }
    for file in files {
        out.extend_from_slice(&file.hash.to_le_bytes());
    }
}

/// Reads `n` sizes, then `n` hashes, written by [`push_files`].
pub(crate) fn read_files(reader: &mut Reader<'_>, n: usize) -> Result<Vec<FileInfo>, SearchError> {
    if n.saturating_mul(9) > reader.remaining() {
        return Err(SearchError::Truncated);
    }
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        files.push(FileInfo {
            kib: reader.varint()?,
            hash: 0,
        });
    }
    for file in &mut files {
        file.hash = reader.u64()?;
    }
    Ok(files)
}

impl Meta {
    /// Adds directory page `n` from its file's bytes, after checking them against the
    /// meta: their hash, then the page's shards (see [`Meta::insert_page`]). Adding a
    /// page again changes nothing. Pages live in the meta, not in the caller's cache of
    /// shards, so one shared `Meta` serves every query.
    pub fn add_page(&self, n: u32, bytes: &[u8]) -> Result<(), SearchError> {
        let expected = self
            .page_files
            .get(n as usize)
            .ok_or(corrupt("directory page out of range"))?;
        if content_hash(bytes) != expected.hash {
            return Err(corrupt("directory page does not match its hash"));
        }
        self.insert_page(n, DirectoryPage::decode(bytes)?)
    }

    /// Adds decoded directory page `n` (no hash check: [`Meta::add_page`] does it) if it
    /// fits the meta: as many shards as page `n` has, its first key the meta's key for
    /// page `n`, and its last key before the next page's.
    pub fn insert_page(&self, n: u32, page: DirectoryPage) -> Result<(), SearchError> {
        let index = n as usize;
        let (Some(slot), Some(first)) = (self.pages.get(index), self.page_keys.get(index)) else {
            return Err(corrupt("directory page out of range"));
        };
        if page.keys.len() != self.page_range(n).len() {
            return Err(corrupt("directory page has the wrong number of shards"));
        }
        if page.keys.first() != Some(first) {
            return Err(corrupt("directory page's first key differs from the meta"));
        }
        let next = self.page_keys.get(index + 1);
        if next.is_some_and(|next| page.keys.last().is_some_and(|last| last >= next)) {
            return Err(corrupt("directory page overlaps the next one"));
        }
        // A page already there passed the same checks; keep it.
        let _ = slot.set(page);
        Ok(())
    }

    /// Number of directory pages.
    pub fn page_count(&self) -> u32 {
        len_u32(self.page_keys.len())
    }

    /// The loaded directory page `n`, if any.
    pub fn page(&self, n: u32) -> Option<&DirectoryPage> {
        self.pages.get(n as usize).and_then(|p| p.get())
    }

    /// The directory page that lists the shard whose range holds `term`; `None` for an
    /// empty index.
    pub fn page_of(&self, term: &str) -> Option<u32> {
        let after = self.page_keys.partition_point(|k| **k <= *term);
        after.checked_sub(1).map(len_u32)
    }

    /// The shards page `n` lists.
    pub(crate) fn page_range(&self, n: u32) -> std::ops::Range<u32> {
        let start = n.saturating_mul(self.page_shards).min(self.shard_count);
        start..start.saturating_add(self.page_shards).min(self.shard_count)
    }

    /// The page listing shard `shard`.
    pub(crate) fn page_of_shard(&self, shard: u32) -> u32 {
        shard / self.page_shards.max(1)
    }

    /// The shard whose range holds `term`: `Ok(None)` for an empty index, `Err(page)`
    /// when the page that tells is not loaded.
    pub(crate) fn locate(&self, term: &str) -> Result<Option<u32>, u32> {
        let Some(n) = self.page_of(term) else {
            return Ok(None);
        };
        let page = self.page(n).ok_or(n)?;
        let after = page.keys.partition_point(|k| **k <= *term);
        let start = self.page_range(n).start;
        Ok(after
            .checked_sub(1)
            .map(|i| start.saturating_add(len_u32(i))))
    }

    /// Size and hash of shard `shard`, if its page is loaded.
    pub(crate) fn shard_file(&self, shard: u32) -> Option<FileInfo> {
        let n = self.page_of_shard(shard);
        let index = shard.checked_sub(self.page_range(n).start)?;
        self.page(n)?.shards.get(index as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> DirectoryPage {
        DirectoryPage {
            keys: vec!["g".into(), "go".into(), "h".into()],
            shards: vec![FileInfo { kib: 3, hash: 9 }; 3],
        }
    }

    #[test]
    fn round_trips_and_rejects_every_truncation_and_other_kinds() {
        let bytes = page().encode();
        assert_eq!(DirectoryPage::decode(&bytes), Ok(page()));
        for end in 0..bytes.len() {
            assert!(DirectoryPage::decode(&bytes[..end]).is_err(), "{end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(DirectoryPage::decode(&longer).is_err());
        let mut shard = bytes;
        shard[5] = Kind::Shard as u8;
        assert!(matches!(
            DirectoryPage::decode(&shard),
            Err(SearchError::Kind { .. })
        ));
        let mut empty = Vec::new();
        push_header(&mut empty, Kind::Directory);
        empty.push(0);
        assert!(DirectoryPage::decode(&empty).is_err());
    }

    #[test]
    fn every_single_byte_change_decodes_or_fails_cleanly() {
        let bytes = page().encode();
        for at in 0..bytes.len() {
            for value in [0u8, 1, 0x7F, 0x80, 0xFF] {
                let mut changed = bytes.clone();
                changed[at] = value;
                let _ = DirectoryPage::decode(&changed);
            }
        }
    }
}
