//! Network faults, against a server that misbehaves on command
//! ([`pressroom_e2e::faulty_server`]): 5xx and 429 retried with backoff then an error
//! with Retry, a long `Retry-After`, a timeout, a 404, an HTML error page with status
//! 200, a slow trickle (progress), an offline browser, and a bundle that changes while
//! a reader has the page open (a quiet notice; previous/next stay until Reload).
//!
//! The app is configured through `<meta>` tags in the served `index.html`, so that its
//! delays are short here.

use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};
use pressroom_e2e::faults::{run_with_faults, set_offline, FaultCtx};
use pressroom_e2e::faulty_server::Fault;
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{ConsolePolicy, Expected};

const FAST: &[(&str, &str)] = &[
    ("pressroom-retry-base-ms", "50"),
    ("pressroom-timeout-ms", "1000"),
    ("pressroom-revalidate-ms", "0"),
];

const NOTICE: &str = "[data-testid=\"update-notice\"]";
const NOTICE_RELOAD: &str = "[data-testid=\"update-notice\"] button[data-testid=\"update-reload\"]";
const PROGRESS: &str = "[data-testid=\"loading\"] [data-testid=\"load-progress\"]";

fn bundle_errors_only() -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_string()])
}

fn status(status: u16) -> Fault {
    Fault::Status {
        status,
        retry_after: None,
    }
}

/// Waits for the error state and checks that its text has every one of `says`.
async fn error_says(cx: &FaultCtx, says: &[&str]) -> Result<String> {
    let text = cx.browser.text(sel::LOAD_ERROR).await?;
    for expected in says {
        ensure!(
            text.contains(expected),
            "{} text is {text:?}, should contain {expected:?}",
            sel::LOAD_ERROR
        );
    }
    cx.browser
        .assert_absent(sel::RELEASE_ITEM, "the bundle did not load")
        .await?;
    Ok(text)
}

/// Clicks Retry (the server behaves by now) and checks the whole list.
async fn retry_recovers(cx: &FaultCtx) -> Result<()> {
    let before = cx.server.bundle_requests();
    cx.browser.click(sel::RETRY).await?;
    pages::check_list(&cx.browser, &cx.expected)
        .await
        .context("after Retry")?;
    ensure!(
        cx.server.bundle_requests() > before,
        "Retry did not fetch the bundle again"
    );
    Ok(())
}

/// 500, 503 and 429 (with `Retry-After: 1`) are retried; the fourth request succeeds
/// and the list is shown without an error ever appearing.
#[tokio::test]
async fn server_errors_are_retried_with_backoff_then_succeed() -> Result<()> {
    run_with_faults(bundle_errors_only(), FAST, async |cx| {
        cx.server.push(status(500));
        cx.server.push(status(503));
        cx.server.push(Fault::Status {
            status: 429,
            retry_after: Some("1".into()),
        });
        cx.browser.goto("/").await?;
        pages::check_list(&cx.browser, &cx.expected).await?;
        ensure!(
            cx.server.bundle_requests() == 4,
            "expected 1 request and 3 retries, the server saw {}",
            cx.server.bundle_requests()
        );
        Ok(())
    })
    .await
}

/// A 503 on every request: after 3 retries (4 requests) the error says so, with the
/// URL, and Retry recovers. A 429 asking to wait 2 minutes is not retried at once: the
/// error says how long the server asked for.
#[tokio::test]
async fn persistent_errors_give_up_after_three_retries_and_retry_recovers() -> Result<()> {
    run_with_faults(bundle_errors_only(), FAST, async |cx| {
        cx.server.push_n(status(503), 4);
        cx.browser.goto("/").await?;
        error_says(
            cx,
            &[
                "503 Service Unavailable",
                "/releases.json",
                "4 times in a row",
            ],
        )
        .await?;
        ensure!(
            cx.server.bundle_requests() == 4,
            "expected 4 requests (3 retries), the server saw {}",
            cx.server.bundle_requests()
        );
        retry_recovers(cx).await?;

        cx.server.push(Fault::Status {
            status: 429,
            retry_after: Some("120".into()),
        });
        let before = cx.server.bundle_requests();
        cx.browser.refresh().await?;
        error_says(
            cx,
            &["429 Too Many Requests", "once", "asks to wait 120.0 s"],
        )
        .await?;
        ensure!(
            cx.server.bundle_requests() == before + 1,
            "a long Retry-After must not be retried automatically"
        );
        retry_recovers(cx).await
    })
    .await
}

