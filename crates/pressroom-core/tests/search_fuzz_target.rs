//! Compiles the `search_shard` fuzz target as a module (cargo-fuzz needs nightly, so it
//! does not run here) and runs its check on seeds: valid files, every truncation of one,
//! and pseudo-random bytes behind valid headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// cargo-fuzz sets `--cfg fuzzing`, which this crate does not declare.
#![allow(unexpected_cfgs)]

#[path = "../../../fuzz/fuzz_targets/search_shard.rs"]
mod search_shard;

use pressroom_core::search::{DocFields, IndexBuilder, IndexOptions, VERSION};

fn files() -> pressroom_core::search::SearchFiles {
    let options = IndexOptions {
        shard_bytes: 64,
        page_shards: 4,
        ..IndexOptions::default()
    };
    let mut builder = IndexBuilder::new(options);
    let tags = vec!["budget".to_owned()];
    for doc in 0..40u32 {
        let title = format!("Budget plan {doc} government climate");
        let body = if doc.is_multiple_of(3) {
            "북한의 사이버 위협 draft"
        } else {
            "the harbour report"
        };
        let fields = DocFields {
            title: &title,
            body,
            tags: &tags,
            ..DocFields::default()
        };
        builder.add(doc, &fields).unwrap();
    }
    builder.finish()
}

#[test]
fn the_fuzz_target_accepts_valid_files_and_their_truncations() {
    let files = files();
    let mut seeds: Vec<Vec<u8>> = vec![files.meta.clone(), files.vocabulary.clone()];
    seeds.extend(files.pages.iter().cloned());
    seeds.extend(files.shards.iter().cloned());
    for seed in &seeds {
        for end in 0..=seed.len() {
            search_shard::check(&seed[..end]);
        }
        // Meta in front, shard behind: the first byte picks the split.
        let mut both = files.meta.clone();
        both.extend(seed);
        search_shard::check(&both);
    }
}

#[test]
fn the_fuzz_target_survives_random_bytes_behind_valid_headers() {
    let mut state: u64 = 0x5EED;
    for round in 0..2_000u32 {
        let mut data = match round % 5 {
            0 => Vec::new(),
            kind => [b"PRSX".as_slice(), &[VERSION, kind as u8]].concat(),
        };
        for _ in 0..(round % 97) {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            data.push((state >> 56) as u8 % if round.is_multiple_of(2) { 4 } else { 255 });
        }
        search_shard::check(&data);
    }
}
