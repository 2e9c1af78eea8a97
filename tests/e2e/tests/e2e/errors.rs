//! Pages and states off the happy path: an unknown slug, a missing bundle and an
//! unreadable bundle (and recovering from both with Retry), and a bundle with an
//! invalid release (skipped, with a warning).

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, ConsolePolicy, Expected};

/// The failed request for `releases.json` is logged by the browser itself; that, and
/// only that, may appear as an error in the console of the error tests.
fn bundle_errors_only() -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_string()])
}

/// An unknown slug shows "Release not found" with a way back to the list.
#[tokio::test]
async fn unknown_slug_shows_not_found_with_a_way_back() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/releases/no-such-release").await?;
        let text = b.text(sel::NOT_FOUND).await?;
        ensure!(
            text.contains("Release not found"),
            "{} text is {text:?}, should contain \"Release not found\"",
            sel::NOT_FOUND
        );
        b.wait_title(&format!("Release not found — {}", e.site_title))
            .await?;
        b.assert_absent(sel::ARTICLE, "the slug is unknown").await?;

        let back = format!("{} {}", sel::NOT_FOUND, sel::BACK_TO_LIST);
        let back = if b.find_all(&back).await?.is_empty() {
            sel::BACK_TO_LIST.to_string()
        } else {
            back
        };
        let href = b.attr(&back, "href").await?.unwrap_or_default();
        ensure!(
            href == "/" || href == format!("{}/", b.base_url()),
            "{back} href is {href:?}, expected \"/\""
        );
        b.set_marker().await?;
        b.click(&back).await?;
        b.wait_path("/").await?;
        pages::check_list(b, e).await?;
        b.assert_marker("clicking back-to-list on the not-found page")
            .await?;
        Ok(())
    })
    .await
}

/// Without `releases.json` the app says so (404 and the URL) and offers Retry, which
/// shows the list once the file is back.
#[tokio::test]
async fn missing_bundle_shows_404_and_retry_recovers() -> Result<()> {
    run(bundle_errors_only(), async |cx| {
        cx.remove_bundle()?;
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/").await?;
        let text = b.text(sel::LOAD_ERROR).await?;
        ensure!(
            text.contains("404") && text.contains("releases.json"),
            "{} text is {text:?}, should contain \"404\" and \"releases.json\"",
            sel::LOAD_ERROR
        );
        b.assert_absent(sel::RELEASE_ITEM, "the bundle is missing")
            .await?;
        let retry = b.text(sel::RETRY).await?;
        ensure!(
            retry.contains("Retry"),
            "{} text is {retry:?}, should be \"Retry\"",
            sel::RETRY
        );

        cx.restore_bundle()?;
        let before = cx.bundle_requests();
        b.click(sel::RETRY).await?;
        pages::check_list(b, e)
            .await
            .map_err(|err| err.context("after Retry with releases.json restored"))?;
        b.assert_absent(sel::LOAD_ERROR, "the bundle loaded after Retry")
            .await?;
        ensure!(
            cx.bundle_requests() > before,
            "Retry did not request releases.json again"
        );
        Ok(())
    })
    .await
}

/// A truncated `releases.json` makes the app say where it broke (line and column) and
/// offer Retry, which shows the list once the file is fixed.
#[tokio::test]
async fn invalid_json_shows_line_and_column_and_retry_recovers() -> Result<()> {
    run(bundle_errors_only(), async |cx| {
        cx.write_bundle(r#"{"version": 1, "site": "#)?;
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/").await?;
        let text = b.text(sel::LOAD_ERROR).await?;
        let lower = text.to_lowercase();
        ensure!(
            lower.contains("line") && lower.contains("column"),
            "{} text is {text:?}, should mention the line and column",
            sel::LOAD_ERROR
        );
        b.assert_absent(sel::RELEASE_ITEM, "the bundle is invalid")
            .await?;

        cx.restore_bundle()?;
        b.click(sel::RETRY).await?;
        pages::check_list(b, e)
            .await
            .map_err(|err| err.context("after Retry with releases.json fixed"))?;
        b.assert_absent(sel::LOAD_ERROR, "the bundle loaded after Retry")
            .await?;
        Ok(())
    })
    .await
}

/// A release without a title is skipped: the list shows the others, in order, and a
/// warning about the skipped one.
#[tokio::test]
async fn invalid_release_is_skipped_with_a_warning() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let mut bundle: serde_json::Value = serde_json::from_str(&cx.expected.text)?;
        let releases = bundle["releases"]
            .as_array_mut()
            .context("the sample bundle has no releases array")?;
        let broken = releases
            .first_mut()
            .and_then(|r| r.as_object_mut())
            .context("the sample bundle has no release")?;
        let broken_title = broken
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .context("the first release of the sample bundle has no title")?;
        let text = serde_json::to_string(&bundle)?;
        let expected = Expected::from_json(&text)?;
        ensure!(
            expected.problem_count > 0,
            "pressroom-core does not report a release without a title"
        );
        cx.write_bundle(&text)?;

        let b = &cx.browser;
        b.goto("/").await?;
        pages::check_list(b, &expected).await?;
        let warnings = b.text(sel::BUNDLE_WARNINGS).await?;
        ensure!(
            !warnings.trim().is_empty(),
            "{} is shown but empty",
            sel::BUNDLE_WARNINGS
        );
        let titles = b.texts(sel::RELEASE_LINK).await?;
        ensure!(
            !titles.iter().any(|t| t.trim() == broken_title),
            "the release without a title ({broken_title:?} before) is still listed"
        );
        Ok(())
    })
    .await
}

/// A bundle larger than the page allows (`<meta name="pressroom-max-bytes">`; 64 MiB by
/// default) is refused with a message that names its size and the limit, instead of
/// running the app out of memory; with the limit raised, the same bundle shows.
#[tokio::test]
async fn a_bundle_over_the_size_limit_is_refused_naming_its_size() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let index = cx.server.root().join("index.html");
        pressroom_e2e::sites::set_meta(&index, "pressroom-max-bytes", "1000")?;
        let size = std::fs::metadata(cx.bundle_file())?.len();
        let b = &cx.browser;
        b.goto("/").await?;
        let message = b.text(sel::LOAD_ERROR).await?;
        let shown = pressroom_e2e::faults::kilobytes(size);
        ensure!(
            message.contains(&format!("is {shown} or more, larger than the 1 KB")),
            "the error names the size ({shown}) and the limit: {message:?}"
        );
        // Positive control: the same bundle under a larger limit.
        pressroom_e2e::sites::set_meta(&index, "pressroom-max-bytes", "10000000")?;
        b.refresh().await?;
        pages::check_list(b, &cx.expected).await?;
        Ok(())
    })
    .await
}
