//! Transfer budgets of a sharded archive, on a generated archive of 10,000 releases of
//! realistic text (Latin and Korean, fixed seed; `pressroom-corpus`): what a reader
//! downloads, gzip, data only, for a deep link, first searches and opening the filters
//! (`pressroom_ui::transfer::standard`, the discovery issue's budgets). The benchmark
//! (`pressroom-bench --transfer`) reports the same at 1k, 10k and 100k.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use pressroom_core::archive::{write_archive, ArchiveOptions};
use pressroom_core::Catalog;
use pressroom_corpus::{generate, to_json, Spec};
use pressroom_ui::transfer::{standard, Served};

fn gzip(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(u64::MAX)
}

#[test]
fn a_reader_downloads_little_from_a_large_archive() {
    let bundle = generate(Spec {
        count: 10_000,
        seed: 11,
    });
    let catalog = Catalog::from_json(&to_json(&bundle)).expect("valid");
    let archive = write_archive(&catalog, &ArchiveOptions::default());
    let served = Served::new(&archive.files);
    let probes = standard(&served, &catalog);
    assert_eq!(probes.len(), 8, "every scenario ran");
    let mut over = Vec::new();
    for probe in &probes {
        let bytes: u64 = probe
            .scenario
            .files
            .iter()
            .map(|request| served.transferred(request, gzip))
            .sum();
        println!(
            "{bytes:>7} B of {:>7}  {:>2} files  {}: {}",
            probe.budget,
            probe.scenario.files.len(),
            probe.kind,
            probe.scenario.name
        );
        if bytes > probe.budget {
            over.push(format!(
                "{}: {bytes} B > {} B ({:?})",
                probe.kind, probe.budget, probe.scenario.files
            ));
        }
    }
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
    // The deep link reads the boot file, a slug page, a slug bucket, a block, its pack
    // list and one release out of its pack: never the whole archive.
    let deep = &probes[0].scenario;
    assert_eq!(deep.files.len(), 6, "{:?}", deep.files);
    let part = deep.files.last().and_then(|r| r.range.clone());
    assert!(
        part.as_ref().is_some_and(|p| p.len() < 16 * 1024),
        "one release, not its pack: {:?}",
        deep.files.last()
    );
}
