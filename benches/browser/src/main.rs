//! `pressroom-bench-browser`: Pressroom's browser benchmark (see `benches/baseline/README.md`
//! for the baseline reader and `cargo xtask bench --help` for how it is run).
//!
//! Readers: the app with pre-rendered pages, the app without them (pages from
//! `404.html`), a vanilla-JS baseline reader, and the static pre-rendered pages. Each
//! scenario runs under the normal condition and under 4× CPU throttling with a mobile
//! network; every load is cold, in a fresh browser context. Results go to stdout as a
//! table and to `target/bench/browser-<time>.json` and `browser-latest.json`.
//!
//! Exit status: 0 when everything was measured, 2 when some point failed (the report is
//! written all the same), 1 when the run could not happen.

mod baseline;
mod bundles;
mod cdp;
mod conditions;
mod devtools;
mod options;
mod probe;
mod readers;
mod report;
mod results;
mod run;
mod scenarios;
mod schedule;
mod session;
mod sites;
mod static_page;
mod stats;

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use crate::options::Options;
use crate::report::JsonReport;

/// How each load gets its fresh state, for the report.
const FRESH_STATE: &str = "every load runs in a new browser context and tab \
    (Target.createBrowserContext and Target.createTarget on the browser's DevTools endpoint; \
    chromedriver refuses them on a page), so no cache, storage, renderer process or compiled \
    code is shared between loads";

fn stamp() -> Result<(String, String)> {
    let now = time::OffsetDateTime::now_utc();
    let file = now
        .format(time::macros::format_description!(
            "[year][month][day]-[hour][minute][second]"
        ))
        .context("formatting the time")?;
    let rfc = now
        .format(&time::format_description::well_known::Rfc3339)
        .context("formatting the time")?;
    Ok((file, rfc))
}

fn main() -> ExitCode {
    match main_result() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(false)` when some point failed.
fn main_result() -> Result<bool> {
    let started = Instant::now();
    let plan = Options::parse().plan()?;
    let (file_stamp, rfc) = stamp()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let results = runtime.block_on(run::run(&plan))?;
    println!("\n{}", report::table(&results));
    let mut json = JsonReport::new(&results, rfc, plan.quick, plan.runs);
    json.total_secs = started.elapsed().as_secs_f64();
    json.notes.push(FRESH_STATE.to_owned());
    let file = json.write(&plan.work, &file_stamp)?;
    println!("report: {} (and browser-latest.json)", file.display());
    println!("browser benchmark took {:.1?} in all", started.elapsed());
    if results.any_failed() {
        println!(
            "some measurements FAILED (see above): they are reported as failed, not as numbers"
        );
    }
    Ok(!results.any_failed())
}
