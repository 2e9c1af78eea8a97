//! Hosting modes, in headless Chromium against release builds:
//!
//! - the domain root and a sub-path (`--base /newsroom/`) on a server that serves files
//!   only (no fallback to `index.html`): every pre-rendered deep link, reloads, hash mode;
//! - a host that serves `404.html` for unknown paths (GitHub Pages-like);
//! - the pre-rendered pages read raw, as without JavaScript;
//! - the handover from pre-rendered markup to the app.

use anyhow::{ensure, Context, Result};
use pressroom_core::markdown::{render, RenderOptions};
use pressroom_core::Catalog;
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::server::Fallback;
use pressroom_e2e::sites::{http_get, run_site, set_meta, visible_text, Build, Hosted};
use pressroom_e2e::{Browser, ConsolePolicy};
use serde_json::Value;

/// Exactly one of each part of an article page: nothing duplicated by the handover.
async fn assert_single_article(b: &Browser) -> Result<()> {
    for css in [
        ".pressroom-app",
        sel::ARTICLE,
        sel::ARTICLE_TITLE,
        sel::PREV_NEXT,
        sel::BODY,
        "header.site-header",
    ] {
        let n = b.find_all(css).await?.len();
        ensure!(
            n == 1,
            "{n} elements match `{css}` after the handover, expected 1"
        );
    }
    Ok(())
}

#[tokio::test]
async fn subpath_deep_links_and_reloads_work_on_a_files_only_host() -> Result<()> {
    let hosted = Hosted::start(Build::SubPath, Fallback::FilesOnly, Vec::new(), |_| Ok(()))?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.goto("/").await?;
        pages::check_list(b, &e).await?;
        for release in &e.chronological {
            b.goto(&release.encoded_path()).await?;
            pages::check_article(b, &e, release)
                .await
                .with_context(|| format!("deep link to {}", release.encoded_path()))?;
        }
        // Reload after client-side navigation: the URL names a real file.
        let middle = e.middle()?.clone();
        b.goto(&middle.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        b.set_marker().await?;
        b.click(sel::NEXT_LINK).await?;
        let newer = e
            .chronological
            .iter()
            .skip_while(|r| r.slug != middle.slug)
            .nth(1)
            .context("the middle release has a newer one")?
            .clone();
        pages::check_article(b, &e, &newer).await?;
        b.assert_marker("clicking Next").await?;
        b.refresh().await?;
        pages::check_article(b, &e, &newer).await?;
        let failed: Vec<String> = cx
            .hosted
            .server
            .requests()
            .iter()
            .filter(|r| r.status != 200)
            .map(|r| format!("{} -> {}", r.target, r.status))
            .collect();
        ensure!(
            failed.is_empty(),
            "requests that failed on the files-only host: {failed:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn subpath_hash_mode_works_for_every_release() -> Result<()> {
    let hosted = Hosted::start(Build::SubPath, Fallback::FilesOnly, Vec::new(), |site| {
        // What `cargo xtask dist --routing hash` writes.
        set_meta(&site.join("index.html"), "pressroom-routing", "hash")
    })?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        for release in &e.chronological {
            b.goto(&format!("/#/releases/{}/", release.slug)).await?;
            b.wait_text(sel::ARTICLE_TITLE, &release.title)
                .await
                .with_context(|| format!("#/releases/{}/", release.slug))?;
            b.wait_title(&release.document_title(&e.site_title)).await?;
            ensure!(
                b.path().await? == "/",
                "hash mode stays on the app's own page"
            );
        }
        // Links are `#/…` fragments; following them keeps the page.
        let oldest = e.oldest()?.clone();
        let second = e.chronological.get(1).context("two releases")?.clone();
        b.goto(&format!("/#/releases/{}/", oldest.slug)).await?;
        b.wait_text(sel::ARTICLE_TITLE, &oldest.title).await?;
        let next_href = b.attr(sel::NEXT_LINK, "href").await?.unwrap_or_default();
        ensure!(
            next_href == format!("#/releases/{}/", second.slug),
            "hash-mode next link is {next_href:?}"
        );
        b.set_marker().await?;
        b.click(sel::NEXT_LINK).await?;
        b.wait_text(sel::ARTICLE_TITLE, &second.title).await?;
        b.wait_focused_heading(&second.title).await?;
        ensure!(b.fragment().await? == format!("/releases/{}/", second.slug));
        b.back().await?;
        b.wait_text(sel::ARTICLE_TITLE, &oldest.title).await?;
        b.assert_marker("Next and Back in hash mode").await?;
        b.refresh().await?;
        b.wait_text(sel::ARTICLE_TITLE, &oldest.title).await?;
        b.click(sel::BACK_TO_LIST).await?;
        pages::check_list(b, &e).await
    })
    .await
}

