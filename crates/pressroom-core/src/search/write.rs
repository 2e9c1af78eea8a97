//! Writing the files: terms in byte order are cut into shards of about
//! [`IndexOptions::shard_bytes`], the most frequent terms go to the vocabulary file, the
//! shard directory is cut into pages of [`IndexOptions::page_shards`] shards, and the
//! meta file gets the list of pages.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::build::IndexOptions;
use super::directory::DirectoryPage;
use super::format::{content_hash, len_u32};
use super::meta::{file_name, separator, FileInfo, Meta};
use super::postings::encoded_len;
use super::shard::{encode_vocabulary, Entry, ShardWriter};
use super::varint;
use crate::sort::sort_by;

/// The files of a search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFiles {
    /// The meta file, loaded before any search (it changes with every build).
    pub meta: Vec<u8>,
    /// The vocabulary file: the most frequent terms and their document frequencies.
    pub vocabulary: Vec<u8>,
    /// The directory pages, in order.
    pub pages: Vec<Vec<u8>>,
    /// The shard files, in directory order.
    pub shards: Vec<Vec<u8>>,
}

impl SearchFiles {
    /// The vocabulary, directory page and shard files with their content-addressed names
    /// ([`Meta::file_name`]); the meta file is not among them.
    pub fn named_files(&self) -> Vec<(String, &[u8])> {
        std::iter::once(&self.vocabulary)
            .chain(&self.pages)
            .chain(&self.shards)
            .map(|bytes| (file_name(content_hash(bytes)), bytes.as_slice()))
            .collect()
    }
}

/// One term with its postings: doc ids ascending, one impact each.
pub(crate) struct Term<'a> {
    pub term: &'a str,
    pub docs: &'a [u32],
    pub impacts: &'a [u8],
}

/// Writes the files of `terms` (in ascending byte order).
pub(crate) fn write_files<'a>(
    terms: impl Iterator<Item = Term<'a>>,
    doc_count: usize,
    universe: u32,
    options: &IndexOptions,
) -> SearchFiles {
    let mut cutter = Cutter::new(options.shard_bytes);
    let mut top = TopTerms::new(options.vocabulary_terms);
    for term in terms {
        cutter.push(Entry {
            term: term.term,
            docs: term.docs,
            impacts: term.impacts,
        });
        top.offer(term.term, len_u32(term.docs.len()));
    }
    let (keys, shards) = cutter.finish();
    let top = top.sorted();
    let top: Vec<(&str, u32)> = top.iter().map(|(t, df)| (&**t, *df)).collect();
    let vocabulary = encode_vocabulary(&top);
    let page_shards = options.page_shards.max(1);
    let pages = pages(&keys, &shards, page_shards);
    let meta = Meta {
        doc_count: len_u32(doc_count),
        universe,
        budget_kib: options.budget_kib,
        vocabulary: info(&vocabulary),
        shard_count: len_u32(shards.len()),
        page_shards: len_u32(page_shards),
        page_keys: keys.iter().step_by(page_shards).cloned().collect(),
        page_files: pages.iter().map(|p| info(p)).collect(),
        pages: Vec::new(), // only encoded here: no page needs to be loaded
    };
    SearchFiles {
        meta: meta.encode(),
        vocabulary,
        pages,
        shards,
    }
}

/// The directory pages: the keys, sizes and hashes of `page_shards` shards each.
fn pages(keys: &[Box<str>], shards: &[Vec<u8>], page_shards: usize) -> Vec<Vec<u8>> {
    keys.chunks(page_shards)
        .zip(shards.chunks(page_shards))
        .map(|(keys, shards)| {
            DirectoryPage {
                keys: keys.to_vec(),
                shards: shards.iter().map(|s| info(s)).collect(),
            }
            .encode()
        })
        .collect()
}

fn info(bytes: &[u8]) -> FileInfo {
    FileInfo {
        kib: len_u32(bytes.len().div_ceil(1024)),
        hash: content_hash(bytes),
    }
}

