//! Embedding, in headless Chromium: the script embed (two viewers and the latest-releases
//! widget on another site's page, with hostile host CSS), the iframe embed and its
//! height messages, and the single-file export opened from `file://`.
//!
//! The host pages are served from a second server, so they are another origin than
//! Pressroom's (`http://127.0.0.1:<other port>`), as on a real partner site.

use anyhow::{ensure, Context, Result};
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::server::{Fallback, StaticServer};
use pressroom_e2e::sites::{run_site, set_meta, single_file, Build, Hosted};
use pressroom_e2e::tempdir::TempDir;
use pressroom_e2e::{Browser, ConsolePolicy};
use serde_json::Value;

/// Headers that let other origins load Pressroom's script, wasm and bundle (the
/// `Access-Control-Allow-Origin` rule of `dist/_headers`).
fn cors() -> Vec<(String, String)> {
    vec![("Access-Control-Allow-Origin".to_owned(), "*".to_owned())]
}

/// A folder of host pages, served on its own port.
struct HostSite {
    server: StaticServer,
    dir: TempDir,
}

impl HostSite {
    fn start() -> Result<Self> {
        let dir = TempDir::new("host")?;
        let server = StaticServer::start_with(dir.path(), Vec::new(), Fallback::FilesOnly)?;
        Ok(Self { server, dir })
    }

    fn write(&self, name: &str, html: &str) -> Result<()> {
        std::fs::write(self.dir.path().join(name), html).with_context(|| format!("writing {name}"))
    }

    fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.server.base_url())
    }
}

/// Runs `script` with `root` bound to the shadow root of `#id` (null when none).
async fn in_shadow(b: &Browser, id: &str, script: &str) -> Result<Value> {
    b.execute(&format!(
        "const root = document.getElementById('{id}')?.shadowRoot ?? null; {script}"
    ))
    .await
}

async fn shadow_count(b: &Browser, id: &str, css: &str) -> Result<u64> {
    let n = in_shadow(
        b,
        id,
        &format!("return root ? root.querySelectorAll('{css}').length : -1;"),
    )
    .await?;
    n.as_u64()
        .with_context(|| format!("#{id} has no shadow root yet"))
}

async fn shadow_text(b: &Browser, id: &str, css: &str) -> Result<String> {
    let t = in_shadow(
        b,
        id,
        &format!("return root?.querySelector('{css}')?.textContent ?? null;"),
    )
    .await?;
    t.as_str()
        .map(str::to_owned)
        .with_context(|| format!("no `{css}` in #{id}"))
}

async fn wait_shadow_count(b: &Browser, id: &str, css: &str, n: u64) -> Result<()> {
    b.poll(&format!("{n} `{css}` in #{id}"), || async {
        let found = shadow_count(b, id, css).await.unwrap_or(0);
        Ok((found == n).then_some(()))
    })
    .await
}

async fn wait_shadow_text(b: &Browser, id: &str, css: &str, want: &str) -> Result<()> {
    b.poll(&format!("`{css}` in #{id} to read {want:?}"), || async {
        let text = shadow_text(b, id, css).await.unwrap_or_default();
        Ok((text.trim() == want).then_some(()))
    })
    .await
}

