//! Hostile HTML and Markdown from the corpus: DOMPurify's 223 sanitizer payloads go
//! through import's HTML → Markdown conversion, and markdown-it's XSS cases through
//! `build`; the page the viewer would render from the result must hold nothing that runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use pressroom_cli::html_to_markdown::html_to_markdown;
use pressroom_core::markdown::render_default;
use url::Url;

/// Every problem with rendered HTML: script-capable elements, event handlers, and
/// link or image targets that are not http(s), mailto or relative.
fn dangers(html: &str) -> Vec<String> {
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
    let mut found = Vec::new();
    let mut stack: Vec<Handle> = vec![Rc::clone(&dom.document)];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            let tag: &str = &name.local;
            if matches!(
                tag,
                "script"
                    | "style"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "form"
                    | "svg"
                    | "math"
                    | "link"
                    | "meta"
                    | "base"
                    | "frame"
                    | "input"
                    | "button"
            ) {
                found.push(format!("<{tag}>"));
            }
            for attr in attrs.borrow().iter() {
                let attr_name: &str = &attr.name.local;
                if attr_name.starts_with("on") || attr_name == "style" || attr_name == "srcdoc" {
                    found.push(format!("{tag} {attr_name}="));
                }
                if matches!(
                    attr_name,
                    "href" | "src" | "action" | "formaction" | "xlink:href"
                ) {
                    let value = attr.value.trim().to_ascii_lowercase();
                    let scheme_ok = match Url::parse(&value) {
                        Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto"),
                        Err(_) => {
                            !value.contains(':') || value.find(':') > value.find(['/', '?', '#'])
                        }
                    };
                    if !scheme_ok {
                        found.push(format!("{tag} {attr_name}={value}"));
                    }
                }
            }
        }
        for child in node.children.borrow().iter() {
            stack.push(Rc::clone(child));
        }
    }
    found
}

#[test]
fn dompurify_payloads_leave_nothing_executable() {
    let text = std::fs::read_to_string(common::corpus("xss/dompurify-expect.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(cases.len(), 223);
    let base = Url::parse("https://example.org/news/item").unwrap();
    let mut removed_something = 0;
    for case in &cases {
        let title = case["title"].as_str().unwrap_or_default();
        let payload = case["payload"].as_str().unwrap();
        let converted = html_to_markdown(payload, Some(&base));
        assert!(
            !converted.markdown.contains("](javascript:"),
            "{title}: {}",
            converted.markdown
        );
        let html = render_default(&converted.markdown);
        let found = dangers(&html);
        assert!(
            found.is_empty(),
            "{title}\npayload: {payload}\nmarkdown: {}\nhtml: {html}\n{found:?}",
            converted.markdown
        );
        let cleaning = &converted.cleaning;
        if !cleaning.dropped.is_empty()
            || cleaning.event_handlers > 0
            || cleaning.unlinked > 0
            || cleaning.images_removed > 0
        {
            removed_something += 1;
        }
    }
    // Most payloads carry a script, a handler or a bad URL that cleaning removed before
    // conversion (the rest are harmless once converted, or pure text).
    assert!(removed_something > 150, "{removed_something}");
}

#[test]
fn scripts_and_handlers_are_gone_before_conversion() {
    let converted = html_to_markdown(
        "<p>Safe</p><script>steal()</script><img src=x onerror=steal()><svg onload=steal()></svg>\
         <a href=\"javascript:steal()\">click</a><style>body{}</style><form><input value=steal()></form>",
        None,
    );
    assert!(
        !converted.markdown.contains("steal"),
        "{}",
        converted.markdown
    );
    assert_eq!(converted.markdown, "Safe\n\nclick");
}

#[test]
fn markdown_it_xss_cases_build_into_safe_pages() {
    let text = std::fs::read_to_string(common::corpus("xss/markdown-it-xss.txt")).unwrap();
    // Fixture format: a title line, then `.`, the Markdown, `.`, the expected HTML, `.`.
    let mut inputs = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line == "." {
            let mut markdown = Vec::new();
            for line in lines.by_ref() {
                if line == "." {
                    break;
                }
                markdown.push(line);
            }
            for line in lines.by_ref() {
                if line == "." {
                    break;
                }
            }
            inputs.push(markdown.join("\n"));
        }
    }
    assert_eq!(inputs.len(), 13);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pressroom.toml"),
        "[site]\ntitle = 'XSS'\n[source]\nname = 'markdown-it'\nurl = 'https://github.com/markdown-it/markdown-it'\n",
    )
    .unwrap();
    for (index, markdown) in inputs.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("case-{index:02}.md")),
            format!("---\ntitle: Case {index}\ndate: 2015-07-02\n---\n{markdown}\n"),
        )
        .unwrap();
    }
    let built = pressroom_cli::build::build_bundle(dir.path()).unwrap();
    assert!(built.report.is_ok(), "{:?}", built.report.errors);
    assert_eq!(built.bundle.releases.len(), 13);
    for release in &built.bundle.releases {
        let html = render_default(&release.body);
        let found = dangers(&html);
        assert!(found.is_empty(), "{}: {html} {found:?}", release.body);
    }
}
