//! The common rules, applied to what a format module read: the site, then one release per
//! draft ([`super::release`]), duplicate ids merged ([`super::merge`]), and whatever the
//! core's validation still refuses left out. Everything that happens goes into the report.

use pressroom_core::model::BUNDLE_VERSION;
use pressroom_core::validate::validate;
use pressroom_core::{Bundle, Site};
use url::Url;

use super::merge::Collected;
use super::release::{http, make_release};
use super::{title_text, Channel, Draft, ImportOptions, Parsed};
use crate::dates::FeedDate;
use crate::html_to_markdown::{collapse_whitespace, html_to_text};
use crate::progress;
use crate::report::Report;

/// What every item may fall back on: the feed's own title, link and date, the options,
/// and the time of the import.
pub(super) struct Feed<'a> {
    /// The feed's information as read.
    pub channel: &'a Channel,
    /// The feed's title as plain text, when it has one.
    pub title: Option<String>,
    /// The feed's http(s) link.
    pub link: Option<String>,
    /// That link as a base for relative links.
    pub base: Option<Url>,
    /// The site's language (items in it name none of their own).
    pub language: Option<String>,
    /// How to import.
    pub options: &'a ImportOptions,
    /// The time of the import, the last date fallback.
    pub now: FeedDate,
}

impl<'a> Feed<'a> {
    fn new(channel: &'a Channel, options: &'a ImportOptions) -> Self {
        let link = http(channel.link.as_deref());
        Feed {
            channel,
            title: channel
                .title
                .as_deref()
                .map(title_text)
                .filter(|t| !t.is_empty()),
            base: link.as_deref().and_then(|l| Url::parse(l).ok()),
            link,
            language: channel.language.clone().filter(|l| !l.trim().is_empty()),
            options,
            now: FeedDate {
                datetime: chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0).fixed_offset(),
                date_only: false,
                assumed_utc: false,
            },
        }
    }
}

/// Applies the common rules to every draft.
pub(super) fn finish(parsed: Parsed, name: &str, options: &ImportOptions) -> (Bundle, Report) {
    let Parsed {
        channel,
        drafts,
        warnings,
    } = parsed;
    let mut report = Report {
        inputs: drafts.len(),
        ..Report::default()
    };
    for warning in warnings {
        report.warn(name, warning);
    }
    let feed = Feed::new(&channel, options);
    let site = site_of(&feed, name, &mut report);
    let collected = collect(drafts, &feed, &mut report);
    let bundle = keep_valid(site, collected, &mut report);
    report.releases = bundle.releases.len();
    if bundle.releases.is_empty() && report.inputs > 0 {
        report.warn(
            name,
            "nothing was imported: every item was skipped (see above)",
        );
    }
    (bundle, report)
}

/// The bundle's `site`: `--site-title`, else the feed's title, else its host (reported).
fn site_of(feed: &Feed<'_>, name: &str, report: &mut Report) -> Site {
    let title = feed
        .options
        .site_title
        .clone()
        .or_else(|| feed.title.clone())
        .unwrap_or_else(|| {
            let fallback = feed
                .link
                .as_deref()
                .and_then(|l| Url::parse(l).ok())
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_else(|| "Imported releases".to_owned());
            report.warn(
                name,
                format!(
                    "the input has no title; the site is called {fallback:?} (pass --site-title)"
                ),
            );
            fallback
        });
    Site {
        title,
        description: feed
            .channel
            .description
            .as_deref()
            .map(html_to_text)
            .filter(|d| !d.is_empty()),
        base_url: None,
        language: feed.language.clone(),
    }
}

/// One release per draft, in input order: skipped drafts are reported, duplicates merged.
fn collect(drafts: Vec<Draft>, feed: &Feed<'_>, report: &mut Report) -> Collected {
    let bar = progress::bar(drafts.len() as u64, feed.options.progress, "items");
    bar.set_message("importing");
    let mut collected = Collected::default();
    for (index, draft) in drafts.into_iter().enumerate() {
        bar.inc(1);
        let raw_title = draft.title.as_deref().map(title_text).unwrap_or_default();
        let item = label(index, &raw_title);
        match make_release(index, draft, raw_title, feed, |slug| {
            collected.slug_taken(slug)
        }) {
            Ok(made) => collected.add(item, made, report),
            Err(reason) => report.skip(&item, reason),
        }
    }
    bar.finish_and_clear();
    collected
}

/// The bundle of the collected releases, less any that still fail the core's validation
/// (e.g. an author name that is only spaces), each reported as skipped.
fn keep_valid(site: Site, collected: Collected, report: &mut Report) -> Bundle {
    let Collected {
        releases, labels, ..
    } = collected;
    let mut bundle = Bundle {
        version: BUNDLE_VERSION,
        site,
        releases,
    };
    let problems = validate(&bundle);
    if problems.is_empty() {
        return bundle;
    }
    let mut bad = vec![false; bundle.releases.len()];
    for problem in &problems {
        let index = problem.position.checked_sub(1);
        if let Some(flag) = index.and_then(|i| bad.get_mut(i)) {
            *flag = true;
        }
        let item = index
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default();
        report.skip(item, format!("field `{}`: {}", problem.field, problem.kind));
    }
    let mut flags = bad.into_iter();
    bundle
        .releases
        .retain(|_| !flags.next().unwrap_or_default());
    bundle
}

/// A short label for an item in the report: `item 3 "Title"`.
fn label(index: usize, title: &str) -> String {
    let title = collapse_whitespace(title);
    if title.is_empty() {
        return format!("item {}", index + 1);
    }
    let short: String = title.chars().take(50).collect();
    if short.len() < title.len() {
        format!("item {} \"{short}…\"", index + 1)
    } else {
        format!("item {} \"{short}\"", index + 1)
    }
}
