//! The keyboard and assistive technology, in headless Chromium against the root site:
//! `→`/`←` and `j`/`k` open the next and previous release, `g h` the list, `?` the help
//! (Esc closes it and focus returns), turning single-key shortcuts off is remembered
//! across a reload, typing in the search box triggers nothing, a polite live region
//! announces each page reached client-side, and a skip link leads to `<main>`.

use anyhow::{ensure, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, Browser, ConsolePolicy};

const HELP: &str = "[data-testid=\"shortcuts-help\"]";
const ANNOUNCER: &str = "[data-testid=\"announcer\"]";
const SEARCH_INPUT: &str = "input[name=\"q\"]";

/// Presses `keys` with focus on the page's body.
async fn press(b: &Browser, keys: &str) -> Result<()> {
    b.execute(
        "document.activeElement && document.activeElement.blur && document.activeElement.blur();",
    )
    .await?;
    b.wait_for("body").await?.send_keys(keys).await?;
    Ok(())
}

/// Waits until the live region names `title` (in the page's document title).
async fn announced(b: &Browser, title: &str) -> Result<()> {
    b.poll(&format!("the live region announcing {title:?}"), || async {
        Ok(b.text(ANNOUNCER).await?.contains(title).then_some(()))
    })
    .await
}

/// The `data-testid` of the focused element.
async fn focused_testid(b: &Browser) -> Result<String> {
    let value = b
        .execute("const a = document.activeElement; return a ? (a.getAttribute('data-testid') || a.localName) : '';")
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn arrows_and_letters_walk_the_releases_and_the_live_region_says_where() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let order = &e.chronological;
        ensure!(order.len() >= 3, "the sample has at least three releases");
        let (older, middle, newer) = (&order[0], &order[1], &order[2]);
        b.goto(&middle.encoded_path()).await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        pages::wait_takeover(b).await?;
        let first = b.text(ANNOUNCER).await?;
        ensure!(
            first.is_empty(),
            "the first page is not announced: {first:?}"
        );

        b.set_marker().await?;
        press(b, "\u{E014}").await?; // →
        b.wait_text(sel::ARTICLE_TITLE, &newer.title).await?;
        announced(b, &newer.title).await?;
        press(b, "k").await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        announced(b, &middle.title).await?;
        press(b, "\u{E012}").await?; // ←
        b.wait_text(sel::ARTICLE_TITLE, &older.title).await?;
        press(b, "j").await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        press(b, "gh").await?;
        pages::wait_page(b, sel::RELEASE_ITEM).await?;
        b.assert_marker("walking with the keyboard").await?;

        // Keys typed into the search box are text, not shortcuts.
        b.wait_for(SEARCH_INPUT).await?.send_keys("jk").await?;
        let typed = b
            .execute("return document.querySelector('input[name=q]').value;")
            .await?;
        ensure!(
            typed == "jk",
            "the search box holds what was typed: {typed}"
        );
        b.assert_absent(sel::ARTICLE_TITLE, "typing opened no release")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn help_opens_closes_returns_focus_and_turning_off_is_remembered() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let middle = e.middle()?;
        b.goto(&middle.encoded_path()).await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        pages::wait_takeover(b).await?;

        // The skip link is the first thing Tab reaches, and it leads to <main>.
        let skip = b.attr("[data-testid=\"skip-link\"]", "href").await?;
        ensure!(skip.as_deref() == Some("#main"), "skip link href {skip:?}");
        b.wait_for("main#main").await?;

        b.click("[data-testid=\"shortcuts-button\"]").await?;
        b.wait_for(HELP).await?;
        b.poll("focus in the help", || async {
            Ok((focused_testid(b).await? == "shortcuts-close").then_some(()))
        })
        .await?;
        // Tab stays inside the dialog: from Close (the last control) to the switch.
        b.wait_for("[data-testid=\"shortcuts-close\"]")
            .await?
            .send_keys("\u{E004}")
            .await?; // Tab
        b.poll("focus wrapped to the switch", || async {
            Ok((focused_testid(b).await? == "shortcuts-enabled").then_some(()))
        })
        .await?;
        b.wait_for("[data-testid=\"shortcuts-enabled\"]")
            .await?
            .send_keys("\u{E00C}")
            .await?; // Esc
        b.poll("the help closed", || async {
            Ok(b.find_all(HELP).await?.is_empty().then_some(()))
        })
        .await?;
        b.poll("focus back on the button", || async {
            Ok((focused_testid(b).await? == "shortcuts-button").then_some(()))
        })
        .await?;

        press(b, "?").await?;
        b.wait_for(HELP).await?;
        b.click("[data-testid=\"shortcuts-enabled\"]").await?;
        b.click("[data-testid=\"shortcuts-close\"]").await?;
        b.refresh().await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        pages::wait_takeover(b).await?;
        press(b, "j?").await?;
        // A positive control after the keys: the button still opens the help. Key
        // events are handled in order before the click, and a shortcut's navigation
        // changes the URL at once, so the release shown is still the same.
        b.click("[data-testid=\"shortcuts-button\"]").await?;
        b.wait_for(HELP).await?;
        let path = b.path().await?;
        ensure!(
            pages::href_points_to(&path, middle),
            "j did nothing while shortcuts are off: at {path:?}, not {:?}",
            middle.path()
        );
        let checked = b
            .execute("return document.querySelector('[data-testid=shortcuts-enabled]').checked;")
            .await?;
        ensure!(
            checked == false,
            "the switch shows the remembered choice: {checked}"
        );
        Ok(())
    })
    .await
}
