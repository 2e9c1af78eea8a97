//! The one segmenter of the search engine, used to index and to query, so both always
//! agree on what a term is.
//!
//! - Words are maximal runs of alphanumeric characters ([`char::is_alphanumeric`]); every
//!   other character separates them. Characters that [`is_ignorable`] (combining marks,
//!   soft hyphens, zero-width joiners) are dropped inside a word without ending it.
//! - A word is folded ([`push_folded`]: lower case, Latin diacritics, full-width ASCII) and
//!   cut to [`MAX_TERM_CHARS`] characters.
//! - Korean (Hangul syllables and jamo), Chinese (Han) and Japanese (Hiragana, Katakana)
//!   have no reliable word boundaries, so a run of those characters becomes overlapping
//!   character bigrams (`정부는` → `정부`, `부는`); a run of one character is a unigram.
//!   A run ends at any other character, so `AI기술` is `ai` then `기술`.
//! - Every token has a position (0, 1, 2, … within the text: a bigram counts as one), and
//!   the byte range of the original text it comes from, for highlighting.
//! - At most [`MAX_TOKENS`] tokens are read from one text, so a huge body costs bounded work.

use std::ops::Range;

use super::fold::{is_ignorable, push_folded};

/// Longest term, in characters; longer words are cut (at index and at query time alike).
pub const MAX_TERM_CHARS: usize = 40;

/// Most tokens read from one text (one field of a release, or one snippet).
pub const MAX_TOKENS: u32 = 65_536;

/// One token, borrowed from the tokenizer's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The folded term.
    pub term: &'a str,
    /// 0 for the text's first token, then one more for each token.
    pub position: u32,
    /// Byte range of the original text the token comes from (on char boundaries).
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
}

/// One token, owned: see [`TokenRef`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded term.
    pub term: String,
    /// The token's position in the text.
    pub position: u32,
    /// Byte range of the original text the token comes from.
    pub span: Range<usize>,
}

/// The tokens of `text`, owned.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, |t| {
        tokens.push(Token {
            term: t.term.to_owned(),
            position: t.position,
            span: t.start..t.end,
        })
    });
    tokens
}

/// The folded terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

/// Calls `emit` with each token of `text`, in order, without allocating per token.
pub fn for_each_token(text: &str, mut emit: impl FnMut(TokenRef<'_>)) {
    let mut state = Segmenter::default();
    for (at, ch) in text.char_indices() {
        if state.position >= MAX_TOKENS {
            return;
        }
        let end = at + ch.len_utf8();
        match class(ch) {
            Class::Word => {
                state.end_cjk(&mut emit);
                state.push_word_char(ch, at, end);
            }
            Class::Cjk => {
                state.end_word(&mut emit);
                state.push_cjk_char(ch, at, end, &mut emit);
            }
            Class::Ignorable => state.extend(end),
            Class::Separator => {
                state.end_word(&mut emit);
                state.end_cjk(&mut emit);
            }
        }
    }
    state.end_word(&mut emit);
    state.end_cjk(&mut emit);
}

/// Whether `term` is made of CJK characters (a bigram or unigram).
pub fn is_cjk_term(term: &str) -> bool {
    term.chars().next().is_some_and(is_cjk)
}

/// What a character is to the segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Cjk,
    Ignorable,
    Separator,
}

fn class(ch: char) -> Class {
    if ch.is_ascii() {
        return if ch.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Separator
        };
    }
    if is_cjk(ch) {
        Class::Cjk
    } else if ch.is_alphanumeric() {
        Class::Word
    } else if is_ignorable(ch) {
        Class::Ignorable
    } else {
        Class::Separator
    }
}

