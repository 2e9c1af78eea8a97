//! Scenario 4: data ready. A cold load of the list of a generated bundle of 1k, 10k and
//! 100k releases, timed until the first item is painted: fetching, parsing, ordering and
//! showing the data. Two layouts are built in: the single file (`releases.json`, read
//! whole) and the sharded archive ([`crate::readers::Reader::ArchiveShell`]), for which a cold deep link
//! to an article is measured too (scenario 1 at that size); another layout is added by
//! serving another site folder per size (`--layout NAME=DIR`, see `crate::options`).

use std::time::Duration;

use anyhow::Result;

use super::cold::ARTICLE_INDEX;
use super::{cold_series, limit, progress, record_each, value, Cx, Target};
use crate::bundles::Content;
use crate::conditions::Condition;
use crate::probe::{Goal, Kind};
use crate::results::Unit;
use crate::sites::SiteSet;

/// Sizes above this many bytes get at most 5 runs (above ten times as many, 3).
const LARGE_BYTES: u64 = 5_000_000;
/// Whole-bundle downloads longer than this under the mobile network are not run: 3 s
/// is 600 KB at 1.6 Mbps, more than the largest single file `pressroom site --layout
/// auto` writes (512 KiB; past that it writes the sharded archive).
const LONGEST_DOWNLOAD_SECS: f64 = 3.0;
/// Why the sharded archive is measured at the largest size only under the mobile
/// condition (each mobile load takes seconds, mostly the network's).
const SHARDED_LARGEST_ONLY: &str = "under the mobile condition the sharded archive is \
    measured at the largest size only: a load fetches the same few files at any size \
    (the normal condition measures every size)";

/// `1k`, `10k`, `100k`, or the plain number.
pub fn count_label(count: usize) -> String {
    if count >= 1000 && count.is_multiple_of(1000) {
        format!("{}k", count / 1000)
    } else {
        count.to_string()
    }
}

/// Runs for a bundle of `bytes` under `condition`, or why it is not run.
pub fn runs_for(bytes: u64, condition: Condition, runs: usize) -> Result<usize, String> {
    if let Some(secs) = condition.download_secs(bytes) {
        if secs > LONGEST_DOWNLOAD_SECS {
            return Err(format!(
                "{:.1} MB at 1.6 Mbps is {secs:.0} s a load before any work",
                bytes as f64 / 1e6
            ));
        }
    }
    Ok(match bytes {
        b if b > 10 * LARGE_BYTES => runs.min(3),
        b if b > LARGE_BYTES => runs.min(5),
        _ => runs,
    })
}

/// Runs of the sharded archive at `count` releases, `largest` the largest size measured.
pub fn sharded_runs(
    count: usize,
    largest: usize,
    condition: Condition,
    runs: usize,
) -> Result<usize, String> {
    match condition {
        Condition::Mobile if count < largest => Err(SHARDED_LARGEST_ONLY.to_owned()),
        _ => Ok(runs),
    }
}

/// Scenario 4 (and 5 for these loads) for one bundle size of those measured (`largest`
/// the largest): the readers that read the whole bundle (fewer runs, or none, for big
/// downloads), then the sharded archive's, with its deep link.
pub async fn data_ready(
    cx: &mut Cx,
    set: &SiteSet,
    (count, largest): (usize, usize),
    condition: Condition,
) -> Result<()> {
    let label = count_label(count);
    let name = format!("4 data ready, list shown: {label} releases");
    let longest = format!("5 longest task during load: {label}-release list");
    let first = set.content.at(0)?;
    let timeout = limit(condition, Duration::from_secs(60 + count as u64 / 1000));
    let (whole, sharded): (Vec<Target<'_>>, Vec<Target<'_>>) = set
        .served
        .iter()
        .map(|served| Target {
            served,
            path: "/".to_owned(),
            goal: Goal::new(Kind::List, &first.title, timeout),
        })
        .partition(|t| t.served.reader.reads_whole_bundle());
    let runs = runs_for(set.content.bytes, condition, cx.runs(condition));
    let points = [(&name, "the list painted"), (&longest, "")];
    measure_or_skip(cx, condition, &whole, runs, &points).await;
    let all_runs = sharded_runs(count, largest, condition, cx.runs(condition));
    measure_or_skip(cx, condition, &sharded, all_runs.clone(), &points).await;
    progress(&cx.results, &name, condition);
    let shown = set.content.at(ARTICLE_INDEX)?;
    let article: Vec<Target<'_>> = sharded
        .iter()
        .map(|t| Target {
            served: t.served,
            path: Content::path_of(shown),
            goal: Goal::new(Kind::Article, &shown.title, timeout),
        })
        .collect();
    let painted =
        format!("1 article, sharded, no pre-render: title+body painted: {label} releases");
    let longest = format!("5 longest task during load: {label}-release article");
    let points = [(&painted, "the article painted"), (&longest, "")];
    measure_or_skip(cx, condition, &article, all_runs, &points).await;
    progress(&cx.results, &painted, condition);
    Ok(())
}

/// Loads `targets` `runs` times and records each load's ready time under the first
/// point and its longest task under the second; or records why they were skipped.
async fn measure_or_skip(
    cx: &mut Cx,
    condition: Condition,
    targets: &[Target<'_>],
    runs: Result<usize, String>,
    points: &[(&String, &str); 2],
) {
    let [(ready, what), (longest, _)] = *points;
    let runs = match runs {
        Ok(runs) => runs,
        Err(why) => {
            for t in targets {
                cx.results
                    .skip(ready, condition, &t.served.label, Unit::Ms, &why);
            }
            return;
        }
    };
    if targets.is_empty() {
        return;
    }
    let series = cold_series(cx, condition, targets, runs).await;
    for (target, loads) in targets.iter().zip(&series) {
        let reader = target.served.label.as_str();
        record_each(
            &mut cx.results,
            ready,
            condition,
            reader,
            Unit::Ms,
            loads,
            |l| value(l.ready, what),
        );
        record_each(
            &mut cx.results,
            longest,
            condition,
            reader,
            Unit::Ms,
            loads,
            |l| Ok(l.longest_task),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(count_label(1000), "1k");
        assert_eq!(count_label(100_000), "100k");
        assert_eq!(count_label(300), "300");
    }

    #[test]
    fn big_downloads_are_not_run_on_the_mobile_network() {
        assert_eq!(runs_for(350_000, Condition::Mobile, 10), Ok(10));
        // Written by hand: 512 KiB is 2.6 s at 1.6 Mbps; the 1k bundle (4.2 MB) is 21 s.
        assert_eq!(runs_for(512 * 1024, Condition::Mobile, 10), Ok(10));
        assert!(runs_for(1_000_000, Condition::Mobile, 10).is_err());
        assert!(runs_for(4_200_000, Condition::Mobile, 10).is_err());
        assert_eq!(runs_for(100_000_000, Condition::Normal, 15), Ok(3));
        assert_eq!(runs_for(10_000_000, Condition::Normal, 15), Ok(5));
        assert_eq!(runs_for(1_000_000, Condition::Normal, 15), Ok(15));
    }

    #[test]
    fn the_mobile_condition_measures_the_largest_archive_only() {
        let runs = |count, condition| sharded_runs(count, 100_000, condition, 8);
        assert!(runs(1_000, Condition::Mobile).is_err());
        assert!(runs(10_000, Condition::Mobile).is_err());
        assert_eq!(runs(100_000, Condition::Mobile), Ok(8));
        assert_eq!(runs(1_000, Condition::Normal), Ok(8));
    }
}
