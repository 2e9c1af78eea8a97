//! Which files a query needs: the same plan is made when the caller asks what to load
//! ([`Meta::missing_files`]) and when it evaluates, so both agree, and once its directory
//! pages are loaded it depends only on the query, the directory and the vocabulary, so
//! every layout gives the same results.
//!
//! - Directory pages come first: a term's shard, and that shard's size and name, are in
//!   the directory page that lists it (`directory.rs`), found from the meta alone. While a
//!   page the plan needs is not loaded, its terms have no shard and the caller is asked
//!   for the pages only (with the vocabulary when it is sure to be needed).
//! - Each required or excluded term needs the shard whose range holds it.
//! - A prefix whose range spans at most [`PREFIX_RANGE_SHARDS`] shards needs them all;
//!   the range is told by the pages of its first and last shards. A wider one (a short
//!   prefix such as `g`) needs the vocabulary first; then the pages of its most frequent
//!   vocabulary terms with that prefix, and the shards of those terms, at most
//!   [`PREFIX_VOCABULARY_SHARDS`] of them.
//! - Budget: when the shards add up to more than the meta's budget, the terms in the
//!   largest shards are dropped (those are the densest terms: they filter least and
//!   weigh least), never the last required one; excluded groups go first. The dropped
//!   terms are reported in [`Results::dropped`](super::Results::dropped). Directory pages
//!   are outside the budget: about 1.7 KB gzip each, at most one a term and six for a
//!   prefix.
//! - Did you mean: when a required term or the prefix matches nothing in its (loaded)
//!   shard, the vocabulary is needed too (see `suggest.rs`).
//!
//! So a query loads in at most [`MAX_LOAD_ROUNDS`] rounds after the meta: pages, shards,
//! then the vocabulary for "did you mean"; or for a wide prefix: pages, the vocabulary
//! (with the terms' shards), the pages of the prefix's terms, their shards.

use super::meta::{Meta, ShardRef};
use super::query::Query;
use super::shard::Shard;
use crate::sort::sort_by;

/// A prefix spanning at most this many shards loads them all.
pub const PREFIX_RANGE_SHARDS: u32 = 2;

/// A wider prefix loads at most this many shards, chosen with the vocabulary.
pub const PREFIX_VOCABULARY_SHARDS: usize = 3;

/// Most terms a prefix expands to (those of highest document frequency).
pub const MAX_EXPANSIONS: usize = 50;

/// Most rounds of [`Meta::missing_files`] a query needs (after the meta) before nothing
/// is missing: a caller that loads what it lists this many times can evaluate.
pub const MAX_LOAD_ROUNDS: usize = 4;

/// A term and the shard whose range holds it (`None` in an empty index, or while the
/// directory page listing it is not loaded).
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
    /// Directory pages the plan needs that are not loaded (sorted, without repeats);
    /// while there are some, the plan is not final and the budget is not applied.
    pub pages: Vec<u32>,
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

/// Where a prefix's expansion comes from, as far as the loaded files tell.
enum PrefixShards {
    Known(Vec<u32>),
    NeedsVocabulary,
    NeedsPages(Vec<u32>),
}

/// Plans `query` on `meta` (and its loaded pages), with the vocabulary if it is loaded.
pub(crate) fn plan<'q>(query: &'q Query, meta: &Meta, vocabulary: Option<&Shard>) -> Plan<'q> {
    let mut pages = Vec::new();
    let mut locate = |term: &'q str| Located {
        term,
        shard: meta.locate(term).unwrap_or_else(|page| {
            pages.push(page);
            None
        }),
    };
    let required = query.required().into_iter().map(&mut locate).collect();
    let excluded = query
        .excluded_groups()
        .into_iter()
        .map(|group| group.iter().map(|t| locate(t.as_str())).collect())
        .collect();
    let mut plan = Plan {
        required,
        excluded,
        pages,
        ..Plan::default()
    };
    if let Some(prefix) = query.prefix() {
        let shards = match prefix_shards(prefix, meta, vocabulary) {
            PrefixShards::Known(shards) => shards,
            PrefixShards::NeedsVocabulary => {
                plan.needs_vocabulary = true;
                Vec::new()
            }
            PrefixShards::NeedsPages(pages) => {
                plan.pages.extend(pages);
                Vec::new()
            }
        };
        plan.prefix = Some(PrefixPlan { prefix, shards });
    }
    if plan.pages.is_empty() {
        plan.pages = unlisted_shard_pages(&plan, meta);
    }
    plan.pages.sort_unstable();
    plan.pages.dedup();
    if plan.pages.is_empty() {
        keep_to_budget(&mut plan, meta);
    }
    plan
}