#[tokio::test]
async fn script_embeds_are_independent_scoped_and_leave_the_host_alone() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::SpaIndex, cors(), |_| Ok(()))?;
    let viewer = hosted.app_url();
    let host = HostSite::start()?;
    let tag = "sample";
    host.write(
        "index.html",
        &format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Partner site</title><link rel="icon" href="data:,">
<style>* {{ font-size: 40px }} a {{ display: none }} div {{ color: red; text-align: right }}</style></head>
<body>
<p><a id="host-link" href="other.html">A link of the host page</a></p>
<div id="one" data-pressroom-bundle="{viewer}/releases.json"></div>
<div id="two" data-pressroom-bundle="{viewer}/releases.json"></div>
<div id="latest" data-pressroom-latest="{viewer}/releases.json" data-pressroom-count="3" data-pressroom-tag="{tag}"></div>
<script type="module" src="{viewer}/embed.js"></script>
</body></html>"#
        ),
    )?;
    host.write(
        "other.html",
        "<!DOCTYPE html><title>Other</title><link rel=icon href=data:,><p id=other>Other page</p>",
    )?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.client().goto(&host.url("index.html")).await?;
        let count = e.chronological.len().min(50) as u64;
        wait_shadow_count(b, "one", "[data-testid=release-item]", count).await?;
        wait_shadow_count(b, "two", "[data-testid=release-item]", count).await?;
        let start_url = b.client().current_url().await?.to_string();
        let history = b.execute("return history.length").await?;

        // Links are the full viewer's real URLs (open in a new tab works).
        let newest = e.newest()?.clone();
        let href = in_shadow(b, "one", "return root.querySelector('a[data-testid=release-link]').href;").await?;
        ensure!(
            href.as_str() == Some(&format!("{viewer}/releases/{}/", newest.slug)),
            "embed link href {href}"
        );
        // A plain click opens the article inside instance one only.
        in_shadow(b, "one", "root.querySelector('a[data-testid=release-link]').click(); return true;").await?;
        wait_shadow_text(b, "one", "[data-testid=release-title]", &newest.title).await?;
        // Focus moves to the embed's new heading, inside its own shadow root.
        b.poll("focus on instance one's heading", || async {
            let focused = in_shadow(b, "one", "return root.activeElement?.textContent?.trim() ?? ''").await?;
            Ok((focused == newest.title.as_str()).then_some(()))
        })
        .await?;
        ensure!(shadow_count(b, "two", "[data-testid=release-title]").await? == 0, "instance two changed");
        ensure!(shadow_count(b, "two", "[data-testid=release-item]").await? == count, "instance two changed");
        let older = e.chronological.iter().rev().nth(1).context("two releases")?.clone();
        in_shadow(b, "one", "root.querySelector('a[data-testid=prev-link]').click(); return true;").await?;
        wait_shadow_text(b, "one", "[data-testid=release-title]", &older.title).await?;
        // The other instance navigates on its own.
        in_shadow(b, "two", "root.querySelector('a[data-testid=release-link]').click(); return true;").await?;
        wait_shadow_text(b, "two", "[data-testid=release-title]", &newest.title).await?;
        ensure!(
            shadow_text(b, "one", "[data-testid=release-title]").await? == older.title,
            "instance one followed instance two"
        );
        ensure!(b.client().current_url().await?.to_string() == start_url, "the host page's URL changed");
        ensure!(b.execute("return history.length").await? == history, "the host page's history grew");
        ensure!(b.document_title().await? == "Partner site", "an embed changed the host's title");

        // The host's CSS does not reach inside.
        let style = in_shadow(
            b,
            "one",
            "const a = root.querySelector('a[data-testid=prev-link], a[data-testid=next-link]');
             const s = getComputedStyle(a);
             const t = getComputedStyle(root.querySelector('[data-testid=release-title]'));
             return [s.display, parseFloat(s.fontSize), a.getBoundingClientRect().width, t.color, t.textAlign,
                     t.lineHeight, parseFloat(t.fontSize)];",
        )
        .await?;
        ensure!(style[0] != "none", "host `a {{ display: none }}` hid the embed's links: {style}");
        ensure!(style[1].as_f64().is_some_and(|px| px < 30.0), "host font-size leaked in: {style}");
        ensure!(style[2].as_f64().is_some_and(|w| w > 0.0), "embed link has no width: {style}");
        ensure!(style[3] != "rgb(255, 0, 0)", "host colour leaked in: {style}");
        // The embed's own stylesheet, which embed.js fetched, applies: the heading's
        // `line-height: 1.25` (the browser's own is `normal`) and `font-size: 1.9rem`
        // made 1.9em, 30.4 px of the embed's 16 px; on the host's 40 px root it would be 76.
        ensure!(style[5] != "normal", "the embed's stylesheet did not apply: {style}");
        ensure!(
            style[6].as_f64().is_some_and(|px| (25.0..35.0).contains(&px)),
            "the heading's rem did not become em: {style}"
        );

        // The widget: the newest releases with the tag, linking to the full viewer.
        let tagged: Vec<_> = e.newest_first().into_iter().filter(|r| r.tags.iter().any(|t| t == tag)).take(3).collect();
        ensure!(!tagged.is_empty(), "the sample bundle has releases tagged {tag:?}");
        wait_shadow_count(b, "latest", "[data-testid=latest-item]", tagged.len() as u64).await?;
        let widget = in_shadow(
            b,
            "latest",
            "return [...root.querySelectorAll('a[data-testid=latest-link]')].map(a => [a.textContent, a.href]);",
        )
        .await?;
        let widget = widget.as_array().context("widget links")?;
        for (link, release) in widget.iter().zip(&tagged) {
            ensure!(link[0] == release.title.as_str(), "widget title {link}");
            ensure!(
                link[1].as_str() == Some(&format!("{viewer}/releases/{}/", release.slug)),
                "widget href {link}"
            );
        }

        // A viewer the host page adds later mounts on `pressroomEmbed.mount()`, and the
        // ones already there are not mounted twice.
        b.execute(&format!(
            "const d = document.createElement('div'); d.id = 'three';
             d.dataset.pressroomBundle = '{viewer}/releases.json';
             document.body.append(d); pressroomEmbed.mount(); pressroomEmbed.mount(); return true"
        ))
        .await?;
        wait_shadow_count(b, "three", "[data-testid=release-item]", count).await?;
        for id in ["one", "two", "three"] {
            ensure!(
                shadow_count(b, id, ".pressroom-app").await? == 1,
                "#{id} is mounted more than once"
            );
        }

        // A host link outside the embeds still navigates normally.
        b.execute("document.getElementById('host-link').click(); return true").await?;
        b.poll("the host link to navigate", || async {
            let url = b.client().current_url().await?.to_string();
            Ok(url.ends_with("/other.html").then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn iframe_embed_sizes_itself_and_ignores_other_origins() -> Result<()> {
    let host = HostSite::start()?;
    let stranger = HostSite::start()?;
    let host_origin = host.server.base_url();
    let hosted = Hosted::start(Build::Root, Fallback::SpaIndex, Vec::new(), |site| {
        // What `cargo xtask dist --embed-origin <host>` writes.
        set_meta(
            &site.join("embed.html"),
            "pressroom-parent-origin",
            &host_origin,
        )
    })?;
    let viewer = hosted.app_url();
    let viewer_origin = hosted.server.base_url();
    let documented = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/embed-iframe.html"
    ))
    .context("reading the documented iframe snippet")?;
    // The README shows the same code (everything after the file's leading comment).
    let code = documented
        .split_once("-->")
        .map(|(_, code)| code.trim())
        .context("the snippet starts with a comment")?;
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))?;
    ensure!(
        readme.contains(code),
        "README.md's iframe snippet differs from docs/embed-iframe.html"
    );
    let snippet = documented
        .replace("https://press.example/newsroom", &viewer)
        .replace("https://press.example", &viewer_origin);
    host.write(
        "index.html",
        &format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Host</title><link rel=\"icon\" href=\"data:,\"></head><body>\n{snippet}\n\
             <iframe id=\"stranger\" src=\"{}\" style=\"width:10px;height:10px\"></iframe>\
             <script>window.__strangerSent = 0; addEventListener('message', (e) => {{\
             if (e.data && e.data.type === 'stranger-sent') window.__strangerSent = e.data.sent; }});</script></body></html>",
            stranger.url("evil.html")
        ),
    )?;
    // Another origin's frame on the same page tries to drive the embed.
    stranger.write(
        "evil.html",
        "<!DOCTYPE html><link rel=icon href=data:,><script>let sent = 0; setInterval(() => { const f = window.parent.frames[0];\
         if (f) { f.postMessage({type: 'pressroom:navigate', path: 'releases/x/'}, '*'); sent += 1;\
         window.parent.postMessage({type: 'stranger-sent', sent}, '*'); } }, 100);</script>",
    )?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.client().goto(&host.url("index.html")).await?;
        let height = || async {
            let h = b
                .execute("return document.querySelector('iframe[data-pressroom]').getBoundingClientRect().height")
                .await?;
            h.as_f64().context("iframe height")
        };
        let list_height = b
            .poll("the iframe to grow to the list", || async {
                let h = height().await?;
                Ok((h > 400.0).then_some(h))
            })
            .await?;
        // The stranger's messages are ignored: wait until it has sent five more (it tells
        // the host page each time), then look.
        let sent = || async {
            let n = b.execute("return window.__strangerSent").await?;
            n.as_u64().context("the stranger's count")
        };
        let before = sent().await?;
        b.poll("five more messages from the stranger", || async {
            Ok((sent().await? >= before + 5).then_some(()))
        })
        .await?;
        let frame_list = frame_eval(b, "return document.querySelectorAll('[data-testid=release-item]').length").await?;
        ensure!(
            frame_list.as_u64() == Some(e.chronological.len().min(50) as u64),
            "the embed left its list for another origin's message: {frame_list}"
        );
        // The parent's own message is obeyed, and the height follows the content.
        let shortest = e
            .chronological
            .iter()
            .min_by_key(|r| r.title.len())
            .context("a release")?
            .clone();
        b.execute(&format!(
            "document.querySelector('iframe[data-pressroom]').contentWindow.postMessage(\
             {{type: 'pressroom:navigate', path: 'releases/{}/'}}, '{viewer_origin}'); return true",
            shortest.slug
        ))
        .await?;
        let article_height = b
            .poll("the iframe height to follow the article", || async {
                let h = height().await?;
                Ok(((h - list_height).abs() > 20.0).then_some(h))
            })
            .await?;
        let inner = frame_eval(b, "return document.documentElement.getBoundingClientRect().height").await?;
        let inner = inner.as_f64().context("inner height")?;
        ensure!(
            (inner - article_height).abs() <= 2.0,
            "iframe height {article_height} does not match its content {inner}"
        );
        let title = frame_eval(b, "return document.querySelector('[data-testid=release-title]')?.textContent").await?;
        ensure!(title == shortest.title.as_str(), "the embed shows {title}");
        ensure!(b.document_title().await? == "Host", "the embed changed the host's title");
        // The parent asked for the navigation, so the frame does not take its focus.
        let focused = b.execute("return document.activeElement?.tagName ?? ''").await?;
        ensure!(focused != "IFRAME", "a parent's navigate took the host's focus");
        // A link out of the viewer (the official original) opens a new tab instead of
        // loading another site inside the frame.
        let before = b.client().windows().await?.len();
        frame_eval(b, "document.querySelector('[data-testid=official-link]').click(); return true").await?;
        b.poll("a new tab for the official link", || async {
            Ok((b.client().windows().await?.len() > before).then_some(()))
        })
        .await?;
        let still = frame_eval(b, "return document.querySelector('[data-testid=release-title]')?.textContent").await?;
        ensure!(still == shortest.title.as_str(), "the frame left the article: {still}");
        Ok(())
    })
    .await
}

