//! The scenarios. Each one measures loads or clicks of several readers, alternating the
//! readers run by run ([`crate::schedule`]), every load in a fresh browser context
//! ([`crate::session`]), and records samples or failures into [`Results`].

pub mod cold;
pub mod data_size;
pub mod memory;
pub mod navigation;
pub mod scale;

use std::time::Duration;

use anyhow::Result;

use crate::conditions::Condition;
use crate::probe::{self, Goal, Loaded};
use crate::readers::Served;
use crate::results::{Results, Unit};
use crate::schedule::alternate;
use crate::session::Session;

/// What the scenarios share: the browser, the results, and how many runs to make.
#[derive(Debug)]
pub struct Cx {
    /// The browser.
    pub session: Session,
    /// What was measured so far.
    pub results: Results,
    /// Runs per point (loads) without throttling.
    pub runs: usize,
    /// Runs per point under the mobile condition.
    pub mobile_runs: usize,
    /// Quick mode: fewer repetitions of the long scenarios.
    pub quick: bool,
}

impl Cx {
    /// Runs per point under `condition`.
    pub fn runs(&self, condition: Condition) -> usize {
        match condition {
            Condition::Normal => self.runs,
            Condition::Mobile => self.mobile_runs,
        }
    }
}

/// One page of one reader to load.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The reader.
    pub served: &'a Served,
    /// The path to open.
    pub path: String,
    /// What to wait for.
    pub goal: Goal,
}

/// How long a page may take under `condition`, `base` being enough without throttling.
pub fn limit(condition: Condition, base: Duration) -> Duration {
    match condition {
        Condition::Normal => base,
        Condition::Mobile => base * 4,
    }
}

/// One cold load: a fresh tab under `condition`, `url` opened, the goal awaited.
pub async fn load(
    session: &mut Session,
    condition: Condition,
    url: &str,
    goal: &Goal,
) -> Result<Loaded> {
    session.fresh_tab(condition, &probe::script(goal)?).await?;
    session.goto(url).await?;
    probe::settled(session).await
}

/// `runs` cold loads of each target, alternating; per target, its loads in order.
pub async fn cold_series(
    cx: &mut Cx,
    condition: Condition,
    targets: &[Target<'_>],
    runs: usize,
) -> Vec<Vec<Result<Loaded, String>>> {
    let mut out: Vec<Vec<Result<Loaded, String>>> = targets.iter().map(|_| Vec::new()).collect();
    for slot in alternate(targets.len(), runs) {
        let target = &targets[slot.reader];
        let url = target.served.url(&target.path);
        let loaded = load(&mut cx.session, condition, &url, &target.goal)
            .await
            .map_err(|e| format!("{} {}: {e:#}", target.served.label, target.path));
        if let Err(e) = &loaded {
            println!("    failed: {e}");
        }
        out[slot.reader].push(loaded);
    }
    out
}

/// A measurement that may be missing from a load.
pub fn value(v: Option<f64>, what: &str) -> Result<f64, String> {
    v.ok_or_else(|| format!("the probe did not observe {what}"))
}

/// Records `metric(load)` of every load of `reader` as `scenario`.
pub fn record_each(
    results: &mut Results,
    scenario: &str,
    condition: Condition,
    reader: &str,
    unit: Unit,
    loads: &[Result<Loaded, String>],
    metric: impl Fn(&Loaded) -> Result<f64, String>,
) {
    for load in loads {
        let sample = load.as_ref().map_err(Clone::clone).and_then(&metric);
        results.record(scenario, condition, reader, unit, sample);
    }
}

/// Prints one line about a finished point (progress for the person waiting).
pub fn progress(results: &Results, scenario: &str, condition: Condition) {
    for p in results
        .points
        .iter()
        .filter(|p| p.scenario == scenario && p.condition == condition.name())
    {
        let text = match p.outcome() {
            crate::results::Outcome::Measured(s) => format!(
                "median {} (n={})",
                crate::report::format_value(s.median, p.unit),
                s.n
            ),
            crate::results::Outcome::Failed { failed, of, .. } => format!("FAILED {failed}/{of}"),
            crate::results::Outcome::Skipped(_) => "not run".to_owned(),
        };
        println!("  {scenario} [{}] {}: {text}", condition.name(), p.reader);
    }
}
