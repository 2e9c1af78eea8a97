//! Scenarios 1, 2, 5 and 7: cold loads of an article (deep link) and of the list's first
//! page, for every reader. From the same loads: the title and body (or first item)
//! painted, first contentful paint, the longest main-thread task, and for the
//! pre-rendered app the time and bytes until it has taken over the page (for the others,
//! until their page is painted: what each needs before it is fully working), and how
//! many of those bytes were data rather than the page's own assets, and the layout
//! shift (CLS) until then.

use std::time::Duration;

use anyhow::Result;

use super::{cold_series, limit, progress, record_each, value, Cx, Target};
use crate::bundles::Content;
use crate::conditions::Condition;
use crate::probe::{Goal, Kind, Loaded};
use crate::readers::Reader;
use crate::results::Unit;
use crate::sites::SiteSet;

/// The article opened: the 11th newest (a typical deep link).
pub const ARTICLE_INDEX: usize = 10;

/// The readers of the cold loads.
pub const READERS: [Reader; 5] = [
    Reader::Pressroom,
    Reader::Archive,
    Reader::PressroomShell,
    Reader::Baseline,
    Reader::Static,
];

/// The readers of the cold loads under the mobile condition: all but the pre-rendered
/// sharded archive, whose pages and takeover are the same as `pressroom`'s but for a few
/// KB of data (measured under the normal condition, and sharded under the mobile one by
/// the data scenario); each mobile load takes seconds.
pub const MOBILE_READERS: [Reader; 4] = [
    Reader::Pressroom,
    Reader::PressroomShell,
    Reader::Baseline,
    Reader::Static,
];

/// The readers of the cold loads under `condition`.
pub fn readers(condition: Condition) -> &'static [Reader] {
    match condition {
        Condition::Normal => &READERS,
        Condition::Mobile => &MOBILE_READERS,
    }
}

/// Scenario names.
pub const ARTICLE: &str = "1 article: title+body painted";
/// Scenario names.
pub const LIST: &str = "2 list: first item painted";
const FCP: &str = "7 first contentful paint";
const LONGEST: &str = "5 longest task during load";
const WORKING: &str = "7 working: takeover (app) / painted";
const BYTES: &str = "7 bytes until working";
const DATA_BYTES: &str = "7 data bytes until working";
const SHIFT: &str = "7 layout shift (CLS) until working";

fn targets<'a>(
    set: &'a SiteSet,
    kind: &Kind,
    path: &str,
    title: &str,
    condition: Condition,
) -> Vec<Target<'a>> {
    set.pick(readers(condition))
        .into_iter()
        .map(|served| Target {
            served,
            path: path.to_owned(),
            goal: Goal::new(
                kind.clone(),
                title,
                limit(condition, Duration::from_secs(30)),
            )
            .with_takeover(served.reader.takes_over()),
        })
        .collect()
}

/// The time the page was working: the takeover for the pre-rendered app, else painted.
fn working(load: &Loaded) -> Result<f64, String> {
    match load.prerendered {
        Some(true) => value(load.takeover, "the takeover"),
        _ => value(load.ready, "the page painted"),
    }
}

async fn measure(
    cx: &mut Cx,
    condition: Condition,
    targets: &[Target<'_>],
    what: &str,
    page: &str,
) {
    let series = cold_series(cx, condition, targets, cx.runs(condition)).await;
    let results = &mut cx.results;
    for (target, loads) in targets.iter().zip(&series) {
        let reader = target.served.label.as_str();
        let at = |name: &str| format!("{name}: {page}");
        record_each(results, what, condition, reader, Unit::Ms, loads, |l| {
            value(l.ready, "the goal painted")
        });
        record_each(results, &at(FCP), condition, reader, Unit::Ms, loads, |l| {
            value(l.fcp, "a contentful paint")
        });
        record_each(
            results,
            &at(LONGEST),
            condition,
            reader,
            Unit::Ms,
            loads,
            |l| Ok(l.longest_task),
        );
        record_each(
            results,
            &at(WORKING),
            condition,
            reader,
            Unit::Ms,
            loads,
            working,
        );
        record_each(
            results,
            &at(BYTES),
            condition,
            reader,
            Unit::Bytes,
            loads,
            |l| Ok(l.bytes),
        );
        record_each(
            results,
            &at(DATA_BYTES),
            condition,
            reader,
            Unit::Bytes,
            loads,
            |l| Ok(l.data_bytes),
        );
        record_each(
            results,
            &at(SHIFT),
            condition,
            reader,
            Unit::Score,
            loads,
            |l| Ok(l.layout_shift),
        );
    }
    for name in [what.to_owned(), format!("{WORKING}: {page}")] {
        progress(&cx.results, &name, condition);
    }
}

/// Scenario 1 (with 5 and 7): a cold deep link to an article.
pub async fn article(cx: &mut Cx, set: &SiteSet, condition: Condition) -> Result<()> {
    let shown = set.content.at(ARTICLE_INDEX)?;
    let targets = targets(
        set,
        &Kind::Article,
        &Content::path_of(shown),
        &shown.title,
        condition,
    );
    measure(cx, condition, &targets, ARTICLE, "article").await;
    Ok(())
}

/// Scenario 2 (with 5 and 7): a cold load of the list's first page.
pub async fn list(cx: &mut Cx, set: &SiteSet, condition: Condition) -> Result<()> {
    let first = set.content.at(0)?;
    let targets = targets(set, &Kind::List, "/", &first.title, condition);
    measure(cx, condition, &targets, LIST, "list").await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mobile_condition_leaves_out_the_pre_rendered_archive_only() {
        assert!(readers(Condition::Normal).contains(&Reader::Archive));
        assert!(!readers(Condition::Mobile).contains(&Reader::Archive));
        // Written by hand: the four readers issue 10 names.
        for reader in [
            Reader::Pressroom,
            Reader::PressroomShell,
            Reader::Baseline,
            Reader::Static,
        ] {
            assert!(readers(Condition::Mobile).contains(&reader), "{reader:?}");
        }
    }
}