/// A server that accepts the request and never answers: the request is aborted after
/// the configured timeout (1 s here) and the error says so; Retry recovers.
#[tokio::test]
async fn hanging_server_times_out_and_retry_recovers() -> Result<()> {
    run_with_faults(bundle_errors_only(), FAST, async |cx| {
        cx.server.push(Fault::Hang(Duration::from_secs(8)));
        cx.browser.goto("/").await?;
        error_says(
            cx,
            &["no answer from /releases.json for 1.0 s", "timed out"],
        )
        .await?;
        retry_recovers(cx).await
    })
    .await
}

/// A 404 names the status and the URL (not retried); an HTML error page with status
/// 200 is named as such. Retry recovers from both.
#[tokio::test]
async fn not_found_and_html_with_200_are_named() -> Result<()> {
    run_with_faults(bundle_errors_only(), FAST, async |cx| {
        cx.server.push(status(404));
        cx.browser.goto("/").await?;
        error_says(cx, &["404 Not Found", "/releases.json"]).await?;
        ensure!(
            cx.server.bundle_requests() == 1,
            "a 404 must not be retried"
        );
        retry_recovers(cx).await?;

        cx.server.push(Fault::Body {
            status: 200,
            content_type: "text/html; charset=utf-8".into(),
            body: b"<!DOCTYPE html><html><body><h1>Site maintenance</h1></body></html>".to_vec(),
        });
        cx.browser.refresh().await?;
        error_says(cx, &["/releases.json", "HTML page, not JSON"]).await?;
        retry_recovers(cx).await
    })
    .await
}

/// Polls the progress line until `accept` likes it; returns it.
async fn progress_seen(cx: &FaultCtx, what: &str, accept: impl Fn(&str) -> bool) -> Result<String> {
    let b = &cx.browser;
    b.poll(what, || async {
        let texts = b.texts(PROGRESS).await?;
        match texts.first() {
            Some(text) if accept(text) => Ok(Some(text.clone())),
            Some(text) => bail!("progress {text:?}"),
            None => bail!("no {PROGRESS}"),
        }
    })
    .await
}

/// A bundle trickling in 4 KB every 150 ms: the loading state shows how much arrived,
/// of how much when the length is known, and the list follows.
#[tokio::test]
async fn slow_trickle_shows_progress() -> Result<()> {
    let metas = &[
        ("pressroom-timeout-ms", "5000"),
        ("pressroom-revalidate-ms", "0"),
    ];
    run_with_faults(ConsolePolicy::NoErrors, metas, async |cx| {
        let trickle = |content_length| Fault::Trickle {
            chunk: 4096,
            every: Duration::from_millis(150),
            content_length,
        };
        let total = cx.expected.text.len();
        let total_kb = format!("of {} KB", (total + 500) / 1000);
        cx.server.push(trickle(true));
        cx.browser.goto("/").await?;
        let seen = progress_seen(cx, "progress with the total", |t| {
            t.starts_with("Loaded ") && t.contains(" KB ") && t.ends_with(&total_kb)
        })
        .await?;
        pages::check_list(&cx.browser, &cx.expected).await?;

        cx.server.push(trickle(false));
        cx.browser.refresh().await?;
        let seen_chunked = progress_seen(cx, "progress without a total", |t| {
            t.starts_with("Loaded ") && t.ends_with(" KB") && !t.contains(" of ")
        })
        .await?;
        pages::check_list(&cx.browser, &cx.expected).await?;
        eprintln!("progress seen: {seen:?}, then without Content-Length: {seen_chunked:?}");
        Ok(())
    })
    .await
}

/// A slow bundle: the loading state is painted first, and the page that replaces it
/// moves nothing that was on screen (the app's own controls wait for the page; drawn
/// under the loading state, they jumped down when it came: CLS 0.58).
#[tokio::test]
async fn the_loading_state_gives_way_without_a_layout_shift() -> Result<()> {
    run_with_faults(ConsolePolicy::NoErrors, FAST, async |cx| {
        cx.server.push(Fault::Delay(Duration::from_millis(800)));
        cx.browser.goto("/").await?;
        cx.browser.wait_for(sel::LOADING).await?;
        pages::check_list(&cx.browser, &cx.expected).await?;
        cx.browser.wait_for(sel::SHORTCUTS_BUTTON).await?;
        let shift = pages::layout_shift(&cx.browser).await?;
        ensure!(
            shift < 0.01,
            "the page moved what the loading state showed: CLS {shift}"
        );
        Ok(())
    })
    .await
}

