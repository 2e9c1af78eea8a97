//! Reading helpers in Chromium: the print stylesheet (the article alone, link targets
//! written out), and the theme button (remembered, shown before the app starts, under
//! the site's Content-Security-Policy), dates in the reader's locale, and related
//! releases.

use anyhow::{anyhow, ensure, Context, Result};
use pressroom_core::{escape, Catalog, Entry};
use pressroom_e2e::csp;
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::server::Fallback;
use pressroom_e2e::session_command::cdp;
use pressroom_e2e::sites::{run_site, Build, Hosted};
use pressroom_e2e::{run, Browser, ConsolePolicy};
use serde_json::json;

/// Whether the first element matching each selector is rendered (has a box), as a list
/// of `shown`, `none` or `absent`.
const DISPLAYS: &str = "return arguments[0].map((s) => {
  const e = document.querySelector(s);
  return e ? (e.getClientRects().length > 0 ? 'shown' : 'none') : 'absent';
});";

#[tokio::test]
async fn printing_shows_the_article_alone_with_link_targets() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let middle = e.middle()?;
        b.goto(&middle.encoded_path()).await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        let hidden = [".site-header", sel::PREV_NEXT, sel::BACK_TO_LIST];
        let kept = [
            sel::ARTICLE_TITLE,
            sel::SOURCE,
            sel::ARTICLE_DATE,
            sel::BODY,
        ];
        let all: Vec<&str> = hidden.iter().chain(&kept).copied().collect();
        let screen = b.client().execute(DISPLAYS, vec![json!(all)]).await?;
        ensure!(
            !screen.to_string().contains("none") && !screen.to_string().contains("absent"),
            "on screen everything shows: {screen}"
        );

        let print = json!({ "media": "print" });
        cdp(b.client(), "Emulation.setEmulatedMedia", print).await?;
        let printed = b.client().execute(DISPLAYS, vec![json!(all)]).await?;
        for (i, selector) in all.iter().enumerate() {
            let display = printed[i].as_str().unwrap_or("absent");
            let shown = display != "none" && display != "absent";
            ensure!(
                shown == kept.contains(selector),
                "in print, {selector} has display {display}"
            );
        }
        let after = b
            .execute(
                "return getComputedStyle(document.querySelector(\
                 '[data-testid=\"official-link\"]'), '::after').content",
            )
            .await?;
        let href = b
            .attr(sel::OFFICIAL_LINK, "href")
            .await?
            .unwrap_or_default();
        ensure!(
            href.starts_with("http") && after.to_string().contains(&href),
            "the official link's target is printed after it: {after} (href {href})"
        );
        Ok(())
    })
    .await
}

/// The page's background colour and the theme chosen on `<html>`.
async fn theme_state(b: &Browser) -> Result<(String, Option<String>)> {
    let state = b
        .execute(
            "return [getComputedStyle(document.body).backgroundColor,
                     document.documentElement.getAttribute('data-pressroom-theme')]",
        )
        .await?;
    Ok((
        state[0].as_str().unwrap_or_default().to_owned(),
        state[1].as_str().map(str::to_owned),
    ))
}

/// The theme button's `aria-pressed`, once it says `expected`.
async fn wait_pressed(b: &Browser, expected: &str) -> Result<()> {
    b.poll(&format!("the theme button pressed={expected}"), || async {
        let pressed = b.attr(THEME_TOGGLE, "aria-pressed").await?;
        Ok((pressed.as_deref() == Some(expected)).then_some(()))
    })
    .await
}

const THEME_TOGGLE: &str = "[data-testid=\"theme-toggle\"]";
/// `#ffffff` and `#0d1117`, the two themes' page backgrounds (style/pressroom.css).
const LIGHT: &str = "rgb(255, 255, 255)";
const DARK: &str = "rgb(13, 17, 23)";

