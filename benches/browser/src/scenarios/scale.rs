//! The scale checks that used to be functional tests, now timed here:
//!
//! - 100,000 releases: the list's first page is shown (the 50 newest, in order; its
//!   status line is not compared, as the readers word it differently: "Latest releases",
//!   "Page 1 of 2000"), Older leads to page 2 without a reload, and a cold load of the
//!   last page (`/page/2000/`) ends with the oldest release;
//! - a release with a 50 MB body: the list shows it first, and its article renders the
//!   whole body.
//!
//! A check that does not hold fails the point, with what was seen.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use pressroom_core::paths::LIST_PAGE_SIZE;

use super::{limit, load, progress, Cx};
use crate::bundles::{Content, HUGE_TITLE};
use crate::conditions::Condition;
use crate::probe::{self, Goal, Kind};
use crate::readers::Served;
use crate::results::Unit;
use crate::sites::SiteSet;

const FIRST_PAGE: &str = "scale 100k: first page shown (cold)";
const OLDER: &str = "scale 100k: Older → page 2 painted";
const LAST_PAGE: &str = "scale 100k: last page shown (cold)";
const HUGE_LIST: &str = "scale 50 MB body: list shown (cold)";
const HUGE_ARTICLE: &str = "scale 50 MB body: article shown (cold)";

/// Why a scale check is not run under `condition`, if it is not.
fn not_under(condition: Condition, bytes: u64) -> Option<String> {
    condition.download_secs(bytes).map(|secs| {
        format!(
            "{:.0} MB at 1.6 Mbps is {secs:.0} s a load; run without throttling only",
            bytes as f64 / 1e6
        )
    })
}

/// The three timings of the 100k check for one reader.
async fn paging(
    cx: &mut Cx,
    served: &Served,
    content: &Content,
    condition: Condition,
) -> Result<[f64; 3]> {
    let timeout = limit(condition, Duration::from_secs(180));
    let n = content.newest_first.len();
    let pages = n.div_ceil(LIST_PAGE_SIZE);
    let goal = Goal::new(Kind::List, &content.at(0)?.title, timeout);
    let first = load(&mut cx.session, condition, &served.url("/"), &goal).await?;
    let titles = probe::list_titles(&cx.session).await?;
    let expected: Vec<&str> = content
        .newest_first
        .iter()
        .take(LIST_PAGE_SIZE)
        .map(|s| s.title.as_str())
        .collect();
    ensure!(
        titles == expected,
        "page 1 shows {} items, not the {} newest in order",
        titles.len(),
        expected.len()
    );
    let older = probe::page(
        &cx.session,
        "[data-testid=\"older-page\"]",
        &content.at(LIST_PAGE_SIZE)?.title,
        timeout,
    )
    .await?;
    let last_goal = Goal::new(
        Kind::List,
        &content.at((pages - 1) * LIST_PAGE_SIZE)?.title,
        timeout,
    );
    let last = load(
        &mut cx.session,
        condition,
        &served.url(&format!("/page/{pages}/")),
        &last_goal,
    )
    .await?;
    let titles = probe::list_titles(&cx.session).await?;
    let oldest = content.at(n - 1)?;
    ensure!(
        titles.last() == Some(&oldest.title),
        "the last page ends with {:?}, not the oldest",
        titles.last()
    );
    Ok([
        first.ready.context("no paint of page 1")?,
        older,
        last.ready.context("no paint of the last page")?,
    ])
}

/// The 100,000-release check, for every reader of `set`.
pub async fn hundred_thousand(cx: &mut Cx, set: &SiteSet, condition: Condition) -> Result<()> {
    let names = [FIRST_PAGE, OLDER, LAST_PAGE];
    for served in &set.served {
        if let Some(why) = not_under(condition, set.content.bytes) {
            names.iter().for_each(|name| {
                cx.results
                    .skip(name, condition, &served.label, Unit::Ms, &why)
            });
            continue;
        }
        let run = paging(cx, served, &set.content, condition)
            .await
            .map_err(|e| format!("{}: {e:#}", served.label));
        for (i, name) in names.iter().enumerate() {
            let sample = run.as_ref().map(|r| r[i]).map_err(Clone::clone);
            cx.results
                .record(name, condition, &served.label, Unit::Ms, sample);
        }
    }
    names
        .iter()
        .for_each(|name| progress(&cx.results, name, condition));
    Ok(())
}

/// The two timings of the 50 MB check for one reader.
async fn huge(
    cx: &mut Cx,
    served: &Served,
    body_len: usize,
    condition: Condition,
) -> Result<[f64; 2]> {
    let timeout = limit(condition, Duration::from_secs(300));
    let list = load(
        &mut cx.session,
        condition,
        &served.url("/"),
        &Goal::new(Kind::List, HUGE_TITLE, timeout),
    )
    .await?;
    let path = format!(
        "/{}",
        pressroom_core::paths::release_path(crate::bundles::HUGE_SLUG)
    );
    let article = load(
        &mut cx.session,
        condition,
        &served.url(&path),
        &Goal::new(Kind::Article, HUGE_TITLE, timeout),
    )
    .await?;
    let shown = probe::number(&cx.session, "window.__bench.bodyLength()").await?;
    ensure!(
        shown > body_len as f64 * 0.9,
        "the body shows {shown} characters of {body_len}"
    );
    Ok([
        list.ready.context("no paint of the list")?,
        article.ready.context("no paint of the article")?,
    ])
}

/// The 50 MB body check, for every reader of `set`.
pub async fn fifty_megabytes(
    cx: &mut Cx,
    set: &SiteSet,
    body_len: usize,
    condition: Condition,
) -> Result<()> {
    let names = [HUGE_LIST, HUGE_ARTICLE];
    for served in &set.served {
        if let Some(why) = not_under(condition, set.content.bytes) {
            names.iter().for_each(|name| {
                cx.results
                    .skip(name, condition, &served.label, Unit::Ms, &why)
            });
            continue;
        }
        let run = huge(cx, served, body_len, condition)
            .await
            .map_err(|e| format!("{}: {e:#}", served.label));
        for (i, name) in names.iter().enumerate() {
            let sample = run.as_ref().map(|r| r[i]).map_err(Clone::clone);
            cx.results
                .record(name, condition, &served.label, Unit::Ms, sample);
        }
    }
    names
        .iter()
        .for_each(|name| progress(&cx.results, name, condition));
    Ok(())
}
