//! Bad bundles: each unreadable one gives an error that says what is wrong and where,
//! never a panic, and Retry shows the list once the file is fixed; a byte-order mark is
//! accepted; invalid releases (duplicate slugs) are skipped with a visible warning; and
//! the huge ones (100,000 releases, a 50 MB body) stay usable. Large inputs are
//! generated here, at test time.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use pressroom_e2e::faults::wait_long;
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, ConsolePolicy, Ctx, Expected};

fn bundle_errors_only() -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_string()])
}

/// One unreadable bundle and the texts its error must contain.
struct Case {
    what: &'static str,
    bytes: Vec<u8>,
    says: Vec<String>,
}

fn case(what: &'static str, bytes: impl Into<Vec<u8>>, says: &[&str]) -> Case {
    Case {
        what,
        bytes: bytes.into(),
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

/// The original bundle with one byte 0xFF put in the middle of a string, and the
/// offset, line and column the error must name.
fn invalid_utf8(original: &str) -> Result<(Vec<u8>, usize, usize, usize)> {
    let marker = "\"title\": \"";
    let at = original
        .find(marker)
        .or_else(|| original.find("\"title\":\""))
        .context("the sample bundle has no title")?
        + marker.len()
        - 1;
    let mut bytes = original.as_bytes().to_vec();
    bytes.insert(at, 0xFF);
    let before = &original[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Ok((bytes, at, line, column))
}

fn cases(original: &str) -> Result<Vec<Case>> {
    let (utf8, offset, line, column) = invalid_utf8(original)?;
    let deep = 1_000;
    let truncated = &original[..original.len() / 2];
    let truncated = &truncated[..truncated.char_indices().last().map_or(0, |(i, _)| i)];
    let mut wrong_type: serde_json::Value = serde_json::from_str(original)?;
    wrong_type["releases"][1]["tags"] = serde_json::json!("not-a-list");
    let mut no_version: serde_json::Value = serde_json::from_str(original)?;
    no_version
        .as_object_mut()
        .context("the sample bundle is not an object")?
        .remove("version");
    let mut version_2: serde_json::Value = serde_json::from_str(original)?;
    version_2["version"] = serde_json::json!(2);
    Ok(vec![
        case("an empty file", "", &["the bundle is empty"]),
        case(
            "plain text",
            "Service temporarily unavailable, please come back later",
            &["not valid JSON", "line 1, column 1"],
        ),
        case(
            "an HTML error page served as releases.json with status 200",
            "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            &["HTML page, not JSON"],
        ),
        case(
            "a bundle cut in half",
            truncated,
            &["not valid JSON", "EOF while parsing", "line", "column"],
        ),
        case(
            "invalid UTF-8",
            utf8,
            &[
                "not valid UTF-8",
                "byte 0xFF",
                &format!("byte offset {offset} (line {line}, column {column})"),
            ],
        ),
        case(
            "a wrong type",
            serde_json::to_string_pretty(&wrong_type)?,
            &["wrong value at `releases[1].tags`", "expected a sequence", "line"],
        ),
        case(
            "nesting deeper than serde's limit",
            format!(
                r#"{{"version": {}{}, "site": {{"title": "Deep"}}, "releases": []}}"#,
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            &["nested more than 128 levels", "line 1, column"],
        ),
        case(
            "deep nesting inside a release",
            format!(
                r#"{{"version": 1, "site": {{"title": "Deep"}}, "releases": [{{"id": "a", "tags": {}{}}}]}}"#,
                "[".repeat(deep),
                "]".repeat(deep)
            ),
            &["wrong value at `releases[0].tags[0]`"],
        ),
        case(
            "no version",
            serde_json::to_string(&no_version)?,
            &["no `version`", "reads version 1"],
        ),
        case(
            "an unknown version",
            serde_json::to_string(&version_2)?,
            &["unsupported bundle version 2"],
        ),
        case(
            "a JSON array",
            "[]",
            &["must be a JSON object"],
        ),
    ])
}

/// Every unreadable bundle: the error names what is wrong, where (line, column, byte
/// offset or path) and the bundle's URL; nothing is listed; Retry recovers.
#[tokio::test]
async fn unreadable_bundles_say_what_and_where_and_retry_recovers() -> Result<()> {
    run(bundle_errors_only(), async |cx| {
        let cases = cases(&cx.expected.text)?;
        let count = cases.len();
        for case in cases {
            check_case(cx, &case)
                .await
                .with_context(|| format!("bad bundle: {}", case.what))?;
        }
        eprintln!("{count} unreadable bundles tried, each named with its position, Retry recovered from each");
        Ok(())
    })
    .await
}

async fn check_case(cx: &Ctx, case: &Case) -> Result<()> {
    std::fs::write(cx.bundle_file(), &case.bytes)?;
    let b = &cx.browser;
    b.goto("/").await?;
    let text = b.text(sel::LOAD_ERROR).await?;
    for expected in case.says.iter().chain(["releases.json".to_string()].iter()) {
        ensure!(
            text.contains(expected.as_str()),
            "{} text is {text:?}, should contain {expected:?}",
            sel::LOAD_ERROR
        );
    }
    b.assert_absent(sel::RELEASE_ITEM, "the bundle is unreadable")
        .await?;
    cx.restore_bundle()?;
    b.click(sel::RETRY).await?;
    pages::check_list(b, &cx.expected)
        .await
        .context("after Retry with releases.json fixed")?;
    b.assert_absent(sel::LOAD_ERROR, "the bundle loaded after Retry")
        .await
}

/// A UTF-8 byte-order mark before the JSON is accepted.
#[tokio::test]
async fn byte_order_mark_is_accepted() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(cx.expected.text.as_bytes());
        std::fs::write(cx.bundle_file(), bytes)?;
        cx.browser.goto("/").await?;
        pages::check_list(&cx.browser, &cx.expected).await?;
        cx.browser
            .assert_absent(sel::LOAD_ERROR, "a BOM is fine")
            .await
    })
    .await
}

/// Two releases with the same slug: the second is skipped, the warning says which and
/// why, and every other release is listed (the policy: skip with a visible warning).
#[tokio::test]
async fn duplicate_slugs_are_skipped_with_a_visible_warning() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bundle: serde_json::Value = serde_json::from_str(&cx.expected.text)?;
        let releases = bundle["releases"]
            .as_array_mut()
            .context("no releases array")?;
        ensure!(releases.len() >= 3, "the sample needs 3 releases");
        releases[0]["slug"] = serde_json::json!("same-slug");
        releases[2]["slug"] = serde_json::json!("same-slug");
        let skipped_title = releases[2]["title"]
            .as_str()
            .context("release 3 has no title")?
            .to_string();
        let text = serde_json::to_string_pretty(&bundle)?;
        let expected = Expected::from_json(&text)?;
        ensure!(
            expected.problem_count == 1,
            "core should report one problem"
        );
        cx.write_bundle(&text)?;

        let b = &cx.browser;
        b.goto("/").await?;
        pages::check_list(b, &expected).await?;
        b.click(&format!("{} summary", sel::BUNDLE_WARNINGS))
            .await?;
        let warnings = b.text(sel::BUNDLE_WARNINGS).await?;
        ensure!(
            warnings.contains("1 problem")
                && warnings.contains("release 3")
                && warnings.contains("field `slug`: duplicates the slug of release 1"),
            "the warning is {warnings:?}"
        );
        let titles = b.texts(sel::RELEASE_LINK).await?;
        ensure!(
            !titles.iter().any(|t| t.trim() == skipped_title),
            "the duplicate {skipped_title:?} is still listed"
        );
        Ok(())
    })
    .await
}

