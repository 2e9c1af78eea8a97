//! Compiles the `archive` fuzz target as a module (cargo-fuzz needs nightly, so it does
//! not run here) and runs its check on seeds: every file of a real archive, each
//! truncated at many points, with bytes flipped, and with one file given as another.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// cargo-fuzz sets `--cfg fuzzing`, which this crate does not declare.
#![allow(unexpected_cfgs)]

#[path = "../../../fuzz/fuzz_targets/archive.rs"]
mod archive_target;

use pressroom_core::archive::{write_archive, ArchiveOptions};
use pressroom_core::Catalog;

fn files() -> Vec<(String, Vec<u8>)> {
    let releases: Vec<String> = (0..1_100)
        .map(|i| {
            format!(
                r#"{{"id":"r{i}","title":"Release {i} 북한 {}","published":"2024-{:02}-{:02}T10:00:00Z","source":{{"name":"A{}","url":"https://e.org/{i}"}},"summary":"S {i}","body":"Body {i} with *words*.","tags":["t{}","x"]}}"#,
                i % 7,
                i % 12 + 1,
                i % 28 + 1,
                i % 3,
                i % 5
            )
        })
        .collect();
    let json = format!(
        r#"{{"version":1,"site":{{"title":"T"}},"releases":[{}]}}"#,
        releases.join(",")
    );
    let catalog = Catalog::from_json(&json).unwrap();
    let options = ArchiveOptions {
        pack_bytes: 400,
        ..ArchiveOptions::default()
    };
    write_archive(&catalog, &options).files
}

#[test]
fn the_fuzz_target_accepts_real_files_and_their_mutations() {
    let files = files();
    let mut checked = 0;
    // One file of each kind (JSON ones: the search files have their own target).
    let mut kinds: Vec<&str> = Vec::new();
    for (name, bytes) in &files {
        let kind = name.split('/').next().unwrap_or_default();
        if name.ends_with(".bin") || kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        archive_target::check(bytes);
        for cut in (0..bytes.len()).step_by((bytes.len() / 40).max(1)) {
            archive_target::check(&bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by(17) {
            flipped[i] ^= 0x20;
            archive_target::check(&flipped);
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} kinds of file: {kinds:?}");
    archive_target::check(b"");
    archive_target::check(br#"{"first":0,"entries":[]}"#);
    archive_target::check(br#"{"first":0,"packs":[{"first":0,"hash":"a","start":18446744073709551615,"lengths":[9,3]}]}"#);
    archive_target::check(br#"{"slugs":[[1,99999999]]}"#);
}
