//! Scenario 3: previous/next. From a loaded article, 50 consecutive clicks on Next
//! (the newer release), each made at the start of a frame and timed in the page from the
//! click until the frame that shows the new article's title and body is painted: the
//! click's own frame when the page changed before that frame's paint, a later one
//! otherwise (`B.follow` in `probe.js`). The URL must change without a reload (the walk
//! runs in one script, which a reload would end).

use std::time::Duration;

use anyhow::Result;

use super::{limit, load, progress, Cx};
use crate::bundles::Content;
use crate::conditions::Condition;
use crate::probe::{self, Goal, Kind};
use crate::readers::Reader;
use crate::results::Unit;
use crate::schedule::alternate;
use crate::sites::SiteSet;

/// Clicks per walk.
pub const CLICKS: usize = 50;
/// The article the walk starts from (newest first), with at least [`CLICKS`] newer ones.
pub const START_INDEX: usize = CLICKS + 5;
/// The scenario's name.
pub const NAME: &str = "3 next click: title+body painted";

/// Walks per reader: each gives [`CLICKS`] samples.
pub fn walks(quick: bool) -> usize {
    if quick {
        1
    } else {
        2
    }
}

/// Scenario 3 for the app (pre-rendered start page) and the baseline.
pub async fn next_clicks(cx: &mut Cx, set: &SiteSet, condition: Condition) -> Result<()> {
    let start = set.content.at(START_INDEX)?;
    let readers = set.pick(&[Reader::Pressroom, Reader::Baseline]);
    let timeout = limit(condition, Duration::from_secs(30));
    for slot in alternate(readers.len(), walks(cx.quick)) {
        let served = readers[slot.reader];
        let goal = Goal::new(Kind::Article, &start.title, timeout)
            .with_takeover(served.reader.takes_over());
        let url = served.url(&Content::path_of(start));
        let walked = match load(&mut cx.session, condition, &url, &goal).await {
            Ok(_) => probe::walk(&cx.session, CLICKS, "next", false, timeout).await,
            Err(e) => Err(e),
        };
        match walked {
            Ok(times) => {
                for t in times {
                    cx.results
                        .record(NAME, condition, &served.label, Unit::Ms, Ok(t));
                }
            }
            Err(e) => {
                let reason = format!("{}: {e:#}", served.label);
                println!("    failed: {reason}");
                cx.results
                    .record(NAME, condition, &served.label, Unit::Ms, Err(reason));
            }
        }
    }
    progress(&cx.results, NAME, condition);
    Ok(())
}
