//! One term's posting list on disk: which documents, and one impact byte each.
//!
//! The documents are written in whichever of two forms is smaller:
//! - [`DELTA`]: the first doc id, then each gap minus one, as varints;
//! - [`BITMAP`]: a varint of the first byte's index (doc id / 8), a varint of the number of
//!   bytes, then the bits (doc `d` is bit `d % 8` of its byte, least significant first).
//!   Dense terms (in more than about one document in eight) end up here.
//!
//! The impacts are written apart from the documents (see `shard.rs`): one byte a posting
//! for a delta list; for a bitmap list (a dense term, whose idf is low anyway) four bits
//! a posting ([`push_impacts`]: the impact / 17, rounded, 1..=15; read back × 17), which
//! halves what a search for a common word downloads.

use super::error::{corrupt, SearchError};
use super::varint::{self, Reader};

/// Documents as delta varints.
pub const DELTA: u8 = 0;
/// Documents as a bitmap.
pub const BITMAP: u8 = 1;

/// Bytes [`push_docs`] and [`push_impacts`] write for `docs`.
pub fn encoded_len(docs: &[u32]) -> usize {
    let sizes = Sizes::of(docs);
    let encoding = if sizes.delta <= sizes.bitmap {
        DELTA
    } else {
        BITMAP
    };
    1 + sizes.delta.min(sizes.bitmap) + impact_bytes(encoding, docs.len())
}

/// Bytes of the impacts of `df` postings in a list of `encoding`.
pub fn impact_bytes(encoding: u8, df: usize) -> usize {
    if encoding == BITMAP {
        df.div_ceil(2)
    } else {
        df
    }
}

/// Appends the impacts of a list of `encoding` (see the module doc).
pub fn push_impacts(out: &mut Vec<u8>, encoding: u8, impacts: &[u8]) {
    if encoding != BITMAP {
        out.extend_from_slice(impacts);
        return;
    }
    let nibble = |i: u8| ((u16::from(i) + 8) / 17).clamp(1, 15) as u8;
    for pair in impacts.chunks(2) {
        let low = pair.first().map_or(0, |&i| nibble(i));
        let high = pair.get(1).map_or(0, |&i| nibble(i));
        out.push(low | (high << 4));
    }
}

/// Reads the `df` impacts of a list of `encoding` and appends them (as bytes) to `out`.
pub fn read_impacts(
    reader: &mut Reader<'_>,
    encoding: u8,
    df: usize,
    out: &mut Vec<u8>,
) -> Result<(), SearchError> {
    let bytes = reader.take(impact_bytes(encoding, df))?;
    if encoding != BITMAP {
        out.extend_from_slice(bytes);
        return Ok(());
    }
    let nibbles = bytes.iter().flat_map(|&b| [b & 0x0F, b >> 4]);
    out.extend(nibbles.take(df).map(|n| n.saturating_mul(17)));
    Ok(())
}

/// The sizes of both forms of a list.
struct Sizes {
    delta: usize,
    bitmap: usize,
    first_byte: u32,
    bitmap_bytes: usize,
}

impl Sizes {
    fn of(docs: &[u32]) -> Self {
        let delta: usize = gaps(docs).map(varint::len).sum();
        let (first, last) = match (docs.first(), docs.last()) {
            (Some(&f), Some(&l)) => (f, l),
            _ => (0, 0),
        };
        let bitmap_bytes = (last / 8).saturating_sub(first / 8) as usize + 1;
        let bitmap = varint::len(first / 8)
            + varint::len(super::format::len_u32(bitmap_bytes))
            + bitmap_bytes;
        let bitmap = if docs.is_empty() { usize::MAX } else { bitmap };
        Self {
            delta,
            bitmap,
            first_byte: first / 8,
            bitmap_bytes,
        }
    }
}

/// Appends the encoding byte and the documents (sorted, distinct) in the smaller form;
/// returns the encoding.
pub fn push_docs(out: &mut Vec<u8>, docs: &[u32]) -> u8 {
    let Sizes {
        delta,
        bitmap,
        first_byte,
        bitmap_bytes,
    } = Sizes::of(docs);
    if delta <= bitmap {
        out.push(DELTA);
        for gap in gaps(docs) {
            varint::push(out, gap);
        }
        DELTA
    } else {
        out.push(BITMAP);
        varint::push(out, first_byte);
        varint::push(out, super::format::len_u32(bitmap_bytes));
        let start = out.len();
        out.resize(start + bitmap_bytes, 0);
        for &doc in docs {
            let index = start + (doc / 8).saturating_sub(first_byte) as usize;
            if let Some(byte) = out.get_mut(index) {
                *byte |= 1 << (doc % 8);
            }
        }
        BITMAP
    }
}

/// Reads `df` documents written by [`push_docs`] and appends them to `docs`; returns the
/// encoding.
pub fn read_docs(
    reader: &mut Reader<'_>,
    df: usize,
    docs: &mut Vec<u32>,
) -> Result<u8, SearchError> {
    let encoding = reader.byte()?;
    match encoding {
        DELTA => read_delta(reader, df, docs)?,
        BITMAP => read_bitmap(reader, df, docs)?,
        _ => return Err(corrupt("posting encoding")),
    }
    Ok(encoding)
}