#[tokio::test]
async fn the_theme_choice_is_remembered_and_shown_before_the_app_starts() -> Result<()> {
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["ERR_BLOCKED_BY_CLIENT".to_owned()]);
    // Under the site's own Content-Security-Policy, which allows no inline code.
    let headers = csp::site_wide_headers(&Build::Root.dir()?)?;
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, headers, |_| Ok(()))?;
    run_site(hosted, policy, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.goto("/").await?;
        pages::wait_takeover(b).await?;
        wait_pressed(b, "false").await?;
        ensure!(
            theme_state(b).await? == (LIGHT.to_owned(), None),
            "the system's light theme first"
        );
        b.click(THEME_TOGGLE).await?;
        wait_pressed(b, "true").await?;
        let dark = (DARK.to_owned(), Some("dark".to_owned()));
        ensure!(
            theme_state(b).await? == dark,
            "the button shows the dark theme"
        );

        // The next page is served pre-rendered and the app never starts: the theme
        // script alone shows the choice, before the first paint.
        cdp(b.client(), "Network.enable", json!({})).await?;
        let blocked = json!({ "urls": ["*pressroom-app*"] });
        cdp(b.client(), "Network.setBlockedURLs", blocked).await?;
        let middle = e.middle()?;
        b.goto(&middle.encoded_path()).await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        b.assert_absent(THEME_TOGGLE, "the app is blocked").await?;
        ensure!(
            theme_state(b).await? == dark,
            "the remembered theme, without the app"
        );

        // Back to light, remembered as well.
        cdp(b.client(), "Network.setBlockedURLs", json!({ "urls": [] })).await?;
        b.refresh().await?;
        pages::wait_takeover(b).await?;
        wait_pressed(b, "true").await?;
        b.click(THEME_TOGGLE).await?;
        wait_pressed(b, "false").await?;
        b.refresh().await?;
        b.wait_text(sel::ARTICLE_TITLE, &middle.title).await?;
        let light = (LIGHT.to_owned(), Some("light".to_owned()));
        ensure!(
            theme_state(b).await? == light,
            "the light choice is remembered"
        );
        Ok(())
    })
    .await
}

/// `2024-07-05…` as Korean readers write a long date (a hand-written rule).
fn korean_date(published: &str) -> Option<String> {
    let mut parts = published
        .get(..10)?
        .split('-')
        .map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    Some(format!("{year}년 {month}월 {day}일"))
}

