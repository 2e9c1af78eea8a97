//! Finding releases in a sharded archive, in headless Chromium against the archive site
//! that `cargo xtask test` writes (`--layout archive`, a generated archive of a few
//! thousand releases, a file budget that leaves most of them without a pre-rendered
//! page, served with `404.html` for unknown paths as GitHub Pages does):
//!
//! - a deep link reads a few small data files, counted in the server's log and weighed
//!   gzip against the discovery budget;
//! - previous/next across pack and index-shard edges;
//! - search as the reader types, with the words marked in the results and in the
//!   article, the query in the URL (reload, Back and Forward), and `/` to the box;
//! - filters that narrow the results and live in the URL;
//! - a body pack that fails shows an error inside the article, and Retry recovers.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use pressroom_core::Catalog;
use pressroom_e2e::pages::{self, sel};
use pressroom_e2e::server::{Fallback, RequestRecord};
use pressroom_e2e::sites::{gzip_len, run_site, Build, Hosted, SiteCtx};
use pressroom_e2e::{ConsolePolicy, ExpectedRelease};
use serde_json::Value;

/// gzip budget of a deep link's data, from the discovery issue.
const DEEP_LINK_BUDGET: u64 = 16 * 1024;
/// gzip budget of a first one-word search.
const ONE_WORD_BUDGET: u64 = 100 * 1024;

const SEARCH_INPUT: &str = "input[data-testid=\"search-input\"]";
const RESULTS_HEADING: &str = "[data-testid=\"results-heading\"]";
const RESULT_LINK: &str = "ol[data-testid=\"results\"] a[data-testid=\"result-link\"]";

fn start() -> Result<Hosted> {
    Hosted::start(Build::Archive, Fallback::NotFoundPage, Vec::new(), |_| {
        Ok(())
    })
}

/// The catalog the site was written from.
fn catalog(cx: &SiteCtx) -> Result<Catalog> {
    Catalog::from_json(&cx.expected.text).context("reading the archive's content")
}

/// Whether release `slug` has a pre-rendered page in the site.
fn prerendered(site: &Path, slug: &str) -> bool {
    site.join("releases")
        .join(slug)
        .join("index.html")
        .is_file()
}

/// The data files requested since `from` (an index into the server's log), and their
/// gzip bytes.
/// One data file a page read: its path, the bytes it cost (gzip for a whole file, as
/// hosts send it; the part's own size for a Range request, which browsers ask for
/// uncompressed) and whether it was a part.
#[derive(Debug)]
struct Transfer {
    path: String,
    bytes: u64,
    part: bool,
}

/// The data files read since request `from` of the server's log, in order.
fn data_transfer(cx: &SiteCtx, from: usize) -> Result<Vec<Transfer>> {
    let log: Vec<RequestRecord> = cx.hosted.server.requests();
    let mut files = Vec::new();
    for record in log.iter().skip(from) {
        let path = record.target.split('?').next().unwrap_or_default();
        if path.starts_with("/data/") || path.ends_with(".json") {
            let bytes = match &record.part {
                Some(part) => part.len() as u64,
                None => gzip_len(&cx.hosted.site.join(path.trim_start_matches('/')))?,
            };
            files.push(Transfer {
                path: path.to_owned(),
                bytes,
                part: record.part.is_some(),
            });
        }
    }
    Ok(files)
}

/// A release about two thirds into the archive with no pre-rendered page.
fn deep_release_of(hosted: &Hosted) -> Result<ExpectedRelease> {
    let all = &hosted.built.chronological;
    all.iter()
        .skip(all.len() * 2 / 3)
        .find(|r| !prerendered(&hosted.site, &r.slug))
        .cloned()
        .context("every release is pre-rendered: the file budget did not apply")
}