/// The values [`DELTA`] writes: the first doc, then gaps minus one.
fn gaps(docs: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let firsts = docs.first().copied().into_iter();
    let rest = docs.windows(2).filter_map(|w| match w {
        [a, b] => Some(b.wrapping_sub(*a).wrapping_sub(1)),
        _ => None,
    });
    firsts.chain(rest)
}

fn read_delta(reader: &mut Reader<'_>, df: usize, docs: &mut Vec<u32>) -> Result<(), SearchError> {
    let mut previous: Option<u32> = None;
    for _ in 0..df {
        let value = reader.varint()?;
        let doc = match previous {
            None => Some(value),
            Some(p) => p.checked_add(value).and_then(|d| d.checked_add(1)),
        }
        .ok_or(corrupt("doc id overflows"))?;
        docs.push(doc);
        previous = Some(doc);
    }
    Ok(())
}

fn read_bitmap(reader: &mut Reader<'_>, df: usize, docs: &mut Vec<u32>) -> Result<(), SearchError> {
    let first_byte = reader.varint()?;
    let len = reader.count(1)?;
    let bits = reader.take(len)?;
    if u64::from(first_byte) * 8 + (len as u64) * 8 > u64::from(u32::MAX) + 1 {
        return Err(corrupt("bitmap beyond u32 doc ids"));
    }
    let ones: usize = bits.iter().map(|b| b.count_ones() as usize).sum();
    if ones != df {
        return Err(corrupt("bitmap does not have df documents"));
    }
    let base = u64::from(first_byte) * 8;
    for (index, &byte) in bits.iter().enumerate() {
        let mut byte = byte;
        while byte != 0 {
            let bit = u64::from(byte.trailing_zeros());
            let doc = base + index as u64 * 8 + bit;
            docs.push(u32::try_from(doc).map_err(|_| corrupt("doc id overflows"))?);
            byte &= byte - 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(docs: &[u32]) -> (u8, Vec<u32>) {
        let mut out = Vec::new();
        let encoding = push_docs(&mut out, docs);
        let impacts: Vec<u8> = (0..docs.len()).map(|i| (i % 256) as u8).collect();
        push_impacts(&mut out, encoding, &impacts);
        assert_eq!(out.len(), encoded_len(docs));
        out.truncate(out.len() - impact_bytes(encoding, docs.len()));
        let mut reader = Reader::new(&out);
        let mut back = Vec::new();
        read_docs(&mut reader, docs.len(), &mut back).unwrap();
        assert!(reader.is_empty());
        (out[0], back)
    }

    #[test]
    fn sparse_lists_are_deltas_and_dense_lists_bitmaps() {
        let sparse = [3, 1_000, 70_000, u32::MAX];
        assert_eq!(round_trip(&sparse), (DELTA, sparse.to_vec()));
        let dense: Vec<u32> = (0..4_000).filter(|d| d % 3 != 0).collect();
        assert_eq!(round_trip(&dense), (BITMAP, dense.clone()));
        let high: Vec<u32> = (u32::MAX - 100..=u32::MAX).collect();
        assert_eq!(round_trip(&high), (BITMAP, high.clone()));
        assert_eq!(round_trip(&[]), (DELTA, vec![]));
        assert_eq!(round_trip(&[0]), (DELTA, vec![0]));
    }

    #[test]
    fn bitmap_impacts_are_nibbles() {
        let mut out = Vec::new();
        push_impacts(&mut out, BITMAP, &[255, 1, 100]);
        assert_eq!(out.len(), 2);
        let mut back = Vec::new();
        read_impacts(&mut Reader::new(&out), BITMAP, 3, &mut back).unwrap();
        assert_eq!(back, [255, 17, 102]);
        let mut back = Vec::new();
        read_impacts(&mut Reader::new(&[7, 9]), DELTA, 2, &mut back).unwrap();
        assert_eq!(back, [7, 9]);
        assert!(read_impacts(&mut Reader::new(&[7]), BITMAP, 3, &mut back).is_err());
    }

    #[test]
    fn bad_lists_are_errors() {
        let mut back = Vec::new();
        // Bitmap with one bit but df 2.
        let r = read_docs(&mut Reader::new(&[BITMAP, 0, 1, 0b1]), 2, &mut back);
        assert!(matches!(r, Err(SearchError::Corrupt { .. })));
        // Unknown encoding.
        let r = read_docs(&mut Reader::new(&[7]), 0, &mut back);
        assert!(matches!(r, Err(SearchError::Corrupt { .. })));
        // Delta overflowing u32.
        let mut bytes = vec![DELTA];
        varint::push(&mut bytes, u32::MAX);
        varint::push(&mut bytes, 0);
        let r = read_docs(&mut Reader::new(&bytes), 2, &mut back);
        assert!(matches!(r, Err(SearchError::Corrupt { .. })));
        // Bitmap past the last doc id.
        let mut bytes = vec![BITMAP];
        varint::push(&mut bytes, u32::MAX / 8);
        varint::push(&mut bytes, 2);
        bytes.extend([1, 1]);
        let r = read_docs(&mut Reader::new(&bytes), 2, &mut back);
        assert!(matches!(r, Err(SearchError::Corrupt { .. })));
    }
}