/// Cuts a sorted stream of terms into shards and keeps each shard's key.
struct Cutter {
    target: usize,
    writer: ShardWriter,
    keys: Vec<Box<str>>,
    shards: Vec<Vec<u8>>,
    last_term: String,
}

impl Cutter {
    fn new(target: usize) -> Self {
        Self {
            target: target.max(1),
            writer: ShardWriter::default(),
            keys: Vec::new(),
            shards: Vec::new(),
            last_term: String::new(),
        }
    }

    fn push(&mut self, entry: Entry<'_>) {
        let estimate =
            entry.term.len() + 2 + varint::len(len_u32(entry.docs.len())) + encoded_len(entry.docs);
        if !self.writer.is_empty() && self.writer.size() + estimate > self.target {
            self.flush();
        }
        if self.writer.is_empty() {
            let key = if self.keys.is_empty() {
                String::new()
            } else {
                separator(&self.last_term, entry.term)
            };
            self.keys.push(key.into());
        }
        self.writer.push(entry);
        self.last_term.clear();
        self.last_term.push_str(entry.term);
        if self.writer.size() >= self.target {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.shards.push(self.writer.finish());
    }

    /// The keys and shards; an empty index has one empty shard.
    fn finish(mut self) -> (Vec<Box<str>>, Vec<Vec<u8>>) {
        if self.keys.len() > self.shards.len() || self.keys.is_empty() {
            if self.keys.is_empty() {
                self.keys.push("".into());
            }
            self.flush();
        }
        (self.keys, self.shards)
    }
}

/// The `n` terms of highest document frequency (ties: the smaller term).
struct TopTerms {
    n: usize,
    heap: BinaryHeap<Reverse<(u32, Reverse<Box<str>>)>>,
}

impl TopTerms {
    fn new(n: usize) -> Self {
        Self {
            n,
            heap: BinaryHeap::new(),
        }
    }

    fn offer(&mut self, term: &str, df: u32) {
        if self.n == 0 {
            return;
        }
        if self.heap.len() >= self.n {
            let Some(Reverse((min_df, Reverse(min_term)))) = self.heap.peek() else {
                return;
            };
            if (df, Reverse(term)) <= (*min_df, Reverse(&**min_term)) {
                return;
            }
            self.heap.pop();
        }
        self.heap.push(Reverse((df, Reverse(term.into()))));
    }

    /// The kept terms in byte order.
    fn sorted(self) -> Vec<(Box<str>, u32)> {
        let mut terms: Vec<(Box<str>, u32)> = self
            .heap
            .into_iter()
            .map(|Reverse((df, Reverse(term)))| (term, df))
            .collect();
        sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_terms_keeps_the_most_frequent() {
        let mut top = TopTerms::new(2);
        for (term, df) in [("a", 1), ("b", 5), ("c", 3), ("d", 5), ("e", 2)] {
            top.offer(term, df);
        }
        let kept: Vec<(String, u32)> = top
            .sorted()
            .into_iter()
            .map(|(t, df)| (t.into(), df))
            .collect();
        assert_eq!(kept, [("b".to_owned(), 5), ("d".to_owned(), 5)]);
    }

    #[test]
    fn cutter_puts_a_huge_term_alone() {
        let mut cutter = Cutter::new(100);
        let big: Vec<u32> = (0..500).map(|d| d * 1000).collect();
        let big_impacts = vec![1u8; 500];
        for term in ["a", "b"] {
            cutter.push(Entry {
                term,
                docs: &[1],
                impacts: &[1],
            });
        }
        cutter.push(Entry {
            term: "big",
            docs: &big,
            impacts: &big_impacts,
        });
        cutter.push(Entry {
            term: "c",
            docs: &[1],
            impacts: &[1],
        });
        let (keys, shards) = cutter.finish();
        let keys: Vec<&str> = keys.iter().map(|k| &**k).collect();
        assert_eq!(keys, ["", "bi", "c"]);
        assert_eq!(shards.len(), 3);
    }
}