/// The pages (not loaded) of planned shards whose size and hash are not known: a prefix's
/// first shards can be on the page after the one that located them.
fn unlisted_shard_pages(plan: &Plan<'_>, meta: &Meta) -> Vec<u32> {
    plan.shards()
        .into_iter()
        .map(|s| meta.page_of_shard(s))
        .filter(|&n| n < meta.page_count() && meta.page(n).is_none())
        .collect()
}

/// The shards a prefix's expansion comes from, or what is needed to know them.
fn prefix_shards(prefix: &str, meta: &Meta, vocabulary: Option<&Shard>) -> PrefixShards {
    let range = match meta.prefix_range(prefix) {
        Ok(range) => range,
        Err(pages) => return PrefixShards::NeedsPages(pages),
    };
    if range.end - range.start <= PREFIX_RANGE_SHARDS {
        return PrefixShards::Known(range.collect());
    }
    let Some(vocabulary) = vocabulary else {
        return PrefixShards::NeedsVocabulary;
    };
    let mut candidates: Vec<(u32, &str)> = vocabulary
        .with_prefix(prefix)
        .map(|i| (vocabulary.df(i), vocabulary.term(i)))
        .collect();
    sort_by(&mut candidates, |a, b| {
        b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
    });
    // The first shards of distinct terms, in that order. A page not loaded lists at
    // least one new shard (the next term's), so counting it as one stops early enough.
    let (mut shards, mut pages): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for (_, term) in candidates.into_iter().take(MAX_EXPANSIONS) {
        if shards.len() + pages.len() >= PREFIX_VOCABULARY_SHARDS {
            break;
        }
        match meta.locate(term) {
            Ok(Some(shard)) if !shards.contains(&shard) => shards.push(shard),
            Err(page) if !pages.contains(&page) => pages.push(page),
            _ => {}
        }
    }
    if !pages.is_empty() {
        return PrefixShards::NeedsPages(pages);
    }
    if shards.is_empty() {
        shards = range.take(PREFIX_RANGE_SHARDS as usize).collect();
    }
    PrefixShards::Known(shards)
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
    /// The files a first evaluation of `query` needs (no shard loaded yet).
    pub fn shards_for(&self, query: &Query) -> Vec<ShardRef> {
        self.missing_files(query, |_| None)
    }

    /// The files `query` still needs, given the directory pages added to the meta and
    /// the shards and vocabulary `loaded` has. Load them (add pages with
    /// [`Meta::add_page`], keep the others for `loaded`) and ask again until this is
    /// empty, at most [`MAX_LOAD_ROUNDS`] times; then [`evaluate`](super::evaluate).
    /// Directory pages are listed alone, before the shards they lead to.
    pub fn missing_files<'s>(
        &self,
        query: &Query,
        loaded: impl Fn(ShardRef) -> Option<&'s Shard>,
    ) -> Vec<ShardRef> {
        if query.is_empty() {
            return Vec::new();
        }
        let plan = plan(query, self, loaded(ShardRef::Vocabulary));
        let mut files: Vec<ShardRef> = if plan.pages.is_empty() {
            plan.shards().into_iter().map(ShardRef::Postings).collect()
        } else {
            plan.pages
                .iter()
                .copied()
                .map(ShardRef::Directory)
                .collect()
        };
        let complete = plan.pages.is_empty() && files.iter().all(|&f| loaded(f).is_some());
        let wants_suggestion = complete && super::eval::unmatched(&plan, &loaded).is_some();
        if plan.needs_vocabulary || wants_suggestion {
            files.push(ShardRef::Vocabulary);
        }
        files.retain(|&f| match f {
            ShardRef::Directory(n) => self.page(n).is_none(),
            _ => loaded(f).is_none(),
        });
        files
    }
}
