//! The app's DOM contract (selectors) and checks of whole pages against the bundle.
//!
//! The tests assert on behaviour (which elements, which texts and attributes), never
//! on HTML strings.

use anyhow::{bail, ensure, Context, Result};
use fantoccini::Locator;

use crate::browser::{decode, Browser};
use crate::bundle::{Expected, ExpectedRelease};

/// Selectors of the app's DOM contract.
pub mod sel {
    /// The loading state.
    pub const LOADING: &str = "[data-testid=\"loading\"]";
    /// The error state (the bundle could not be loaded).
    pub const LOAD_ERROR: &str = "[data-testid=\"load-error\"]";
    /// The Retry button of the error state.
    pub const RETRY: &str = "[data-testid=\"retry\"]";
    /// Warnings about skipped releases.
    pub const BUNDLE_WARNINGS: &str = "[data-testid=\"bundle-warnings\"]";
    /// The list page's heading.
    pub const LIST_HEADING: &str = "h1";
    /// The list of releases.
    pub const RELEASE_LIST: &str = "ol[data-testid=\"release-list\"]";
    /// One item of the list.
    pub const RELEASE_ITEM: &str =
        "ol[data-testid=\"release-list\"] > li[data-testid=\"release-item\"]";
    /// The links of the list items (one per item).
    pub const RELEASE_LINK: &str = "ol[data-testid=\"release-list\"] > li[data-testid=\"release-item\"] a[data-testid=\"release-link\"]";
    /// The article.
    pub const ARTICLE: &str = "article[data-testid=\"release\"]";
    /// The article's title.
    pub const ARTICLE_TITLE: &str = "h1[data-testid=\"release-title\"]";
    /// The article's date.
    pub const ARTICLE_DATE: &str = "time[data-testid=\"release-date\"]";
    /// The article's source (also used in list items).
    pub const SOURCE: &str = "[data-testid=\"release-source\"]";
    /// The link to the official release.
    pub const OFFICIAL_LINK: &str = "a[data-testid=\"official-link\"]";
    /// Tags (also used in list items).
    pub const TAGS: &str = "[data-testid=\"tags\"]";
    /// The rendered Markdown body.
    pub const BODY: &str = "[data-testid=\"release-body\"]";
    /// The previous/next navigation.
    pub const PREV_NEXT: &str = "nav[data-testid=\"prev-next\"]";
    /// Link to the older release.
    pub const PREV_LINK: &str = "nav[data-testid=\"prev-next\"] a[data-testid=\"prev-link\"]";
    /// Link to the newer release.
    pub const NEXT_LINK: &str = "nav[data-testid=\"prev-next\"] a[data-testid=\"next-link\"]";
    /// Back to the list (article and not-found pages).
    pub const BACK_TO_LIST: &str = "a[data-testid=\"back-to-list\"]";
    /// The not-found page.
    pub const NOT_FOUND: &str = "[data-testid=\"not-found\"]";
    /// The button of the keyboard shortcuts' help (drawn by the running app only).
    pub const SHORTCUTS_BUTTON: &str = "[data-testid=\"shortcuts-button\"]";
}

/// The page's cumulative layout shift so far, without shifts that followed input: the
/// sum of every buffered `layout-shift` entry. The observer gets the buffered entries in
/// a task queued when it starts observing, so they are in before two frames later.
pub async fn layout_shift(b: &Browser) -> Result<f64> {
    b.execute(
        "return await new Promise((resolve) => {
           let total = 0;
           const add = (entries) => entries.forEach((e) => { if (!e.hadRecentInput) total += e.value; });
           const observer = new PerformanceObserver((list) => add(list.getEntries()));
           observer.observe({ type: 'layout-shift', buffered: true });
           requestAnimationFrame(() => requestAnimationFrame(() => {
             add(observer.takeRecords());
             observer.disconnect();
             resolve(total);
           }));
         });",
    )
    .await?
    .as_f64()
    .context("the layout-shift total is a number")
}

