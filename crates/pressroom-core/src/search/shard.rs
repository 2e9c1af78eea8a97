//! Shard files (terms with their postings) and the vocabulary file (frequent terms with
//! their document frequencies), decoded into one [`Shard`] type.
//!
//! Shard layout, after the header: the term list (front-coded, see `format.rs`); for each
//! term its document frequency `df` (varint) and its documents (`postings.rs`); then every
//! term's impacts, term after term (kept together because they compress alike; a byte a
//! posting, or half a byte in a bitmap list, see `postings.rs`).
//! Vocabulary layout: the term list, then each term's `df` (varint).
//!
//! Decoding checks every count against the bytes left before allocating, and the whole
//! file: a shard that decodes is consistent, so lookups cannot fail later.

use std::ops::Range;

use super::error::{corrupt, SearchError};
use super::format::{len_u32, push_header, push_terms, read_header, read_terms, Kind};
use super::postings::{impact_bytes, push_docs, push_impacts, read_docs, read_impacts};
use super::varint::{self, Reader};

/// A decoded shard or vocabulary: sorted terms, each with its document frequency and, in
/// a shard, its postings (doc ids ascending, one impact each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shard {
    terms: Vec<Box<str>>,
    dfs: Vec<u32>,
    /// Where each term's postings start in `docs` and `impacts`, plus the end; empty in a
    /// vocabulary.
    starts: Vec<usize>,
    docs: Vec<u32>,
    impacts: Vec<u8>,
}

impl Shard {
    /// Decodes a shard or vocabulary file.
    pub fn decode(bytes: &[u8]) -> Result<Self, SearchError> {
        let mut reader = Reader::new(bytes);
        let kind = read_header(&mut reader)?;
        let shard = if kind == Kind::Shard as u8 {
            decode_postings(&mut reader)?
        } else if kind == Kind::Vocabulary as u8 {
            decode_vocabulary(&mut reader)?
        } else {
            return Err(SearchError::Kind {
                found: kind,
                expected: Kind::Shard as u8,
            });
        };
        if !reader.is_empty() {
            return Err(corrupt("bytes after the end"));
        }
        Ok(shard)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether it has no term.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether it carries postings (a shard) or only document frequencies (a vocabulary).
    pub fn has_postings(&self) -> bool {
        !self.starts.is_empty()
    }

    /// The index of `term`, if present.
    pub fn find(&self, term: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| (**t).cmp(term)).ok()
    }

    /// The indexes of the terms that start with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> Range<usize> {
        let start = self.terms.partition_point(|t| **t < *prefix);
        let end = self
            .terms
            .partition_point(|t| **t < *prefix || t.starts_with(prefix));
        start..end.max(start)
    }

    /// The term at `index` (empty when out of range).
    pub fn term(&self, index: usize) -> &str {
        self.terms.get(index).map_or("", |t| t)
    }

    /// All terms, sorted.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| &**t)
    }

    /// The document frequency of the term at `index` (0 when out of range).
    pub fn df(&self, index: usize) -> u32 {
        self.dfs.get(index).copied().unwrap_or(0)
    }

    /// The postings of the term at `index`: doc ids ascending and their impacts (empty in
    /// a vocabulary or out of range).
    pub fn postings(&self, index: usize) -> (&[u32], &[u8]) {
        let range = match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        };
        (
            self.docs.get(range.clone()).unwrap_or_default(),
            self.impacts.get(range).unwrap_or_default(),
        )
    }
}

/// One term of a shard being written.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The term.
    pub term: &'a str,
    /// Its documents, ascending.
    pub docs: &'a [u32],
    /// One impact per document.
    pub impacts: &'a [u8],
}

/// Collects a shard's terms and writes the file; tells its size so far for cutting.
#[derive(Debug, Default)]
pub struct ShardWriter {
    terms: Vec<String>,
    postings: Vec<u8>,
    impacts: Vec<u8>,
    term_bytes: usize,
}

impl ShardWriter {
    /// Bytes the shard would take now (terms counted without front coding).
    pub fn size(&self) -> usize {
        self.term_bytes + self.postings.len() + self.impacts.len()
    }

    /// Whether no term was added since the last [`ShardWriter::finish`].
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Adds a term; terms must come in ascending byte order.
    pub fn push(&mut self, entry: Entry<'_>) {
        self.terms.push(entry.term.to_owned());
        self.term_bytes += entry.term.len() + 2;
        varint::push(&mut self.postings, len_u32(entry.docs.len()));
        let encoding = push_docs(&mut self.postings, entry.docs);
        push_impacts(&mut self.impacts, encoding, entry.impacts);
    }

    /// The shard file; the writer is empty again.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size() + 16);
        push_header(&mut out, Kind::Shard);
        push_terms(&mut out, self.terms.iter().map(String::as_str));
        out.append(&mut self.postings);
        out.append(&mut self.impacts);
        self.terms.clear();
        self.term_bytes = 0;
        out
    }
}

