//! The results as a table for the terminal and as JSON (`target/bench/browser-<time>.json`
//! and `browser-latest.json`). Ratios compare a point's median with the baseline
//! reader's and the static page's median for the same scenario and condition.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::results::{Outcome, Point, Results, Unit, Wall};

/// A value in its unit, for people.
pub fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Ms if value >= 10_000.0 => format!("{:.1} s", value / 1000.0),
        Unit::Ms if value >= 100.0 => format!("{value:.0} ms"),
        Unit::Ms => format!("{value:.1} ms"),
        Unit::Bytes if value >= 1e6 => format!("{:.1} MB", value / 1e6),
        Unit::Bytes => format!("{:.0} KB", value / 1e3),
        Unit::Score => format!("{value:.3}"),
    }
}

/// The median of the measured point like `point` but of `reader`.
fn anchor_median(points: &[Point], point: &Point, reader: &str) -> Option<f64> {
    let anchor = points.iter().find(|p| {
        p.scenario == point.scenario && p.condition == point.condition && p.reader == reader
    })?;
    match anchor.outcome() {
        Outcome::Measured(s) if s.median > 0.0 => Some(s.median),
        _ => None,
    }
}

/// `point`'s median over the anchor `reader`'s, if both were measured; none for a score
/// (a layout shift has its own limit, and a ratio of two near-zero scores says nothing).
pub fn ratio(points: &[Point], point: &Point, reader: &str) -> Option<f64> {
    let Outcome::Measured(own) = point.outcome() else {
        return None;
    };
    if point.unit == Unit::Score {
        return None;
    }
    anchor_median(points, point, reader).map(|anchor| own.median / anchor)
}

fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

fn row(points: &[Point], p: &Point) -> String {
    let ratio_text = |reader: &str| {
        ratio(points, p, reader).map_or_else(|| "".to_owned(), |r| format!("{r:.2}×"))
    };
    let head = format!("{:<44} {:<13} {:<22}", p.scenario, p.condition, p.reader);
    match p.outcome() {
        Outcome::Measured(s) => format!(
            "{head} {:>9} {:>9} {:>10} {:>8} {:>4}",
            format_value(s.median, p.unit),
            format_value(s.p75, p.unit),
            ratio_text("baseline"),
            ratio_text("static"),
            s.n
        ),
        Outcome::Failed { failed, of, reason } => {
            format!("{head} FAILED {failed}/{of}: {}", shorten(&reason, 110))
        }
        Outcome::Skipped(why) => format!("{head} not run: {}", shorten(&why, 110)),
    }
}

/// The points in the table's order: by scenario number (`1 …` to `7 …`, then the rest),
/// then in the order measured, the normal condition first.
pub fn table_order(points: &[Point]) -> Vec<&Point> {
    let first = |scenario: &str| points.iter().position(|p| p.scenario == scenario);
    let mut order: Vec<&Point> = points.iter().collect();
    order.sort_by_key(|p| {
        let number = p.scenario.split(' ').next().unwrap_or_default().to_owned();
        (number, p.condition != "normal", first(&p.scenario))
    });
    order
}

/// The table, one line per point, and the wall times.
pub fn table(results: &Results) -> String {
    let mut out = format!(
        "{:<44} {:<13} {:<22} {:>9} {:>9} {:>10} {:>8} {:>4}\n",
        "scenario", "condition", "reader", "median", "p75", "×baseline", "×static", "n"
    );
    let mut last = "";
    for p in table_order(&results.points) {
        if !last.is_empty() && p.scenario != last {
            out.push('\n');
        }
        last = &p.scenario;
        out.push_str(&row(&results.points, p));
        out.push('\n');
    }
    out.push_str("\nwall time per scenario:\n");
    for w in &results.walls {
        let _ = writeln!(
            out,
            "  {:<36} {:<13} {:>7.1} s",
            w.scenario, w.condition, w.secs
        );
    }
    out
}

/// One point in the JSON.
#[derive(Debug, Serialize)]
struct JsonPoint<'a> {
    #[serde(flatten)]
    point: &'a Point,
    status: &'static str,
    median: Option<f64>,
    p75: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    n: usize,
    ratio_to_baseline: Option<f64>,
    ratio_to_static: Option<f64>,
}

/// The JSON report.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// When the run started (UTC, RFC 3339).
    pub started: String,
    /// Quick mode.
    pub quick: bool,
    /// Runs per point asked for.
    pub runs: usize,
    /// The whole run's seconds.
    pub total_secs: f64,
    /// How each load got a fresh state, and other remarks.
    pub notes: Vec<String>,
    /// Wall time per scenario.
    pub walls: &'a [Wall],
    points: Vec<JsonPoint<'a>>,
}