#[tokio::test]
async fn domain_root_prerendered_pages_take_over_and_navigate() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |site| {
        // Another file of the site, which a release body may link to.
        std::fs::write(
            site.join("about.html"),
            "<!DOCTYPE html><link rel=icon href=data:,><title>About</title><p>About us",
        )?;
        Ok(())
    })?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.goto("/").await?;
        pages::wait_takeover(b).await?;
        pages::check_list(b, &e).await?;
        b.set_marker().await?;
        let newest = e.newest()?.clone();
        pages::click_list_link(b, &newest).await?;
        pages::check_article(b, &e, &newest).await?;
        // The app's own heading takes focus, not a leftover of the served markup.
        b.wait_focused_heading(&newest.title).await?;
        b.back().await?;
        pages::check_list(b, &e).await?;
        b.wait_focused_heading(&e.site_title).await?;
        b.assert_marker("opening an article and going back").await?;
        let oldest = e.oldest()?.clone();
        b.goto(&oldest.encoded_path()).await?;
        pages::check_article(b, &e, &oldest).await?;
        b.refresh().await?;
        pages::check_article(b, &e, &oldest).await?;
        // A link under the base that is no page of the app (a feed, a file, as a release
        // body may have) is left to the browser: a real page load.
        pages::wait_takeover(b).await?;
        b.set_marker().await?;
        b.execute(
            "const a = document.createElement('a');
             a.href = '/about.html'; a.id = 'file-link'; a.textContent = 'About';
             document.querySelector('[data-testid=release-body]').append(a);
             a.click(); return true;",
        )
        .await?;
        b.wait_path("/about.html").await?;
        ensure!(
            !b.has_marker().await?,
            "the app caught a link that is not one of its pages"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn hosts_serving_404_html_boot_the_app_for_unrendered_paths() -> Result<()> {
    let added_title = "Added After The Build";
    let hosted = Hosted::start(Build::SubPath, Fallback::NotFoundPage, Vec::new(), |site| {
        // A release published by replacing releases.json without rebuilding: it has no
        // pre-rendered page.
        let file = site.join("releases.json");
        let mut bundle: Value = serde_json::from_str(&std::fs::read_to_string(&file)?)?;
        let releases = bundle["releases"].as_array_mut().context("releases")?;
        releases.push(serde_json::json!({
            "id": "added-after-build",
            "title": added_title,
            "published": "2099-01-01",
            "source": {"name": "Test Agency", "url": "https://example.org/added"},
            "body": "Written after the site was built."
        }));
        std::fs::write(&file, serde_json::to_string(&bundle)?)?;
        Ok(())
    })?;
    // The host answers these pages with status 404 (and the 404.html body), which the
    // console reports; nothing else may fail.
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["status of 404".to_owned()]);
    run_site(hosted, policy, async |cx| {
        let b = &cx.browser;
        let added = cx
            .expected
            .chronological
            .iter()
            .find(|r| r.title == added_title)
            .context("the added release")?
            .clone();
        ensure!(
            !cx.hosted.site.join("releases").join(&added.slug).exists(),
            "the added release must not be pre-rendered"
        );
        b.goto(&added.encoded_path()).await?;
        pages::check_article(b, &cx.expected, &added).await?;
        // The app drew this page itself, after its loading state: nothing moved (its own
        // controls wait for the page instead of jumping down when it arrives).
        b.wait_for(sel::SHORTCUTS_BUTTON).await?;
        let shift = pages::layout_shift(b).await?;
        ensure!(
            shift < 0.01,
            "drawing the page shifted the layout: CLS {shift}"
        );
        b.goto("/releases/no-such-release/").await?;
        b.wait_for(sel::NOT_FOUND).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn handover_has_no_duplicates_no_layout_shift_and_client_navigation() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |_| Ok(()))?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        let middle = e.middle()?.clone();
        b.goto(&middle.encoded_path()).await?;
        pages::wait_takeover(b).await?;
        assert_single_article(b).await?;
        pages::check_article(b, &e, &middle).await?;
        b.wait_for(sel::SHORTCUTS_BUTTON).await?;
        let shift = pages::layout_shift(b).await?;
        ensure!(shift < 0.01, "the handover shifted the layout: CLS {shift}");
        b.set_marker().await?;
        if b.find_all(sel::NEXT_LINK).await?.is_empty() {
            b.click(sel::PREV_LINK).await?;
        } else {
            b.click(sel::NEXT_LINK).await?;
        }
        b.poll("a different article", || async {
            let title = b.text(sel::ARTICLE_TITLE).await?;
            Ok((title != middle.title).then_some(()))
        })
        .await?;
        assert_single_article(b).await?;
        b.assert_marker("following previous/next after the handover")
            .await
    })
    .await
}

