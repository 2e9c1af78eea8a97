//! LEB128 variable-length integers and a bounds-checked reader over a byte slice.
//!
//! Seven bits a byte, least significant group first, high bit set on every byte but the
//! last. A `u32` takes one to five bytes. The [`Reader`] never panics: every read checks
//! the bytes left and returns [`SearchError::Truncated`] or [`SearchError::Corrupt`].

use super::error::{corrupt, SearchError};

/// Appends `value` as a varint.
pub fn push(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Bytes [`push`] writes for `value`.
pub fn len(value: u32) -> usize {
    match value {
        0..=0x7F => 1,
        0x80..=0x3FFF => 2,
        0x4000..=0x1F_FFFF => 3,
        0x20_0000..=0xFFF_FFFF => 4,
        _ => 5,
    }
}

/// Reads varints, bytes and strings from a slice, front to back.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len()
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// One varint; at most five bytes, and no bits beyond 32.
    pub fn varint(&mut self) -> Result<u32, SearchError> {
        let mut value: u32 = 0;
        for shift in [0u32, 7, 14, 21, 28] {
            let byte = self.byte()?;
            let bits = u32::from(byte & 0x7F);
            if shift == 28 && bits > 0x0F {
                return Err(corrupt("varint overflows 32 bits"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt("varint longer than five bytes"))
    }

    /// A varint that counts items each taking at least `min_bytes` of what is left, so a
    /// hostile count can never make the caller allocate more than the input justifies.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, SearchError> {
        let n = usize::try_from(self.varint()?).map_err(|_| corrupt("count"))?;
        if n.saturating_mul(min_bytes.max(1)) > self.remaining() {
            return Err(SearchError::Truncated);
        }
        Ok(n)
    }

    /// One byte.
    pub fn byte(&mut self) -> Result<u8, SearchError> {
        let (&first, rest) = self.bytes.split_first().ok_or(SearchError::Truncated)?;
        self.bytes = rest;
        Ok(first)
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        if n > self.bytes.len() {
            return Err(SearchError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, SearchError> {
        let bytes = self.take(8)?;
        let mut array = [0u8; 8];
        array.copy_from_slice(bytes);
        Ok(u64::from_le_bytes(array))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_lengths_agree() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            u32::MAX,
        ];
        let mut out = Vec::new();
        for &v in &values {
            let before = out.len();
            push(&mut out, v);
            assert_eq!(out.len() - before, len(v), "{v}");
        }
        let mut reader = Reader::new(&out);
        for &v in &values {
            assert_eq!(reader.varint().unwrap(), v);
        }
        assert!(reader.is_empty());
        assert_eq!(reader.varint(), Err(SearchError::Truncated));
    }

    #[test]
    fn rejects_overlong_and_overflowing_varints() {
        assert!(matches!(
            Reader::new(&[0xFF, 0xFF, 0xFF, 0xFF, 0x1F]).varint(),
            Err(SearchError::Corrupt { .. })
        ));
        assert!(matches!(
            Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).varint(),
            Err(SearchError::Corrupt { .. })
        ));
        assert_eq!(Reader::new(&[0x80]).varint(), Err(SearchError::Truncated));
    }

    #[test]
    fn counts_are_checked_against_the_bytes_left() {
        let mut bytes = Vec::new();
        push(&mut bytes, 1_000_000);
        bytes.extend([0; 10]);
        assert_eq!(Reader::new(&bytes).count(1), Err(SearchError::Truncated));
        let mut ok = vec![3, 0, 0, 0];
        assert_eq!(Reader::new(&ok).count(1), Ok(3));
        ok.truncate(3);
        assert_eq!(Reader::new(&ok).count(1), Err(SearchError::Truncated));
    }
}