/// A release about half way into the archive with no pre-rendered page, and the next
/// `steps` releases.
fn middle_releases(hosted: &Hosted, steps: usize) -> Result<Vec<ExpectedRelease>> {
    let all = &hosted.built.chronological;
    let start = (all.len() / 2..all.len() - steps)
        .find(|&i| !prerendered(&hosted.site, &all[i].slug))
        .context("every release is pre-rendered: the file budget did not apply")?;
    Ok(all[start..=start + steps].to_vec())
}

/// A page without a pre-rendered file is served by `404.html`, with status 404, which
/// the browser logs: the one error a deep link to it may show.
fn served_by_404(release: &ExpectedRelease) -> ConsolePolicy {
    ConsolePolicy::AllowErrorsMentioning(vec![format!(
        "{} - Failed to load resource",
        release.encoded_path()
    )])
}

#[tokio::test]
async fn a_deep_link_into_the_archive_reads_a_few_small_files() -> Result<()> {
    let hosted = start()?;
    let release = deep_release_of(&hosted)?;
    run_site(hosted, served_by_404(&release), async |cx| {
        let before = cx.hosted.server.requests().len();
        cx.browser.goto(&release.encoded_path()).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &release.title)
            .await?;
        cx.browser.wait_for(&format!("{} p", sel::BODY)).await?;
        let files = data_transfer(cx, before)?;
        // What the article needed ends with its release, read out of its pack with a
        // Range request; the whole packs follow (read ahead for Previous and Next).
        let first_pack = files
            .iter()
            .position(|f| f.path.starts_with("/data/packs/"))
            .context("no pack was read")?;
        let needed = &files[..=first_pack];
        let bytes: u64 = needed.iter().map(|f| f.bytes).sum();
        ensure!(
            needed[first_pack].part,
            "the whole pack was read before the article: {needed:?}"
        );
        ensure!(
            !files.iter().any(|f| f.path.ends_with("releases.json")),
            "the whole bundle was read: {files:?}"
        );
        // Written by hand: the boot file, a slug page, a slug bucket, a block, its pack
        // list and the release.
        ensure!(
            needed.len() <= 6,
            "{} data files before the article: {needed:?}",
            needed.len()
        );
        ensure!(
            bytes <= DEEP_LINK_BUDGET,
            "a deep link read {bytes} bytes gzip (budget {DEEP_LINK_BUDGET}): {needed:?}"
        );
        // Each file once, and the pack once more, whole.
        let mut unique: Vec<(&str, bool)> =
            files.iter().map(|f| (f.path.as_str(), f.part)).collect();
        unique.sort();
        unique.dedup();
        ensure!(
            unique.len() == files.len(),
            "a file was fetched twice: {files:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn previous_and_next_cross_pack_and_shard_edges() -> Result<()> {
    let hosted = start()?;
    let walk = middle_releases(&hosted, 30)?;
    run_site(hosted, served_by_404(&walk[0]), async |cx| {
        cx.browser.goto(&walk[0].encoded_path()).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &walk[0].title)
            .await?;
        // 30 steps newer cross several packs (a few releases each) and an index shard
        // (25 releases); the neighbours' titles show before their bodies are read.
        for (step, next) in walk.iter().enumerate().skip(1) {
            let shown = cx.browser.text(sel::NEXT_LINK).await?;
            ensure!(
                shown.contains(&next.title),
                "step {step}: next link {shown:?}, expected {:?}",
                next.title
            );
            cx.browser.click(sel::NEXT_LINK).await?;
            cx.browser
                .wait_text(sel::ARTICLE_TITLE, &next.title)
                .await?;
        }
        cx.browser.click(sel::PREV_LINK).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &walk[29].title)
            .await?;
        Ok(())
    })
    .await
}

