//! Evaluating a query on loaded shards: AND of the required terms, OR of a prefix's
//! expansions, minus the excluded groups, then the caller's filter; scored
//! `Σ idf × impact` (`bm25.rs`), best first, ties newer first (higher doc id).
//!
//! Evaluation is pure: the caller loads what [`Meta::missing_files`] lists (directory
//! pages into the meta), then calls [`evaluate`] with a function that returns the loaded
//! shards. A planned shard that is not loaded, or a term whose directory page is not,
//! counts as holding none of its terms.

use std::borrow::Cow;

use super::bm25::idf;
use super::meta::{Meta, ShardRef};
use super::plan::{plan, Located, Plan, MAX_EXPANSIONS};
use super::query::Query;
use super::shard::Shard;
use super::suggest::suggest;
use crate::sort::{sort_by, sort_by_key};

/// One matching document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Its doc id.
    pub doc: u32,
    /// Its score (higher is better).
    pub score: f32,
}

/// What a query found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Every match that passed the filter, best first; equal scores newer first.
    pub hits: Vec<Hit>,
    /// Number of hits (before the caller checks phrases).
    pub total: usize,
    /// The query has phrases of two or more terms: the hits have all their words but
    /// the caller must keep only those where [`Query::phrases_hold`] on their text.
    pub phrases_unchecked: bool,
    /// When nothing matched because a term is unknown: the query with each unknown term
    /// replaced by the nearest indexed word (see `suggest.rs`).
    pub suggestion: Option<String>,
    /// Terms left out to keep the query within its download budget (see `plan.rs`).
    pub dropped: Vec<String>,
}

/// One posting list with how to score it.
struct List<'a> {
    docs: Cow<'a, [u32]>,
    weights: Weights<'a>,
}

enum Weights<'a> {
    Impacts(&'a [u8], f32),
    Scores(Vec<f32>),
}

impl List<'_> {
    fn score(&self, index: usize) -> f32 {
        match &self.weights {
            Weights::Impacts(impacts, idf) => {
                impacts.get(index).map_or(0.0, |&i| f32::from(i) * idf)
            }
            Weights::Scores(scores) => scores.get(index).copied().unwrap_or(0.0),
        }
    }
}

/// What is missing for a query to match: required terms not in their shards, and
/// whether the prefix has no expansion.
pub(crate) struct Unmatched<'q> {
    pub terms: Vec<&'q str>,
    pub prefix: Option<&'q str>,
}

/// Evaluates `query`. `loaded` returns the loaded files (see [`Meta::missing_files`]);
/// `filter`, when given, keeps only the doc ids it accepts (before `total` is counted).
pub fn evaluate<'s>(
    query: &Query,
    meta: &Meta,
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
    filter: Option<&dyn Fn(u32) -> bool>,
) -> Results {
    let mut results = Results {
        phrases_unchecked: query.has_phrases(),
        ..Results::default()
    };
    if query.is_empty() {
        return results;
    }
    let plan = plan(query, meta, loaded(ShardRef::Vocabulary));
    results.dropped = plan.dropped.iter().map(|t| (*t).to_owned()).collect();
    if let Some(missing) = unmatched(&plan, loaded) {
        results.suggestion = suggest(query, &plan, meta, loaded, &missing);
        return results;
    }
    let n = meta.doc_count();
    let mut lists: Vec<List<'s>> = plan
        .required
        .iter()
        .filter_map(|l| find(l, loaded))
        .map(|(shard, i)| list(shard, i, n))
        .collect();
    if let Some(prefix) = &plan.prefix {
        lists.push(prefix_union(
            &expansions(prefix.prefix, &prefix.shards, loaded),
            n,
        ));
    }
    let mut candidates = intersect(lists);
    for group in &plan.excluded {
        exclude(&mut candidates, group, loaded);
    }
    if let Some(keep) = filter {
        candidates.retain(|h| keep(h.doc));
    }
    sort_by(&mut candidates, |a, b| {
        b.score.total_cmp(&a.score).then(b.doc.cmp(&a.doc))
    });
    results.total = candidates.len();
    results.hits = candidates;
    results
}

/// `None` when every required term is in its shard and the prefix has an expansion.
pub(crate) fn unmatched<'q, 's>(
    plan: &Plan<'q>,
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
) -> Option<Unmatched<'q>> {
    let terms: Vec<&str> = plan
        .required
        .iter()
        .filter(|l| find(l, loaded).is_none())
        .map(|l| l.term)
        .collect();
    let prefix = plan
        .prefix
        .as_ref()
        .filter(|p| !p.shards.is_empty() || !plan.needs_vocabulary)
        .filter(|p| expansions(p.prefix, &p.shards, loaded).is_empty())
        .map(|p| p.prefix);
    (!terms.is_empty() || prefix.is_some()).then_some(Unmatched { terms, prefix })
}

/// The loaded shard holding `located`'s term, and the term's index in it.
fn find<'s>(
    located: &Located<'_>,
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
) -> Option<(&'s Shard, usize)> {
    let shard = loaded(ShardRef::Postings(located.shard?))?;
    shard.find(located.term).map(|i| (shard, i))
}