/// The vocabulary file of `terms` (ascending) with their document frequencies.
pub fn encode_vocabulary(terms: &[(&str, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    push_header(&mut out, Kind::Vocabulary);
    push_terms(&mut out, terms.iter().map(|(t, _)| *t));
    for &(_, df) in terms {
        varint::push(&mut out, df);
    }
    out
}

fn decode_postings(reader: &mut Reader<'_>) -> Result<Shard, SearchError> {
    let terms = read_terms(reader)?;
    let mut dfs = Vec::with_capacity(terms.len());
    let mut starts = Vec::with_capacity(terms.len() + 1);
    let mut encodings = Vec::with_capacity(terms.len());
    let mut docs = Vec::new();
    let mut impact_total = 0usize;
    starts.push(0);
    for _ in 0..terms.len() {
        let df = reader.varint()? as usize;
        if df == 0 {
            return Err(corrupt("document frequency"));
        }
        // Each posting still needs at least half an impact byte, after all documents.
        impact_total = impact_total.saturating_add(df.div_ceil(2));
        if impact_total > reader.remaining() {
            return Err(SearchError::Truncated);
        }
        docs.reserve(df);
        encodings.push(read_docs(reader, df, &mut docs)?);
        dfs.push(len_u32(df));
        starts.push(docs.len());
    }
    let needed: usize = encodings
        .iter()
        .zip(&dfs)
        .map(|(&e, &df)| impact_bytes(e, df as usize))
        .sum();
    if needed > reader.remaining() {
        return Err(SearchError::Truncated);
    }
    let mut impacts = Vec::with_capacity(docs.len());
    for (&encoding, &df) in encodings.iter().zip(&dfs) {
        read_impacts(reader, encoding, df as usize, &mut impacts)?;
    }
    Ok(Shard {
        terms,
        dfs,
        starts,
        docs,
        impacts,
    })
}

fn decode_vocabulary(reader: &mut Reader<'_>) -> Result<Shard, SearchError> {
    let terms = read_terms(reader)?;
    let mut dfs = Vec::with_capacity(terms.len());
    for _ in 0..terms.len() {
        dfs.push(reader.varint()?);
    }
    Ok(Shard {
        terms,
        dfs,
        ..Shard::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut writer = ShardWriter::default();
        let dense: Vec<u32> = (0..200).collect();
        let dense_impacts = vec![9u8; 200];
        writer.push(Entry {
            term: "alpha",
            docs: &[1, 5, 900],
            impacts: &[10, 20, 255],
        });
        writer.push(Entry {
            term: "alps",
            docs: &dense,
            impacts: &dense_impacts,
        });
        writer.push(Entry {
            term: "북한",
            docs: &[7],
            impacts: &[1],
        });
        writer.finish()
    }

    #[test]
    fn round_trips_terms_and_postings() {
        let shard = Shard::decode(&sample()).unwrap();
        assert_eq!(shard.len(), 3);
        let alpha = shard.find("alpha").unwrap();
        assert_eq!(
            shard.postings(alpha),
            (&[1, 5, 900][..], &[10, 20, 255][..])
        );
        assert_eq!(shard.df(shard.find("alps").unwrap()), 200);
        assert_eq!(shard.with_prefix("al"), 0..2);
        assert_eq!(shard.with_prefix("b"), 2..2);
        assert_eq!(shard.find("북"), None);
        assert_eq!(shard.with_prefix("북"), 2..3);
        assert_eq!(shard.postings(99), (&[][..], &[][..]));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = sample();
        for end in 0..bytes.len() {
            assert!(
                Shard::decode(&bytes[..end]).is_err(),
                "prefix of {end} bytes decoded"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Shard::decode(&longer).is_err());
    }

    #[test]
    fn every_single_byte_change_is_harmless() {
        let bytes = sample();
        for at in 0..bytes.len() {
            for value in [0u8, 1, 0x7F, 0x80, 0xFF] {
                let mut changed = bytes.clone();
                changed[at] = value;
                if let Ok(shard) = Shard::decode(&changed) {
                    for i in 0..shard.len() {
                        let (docs, impacts) = shard.postings(i);
                        assert_eq!(docs.len(), impacts.len());
                        assert!(docs.windows(2).all(|w| w[0] < w[1]));
                    }
                }
            }
        }
    }

    #[test]
    fn vocabulary_round_trips() {
        let bytes = encode_vocabulary(&[("government", 900), ("minister", 40)]);
        let vocab = Shard::decode(&bytes).unwrap();
        assert!(!vocab.has_postings());
        assert_eq!(vocab.df(vocab.find("minister").unwrap()), 40);
        assert_eq!(vocab.postings(0), (&[][..], &[][..]));
        for end in 0..bytes.len() {
            assert!(Shard::decode(&bytes[..end]).is_err());
        }
    }
}
