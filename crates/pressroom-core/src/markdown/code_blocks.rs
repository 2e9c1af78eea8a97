//! Fenced code blocks keep only the first word of their info string, the language.
//!
//! pulldown-cmark writes the info string up to its first space as
//! `class="language-…"`. A tab or form feed (also written `&#9;` or `&#x0C;`) does not
//! stop it, but HTML splits class names at them, so ```` ```js&#x0C;load-error ```` would
//! give the element a class of the author's choosing (here one of the app's own). The
//! info string is cut at the first ASCII whitespace instead, as markdown-it does.

use pulldown_cmark::{CodeBlockKind, Event, Tag};

/// Cuts a fenced code block's info string at its first ASCII whitespace.
pub fn language_only(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            if info.contains(|c: char| c.is_ascii_whitespace()) =>
        {
            let language = info
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or_default()
                .to_owned();
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language.into())))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render_default;

    #[test]
    fn only_the_language_becomes_a_class() {
        for source in [
            "```js&#x0C;load-error\nx\n```",
            "```js\tload-error\nx\n```",
            "```js&#9;load-error\nx\n```",
            "```js load-error\nx\n```",
        ] {
            let html = render_default(source);
            assert!(
                html.contains("<code class=\"language-js\">"),
                "{source:?} → {html}"
            );
            assert!(!html.contains("load-error"), "{source:?} → {html}");
        }
        assert!(render_default("```rust\nx\n```").contains("class=\"language-rust\""));
        assert!(render_default("```\nx\n```").contains("<pre><code>"));
    }
}
