//! The Markdown renderer's safety rules, checked on behaviour: which elements,
//! attributes and URLs come out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use pressroom_core::markdown::{render, render_default, RenderOptions};

/// Every `href="…"`/`src="…"` value in the output.
fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            let after = &rest[start + attr.len()..];
            let end = after.find('"').unwrap();
            found.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn raw_html_is_shown_as_text() {
    let html = render_default("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> there");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}

#[test]
fn html_blocks_of_every_kind_stay_text() {
    for src in [
        "<div onclick=\"x()\">a</div>",
        "<!-- comment -->",
        "<?php echo 1; ?>",
        "<!DOCTYPE html>",
        "<![CDATA[ x ]]>",
        "<details open ontoggle=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    ] {
        let html = render_default(src);
        assert!(
            !html.contains('<') || html.starts_with("<p>") && html.matches('<').count() == 2,
            "{src:?} → {html:?}"
        );
    }
}

#[test]
fn only_allowlisted_link_schemes_survive() {
    for (md, text) in [
        ("[a](javascript:alert(1))", "a"),
        ("[b](JaVaScRiPt:alert(1))", "b"),
        ("[c](&#106;avascript:alert(1))", "c"),
        ("[d](&#x6A;avascript&colon;alert(1))", "d"),
        ("[e](vbscript:msgbox)", "e"),
        ("[f](data:text/html;base64,PHNjcmlwdD4=)", "f"),
        ("[g]( javascript:alert(1))", "g"),
        ("[h](<java\tscript:alert(1)>)", "h"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),
        ("[i][ref]\n\n[ref]: javascript:alert(1)", "i"),
        ("[j](file:///etc/passwd)", "j"),
    ] {
        let html = render_default(md);
        assert!(!html.contains("<a"), "{md:?} → {html}");
        assert!(html.contains(text), "{md:?} keeps its text: {html}");
    }
}

#[test]
fn allowed_links_keep_their_url_and_get_rel() {
    let html = render_default(
        "[site](https://example.org/a?b=1&c=2) [mail](mailto:press@example.org) \
         <https://example.org/auto> <press@example.org> [rel](/releases/x)",
    );
    let found = urls(&html);
    assert_eq!(
        found,
        vec![
            "https://example.org/a?b=1&amp;c=2",
            "mailto:press@example.org",
            "https://example.org/auto",
            "mailto:press@example.org",
            "/releases/x",
        ]
    );
    assert_eq!(
        html.matches("rel=\"noopener noreferrer nofollow ugc\"")
            .count(),
        2
    );
}

#[test]
fn images_allow_http_and_https_only() {
    let html = render_default(
        "![ok](https://example.org/a.png) ![bad](javascript:alert(1)) \
         ![data](data:image/png;base64,AAAA) ![mail](mailto:a@b.c)",
    );
    assert_eq!(urls(&html), vec!["https://example.org/a.png"]);
    assert!(html.contains("bad") && html.contains("data") && html.contains("mail"));
}

#[test]
fn attribute_breakouts_are_escaped() {
    let html = render_default(
        "[x](https://example.org \"a\\\" onmouseover=\\\"alert(1)\") ![y\" onerror=\"alert(1)](https://example.org/i.png)",
    );
    assert!(!html.contains("\" onmouseover"), "{html}");
    assert!(!html.contains("\" onerror"), "{html}");
}

#[test]
fn heading_attributes_stay_off_and_ids_are_unique_and_prefixed() {
    let html = render_default("# Intro {#app .evil onclick=x}\n\n## Intro\n\n## Intro\n\n## 요약");
    assert!(!html.contains("id=\"app\""), "{html}");
    assert!(!html.contains("class=\"evil\""), "{html}");
    let ids: Vec<&str> = html
        .split("id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(
        ids.iter().all(|id| id.starts_with("user-content-")),
        "{ids:?}"
    );
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 4, "{ids:?}");
    assert!(ids.contains(&"user-content-요약"));
}

#[test]
fn fragment_links_follow_the_prefix() {
    let html = render_default("## Background\n\n[see](#background)");
    assert!(html.contains("id=\"user-content-background\""));
    assert!(html.contains("href=\"#user-content-background\""));
}

#[test]
fn options_are_explicit() {
    let options = RenderOptions {
        id_prefix: "rc-".into(),
        external_rel: "noopener".into(),
        highlight: None,
        heading_anchors: false,
    };
    let html = render("# A\n\n[x](https://e.org)", &options);
    assert!(html.contains("id=\"rc-a\""));
    assert!(html.contains("rel=\"noopener\""));
}

#[test]
fn tables_and_strikethrough_render_without_inline_style() {
    let html = render_default("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n~~old~~");
    assert!(
        html.contains("<table>") && html.contains("<td>1</td>"),
        "{html}"
    );
    assert!(!html.contains("style="), "{html}");
    assert!(html.contains("<del>old</del>"), "{html}");
}

#[test]
fn footnotes_and_wikilinks_are_not_enabled() {
    let html = render_default("x[^1]\n\n[^1]: a footnote\n\n[[Page]]");
    assert!(!html.contains("footnote-"), "{html}");
    assert!(!html.contains("<sup"), "{html}");
    assert!(html.contains("[[Page]]"), "{html}");
}

#[test]
fn rendering_is_deterministic_and_total() {
    let inputs = [
        "",
        "\u{0}",
        "[",
        "![",
        "<",
        "*".repeat(10_000).as_str().to_owned().leak(),
        "> ".repeat(5_000).as_str().to_owned().leak(),
    ];
    for input in inputs {
        assert_eq!(render_default(input), render_default(input));
    }
}

#[test]
fn headings_link_to_themselves_only_when_asked() {
    let markdown = "## Budget & plans\n\ntext\n\n## Budget & plans\n\n# <script>x</script>\n";
    let plain = render(markdown, &RenderOptions::default());
    assert!(!plain.contains("heading-anchor"), "{plain}");
    let options = RenderOptions {
        heading_anchors: true,
        ..RenderOptions::default()
    };
    let html = render(markdown, &options);
    // Hand-written: the ids of these headings ("&" reads "and", as in slugs), prefixed.
    for id in [
        "user-content-budget-and-plans",
        "user-content-budget-and-plans-1",
        "user-content-script-x-script",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
        assert!(
            html.contains(&format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h")),
            "the link to {id} ends its heading: {html}"
        );
    }
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn named_references_decode_as_the_html_standard_lists_them() {
    // The same line and facts as the browser's test in `tests/web` (the wasm leaves the
    // table out and resolves references with the browser's HTML parser).
    let html = render_default(
        "&copy; &frac12; &notit; &semi; &AMP; &lt;script&gt; `&copy;` [x](/a?b=1&amp;c=2)",
    );
    assert!(
        html.contains("© ½ &amp;notit; ; &amp; &lt;script&gt; "),
        "{html}"
    );
    assert!(html.contains("<code>&amp;copy;</code>"), "{html}");
    assert!(html.contains("href=\"/a?b=1&amp;c=2\""), "{html}");
    assert!(!html.contains("<script"), "{html}");
}
