//! Where a query's terms are in a text, for `<mark>` in result snippets and the article.

use std::ops::Range;

use super::query::{PartKind, Query};
use super::tokenize::for_each_token;

/// Byte ranges of `text` (the original, unfolded) whose tokens match the query's words
/// and phrases: exact terms, or terms starting with the prefix being typed. Excluded
/// terms are not marked. A CJK word matches bigram by bigram, so its span is the union of
/// its matched bigrams. The ranges are on char boundaries, sorted, and neither overlap nor
/// touch (touching ranges are merged). Only the first
/// [`MAX_TOKENS`](super::tokenize::MAX_TOKENS) tokens are read.
pub fn highlight_ranges(text: &str, query: &Query) -> Vec<Range<usize>> {
    let mut exact: Vec<&str> = Vec::new();
    for part in query.parts() {
        if matches!(part.kind, PartKind::Word | PartKind::Phrase) {
            exact.extend(part.terms.iter().map(String::as_str));
        }
    }
    let prefix = query.prefix();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for_each_token(text, |token| {
        let hit = exact.contains(&token.term) || prefix.is_some_and(|p| token.term.starts_with(p));
        if !hit {
            return;
        }
        match ranges.last_mut() {
            Some(last) if token.start <= last.end => last.end = last.end.max(token.end),
            _ => ranges.push(token.start..token.end),
        }
    });
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, query: &str, typing: bool) -> Vec<String> {
        let q = Query::parse(query, typing);
        highlight_ranges(text, &q)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn marks_words_in_the_original_text() {
        assert_eq!(
            marked("The CAFÉ in Ålborg, café-bar", "cafe alborg", false),
            ["CAFÉ", "Ålborg", "café"]
        );
        assert_eq!(
            marked("Government governs", "gover", true),
            ["Government", "governs"]
        );
        assert_eq!(
            marked("Government governs", "gover", false),
            Vec::<String>::new()
        );
        assert_eq!(marked("budget draft", "budget -draft", false), ["budget"]);
        assert_eq!(
            marked("a climate plan", "\"climate plan\"", false),
            ["climate", "plan"]
        );
    }

    #[test]
    fn marks_the_span_of_matched_korean_bigrams() {
        assert_eq!(
            marked("최근 북한의 사이버 위협", "북한 사이버", false),
            ["북한", "사이버"]
        );
        assert_eq!(marked("北京大学", "北京大学", false), ["北京大学"]);
    }

    #[test]
    fn ranges_are_sorted_disjoint_and_on_char_boundaries() {
        let text = "ｆｕｌｌ ŞİŞLİ 정부는 e\u{301}te 👍 full";
        let q = Query::parse("full şişli 정부 ete", false);
        let ranges = highlight_ranges(text, &q);
        assert_eq!(ranges.len(), 5);
        for pair in ranges.windows(2) {
            assert!(pair[0].end < pair[1].start);
        }
        for r in &ranges {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}
