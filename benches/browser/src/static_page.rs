//! The "static" reader: a pre-rendered page with every `<script>` element and every
//! `modulepreload`/`preload` link taken out, the floor for first paint (the same markup
//! and stylesheet, and nothing that runs).

use std::path::Path;

use anyhow::{Context, Result};

/// `html` without `<script>…</script>` elements and `<link rel="modulepreload|preload">`.
pub fn strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = if starts_tag(tail, "script") {
            find_ci(tail, "</script")
                .and_then(|close| tail[close..].find('>').map(|gt| close + gt + 1))
        } else if starts_tag(tail, "link") && is_preload(tail) {
            tail.find('>').map(|gt| gt + 1)
        } else {
            None
        };
        match end {
            Some(end) => rest = &tail[end..],
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` starts with the tag `<name` (followed by a space, `>` or `/`).
fn starts_tag(text: &str, name: &str) -> bool {
    // Bytes, not `str` slices: the text after `<` may be any script (`<bdi>얪…`).
    let bytes = text.as_bytes();
    let after = 1 + name.len();
    bytes
        .get(1..after)
        .is_some_and(|tag| tag.eq_ignore_ascii_case(name.as_bytes()))
        && matches!(bytes.get(after), Some(b' ' | b'>' | b'/' | b'\t' | b'\n'))
}

/// Whether the `<link …>` at the start of `text` preloads something.
fn is_preload(text: &str) -> bool {
    let tag = text
        .find('>')
        .map_or(text, |gt| &text[..gt])
        .to_ascii_lowercase();
    [
        "rel=\"modulepreload\"",
        "rel=\"preload\"",
        "rel=modulepreload",
        "rel=preload",
    ]
    .iter()
    .any(|rel| tag.contains(rel))
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Strips every `.html` file under `dir`, in place.
pub fn strip_tree(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.is_dir() {
            strip_tree(&path)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            std::fs::write(&path, strip(&html))
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_preloads_go_the_rest_stays() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
            <link rel=\"stylesheet\" href=\"/s.css\"/>\
            <link rel=\"modulepreload\" href=\"/a.js\" crossorigin=\"anonymous\">\
            <link rel=\"preload\" href=\"/a.wasm\" as=\"fetch\"><SCRIPT src=x></SCRIPT></head>\
            <body><p>a < b</p><scripted>kept</scripted></body>";
        assert_eq!(
            strip(html),
            "<head><link rel=\"stylesheet\" href=\"/s.css\"/></head>\
             <body><p>a < b</p><scripted>kept</scripted></body>"
        );
    }

    #[test]
    fn tags_before_other_scripts_are_kept_whole() {
        // Found by the benchmark on a Korean release: `<bdi>얪힋` cut inside a character.
        let html = "<p><bdi>얪힋 부처</bdi><script>x()</script><i>한</i></p>";
        assert_eq!(strip(html), "<p><bdi>얪힋 부처</bdi><i>한</i></p>");
        assert_eq!(strip("<스크립트>"), "<스크립트>");
    }

    #[test]
    fn an_unclosed_script_is_left_alone() {
        assert_eq!(strip("<script>x"), "<script>x");
    }
}
