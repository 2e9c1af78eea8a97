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

fn cut(text: &str, max_chars: usize) -> String {
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
