//! The browser console: no errors on a tour of every normal page, and proof that the
//! harness really sees console output (so "no errors" is not vacuous).

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::{run, Browser, ConsolePolicy};

/// Reads the console and fails, naming `step`, if it has any error so far.
async fn no_errors_after(b: &mut Browser, step: &str) -> Result<()> {
    b.collect_console().await?;
    ConsolePolicy::NoErrors
        .check(b.console())
        .with_context(|| format!("after {step}"))
}

/// A tour of the list, articles (client-side and deep-linked), previous/next, a reload
/// and the not-found page logs no error (no panic, no failed request, no favicon 404).
#[tokio::test]
async fn normal_pages_log_no_console_errors() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &mut cx.browser;
        b.execute("console.info('pressroom-e2e: console probe'); return true")
            .await?;
        b.collect_console().await?;
        ensure!(
            b.console()
                .iter()
                .any(|entry| entry.message.contains("pressroom-e2e: console probe")),
            "the harness does not see the browser console (got {:?})",
            b.console()
        );

        b.goto("/").await?;
        pages::check_list(b, &e).await?;
        no_errors_after(b, "loading the list").await?;

        let middle = e.middle()?.clone();
        pages::click_list_link(b, &middle).await?;
        pages::check_article(b, &e, &middle).await?;
        no_errors_after(b, "opening an article from the list").await?;

        if b.find_all(sel::NEXT_LINK).await?.is_empty() {
            b.click(sel::PREV_LINK).await?;
        } else {
            b.click(sel::NEXT_LINK).await?;
        }
        b.wait_for(sel::ARTICLE).await?;
        no_errors_after(b, "following previous/next").await?;

        let newest = e.newest()?.clone();
        b.goto(&newest.encoded_path()).await?;
        pages::check_article(b, &e, &newest).await?;
        b.refresh().await?;
        pages::check_article(b, &e, &newest).await?;
        no_errors_after(b, "deep-linking and reloading an article").await?;

        b.goto("/releases/no-such-release").await?;
        b.wait_for(sel::NOT_FOUND).await?;
        no_errors_after(b, "the not-found page").await?;
        Ok(())
    })
    .await
}

/// The harness's console check catches a `console.error` (so it would catch a panic
/// message or an uncaught exception of the app).
#[tokio::test]
async fn console_check_catches_errors() -> Result<()> {
    run(
        ConsolePolicy::AllowErrorsMentioning(vec!["pressroom-e2e: error probe".to_string()]),
        async |cx| {
            let b = &mut cx.browser;
            b.goto("/").await?;
            b.wait_for(sel::RELEASE_LIST).await?;
            b.execute("console.error('pressroom-e2e: error probe'); return true")
                .await?;
            b.collect_console().await?;
            let result = ConsolePolicy::NoErrors.check(b.console());
            ensure!(
                result.is_err(),
                "a console.error was not reported by the NoErrors check: {:?}",
                b.console()
            );
            Ok(())
        },
    )
    .await
}