fn big_bundle(n: usize) -> String {
    let mut text = String::with_capacity(n * 260);
    text.push_str(r#"{"version":1,"site":{"title":"Big Newsroom"},"releases":["#);
    for i in 1..=n {
        if i > 1 {
            text.push(',');
        }
        let (day, rest) = (1 + i / 86_400, i % 86_400);
        let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
        text.push_str(&format!(
            r#"{{"id":"r{i:06}","title":"Release {i:06}","published":"2024-01-{day:02}T{h:02}:{m:02}:{s:02}Z","source":{{"name":"Agency {}","url":"https://example.org/r/{i}"}},"summary":"Summary of release {i}.","body":"Body of release {i}, with **some** Markdown.","tags":["t{}"]}}"#,
            i % 17,
            i % 5
        ));
    }
    text.push_str("]}");
    text
}

async fn first_titles(cx: &Ctx, n: usize) -> Result<Vec<String>> {
    let titles = cx.browser.texts(sel::RELEASE_LINK).await?;
    Ok(titles
        .into_iter()
        .take(n)
        .map(|t| t.trim().to_string())
        .collect())
}

/// 100,000 releases: the list shows 50 a page, newest first, with Newer/Older links,
/// `/page/<n>` routes and titles; the load and the page changes are timed.
#[tokio::test]
async fn hundred_thousand_releases_are_paged() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let n = 100_000;
        let text = big_bundle(n);
        let megabytes = text.len() as f64 / 1e6;
        cx.write_bundle(&text)?;
        let b = &cx.browser;

        let start = Instant::now();
        b.goto("/").await?;
        wait_long(b, sel::RELEASE_ITEM, Duration::from_secs(120)).await?;
        let first_load = start.elapsed();
        b.wait_count(sel::RELEASE_ITEM, 50).await?;
        ensure!(
            first_titles(cx, 2).await? == ["Release 100000", "Release 099999"],
            "page 1 should start with the newest"
        );
        b.wait_text("[data-testid=\"page-status\"]", "Page 1 of 2000")
            .await?;
        b.wait_title("Big Newsroom").await?;
        b.assert_absent("[data-testid=\"newer-page\"]", "page 1 is the newest")
            .await?;

        b.set_marker().await?;
        let start = Instant::now();
        b.click("[data-testid=\"older-page\"]").await?;
        b.wait_path("/page/2/").await?;
        b.wait_text(sel::RELEASE_LINK, "Release 099950").await?;
        let page_change = start.elapsed();
        b.wait_count(sel::RELEASE_ITEM, 50).await?;
        b.wait_title("Page 2 of 2000 — Big Newsroom").await?;
        b.assert_marker("clicking Older").await?;
        let newer = b
            .attr("[data-testid=\"newer-page\"]", "href")
            .await?
            .unwrap_or_default();
        ensure!(newer == "/", "Newer on page 2 should go to /, is {newer:?}");

        let start = Instant::now();
        b.goto("/page/2000").await?;
        wait_long(b, sel::RELEASE_ITEM, Duration::from_secs(120)).await?;
        let last_load = start.elapsed();
        let titles = b.texts(sel::RELEASE_LINK).await?;
        ensure!(
            titles.len() == 50 && titles.last().map(|t| t.trim()) == Some("Release 000001"),
            "the last page should end with the oldest release: {:?}",
            titles.last()
        );
        b.assert_absent("[data-testid=\"older-page\"]", "page 2000 is the oldest")
            .await?;
        b.click("[data-testid=\"newer-page\"]").await?;
        b.wait_path("/page/1999/").await?;
        b.wait_text(sel::RELEASE_LINK, "Release 000100").await?;

        // A page past the end is "not found", with a way back.
        b.goto("/page/2001").await?;
        wait_long(b, sel::NOT_FOUND, Duration::from_secs(120)).await?;
        let not_found = b.text(sel::NOT_FOUND).await?;
        ensure!(not_found.contains("Page not found"), "{not_found:?}");

        eprintln!(
            "100,000 releases ({megabytes:.1} MB): first page shown {:.2} s after navigation; \
             client-side page change {:.0} ms; direct load of the last page {:.2} s",
            first_load.as_secs_f64(),
            page_change.as_secs_f64() * 1000.0,
            last_load.as_secs_f64()
        );
        Ok(())
    })
    .await
}

