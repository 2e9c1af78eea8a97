//! A search box's text → a [`Query`].
//!
//! Syntax: words are ANDed; `"an exact phrase"`; `-word` and `-"a phrase"` exclude. While
//! the user types (`typing`), the last word is a prefix unless a space follows it or it is
//! quoted or excluded. Every word goes through the same tokenizer as the index, so one word
//! can give several terms (`AI기술` → `ai`, `기술`; `북한의` → `북한`, `한의`), all required.
//!
//! Anything parses: an unbalanced quote runs to the end, a lone `-` is ignored, only the
//! first [`MAX_QUERY_CHARS`] characters are read and at most [`MAX_QUERY_TERMS`] terms kept.

use super::tokenize::{for_each_token, terms};

/// Most terms a query keeps (required, prefix and excluded together).
pub const MAX_QUERY_TERMS: usize = 16;

/// Most characters of the input that are read.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// What a part of the query does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A word: its terms are required.
    Word,
    /// A quoted phrase: its terms are required, in order (see [`phrase_matches`]).
    Phrase,
    /// `-word`: documents with all its terms are left out.
    ExcludedWord,
    /// `-"phrase"`: documents where the phrase occurs are left out.
    ExcludedPhrase,
}

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// What the part does.
    pub kind: PartKind,
    /// The text as typed (without quotes or `-`).
    pub text: String,
    /// Its terms, in order.
    pub terms: Vec<String>,
    /// Whether the last term is a prefix (the word being typed).
    pub prefix: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    parts: Vec<Part>,
}

impl Query {
    /// Parses a search box's text. `typing`: the user is still typing, so the last word
    /// is a prefix when nothing follows it.
    pub fn parse(input: &str, typing: bool) -> Self {
        let input = match input.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => &input[..cut],
            None => input,
        };
        let mut parts = Vec::new();
        let mut budget = MAX_QUERY_TERMS;
        let mut rest = input;
        while budget > 0 {
            rest = rest.trim_start();
            let Some((mut part, after)) = next_part(rest) else {
                break;
            };
            rest = after;
            if part.terms.is_empty() {
                continue;
            }
            part.terms.truncate(budget);
            budget -= part.terms.len();
            part.prefix = typing && part.kind == PartKind::Word && rest.is_empty();
            parts.push(part);
        }
        Self { parts }
    }

    /// The parts, in the order typed.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Terms every hit has (words and phrases, without the prefix), without repeats.
    pub fn required(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for part in self.positive() {
            let exact = part.terms.len() - usize::from(part.prefix);
            for term in part.terms.iter().take(exact) {
                if !out.contains(&term.as_str()) {
                    out.push(term);
                }
            }
        }
        out
    }

    /// The prefix being typed, if any.
    pub fn prefix(&self) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.prefix)
            .and_then(|p| p.terms.last())
            .map(String::as_str)
    }

    /// Groups of terms that exclude: a document with every term of a group is left out.
    /// Phrases of two or more terms are not here (the index cannot tell); see
    /// [`Query::excluded_phrases`].
    pub fn excluded_groups(&self) -> Vec<&[String]> {
        self.parts
            .iter()
            .filter(|p| match p.kind {
                PartKind::ExcludedWord => true,
                PartKind::ExcludedPhrase => p.terms.len() == 1,
                _ => false,
            })
            .map(|p| p.terms.as_slice())
            .collect()
    }

    /// Phrases of two or more terms that hits must contain.
    pub fn phrases(&self) -> Vec<&[String]> {
        self.multi_term(PartKind::Phrase)
    }

    /// Phrases of two or more terms that hits must not contain.
    pub fn excluded_phrases(&self) -> Vec<&[String]> {
        self.multi_term(PartKind::ExcludedPhrase)
    }

    /// Whether the index alone cannot check the query: it has a phrase of two or more
    /// terms, which the caller verifies with [`Query::phrases_hold`].
    pub fn has_phrases(&self) -> bool {
        !self.phrases().is_empty() || !self.excluded_phrases().is_empty()
    }

    /// Whether the query asks for anything (a required term or a prefix). A query of
    /// exclusions only finds nothing.
    pub fn is_empty(&self) -> bool {
        self.required().is_empty() && self.prefix().is_none()
    }

    /// Whether a document's texts (title, summary, body, … as separate fields) satisfy the
    /// phrases: each phrase occurs in one field, and no excluded phrase in any.
    pub fn phrases_hold(&self, fields: &[&str]) -> bool {
        let found = |phrase: &[String]| fields.iter().any(|f| phrase_matches(f, phrase));
        self.phrases().into_iter().all(found) && !self.excluded_phrases().into_iter().any(found)
    }

    /// The query as text, with terms replaced by `replace` (for "did you mean").
    pub fn render_with(&self, replace: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out: Vec<String> = Vec::new();
        for part in &self.parts {
            let changed = part.terms.iter().any(|t| replace(t).is_some());
            let words = if changed {
                let words: Vec<String> = part
                    .terms
                    .iter()
                    .map(|t| replace(t).unwrap_or_else(|| t.clone()))
                    .collect();
                words.join(" ")
            } else {
                part.text.trim().to_owned()
            };
            out.push(match part.kind {
                PartKind::Word => words,
                PartKind::Phrase => format!("\"{words}\""),
                PartKind::ExcludedWord => format!("-{words}"),
                PartKind::ExcludedPhrase => format!("-\"{words}\""),
            });
        }
        out.join(" ")
    }

    fn positive(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| matches!(p.kind, PartKind::Word | PartKind::Phrase))
    }

    fn multi_term(&self, kind: PartKind) -> Vec<&[String]> {
        self.parts
            .iter()
            .filter(|p| p.kind == kind && p.terms.len() > 1)
            .map(|p| p.terms.as_slice())
            .collect()
    }
}

