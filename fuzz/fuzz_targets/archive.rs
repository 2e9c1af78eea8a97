//! Arbitrary bytes → every reader of the sharded archive's files (boot, block, pack list,
//! index shard, pack, slug bucket, facet column, facets), for a few positions and release
//! counts. Never panics; a file that reads is the file that was asked for: its first
//! position and its number of entries match what the reader named (so a stale or moved
//! file can never be shown as another release).
//!
//! Built by cargo-fuzz (which sets `--cfg fuzzing`) it is a libFuzzer target; without
//! that cfg it is a plain module whose [`check`] the native test
//! `crates/pressroom-core/tests/archive_fuzz_target.rs` runs, so it always type-checks.
#![cfg_attr(fuzzing, no_main)]

use pressroom_core::archive::names::{
    BLOCK_SIZE, BUCKETS_PER_SLUG_PAGE, COLUMN_SIZE, INDEX_SHARD_SIZE,
};
use pressroom_core::archive::read::{
    check_hash, parse_block, parse_boot, parse_bucket, parse_column, parse_facets, parse_index,
    parse_pack, parse_pack_entry, parse_pack_list, parse_slug_page,
};

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

/// Without cargo-fuzz the binary does nothing.
#[cfg(not(fuzzing))]
#[allow(dead_code)]
fn main() {}

/// Release counts the readers are asked about.
const COUNTS: [usize; 4] = [0, 1, 1_000, 2_345];

/// Reads `data` as every kind of file; checks what reads.
pub fn check(data: &[u8]) {
    let _ = check_hash("x", data, "0123456789");
    if let Ok(boot) = parse_boot(data) {
        assert_eq!(boot.blocks.len(), boot.count.div_ceil(BLOCK_SIZE));
        assert_eq!(boot.columns.len(), boot.count.div_ceil(COLUMN_SIZE));
    }
    for count in COUNTS {
        for k in [0, 1, 2] {
            if let Ok(block) = parse_block("b", data, k, count) {
                assert_eq!(block.first, k * BLOCK_SIZE);
                let span = count.saturating_sub(k * BLOCK_SIZE).min(BLOCK_SIZE);
                assert_eq!(block.index.len(), span.div_ceil(INDEX_SHARD_SIZE));
            }
            if let Ok(list) = parse_pack_list("l", data, k, count) {
                assert_eq!(list.first, k * BLOCK_SIZE);
                assert!(list.packs.windows(2).all(|w| w[0].first < w[1].first));
                for pack in &list.packs {
                    for i in 0..=pack.len() {
                        let _ = pack.entry_range(i);
                    }
                }
            }
            if let Ok(column) = parse_column("c", data, k, count) {
                assert_eq!(column.first, k * COLUMN_SIZE);
            }
        }
        for first in [0, 25, 1_000] {
            if let Ok(shard) = parse_index("i", data, first, count) {
                assert_eq!(shard.first, first);
                assert_eq!(
                    shard.cards.len(),
                    count.saturating_sub(first).min(INDEX_SHARD_SIZE)
                );
            }
        }
        for k in 0..2 {
            if let Ok(page) = parse_slug_page("sp", data, k, count) {
                assert_eq!(page.first, k * BUCKETS_PER_SLUG_PAGE);
                assert!(page.buckets.len() <= BUCKETS_PER_SLUG_PAGE);
            }
        }
        if let Ok(bucket) = parse_bucket("s", data, count) {
            assert!(bucket.slugs.iter().all(|(_, position)| *position < count));
        }
        let _ = parse_facets("f", data, count).map(|f| f.sources.len());
    }
    for first in [0, 7, 1_000] {
        if let Ok(pack) = parse_pack("p", data, first, 3) {
            assert_eq!(pack.first, first);
            assert_eq!(pack.entries.len(), 3);
        }
    }
    if let Ok(entry) = parse_pack_entry("e", data, "a-slug") {
        assert_eq!(entry.slug(), "a-slug");
    }
}
