//! Which files a query needs: the same plan is made when the caller asks what to load
//! ([`Meta::missing_files`]) and when it evaluates, so both agree, and it depends only on
//! the query, the meta file and the vocabulary, so every layout gives the same results.
//!
//! - Each required or excluded term needs the shard whose range holds it.
//! - A prefix whose range spans at most [`PREFIX_RANGE_SHARDS`] shards needs them all.
//!   A wider one (a short prefix such as `g`) needs the vocabulary first; then the shards
//!   of its most frequent vocabulary terms with that prefix, at most
//!   [`PREFIX_VOCABULARY_SHARDS`] of them.
//! - Budget: when the shards add up to more than the meta's budget, the terms in the
//!   largest shards are dropped (those are the densest terms: they filter least and
//!   weigh least), never the last required one; excluded groups go first. The dropped
//!   terms are reported in [`Results::dropped`](super::Results::dropped).
//! - Did you mean: when a required term or the prefix matches nothing in its (loaded)
//!   shard, the vocabulary is needed too (see `suggest.rs`).

use super::meta::{Meta, ShardRef};
use super::query::Query;
use super::shard::Shard;

/// A prefix spanning at most this many shards loads them all.
pub const PREFIX_RANGE_SHARDS: u32 = 2;

/// A wider prefix loads at most this many shards, chosen with the vocabulary.
pub const PREFIX_VOCABULARY_SHARDS: usize = 3;

/// Most terms a prefix expands to (those of highest document frequency).
pub const MAX_EXPANSIONS: usize = 50;

/// A term and the shard whose range holds it (`None` in an empty index).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located<'q> {
    pub term: &'q str,
    pub shard: Option<u32>,
}

/// The prefix and the shards its expansion is taken from.
#[derive(Debug, Clone)]
pub(crate) struct PrefixPlan<'q> {
    pub prefix: &'q str,
    pub shards: Vec<u32>,
}

/// What a query loads and uses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan<'q> {
    pub required: Vec<Located<'q>>,
    pub dropped: Vec<&'q str>,
    pub prefix: Option<PrefixPlan<'q>>,
    pub excluded: Vec<Vec<Located<'q>>>,
    /// The prefix is too wide to plan without the vocabulary, which is not loaded.
    pub needs_vocabulary: bool,
}

impl Plan<'_> {
    /// The shards the plan reads, sorted, without repeats.
    pub fn shards(&self) -> Vec<u32> {
        let required = self.required.iter().filter_map(|l| l.shard);
        let excluded = self.excluded.iter().flatten().filter_map(|l| l.shard);
        let prefix = self.prefix.iter().flat_map(|p| p.shards.iter().copied());
        let mut shards: Vec<u32> = required.chain(excluded).chain(prefix).collect();
        shards.sort_unstable();
        shards.dedup();
        shards
    }

    fn cost_kib(&self, meta: &Meta) -> u64 {
        self.shards()
            .into_iter()
            .filter_map(|s| meta.file(ShardRef::Postings(s)))
            .map(|f| u64::from(f.kib))
            .sum()
    }
}

/// Plans `query` on `meta`, with the vocabulary if it is loaded.
pub(crate) fn plan<'q>(query: &'q Query, meta: &Meta, vocabulary: Option<&Shard>) -> Plan<'q> {
    let locate = |term: &'q str| Located {
        term,
        shard: meta.shard_of(term),
    };
    let mut plan = Plan {
        required: query.required().into_iter().map(locate).collect(),
        excluded: query
            .excluded_groups()
            .into_iter()
            .map(|group| group.iter().map(|t| locate(t.as_str())).collect())
            .collect(),
        ..Plan::default()
    };
    if let Some(prefix) = query.prefix() {
        match prefix_shards(prefix, meta, vocabulary) {
            Some(shards) => plan.prefix = Some(PrefixPlan { prefix, shards }),
            None => {
                plan.needs_vocabulary = true;
                plan.prefix = Some(PrefixPlan {
                    prefix,
                    shards: Vec::new(),
                });
            }
        }
    }
    keep_to_budget(&mut plan, meta);
    plan
}

