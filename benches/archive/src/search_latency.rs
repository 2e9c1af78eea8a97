//! Search latency with the shards loaded: a reader types a title word letter by letter;
//! each prefix is searched once to load what it needs, then timed again (what a keystroke
//! costs once the shards are cached, before painting).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use pressroom_core::archive::write_archive;
use pressroom_ui::filter::Filter;
use pressroom_ui::store::fetch::block_on;
use pressroom_ui::transfer::Served;

use crate::transfer_table::catalog;

/// Prints the median and p95 over the prefixes of a few words.
pub fn report(size: usize) -> Result<()> {
    let catalog = catalog(size)?;
    let archive = write_archive(&catalog, &crate::transfer_table::default_options());
    let served = Served::new(&archive.files);
    let store = served.open().context("opening the archive")?;
    let entries = catalog.chronological();
    let words: Vec<String> = [entries.len() / 3, entries.len() / 2, entries.len() - 1]
        .iter()
        .filter_map(|&i| {
            entries[i]
                .release
                .title
                .split_whitespace()
                .max_by_key(|w| w.chars().count())
                .map(str::to_lowercase)
        })
        .collect();
    let mut times: Vec<Duration> = Vec::new();
    for word in &words {
        let chars: Vec<char> = word.chars().collect();
        for end in 2..=chars.len() {
            let filter = Filter::parse(&format!("q={}", chars[..end].iter().collect::<String>()));
            block_on(store.search(&filter)).context("a search that waits")??;
            let started = Instant::now();
            block_on(store.search(&filter)).context("a search that waits")??;
            times.push(started.elapsed());
        }
    }
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "   {} keystrokes over {:?}: median {:.1} ms, p95 {:.1} ms (budget: median 50 ms, with painting)",
        times.len(),
        words,
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3
    );
    Ok(())
}