/// Hangul (syllables, jamo, compatibility and half-width jamo), Han (unified ideographs,
/// extensions, compatibility ideographs, the iteration mark), Hiragana and Katakana
/// (with half-width forms). Only alphanumeric characters of those blocks count.
pub fn is_cjk(ch: char) -> bool {
    // The common blocks where every character is a letter.
    if matches!(ch, '\u{AC00}'..='\u{D7A3}' | '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
    {
        return true;
    }
    let cjk_block = matches!(
        ch,
        '\u{1100}'..='\u{11FF}'
            | '\u{3005}'..='\u{3007}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{AC00}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FFDC}'
            | '\u{20000}'..='\u{3134F}'
    );
    cjk_block && ch.is_alphanumeric()
}

/// The segmenter's state between characters: an open word or an open CJK run.
#[derive(Default)]
struct Segmenter {
    /// The folded word so far (empty when no word is open).
    word: String,
    word_chars: usize,
    word_open: bool,
    /// Byte where the open word or CJK run's current token starts, and where it ends.
    start: usize,
    end: usize,
    /// The previous CJK character of the open run and where it starts.
    cjk_previous: Option<(char, usize)>,
    /// Characters in the open CJK run.
    cjk_len: usize,
    /// Buffer for one CJK term.
    cjk_term: String,
    position: u32,
}

impl Segmenter {
    fn push_word_char(&mut self, ch: char, at: usize, end: usize) {
        if !self.word_open {
            self.word_open = true;
            self.word.clear();
            self.word_chars = 0;
            self.start = at;
        }
        self.end = end;
        if self.word_chars < MAX_TERM_CHARS {
            let before = self.word.len();
            push_folded(ch, &mut self.word);
            self.word_chars += self.word[before..].chars().count();
            if self.word_chars > MAX_TERM_CHARS {
                let cut = self.word.char_indices().nth(MAX_TERM_CHARS);
                if let Some((byte, _)) = cut {
                    self.word.truncate(byte);
                }
                self.word_chars = MAX_TERM_CHARS;
            }
        }
    }

    /// An ignorable character extends the open word or run's span.
    fn extend(&mut self, end: usize) {
        if self.word_open || self.cjk_previous.is_some() {
            self.end = end;
        }
    }

    fn end_word(&mut self, emit: &mut impl FnMut(TokenRef<'_>)) {
        if !self.word_open {
            return;
        }
        self.word_open = false;
        if !self.word.is_empty() {
            emit(TokenRef {
                term: &self.word,
                position: self.position,
                start: self.start,
                end: self.end,
            });
            self.position += 1;
        }
    }

    fn push_cjk_char(
        &mut self,
        ch: char,
        at: usize,
        end: usize,
        emit: &mut impl FnMut(TokenRef<'_>),
    ) {
        if let Some((previous, previous_at)) = self.cjk_previous {
            self.cjk_term.clear();
            push_folded(previous, &mut self.cjk_term);
            push_folded(ch, &mut self.cjk_term);
            emit(TokenRef {
                term: &self.cjk_term,
                position: self.position,
                start: previous_at,
                end,
            });
            self.position += 1;
        }
        self.cjk_previous = Some((ch, at));
        self.cjk_len += 1;
        self.end = end;
    }

    fn end_cjk(&mut self, emit: &mut impl FnMut(TokenRef<'_>)) {
        let Some((previous, previous_at)) = self.cjk_previous.take() else {
            return;
        };
        if self.cjk_len == 1 {
            self.cjk_term.clear();
            push_folded(previous, &mut self.cjk_term);
            emit(TokenRef {
                term: &self.cjk_term,
                position: self.position,
                start: previous_at,
                end: self.end,
            });
            self.position += 1;
        }
        self.cjk_len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect()
    }

    #[test]
    fn english_words_are_folded_and_split_at_punctuation() {
        assert_eq!(
            terms("The Ministry's plan: COVID-19, 3.5% (2024)!"),
            ["the", "ministry", "s", "plan", "covid", "19", "3", "5", "2024"]
        );
    }

    #[test]
    fn korean_is_cut_into_overlapping_bigrams_per_run() {
        assert_eq!(terms("북한 사이버 위협"), ["북한", "사이", "이버", "위협"]);
        // Particles stay attached, and the stem's bigram is still there.
        assert_eq!(terms("정부는 북한의"), ["정부", "부는", "북한", "한의"]);
        assert_eq!(
            terms("및 등"),
            ["및", "등"],
            "a one-syllable run is a unigram"
        );
    }

    #[test]
    fn chinese_and_japanese_have_no_spaces_and_still_split() {
        assert_eq!(terms("东京大学"), ["东京", "京大", "大学"]);
        assert_eq!(
            terms("東京都に住む"),
            ["東京", "京都", "都に", "に住", "住む"]
        );
        assert_eq!(terms("カタカナ"), ["カタ", "タカ", "カナ"]);
    }

    #[test]
    fn scripts_split_at_cjk_boundaries() {
        assert_eq!(terms("AI기술"), ["ai", "기술"]);
        assert_eq!(
            terms("5G네트워크망"),
            ["5g", "네트", "트워", "워크", "크망"]
        );
        assert_eq!(terms("삼성SDI"), ["삼성", "sdi"]);
    }

    #[test]
    fn diacritics_fold_so_both_spellings_meet() {
        assert_eq!(terms("Café Ålborg"), terms("cafe alborg"));
        assert_eq!(terms("cafe\u{301}"), ["cafe"]);
        assert_eq!(
            spans("cafe\u{301}!"),
            ["cafe\u{301}"],
            "the mark is in the span"
        );
    }

    #[test]
    fn emoji_and_symbols_separate_words() {
        assert_eq!(terms("launch🚀today 👍🏽 ok"), ["launch", "today", "ok"]);
        assert_eq!(terms("🇰🇷"), Vec::<String>::new());
    }

    #[test]
    fn positions_count_tokens_and_spans_point_into_the_original() {
        let text = "Ｐｒｅｓｓ 정부는 Ünion";
        let tokens = tokenize(text);
        let positions: Vec<u32> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
        assert_eq!(spans(text), ["Ｐｒｅｓｓ", "정부", "부는", "Ünion"]);
        assert_eq!(tokens[0].term, "press");
    }

    #[test]
    fn long_words_are_cut_and_huge_input_is_bounded() {
        let long = "x".repeat(1000);
        let t = tokenize(&long);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].term.chars().count(), MAX_TERM_CHARS);
        assert_eq!(t[0].span, 0..1000);
        let folded_long = "ß".repeat(100);
        assert_eq!(terms(&folded_long)[0].chars().count(), MAX_TERM_CHARS);
        let huge = "word ".repeat(200_000);
        assert_eq!(tokenize(&huge).len(), MAX_TOKENS as usize);
        let huge_korean = "가나다라".repeat(100_000);
        assert_eq!(tokenize(&huge_korean).len(), MAX_TOKENS as usize);
    }

    #[test]
    fn empty_and_separator_only_text_has_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize("  -- !! \u{301} \u{200D}").is_empty());
    }
}
