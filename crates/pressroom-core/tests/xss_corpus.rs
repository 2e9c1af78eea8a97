//! The XSS corpus, rendered natively: every hostile release of
//! `tests/fixtures/xss/releases.json`, markdown-it's XSS fixture and DOMPurify's payloads
//! go through `render_default`, and the HTML a browser would build from each output is
//! checked against the allowlist in `common` (elements, attributes, URL schemes, ids).
//! The same bundle is opened in Chromium by `tests/e2e/tests/e2e/xss.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{assert_clean, browser_scheme, check, Counts};
use pressroom_core::markdown::render_default;
use pressroom_core::slug::{check_slug, is_invisible};
use pressroom_core::Catalog;

const BUNDLE: &str = include_str!("../../../tests/fixtures/xss/releases.json");
const MARKDOWN_IT: &str = include_str!("../../../tests/fixtures/xss/markdown-it-xss.txt");
const DOMPURIFY: &str = include_str!("../../../tests/fixtures/xss/dompurify-expect.json");

/// The sentinel statement of a vector, as written in the fixture.
fn sentinel(id: &str) -> String {
    format!("window.__xss=(window.__xss||[]).concat('{id}')")
}

fn catalog() -> Catalog {
    Catalog::from_json(BUNDLE).expect("the XSS fixture is a valid bundle")
}

/// Renders every input and checks it; returns the total counts and the number of
/// unsafe outputs (with a report of each printed).
fn run_all<'a>(what: &str, inputs: impl IntoIterator<Item = (String, &'a str)>) -> (usize, Counts) {
    let mut total = Counts::default();
    let mut n = 0;
    let mut unsafe_outputs = Vec::new();
    for (name, markdown) in inputs {
        n += 1;
        let html = render_default(markdown);
        match check(&html) {
            Ok(counts) => {
                total.elements += counts.elements;
                total.links += counts.links;
                total.images += counts.images;
                total.ids += counts.ids;
            }
            Err(violations) => unsafe_outputs.push(format!(
                "{name}: {markdown:?}\n  → {html:?}\n  {}",
                violations
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )),
        }
    }
    println!("{what}: {n} vectors, {} unsafe", unsafe_outputs.len());
    assert!(
        unsafe_outputs.is_empty(),
        "{what}: {} of {n} vectors rendered unsafe HTML:\n{}",
        unsafe_outputs.len(),
        unsafe_outputs.join("\n")
    );
    (n, total)
}

#[test]
fn the_fixture_is_a_valid_bundle_of_at_least_80_vectors_all_shown() {
    let catalog = catalog();
    assert!(
        catalog.problems().is_empty(),
        "every vector must be shown, but some releases are skipped: {:?}",
        catalog.problems()
    );
    let raw: serde_json::Value = serde_json::from_str(BUNDLE).unwrap();
    let count = raw["releases"].as_array().unwrap().len();
    assert!(count >= 80, "only {count} vectors");
    assert_eq!(catalog.len(), count);
    for (index, entry) in catalog.chronological().iter().enumerate() {
        let id = format!("xss-{:03}", index + 1);
        assert_eq!(entry.release.id, id, "releases are in id order");
        assert!(
            entry.release.title.starts_with(&format!("{id} ")),
            "{id}: the title says which vector it is: {:?}",
            entry.release.title
        );
        // Every vector carries its own sentinel somewhere, so a run in a browser can
        // tell which one executed.
        let release = serde_json::to_string(&raw["releases"][index]).unwrap();
        // Vectors without markup or a script URL (bidi titles, headings) and the
        // allowed links need none.
        let has_sentinel = release.contains(&sentinel(&id))
            || release.contains("msgbox(")
            || release.contains("base64,")
            || !release.contains('<') && !release.contains("script:")
            || release.contains("Allowed links keep rel");
        assert!(has_sentinel, "{id} has no sentinel: {release}");
    }
}

#[test]
fn every_vector_of_the_fixture_renders_to_allowlisted_html() {
    let catalog = catalog();
    let inputs: Vec<(String, &str)> = catalog
        .chronological()
        .iter()
        .map(|e| (e.release.id.clone(), e.release.body.as_str()))
        .collect();
    let (n, total) = run_all("fixture", inputs);
    assert!(n >= 80);
    // The checker saw real markup, not just escaped text.
    assert!(total.links >= 10, "{total:?}");
    assert!(total.images >= 5, "{total:?}");
    assert!(total.ids >= 10, "{total:?}");
}

