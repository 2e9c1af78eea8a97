//! BM25F scoring, split between index time and query time.
//!
//! At index time each posting gets an *impact*: the BM25F term-frequency part
//! `w = tf / (k1 + tf)` with `tf = Σ_field weight × tf_field / (1 − b + b × len_field / avg_len_field)`,
//! quantized to `1..=255`. At query time a document's score is `Σ idf(term) × impact`, with
//! `idf = ln(1 + (N − df + 0.5) / (df + 0.5))`. So the index needs no field lengths at
//! query time and a term costs one byte a posting.
//!
//! While building, a posting's per-field term frequencies are packed into one `u32`, six
//! bits a field (saturating at 63: BM25 has flattened out long before).

/// The fields of a release, in the order of their slots in a packed `u32`.
pub const FIELDS: usize = 5;
/// Slot of the title.
pub const TITLE: usize = 0;
/// Slot of the tags.
pub const TAGS: usize = 1;
/// Slot of the source's name.
pub const SOURCE: usize = 2;
/// Slot of the summary.
pub const SUMMARY: usize = 3;
/// Slot of the body.
pub const BODY: usize = 4;

const BITS: usize = 6;
const MASK: u32 = (1 << BITS) - 1;

/// BM25F's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Weight of each field, by slot: title, tags, source, summary, body.
    pub weights: [f32; FIELDS],
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation, the same for every field.
    pub b: f32,
}

impl Default for Bm25 {
    /// Title 4, tags 2, source 2, summary 1.5, body 1; k1 = 1.2, b = 0.75.
    fn default() -> Self {
        Self {
            weights: [4.0, 2.0, 2.0, 1.5, 1.0],
            k1: 1.2,
            b: 0.75,
        }
    }
}

/// One more occurrence in `field` (saturating).
pub fn count(packed: u32, field: usize) -> u32 {
    let shift = field * BITS;
    if (packed >> shift) & MASK < MASK {
        packed + (1 << shift)
    } else {
        packed
    }
}

/// Occurrences in `field`.
pub fn frequency(packed: u32, field: usize) -> u32 {
    (packed >> (field * BITS)) & MASK
}

impl Bm25 {
    /// The quantized impact of a posting with term frequencies `packed` in a document
    /// whose fields have `lengths` tokens, given the average lengths.
    pub fn impact(&self, packed: u32, lengths: &[u32; FIELDS], averages: &[f32; FIELDS]) -> u8 {
        let mut tf = 0.0f32;
        for field in 0..FIELDS {
            let n = frequency(packed, field);
            if n == 0 {
                continue;
            }
            let (len, avg) = (lengths[field] as f32, averages[field]);
            let ratio = if avg > 0.0 { len / avg } else { 1.0 };
            let norm = (1.0 - self.b + self.b * ratio).max(f32::EPSILON);
            tf += self.weights[field].max(0.0) * n as f32 / norm;
        }
        let w = tf / (self.k1.max(f32::EPSILON) + tf);
        (w * 255.0).round().clamp(1.0, 255.0) as u8
    }
}

/// The inverse document frequency of a term in `df` of `n` documents (never negative).
pub fn idf(df: u32, n: u32) -> f32 {
    let (df, n) = (df as f32, n.max(df) as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_counts_per_field_and_saturates() {
        let mut p = 0;
        p = count(p, TITLE);
        p = count(p, BODY);
        p = count(p, BODY);
        assert_eq!(
            (frequency(p, TITLE), frequency(p, BODY), frequency(p, TAGS)),
            (1, 2, 0)
        );
        for _ in 0..100 {
            p = count(p, BODY);
        }
        assert_eq!(frequency(p, BODY), 63);
        assert_eq!(frequency(p, TITLE), 1, "saturation does not spill over");
    }

    #[test]
    fn a_title_match_outweighs_a_body_match_and_more_is_more() {
        let bm = Bm25::default();
        let lengths = [8, 2, 2, 20, 300];
        let averages = [8.0, 2.0, 2.0, 20.0, 300.0];
        let title = bm.impact(count(0, TITLE), &lengths, &averages);
        let body = bm.impact(count(0, BODY), &lengths, &averages);
        let body_twice = bm.impact(count(count(0, BODY), BODY), &lengths, &averages);
        assert!(
            title > body_twice && body_twice > body,
            "{title} {body_twice} {body}"
        );
        let long = [8, 2, 2, 20, 3000];
        assert!(
            bm.impact(count(0, BODY), &long, &averages) < body,
            "long bodies weigh less"
        );
    }

    #[test]
    fn idf_falls_with_df_and_stays_finite() {
        assert!(idf(1, 1000) > idf(10, 1000));
        assert!(idf(1000, 1000) > 0.0);
        assert!(idf(5000, 1000).is_finite() && idf(0, 0).is_finite());
    }
}
