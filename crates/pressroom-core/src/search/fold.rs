//! Folding one character to its search form: lower case, Latin letters without their
//! diacritics, full-width ASCII as ASCII.
//!
//! The Latin table covers U+00C0–U+024F (Latin-1 Supplement, Latin Extended-A and -B) in
//! 400 bytes: each byte is the base letter, `.` for "keep the character", or `*` for one of
//! the few letters that fold to two (`ß` → `ss`, `æ` → `ae`, `œ` → `oe`, …).
//! Combining marks (U+0300–U+036F) and a few invisible format characters are dropped
//! inside words ([`is_ignorable`]), so a decomposed `e\u{301}` folds like `é`.

/// First code point of [`LATIN`].
const LATIN_FIRST: u32 = 0xC0;

/// Base letters of U+00C0..=U+024F, 40 a line; `.` keeps the character, `*` is two letters.
const LATIN: &[u8] = concat!(
    "aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*c", // U+00C0
    "eeeeiiiidnooooo.ouuuuy*yaaaaaaccccccccdd", // U+00E8
    "ddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkk", // U+0110
    "kllllllllllnnnnnn*..oooooo**rrrrrrssssss", // U+0138
    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb.....c", // U+0160
    "cdddd...effg.*iikkl..nnooo**pp.....ttttu", // U+0188
    "u.vyyzz.............*********aaiioouuuuu", // U+01B0
    "uuuuu.aaaa**ggggkkoooo..j***gg*.nnaa**oo", // U+01D8
    "aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaa", // U+0200
    "eeooooooooyylntj**accltsz..bu.eejjqqrryy", // U+0228
)
.as_bytes();

/// Whether `ch` is dropped inside a word without ending it: combining diacritical marks,
/// the soft hyphen, zero-width spaces and joiners, the word joiner, variation selectors
/// and the byte order mark.
pub fn is_ignorable(ch: char) -> bool {
    matches!(
        ch,
        '\u{300}'..='\u{36F}'
            | '\u{AD}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

/// Appends the folded form of `ch` to `out` (nothing for an ignorable character).
pub fn push_folded(ch: char, out: &mut String) {
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    let ch = from_full_width(ch);
    for lower in ch.to_lowercase() {
        push_latin_base(lower, out);
    }
}

/// The folded form of a whole string (characters that are not part of words are kept,
/// folded too). Used for tests and for comparing user input with terms.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        push_folded(ch, &mut out);
    }
    out
}

/// Full-width ASCII (U+FF01–U+FF5E) → ASCII (U+0021–U+007E).
fn from_full_width(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(ch) - 0xFEE0).unwrap_or(ch),
        _ => ch,
    }
}

/// Appends `ch` (already lower case) without its diacritic.
fn push_latin_base(ch: char, out: &mut String) {
    if is_ignorable(ch) {
        return;
    }
    let code = u32::from(ch);
    let entry = code
        .checked_sub(LATIN_FIRST)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| LATIN.get(i).copied());
    match entry {
        Some(b'*') => match two_letters(ch) {
            Some(pair) => out.push_str(pair),
            None => out.push(ch),
        },
        Some(base) if base.is_ascii_lowercase() => out.push(char::from(base)),
        _ => out.push(ch),
    }
}

/// The letters that fold to two ASCII letters (the `*` entries of the table).
fn two_letters(ch: char) -> Option<&'static str> {
    Some(match ch {
        'ß' => "ss",
        'æ' | 'Æ' | 'ǣ' | 'Ǣ' | 'ǽ' | 'Ǽ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        'ĳ' | 'Ĳ' => "ij",
        'ŉ' => "n",
        'Ǆ' | 'ǅ' | 'ǆ' | 'Ǳ' | 'ǲ' | 'ǳ' => "dz",
        'Ǉ' | 'ǈ' | 'ǉ' => "lj",
        'Ǌ' | 'ǋ' | 'ǌ' => "nj",
        'ƕ' | 'Ƕ' => "hv",
        'Ƣ' | 'ƣ' => "oi",
        'ȸ' => "db",
        'ȹ' => "qp",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_its_range_and_every_star_has_letters() {
        assert_eq!(LATIN.len(), 0x250 - 0xC0);
        for (i, &b) in LATIN.iter().enumerate() {
            let ch = char::from_u32(LATIN_FIRST + i as u32).unwrap();
            assert!(b == b'.' || b == b'*' || b.is_ascii_lowercase(), "{ch}");
            if b == b'*' {
                assert!(two_letters(ch).is_some(), "{ch} U+{:04X}", ch as u32);
            }
        }
    }

    #[test]
    fn folds_case_diacritics_and_special_letters() {
        assert_eq!(fold("Café Ålborg"), "cafe alborg");
        assert_eq!(fold("Straße Æsir Œuvre"), "strasse aesir oeuvre");
        assert_eq!(fold("Søren Łódź Đorđe"), "soren lodz dorde");
        assert_eq!(fold("ŞİŞLİ"), "sisli");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("Ｐｒｅｓｓ１２３！"), "press123!");
        assert_eq!(fold("Ελλάδα"), "ελλάδα", "Greek is lower-cased, not folded");
        assert_eq!(fold("정부 東京"), "정부 東京");
    }

    #[test]
    fn folding_twice_changes_nothing() {
        let text: String = (0xA0u32..0x2FF).filter_map(char::from_u32).collect();
        let once = fold(&text);
        assert_eq!(fold(&once), once);
    }
}