/// Runs `script` inside the Pressroom iframe and comes back to the host page.
async fn frame_eval(b: &Browser, script: &str) -> Result<Value> {
    let frame = b.wait_for("iframe[data-pressroom]").await?;
    frame.enter_frame().await.context("entering the iframe")?;
    let value = b.execute(script).await;
    b.client()
        .clone()
        .enter_parent_frame()
        .await
        .context("leaving the iframe")?;
    value
}

#[tokio::test]
async fn single_file_works_from_disk_with_hash_routing() -> Result<()> {
    let file = single_file()?;
    let file = std::fs::canonicalize(&file)?;
    let url = url::Url::from_file_path(&file).map_err(|()| anyhow::anyhow!("not a file path"))?;
    // The bundle is inside the file; the expectations come from the sample bundle.
    let hosted = Hosted::start(Build::Root, Fallback::FilesOnly, Vec::new(), |_| Ok(()))?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = Browser::new(cx.browser.client().clone(), url.to_string());
        b.goto("").await?;
        pages::check_list(&b, &e).await?;
        let newest = e.newest()?.clone();
        let link = b.attr(sel::RELEASE_LINK, "href").await?.unwrap_or_default();
        ensure!(
            link == format!("#/releases/{}/", newest.slug),
            "single-file link {link:?}"
        );
        b.click(sel::RELEASE_LINK).await?;
        b.wait_text(sel::ARTICLE_TITLE, &newest.title).await?;
        ensure!(b.fragment().await? == format!("/releases/{}/", newest.slug));
        for release in &e.chronological {
            b.goto(&format!("#/releases/{}/", release.slug)).await?;
            b.wait_text(sel::ARTICLE_TITLE, &release.title).await?;
        }
        b.refresh().await?;
        let last = e.chronological.last().context("a release")?;
        b.wait_text(sel::ARTICLE_TITLE, &last.title).await?;
        // Search works from disk: the engine's module comes from the file itself.
        let word = title_word(&newest.title)?;
        b.goto(&format!("#/?q={word}")).await?;
        b.poll(&format!("a result titled {:?}", newest.title), || async {
            let titles = b.texts(RESULT_LINK).await.unwrap_or_default();
            Ok(titles
                .iter()
                .any(|t| t.trim() == newest.title)
                .then_some(()))
        })
        .await?;
        Ok(())
    })
    .await
}