#[tokio::test]
async fn dates_are_shown_in_the_readers_locale() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let locale = json!({ "locale": "ko-KR" });
        cdp(b.client(), "Emulation.setLocaleOverride", locale).await?;
        let middle = e.middle()?;
        let expected = korean_date(&middle.published).unwrap_or_default();
        b.goto(&middle.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        b.wait_text(sel::ARTICLE_DATE, &expected).await?;
        let datetime = b.attr(sel::ARTICLE_DATE, "datetime").await?;
        ensure!(
            datetime.as_deref() == Some(middle.published.as_str()),
            "the machine-readable date stays as written: {datetime:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn articles_end_with_related_releases_that_share_tags_or_the_source() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let catalog = Catalog::from_json(&e.text).map_err(|err| anyhow!("{err}"))?;
        let entry = catalog
            .chronological()
            .iter()
            .find(|en| catalog.related(&en.slug).len() >= 2)
            .context("the sample has a release with two related releases")?;
        let related = catalog.related(&entry.slug);
        let shares = |other: &Entry| {
            let lower = |t: &String| t.to_lowercase();
            let mine: Vec<String> = entry.release.tags.iter().map(lower).collect();
            other.release.source.name == entry.release.source.name
                || other.release.tags.iter().any(|t| mine.contains(&lower(t)))
        };
        ensure!(
            related.iter().all(|r| shares(r)),
            "each shares a tag or the source"
        );
        let titles: Vec<String> = related.iter().map(|r| r.release.title.clone()).collect();
        let path = format!(
            "/releases/{}/",
            percent_encoding::utf8_percent_encode(&entry.slug, percent_encoding::NON_ALPHANUMERIC)
        );

        // In the pre-rendered page, as `pressroom site` wrote it.
        let page = Build::Root
            .dir()?
            .join("releases")
            .join(&entry.slug)
            .join("index.html");
        let html = std::fs::read_to_string(&page)?;
        let written = html
            .split("data-testid=\"related\"")
            .nth(1)
            .unwrap_or_default();
        ensure!(
            titles.iter().all(|t| written.contains(&escape::html(t))),
            "{} lists {titles:?}",
            page.display()
        );
        // In the app, and a link leads there.
        b.goto(&path).await?;
        pages::wait_takeover(b).await?;
        let shown = b.texts("[data-testid=\"related-link\"]").await?;
        ensure!(shown == titles, "related: {shown:?}, expected {titles:?}");
        b.click("[data-testid=\"related-link\"]").await?;
        b.wait_text(sel::ARTICLE_TITLE, &titles[0]).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_headings_link_opens_the_article_at_that_heading() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        // Hand-written facts of the sample: this release has a section "Quotes".
        let release = e
            .chronological
            .iter()
            .find(|r| r.slug == "mayor-announces-clean-streets-and-safe-parks-initiative")
            .context("the sample has the Riverton clean-streets release")?;
        b.goto(&release.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        let anchor = "h2#user-content-quotes > a.heading-anchor";
        let href = b.attr(anchor, "href").await?.unwrap_or_default();
        ensure!(
            href.ends_with("#user-content-quotes"),
            "the heading links to itself: {href:?}"
        );

        b.goto(&format!("{}#user-content-quotes", release.encoded_path()))
            .await?;
        b.wait_text(sel::ARTICLE_TITLE, &release.title).await?;
        pages::wait_takeover(b).await?;
        let top =
            "return document.getElementById('user-content-quotes').getBoundingClientRect().top";
        b.poll("the section at the top of the window", || async {
            let top = b.execute(top).await?.as_f64().unwrap_or(f64::MAX);
            Ok((-2.0..120.0).contains(&top).then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}

/// The screenshots of the README: (file, width, theme, what).
const SCREENSHOTS: [(&str, u32, &str, Shot); 6] = [
    ("article-1280-light.png", 1280, "light", Shot::Article),
    ("list-1280-light.png", 1280, "light", Shot::List),
    ("article-1280-dark.png", 1280, "dark", Shot::Article),
    ("korean-1280-light.png", 1280, "light", Shot::Korean),
    ("korean-375-light.png", 375, "light", Shot::Korean),
    ("korean-375-dark.png", 375, "dark", Shot::Korean),
];

#[derive(Clone, Copy)]
enum Shot {
    List,
    Article,
    Korean,
}

/// The width and height a PNG says it has.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let number = |at: usize| Some(u32::from_be_bytes(png.get(at..at + 4)?.try_into().ok()?));
    png.starts_with(b"\x89PNG\r\n\x1a\n")
        .then(|| Some((number(16)?, number(20)?)))
        .flatten()
}

/// Takes the README's screenshots at 375 and 1280 CSS pixels, light and dark, a Korean
/// article among them; written to `PRESSROOM_SCREENSHOTS` when set (for
/// `docs/screenshots/`), else to a temporary folder.
#[tokio::test]
async fn screenshots_at_two_widths_in_both_themes() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let kept = std::env::var_os("PRESSROOM_SCREENSHOTS");
        let out = match &kept {
            Some(dir) => std::path::PathBuf::from(dir),
            None => std::env::temp_dir().join(format!("pressroom-shots-{}", std::process::id())),
        };
        std::fs::create_dir_all(&out)?;
        for (file, width, theme, shot) in SCREENSHOTS {
            let metrics = json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600 });
            cdp(b.client(), "Emulation.setDeviceMetricsOverride", metrics).await?;
            let scheme = json!({ "features": [{ "name": "prefers-color-scheme", "value": theme }] });
            cdp(b.client(), "Emulation.setEmulatedMedia", scheme).await?;
            let release = match shot {
                Shot::List => None,
                Shot::Article => Some(e.middle()?),
                Shot::Korean => Some(e.non_ascii_slug()?),
            };
            match release {
                Some(r) => {
                    b.goto(&r.encoded_path()).await?;
                    b.wait_text(sel::ARTICLE_TITLE, &r.title).await?;
                }
                None => {
                    b.goto("/").await?;
                    b.wait_for(sel::RELEASE_ITEM).await?;
                }
            }
            pages::wait_takeover(b).await?;
            let png = b.client().screenshot().await?;
            ensure!(png_size(&png) == Some((width, 900)), "{file}: {:?}", png_size(&png));
            std::fs::write(out.join(file), png)?;
        }
        if kept.is_none() {
            std::fs::remove_dir_all(&out)?;
        }
        Ok(())
    })
    .await
}

/// Reads the clipboard's text (permission granted through the DevTools protocol).
const READ_CLIPBOARD: &str = "const done = arguments[arguments.length - 1];
navigator.clipboard.readText().then(done, (e) => done('error: ' + e));";

