//! What every search file shares: the header, front-coded term lists, the content hash.
//!
//! Header: the magic `PRSX`, the format version ([`VERSION`]) and the file's kind
//! ([`Kind`]), 6 bytes. Term lists are sorted byte-wise and front-coded: for each term, a
//! varint of the bytes shared with the previous term, a varint of the remaining length,
//! then those bytes. Decoding checks that terms are UTF-8, strictly increasing and at most
//! [`MAX_TERM_BYTES`] long, and that they do not expand to much more than their input.

use super::error::{corrupt, SearchError};
use super::tokenize::MAX_TERM_CHARS;
use super::varint::{self, Reader};

/// The first bytes of every search file.
pub const MAGIC: &[u8; 4] = b"PRSX";

/// The format version this code writes and reads (2: the two-level shard directory).
pub const VERSION: u8 = 2;

/// Longest term in bytes: [`MAX_TERM_CHARS`] characters of at most 4 bytes.
pub const MAX_TERM_BYTES: usize = MAX_TERM_CHARS * 4;

/// The kinds of search files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// The one small file loaded first: doc count and the top of the shard directory.
    Meta = 1,
    /// Terms and their postings.
    Shard = 2,
    /// The most frequent terms and their document frequencies.
    Vocabulary = 3,
    /// A page of the shard directory: the keys, sizes and hashes of a run of shards.
    Directory = 4,
}

/// Appends the header of a file of `kind`.
pub fn push_header(out: &mut Vec<u8>, kind: Kind) {
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.push(kind as u8);
}

/// Reads and checks the header; returns the kind byte.
pub fn read_header(reader: &mut Reader<'_>) -> Result<u8, SearchError> {
    let available = reader.remaining().min(MAGIC.len());
    let magic = reader.take(available)?;
    if !MAGIC.starts_with(magic) {
        return Err(SearchError::BadMagic);
    }
    if available < MAGIC.len() {
        return Err(SearchError::Truncated);
    }
    let version = reader.byte()?;
    if version != VERSION {
        return Err(SearchError::Version {
            found: version,
            expected: VERSION,
        });
    }
    reader.byte()
}

/// Reads a header that must be of `kind`.
pub fn expect_header(reader: &mut Reader<'_>, kind: Kind) -> Result<(), SearchError> {
    let found = read_header(reader)?;
    if found != kind as u8 {
        return Err(SearchError::Kind {
            found,
            expected: kind as u8,
        });
    }
    Ok(())
}

/// Appends `terms` (sorted) front-coded, after their count.
pub fn push_terms<'a>(out: &mut Vec<u8>, terms: impl ExactSizeIterator<Item = &'a str>) {
    varint::push(out, len_u32(terms.len()));
    let mut previous: &[u8] = &[];
    for term in terms {
        let bytes = term.as_bytes();
        let shared = previous
            .iter()
            .zip(bytes)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = bytes.get(shared..).unwrap_or_default();
        varint::push(out, len_u32(shared));
        varint::push(out, len_u32(suffix.len()));
        out.extend_from_slice(suffix);
        previous = bytes;
    }
}

/// Reads a front-coded term list written by [`push_terms`].
pub fn read_terms(reader: &mut Reader<'_>) -> Result<Vec<Box<str>>, SearchError> {
    let count = reader.count(2)?;
    let budget = reader.remaining().saturating_mul(16).saturating_add(1024);
    let mut spent = 0usize;
    let mut terms: Vec<Box<str>> = Vec::with_capacity(count);
    let mut current: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = reader.varint()? as usize;
        let suffix_len = reader.varint()? as usize;
        if shared > current.len() || shared.saturating_add(suffix_len) > MAX_TERM_BYTES {
            return Err(corrupt("term length"));
        }
        current.truncate(shared);
        current.extend_from_slice(reader.take(suffix_len)?);
        spent += current.len();
        if spent > budget {
            return Err(corrupt("terms expand too much"));
        }
        let term = std::str::from_utf8(&current).map_err(|_| corrupt("term is not UTF-8"))?;
        if terms.last().is_some_and(|last| **last >= *term) {
            return Err(corrupt("terms out of order"));
        }
        terms.push(term.into());
    }
    Ok(terms)
}

/// A 64-bit FNV-1a hash of `bytes`: the content address of a search file.
pub fn content_hash(bytes: &[u8]) -> u64 {
    crate::hash::fnv1a64(bytes)
}

/// A length as `u32`, saturating (lengths in search files are far below that).
pub fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_round_trip() {
        let terms = ["", "a", "ab", "abc", "b", "북한", "북한의"];
        let mut out = Vec::new();
        push_terms(&mut out, terms.iter().copied());
        let decoded = read_terms(&mut Reader::new(&out)).unwrap();
        let decoded: Vec<&str> = decoded.iter().map(|t| &**t).collect();
        assert_eq!(decoded, terms);
    }

    #[test]
    fn header_errors_are_typed() {
        let mut ok = Vec::new();
        push_header(&mut ok, Kind::Shard);
        assert_eq!(read_header(&mut Reader::new(&ok)), Ok(2));
        assert_eq!(
            read_header(&mut Reader::new(b"PR")),
            Err(SearchError::Truncated)
        );
        assert_eq!(
            read_header(&mut Reader::new(b"GIF89a")),
            Err(SearchError::BadMagic)
        );
        assert_eq!(
            read_header(&mut Reader::new(b"PRSX\x09\x02")),
            Err(SearchError::Version {
                found: 9,
                expected: VERSION
            })
        );
        assert_eq!(
            expect_header(&mut Reader::new(&ok), Kind::Meta),
            Err(SearchError::Kind {
                found: 2,
                expected: 1
            })
        );
    }

    #[test]
    fn unsorted_and_invalid_terms_are_corrupt() {
        let mut out = Vec::new();
        push_terms(&mut out, ["b", "a"].into_iter());
        assert!(matches!(
            read_terms(&mut Reader::new(&out)),
            Err(SearchError::Corrupt { .. })
        ));
        let bad_utf8 = [1, 0, 1, 0xFF];
        assert!(matches!(
            read_terms(&mut Reader::new(&bad_utf8)),
            Err(SearchError::Corrupt { .. })
        ));
        let shared_too_long = [2, 0, 1, b'a', 5, 1, b'b'];
        assert!(matches!(
            read_terms(&mut Reader::new(&shared_too_long)),
            Err(SearchError::Corrupt { .. })
        ));
    }
}
