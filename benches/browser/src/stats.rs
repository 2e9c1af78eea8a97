//! Order statistics of a set of samples: median and 75th percentile (linear interpolation
//! between closest ranks, as numpy's default), plus count, min and max.

use serde::Serialize;

/// A summary of the samples of one measured point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Number of samples.
    pub n: usize,
    /// The median.
    pub median: f64,
    /// The 75th percentile.
    pub p75: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

/// The `q`-quantile (0 ≤ q ≤ 1) of sorted samples; `None` when there are none.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = q.clamp(0.0, 1.0) * last as f64;
    let below = rank.floor() as usize;
    let above = rank.ceil() as usize;
    let (low, high) = (*sorted.get(below)?, *sorted.get(above)?);
    Some(low + (high - low) * (rank - below as f64))
}

/// The summary of `samples` (NaNs are ignored); `None` when there are none.
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    Some(Summary {
        n: sorted.len(),
        median: quantile(&sorted, 0.5)?,
        p75: quantile(&sorted, 0.75)?,
        min: *sorted.first()?,
        max: *sorted.last()?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p75_of_odd_and_even_counts() {
        let s = summarize(&[5.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!(
            (s.n, s.median, s.p75, s.min, s.max),
            (5, 3.0, 4.0, 1.0, 5.0)
        );
        let s = summarize(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert_eq!(s.p75, 3.25);
    }

    #[test]
    fn one_sample_and_none() {
        let s = summarize(&[7.0]).unwrap();
        assert_eq!((s.median, s.p75), (7.0, 7.0));
        assert!(summarize(&[]).is_none());
        assert!(summarize(&[f64::NAN]).is_none());
    }

    #[test]
    fn quantile_interpolates() {
        let sorted = [10.0, 20.0, 30.0];
        assert_eq!(quantile(&sorted, 0.0), Some(10.0));
        assert_eq!(quantile(&sorted, 0.25), Some(15.0));
        assert_eq!(quantile(&sorted, 1.0), Some(30.0));
    }
}
