//! Related releases: up to [`RELATED_LIMIT`] earlier releases that share tags or the
//! source with one release, chosen from metadata alone (no body is read). The viewer, the
//! pre-renderer and the sharded archive's writer all use [`RelatedIndex`], so they choose
//! the same ones.
//!
//! Only earlier releases are candidates ("earlier coverage", as news sites link it): a
//! release's choice never changes when newer ones are published, so publishing one
//! release rewrites no older archive pack or page.
//!
//! Score: 2 per shared tag (tags compare case-insensitively), 1 for the same source (by
//! name); a release with score 0 is never related. Ties go to the nearer in time (the
//! newer): a total order, so the choice never depends on the input's order.
//!
//! Candidates are the [`WINDOW`] latest earlier releases in each of the release's tags and
//! its source, so a choice costs the same in an archive of 100,000 releases as in one of
//! 100 (a tag on every release would otherwise make it quadratic).

use std::collections::{BTreeSet, HashMap};

/// How many related releases an article shows.
pub const RELATED_LIMIT: usize = 3;

/// How many earlier releases are candidates, per tag and source.
pub const WINDOW: usize = 64;

/// What the choice reads of a release.
#[derive(Debug, Clone, Copy)]
pub struct RelatedKey<'a> {
    /// Its tags.
    pub tags: &'a [String],
    /// Its source's name.
    pub source: &'a str,
}

/// Releases by tag and by source, in chronological order (positions).
#[derive(Debug, Clone, Default)]
pub struct RelatedIndex {
    tags: Vec<Vec<String>>,
    sources: Vec<String>,
    by_tag: HashMap<String, Vec<usize>>,
    by_source: HashMap<String, Vec<usize>>,
}

impl RelatedIndex {
    /// The index of releases given in chronological order (oldest first).
    pub fn new<'a>(keys: impl IntoIterator<Item = RelatedKey<'a>>) -> Self {
        let mut index = Self::default();
        for (position, key) in keys.into_iter().enumerate() {
            let mut tags: Vec<String> = key.tags.iter().map(|t| t.to_lowercase()).collect();
            crate::sort::sort_by(&mut tags, Ord::cmp);
            tags.dedup();
            for tag in &tags {
                index.by_tag.entry(tag.clone()).or_default().push(position);
            }
            if !key.source.is_empty() {
                let postings = index.by_source.entry(key.source.to_owned()).or_default();
                postings.push(position);
            }
            index.tags.push(tags);
            index.sources.push(key.source.to_owned());
        }
        index
    }

    /// The positions of up to `limit` releases related to the one at `target`, best first.
    pub fn related(&self, target: usize, limit: usize) -> Vec<usize> {
        let (Some(tags), Some(source)) = (self.tags.get(target), self.sources.get(target)) else {
            return Vec::new();
        };
        let postings = tags
            .iter()
            .filter_map(|t| self.by_tag.get(t))
            .chain(self.by_source.get(source));
        let mut candidates = BTreeSet::new();
        for list in postings {
            let at = list.partition_point(|p| *p < target);
            candidates.extend(&list[at.saturating_sub(WINDOW)..at]);
        }
        let mut scored: Vec<(usize, usize)> = candidates
            .into_iter()
            .map(|p| (self.score(target, p), p))
            .filter(|(score, _)| *score > 0)
            .collect();
        // Best score, then the nearest (all are earlier: the larger position).
        crate::sort::sort_by(&mut scored, |a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        scored.into_iter().take(limit).map(|(_, p)| p).collect()
    }

    fn score(&self, a: usize, b: usize) -> usize {
        let (Some(mine), Some(theirs)) = (self.tags.get(a), self.tags.get(b)) else {
            return 0;
        };
        let shared = theirs
            .iter()
            .filter(|t| mine.binary_search(t).is_ok())
            .count();
        let same_source = !self.sources[a].is_empty() && self.sources.get(b) == self.sources.get(a);
        shared * 2 + usize::from(same_source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| (*t).to_owned()).collect()
    }

    fn index(releases: &[(Vec<String>, &str)]) -> RelatedIndex {
        RelatedIndex::new(
            releases
                .iter()
                .map(|(tags, source)| RelatedKey { tags, source }),
        )
    }

    #[test]
    fn prefers_shared_tags_then_the_source_then_the_nearest_earlier() {
        // Chronological: position = time.
        let releases = [
            (tags(&["ocean"]), "Other"),                    // 0: one shared tag (2)
            (tags(&["budget", "OCEAN", "ocean"]), "Other"), // 1: two shared tags (4)
            (tags(&[]), "Ministry"),                        // 2: the source only (1)
            (tags(&["sport"]), "Sports desk"),              // 3: nothing shared
            (tags(&["ocean"]), "Other"),                    // 4: one shared tag (2), nearer
            (tags(&["Ocean", "budget"]), "Ministry"),       // 5: the release
            (tags(&["ocean", "budget"]), "Ministry"),       // 6: later: never a candidate
        ];
        let index = index(&releases);
        assert_eq!(index.related(5, 3), [1, 4, 0]);
        assert_eq!(index.related(5, 10), [1, 4, 0, 2]);
        assert!(index.related(3, 3).is_empty(), "nothing earlier is shared");
        assert!(index.related(0, 3).is_empty(), "nothing is earlier");
        assert!(index.related(9, 3).is_empty(), "no such release");
    }

    #[test]
    fn an_empty_source_relates_nothing() {
        let releases = [(tags(&[]), ""), (tags(&[]), "")];
        assert!(index(&releases).related(0, 3).is_empty());
    }

    #[test]
    fn a_tag_on_every_release_looks_only_nearby() {
        let releases: Vec<(Vec<String>, &str)> =
            (0..10_000).map(|_| (tags(&["press"]), "")).collect();
        let index = index(&releases);
        assert_eq!(index.related(5_000, 3), [4_999, 4_998, 4_997]);
        assert!(index.related(0, 2).is_empty());
        assert_eq!(index.related(9_999, 1), [9_998]);
    }
}