impl<'a> JsonReport<'a> {
    /// The report of `results`.
    pub fn new(results: &'a Results, started: String, quick: bool, runs: usize) -> Self {
        let points = results
            .points
            .iter()
            .map(|point| {
                let outcome = point.outcome();
                let summary = match &outcome {
                    Outcome::Measured(s) => Some(*s),
                    _ => None,
                };
                JsonPoint {
                    point,
                    status: match outcome {
                        Outcome::Measured(_) => "measured",
                        Outcome::Failed { .. } => "failed",
                        Outcome::Skipped(_) => "skipped",
                    },
                    median: summary.map(|s| s.median),
                    p75: summary.map(|s| s.p75),
                    min: summary.map(|s| s.min),
                    max: summary.map(|s| s.max),
                    n: summary.map_or(0, |s| s.n),
                    ratio_to_baseline: ratio(&results.points, point, "baseline"),
                    ratio_to_static: ratio(&results.points, point, "static"),
                }
            })
            .collect();
        Self {
            started,
            quick,
            runs,
            total_secs: 0.0,
            notes: Vec::new(),
            walls: &results.walls,
            points,
        }
    }

    /// Writes `browser-<stamp>.json` and `browser-latest.json` into `dir`; the first path.
    pub fn write(&self, dir: &Path, stamp: &str) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let json = serde_json::to_string_pretty(self).context("writing the JSON report")?;
        let file = dir.join(format!("browser-{stamp}.json"));
        for path in [&file, &dir.join("browser-latest.json")] {
            std::fs::write(path, &json).with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(file)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::conditions::Condition;

    fn sample() -> Results {
        let mut r = Results::default();
        let n = Condition::Normal;
        for v in [100.0, 120.0, 110.0] {
            r.record("1 article", n, "pressroom", Unit::Ms, Ok(v));
            r.record("1 article", n, "baseline", Unit::Ms, Ok(v / 2.0));
            r.record("1 article", n, "static", Unit::Ms, Ok(v / 4.0));
        }
        r.record("6 heap", n, "pressroom", Unit::Bytes, Ok(2_500_000.0));
        r.record(
            "6 heap",
            n,
            "baseline",
            Unit::Bytes,
            Err("the tab crashed".into()),
        );
        r.skip(
            "4 data",
            Condition::Mobile,
            "baseline",
            Unit::Ms,
            "35 MB at 1.6 Mbps",
        );
        r.record("7 shift", n, "pressroom", Unit::Score, Ok(0.5));
        r.record("7 shift", n, "baseline", Unit::Score, Ok(0.003));
        r.wall("cold loads", n, 12.34);
        r
    }

    #[test]
    fn values_read_well() {
        assert_eq!(format_value(4.25, Unit::Ms), "4.2 ms");
        assert_eq!(format_value(512.4, Unit::Ms), "512 ms");
        assert_eq!(format_value(12_345.0, Unit::Ms), "12.3 s");
        assert_eq!(format_value(2_500_000.0, Unit::Bytes), "2.5 MB");
        assert_eq!(format_value(0.0042, Unit::Score), "0.004");
        assert_eq!(format_value(64_000.0, Unit::Bytes), "64 KB");
    }

    #[test]
    fn the_table_has_ratios_failures_and_skips() {
        let text = table(&sample());
        let line = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(text.find("1 article").unwrap() < text.find("4 data").unwrap());
        let app = line("1 article                                    normal        pressroom ");
        assert!(
            app.contains("110 ms") && app.contains("2.00×") && app.contains("4.00×"),
            "{app}"
        );
        assert!(text.contains("FAILED 1/1: the tab crashed"), "{text}");
        assert!(text.contains("not run: 35 MB at 1.6 Mbps"), "{text}");
        let heap = line("6 heap                                       normal        pressroom ");
        assert!(
            heap.contains("2.5 MB") && !heap.contains('×'),
            "no ratio to a failed anchor: {heap}"
        );
        let shift = line("7 shift                                      normal        pressroom ");
        assert!(
            shift.contains("0.500") && !shift.contains('×'),
            "no ratio of scores: {shift}"
        );
        assert!(
            text.contains("cold loads") && text.contains("12.3 s"),
            "{text}"
        );
    }

    #[test]
    fn json_has_status_and_no_number_for_failures() {
        let results = sample();
        let report = JsonReport::new(&results, "2026-01-01T00:00:00Z".into(), true, 5);
        let json: serde_json::Value = serde_json::to_value(&report).unwrap();
        let points = json["points"].as_array().unwrap();
        assert_eq!(points[0]["status"], "measured");
        assert_eq!(points[0]["ratio_to_baseline"], 2.0);
        let failed = points.iter().find(|p| p["status"] == "failed").unwrap();
        assert!(failed["median"].is_null());
        assert_eq!(failed["failures"][0], "the tab crashed");
    }
}