/// The next part of `rest` (which starts with no whitespace) and what follows it, or
/// `None` at the end. A part with no terms (a lone `-`, punctuation) comes back empty.
fn next_part(rest: &str) -> Option<(Part, &str)> {
    let mut chars = rest.chars();
    let first = chars.next()?;
    let (excluded, body) = match (first, chars.next()) {
        ('-', Some(next)) if !next.is_whitespace() => (true, &rest[1..]),
        ('-', _) => return Some((empty_part(), &rest[1..])),
        _ => (false, rest),
    };
    let (kind, text, after) = if let Some(quoted) = body.strip_prefix('"') {
        let (text, after) = match quoted.find('"') {
            Some(end) => (&quoted[..end], &quoted[end + 1..]),
            None => (quoted, ""),
        };
        let kind = if excluded {
            PartKind::ExcludedPhrase
        } else {
            PartKind::Phrase
        };
        (kind, text, after)
    } else {
        let end = body
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(body.len());
        let kind = if excluded {
            PartKind::ExcludedWord
        } else {
            PartKind::Word
        };
        (kind, &body[..end], &body[end..])
    };
    let part = Part {
        kind,
        text: text.to_owned(),
        terms: terms(text),
        prefix: false,
    };
    Some((part, after))
}

fn empty_part() -> Part {
    Part {
        kind: PartKind::Word,
        text: String::new(),
        terms: Vec::new(),
        prefix: false,
    }
}