#[test]
fn prerendered_pages_hold_everything_without_javascript() -> Result<()> {
    let hosted = Hosted::start(Build::SubPath, Fallback::FilesOnly, Vec::new(), |_| Ok(()))?;
    let text = std::fs::read_to_string(hosted.site.join("releases.json"))?;
    let catalog = Catalog::from_json(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let site_title = catalog.site().title.clone();
    let chronological = catalog.chronological();
    ensure!(!chronological.is_empty(), "the sample bundle has releases");
    for (i, entry) in chronological.iter().enumerate() {
        let release = &entry.release;
        let url = format!(
            "{}releases/{}/",
            hosted.server.base_url() + &hosted.base,
            percent_encoding::utf8_percent_encode(&entry.slug, percent_encoding::NON_ALPHANUMERIC)
        );
        let (status, html) = http_get(&url)?;
        ensure!(status == 200, "{url}: status {status}");
        let what = format!("raw page of {:?}", entry.slug);
        let seen = visible_text(&html);
        let options = RenderOptions {
            heading_anchors: true,
            ..RenderOptions::default()
        };
        let body_text = visible_text(&render(&release.body, &options));
        for (part, want) in [
            ("title", release.title.clone()),
            ("date", entry.published.calendar_date()),
            ("source", release.source.name.clone()),
            ("body", body_text),
        ] {
            let want = want.split_whitespace().collect::<Vec<_>>().join(" ");
            ensure!(seen.contains(&want), "{what}: no {part} {want:?}");
        }
        let head_title = html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(t, _)| visible_text(t))
            .unwrap_or_default();
        ensure!(
            head_title == format!("{} — {site_title}", release.title),
            "{what}: <title> is {head_title:?}"
        );
        for (rel, neighbour) in [
            ("prev", i.checked_sub(1).map(|p| &chronological[p])),
            ("next", chronological.get(i + 1)),
        ] {
            // Hrefs are percent-encoded (the one URL builder, `paths::release_path`).
            let href = neighbour.map(|n| {
                format!(
                    "href=\"/newsroom/{}\"",
                    pressroom_core::paths::release_path(&n.slug)
                )
            });
            match href {
                Some(href) => ensure!(html.contains(&href), "{what}: no {rel} link {href}"),
                None => ensure!(
                    !html.contains(&format!("rel=\"{rel}\" href")),
                    "{what}: a {rel} link at the end of the list"
                ),
            }
        }
        ensure!(
            html.contains("rel=\"canonical\""),
            "{what}: no canonical link"
        );
        ensure!(
            html.contains("property=\"og:title\""),
            "{what}: no Open Graph title"
        );
        ensure!(
            html.contains("name=\"twitter:card\""),
            "{what}: no Twitter card"
        );
        let json_ld = html
            .split_once("<script type=\"application/ld+json\">")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(json, _)| json)
            .with_context(|| format!("{what}: no JSON-LD"))?;
        let data: Value =
            serde_json::from_str(json_ld).with_context(|| format!("{what}: JSON-LD"))?;
        ensure!(
            data["@type"] == "NewsArticle",
            "{what}: JSON-LD @type {}",
            data["@type"]
        );
        ensure!(
            data["headline"] == release.title.as_str(),
            "{what}: JSON-LD headline {}",
            data["headline"]
        );
    }
    let (status, list) = http_get(&format!("{}{}", hosted.server.base_url(), hosted.base))?;
    ensure!(status == 200, "the list page: status {status}");
    let seen = visible_text(&list);
    for entry in catalog.newest_first().take(50) {
        ensure!(
            seen.contains(entry.release.title.as_str()),
            "the raw list lacks {:?}",
            entry.release.title
        );
    }
    let (status, robots) = http_get(&format!(
        "{}{}robots.txt",
        hosted.server.base_url(),
        hosted.base
    ))?;
    ensure!(
        status == 200 && robots.contains("User-agent"),
        "robots.txt: {status} {robots:?}"
    );
    Ok(())
}