#[test]
fn raw_html_survives_only_as_escaped_text() {
    for entry in catalog().chronological() {
        let html = render_default(&entry.release.body);
        for needle in [
            "<script",
            "<img src=x",
            "<svg",
            "<iframe",
            "<base",
            "<meta",
            "<form",
        ] {
            assert!(
                !html.contains(needle),
                "{}: {needle:?} in {html:?}",
                entry.release.id
            );
        }
    }
}

#[test]
fn hostile_titles_give_valid_slugs_without_invisible_characters() {
    for entry in catalog().chronological() {
        assert!(
            check_slug(&entry.slug).is_ok(),
            "{}: {:?}",
            entry.release.id,
            entry.slug
        );
        assert!(
            !entry.slug.chars().any(is_invisible),
            "{}: {:?}",
            entry.release.id,
            entry.slug
        );
        assert!(catalog().by_slug(&entry.slug).is_some());
    }
}

#[test]
fn specific_vectors_render_as_intended() {
    let catalog = catalog();
    // Vectors are found by their title, so inserting one does not break this test.
    let body = |title: &str| {
        let entry = catalog
            .chronological()
            .iter()
            .find(|e| e.release.title.ends_with(title))
            .unwrap_or_else(|| panic!("no vector titled {title:?}"));
        render_default(&entry.release.body)
    };
    // Raw HTML is shown as text.
    assert!(body("Raw HTML: img onerror").contains("&lt;img src=x onerror="));
    // A refused link keeps its text and loses its link.
    let js = body("Link: javascript: scheme");
    assert!(js.contains("click") && !js.contains("<a"), "{js}");
    // Heading attributes are text; the app's id is never taken.
    let clobber = body("Heading attribute id clobbering");
    assert!(clobber.contains("{#pressroom}"), "{clobber}");
    assert!(!clobber.contains("id=\"pressroom\""), "{clobber}");
    let app_id = body("Heading whose text is the app id");
    assert!(app_id.contains("id=\"user-content-pressroom\""), "{app_id}");
    assert!(
        app_id.contains("id=\"user-content-pressroom-1\""),
        "{app_id}"
    );
    // An invisible character before a space no longer hides a script scheme (this
    // rendered as a relative `%20javascript:` link before the fix).
    for title in [
        "Link: DEL then a space before the scheme",
        "Link: zero-width space then a space before the scheme",
    ] {
        let html = body(title);
        assert!(!html.contains("<a"), "{title}: {html}");
    }
    // The allowed links keep their targets and get rel.
    let allowed = body("Allowed links keep rel and stay safe");
    let counts = assert_clean("allowed links", "", &allowed);
    assert_eq!(counts.links, 5, "{allowed}");
    assert_eq!(counts.images, 1, "{allowed}");
    assert_eq!(
        allowed
            .matches("rel=\"noopener noreferrer nofollow ugc\"")
            .count(),
        2,
        "{allowed}"
    );
}

/// The inputs of markdown-it's fixture: cases are `.`, input, `.`, expected, `.`.
fn markdown_it_cases() -> Vec<String> {
    let mut cases = Vec::new();
    let mut lines = MARKDOWN_IT.lines();
    while let Some(line) = lines.next() {
        if line != "." {
            continue;
        }
        let mut input = Vec::new();
        for l in lines.by_ref() {
            if l == "." {
                break;
            }
            input.push(l);
        }
        for l in lines.by_ref() {
            if l == "." {
                break;
            }
        }
        cases.push(input.join("\n"));
    }
    cases
}

#[test]
fn markdown_it_xss_cases_render_to_allowlisted_html() {
    let cases = markdown_it_cases();
    assert_eq!(cases.len(), 13, "markdown-it's fixture has 13 cases");
    let (n, total) = run_all(
        "markdown-it xss.txt",
        cases
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("markdown-it case {}", i + 1), c.as_str())),
    );
    assert_eq!(n, 13);
    assert!(total.links >= 3, "{total:?}");
}

#[test]
fn markdown_it_code_info_strings_give_one_class() {
    // markdown-it decodes entities before splitting the info string: `js&#x0C;custom-class`
    // must give one class, not `language-js` plus a class chosen by the author.
    let html = render_default("```js&#x0C;custom-class\ntest2\n```");
    assert_clean("form feed in an info string", "", &html);
    assert!(html.contains("class=\"language-js\""), "{html}");
    for info in [
        "js\tload-error",
        "js&#9;release-body",
        "js&#13;x",
        "js&#x0C;x",
    ] {
        let md = format!("```{info}\nx\n```");
        let html = render_default(&md);
        assert_clean("info string", &md, &html);
    }
}