/// The text of the previous link for `older`.
pub fn prev_text(older: &ExpectedRelease) -> String {
    format!("Previous: {}", older.title)
}

/// The text of the next link for `newer`.
pub fn next_text(newer: &ExpectedRelease) -> String {
    format!("Next: {}", newer.title)
}

/// Whether an `href` (possibly percent-encoded, possibly absolute, possibly a hash-mode
/// `#/…` fragment) points to the article of `release`.
pub fn href_points_to(href: &str, release: &ExpectedRelease) -> bool {
    let decoded = decode(href);
    // Hash mode: the route is the fragment, `#/releases/<slug>/`.
    let path = match decoded.strip_prefix('#') {
        Some(fragment) => fragment,
        None => decoded.split(['?', '#']).next().unwrap_or(""),
    };
    path.ends_with(&release.path())
}

/// Waits until the app has taken over the pre-rendered markup: no pre-rendered node left
/// and the app's root shown.
pub async fn wait_takeover(b: &Browser) -> Result<()> {
    b.poll("the app to take over the pre-rendered page", || async {
        let done = b
            .execute(
                "const host = document.getElementById('pressroom');
                 return !!host && !host.querySelector('[data-pressroom-prerendered]')
                   && host.querySelectorAll(':scope > .pressroom-app').length === 1
                   && !host.querySelector(':scope > .pressroom-app[hidden]');",
            )
            .await?;
        Ok((done == serde_json::Value::Bool(true)).then_some(()))
    })
    .await
}

/// Waits until an element matching `css` is shown; fails at once, with its text, if
/// the app shows its error state instead (that state stays until Retry; one that is
/// being replaced, read as detached or empty, is waited out).
pub async fn wait_page(browser: &Browser, css: &str) -> Result<()> {
    browser
        .poll(&format!("`{css}`"), || async {
            if !browser.find_all(css).await?.is_empty() {
                return Ok(Some(Ok(())));
            }
            if let Some(error) = browser.find_all(sel::LOAD_ERROR).await?.first() {
                // An error state whose Retry is running says so (`aria-busy`); one that
                // is being replaced is detached or empty by the time it is read: keep
                // waiting for the page then.
                let busy = error.attr("aria-busy").await.ok().flatten();
                if busy.as_deref() == Some("true") {
                    bail!("no element matches `{css}` (Retry is running)");
                }
                let text = error.text().await.unwrap_or_default();
                if text.trim().is_empty() {
                    bail!("no element matches `{css}` (an error state is being replaced)");
                }
                return Ok(Some(Err(anyhow::anyhow!(
                    "the app shows its error state {} instead of `{css}`: {text:?}\n{}",
                    sel::LOAD_ERROR,
                    browser.diagnostics().await
                ))));
            }
            bail!("no element matches `{css}`")
        })
        .await?
}

