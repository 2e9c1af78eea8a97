//! The XSS corpus in Chromium: the app serves `tests/fixtures/xss/releases.json` (137
//! hostile releases, one vector each, plus hostile site metadata) and every release page
//! is opened, once by walking Previous from the newest to the oldest and Next back
//! (client-side navigation with hostile content) and once by loading each page's URL.
//!
//! Every payload in the fixture would append its id to `window.__xss` if it ran. Before
//! any page script runs, each document gets a guard (Chrome DevTools'
//! `Page.addScriptToEvaluateOnNewDocument`) that records calls of `alert`, `confirm`
//! and `print`-style dialogs in `window.__dialogs` (the real dialog still opens) and,
//! with a `MutationObserver`, every event-handler attribute that ever appears in the
//! document, even for a moment, in `window.__handlers`. On every page the test checks:
//!
//! - no sentinel (`window.__xss` is undefined), no recorded dialog, and WebDriver sees
//!   no open dialog ("no such alert");
//! - no element in the document has an `on*` attribute, and none ever had one;
//! - no `href`, `src`, `action`, `formaction`, `xlink:href`, `data`, `poster`,
//!   `background` or `cite` resolves to a scheme other than http, https (and mailto for
//!   `href`); no element has `srcdoc`; no `<base>` or `<meta http-equiv>` exists;
//! - the release body has only allowlisted elements and attributes, and ids prefixed
//!   `user-content-`;
//! - the title, source, tags and previous/next labels are plain text in `<bdi>` with
//!   exactly the bundle's text, and the official link's `href` is the bundle's URL as is;
//! - the console has no errors except failed loads of the vectors' `example.invalid`
//!   images (which never resolve: the machine needs no network).

use anyhow::{bail, ensure, Context, Result};
use fantoccini::Client;
use pressroom_e2e::pages::sel;
use pressroom_e2e::session_command::add_script_on_new_document;
use pressroom_e2e::{run, Browser, ConsolePolicy, Expected, ExpectedRelease};
use serde_json::{json, Value};

/// The hostile bundle.
const FIXTURE: &str = include_str!("../../../fixtures/xss/releases.json");

/// Installed in every new document before any of its scripts run.
const GUARD: &str = r#"
(() => {
  window.__dialogs = [];
  window.__handlers = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      window.__dialogs.push(name + '(' + args.map(String).join(', ') + ')');
      return original.apply(this, args);
    };
  }
  const inspect = (node) => {
    if (!node || node.nodeType !== 1) return;
    for (const attr of Array.from(node.attributes)) {
      if (/^on/i.test(attr.name)) {
        window.__handlers.push(node.localName + ' ' + attr.name + '=' + attr.value);
      }
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') inspect(m.target);
      for (const node of Array.from(m.addedNodes || [])) {
        inspect(node);
        if (node.querySelectorAll) node.querySelectorAll('*').forEach(inspect);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  window.__guarded = true;
})();
"#;

/// Inspects the page; returns a report (see [`PageReport`]).
const INSPECT: &str = r#"
const BODY_ELEMENTS = {
  p: [], h1: ['id'], h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'],
  a: ['href', 'title', 'rel', 'class', 'aria-hidden', 'tabindex'], img: ['src', 'alt', 'title'], em: [], strong: [], del: [],
  code: ['class'], pre: [], blockquote: [], ul: [], ol: ['start'], li: [], table: [],
  thead: [], tbody: [], tr: [], th: [], td: [], hr: [], br: [],
};
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data',
  'poster', 'background', 'cite'];