/// The shards a prefix's expansion comes from; `None` when the vocabulary is needed.
fn prefix_shards(prefix: &str, meta: &Meta, vocabulary: Option<&Shard>) -> Option<Vec<u32>> {
    let range = meta.prefix_shards(prefix);
    if range.end - range.start <= PREFIX_RANGE_SHARDS {
        return Some(range.collect());
    }
    let vocabulary = vocabulary?;
    let mut candidates: Vec<(u32, &str)> = vocabulary
        .with_prefix(prefix)
        .map(|i| (vocabulary.df(i), vocabulary.term(i)))
        .collect();
    candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut shards: Vec<u32> = Vec::new();
    for (_, term) in candidates.into_iter().take(MAX_EXPANSIONS) {
        if let Some(shard) = meta.shard_of(term) {
            if !shards.contains(&shard) && shards.len() < PREFIX_VOCABULARY_SHARDS {
                shards.push(shard);
            }
        }
    }
    if shards.is_empty() {
        shards = range.take(PREFIX_RANGE_SHARDS as usize).collect();
    }
    Some(shards)
}

/// Drops the excluded group or required term with the largest shard (an excluded group
/// first on a tie, never the last required term), then prefix shards, until the plan fits
/// the meta's budget.
fn keep_to_budget(plan: &mut Plan<'_>, meta: &Meta) {
    let budget = u64::from(meta.budget_kib());
    let kib = |l: &Located<'_>| {
        l.shard
            .and_then(|s| meta.file(ShardRef::Postings(s)))
            .map_or(0, |f| f.kib)
    };
    while plan.cost_kib(meta) > budget {
        let group = plan
            .excluded
            .iter()
            .enumerate()
            .map(|(i, g)| (g.iter().map(kib).max().unwrap_or(0), i))
            .max();
        let positives = plan.required.len() + usize::from(plan.prefix.is_some());
        let term = plan
            .required
            .iter()
            .enumerate()
            .map(|(i, l)| (kib(l), i))
            .max()
            .filter(|_| positives > 1);
        match (group, term) {
            (Some((g, i)), t) if t.is_none_or(|(t, _)| g >= t) => {
                let dropped = plan.excluded.remove(i);
                plan.dropped.extend(dropped.iter().map(|l| l.term));
            }
            (_, Some((_, i))) => {
                let dropped = plan.required.remove(i);
                plan.dropped.push(dropped.term);
            }
            _ => match plan.prefix.as_mut().filter(|p| p.shards.len() > 1) {
                Some(p) => {
                    p.shards.pop();
                }
                None => return,
            },
        }
    }
}

impl Meta {
    /// The files a first evaluation of `query` needs (nothing loaded yet).
    pub fn shards_for(&self, query: &Query) -> Vec<ShardRef> {
        self.missing_files(query, |_| None)
    }

    /// The files `query` still needs, given what `loaded` has. Load them and ask again
    /// until this is empty (at most three rounds: the vocabulary can be needed to plan a
    /// short prefix, and again for "did you mean" once the shards show a term is unknown);
    /// then [`evaluate`](super::evaluate).
    pub fn missing_files<'s>(
        &self,
        query: &Query,
        loaded: impl Fn(ShardRef) -> Option<&'s Shard>,
    ) -> Vec<ShardRef> {
        if query.is_empty() {
            return Vec::new();
        }
        let vocabulary = loaded(ShardRef::Vocabulary);
        let plan = plan(query, self, vocabulary);
        let mut files: Vec<ShardRef> = plan.shards().into_iter().map(ShardRef::Postings).collect();
        let all_loaded = files.iter().all(|&f| loaded(f).is_some());
        let wants_suggestion = all_loaded && super::eval::unmatched(&plan, &loaded).is_some();
        if plan.needs_vocabulary || wants_suggestion {
            files.push(ShardRef::Vocabulary);
        }
        files.retain(|&f| loaded(f).is_none());
        files
    }
}
