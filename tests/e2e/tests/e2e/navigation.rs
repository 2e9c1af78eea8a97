//! Navigation through the app as a reader does it: the list, articles, previous/next,
//! the browser's Back and Forward, deep links and reloads, and Korean slugs.
//!
//! Every expectation comes from the served `releases.json` read by `pressroom-core`.
//! The browser console must stay free of errors in all of these runs.

use anyhow::{ensure, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, ConsolePolicy};

/// The list shows every release newest first; clicking one opens its article
/// client-side, and "back to list" returns to the list client-side. After each, focus is
/// on the new page's heading.
#[tokio::test]
async fn list_shows_releases_newest_first_and_opens_an_article() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/").await?;
        pages::check_list(b, e).await?;
        b.assert_absent(sel::LOAD_ERROR, "the bundle is valid")
            .await?;

        let target = e.middle()?.clone();
        b.set_marker().await?;
        pages::click_list_link(b, &target).await?;
        pages::check_article(b, e, &target).await?;
        b.assert_marker("clicking a release in the list").await?;
        b.wait_focused_heading(&target.title).await?;

        b.click(sel::BACK_TO_LIST).await?;
        b.wait_path("/").await?;
        pages::check_list(b, e).await?;
        b.assert_marker("clicking back-to-list").await?;
        b.wait_focused_heading(&e.site_title).await?;
        Ok(())
    })
    .await
}

/// Next from the oldest release through every release to the newest (which has no
/// next link), then Previous back to the oldest (which has no previous link), all
/// client-side.
#[tokio::test]
async fn next_and_previous_walk_every_release_in_order() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        e.require_at_least(2)?;
        let chronological = e.chronological.clone();
        let oldest = e.oldest()?.clone();

        b.goto(&oldest.encoded_path()).await?;
        pages::check_article(b, e, &oldest).await?;
        b.set_marker().await?;

        for pair in chronological.windows(2) {
            b.click(sel::NEXT_LINK).await?;
            pages::check_article(b, e, &pair[1]).await?;
        }
        b.assert_absent(sel::NEXT_LINK, "the newest release has no next")
            .await?;
        b.assert_marker("walking Next to the newest release")
            .await?;

        for pair in chronological.windows(2).rev() {
            b.click(sel::PREV_LINK).await?;
            pages::check_article(b, e, &pair[0]).await?;
        }
        b.assert_absent(sel::PREV_LINK, "the oldest release has no previous")
            .await?;
        b.assert_marker("walking Previous back to the oldest release")
            .await?;
        Ok(())
    })
    .await
}

/// The browser's Back and Forward buttons restore the right page and URL (and focus
/// the restored page's heading).
#[tokio::test]
async fn back_and_forward_restore_the_right_article() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        e.require_at_least(3)?;
        let first = e.middle()?.clone();
        let index = e
            .chronological
            .iter()
            .position(|r| r.slug == first.slug)
            .unwrap_or_default();
        let Some(second) = e.chronological.get(index + 1).cloned() else {
            anyhow::bail!("the middle release has no newer neighbour");
        };

        b.goto("/").await?;
        b.wait_count(sel::RELEASE_ITEM, e.chronological.len())
            .await?;
        b.set_marker().await?;
        pages::click_list_link(b, &first).await?;
        pages::check_article(b, e, &first).await?;
        b.click(sel::NEXT_LINK).await?;
        pages::check_article(b, e, &second).await?;

        b.back().await?;
        pages::check_article(b, e, &first)
            .await
            .map_err(|err| err.context("after Back (1st)"))?;
        b.wait_focused_heading(&first.title).await?;
        b.back().await?;
        b.wait_path("/").await?;
        pages::check_list(b, e)
            .await
            .map_err(|err| err.context("after Back (2nd)"))?;
        b.forward().await?;
        pages::check_article(b, e, &first)
            .await
            .map_err(|err| err.context("after Forward (1st)"))?;
        b.forward().await?;
        pages::check_article(b, e, &second)
            .await
            .map_err(|err| err.context("after Forward (2nd)"))?;
        b.assert_marker("Back and Forward").await?;
        Ok(())
    })
    .await
}

/// An article's URL loaded directly, and reloaded, shows that article (the server's
/// single-page-app fallback plus the app's router).
#[tokio::test]
async fn deep_link_and_reload_show_the_article() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let mut targets = vec![e.middle()?.clone(), e.newest()?.clone()];
        targets.dedup();
        for release in &targets {
            b.goto(&release.encoded_path()).await?;
            pages::check_article(b, e, release)
                .await
                .map_err(|err| err.context("deep link"))?;
            b.set_marker().await?;
            b.refresh().await?;
            ensure!(
                !b.has_marker().await?,
                "refresh() did not reload the page (test harness problem)"
            );
            pages::check_article(b, e, release)
                .await
                .map_err(|err| err.context("after reloading the deep link"))?;
        }
        Ok(())
    })
    .await
}

