//! Property tests of the Markdown renderer, slugs and the URL policy.
//!
//! Inputs come from a grammar biased towards the dangerous pieces of Markdown and HTML
//! (`<`, tag and event-handler names, `javascript:` and other schemes, entities with and
//! without `;`, `](`, `![`, backticks, quotes, control, bidi and zero-width characters,
//! Markdown block markers) mixed with arbitrary strings. Each property runs 256 cases by
//! default; `PROPTEST_CASES=100000` makes a heavier run. Failures are not written to a
//! regression file: a failure found here becomes a named test in `xss_corpus.rs` or in
//! the module's unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{browser_scheme, check};
use pressroom_core::markdown::{render, render_default, RenderOptions};
use pressroom_core::slug::{check_slug, is_invisible, slugify, MAX_DERIVED_SLUG_BYTES};
use pressroom_core::url_policy::{safe_image_src, safe_link_href};
use proptest::prelude::*;
use proptest::sample::select;

/// Pieces that matter to Markdown, HTML or URL parsing.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<!DOCTYPE html>",
    "&", "&#", "&#x", ";", "&#106;", "&#106", "&#x6A;", "&#x6a", "&#0000106", "&colon;",
    "&#58;", "&#x3A;", "&quot;", "&#34;", "&apos;", "&#39;", "&lt;", "&gt;", "&amp;",
    "&#9;", "&#x09;", "&#10;", "&#13;", "&#x0C;", "&#0;", "&nbsp;", "[", "]", "(", ")",
    "](", "![", "[x]", "[x]: ", "[x][]", "[^1]", "[[", "]]", "<http://", ">", "`", "```",
    "~~~", "~~", "*", "**", "_", "__", "\"", "'", "\\", "|", "|---|", "#", "# ", "## ",
    "{#", "}", "{#pressroom}", "\n# ", "\n## x ", "\n###### ", " ", "  ", "\n", "\n\n", "    ", "> ", "- ", "1. ", "99. ",
    "---", "===", "$", "$$", ":", "//", "/", "?", "=", "\t", "javascript:", "JaVaScRiPt:",
    "java\tscript:", "java\nscript:", " javascript:", "\u{1}javascript:", "jav&#x09;ascript:",
    "vbscript:", "data:", "data:text/html,", "data:image/svg+xml,", "file:", "blob:",
    "http:", "https:", "http://e.org/", "https://e.org/i.png", "mailto:", "mailto:a@b.c",
    "alert(1)", "onerror=", "onload=", "onclick=", "style=", "srcdoc=", "formaction=",
    "href=", "src=", "xlink:href=", "id=", "class=", "user-content-", "pressroom",
];

/// Tag names that have been used in XSS.
#[rustfmt::skip]
const TAGS: &[&str] = &[
    "script", "img", "svg", "math", "mtext", "mglyph", "malignmark", "style", "iframe",
    "object", "embed", "base", "meta", "form", "button", "input", "a", "details", "template",
    "noscript", "title", "textarea", "xmp", "noembed", "plaintext", "body", "html", "table",
    "select", "option", "foreignObject", "annotation-xml", "desc", "video", "audio", "link",
];

/// Attribute names that run script or load URLs.
#[rustfmt::skip]
const ATTRIBUTES: &[&str] = &[
    "onerror", "onload", "onclick", "ontoggle", "onfocus", "onmouseover", "onbegin",
    "onanimationstart", "href", "src", "srcdoc", "action", "formaction", "data",
    "xlink:href", "style", "id", "name", "class", "rel", "title", "autofocus", "open",
];

/// Characters that change how text is read or shown.
#[rustfmt::skip]
const CHARS: &[char] = &[
    '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{7f}', '\u{85}',
    '\u{a0}', '\u{ad}', '\u{61c}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}',
    '\u{200f}', '\u{2028}', '\u{2029}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
    '\u{202e}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
    '\u{fffd}', 'ℝ', '𝐀', 'ϒ', 'İ', 'ß', 'Ǆ', '한', 'ا', 'ſ', 'K', '\u{301}',
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(TOKENS).prop_map(str::to_owned),
        2 => (select(TAGS), select(ATTRIBUTES), select(TOKENS)).prop_map(|(tag, attr, value)| {
            format!("<{tag} {attr}=\"{value}\">")
        }),
        1 => select(TAGS).prop_map(|tag| format!("</{tag}>")),
        2 => select(CHARS).prop_map(String::from),
        1 => any::<char>().prop_map(|c| format!("&#{};", u32::from(c))),
        1 => (0u32..0x80).prop_map(|c| format!("&#x{c:x}")),
        2 => "[a-zA-Z0-9 ]{1,6}",
        2 => any::<String>(),
    ]
}

