//! The builder's term table: term → dense id, fast for the few thousand terms that make
//! most of any text.
//!
//! A hash map holds every term. In front of it, a direct-mapped cache of 8,192 slots keeps
//! recent short terms (up to 24 bytes) inline, so a frequent word is found by comparing
//! three machine words in one cache line, without touching the map's scattered keys.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::format::len_u32;
use crate::sort::sort_by;

/// Slots in the cache (a power of two).
const CACHE_SLOTS: usize = 8_192;

/// Longest term kept in the cache, in bytes.
const INLINE: usize = 24;

/// A fast, non-cryptographic hasher: FxHash's multiply-rotate per 8 bytes, then a final
/// mix (MurmurHash3's) so the low bits, which pick the bucket, depend on every byte.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        mix(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (slot, &b) in word.iter_mut().zip(chunk) {
                *slot = b;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A hash map with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A short term, zero-padded, with its length (`u64::MAX` words mark an empty slot).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    words: [u64; INLINE / 8],
    len: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    key: Key,
    id: u32,
}

/// Term → id, ids dense from 0 in order of first appearance.
pub(crate) struct Interner {
    map: FastMap<Box<str>, u32>,
    cache: Vec<Slot>,
}

impl Default for Interner {
    fn default() -> Self {
        let empty = Slot {
            key: Key {
                words: [u64::MAX; INLINE / 8],
                len: u32::MAX,
            },
            id: 0,
        };
        Self {
            map: FastMap::default(),
            cache: vec![empty; CACHE_SLOTS],
        }
    }
}

impl Interner {
    /// Number of terms.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The id of `term`, which gets the next id if it is new.
    pub fn id(&mut self, term: &str) -> u32 {
        let Some(key) = short_key(term) else {
            return self.map_id(term);
        };
        let hash = key.words.iter().fold(u64::from(key.len), |h, &w| {
            (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
        });
        let index = (mix(hash) as usize) & (CACHE_SLOTS - 1);
        if let Some(slot) = self.cache.get(index) {
            if slot.key == key {
                return slot.id;
            }
        }
        let id = self.map_id(term);
        if let Some(slot) = self.cache.get_mut(index) {
            *slot = Slot { key, id };
        }
        id
    }

    /// Every term with its id, sorted by term (byte order).
    pub fn into_sorted(self) -> Vec<(Box<str>, u32)> {
        let mut terms: Vec<(Box<str>, u32)> = self.map.into_iter().collect();
        sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
        terms
    }

    fn map_id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.map.get(term) {
            return id;
        }
        let id = len_u32(self.map.len());
        self.map.insert(term.into(), id);
        id
    }
}

fn short_key(term: &str) -> Option<Key> {
    let bytes = term.as_bytes();
    if bytes.len() > INLINE {
        return None;
    }
    let mut padded = [0u8; INLINE];
    padded.get_mut(..bytes.len())?.copy_from_slice(bytes);
    let mut words = [0u64; INLINE / 8];
    for (word, chunk) in words.iter_mut().zip(padded.chunks_exact(8)) {
        let mut array = [0u8; 8];
        array.copy_from_slice(chunk);
        *word = u64::from_le_bytes(array);
    }
    Some(Key {
        words,
        len: len_u32(bytes.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_stable_and_distinct() {
        let mut interner = Interner::default();
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let long = "x".repeat(100);
        let first: Vec<u32> = words.iter().map(|w| interner.id(w)).collect();
        assert_eq!(first, (0..20_000).collect::<Vec<u32>>());
        let again: Vec<u32> = words.iter().rev().map(|w| interner.id(w)).collect();
        assert_eq!(again, (0..20_000).rev().collect::<Vec<u32>>());
        assert_eq!(interner.id(&long), 20_000);
        assert_eq!(interner.id(&long), 20_000);
        assert_eq!(
            interner.id(""),
            20_001,
            "the empty term is a term like any other"
        );
        assert_eq!(
            interner.id("\0"),
            20_002,
            "zero padding does not confuse lengths"
        );
        assert_eq!(interner.len(), 20_003);
        let sorted = interner.into_sorted();
        assert!(sorted.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
