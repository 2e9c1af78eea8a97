//! Where things are in an archive: file names (relative to the `data/` folder), the
//! sizes of its parts, and which file holds a position or a slug. Writer and reader both
//! use these, so they cannot disagree.

use crate::hash::fnv1a64;

/// The archive's folder under the site's base.
pub const DATA_DIR: &str = "data";

/// The boot file, the only one not named by its content.
pub const BOOT: &str = "boot.json";

/// The folders of the files named by their content (everything but the boot file), so a
/// host can cache each folder forever with one rule.
pub const HASHED_FOLDERS: [&str; 8] = [
    "blocks",
    "index",
    "packlists",
    "packs",
    "slugs",
    "columns",
    "facets",
    "search",
];

/// Releases per block (a multiple of [`INDEX_SHARD_SIZE`]).
pub const BLOCK_SIZE: usize = 1_000;

/// Releases per index shard: half a numbered list page, so a page is two shards and a
/// page of search results (whose hits are anywhere) loads few cards it does not show.
pub const INDEX_SHARD_SIZE: usize = crate::paths::LIST_PAGE_SIZE / 2;

/// Releases per facet column chunk.
pub const COLUMN_SIZE: usize = 4_096;

/// About how many slugs a bucket holds.
pub const SLUGS_PER_BUCKET: usize = 256;
/// Slug buckets per slug page: the boot file lists the pages, a page lists its buckets'
/// hashes, so the boot file stays small (eight hashes at 100,000 releases, not 512) and
/// a slug costs one small page more.
pub const BUCKETS_PER_SLUG_PAGE: usize = 64;

/// A block's file name.
pub fn block(index: usize, hash: &str) -> String {
    format!("blocks/{index}-{hash}.json")
}

/// A block's pack list's file name.
pub fn pack_list(index: usize, hash: &str) -> String {
    format!("packlists/{index}-{hash}.json")
}

/// An index shard's file name.
pub fn index_shard(index: usize, hash: &str) -> String {
    format!("index/{index}-{hash}.json")
}

/// A pack's file name (by its first position).
pub fn pack(first: usize, hash: &str) -> String {
    format!("packs/{first}-{hash}.json")
}

/// A slug bucket's file name.
pub fn slug_bucket(index: usize, hash: &str) -> String {
    format!("slugs/{index}-{hash}.json")
}

/// A slug page's file name.
pub fn slug_page(index: usize, hash: &str) -> String {
    format!("slugs/p{index}-{hash}.json")
}

/// How many slug pages list the buckets of an archive of `count` releases.
pub fn slug_page_count(count: usize) -> usize {
    bucket_count(count).div_ceil(BUCKETS_PER_SLUG_PAGE)
}

/// A facet column chunk's file name.
pub fn column(index: usize, hash: &str) -> String {
    format!("columns/{index}-{hash}.json")
}

/// The facets summary's file name.
pub fn facets(hash: &str) -> String {
    format!("facets/{hash}.json")
}

/// A search file's name (the search module names its shards by their hash).
pub fn search(name: &str) -> String {
    format!("search/{name}")
}

/// How many slug buckets an archive of `count` releases has: a power of two, about
/// [`SLUGS_PER_BUCKET`] slugs each (so it changes only when the archive doubles).
pub fn bucket_count(count: usize) -> usize {
    count.div_ceil(SLUGS_PER_BUCKET).max(1).next_power_of_two()
}

/// The hash of a slug as buckets store it (48 bits: exact as a JSON number anywhere).
pub fn slug_hash(slug: &str) -> u64 {
    fnv1a64(slug.as_bytes()) >> 16
}

/// The bucket of a slug among `buckets`.
pub fn bucket_of(slug: &str, buckets: usize) -> usize {
    usize::try_from(slug_hash(slug) % buckets.max(1) as u64).unwrap_or(0)
}

/// The block of a position.
pub fn block_of(position: usize) -> usize {
    position / BLOCK_SIZE
}

/// The index shard of a position.
pub fn index_shard_of(position: usize) -> usize {
    position / INDEX_SHARD_SIZE
}

/// The column chunk of a position.
pub fn column_of(position: usize) -> usize {
    position / COLUMN_SIZE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_hold_whole_index_shards() {
        assert_eq!(BLOCK_SIZE % INDEX_SHARD_SIZE, 0);
        assert_eq!(block_of(999), 0);
        assert_eq!(block_of(1_000), 1);
        assert_eq!(index_shard_of(24), 0);
        assert_eq!(index_shard_of(25), 1);
        assert_eq!(
            crate::paths::LIST_PAGE_SIZE % INDEX_SHARD_SIZE,
            0,
            "a list page is whole shards"
        );
    }

    #[test]
    fn buckets_double_with_the_archive() {
        assert_eq!(bucket_count(0), 1);
        assert_eq!(bucket_count(256), 1);
        assert_eq!(bucket_count(257), 2);
        assert_eq!(bucket_count(100_000), 512);
        assert!(bucket_of("해양수산부-발표", 512) < 512);
        assert!(slug_hash("any") < 1 << 48);
    }
}
