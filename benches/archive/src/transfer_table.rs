//! The transfer table of one archive size.

use std::io::Write;
use std::time::Instant;

use anyhow::Result;
use flate2::write::GzEncoder;
use flate2::Compression;
use pressroom_core::archive::{write_archive, ArchiveOptions};
use pressroom_core::Catalog;
use pressroom_corpus::{generate, to_json, Spec};
use pressroom_ui::store::fetch::Requested;
use pressroom_ui::transfer::{standard, Served};

/// The seed every measurement uses.
pub const SEED: u64 = 11;

/// gzip size of `bytes` (level 6, as servers send).
pub fn gzip(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(u64::MAX)
}

/// The data's share of the default file budget of `pressroom site` (20,000 files), with
/// the five files a site copies from an app build (the glue, the wasm, the stylesheet, the
/// icon and the search engine; the theme script is inlined into the pages): what a site
/// written with the defaults holds.
pub fn default_options() -> ArchiveOptions {
    ArchiveOptions {
        max_files: Some(pressroom_site::data_budget(
            pressroom_site::options::DEFAULT_MAX_FILES,
            5,
        )),
        ..ArchiveOptions::default()
    }
}

/// The generated catalog of `size` releases.
pub fn catalog(size: usize) -> Result<Catalog> {
    Ok(Catalog::from_json(&to_json(&generate(Spec {
        count: size,
        seed: SEED,
    })))?)
}

/// Prints the table of `size`; whether every budget held.
pub fn report(size: usize) -> Result<bool> {
    let catalog = catalog(size)?;
    let started = Instant::now();
    let archive = write_archive(&catalog, &default_options());
    println!(
        "-- {size} releases: {} data files (default file budget), written in memory in {:.1} s",
        archive.files.len(),
        started.elapsed().as_secs_f64()
    );
    let served = Served::new(&archive.files);
    let mut ok = true;
    for probe in standard(&served, &catalog) {
        let bytes: u64 = probe
            .scenario
            .files
            .iter()
            .map(|request| served.transferred(request, gzip))
            .sum();
        let verdict = if bytes <= probe.budget { "ok" } else { "OVER" };
        ok &= bytes <= probe.budget;
        println!(
            "   {:<44} {:>7.1} KB ({:>2} files)  budget {:>5.0} KB  {verdict}",
            probe.kind,
            bytes as f64 / 1024.0,
            probe.scenario.files.len(),
            probe.budget as f64 / 1024.0
        );
        if probe.kind == "deep link" {
            print_files(&served, &probe.scenario.files);
        }
    }
    Ok(ok)
}

/// One line per file of a scenario: what it transferred (gzip, or the part read) and
/// its name.
fn print_files(served: &Served, files: &[Requested]) {
    for request in files {
        let size = served.transferred(request, gzip);
        let part = match &request.range {
            Some(range) => format!(" (bytes {}–{})", range.start, range.end),
            None => String::new(),
        };
        println!(
            "      {:>7.1} KB  {}{part}",
            size as f64 / 1024.0,
            request.url
        );
    }
}
