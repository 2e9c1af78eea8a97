//! Building the index: [`IndexBuilder`] tokenizes each release's fields, counts term
//! frequencies per field, and at [`IndexBuilder::finish`] turns them into BM25F impacts
//! (`bm25.rs`) and writes the files (`write.rs`).
//!
//! Memory while building: one `(slot, packed frequencies)` pair (8 bytes) per distinct term
//! of each document, plus the term table.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use super::bm25::{self, Bm25, BODY, FIELDS, SOURCE, SUMMARY, TAGS, TITLE};
use super::error::SearchError;
use super::format::len_u32;
use super::intern::{FastHasher, Interner};
use super::tokenize::for_each_token;
use super::write::{write_files, SearchFiles, Term};
use crate::model::Release;
use crate::sort::sort_by_key;

/// How to build the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexOptions {
    /// BM25F weights and parameters.
    pub bm25: Bm25,
    /// Target size of a shard file in bytes (before compression); a term larger than
    /// this is alone in its shard.
    pub shard_bytes: usize,
    /// Shards listed in one directory page (see `directory.rs`): 128 keys, sizes and
    /// hashes make a page of about 1.7 KB gzip, and keep the meta under 0.5 KB gzip at
    /// 3,200 shards (100k releases).
    pub page_shards: usize,
    /// Terms in the vocabulary file (the most frequent ones).
    pub vocabulary_terms: usize,
    /// Most KiB of shard files one query may load; beyond it, the densest terms of the
    /// query are dropped (see `plan.rs`). Stored in the meta file.
    pub budget_kib: u32,
}

impl Default for IndexOptions {
    /// 16 KiB shards (a Korean word is two or three bigrams, each in its own shard, so
    /// shards stay small), 128 shards a directory page, 4,000 vocabulary terms, a 224 KiB
    /// query budget (≈ 190 KB gzip, so with the directory pages and a page of result
    /// cards a search stays under 300 KB at 100k releases).
    fn default() -> Self {
        Self {
            bm25: Bm25::default(),
            shard_bytes: 16 * 1024,
            page_shards: 128,
            vocabulary_terms: 4_000,
            budget_kib: 224,
        }
    }
}

/// The searchable texts of one release.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocFields<'a> {
    /// The title.
    pub title: &'a str,
    /// The summary (empty when none).
    pub summary: &'a str,
    /// The body: plain text, or Markdown (its markup characters separate words).
    pub body: &'a str,
    /// The tags.
    pub tags: &'a [String],
    /// The source's name.
    pub source: &'a str,
}

impl<'a> DocFields<'a> {
    /// The fields of a release (its body as Markdown).
    pub fn of_release(release: &'a Release) -> Self {
        Self {
            title: &release.title,
            summary: release.summary.as_deref().unwrap_or_default(),
            body: &release.body,
            tags: &release.tags,
            source: &release.source.name,
        }
    }
}

/// One added document: its id, its fields' lengths in tokens, and where its terms are in
/// the builder's log.
struct Doc {
    id: u32,
    lengths: [u32; FIELDS],
    log: Range<usize>,
}

/// Builds the search files of a set of releases.
///
/// While adding, each document appends its distinct terms with their packed field
/// frequencies to one sequential log (`current` finds a term already seen in the same
/// document); [`IndexBuilder::finish`] counting-sorts the log by term into posting lists.
/// This keeps the hot loop free of scattered writes: memory is 8 bytes per distinct term
/// of each document, plus the term table.
pub struct IndexBuilder {
    options: IndexOptions,
    terms: Interner,
    /// Per term id: the slot (1-based, 0 = none) of the last document that had it, and the
    /// index of its entry in `log`.
    current: Vec<(u32, u32)>,
    /// `(term id, packed field frequencies)` of each document's distinct terms.
    log: Vec<(u32, u32)>,
    docs: Vec<Doc>,
    seen: HashSet<u32, BuildHasherDefault<FastHasher>>,
}

impl IndexBuilder {
    /// An empty index.
    pub fn new(options: IndexOptions) -> Self {
        Self {
            options,
            terms: Interner::default(),
            current: Vec::new(),
            log: Vec::new(),
            docs: Vec::new(),
            seen: HashSet::default(),
        }
    }

