//! What was measured: one [`Point`] per (scenario, condition, reader), holding every
//! sample and every failure, and the wall time of each scenario. A point with any failed
//! sample is failed as a whole: the report never shows a number for it.

use serde::Serialize;

use crate::conditions::Condition;
use crate::stats::{summarize, Summary};

/// The unit of a point's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// Milliseconds.
    #[serde(rename = "ms")]
    Ms,
    /// Bytes.
    #[serde(rename = "bytes")]
    Bytes,
    /// A score without a unit (cumulative layout shift).
    #[serde(rename = "score")]
    Score,
}

/// The samples of one measured point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// What is measured, e.g. `1 article: title+body painted`.
    pub scenario: String,
    /// The condition's name.
    pub condition: &'static str,
    /// The reader's name.
    pub reader: String,
    /// The samples' unit.
    pub unit: Unit,
    /// The samples.
    pub samples: Vec<f64>,
    /// Why samples failed.
    pub failures: Vec<String>,
    /// Why the point was not measured at all.
    pub skipped: Option<String>,
}

/// How a point came out.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every sample was measured.
    Measured(Summary),
    /// `failed` of `of` samples failed; the first reason.
    Failed {
        /// Failed samples.
        failed: usize,
        /// All attempts.
        of: usize,
        /// The first failure.
        reason: String,
    },
    /// Not measured, and why.
    Skipped(String),
}

impl Point {
    /// The point's outcome.
    pub fn outcome(&self) -> Outcome {
        if let Some(why) = &self.skipped {
            return Outcome::Skipped(why.clone());
        }
        if let Some(reason) = self.failures.first() {
            return Outcome::Failed {
                failed: self.failures.len(),
                of: self.failures.len() + self.samples.len(),
                reason: reason.clone(),
            };
        }
        match summarize(&self.samples) {
            Some(summary) => Outcome::Measured(summary),
            None => Outcome::Failed {
                failed: 0,
                of: 0,
                reason: "no sample was taken".to_owned(),
            },
        }
    }
}

/// The wall time of one scenario under one condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wall {
    /// The scenario group.
    pub scenario: String,
    /// The condition's name.
    pub condition: &'static str,
    /// Seconds.
    pub secs: f64,
}

/// Everything measured, in the order it was measured.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The points.
    pub points: Vec<Point>,
    /// Wall times.
    pub walls: Vec<Wall>,
}

impl Results {
    fn point(
        &mut self,
        scenario: &str,
        condition: Condition,
        reader: &str,
        unit: Unit,
    ) -> &mut Point {
        let at = self.points.iter().position(|p| {
            p.scenario == scenario && p.condition == condition.name() && p.reader == reader
        });
        let at = at.unwrap_or_else(|| {
            self.points.push(Point {
                scenario: scenario.to_owned(),
                condition: condition.name(),
                reader: reader.to_owned(),
                unit,
                samples: Vec::new(),
                failures: Vec::new(),
                skipped: None,
            });
            self.points.len() - 1
        });
        &mut self.points[at]
    }

    /// Records one sample, or why it failed.
    pub fn record(
        &mut self,
        scenario: &str,
        condition: Condition,
        reader: &str,
        unit: Unit,
        sample: Result<f64, String>,
    ) {
        let point = self.point(scenario, condition, reader, unit);
        match sample {
            Ok(value) if value.is_finite() => point.samples.push(value),
            Ok(value) => point.failures.push(format!("not a number: {value}")),
            Err(reason) => point.failures.push(reason),
        }
    }

    /// Records that a point is not measured, and why.
    pub fn skip(
        &mut self,
        scenario: &str,
        condition: Condition,
        reader: &str,
        unit: Unit,
        why: &str,
    ) {
        self.point(scenario, condition, reader, unit).skipped = Some(why.to_owned());
    }

    /// Records a scenario's wall time.
    pub fn wall(&mut self, scenario: &str, condition: Condition, secs: f64) {
        self.walls.push(Wall {
            scenario: scenario.to_owned(),
            condition: condition.name(),
            secs,
        });
    }

    /// Whether any point failed.
    pub fn any_failed(&self) -> bool {
        self.points
            .iter()
            .any(|p| matches!(p.outcome(), Outcome::Failed { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_failed_sample_fails_the_point() {
        let mut results = Results::default();
        let n = Condition::Normal;
        results.record("s", n, "a", Unit::Ms, Ok(1.0));
        results.record("s", n, "a", Unit::Ms, Err("timed out".into()));
        results.record("s", n, "a", Unit::Ms, Ok(3.0));
        results.record("s", n, "b", Unit::Ms, Ok(2.0));
        assert_eq!(results.points.len(), 2);
        assert_eq!(
            results.points[0].outcome(),
            Outcome::Failed {
                failed: 1,
                of: 3,
                reason: "timed out".into()
            }
        );
        assert!(matches!(results.points[1].outcome(), Outcome::Measured(s) if s.median == 2.0));
        assert!(results.any_failed());
    }

    #[test]
    fn nan_is_a_failure_and_skips_are_kept() {
        let mut results = Results::default();
        let m = Condition::Mobile;
        results.record("s", m, "a", Unit::Ms, Ok(f64::NAN));
        results.skip("t", m, "a", Unit::Ms, "too slow");
        assert!(matches!(
            results.points[0].outcome(),
            Outcome::Failed { .. }
        ));
        assert_eq!(
            results.points[1].outcome(),
            Outcome::Skipped("too slow".into())
        );
    }
}
