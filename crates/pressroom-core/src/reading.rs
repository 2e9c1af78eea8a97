//! Reading time of a release's body. Latin-script (and other space-separated) text is
//! counted in words, at [`WORDS_PER_MINUTE`]; Korean, Chinese and Japanese text in
//! characters, at [`CJK_CHARS_PER_MINUTE`], since Korean spacing groups several words
//! and Chinese and Japanese have no spaces at all: counting by spaces would make a
//! Korean release look three times shorter than it is.

use crate::search::tokenize::is_cjk;

/// Words a minute of running text.
pub const WORDS_PER_MINUTE: usize = 230;

/// Korean, Chinese or Japanese characters a minute.
pub const CJK_CHARS_PER_MINUTE: usize = 500;

/// Whole minutes to read `text` (Markdown or plain), at least one.
pub fn minutes(text: &str) -> u32 {
    let mut words = 0_usize;
    let mut cjk = 0_usize;
    for token in text.split_whitespace() {
        let characters = token.chars().filter(|&c| is_cjk(c)).count();
        if characters > 0 {
            cjk += characters;
        } else if token.chars().any(char::is_alphanumeric) {
            words += 1;
        }
    }
    // words / WPM + cjk / CPM, rounded up, in whole numbers.
    let scaled = words * CJK_CHARS_PER_MINUTE + cjk * WORDS_PER_MINUTE;
    let minutes = scaled
        .div_ceil(WORDS_PER_MINUTE * CJK_CHARS_PER_MINUTE)
        .max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_words() {
        assert_eq!(minutes(""), 1, "never zero");
        assert_eq!(minutes(&"word ".repeat(230)), 1);
        assert_eq!(minutes(&"word ".repeat(231)), 2);
        assert_eq!(
            minutes(&"word — * ".repeat(460)),
            2,
            "punctuation is no word"
        );
    }

    #[test]
    fn korean_counts_characters_not_spaces() {
        // 1,000 syllables in 250 space-separated groups: two minutes by characters,
        // where counting by spaces would say one.
        let korean = "정부가발표 ".repeat(200);
        assert_eq!(korean.split_whitespace().count(), 200);
        assert_eq!(minutes(&korean), 2);
        let japanese = "政府は発表した".repeat(100);
        assert_eq!(minutes(&japanese), 2, "700 characters, no spaces");
        assert_eq!(
            minutes(&format!("{} {}", "word ".repeat(230), "가".repeat(500))),
            2
        );
    }
}