/// DOMPurify's payloads, each as a whole body and inside a heading, link text, image alt,
/// a table cell, a list item and a block quote.
fn dompurify_inputs() -> Vec<(String, String)> {
    let entries: Vec<serde_json::Value> = serde_json::from_str(DOMPURIFY).unwrap();
    assert_eq!(entries.len(), 223, "DOMPurify's fixture has 223 entries");
    let contexts: [fn(&str) -> String; 7] = [
        |p| p.to_owned(),
        |p| format!("# {p}"),
        |p| format!("[{p}](https://example.invalid/)"),
        |p| format!("![{p}](https://example.invalid/i.png)"),
        |p| format!("| a |\n|---|\n| {p} |"),
        |p| format!("- {p}"),
        |p| format!("> {p}"),
    ];
    let mut inputs = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let payload = entry["payload"].as_str().unwrap();
        for (c, context) in contexts.iter().enumerate() {
            inputs.push((
                format!("DOMPurify #{} ({:?}) context {c}", i + 1, entry["title"]),
                context(payload),
            ));
        }
    }
    inputs
}

#[test]
fn dompurify_payloads_render_to_allowlisted_html_in_every_markdown_context() {
    let inputs = dompurify_inputs();
    let (n, total) = run_all(
        "DOMPurify payloads",
        inputs.iter().map(|(name, md)| (name.clone(), md.as_str())),
    );
    assert_eq!(n, 223 * 7);
    // Not every payload fits in link text or alt text (a `]` or a blank line ends it).
    assert!(total.links >= 50 && total.images >= 50, "{total:?}");
}

#[test]
fn corpus_total() {
    // One line for the closing note: everything this file renders, checked again.
    let fixture: Vec<String> = catalog()
        .chronological()
        .iter()
        .map(|e| e.release.body.clone())
        .collect();
    let markdown_it = markdown_it_cases();
    let dompurify: Vec<String> = dompurify_inputs().into_iter().map(|(_, md)| md).collect();
    let all: Vec<&String> = fixture
        .iter()
        .chain(&markdown_it)
        .chain(&dompurify)
        .collect();
    let unsafe_count = all
        .iter()
        .filter(|md| check(&render_default(md)).is_err())
        .count();
    println!(
        "{} vectors, {unsafe_count} unsafe (fixture {}, markdown-it {}, DOMPurify {} = 223 payloads x 7 contexts)",
        all.len(),
        fixture.len(),
        markdown_it.len(),
        dompurify.len()
    );
    assert_eq!(unsafe_count, 0);
}

#[test]
fn the_checker_itself_rejects_what_it_should() {
    // The checker must fail on unsafe HTML, or a passing corpus would prove nothing.
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"https://e.org/i.png\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVa&#x09;Script:alert(1)\">x</a>",
        "<a href=\"&#106avascript:alert(1)\">x</a>",
        "<a href=\"https://e.org\">no rel</a>",
        "<a href=\"//e.org\">no rel</a>",
        "<img src=\"/relative.png\">",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<h2 id=\"pressroom\">x</h2>",
        "<h2 id=\"user-content-\">x</h2>",
        "<p style=\"color:red\">x</p>",
        "<p class=\"x\">x</p>",
        "<code class=\"language-js\x0Cload-error\">x</code>",
        "<svg><a href=\"https://e.org\" rel=\"noopener noreferrer nofollow ugc\">x</a></svg>",
        "<math><mtext>x</mtext></math>",
        "<!-- hidden -->",
        "<div>x</div>",
        "<ol start=\"1x\"><li>a</li></ol>",
    ] {
        assert!(check(bad).is_err(), "the checker accepts {bad:?}");
    }
    for good in [
        "<p>Hello &lt;img src=x onerror=alert(1)&gt;</p>",
        "<p><a href=\"https://e.org/\" rel=\"noopener noreferrer nofollow ugc\">x</a> \
         <a href=\"mailto:a@b.c\">m</a> <a href=\"/r/x\">r</a> <a href=\"#user-content-a\">f</a></p>",
        "<p><img src=\"https://e.org/i.png\" alt=\"a\" title=\"t\" /></p>",
        "<h2 id=\"user-content-a-1\">a</h2><ol start=\"3\"><li>x</li></ol>",
        "<pre><code class=\"language-rust\">fn</code></pre>",
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>",
    ] {
        assert!(check(good).is_ok(), "the checker refuses {good:?}: {:?}", check(good));
    }
    assert_eq!(
        browser_scheme(" \u{1}JaVa\tScRiPt:x").as_deref(),
        Some("javascript")
    );
    assert_eq!(browser_scheme("/a:b"), None);
    assert_eq!(browser_scheme("%6Aavascript:x"), None);
}