const problems = [];
const scheme = (value) => {
  try { return new URL(value, document.baseURI).protocol; } catch (e) { return null; }
};
for (const el of Array.from(document.querySelectorAll('*'))) {
  const inBody = el.closest('[data-testid="release-body"]') !== null;
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (name.startsWith('on')) problems.push(`<${el.localName}> has ${attr.name}=${JSON.stringify(attr.value)}`);
    if (name === 'srcdoc') problems.push(`<${el.localName}> has srcdoc`);
    if (URL_ATTRIBUTES.includes(name)) {
      const s = scheme(attr.value);
      const allowed = name === 'href' && !(el.localName === 'link')
        ? ['http:', 'https:', 'mailto:'] : ['http:', 'https:'];
      if (s !== null && !allowed.includes(s)) {
        problems.push(`<${el.localName} ${attr.name}=${JSON.stringify(attr.value)}> resolves to ${s}`);
      }
      if (inBody && el.localName === 'img' && s === null) {
        problems.push(`<img src=${JSON.stringify(attr.value)}> in the body is not a URL`);
      }
    }
  }
  if (inBody && !el.matches('[data-testid="release-body"]')) {
    const allowed = BODY_ELEMENTS[el.localName];
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || allowed === undefined) {
      problems.push(`<${el.localName}> (${el.namespaceURI}) in the release body`);
    } else {
      for (const attr of Array.from(el.attributes)) {
        if (!allowed.includes(attr.name)) {
          problems.push(`<${el.localName} ${attr.name}=${JSON.stringify(attr.value)}> in the release body`);
        }
      }
      // Only a heading's own link to itself carries a class.
      if (el.localName === 'a' && el.hasAttribute('class') && !(el.className === 'heading-anchor'
          && (el.getAttribute('href') || '') === '#' + (el.parentElement && el.parentElement.id)
          && /^h[1-6]$/.test(el.parentElement.localName))) {
        problems.push(`<a class=${JSON.stringify(el.className)}> in the release body is not a heading's link to itself`);
      }
      if (el.id && !el.id.startsWith('user-content-')) {
        problems.push(`id ${JSON.stringify(el.id)} in the release body has no prefix`);
      }
      let leaves = false;
      try {
        const url = new URL(el.getAttribute('href'), document.baseURI);
        leaves = /^https?:$/.test(url.protocol) && url.origin !== location.origin;
      } catch (e) {}
      if (el.localName === 'a' && leaves
          && el.getAttribute('rel') !== 'noopener noreferrer nofollow ugc') {
        problems.push(`external link ${el.getAttribute('href')} without rel`);
      }
    }
  }
}
// The app's own two forms (search, date range) are allowed outside the release body;
// any other form, or one inside the body, is content that got through.
const OWN_FORMS = 'form[data-testid="search-form"], form[data-testid="date-range"]';
for (const el of Array.from(document.querySelectorAll('base, meta[http-equiv], iframe, frame, object, embed, form, svg, math'))) {
  if (el.matches(OWN_FORMS) && !el.closest('[data-testid="release-body"]')) continue;
  problems.push(`<${el.localName}> in the document`);
}
for (const el of Array.from(document.querySelectorAll('bdi'))) {
  if (el.children.length > 0) problems.push(`<bdi> has child elements: ${el.innerHTML}`);
}
const text = (css) => {
  const el = document.querySelector(css);
  return el === null ? null : el.textContent;
};
const body = document.querySelector('[data-testid="release-body"]');
return {
  guarded: window.__guarded === true,
  xss: window.__xss === undefined ? null : window.__xss,
  dialogs: window.__dialogs || [],
  handlers: window.__handlers || [],
  problems,
  path: decodeURIComponent(location.pathname),
  title: text('h1[data-testid="release-title"] > bdi'),
  titleElements: document.querySelectorAll('h1[data-testid="release-title"] *').length,
  documentTitle: document.title,
  source: text('[data-testid="release-source"] > bdi'),
  official: (document.querySelector('a[data-testid="official-link"]') || {getAttribute: () => null}).getAttribute('href'),
  tags: Array.from(document.querySelectorAll('[data-testid="tags"] li > a > bdi')).map((b) => b.textContent),
  previous: text('a[data-testid="prev-link"] > bdi'),
  next: text('a[data-testid="next-link"] > bdi'),
  bodyElements: body === null ? -1 : body.querySelectorAll('*').length,
  bodyText: body === null ? null : body.textContent,
  imagesDone: body === null || Array.from(body.querySelectorAll('img')).every((i) => i.complete),
  listTitles: Array.from(document.querySelectorAll('a[data-testid="release-link"] > bdi')).map((b) => b.textContent),
};
"#;

