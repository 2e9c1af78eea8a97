//! Which URLs may appear in the rendered page, decided the way a browser parses them.
//!
//! A browser strips leading and trailing C0 controls and spaces and removes tabs and
//! newlines anywhere before it reads a URL's scheme, and schemes are case-insensitive.
//! So `" JaVa\tScRiPt:alert(1)"` is a `javascript:` URL. We normalise the same way (and
//! also drop invisible bidi and zero-width characters), then read the scheme: an ASCII
//! letter followed by letters, digits, `+`, `-` or `.`, up to the first `:`. A URL with no
//! scheme is relative (a path, `?query`, `#fragment` or `//host`), which cannot run script.
//!
//! Entity references are decoded by the Markdown parser before URLs reach this module;
//! what is left is written escaped, so the browser never decodes them again.

use crate::slug::is_invisible;

/// Schemes allowed in link `href`s.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
/// Schemes allowed in image `src`s.
pub const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// The URL as a browser would read it: without tabs, newlines or invisible characters,
/// then trimmed. (Trimming first would let `"\u{7f} javascript:"` become
/// `" javascript:"`, which a browser reads as `javascript:`.)
pub fn normalise(url: &str) -> String {
    let visible: String = url
        .chars()
        .filter(|&c| !matches!(c, '\t' | '\n' | '\r') && !is_invisible(c))
        .collect();
    visible.trim_matches(|c: char| c <= ' ').to_owned()
}

/// The lower-cased scheme of a normalised URL, or `None` when it is relative.
pub fn scheme(normalised: &str) -> Option<String> {
    let colon = normalised.find(':')?;
    let candidate = &normalised[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    if chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        Some(candidate.to_ascii_lowercase())
    } else {
        None
    }
}

fn allowed(url: &str, schemes: &[&str], relative_ok: bool) -> Option<String> {
    let normalised = normalise(url);
    match scheme(&normalised) {
        None if relative_ok => Some(normalised),
        Some(found) if schemes.contains(&found.as_str()) => Some(normalised),
        _ => None,
    }
}

/// The `href` to write for a Markdown link, or `None` if it must not be a link.
pub fn safe_link_href(url: &str) -> Option<String> {
    allowed(url, LINK_SCHEMES, true)
}

/// The `src` to write for a Markdown image, or `None` if it must not be loaded. Images
/// need an absolute http(s) URL: a relative one would resolve against whatever route
/// the viewer shows, which is never what the author meant.
pub fn safe_image_src(url: &str) -> Option<String> {
    allowed(url, IMAGE_SCHEMES, false)
}

/// Whether a metadata URL (source, attribution) is an absolute http(s) URL with a host,
/// written without spaces or invisible characters.
pub fn is_http_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || is_invisible(c)) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/'))
}

/// Whether a link target leaves the page's origin (gets `rel="noopener …"`).
pub fn is_external(normalised: &str) -> bool {
    matches!(scheme(normalised).as_deref(), Some("http" | "https")) || normalised.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_refused_in_every_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\u{200B}script:alert(1)",
            // Found by the property tests: an invisible character before a space.
            "\u{7f} javascript:alert(1)",
            "\u{200B} javascript:alert(1)",
            "\u{202E}\u{85}  javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:image/svg+xml,<svg onload=alert(1)>",
            "file:///etc/passwd",
            "blob:https://x/y",
        ] {
            assert_eq!(safe_link_href(url), None, "{url:?}");
            assert_eq!(safe_image_src(url), None, "{url:?}");
        }
    }

    #[test]
    fn allowed_links() {
        assert_eq!(
            safe_link_href(" https://example.org/a b ").as_deref(),
            Some("https://example.org/a b")
        );
        assert!(safe_link_href("HTTP://example.org").is_some());
        assert!(safe_link_href("mailto:press@example.org").is_some());
        assert!(safe_link_href("/releases/x").is_some());
        assert!(safe_link_href("#section").is_some());
        assert!(safe_link_href("?q=1").is_some());
        assert!(safe_link_href("//example.org/x").is_some());
        assert!(
            safe_link_href("&#106;avascript:alert(1)").is_some(),
            "no scheme: relative"
        );
    }

    #[test]
    fn mailto_is_not_an_image() {
        assert_eq!(safe_image_src("mailto:a@b.c"), None);
        assert!(safe_image_src("https://example.org/a.png").is_some());
        assert_eq!(safe_image_src("/img/a.png"), None);
        assert_eq!(safe_image_src("//example.org/a.png"), None);
    }

    #[test]
    fn scheme_reading() {
        assert_eq!(scheme("HTTPS://x").as_deref(), Some("https"));
        assert_eq!(scheme("a+b-c.d:x").as_deref(), Some("a+b-c.d"));
        assert_eq!(scheme("1a:x"), None);
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("no-colon"), None);
    }

    #[test]
    fn external_means_another_origin_over_http() {
        assert!(is_external("https://example.org"));
        assert!(is_external("//example.org"));
        assert!(!is_external("mailto:a@b.c"));
        assert!(!is_external("/releases/x"));
        assert!(!is_external("#top"));
    }

    #[test]
    fn metadata_urls() {
        assert!(is_http_url("https://www.state.gov/x/"));
        assert!(is_http_url("http://nasa.gov"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https:///path"));
        assert!(!is_http_url("www.example.org"));
        assert!(!is_http_url(" https://x"));
        assert!(!is_http_url("https://x\u{202E}y"));
    }
}