#[tokio::test]
async fn copy_link_puts_the_articles_address_on_the_clipboard() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let korean = e.non_ascii_slug()?;
        let origin = b.base_url().trim_end_matches('/').to_owned();
        let grant = json!({
            "origin": origin,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        });
        cdp(b.client(), "Browser.grantPermissions", grant).await?;
        b.goto(&korean.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        ensure!(
            b.text("[data-testid=\"copy-status\"]").await?.is_empty(),
            "no confirmation yet"
        );
        b.click("[data-testid=\"copy-link\"]").await?;
        b.wait_text("[data-testid=\"copy-status\"]", "Link copied")
            .await?;
        let copied = b.client().execute_async(READ_CLIPBOARD, Vec::new()).await?;
        // The Korean slug percent-encoded, as every link of the site writes it.
        let expected = format!(
            "{origin}/{}",
            pressroom_core::paths::release_path(&korean.slug)
        );
        ensure!(
            copied.as_str() == Some(expected.as_str()),
            "the clipboard holds {copied}, expected {expected}"
        );
        // Chromium on Linux has no share sheet: no button that would do nothing.
        b.assert_absent("[data-testid=\"share\"]", "no Web Share here")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn share_opens_the_browsers_share_sheet_where_there_is_one() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        // A share sheet that records what it was given, installed before the app starts.
        let stub =
            "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };";
        cdp(
            b.client(),
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": stub }),
        )
        .await?;
        let middle = e.middle()?;
        b.goto(&middle.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        b.click("[data-testid=\"share\"]").await?;
        let shared = b
            .poll("the share sheet to be opened", || async {
                let shared = b.execute("return window.__shared || null").await?;
                Ok((!shared.is_null()).then_some(shared))
            })
            .await?;
        let expected = format!(
            "{}/{}",
            b.base_url().trim_end_matches('/'),
            pressroom_core::paths::release_path(&middle.slug)
        );
        ensure!(
            shared["url"].as_str() == Some(expected.as_str())
                && shared["title"].as_str() == Some(middle.title.as_str()),
            "shared {shared}, expected {expected} and {:?}",
            middle.title
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn at_320_pixels_nothing_overflows_and_wide_tables_scroll_in_their_box() -> Result<()> {
    run(ConsolePolicy::NoErrors, async |cx| {
        let (b, e) = (&cx.browser, &cx.expected);
        let metrics = json!({ "width": 320, "height": 700, "deviceScaleFactor": 1, "mobile": true });
        cdp(b.client(), "Emulation.setDeviceMetricsOverride", metrics).await?;
        // Every release of the sample, its tables and long links included.
        for release in &e.chronological {
            b.goto(&release.encoded_path()).await?;
            b.wait_text(sel::ARTICLE_TITLE, &release.title).await?;
            pages::wait_takeover(b).await?;
            let layout = b
                .execute(
                    "const tables = Array.from(document.querySelectorAll('.release-body table'));
                     return [document.documentElement.scrollWidth, window.innerWidth,
                             tables.every((t) => t.getBoundingClientRect().width <= window.innerWidth
                                && ['auto', 'scroll'].includes(getComputedStyle(t).overflowX))];",
                )
                .await?;
            let (page, window) = (layout[0].as_f64(), layout[1].as_f64());
            ensure!(
                page.is_some() && page <= window && layout[2] == json!(true),
                "{}: page {page:?} px wide in a {window:?} px window; tables in their box: {}",
                release.slug,
                layout[2]
            );
        }
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_korean_site_speaks_korean() -> Result<()> {
    // What `pressroom site` writes for `site.language = "ko"`: `<html lang="ko">`.
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |site| {
        let page = site.join("index.html");
        let html = std::fs::read_to_string(&page)?;
        ensure!(
            html.contains("<html lang=\"en\""),
            "the shell says its language"
        );
        std::fs::write(
            &page,
            html.replacen("<html lang=\"en\"", "<html lang=\"ko\"", 1),
        )?;
        Ok(())
    })?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let b = &cx.browser;
        b.goto("/").await?;
        pages::wait_takeover(b).await?;
        // Hand-written: the Korean table's words for controls only the app draws.
        b.wait_text("[data-testid=\"shortcuts-button\"]", "단축키")
            .await?;
        b.wait_text(THEME_TOGGLE, "어두운 테마").await?;
        let label = b
            .execute("return document.querySelector('.search-label').textContent")
            .await?;
        ensure!(
            label.as_str() == Some("보도자료 검색"),
            "the search box's label: {label}"
        );
        Ok(())
    })
    .await
}