/// A Markdown document: dangerous pieces and arbitrary text, concatenated.
fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|pieces| pieces.concat())
}

/// Link and image forms around a URL made of the same pieces.
fn linkish() -> impl Strategy<Value = String> {
    let url = prop::collection::vec(piece(), 0..8).prop_map(|p| p.concat());
    (url, 0..6usize).prop_map(|(url, form)| match form {
        0 => format!("[t]({url})"),
        1 => format!("![t]({url})"),
        2 => format!("<{url}>"),
        3 => format!("[t][r]\n\n[r]: {url}"),
        4 => format!("[t](<{url}> \"{url}\")"),
        _ => format!("![{url}](https://e.org/i.png \"{url}\")"),
    })
}

/// Text for slugs and URLs: the characters above, schemes and arbitrary strings.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..16).prop_map(|p| p.concat())
}

fn config() -> ProptestConfig {
    // ProptestConfig::default() is 256 cases, or PROPTEST_CASES when set.
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn violations(html: &str) -> String {
    match check(html) {
        Ok(_) => String::new(),
        Err(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rendered_markdown_has_only_allowlisted_html(md in markdown()) {
        let html = render_default(&md);
        let problems = violations(&html);
        prop_assert!(problems.is_empty(), "input {md:?}\noutput {html:?}\n{problems}");
    }

    #[test]
    fn links_and_images_have_only_allowlisted_schemes(md in linkish()) {
        let html = render_default(&md);
        let problems = violations(&html);
        prop_assert!(problems.is_empty(), "input {md:?}\noutput {html:?}\n{problems}");
    }

    #[test]
    fn rendering_is_deterministic(a in markdown(), b in markdown()) {
        let first = render_default(&a);
        let _other = render_default(&b);
        prop_assert_eq!(&first, &render_default(&a));
        prop_assert_eq!(&first, &render(&a, &RenderOptions::default()));
    }

    #[test]
    fn slugs_are_valid_or_empty_and_have_no_invisible_characters(title in text()) {
        let slug = slugify(&title);
        prop_assert!(slug.is_empty() || check_slug(&slug).is_ok(), "{title:?} → {slug:?}");
        prop_assert!(!slug.chars().any(is_invisible), "{title:?} → {slug:?}");
        prop_assert!(slug.len() <= MAX_DERIVED_SLUG_BYTES);
        // Not idempotent in general (the Angstrom sign U+212B lower-cases to `å`,
        // which then folds to `a`), but slugifying a slug again stays valid.
        let again = slugify(&slug);
        prop_assert!(again.is_empty() == slug.is_empty(), "{slug:?} → {again:?}");
        prop_assert!(again.is_empty() || check_slug(&again).is_ok(), "{slug:?} → {again:?}");
    }

    #[test]
    fn safe_urls_have_allowlisted_schemes(url in text()) {
        if let Some(href) = safe_link_href(&url) {
            let scheme = browser_scheme(&href);
            prop_assert!(
                matches!(scheme.as_deref(), None | Some("http" | "https" | "mailto")),
                "{url:?} → href {href:?} (scheme {scheme:?})"
            );
            prop_assert!(!href.chars().any(is_invisible), "{url:?} → {href:?}");
        }
        if let Some(src) = safe_image_src(&url) {
            let scheme = browser_scheme(&src);
            prop_assert!(
                matches!(scheme.as_deref(), Some("http" | "https")),
                "{url:?} → src {src:?} (scheme {scheme:?})"
            );
        }
        // Whatever a browser would read as a scheme outside the allowlist is refused.
        if let Some(scheme) = browser_scheme(&url) {
            if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
                prop_assert_eq!(safe_link_href(&url), None, "{:?}", url);
            }
            if !matches!(scheme.as_str(), "http" | "https") {
                prop_assert_eq!(safe_image_src(&url), None, "{:?}", url);
            }
        }
    }
}

#[test]
fn the_grammar_reaches_the_dangerous_paths() {
    // A sanity check that generated documents are not all trivially text: render a
    // fixed sample of the strategy and require links, images and headings among them.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let (mut links, mut images, mut ids) = (0, 0, 0);
    for _ in 0..500 {
        let md = linkish().new_tree(&mut runner).unwrap().current();
        let counts = check(&render_default(&md)).unwrap();
        links += counts.links;
        images += counts.images;
        let md = markdown().new_tree(&mut runner).unwrap().current();
        ids += check(&render_default(&md)).unwrap().ids;
    }
    assert!(
        links > 20 && images > 20 && ids > 20,
        "{links} links, {images} images, {ids} ids"
    );
}
