//! One content hash for every file Pressroom names by its content and for telling changed
//! data apart: 64-bit FNV-1a. Not cryptographic: it names files for caching and catches
//! stale or mismatched copies, and the data is the publisher's own.

/// The 64-bit FNV-1a hash of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Hex digits of a content hash in a file name: 40 bits, so that two versions of one
/// file get the same name once in a trillion publishes.
pub const NAME_HEX_DIGITS: usize = 10;

/// The short hex form of `bytes`' hash, for file names.
pub fn short_hex(bytes: &[u8]) -> String {
    let full = format!("{:016x}", fnv1a64(bytes));
    full[..NAME_HEX_DIGITS].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        // From the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(short_hex(b"a"), "af63dc4c86");
    }
}