/// Waits for the list page and checks it completely against the bundle: heading,
/// `document.title`, every item in newest-first order with its link, date, source,
/// summary and tags, and the warnings when the bundle has skipped releases.
pub async fn check_list(browser: &Browser, expected: &Expected) -> Result<()> {
    let newest_first = expected.newest_first();
    wait_page(browser, sel::RELEASE_ITEM).await?;
    browser
        .wait_count(sel::RELEASE_ITEM, newest_first.len())
        .await
        .context("the list should show every valid release of the bundle")?;
    browser
        .wait_text(sel::LIST_HEADING, &expected.site_title)
        .await
        .context("the list's h1 should be the site title")?;
    browser
        .wait_title(&expected.site_title)
        .await
        .context("the list's document.title should be the site title")?;

    let items = browser.find_all(sel::RELEASE_ITEM).await?;
    ensure!(
        items.len() == newest_first.len(),
        "the list changed while being read"
    );
    let mut seen_titles = Vec::new();
    for (index, (item, release)) in items.iter().zip(&newest_first).enumerate() {
        let n = index + 1;
        let link = item
            .find(Locator::Css("a[data-testid=\"release-link\"]"))
            .await
            .with_context(|| format!("list item {n} has no a[data-testid=\"release-link\"]"))?;
        let title = link.text().await?.trim().to_string();
        seen_titles.push(title.clone());
        let href = link.attr("href").await?.unwrap_or_default();
        ensure!(
            href_points_to(&href, release),
            "list item {n} ({:?}): href {href:?} should end with {:?}",
            release.title,
            release.path()
        );
        let time = item
            .find(Locator::Css("time[datetime]"))
            .await
            .with_context(|| {
                format!("list item {n} ({:?}) has no time[datetime]", release.title)
            })?;
        let datetime = time.attr("datetime").await?.unwrap_or_default();
        ensure!(
            datetime == release.published,
            "list item {n} ({:?}): time[datetime] is {datetime:?}, the bundle's published is {:?}",
            release.title,
            release.published
        );
        let source = item
            .find(Locator::Css(sel::SOURCE))
            .await
            .with_context(|| format!("list item {n} ({:?}) has no {}", release.title, sel::SOURCE))?
            .text()
            .await?;
        ensure!(
            source.contains(&release.source_name),
            "list item {n} ({:?}): {} is {source:?}, should contain {:?}",
            release.title,
            sel::SOURCE,
            release.source_name
        );
        item.find(Locator::Css("[data-testid=\"release-summary\"]"))
            .await
            .with_context(|| {
                format!("list item {n} ({:?}) has no release-summary", release.title)
            })?;
        if !release.tags.is_empty() {
            let tags = item
                .find_all(Locator::Css("[data-testid=\"tags\"] li"))
                .await?;
            let mut tag_texts = Vec::new();
            for tag in tags {
                tag_texts.push(tag.text().await?.trim().to_string());
            }
            for tag in &release.tags {
                ensure!(
                    tag_texts.iter().any(|t| t.contains(tag.as_str())),
                    "list item {n} ({:?}): tag {tag:?} missing from [data-testid=\"tags\"] li: {tag_texts:?}",
                    release.title
                );
            }
        }
    }
    let expected_titles: Vec<&str> = newest_first.iter().map(|r| r.title.as_str()).collect();
    if seen_titles != expected_titles {
        bail!(
            "the list's titles are not the bundle's releases newest first\n  expected: {expected_titles:?}\n  got:      {seen_titles:?}"
        );
    }

    if expected.problem_count > 0 {
        browser
            .wait_for(sel::BUNDLE_WARNINGS)
            .await
            .with_context(|| {
                format!(
                    "the bundle has {} problem(s) (skipped releases), so the list should show {}",
                    expected.problem_count,
                    sel::BUNDLE_WARNINGS
                )
            })?;
    }
    Ok(())
}

