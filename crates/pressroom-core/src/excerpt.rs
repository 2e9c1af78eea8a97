//! A plain-text excerpt of a Markdown body, for the list when a release has no summary.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::markdown::parser_options;

/// The body's text (no markup), cut at a word boundary after about `max_chars`
/// characters, with `…` when cut. Headings are skipped: they repeat the title.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(pulldown_cmark::Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => push_words(&mut text, &t),
            Event::SoftBreak | Event::HardBreak => push_words(&mut text, " "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                push_words(&mut text, " ")
            }
            _ => {}
        }
        if text.chars().count() > max_chars {
            break;
        }
    }
    cut(text.trim(), max_chars)
}

fn push_words(text: &mut String, piece: &str) {
    for ch in piece.chars() {
        if ch.is_whitespace() {
            if !text.ends_with(' ') && !text.is_empty() {
                text.push(' ');
            }
        } else {
            text.push(ch);
        }
    }
}

/// Characters of a release's summary in the list and result cards (a longer summary is
/// cut at a word), and of the excerpt shown for a release that has none.
pub const SUMMARY_CHARS: usize = 160;

/// Bytes of a body that the summary looks at: enough for [`SUMMARY_CHARS`] characters of
/// text behind any markup, and it keeps a huge body from being parsed whole for a list.
const SUMMARY_SOURCE_BYTES: usize = 16 * 1024;

/// What a list shows of a release: its summary (trimmed, cut after
/// [`SUMMARY_CHARS`]), or an excerpt of its body.
pub fn summary_of(summary: Option<&str>, body: &str) -> String {
    match summary.map(str::trim) {
        Some(summary) if !summary.is_empty() => cut(summary, SUMMARY_CHARS),
        _ => excerpt(prefix(body, SUMMARY_SOURCE_BYTES), SUMMARY_CHARS),
    }
}

/// At most `max` bytes of the start of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// At most `max_chars` characters of `text`, cut at a word when one ends in the second
/// half, then `…`; `text` itself when it is short enough.
pub(crate) fn cut(text: &str, max_chars: usize) -> String {
    let Some((limit, _)) = text.char_indices().nth(max_chars) else {
        return text.to_owned();
    };
    let head = &text[..limit];
    let at_word = head.rfind(' ').filter(|&i| i > limit / 2).unwrap_or(limit);
    format!(
        "{}…",
        head[..at_word].trim_end_matches([' ', ',', ';', ':'])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup_and_headings() {
        let md = "# Title\n\nThe **agency** announced [a plan](https://x.org).\n\n- one\n- two";
        assert_eq!(excerpt(md, 200), "The agency announced a plan. one two");
    }

    #[test]
    fn summaries_or_excerpts_of_the_start_only() {
        assert_eq!(summary_of(Some("  Short. "), "Body."), "Short.");
        let long = "word ".repeat(100);
        let cut = summary_of(Some(&long), "");
        assert!(
            cut.ends_with('…') && cut.chars().count() <= SUMMARY_CHARS + 1,
            "{cut}"
        );
        assert_eq!(summary_of(Some(" "), "Body **two**."), "Body two.");
        let huge = format!("{} tail", "é".repeat(SUMMARY_SOURCE_BYTES));
        assert!(summary_of(None, &huge).chars().count() <= SUMMARY_CHARS + 1);
        assert_eq!(prefix("short", 3), "sho");
        assert!(prefix(&"é".repeat(10), 5).len() <= 5);
    }

    #[test]
    fn cuts_at_a_word() {
        let md = "alpha beta gamma delta epsilon";
        assert_eq!(excerpt(md, 12), "alpha beta…");
        assert_eq!(excerpt("short", 12), "short");
    }

    #[test]
    fn raw_html_is_not_markup_here_either() {
        let e = excerpt("<script>alert(1)</script> text", 100);
        assert!(!e.contains('<'), "{e}");
    }

    #[test]
    fn korean_is_cut_on_characters() {
        let e = excerpt("해양수산부는 오늘 연안 정화 계획을 발표했다", 8);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= 9);
    }
}