async fn install_guard(client: &Client) -> Result<()> {
    add_script_on_new_document(client, GUARD)
        .await
        .context("installing the dialog and handler guard (goog/cdp/execute)")?;
    Ok(())
}

/// Fails if WebDriver sees an open dialog.
async fn assert_no_dialog(b: &Browser, where_: &str) -> Result<()> {
    match b.client().get_alert_text().await {
        Ok(text) => bail!("{where_}: a dialog is open with the text {text:?}: a payload ran"),
        Err(e) if e.is_no_such_alert() => Ok(()),
        Err(e) => Err(e).with_context(|| format!("{where_}: asking WebDriver for a dialog")),
    }
}

/// Waits until every image has loaded or failed (their `onerror`/`onload` would have
/// fired) and a timer set afterwards has run (timers queued before it have too).
async fn settle(b: &Browser) -> Result<()> {
    b.poll("every image to load or fail", || async {
        let done = b
            .execute("return Array.from(document.images).every((i) => i.complete)")
            .await?;
        Ok((done == Value::Bool(true)).then_some(()))
    })
    .await?;
    b.execute(
        "window.__settled = false; setTimeout(() => { window.__settled = true; }, 50); return true",
    )
    .await?;
    b.poll("a timer set after the walk", || async {
        let fired = b.execute("return window.__settled").await?;
        Ok((fired == Value::Bool(true)).then_some(()))
    })
    .await
}

/// What [`INSPECT`] found, checked.
async fn inspect(b: &Browser, where_: &str) -> Result<Value> {
    assert_no_dialog(b, where_).await?;
    let report = b.execute(INSPECT).await?;
    ensure!(
        report["guarded"] == json!(true),
        "{where_}: the guard is not installed in this document"
    );
    ensure!(
        report["xss"].is_null(),
        "{where_}: payloads executed: window.__xss = {}",
        report["xss"]
    );
    ensure!(
        report["dialogs"] == json!([]),
        "{where_}: dialogs were opened: {}",
        report["dialogs"]
    );
    ensure!(
        report["handlers"] == json!([]),
        "{where_}: event-handler attributes appeared in the document: {}",
        report["handlers"]
    );
    ensure!(
        report["problems"] == json!([]),
        "{where_}: {}",
        report["problems"]
    );
    Ok(report)
}

