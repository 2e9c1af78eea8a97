//! "Did you mean": when a query matches nothing because a term is unknown, each unknown
//! term is replaced by the nearest indexed word.
//!
//! Candidates are the terms of the unknown term's own shard (already loaded: it showed the
//! term is missing, and it holds the alphabetically close words) and of the vocabulary
//! (the most frequent words, loaded for this). Nearest: the smallest Damerau–Levenshtein
//! distance (optimal string alignment), at most 1 for words of up to 4 characters and 2
//! for longer ones; then the highest document frequency; then byte order. A prefix being
//! typed is compared with the candidates' beginnings, and the whole word is suggested.
//! CJK terms, numbers and words shorter than 3 characters get no suggestion.

use super::eval::Unmatched;
use super::meta::{Meta, ShardRef};
use super::plan::Plan;
use super::query::Query;
use super::shard::Shard;
use super::tokenize::is_cjk_term;

/// The corrected query, or `None` when no unknown term has a near word.
pub(crate) fn suggest<'s>(
    query: &Query,
    plan: &Plan<'_>,
    meta: &Meta,
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
    unmatched: &Unmatched<'_>,
) -> Option<String> {
    let vocabulary = loaded(ShardRef::Vocabulary);
    let mut fixes: Vec<(&str, String)> = Vec::new();
    for &term in &unmatched.terms {
        let own = meta
            .shard_of(term)
            .and_then(|s| loaded(ShardRef::Postings(s)));
        let sources: Vec<&Shard> = own.into_iter().chain(vocabulary).collect();
        if let Some(word) = nearest(term, false, &sources) {
            fixes.push((term, word));
        }
    }
    if let (Some(prefix), Some(planned)) = (unmatched.prefix, &plan.prefix) {
        let own = planned
            .shards
            .iter()
            .filter_map(|&s| loaded(ShardRef::Postings(s)));
        let sources: Vec<&Shard> = own.chain(vocabulary).collect();
        if let Some(word) = nearest(prefix, true, &sources) {
            fixes.push((prefix, word));
        }
    }
    if fixes.is_empty() {
        return None;
    }
    let replace = |term: &str| {
        fixes
            .iter()
            .find(|(t, _)| *t == term)
            .map(|(_, w)| w.clone())
    };
    Some(query.render_with(&replace))
}

/// The nearest term to `term` in `sources` (see the module's rules).
pub(crate) fn nearest(term: &str, prefix: bool, sources: &[&Shard]) -> Option<String> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() < 3 || is_cjk_term(term) || chars.iter().all(char::is_ascii_digit) {
        return None;
    }
    let limit = if chars.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, std::cmp::Reverse<u32>, &str)> = None;
    let mut candidate: Vec<char> = Vec::new();
    for shard in sources {
        for (index, word) in shard.terms().enumerate() {
            if word == term {
                continue;
            }
            candidate.clear();
            candidate.extend(word.chars().take(if prefix {
                chars.len() + limit
            } else {
                usize::MAX
            }));
            if !prefix && candidate.len().abs_diff(chars.len()) > limit {
                continue;
            }
            let Some(distance) = distance(&chars, &candidate, prefix, limit) else {
                continue;
            };
            let key = (distance, std::cmp::Reverse(shard.df(index)), word);
            if best.as_ref().is_none_or(|b| key < *b) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, word)| word.to_owned())
}

/// The optimal-string-alignment distance from `a` to `b` (to the nearest beginning of
/// `b` when `prefix`), if it is at most `limit`.
fn distance(a: &[char], b: &[char], prefix: bool, limit: usize) -> Option<usize> {
    let row = osa_last_row(a, b);
    let found = if prefix {
        let low = a.len().saturating_sub(limit);
        row.get(low..).and_then(|tail| tail.iter().min().copied())
    } else {
        row.last().copied()
    };
    found.filter(|&d| d <= limit)
}

/// The last row of the optimal-string-alignment table: the distance from all of `a` to
/// each beginning of `b` (`b[..0]`, `b[..1]`, …).
fn osa_last_row(a: &[char], b: &[char]) -> Vec<usize> {
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            let transposed =
                i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if transposed {
                d = d.min(before[j - 1] + 1);
            }
            current[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::shard::encode_vocabulary;

    fn dist(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        *osa_last_row(&a, &b).last().unwrap()
    }

    #[test]
    fn distances() {
        assert_eq!(dist("goverment", "government"), 1);
        assert_eq!(
            dist("minsitry", "ministry"),
            1,
            "a transposition is one edit"
        );
        assert_eq!(dist("kitten", "sitting"), 3);
        assert_eq!(dist("", "abc"), 3);
        assert_eq!(dist("abc", ""), 3);
        assert_eq!(dist("café", "cafe"), 1);
    }

    #[test]
    fn nearest_prefers_distance_then_frequency() {
        let vocab = Shard::decode(&encode_vocabulary(&[
            ("budget", 3),
            ("govern", 1),
            ("government", 10),
            ("governments", 50),
        ]))
        .unwrap();
        assert_eq!(
            nearest("goverment", false, &[&vocab]).as_deref(),
            Some("government")
        );
        assert_eq!(
            nearest("goverments", false, &[&vocab]).as_deref(),
            Some("governments")
        );
        assert_eq!(
            nearest("budgte", false, &[&vocab]).as_deref(),
            Some("budget")
        );
        assert_eq!(nearest("zzzzzz", false, &[&vocab]), None);
        assert_eq!(nearest("gp", false, &[&vocab]), None, "too short");
        assert_eq!(
            nearest("govren", true, &[&vocab]).as_deref(),
            Some("governments")
        );
    }
}