/// Search results' links.
const RESULT_LINK: &str = "ol[data-testid=\"results\"] a[data-testid=\"result-link\"]";

/// A word of `title` that a search finds it by: its first of four or more ASCII letters.
fn title_word(title: &str) -> Result<String> {
    title
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| w.len() >= 4)
        .map(str::to_ascii_lowercase)
        .context("a title with a word of four letters")
}

#[tokio::test]
async fn a_script_embed_can_choose_hash_routing() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::SpaIndex, cors(), |_| Ok(()))?;
    let viewer = hosted.app_url();
    let host = HostSite::start()?;
    host.write(
        "index.html",
        &format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Partner</title><link rel="icon" href="data:,"></head>
<body><div id="one" data-pressroom-bundle="{viewer}/releases.json" data-pressroom-routing="hash"></div>
<script type="module" src="{viewer}/embed.js"></script></body></html>"#
        ),
    )?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.client().goto(&host.url("index.html")).await?;
        let count = e.chronological.len().min(50) as u64;
        wait_shadow_count(b, "one", "[data-testid=release-item]", count).await?;
        let newest = e.newest()?.clone();
        let href = in_shadow(
            b,
            "one",
            "return root.querySelector('a[data-testid=release-link]').getAttribute('href');",
        )
        .await?;
        ensure!(
            href.as_str() == Some(&format!("#/releases/{}/", newest.slug)),
            "hash-mode embed link {href}"
        );
        in_shadow(
            b,
            "one",
            "root.querySelector('a[data-testid=release-link]').click(); return true;",
        )
        .await?;
        wait_shadow_text(b, "one", "[data-testid=release-title]", &newest.title).await?;
        let url = b.client().current_url().await?;
        ensure!(
            url.fragment().map(pressroom_e2e::browser::decode)
                == Some(format!("/releases/{}/", newest.slug)),
            "the host URL's fragment should name the release: {url}"
        );
        // The fragment is shareable: loading it opens the embed at that release.
        b.refresh().await?;
        wait_shadow_text(b, "one", "[data-testid=release-title]", &newest.title).await?;
        // Search works in an embed on another origin: the engine's module comes from the
        // viewer's host, beside embed.js.
        let word = title_word(&newest.title)?;
        b.client()
            .goto(&format!("{}#/?q={word}", host.url("index.html")))
            .await?;
        b.refresh().await?;
        let script = format!(
            "return root ? [...root.querySelectorAll('{}')].map(a => a.textContent.trim()) : [];",
            RESULT_LINK
        );
        b.poll(
            &format!("a result titled {:?} in the embed", newest.title),
            || async {
                let titles = in_shadow(b, "one", &script).await?;
                let found = titles
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t.as_str() == Some(&newest.title)));
                Ok(found.then_some(()))
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// Two hash-mode embeds on one page: only the first follows the address's fragment; the
/// second routes in memory, so clicking in it changes neither the fragment nor the first
/// viewer, while a click in the first does change the fragment (the positive control).
#[tokio::test]
async fn two_hash_mode_embeds_on_one_page_are_independent() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::SpaIndex, cors(), |_| Ok(()))?;
    let viewer = hosted.app_url();
    let host = HostSite::start()?;
    host.write(
        "index.html",
        &format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Partner</title><link rel="icon" href="data:,"></head>
<body><div id="one" data-pressroom-bundle="{viewer}/releases.json" data-pressroom-routing="hash"></div>
<div id="two" data-pressroom-bundle="{viewer}/releases.json" data-pressroom-routing="hash"></div>
<script type="module" src="{viewer}/embed.js"></script></body></html>"#
        ),
    )?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.client().goto(&host.url("index.html")).await?;
        let count = e.chronological.len().min(50) as u64;
        wait_shadow_count(b, "one", "[data-testid=release-item]", count).await?;
        wait_shadow_count(b, "two", "[data-testid=release-item]", count).await?;
        let newest = e.newest()?.clone();
        in_shadow(
            b,
            "two",
            "root.querySelector('a[data-testid=release-link]').click(); return true;",
        )
        .await?;
        wait_shadow_text(b, "two", "[data-testid=release-title]", &newest.title).await?;
        let url = b.client().current_url().await?;
        ensure!(
            url.fragment().is_none(),
            "the second embed left the fragment alone: {url}"
        );
        ensure!(
            shadow_count(b, "one", "[data-testid=release-item]").await? == count,
            "the first still lists"
        );
        in_shadow(
            b,
            "one",
            "root.querySelector('a[data-testid=release-link]').click(); return true;",
        )
        .await?;
        wait_shadow_text(b, "one", "[data-testid=release-title]", &newest.title).await?;
        let url = b.client().current_url().await?;
        ensure!(
            url.fragment().is_some(),
            "the first embed follows the fragment: {url}"
        );
        Ok(())
    })
    .await
}