/// A release with a Korean slug opens by its percent-encoded URL and from the list.
#[tokio::test]
async fn korean_slug_opens_directly_and_from_the_list() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let korean = e.non_ascii_slug()?.clone();

        b.goto(&korean.encoded_path()).await?;
        pages::check_article(b, e, &korean)
            .await
            .map_err(|err| err.context(format!("opening {} directly", korean.encoded_path())))?;

        b.goto("/").await?;
        pages::check_list(b, e).await?;
        b.set_marker().await?;
        pages::click_list_link(b, &korean).await?;
        pages::check_article(b, e, &korean)
            .await
            .map_err(|err| err.context("opening it from the list"))?;
        b.assert_marker("clicking the Korean-slug release in the list")
            .await?;
        Ok(())
    })
    .await
}

/// Back to the list puts the reader where they were in it; a new article starts at the
/// top.
#[tokio::test]
async fn back_restores_the_scroll_position_of_the_list() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/").await?;
        pages::check_list(b, e).await?;
        let scrolled = b
            .execute("window.scrollTo(0, 700); return window.scrollY;")
            .await?
            .as_f64()
            .unwrap_or(0.0);
        ensure!(
            scrolled > 300.0,
            "the list is too short to scroll ({scrolled})"
        );
        let newest = e.newest()?.clone();
        b.set_marker().await?;
        b.execute("document.querySelector('a[data-testid=release-link]').click(); return true")
            .await?;
        pages::check_article(b, e, &newest).await?;
        let top = b
            .execute("return window.scrollY")
            .await?
            .as_f64()
            .unwrap_or(-1.0);
        ensure!(
            top == 0.0,
            "a new article should start at the top, not at {top}"
        );
        b.back().await?;
        pages::check_list(b, e).await?;
        b.poll("the list's scroll position to come back", || async {
            let y = b
                .execute("return window.scrollY")
                .await?
                .as_f64()
                .unwrap_or(0.0);
            if (y - scrolled).abs() <= 2.0 {
                Ok(Some(()))
            } else {
                Err(anyhow::anyhow!("scrollY {y}, expected {scrolled}"))
            }
        })
        .await?;
        b.assert_marker("Back to the list").await
    })
    .await
}

/// A link to the page already shown (the site title on the list) adds no history entry;
/// a link to another page adds one (the positive control).
#[tokio::test]
async fn a_link_to_the_page_shown_adds_no_history_entry() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        b.goto("/").await?;
        pages::check_list(b, e).await?;
        let length = |v: serde_json::Value| v.as_u64().unwrap_or(0);
        let before = length(b.execute("return history.length").await?);
        b.set_marker().await?;
        b.click(".site-title a").await?;
        b.click(".site-title a").await?;
        b.assert_marker("clicking the list's own link").await?;
        let after = length(b.execute("return history.length").await?);
        ensure!(after == before, "history grew from {before} to {after}");
        let target = e.middle()?.clone();
        pages::click_list_link(b, &target).await?;
        pages::check_article(b, e, &target).await?;
        let later = length(b.execute("return history.length").await?);
        ensure!(
            later == before + 1,
            "an article adds one entry: {before} → {later}"
        );
        Ok(())
    })
    .await
}

/// A click on Next draws the new release's page over the old one and writes only what
/// differs: the attributes that the two pages share (the title's and the body's class
/// and test id) are not removed and written again (vendor/tachys/PATCH.md), which cost
/// every click script time and style recalculation.
#[tokio::test]
async fn next_keeps_the_attributes_that_do_not_change() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        e.require_at_least(3)?;
        let [first, second, third] = [0, 1, 2].map(|i| e.chronological[i].clone());
        b.goto(&first.encoded_path()).await?;
        pages::check_article(b, e, &first).await?;
        // One click first, so that the page under watch is the app's own drawing.
        b.click(sel::NEXT_LINK).await?;
        pages::check_article(b, e, &second).await?;
        b.execute(
            "window.attributeWrites = [];
             new MutationObserver((records) => {
               for (const r of records) {
                 window.attributeWrites.push(`${r.target.getAttribute('data-testid')} ${r.attributeName}`);
               }
             }).observe(document.getElementById('pressroom'), { attributes: true, subtree: true });
             return true;",
        )
        .await?;
        b.click(sel::NEXT_LINK).await?;
        pages::check_article(b, e, &third).await?;
        let writes = b.execute("return window.attributeWrites;").await?;
        let writes: Vec<&str> = writes
            .as_array()
            .map(|w| w.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        // Written by hand: attributes both pages have, with the same values.
        for kept in [
            "release-title class",
            "release-title data-testid",
            "release-body class",
            "release-body data-testid",
        ] {
            ensure!(
                !writes.contains(&kept),
                "Next wrote `{kept}` again; attribute writes: {writes:?}"
            );
        }
        // …while what differs was written: the next link's address.
        ensure!(
            writes.contains(&"next-link href"),
            "Next did not write the next link's address; attribute writes: {writes:?}"
        );
        Ok(())
    })
    .await
}