#[tokio::test]
async fn prerendered_pages_stay_usable_when_the_bundle_cannot_load() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |site| {
        std::fs::remove_file(site.join("releases.json"))?;
        Ok(())
    })?;
    let policy = ConsolePolicy::AllowErrorsMentioning(vec!["releases.json".to_owned()]);
    run_site(hosted, policy, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        let oldest = e.oldest()?.clone();
        let second = e.chronological.get(1).context("two releases")?.clone();
        b.goto(&oldest.encoded_path()).await?;
        b.wait_text(sel::ARTICLE_TITLE, &oldest.title).await?;
        // The app tried, failed (404), and left the page as served.
        b.poll("the failed bundle request", || async {
            let failed = cx
                .hosted
                .server
                .requests()
                .iter()
                .any(|r| r.target.ends_with("/releases.json") && r.status == 404);
            Ok(failed.then_some(()))
        })
        .await?;
        // The app says it keeps the static page (the observable end of its attempt).
        b.poll("the app to keep the pre-rendered page", || async {
            let kept = b
                .execute(&format!(
                    "return document.getElementById('{}').getAttribute('{}')",
                    pressroom_core::names::MOUNT_ID,
                    pressroom_core::names::ATTR_PRERENDERED
                ))
                .await?;
            Ok((kept == pressroom_core::names::PRERENDERED_KEPT).then_some(()))
        })
        .await?;
        let visible_errors = b
            .execute("return [...document.querySelectorAll('[data-testid=load-error]')].filter(e => e.offsetParent !== null).length")
            .await?;
        ensure!(visible_errors == 0, "an error replaced the readable page");
        ensure!(b.text(sel::ARTICLE_TITLE).await? == oldest.title);
        // Its links are plain links to the other pre-rendered pages.
        b.set_marker().await?;
        b.click(sel::NEXT_LINK).await?;
        b.wait_text(sel::ARTICLE_TITLE, &second.title).await?;
        b.wait_path(&second.path()).await?;
        ensure!(!b.has_marker().await?, "the next page should be a page load");
        Ok(())
    })
    .await
}