/// A word that occurs in the body of exactly one release, in the older half of the
/// archive, and in no title (so exactly one result).
fn rare_body_word(catalog: &Catalog) -> Result<(String, usize)> {
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (position, entry) in catalog.chronological().iter().enumerate() {
        let release = &entry.release;
        let text = format!(
            "{} {} {} {}",
            release.title,
            release.summary.as_deref().unwrap_or(""),
            release.body,
            release.tags.join(" ")
        );
        let mut words: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 6)
            .map(str::to_ascii_lowercase)
            .collect();
        words.sort();
        words.dedup();
        for word in words {
            seen.entry(word).or_insert((0, position)).0 += 1;
        }
    }
    let count = catalog.len();
    let mut candidates: Vec<(String, usize)> = seen
        .into_iter()
        .filter(|(_, (n, p))| *n == 1 && *p > count / 4 && *p < count / 2)
        .map(|(w, (_, p))| (w, p))
        .collect();
    candidates.sort();
    let found = candidates.into_iter().find(|(w, p)| {
        let release = &catalog.chronological()[*p].release;
        !release.title.to_ascii_lowercase().contains(w.as_str())
            && release
                .source
                .name
                .to_ascii_lowercase()
                .find(w.as_str())
                .is_none()
    });
    found.context("no word occurs in exactly one body")
}

/// Types `text` into the search box.
async fn type_search(cx: &SiteCtx, text: &str) -> Result<()> {
    // The pre-rendered search box is replaced by the app's at the takeover: type into
    // the app's.
    pages::wait_takeover(&cx.browser).await?;
    let input = cx.browser.wait_for(SEARCH_INPUT).await?;
    input.click().await?;
    input
        .send_keys(text)
        .await
        .context("typing in the search box")
}

/// The value of `name` in the URL's query.
async fn query_value(cx: &SiteCtx, name: &str) -> Result<Option<String>> {
    let value = cx
        .browser
        .execute(&format!(
            "return new URLSearchParams(location.search).getAll({name:?});"
        ))
        .await?;
    Ok(value
        .as_array()
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        .map(str::to_owned))
}