/// Whether `phrase` (terms, as in [`Part::terms`]) occurs in `text`: its terms at
/// consecutive positions, in order, as the tokenizer reads the text. The index keeps no
/// positions, so the caller checks candidate hits with this (or [`Query::phrases_hold`])
/// against the text it loaded.
pub fn phrase_matches(text: &str, phrase: &[String]) -> bool {
    let Some(first) = phrase.first() else {
        return true;
    };
    // Lengths of the partial matches that end at the previous token.
    let mut active: Vec<usize> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    let mut found = false;
    for_each_token(text, |token| {
        if found {
            return;
        }
        next.clear();
        for &matched in &active {
            if phrase.get(matched).is_some_and(|t| t == token.term) {
                next.push(matched + 1);
            }
        }
        if token.term == first {
            next.push(1);
        }
        found = next.contains(&phrase.len());
        std::mem::swap(&mut active, &mut next);
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = Query::parse(r#"Budget "climate plan" -draft -"old news" 2024"#, false);
        assert_eq!(q.required(), ["budget", "climate", "plan", "2024"]);
        assert_eq!(q.prefix(), None);
        assert_eq!(q.phrases(), [strings(&["climate", "plan"])]);
        assert_eq!(q.excluded_groups(), [strings(&["draft"])]);
        assert_eq!(q.excluded_phrases(), [strings(&["old", "news"])]);
        assert!(q.has_phrases());
    }

    #[test]
    fn the_last_word_is_a_prefix_only_while_typing_and_unfinished() {
        assert_eq!(Query::parse("north kor", true).prefix(), Some("kor"));
        assert_eq!(Query::parse("north kor", true).required(), ["north"]);
        assert_eq!(Query::parse("north kor", false).prefix(), None);
        assert_eq!(Query::parse("north kor ", true).prefix(), None);
        assert_eq!(Query::parse("\"north kor", true).prefix(), None);
        assert_eq!(Query::parse("north -kor", true).prefix(), None);
        assert_eq!(Query::parse("covid-1", true).prefix(), Some("1"));
        assert_eq!(Query::parse("covid-1", true).required(), ["covid"]);
    }

    #[test]
    fn korean_words_become_required_bigrams() {
        let q = Query::parse("북한의 사이버", false);
        assert_eq!(q.required(), ["북한", "한의", "사이", "이버"]);
        let q = Query::parse("-북한의 기술", false);
        assert_eq!(q.excluded_groups(), [strings(&["북한", "한의"])]);
        assert_eq!(q.required(), ["기술"]);
    }

    #[test]
    fn broken_input_parses_without_panicking() {
        for input in [
            "",
            " ",
            "-",
            "- -",
            "--",
            "\"",
            "\"\"",
            "-\"",
            "-\"\"",
            "\"a",
            "a\"b\"c",
            "!!!",
            "-!!!",
            "\u{301}",
            "—",
            "-—x",
            "\"\u{10FFFF}",
            "💥-💥",
            "a-",
        ] {
            let q = Query::parse(input, true);
            let _ = (
                q.required(),
                q.prefix(),
                q.phrases(),
                q.render_with(&|_| None),
            );
        }
        assert!(Query::parse("- \"\" !!!", false).is_empty());
        assert_eq!(
            Query::parse("a\"b c\"d", false).required(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            Query::parse("\"open phrase", false).phrases(),
            [strings(&["open", "phrase"])]
        );
    }

    #[test]
    fn terms_are_capped_and_huge_input_is_cut() {
        let many = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let q = Query::parse(&many, true);
        assert_eq!(q.required().len(), MAX_QUERY_TERMS);
        let huge = "가나다라마바사".repeat(100_000);
        let q = Query::parse(&huge, false);
        assert_eq!(q.parts()[0].terms.len(), MAX_QUERY_TERMS);
        assert_eq!(q.required().len(), 7, "repeated bigrams count once");
        let huge = "\"".repeat(1_000_000);
        assert!(Query::parse(&huge, true).is_empty());
    }

    #[test]
    fn only_exclusions_is_empty() {
        assert!(Query::parse("-draft", false).is_empty());
        assert!(!Query::parse("x", true).is_empty());
    }

    #[test]
    fn phrases_match_consecutive_tokens_only() {
        let phrase = strings(&["climate", "plan"]);
        assert!(phrase_matches("The Climate-Plan, revised", &phrase));
        assert!(!phrase_matches("plan for the climate", &phrase));
        assert!(!phrase_matches("climate action plan", &phrase));
        assert!(phrase_matches("climate climate plan", &phrase));
        let korean = terms("북한 사이버");
        assert!(phrase_matches("최근 북한 사이버 위협이", &korean));
        assert!(!phrase_matches("북한의 사이버", &korean));
        assert!(phrase_matches("anything", &[]));
    }

    #[test]
    fn phrases_hold_checks_each_field_and_exclusions() {
        let q = Query::parse("\"climate plan\" -\"draft version\"", false);
        assert!(q.phrases_hold(&["Climate plan", "body"]));
        assert!(!q.phrases_hold(&["climate", "plan"]), "not across fields");
        assert!(!q.phrases_hold(&["climate plan", "a draft version"]));
    }

    #[test]
    fn renders_with_replacements() {
        let q = Query::parse("Goverment \"new plan\" -draft", false);
        let fixed = q.render_with(&|t| (t == "goverment").then(|| "government".to_owned()));
        assert_eq!(fixed, "government \"new plan\" -draft");
    }
}
