//! Escaping text for the places the site writer puts it: HTML text and quoted attribute
//! values ([`html`]), JSON inside a `<script>` element ([`json_in_script`]), and one-line
//! values for head tags ([`one_line`]). One definition each; the Markdown renderer uses
//! pulldown-cmark's own escaper for its output.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe as element
/// text and inside a single- or double-quoted attribute value.
pub fn html(text: &str) -> String {
    replace_ascii(text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// JSON text made safe inside `<script type="application/…json">`: `<`, `>` and `&` become
/// `\u003c`, `\u003e`, `\u0026` (so neither `</script>` nor `<!--` can appear), and U+2028
/// and U+2029 are escaped too. The JSON value is unchanged for any JSON parser.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `text` on one line: runs of whitespace (newlines included) become one space, and the
/// ends are trimmed. Head tags' values are read as one line by link previews.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with each ASCII byte for which `replacement` gives a string replaced by it; the
/// rest is copied in runs.
fn replace_ascii(text: &str, replacement: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    for (index, byte) in text.bytes().enumerate() {
        // Only ASCII bytes are replaced, so `index` is always a character boundary.
        if let Some(with) = replacement(byte).filter(|_| byte.is_ascii()) {
            out.push_str(text.get(copied..index).unwrap_or_default());
            out.push_str(with);
            copied = index + 1;
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            html(r#"</title><script>alert("x" & 'y')</script>"#),
            "&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("해양수산부 발표"), "해양수산부 발표");
        assert_eq!(html("&amp;"), "&amp;amp;");
        assert_eq!(html("é<ü>한"), "é&lt;ü&gt;한");
        assert_eq!(html(""), "");
    }

    #[test]
    fn json_cannot_close_its_script() {
        let escaped = json_in_script(r#"{"t":"</script><!-- & \u2028"}"#);
        assert_eq!(
            escaped,
            r#"{"t":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}"#
        );
        let value: serde_json::Value =
            serde_json::from_str(&json_in_script("{\"a\":\"</script>\u{2028}x\"}"))
                .unwrap_or_default();
        assert_eq!(value["a"], "</script>\u{2028}x");
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a\n\tb   c \r\n"), "a b c");
        assert_eq!(one_line(""), "");
    }
}