#[tokio::test]
async fn typing_a_rare_word_finds_its_one_release_and_marks_it() -> Result<()> {
    run_site(start()?, ConsolePolicy::NoErrors, async |cx| {
        let catalog = catalog(cx)?;
        let (word, position) = rare_body_word(&catalog)?;
        let release = &catalog.chronological()[position];
        cx.browser.goto("/").await?;
        cx.browser.wait_for(sel::RELEASE_LINK).await?;
        // What the takeover loads is not the search's.
        pages::wait_takeover(&cx.browser).await?;
        let before = cx.hosted.server.requests().len();
        type_search(cx, &word).await?;
        // Results follow the typing, without pressing Enter.
        cx.browser
            .wait_text(RESULTS_HEADING, &format!("1 release for “{word}”"))
            .await?;
        let files = data_transfer(cx, before)?;
        let bytes: u64 = files.iter().map(|f| f.bytes).sum();
        ensure!(
            bytes <= ONE_WORD_BUDGET,
            "the first search read {bytes} bytes gzip: {files:?}"
        );
        // The search engine's module came with the first search, once, not before.
        let engine_requests = |from: usize, to: usize| -> Vec<String> {
            let log: Vec<RequestRecord> = cx.hosted.server.requests();
            log.iter()
                .take(to)
                .skip(from)
                .map(|r| r.target.clone())
                .filter(|t| t.contains(pressroom_core::names::SEARCH_ENGINE_PREFIX))
                .collect()
        };
        let all = cx.hosted.server.requests().len();
        ensure!(
            engine_requests(0, before).is_empty(),
            "the search engine was fetched before any search: {:?}",
            engine_requests(0, before)
        );
        ensure!(
            engine_requests(before, all).len() == 1,
            "the first search fetched the search engine {:?}",
            engine_requests(before, all)
        );
        cx.browser
            .wait_text(RESULT_LINK, &release.release.title)
            .await?;
        ensure!(
            query_value(cx, "q").await?.as_deref() == Some(word.as_str()),
            "the query is not in the URL"
        );
        let focused = cx
            .browser
            .execute("return document.activeElement && document.activeElement.name;")
            .await?;
        ensure!(focused == "q", "focus left the search box: {focused}");
        // The article marks the word.
        cx.browser.click(RESULT_LINK).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &release.release.title)
            .await?;
        let marks = cx.browser.texts(&format!("{} mark", sel::BODY)).await?;
        ensure!(
            marks.iter().any(|m| m.eq_ignore_ascii_case(&word)),
            "no <mark>{word}</mark> in the article: {marks:?}"
        );
        // Back returns to the results, Forward to the article.
        cx.browser.back().await?;
        cx.browser
            .wait_text(RESULT_LINK, &release.release.title)
            .await?;
        cx.browser.forward().await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &release.release.title)
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_search_in_the_url_survives_reload_and_back() -> Result<()> {
    run_site(start()?, ConsolePolicy::NoErrors, async |cx| {
        let catalog = catalog(cx)?;
        let korean = catalog
            .chronological()
            .iter()
            .rev()
            .find(|e| e.release.language.as_deref() == Some("ko"))
            .context("no Korean release")?;
        let word = korean
            .release
            .title
            .split(' ')
            .nth(1)
            .context("a short title")?
            .to_owned();
        cx.browser.goto("/").await?;
        cx.browser.wait_for(sel::RELEASE_LINK).await?;
        type_search(cx, &word).await?;
        cx.browser.wait_for(RESULTS_HEADING).await?;
        let heading = cx.browser.text(RESULTS_HEADING).await?;
        let titles = cx.browser.texts(RESULT_LINK).await?;
        ensure!(
            !titles.is_empty(),
            "no results for the Korean word {word:?}: {heading}"
        );
        let marked = cx.browser.texts("ol[data-testid=\"results\"] mark").await?;
        ensure!(
            !marked.is_empty(),
            "nothing marked in the results for {word:?}"
        );
        cx.browser.refresh().await?;
        cx.browser.wait_text(RESULTS_HEADING, &heading).await?;
        let input = cx.browser.attr(SEARCH_INPUT, "value").await?;
        ensure!(
            input.as_deref() == Some(word.as_str()),
            "the box holds {input:?} after a reload"
        );
        cx.browser.back().await?;
        cx.browser.wait_for(sel::RELEASE_LINK).await?;
        cx.browser
            .assert_absent(RESULTS_HEADING, "Back leaves the search in one step")
            .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn slash_focuses_the_search_box() -> Result<()> {
    let hosted = start()?;
    let release = deep_release_of(&hosted)?;
    run_site(hosted, served_by_404(&release), async |cx| {
        cx.browser.goto(&release.encoded_path()).await?;
        cx.browser
            .wait_text(sel::ARTICLE_TITLE, &release.title)
            .await?;
        let body = cx.browser.wait_for("body").await?;
        body.send_keys("/").await?;
        cx.browser
            .poll("focus in the search box", || async {
                let name = cx
                    .browser
                    .execute("return document.activeElement && document.activeElement.name;")
                    .await?;
                Ok((name == "q").then_some(()))
            })
            .await?;
        let value = cx.browser.attr(SEARCH_INPUT, "value").await?;
        ensure!(
            value.as_deref() == Some(""),
            "the slash was typed into the box: {value:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn filters_narrow_the_results_and_live_in_the_url() -> Result<()> {
    run_site(start()?, ConsolePolicy::NoErrors, async |cx| {
        cx.browser.goto("/?q=the").await?;
        cx.browser.wait_for(RESULTS_HEADING).await?;
        let all = cx.browser.text(RESULTS_HEADING).await?;
        cx.browser.click("[data-testid=\"filters-toggle\"]").await?;
        let source = cx
            .browser
            .wait_for("a[data-testid=\"facet-value\"][data-facet=\"source\"]")
            .await?;
        let label = source.text().await?;
        let name = label
            .rsplit_once(" (")
            .map(|(n, _)| n.to_owned())
            .context("a count")?;
        source.click().await?;
        cx.browser
            .poll("the source in the URL", || async {
                Ok(
                    (query_value(cx, "source").await?.as_deref() == Some(name.as_str()))
                        .then_some(()),
                )
            })
            .await?;
        cx.browser
            .poll("fewer results", || async {
                let heading = cx.browser.text(RESULTS_HEADING).await?;
                Ok((heading != all).then_some(heading))
            })
            .await?;
        for meta in cx
            .browser
            .texts("ol[data-testid=\"results\"] [data-testid=\"release-source\"]")
            .await?
        {
            ensure!(
                meta.contains(&name),
                "a result from {meta:?} under the filter {name:?}"
            );
        }
        cx.browser.back().await?;
        cx.browser.wait_text(RESULTS_HEADING, &all).await?;
        ensure!(
            query_value(cx, "source").await?.is_none(),
            "Back kept the filter"
        );
        Ok(())
    })
    .await
}

/// The pack file holding `release` among its releases (not only as a neighbour's link).
fn pack_of(site: &Path, release: &ExpectedRelease) -> Result<std::path::PathBuf> {
    for entry in std::fs::read_dir(site.join("data").join("packs"))? {
        let path = entry?.path();
        let pack: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let holds = pack["entries"].as_array().is_some_and(|entries| {
            entries
                .iter()
                .any(|e| e["release"]["slug"] == release.slug.as_str())
        });
        if holds {
            return Ok(path);
        }
    }
    bail!("no pack holds {}", release.slug)
}

/// Two neighbours without pre-rendered pages whose releases are in different packs.
fn neighbours_in_two_packs(
    hosted: &Hosted,
) -> Result<(ExpectedRelease, ExpectedRelease, std::path::PathBuf)> {
    let all = &hosted.built.chronological;
    for i in all.len() / 2..all.len() - 1 {
        let (from, to) = (&all[i], &all[i + 1]);
        if prerendered(&hosted.site, &from.slug) {
            continue;
        }
        let pack = pack_of(&hosted.site, to)?;
        if pack != pack_of(&hosted.site, from)? {
            return Ok((from.clone(), to.clone(), pack));
        }
    }
    bail!("no two neighbours in two packs")
}

#[tokio::test]
async fn a_failing_pack_shows_an_error_in_the_page_and_retry_recovers() -> Result<()> {
    let hosted = start()?;
    let (from, to, pack) = neighbours_in_two_packs(&hosted)?;
    let mut allowed = vec!["/data/packs/".to_owned()];
    if let ConsolePolicy::AllowErrorsMentioning(more) = served_by_404(&from) {
        allowed.extend(more);
    }
    run_site(
        hosted,
        ConsolePolicy::AllowErrorsMentioning(allowed),
        async |cx| {
            // The pack of the next release is gone before the page reads ahead.
            let hidden = pack.with_extension("gone");
            std::fs::rename(&pack, &hidden)?;
            cx.browser.goto(&from.encoded_path()).await?;
            cx.browser
                .wait_text(sel::ARTICLE_TITLE, &from.title)
                .await?;
            cx.browser.click(sel::NEXT_LINK).await?;
            // The article stands on its card; its body's place names the failed file.
            cx.browser.wait_text(sel::ARTICLE_TITLE, &to.title).await?;
            let error = cx.browser.text("[data-testid=\"body-error\"]").await?;
            ensure!(
                error.contains("packs/"),
                "the error does not name the file: {error:?}"
            );
            std::fs::rename(&hidden, &pack)?;
            cx.browser.click("[data-testid=\"body-retry\"]").await?;
            cx.browser.wait_for(&format!("{} p", sel::BODY)).await?;
            cx.browser
                .assert_absent("[data-testid=\"body-error\"]", "Retry loaded the body")
                .await?;
            Ok(())
        },
    )
    .await
}