fn list(shard: &Shard, index: usize, n: u32) -> List<'_> {
    let (docs, impacts) = shard.postings(index);
    List {
        docs: Cow::Borrowed(docs),
        weights: Weights::Impacts(impacts, idf(shard.df(index), n)),
    }
}

/// The terms a prefix expands to: from `shards`, those with the highest document
/// frequency (ties in term order), at most [`MAX_EXPANSIONS`].
pub(crate) fn expansions<'s>(
    prefix: &str,
    shards: &[u32],
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
) -> Vec<(&'s Shard, usize)> {
    let mut found: Vec<(&'s Shard, usize)> = shards
        .iter()
        .filter_map(|&s| loaded(ShardRef::Postings(s)))
        .flat_map(|shard| shard.with_prefix(prefix).map(move |i| (shard, i)))
        .collect();
    sort_by(&mut found, |(a, i), (b, j)| {
        b.df(*j)
            .cmp(&a.df(*i))
            .then_with(|| a.term(*i).cmp(b.term(*j)))
    });
    found.truncate(MAX_EXPANSIONS);
    found
}

/// One list of the documents with any of the expansions, each scored by its best one.
fn prefix_union<'s>(expansions: &[(&'s Shard, usize)], n: u32) -> List<'s> {
    let mut all: Vec<(u32, f32)> = Vec::new();
    for &(shard, index) in expansions {
        let list = list(shard, index, n);
        all.extend(
            list.docs
                .iter()
                .enumerate()
                .map(|(i, &d)| (d, list.score(i))),
        );
    }
    sort_by(&mut all, |a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    all.dedup_by_key(|(doc, _)| *doc);
    let (docs, scores): (Vec<u32>, Vec<f32>) = all.into_iter().unzip();
    List {
        docs: Cow::Owned(docs),
        weights: Weights::Scores(scores),
    }
}

/// The documents in every list, with the sum of their scores.
fn intersect(mut lists: Vec<List<'_>>) -> Vec<Hit> {
    sort_by_key(&mut lists, |l| l.docs.len());
    let mut lists = lists.into_iter();
    let Some(first) = lists.next() else {
        return Vec::new();
    };
    let mut hits: Vec<Hit> = first
        .docs
        .iter()
        .enumerate()
        .map(|(i, &doc)| Hit {
            doc,
            score: first.score(i),
        })
        .collect();
    for list in lists {
        let mut from = 0;
        hits.retain_mut(|hit| {
            from += seek(list.docs.get(from..).unwrap_or_default(), hit.doc);
            if list.docs.get(from) == Some(&hit.doc) {
                hit.score += list.score(from);
                from += 1;
                true
            } else {
                false
            }
        });
    }
    hits
}

/// Removes the hits that have every term of `group` (a group with an unknown term
/// removes nothing).
fn exclude<'s>(
    hits: &mut Vec<Hit>,
    group: &[Located<'_>],
    loaded: &dyn Fn(ShardRef) -> Option<&'s Shard>,
) {
    let mut lists = Vec::with_capacity(group.len());
    for located in group {
        let Some((shard, index)) = find(located, loaded) else {
            return;
        };
        lists.push(List {
            docs: Cow::Borrowed(shard.postings(index).0),
            weights: Weights::Scores(Vec::new()),
        });
    }
    let excluded: Vec<u32> = intersect(lists).into_iter().map(|h| h.doc).collect();
    let mut from = 0;
    hits.retain(|hit| {
        from += seek(excluded.get(from..).unwrap_or_default(), hit.doc);
        excluded.get(from) != Some(&hit.doc)
    });
}

/// The index of the first doc >= `target` in ascending `docs` (its length when none),
/// by galloping: cheap when the target is near, logarithmic when far.
fn seek(docs: &[u32], target: u32) -> usize {
    let mut bound = 1;
    while docs.get(bound - 1).is_some_and(|&d| d < target) {
        bound *= 2;
    }
    let low = bound / 2;
    let high = bound.min(docs.len());
    low + docs
        .get(low..high)
        .unwrap_or_default()
        .partition_point(|&d| d < target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seek_finds_the_first_doc_not_below_the_target() {
        let docs: Vec<u32> = (0..100).map(|d| d * 3).collect();
        for target in 0..310 {
            assert_eq!(
                seek(&docs, target),
                docs.partition_point(|&d| d < target),
                "{target}"
            );
        }
        assert_eq!(seek(&[], 5), 0);
    }

    #[test]
    fn intersection_adds_scores_of_common_docs() {
        let a = List {
            docs: Cow::Owned(vec![1, 3, 5, 7]),
            weights: Weights::Scores(vec![1.0; 4]),
        };
        let b = List {
            docs: Cow::Owned(vec![3, 7, 9]),
            weights: Weights::Scores(vec![2.0; 3]),
        };
        let hits = intersect(vec![a, b]);
        assert_eq!(
            hits,
            [Hit { doc: 3, score: 3.0 }, Hit { doc: 7, score: 3.0 }]
        );
        assert!(intersect(Vec::new()).is_empty());
    }
}
