//! `pressroom-bench-archive`: what the sharded archive costs, on generated archives of
//! realistic text (`pressroom-corpus`, seed 11):
//!
//! 1. transfer, gzip, data only, of the standard reader scenarios
//!    ([`pressroom_ui::transfer::standard`]) at each size, against the budgets;
//! 2. search latency with the shards already loaded, as a reader types a word letter by
//!    letter (median and p95 of the store's answer);
//! 3. `pressroom site` writing the sharded site of the largest archive: time and peak
//!    memory (the child's `VmHWM`), with `--app DIR --pressroom BIN`;
//! 4. publishing one more release into it: files and bytes that change.
//!
//! Usage: `pressroom-bench-archive [--sizes 1000,10000,100000] [--app DIR --pressroom BIN]`.
//! `cargo xtask bench` runs it with the release profile.

mod publish;
mod search_latency;
mod transfer_table;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// The command line.
struct Args {
    sizes: Vec<usize>,
    app: Option<PathBuf>,
    pressroom: Option<PathBuf>,
}

fn args() -> Result<Args> {
    let mut parsed = Args {
        sizes: vec![1_000, 10_000, 100_000],
        app: None,
        pressroom: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                let list = args.next().context("--sizes needs a list")?;
                parsed.sizes = list
                    .split(',')
                    .map(|n| n.trim().parse().context("a size"))
                    .collect::<Result<_>>()?;
            }
            "--app" => parsed.app = args.next().map(PathBuf::from),
            "--pressroom" => parsed.pressroom = args.next().map(PathBuf::from),
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything; whether every budget held.
fn run() -> Result<bool> {
    let args = args()?;
    let mut ok = true;
    println!("== transfer (gzip, data only)");
    for &size in &args.sizes {
        ok &= transfer_table::report(size)?;
    }
    let largest = args.sizes.iter().copied().max().unwrap_or(10_000);
    println!("== search latency, shards loaded ({largest} releases)");
    search_latency::report(largest)?;
    if let (Some(app), Some(pressroom)) = (&args.app, &args.pressroom) {
        println!("== writing the site, and publishing one more release ({largest} releases)");
        publish::report(largest, app, pressroom)?;
    } else {
        println!("(no --app/--pressroom: the site-writing measurements are skipped)");
    }
    Ok(ok)
}
