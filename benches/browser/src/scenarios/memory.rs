//! Scenario 6: memory. After a cold load of an article (and the app's takeover), and
//! again after 200 client-side navigations (Next, turning round at the ends), a full
//! garbage collection, then the JS heap in use (`Runtime.getHeapUsage`) and the size of
//! the page's WebAssembly memories (captured by the probe when instantiated; a wasm
//! memory never shrinks, so it is the high-water mark). A leak shows as growth. Without
//! throttling only: memory does not depend on CPU or network speed.

use std::time::Duration;

use anyhow::{anyhow, Result};

use super::{limit, load, progress, Cx};
use crate::bundles::Content;
use crate::cdp;
use crate::conditions::Condition;
use crate::probe::{self, Goal, Kind};
use crate::readers::{Reader, Served};
use crate::results::Unit;
use crate::schedule::alternate;
use crate::sites::SiteSet;

/// Navigations between the two readings.
pub const NAVIGATIONS: usize = 200;
/// The article the walk starts from.
pub const START_INDEX: usize = 60;

/// Runs per reader (memory varies little from run to run).
pub fn runs(quick: bool) -> usize {
    if quick {
        1
    } else {
        2
    }
}

/// Why memory is not measured under `condition`, if it is not.
fn not_under(condition: Condition) -> Option<&'static str> {
    (condition != Condition::Normal).then_some(
        "memory does not depend on CPU or network speed: measured without throttling only",
    )
}

/// One reading: (JS heap, wasm memory) in bytes.
async fn reading(cx: &Cx) -> Result<(f64, f64)> {
    let heap = cdp::heap_after_gc(cx.session.client()).await?;
    let wasm = probe::number(&cx.session, "window.__bench.wasmBytes()").await?;
    Ok((heap, wasm))
}

/// Both readings of one run.
async fn one_run(
    cx: &mut Cx,
    served: &Served,
    start: &crate::bundles::Shown,
    condition: Condition,
) -> Result<[(f64, f64); 2]> {
    let timeout = limit(condition, Duration::from_secs(30));
    let goal =
        Goal::new(Kind::Article, &start.title, timeout).with_takeover(served.reader.takes_over());
    load(
        &mut cx.session,
        condition,
        &served.url(&Content::path_of(start)),
        &goal,
    )
    .await?;
    let after_load = reading(cx).await?;
    probe::walk(&cx.session, NAVIGATIONS, "next", true, timeout).await?;
    let after_walk = reading(cx).await?;
    Ok([after_load, after_walk])
}

fn record(cx: &mut Cx, reader: &str, condition: Condition, run: &Result<[(f64, f64); 2], String>) {
    let stages = [("after load", 0), ("after 200 navigations", 1)];
    for (stage, i) in stages {
        let pick = |f: fn((f64, f64)) -> f64| run.as_ref().map(|r| f(r[i])).map_err(Clone::clone);
        let rows = [
            (format!("6 JS heap {stage}"), pick(|(h, _)| h)),
            (
                format!("6 JS heap + wasm memory {stage}"),
                pick(|(h, w)| h + w),
            ),
        ];
        for (name, sample) in rows {
            cx.results
                .record(&name, condition, reader, Unit::Bytes, sample);
        }
        if reader != Reader::Baseline.name() {
            let name = format!("6 wasm memory {stage}");
            cx.results
                .record(&name, condition, reader, Unit::Bytes, pick(|(_, w)| w));
        }
    }
}

/// Scenario 6 for the app and the baseline.
pub async fn memory(cx: &mut Cx, set: &SiteSet, condition: Condition) -> Result<()> {
    let start = set.content.at(START_INDEX)?;
    let readers = set.pick(&[Reader::Pressroom, Reader::Baseline]);
    if let Some(why) = not_under(condition) {
        for served in &readers {
            let name = "6 JS heap + wasm memory after 200 navigations";
            cx.results
                .skip(name, condition, &served.label, Unit::Bytes, why);
        }
        return Ok(());
    }
    for slot in alternate(readers.len(), runs(cx.quick)) {
        let served = readers[slot.reader];
        let run = one_run(cx, served, start, condition)
            .await
            .map_err(|e| anyhow!("{}: {e:#}", served.label).to_string());
        if let Err(e) = &run {
            println!("    failed: {e}");
        }
        record(cx, &served.label, condition, &run);
    }
    progress(
        &cx.results,
        "6 JS heap + wasm memory after 200 navigations",
        condition,
    );
    Ok(())
}