/// Waits for the article of `release` and checks it: title, `document.title`, date,
/// source, official link, tags, body, back link, previous/next links, URL.
pub async fn check_article(
    browser: &Browser,
    expected: &Expected,
    release: &ExpectedRelease,
) -> Result<()> {
    let what = format!("article {:?}", release.title);
    wait_page(browser, sel::ARTICLE)
        .await
        .with_context(|| what.clone())?;
    browser
        .wait_text(sel::ARTICLE_TITLE, &release.title)
        .await
        .with_context(|| what.clone())?;
    browser
        .wait_path(&release.path())
        .await
        .with_context(|| format!("{what}: URL"))?;
    browser
        .wait_title(&release.document_title(&expected.site_title))
        .await
        .with_context(|| format!("{what}: document.title"))?;

    let datetime = browser.attr(sel::ARTICLE_DATE, "datetime").await?;
    ensure!(
        datetime.as_deref() == Some(release.published.as_str()),
        "{what}: {}[datetime] is {datetime:?}, the bundle's published is {:?}",
        sel::ARTICLE_DATE,
        release.published
    );
    let source = browser.text(sel::SOURCE).await?;
    ensure!(
        source.contains(&release.source_name),
        "{what}: {} is {source:?}, should contain {:?}",
        sel::SOURCE,
        release.source_name
    );
    let official_text = browser.text(sel::OFFICIAL_LINK).await?;
    let want = format!("Official release: {}", release.source_name);
    ensure!(
        official_text.trim() == want,
        "{what}: {} text is {official_text:?}, expected {want:?}",
        sel::OFFICIAL_LINK
    );
    let official_href = browser.attr(sel::OFFICIAL_LINK, "href").await?;
    ensure!(
        official_href.as_deref() == Some(release.source_url.as_str()),
        "{what}: {} href is {official_href:?}, expected {:?}",
        sel::OFFICIAL_LINK,
        release.source_url
    );
    if !release.tags.is_empty() {
        let tags = browser.text(sel::TAGS).await?;
        for tag in &release.tags {
            ensure!(
                tags.contains(tag.as_str()),
                "{what}: tag {tag:?} missing from {}: {tags:?}",
                sel::TAGS
            );
        }
    }
    let body = browser.text(sel::BODY).await?;
    ensure!(
        !body.trim().is_empty(),
        "{what}: {} is empty, should have the rendered Markdown",
        sel::BODY
    );
    browser
        .wait_for(sel::BACK_TO_LIST)
        .await
        .with_context(|| what.clone())?;
    check_prev_next(browser, expected, release).await
}

/// Checks the previous/next links of the article of `release` against the bundle's
/// chronological order: texts, targets, and absence at the ends.
pub async fn check_prev_next(
    browser: &Browser,
    expected: &Expected,
    release: &ExpectedRelease,
) -> Result<()> {
    let what = format!("article {:?}", release.title);
    let Some(index) = expected
        .chronological
        .iter()
        .position(|r| r.slug == release.slug)
    else {
        bail!("{what} is not in the bundle");
    };
    let older = index
        .checked_sub(1)
        .and_then(|i| expected.chronological.get(i));
    let newer = expected.chronological.get(index + 1);

    match older {
        Some(older) => {
            browser
                .wait_text(sel::PREV_LINK, &prev_text(older))
                .await
                .with_context(|| format!("{what}: previous link (to the older release)"))?;
            let href = browser
                .attr(sel::PREV_LINK, "href")
                .await?
                .unwrap_or_default();
            ensure!(
                href_points_to(&href, older),
                "{what}: previous link href {href:?} should end with {:?}",
                older.path()
            );
        }
        None => {
            browser
                .assert_absent(sel::PREV_LINK, &format!("{what} is the oldest release"))
                .await?
        }
    }
    match newer {
        Some(newer) => {
            browser
                .wait_text(sel::NEXT_LINK, &next_text(newer))
                .await
                .with_context(|| format!("{what}: next link (to the newer release)"))?;
            let href = browser
                .attr(sel::NEXT_LINK, "href")
                .await?
                .unwrap_or_default();
            ensure!(
                href_points_to(&href, newer),
                "{what}: next link href {href:?} should end with {:?}",
                newer.path()
            );
        }
        None => {
            browser
                .assert_absent(sel::NEXT_LINK, &format!("{what} is the newest release"))
                .await?
        }
    }
    Ok(())
}

/// Clicks the list's link to `release` (the list must be shown).
pub async fn click_list_link(browser: &Browser, release: &ExpectedRelease) -> Result<()> {
    browser.wait_for(sel::RELEASE_LINK).await?;
    for link in browser.find_all(sel::RELEASE_LINK).await? {
        let href = link.attr("href").await?.unwrap_or_default();
        if href_points_to(&href, release) {
            return link
                .click()
                .await
                .with_context(|| format!("clicking the list's link to {:?}", release.title));
        }
    }
    bail!(
        "the list has no link to {:?} (href ending with {:?})\n{}",
        release.title,
        release.path(),
        browser.diagnostics().await
    )
}
