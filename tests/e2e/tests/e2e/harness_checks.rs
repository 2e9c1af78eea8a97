//! The harness's own parsers, checked on hand-written input (no browser): the CSP
//! directive splitter, the console's CSP filter, and the visible-text reader of
//! pre-rendered pages. (The `_headers` reader is the site writer's, tested there.)

use pressroom_e2e::csp::{csp_console_entries, directives};
use pressroom_e2e::sites::{decode_entities, visible_text};
use pressroom_e2e::LogEntry;

#[test]
fn splits_directives() {
    let d = directives("default-src 'self'; Script-Src 'self' 'wasm-unsafe-eval';;");
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].0, "script-src");
    assert_eq!(d[1].1, vec!["'self'", "'wasm-unsafe-eval'"]);
}

#[test]
fn finds_csp_console_reports() {
    let log = vec![
        LogEntry {
            level: "SEVERE".into(),
            source: "security".into(),
            message: "Refused to execute inline event handler because it violates the following Content Security Policy directive: \"script-src 'self'\"".into(),
        },
        LogEntry {
            level: "INFO".into(),
            source: "console-api".into(),
            message: "hello".into(),
        },
    ];
    assert_eq!(csp_console_entries(&log).len(), 1);
}

#[test]
fn visible_text_drops_tags_and_decodes() {
    assert_eq!(
        visible_text("<p>A &amp; B</p>\n<p>&lt;x&gt; &#39;q&#x27; &quot;</p>"),
        "A & B <x> 'q' \""
    );
    assert_eq!(decode_entities("a &bogus; & b"), "a &bogus; & b");
}