/// `embed.js` on a page with no embed element yet leaves the page as it is (it used to
/// mount the full viewer into `<body>`); an element added later mounts on
/// `pressroomEmbed.mount()` (the positive control).
#[tokio::test]
async fn the_embed_script_never_touches_a_page_without_embeds() -> Result<()> {
    let hosted = Hosted::start(Build::Root, Fallback::SpaIndex, cors(), |_| Ok(()))?;
    let viewer = hosted.app_url();
    let host = HostSite::start()?;
    host.write(
        "index.html",
        &format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Partner</title><link rel="icon" href="data:,"></head>
<body><main id="content"><h1>The partner's own page</h1><p>Its text.</p></main>
<script type="module" src="{viewer}/embed.js"></script></body></html>"#
        ),
    )?;
    run_site(hosted, ConsolePolicy::NoErrors, async |cx| {
        let e = cx.expected.clone();
        let b = &cx.browser;
        b.client().goto(&host.url("index.html")).await?;
        b.poll("embed.js has started", || async {
            let ready = b.execute("return typeof globalThis.pressroomEmbed?.mount === 'function'").await?;
            Ok((ready == Value::Bool(true)).then_some(()))
        })
        .await?;
        let body = b.execute("return document.body.innerHTML").await?;
        let body = body.as_str().unwrap_or_default();
        ensure!(body.contains("<h1>The partner's own page</h1><p>Its text.</p>"), "{body}");
        ensure!(
            !body.contains("pressroom-app") && !body.contains("data-pressroom-mounted"),
            "nothing of Pressroom's in the host page: {body}"
        );
        b.execute(&format!(
            "const d = document.createElement('div'); d.id = 'late'; d.dataset.pressroomBundle = '{viewer}/releases.json'; document.body.append(d); pressroomEmbed.mount(); return true;"
        ))
        .await?;
        let count = e.chronological.len().min(50) as u64;
        wait_shadow_count(b, "late", "[data-testid=release-item]", count).await?;
        ensure!(b.text("#content h1").await? == "The partner's own page");
        Ok(())
    })
    .await
}