/// A release with a 50 MB body: the list and then the article render; both are timed.
#[tokio::test]
async fn fifty_megabyte_body_renders() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bundle: serde_json::Value = serde_json::from_str(&cx.expected.text)?;
        let paragraph = "The agency announced a measure that is described here at length, \
            so that this paragraph is long enough to make the body large without making it \
            one enormous line of text. ";
        let mut body = String::with_capacity(50_100_000);
        let mut k = 0;
        while body.len() < 50_000_000 {
            k += 1;
            body.push_str(&format!("Paragraph {k}. "));
            for _ in 0..5 {
                body.push_str(paragraph);
            }
            body.push_str("\n\n");
        }
        let body_len = body.len();
        bundle["releases"]
            .as_array_mut()
            .context("no releases array")?
            .push(serde_json::json!({
                "id": "huge",
                "slug": "huge-release",
                "title": "Huge release",
                "published": "2030-01-01",
                "source": {"name": "Agency", "url": "https://example.org/huge"},
                "body": body,
            }));
        cx.write_bundle(&serde_json::to_string(&bundle)?)?;
        let b = &cx.browser;

        let start = Instant::now();
        b.goto("/").await?;
        wait_long(b, sel::RELEASE_ITEM, Duration::from_secs(120)).await?;
        let list = start.elapsed();
        ensure!(
            first_titles(cx, 1).await? == ["Huge release"],
            "the huge release is the newest"
        );

        let start = Instant::now();
        b.goto("/releases/huge-release").await?;
        wait_long(b, sel::BODY, Duration::from_secs(150)).await?;
        let article = start.elapsed();
        let shown = b
            .execute(
                "return document.querySelector('[data-testid=\"release-body\"]').textContent.length",
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        ensure!(
            shown as usize > body_len * 9 / 10,
            "the body shows {shown} characters of {body_len}"
        );
        b.wait_text(sel::ARTICLE_TITLE, "Huge release").await?;
        eprintln!(
            "50 MB body ({body_len} bytes, {k} paragraphs): list shown {:.2} s after \
             navigation; article shown {:.2} s after navigation",
            list.as_secs_f64(),
            article.as_secs_f64()
        );
        Ok(())
    })
    .await
}
