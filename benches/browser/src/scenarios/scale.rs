//! The scale checks that used to be functional tests, now timed here:
//!
//! - 100,000 releases: the list's first page is shown (the newest, in order; its status
//!   line is not compared, as the readers word it differently), Older leads to the next
//!   page without a reload, and a cold load of the page holding the oldest release ends
//!   with it. The readers page differently: Pressroom numbers its pages from the oldest
//!   (`/page/1/` holds the 50 oldest, the front page the newest 50 to 99:
//!   [`pressroom_core::paging`]), the baseline from the newest (`/page/2000/`);
//! - a release with a 50 MB body: the list shows it first, and its article renders the
//!   whole body.
//!
//! A check that does not hold fails the point, with what was seen.

use std::time::Duration;

use std::ops::Range;

use anyhow::{ensure, Context, Result};
use pressroom_core::paging::{layout, PageRef};
use pressroom_core::paths::LIST_PAGE_SIZE;

use super::{limit, load, progress, Cx};
use crate::bundles::{Content, HUGE_TITLE};
use crate::conditions::Condition;
use crate::probe::{self, Goal, Kind};
use crate::readers::{Reader, Served};
use crate::results::Unit;
use crate::sites::SiteSet;

const FIRST_PAGE: &str = "scale 100k: first page shown (cold)";
const OLDER: &str = "scale 100k: Older → next page painted";
const LAST_PAGE: &str = "scale 100k: last page shown (cold)";
const HUGE_LIST: &str = "scale 50 MB body: list shown (cold)";
const HUGE_ARTICLE: &str = "scale 50 MB body: article shown (cold)";

/// Why a scale check is not run for `reader` under `condition`, if it is not: a reader
/// of the whole bundle downloads all its `bytes` first; a sharded one only a few files.
fn not_under(condition: Condition, reader: Reader, bytes: u64) -> Option<String> {
    if !reader.reads_whole_bundle() {
        return None;
    }
    condition.download_secs(bytes).map(|secs| {
        format!(
            "{:.0} MB at 1.6 Mbps is {secs:.0} s a load; run without throttling only",
            bytes as f64 / 1e6
        )
    })
}

/// How a reader pages `n` releases: the releases (indexes newest first) of its first
/// page, of the page Older leads to and of the page with the oldest, and that page's path.
struct Paging {
    first: Range<usize>,
    older: Range<usize>,
    oldest: Range<usize>,
    oldest_page: String,
}

impl Paging {
    fn of(reader: Reader, n: usize) -> Result<Self> {
        if reader == Reader::Baseline {
            let pages = n.div_ceil(LIST_PAGE_SIZE);
            return Ok(Self {
                first: 0..LIST_PAGE_SIZE.min(n),
                older: LIST_PAGE_SIZE.min(n)..(2 * LIST_PAGE_SIZE).min(n),
                oldest: (pages.max(1) - 1) * LIST_PAGE_SIZE..n,
                oldest_page: format!("/page/{pages}/"),
            });
        }
        // Chronological positions (0 = the oldest) to indexes newest first.
        let newest_first = |p: Range<usize>| n - p.end..n - p.start;
        let front = layout(n, PageRef::Front).context("no front page")?;
        let older = front
            .older
            .and_then(|page| layout(n, page))
            .context("no older page")?;
        let oldest = layout(n, PageRef::Numbered(1)).context("no page 1")?;
        Ok(Self {
            first: newest_first(front.positions),
            older: newest_first(older.positions),
            oldest: newest_first(oldest.positions),
            oldest_page: "/page/1/".to_owned(),
        })
    }
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
    let pages = Paging::of(served.reader, n)?;
    let goal = Goal::new(Kind::List, &content.at(pages.first.start)?.title, timeout);
    let first = load(&mut cx.session, condition, &served.url("/"), &goal).await?;
    let titles = probe::list_titles(&cx.session).await?;
    let expected: Vec<&str> = content
        .newest_first
        .get(pages.first.clone())
        .context("the first page")?
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    ensure!(
        titles == expected,
        "the first page shows {} items, not the {} newest in order",
        titles.len(),
        expected.len()
    );
    let older = probe::page(
        &cx.session,
        "[data-testid=\"older-page\"]",
        &content.at(pages.older.start)?.title,
        timeout,
    )
    .await?;
    let oldest = content.at(n - 1)?;
    let last_goal = Goal::new(Kind::List, &content.at(pages.oldest.start)?.title, timeout);
    let last = load(
        &mut cx.session,
        condition,
        &served.url(&pages.oldest_page),
        &last_goal,
    )
    .await?;
    let titles = probe::list_titles(&cx.session).await?;
    ensure!(
        titles.last() == Some(&oldest.title),
        "the last page shows {} items ending with {:?}, not {} ending with the oldest",
        titles.len(),
        titles.last(),
        pages.oldest.len()
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
        if let Some(why) = not_under(condition, served.reader, set.content.bytes) {
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
        if let Some(why) = not_under(condition, served.reader, set.content.bytes) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_pages_its_own_way() {
        // Written by hand: 120 releases. The baseline: 0..50, 50..100, and /page/3/ with
        // the 20 oldest. Pressroom: page 1 holds the 50 oldest (indexes 70..120); the
        // front page shows page 3's newest 20 with page 2's 50 (0..70), and Older leads
        // to page 1.
        let baseline = Paging::of(Reader::Baseline, 120).expect("pages");
        assert_eq!((baseline.first, baseline.older), (0..50, 50..100));
        assert_eq!(
            (baseline.oldest, baseline.oldest_page.as_str()),
            (100..120, "/page/3/")
        );
        let pressroom = Paging::of(Reader::ArchiveShell, 120).expect("pages");
        assert_eq!((pressroom.first, pressroom.older), (0..70, 70..120));
        assert_eq!(
            (pressroom.oldest, pressroom.oldest_page.as_str()),
            (70..120, "/page/1/")
        );
    }

    #[test]
    fn only_readers_of_the_whole_bundle_skip_a_huge_archive_when_throttled() {
        let bytes = 424_000_000;
        let skipped = |reader| not_under(Condition::Mobile, reader, bytes).is_some();
        assert!(skipped(Reader::PressroomShell));
        assert!(skipped(Reader::Baseline));
        assert!(!skipped(Reader::ArchiveShell), "it reads a few small files");
        assert!(not_under(Condition::Normal, Reader::Baseline, bytes).is_none());
    }
}
