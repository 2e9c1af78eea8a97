//! Escaping text for HTML: element text and quoted attribute values alike.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe both as
/// element text and inside a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    replace_ascii(text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with each ASCII byte for which `replacement` gives a string replaced by it; the
/// rest is copied in runs.
pub fn replace_ascii(text: &str, replacement: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    for (index, byte) in text.bytes().enumerate() {
        // Only ASCII bytes are replaced, so `index` is always a character boundary.
        if let Some(with) = replacement(byte).filter(|_| byte.is_ascii()) {
            out.push_str(&text[copied..index]);
            out.push_str(with);
            copied = index + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` on one line: runs of whitespace (newlines included) become one space, and the
/// ends are trimmed. Head tags' values are read as one line by previews.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"</title><script>alert("x" & 'y')</script>"#),
            "&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape_html("해양수산부 발표"), "해양수산부 발표");
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
        assert_eq!(escape_html("é<ü>한"), "é&lt;ü&gt;한");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a\n\tb   c \r\n"), "a b c");
        assert_eq!(one_line(""), "");
    }
}