/// Waits until the article of `release` is shown with its images settled, then checks
/// the whole page.
async fn check_release_page(
    b: &Browser,
    expected: &Expected,
    index: usize,
    release: &ExpectedRelease,
) -> Result<()> {
    let where_ = format!("release {} ({:?})", index + 1, release.slug);
    b.poll(&format!("the article of {where_}"), || async {
        let report = b.execute(INSPECT).await?;
        let shown = report["title"].as_str() == Some(release.title.as_str())
            && report["path"].as_str() == Some(release.path().as_str())
            && report["imagesDone"] == json!(true);
        if shown {
            Ok(Some(report))
        } else {
            bail!(
                "title {} at {} (images settled: {})",
                report["title"],
                report["path"],
                report["imagesDone"]
            )
        }
    })
    .await?;
    let report = inspect(b, &where_).await?;

    ensure!(
        report["titleElements"] == json!(1),
        "{where_}: the title should be one <bdi> of text, has {} elements",
        report["titleElements"]
    );
    let document_title = release.document_title(&expected.site_title);
    ensure!(
        report["documentTitle"].as_str() == Some(document_title.as_str()),
        "{where_}: document.title is {}, expected {document_title:?}",
        report["documentTitle"]
    );
    ensure!(
        report["source"].as_str() == Some(release.source_name.as_str()),
        "{where_}: the source is {}, expected {:?}",
        report["source"],
        release.source_name
    );
    ensure!(
        report["official"].as_str() == Some(release.source_url.as_str()),
        "{where_}: the official link is {}, expected {:?}",
        report["official"],
        release.source_url
    );
    ensure!(
        report["tags"] == json!(release.tags),
        "{where_}: tags {}, expected {:?}",
        report["tags"],
        release.tags
    );
    ensure!(
        report["bodyElements"].as_i64().is_some_and(|n| n >= 1),
        "{where_}: the body is missing or empty"
    );
    let older = index.checked_sub(1).map(|i| &expected.chronological[i]);
    let newer = expected.chronological.get(index + 1);
    ensure!(
        report["previous"].as_str() == older.map(|r| r.title.as_str()),
        "{where_}: previous is {}, expected {:?}",
        report["previous"],
        older.map(|r| &r.title)
    );
    ensure!(
        report["next"].as_str() == newer.map(|r| r.title.as_str()),
        "{where_}: next is {}, expected {:?}",
        report["next"],
        newer.map(|r| &r.title)
    );
    Ok(())
}

/// The hostile bundle as the app should show it: every release, none skipped.
fn expected() -> Result<Expected> {
    let expected = Expected::from_json(FIXTURE)?;
    ensure!(
        expected.problem_count == 0,
        "the XSS fixture must be a valid bundle (every vector shown); pressroom-core reports {} problem(s)",
        expected.problem_count
    );
    expected.require_at_least(80)?;
    Ok(expected)
}

/// Only the vectors' images may fail to load (their host never resolves).
fn image_errors_only() -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec!["example.invalid".to_string()])
}

/// Waits for the list and checks it: the newest releases first (the list may be cut
/// into pages), titles as text.
async fn check_list(b: &Browser, expected: &Expected) -> Result<()> {
    let titles: Vec<String> = expected
        .newest_first()
        .into_iter()
        .map(|r| r.title)
        .collect();
    b.poll("the list of the newest hostile releases", || async {
        let report = b.execute(INSPECT).await?;
        let shown: Vec<String> = serde_json::from_value(report["listTitles"].clone())?;
        if !shown.is_empty() && titles.starts_with(&shown) {
            Ok(Some(()))
        } else {
            bail!("list titles {shown:?}")
        }
    })
    .await?;
    inspect(b, "the list").await?;
    let heading = b.text(sel::LIST_HEADING).await?;
    ensure!(
        heading.contains("XSS corpus <script>"),
        "the site title should be shown as text, the h1 is {heading:?}"
    );
    Ok(())
}

/// Opens the list, then the newest release, clicks Previous through every release to
/// the oldest and Next back to the newest, all client-side, checking each page. The
/// sentinel and the guard's records live as long as the document, so the last check
/// covers the whole walk.
#[tokio::test]
async fn every_vector_walked_with_previous_and_next_executes_nothing() -> Result<()> {
    run(image_errors_only(), async |cx| {
        let expected = expected()?;
        cx.write_bundle(FIXTURE)?;
        let b = &cx.browser;
        install_guard(b.client()).await?;

        b.goto("/").await?;
        check_list(b, &expected).await?;
        b.set_marker().await?;
        b.click(sel::RELEASE_LINK).await?;

        let chronological = &expected.chronological;
        let n = chronological.len();
        for (index, release) in chronological.iter().enumerate().rev() {
            if index + 1 < n {
                b.click(sel::PREV_LINK).await?;
            }
            check_release_page(b, &expected, index, release).await?;
        }
        b.assert_absent(sel::PREV_LINK, "the oldest release has no previous")
            .await?;
        for (index, release) in chronological.iter().enumerate().skip(1) {
            b.click(sel::NEXT_LINK).await?;
            check_release_page(b, &expected, index, release).await?;
        }
        b.assert_absent(sel::NEXT_LINK, "the newest release has no next")
            .await?;
        b.assert_marker("walking Previous and Next through every hostile release")
            .await?;

        // Late handlers have had their chance: every image has loaded or failed, and a
        // timer set now has fired after those already queued.
        settle(b).await?;
        inspect(b, "after the walk").await?;
        b.click(sel::BACK_TO_LIST).await?;
        check_list(b, &expected).await?;
        println!(
            "{n} vectors, 0 executed (walked client-side: {} pages with Previous, {} with Next)",
            n,
            n - 1
        );
        Ok(())
    })
    .await
}