/// The browser goes offline while the app waits to retry a 503: the error says the
/// browser is offline; back online, Retry recovers.
#[tokio::test]
async fn offline_browser_gets_a_message_and_retry_recovers() -> Result<()> {
    let metas = &[
        ("pressroom-retry-base-ms", "4000"),
        ("pressroom-revalidate-ms", "0"),
    ];
    run_with_faults(bundle_errors_only(), metas, async |cx| {
        cx.server.push(status(503));
        cx.browser.goto("/").await?;
        let b = &cx.browser;
        b.poll("the first request for the bundle", || async {
            Ok((cx.server.bundle_requests() >= 1).then_some(()))
        })
        .await?;
        set_offline(b.client(), true).await?;
        let text = error_says(cx, &["your browser is offline", "/releases.json"]).await;
        set_offline(b.client(), false).await?;
        text?;
        retry_recovers(cx).await
    })
    .await
}

/// The bundle changes while a reader is on an article: a quiet notice appears, the
/// article and its previous/next links stay as they were (no jump) until the reader
/// clicks Reload, which shows the new bundle without a full page load.
#[tokio::test]
async fn changed_bundle_shows_a_quiet_notice_and_keeps_prev_next() -> Result<()> {
    let metas = &[("pressroom-revalidate-ms", "300")];
    run_with_faults(ConsolePolicy::NoErrors, metas, async |cx| {
        let e = cx.expected.clone();
        e.require_at_least(3)?;
        let middle = e.middle()?.clone();
        let index = e
            .chronological
            .iter()
            .position(|r| r.slug == middle.slug)
            .context("middle")?;
        let newer = e.chronological[index + 1].clone();
        let b = &cx.browser;
        b.goto(&middle.encoded_path()).await?;
        pages::check_prev_next(b, &e, &middle).await?;
        b.set_marker().await?;
        // Let three checks of the unchanged bundle reach the server (and answer): no notice.
        let bundle_requests = || {
            cx.server
                .requests()
                .iter()
                .filter(|r| r.target.contains("releases.json"))
                .count()
        };
        let before = bundle_requests();
        b.poll("three checks of the unchanged bundle", || async {
            Ok((bundle_requests() >= before + 3).then_some(()))
        })
        .await?;
        b.assert_absent(NOTICE, "the bundle has not changed")
            .await?;

        // Rename the newer neighbour and add a new newest release.
        let mut bundle: serde_json::Value = serde_json::from_str(&e.text)?;
        let releases = bundle["releases"].as_array_mut().context("releases")?;
        let renamed = format!("Renamed: {}", newer.title);
        let target = releases
            .iter_mut()
            .find(|r| r["title"].as_str() == Some(newer.title.as_str()))
            .context("the newer neighbour in the JSON")?;
        target["title"] = serde_json::json!(renamed);
        releases.push(serde_json::json!({
            "id": "brand-new", "title": "Brand new release", "published": "2031-01-01",
            "source": {"name": "Agency", "url": "https://example.org/new"}, "body": "New."
        }));
        let text = serde_json::to_string_pretty(&bundle)?;
        let changed = Expected::from_json(&text)?;
        let before = cx.server.bundle_requests();
        cx.server.set_bundle(text.as_bytes())?;

        let notice = b.text(NOTICE).await?;
        ensure!(
            notice.contains("New releases are available") && notice.contains("Reload"),
            "the notice is {notice:?}"
        );
        ensure!(
            cx.server.bundle_requests() > before,
            "the app did not check again"
        );
        // Nothing moved: same article, same neighbours, same URL, no reload.
        pages::check_prev_next(b, &e, &middle)
            .await
            .context("before Reload, previous/next must not change")?;
        b.wait_path(&middle.path()).await?;
        b.assert_marker("the bundle changed").await?;

        b.click(NOTICE_RELOAD).await?;
        b.wait_text(sel::NEXT_LINK, &format!("Next: {renamed}"))
            .await
            .context("after Reload, the renamed neighbour")?;
        b.assert_absent(NOTICE, "Reload applied the update").await?;
        b.assert_marker("Reload").await?;
        b.click(sel::BACK_TO_LIST).await?;
        pages::check_list(b, &changed).await
    })
    .await
}