    /// Adds a document. `doc` is its id (the release's chronological position: 0 is the
    /// oldest); ids need not come in order, but each only once.
    pub fn add(&mut self, doc: u32, fields: &DocFields<'_>) -> Result<(), SearchError> {
        if !self.seen.insert(doc) {
            return Err(SearchError::DuplicateDoc(doc));
        }
        let slot = len_u32(self.docs.len()).saturating_add(1);
        let start = self.log.len();
        let mut lengths = [0u32; FIELDS];
        lengths[TITLE] = self.add_text(slot, TITLE, fields.title);
        lengths[SUMMARY] = self.add_text(slot, SUMMARY, fields.summary);
        lengths[BODY] = self.add_text(slot, BODY, fields.body);
        lengths[SOURCE] = self.add_text(slot, SOURCE, fields.source);
        for tag in fields.tags {
            lengths[TAGS] = lengths[TAGS].saturating_add(self.add_text(slot, TAGS, tag));
        }
        let log = start..self.log.len();
        self.docs.push(Doc {
            id: doc,
            lengths,
            log,
        });
        Ok(())
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Computes the impacts and writes the files.
    pub fn finish(mut self) -> SearchFiles {
        let (offsets, docs, impacts) = self.posting_lists();
        let terms = std::mem::take(&mut self.terms).into_sorted();
        let sorted_terms = terms.iter().map(|(term, id)| {
            let range = match (offsets.get(*id as usize), offsets.get(*id as usize + 1)) {
                (Some(&a), Some(&b)) => a..b,
                _ => 0..0,
            };
            Term {
                term,
                docs: docs.get(range.clone()).unwrap_or_default(),
                impacts: impacts.get(range).unwrap_or_default(),
            }
        });
        let universe = self
            .docs
            .iter()
            .map(|d| u64::from(d.id) + 1)
            .max()
            .unwrap_or(0);
        let universe = u32::try_from(universe).unwrap_or(u32::MAX);
        write_files(sorted_terms, self.docs.len(), universe, &self.options)
    }

    /// The log counting-sorted by term: per term id, where its postings start (plus the
    /// end), and every posting's doc id (ascending within a term) and impact.
    fn posting_lists(&mut self) -> (Vec<usize>, Vec<u32>, Vec<u8>) {
        let averages = self.average_lengths();
        let mut offsets = vec![0usize; self.current.len() + 1];
        for &(id, _) in &self.log {
            if let Some(count) = offsets.get_mut(id as usize + 1) {
                *count += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let total = self.log.len();
        let (mut docs, mut impacts) = (vec![0u32; total], vec![0u8; total]);
        let mut next = offsets.clone();
        let mut by_id: Vec<&Doc> = self.docs.iter().collect();
        sort_by_key(&mut by_id, |d| d.id);
        for doc in by_id {
            for &(id, packed) in self.log.get(doc.log.clone()).unwrap_or_default() {
                let Some(at) = next.get_mut(id as usize) else {
                    continue;
                };
                if let (Some(d), Some(i)) = (docs.get_mut(*at), impacts.get_mut(*at)) {
                    *d = doc.id;
                    *i = self.options.bm25.impact(packed, &doc.lengths, &averages);
                }
                *at += 1;
            }
        }
        self.log = Vec::new();
        (offsets, docs, impacts)
    }

    /// Tokenizes one field's text into the log; returns its length in tokens.
    fn add_text(&mut self, slot: u32, field: usize, text: &str) -> u32 {
        let mut length = 0u32;
        let Self {
            terms,
            current,
            log,
            ..
        } = self;
        for_each_token(text, |token| {
            length += 1;
            let id = terms.id(token.term);
            if id as usize >= current.len() {
                current.push((0, 0));
            }
            let Some(seen) = current.get_mut(id as usize) else {
                return;
            };
            if seen.0 == slot {
                if let Some((_, packed)) = log.get_mut(seen.1 as usize) {
                    *packed = bm25::count(*packed, field);
                }
            } else {
                *seen = (slot, len_u32(log.len()));
                log.push((id, bm25::count(0, field)));
            }
        });
        length
    }

    fn average_lengths(&self) -> [f32; FIELDS] {
        let mut sums = [0f64; FIELDS];
        for doc in &self.docs {
            for (sum, &len) in sums.iter_mut().zip(&doc.lengths) {
                *sum += f64::from(len);
            }
        }
        let n = self.docs.len().max(1) as f64;
        sums.map(|s| coarse((s / n) as f32))
    }
}

/// An average length rounded to two significant digits: BM25 barely notices, and a
/// release added to a large archive then almost never changes the averages, so only the
/// shards of its own terms change, not every impact of every shard.
fn coarse(average: f32) -> f32 {
    if !average.is_finite() || average <= 0.0 {
        return 0.0;
    }
    let magnitude = 10f32.powi(average.log10().floor() as i32 - 1);
    (average / magnitude).round() * magnitude
}