/// Loads every release page by its URL (a fresh document each time), as a reader
/// following a link does, and checks it.
#[tokio::test]
async fn every_vector_loaded_by_url_executes_nothing() -> Result<()> {
    run(image_errors_only(), async |cx| {
        let expected = expected()?;
        cx.write_bundle(FIXTURE)?;
        let b = &cx.browser;
        install_guard(b.client()).await?;

        let n = expected.chronological.len();
        for (index, release) in expected.chronological.iter().enumerate() {
            b.goto(&release.encoded_path()).await?;
            check_release_page(b, &expected, index, release).await?;
        }
        println!("{n} vectors, 0 executed (each page loaded by URL)");
        Ok(())
    })
    .await
}

/// The checks are not vacuous: a handler put into the body the way the app inserts it
/// (`innerHTML`), as a renderer bypass would, and a dialog opened by script are both
/// caught, by the sentinel, the guard's records, the attribute scan and WebDriver.
#[tokio::test]
async fn the_checks_catch_a_payload_that_runs() -> Result<()> {
    run(image_errors_only(), async |cx| {
        let expected = expected()?;
        cx.write_bundle(FIXTURE)?;
        let b = &cx.browser;
        install_guard(b.client()).await?;
        let first = expected.oldest()?.clone();
        b.goto(&first.encoded_path()).await?;
        check_release_page(b, &expected, 0, &first).await?;

        b.execute(
            r#"document.querySelector('[data-testid="release-body"]').insertAdjacentHTML(
                 'beforeend', '<img src="" onerror="window.__xss=(window.__xss||[]).concat(\'control\')">');
               return true"#,
        )
        .await?;
        b.poll("the control payload to run", || async {
            let ran = b.execute("return window.__xss !== undefined").await?;
            Ok((ran == json!(true)).then_some(()))
        })
        .await?;
        let caught = match inspect(b, "control").await {
            Ok(_) => bail!("the checks did not notice a payload that ran"),
            Err(e) => format!("{e:#}"),
        };
        ensure!(
            caught.contains("control") && caught.contains("window.__xss"),
            "the sentinel was not reported: {caught}"
        );
        let report = b.execute(INSPECT).await?;
        let handlers = report["handlers"].to_string();
        let problems = report["problems"].to_string();
        ensure!(
            handlers.contains("onerror") && problems.contains("onerror"),
            "the handler was not reported: handlers {handlers}, problems {problems}"
        );

        b.execute("setTimeout(() => alert('control-dialog'), 0); return true")
            .await?;
        let dialog = b
            .poll("WebDriver to see the open dialog", || async {
                Ok(assert_no_dialog(b, "control")
                    .await
                    .err()
                    .map(|e| format!("{e:#}")))
            })
            .await?;
        ensure!(dialog.contains("control-dialog"), "{dialog}");
        b.client().dismiss_alert().await?;
        let dialogs = b.execute("return window.__dialogs").await?;
        ensure!(
            dialogs.to_string().contains("alert(control-dialog)"),
            "the guard did not record the dialog: {dialogs}"
        );
        Ok(())
    })
    .await
}
