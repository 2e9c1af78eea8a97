//! Small scans over the HTML trunk writes (dist/index.html), shared by the feed-link
//! rewrite and the CSP hash of the inline loader.

/// The index of the `>` ending the tag whose inside starts at `start`, skipping quoted
/// attribute values; `None` when the tag never ends (or `start` is out of range).
pub fn tag_end(html: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, c) in html.get(start..)?.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(start + offset),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_quoted_greater_than_signs() {
        let html = r#"<link href="a>b" title='c>d'>rest"#;
        assert_eq!(tag_end(html, 1), Some(html.find(">rest").unwrap_or(0)));
        assert_eq!(tag_end("<a href=\"x", 1), None);
        assert_eq!(tag_end("<a>", 10), None);
    }
}
