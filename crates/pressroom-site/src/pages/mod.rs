//! The pre-rendered pages: every release gets `releases/<slug>/index.html`, every
//! numbered list page behind the front page `page/<n>/index.html` (numbered from the
//! oldest, so old pages never change: [`pressroom_core::paging`]), and `index.html` is
//! the list's front page. Each page
//! holds the article or list already in the HTML (drawn natively by the app's own page
//! functions, so it reads without JavaScript and the app takes it over), with its own
//! title, description, canonical link, Open Graph and Twitter tags and, for releases, a
//! JSON-LD `NewsArticle`.
//!
//! - [`template`]: the site shell and where pages are filled into it;
//! - [`page_html`]: one page's markup and head;
//! - [`head_tags`], [`json_ld`]: what goes into the head, escaped;
//! - [`slug_dir`]: a release's folder, refusing slugs that would leave the output.
//!
//! Pages are rendered on a few threads ([`crate::work_queue`]) and handed to a sink (the
//! site writer audits and writes them). A release whose page cannot be written (a name
//! the file system refuses) is skipped with a warning that names it; the app still shows
//! it, through `404.html`.

pub mod head_tags;
pub mod json_ld;
pub mod page_html;
pub mod slug_dir;
pub mod template;

use std::sync::Mutex;

use anyhow::{anyhow, Result};
use pressroom_core::paging::{layout, linked_pages, PageRef};
use pressroom_core::paths::{files, list_page_path, release_path};
use pressroom_core::Catalog;
use pressroom_ui::store::Store;

use crate::site_urls::SiteUrls;
use crate::work_queue;
use page_html::PageRenderer;
use slug_dir::release_dir;
use template::Template;

/// A page that could not be written for a reason that concerns it alone.
#[derive(Debug)]
pub struct Skipped(pub String);

/// What receives each page: its path relative to the site (`releases/a/index.html`)
/// and its HTML. `Ok(Some(Skipped))` skips that page with a warning; an error stops the
/// run.
pub type Sink<'a> = dyn Fn(&str, String) -> Result<Option<Skipped>> + Sync + 'a;

/// What the pages were made from.
#[derive(Debug, Clone, Copy)]
pub struct PagesInput<'a> {
    /// The releases.
    pub catalog: &'a Catalog,
    /// The same releases, as the pages read them.
    pub store: &'a Store,
    /// The site shell, parsed.
    pub template: &'a Template,
    /// Where the pages live.
    pub urls: &'a SiteUrls,
    /// Threads rendering pages.
    pub threads: usize,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagesReport {
    /// Release pages written.
    pub releases: usize,
    /// List pages written, `index.html` included.
    pub list_pages: usize,
    /// Pages left out to stay within the file budget (the oldest).
    pub over_budget: usize,
    /// Releases whose page was skipped, with why.
    pub skipped: Vec<String>,
}

/// One page to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A release, by slug.
    Release(String),
    /// A list page.
    List(PageRef),
}

/// Every page of `catalog`, newest first: each list page the list's links reach (the
/// front page, then the numbered pages behind it) followed by its releases, so that a
/// file budget that stops the walk keeps the newest releases and the list pages that
/// lead to them.
pub fn plan(catalog: &Catalog) -> Vec<Job> {
    let entries = catalog.chronological();
    let mut jobs = Vec::new();
    for page in linked_pages(entries.len()) {
        jobs.push(Job::List(page));
        if let Some(layout) = layout(entries.len(), page) {
            let releases = entries[layout.positions].iter().rev();
            jobs.extend(releases.map(|entry| Job::Release(entry.slug.clone())));
        }
    }
    jobs
}

/// Renders the first `limit` pages of the [`plan`] and hands each to `sink`.
pub fn render_pages(input: &PagesInput<'_>, limit: usize, sink: &Sink<'_>) -> Result<PagesReport> {
    let renderer = PageRenderer::new(input.store, input.template, input.urls);
    let mut jobs = plan(input.catalog);
    let over_budget = jobs.len().saturating_sub(limit);
    jobs.truncate(limit);
    let skipped = Mutex::new(Vec::new());
    work_queue::run_all(&jobs, input.threads, |job| {
        let outcome = match job {
            Job::Release(slug) => write_release(&renderer, slug, sink)?,
            Job::List(page) => {
                let path = format!("{}{}", list_page_path(*page), files::INDEX);
                sink(&path, renderer.list(*page)?)?
            }
        };
        if let Some(Skipped(why)) = outcome {
            skipped.lock().map_err(|_| anyhow!("poisoned"))?.push(why);
        }
        Ok(())
    })?;
    let mut skipped = skipped.into_inner().map_err(|_| anyhow!("poisoned"))?;
    skipped.sort();
    let list_pages = jobs.iter().filter(|j| matches!(j, Job::List(_))).count();
    Ok(PagesReport {
        releases: jobs.len() - list_pages - skipped.len(),
        list_pages,
        over_budget,
        skipped,
    })
}

fn write_release(
    renderer: &PageRenderer<'_>,
    slug: &str,
    sink: &Sink<'_>,
) -> Result<Option<Skipped>> {
    if let Err(error) = release_dir(slug) {
        return Ok(Some(Skipped(format!("{}: {error}", release_path(slug)))));
    }
    let path = format!("{}{}", release_path_raw(slug), files::INDEX);
    sink(&path, renderer.release(slug)?)
}

/// The folder of a release page as a file path: the slug as raw UTF-8 (the URL is
/// percent-encoded; hosts decode it to find the file).
fn release_path_raw(slug: &str) -> String {
    format!("{}/{slug}/", pressroom_core::paths::RELEASES_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(count: usize) -> Catalog {
        let releases: Vec<String> = (0..count)
            .map(|i| format!(r#"{{"id":"r{i}","slug":"r{i}","title":"R {i}","published":"2020-01-01T00:{:02}:{:02}Z","source":{{"name":"A","url":"https://e.org/{i}"}},"body":"x"}}"#, i / 60, i % 60))
            .collect();
        Catalog::from_json(&format!(
            r#"{{"version":1,"site":{{"title":"S"}},"releases":[{}]}}"#,
            releases.join(",")
        ))
        .expect("valid")
    }

    #[test]
    fn the_plan_walks_from_the_newest() {
        // 120 releases, by hand: the front page shows r119–r50 (pages 3 and 2), page 1
        // r49–r0; pages 2 and 3 are inside the front page, so nothing links to them.
        let jobs = plan(&catalog(120));
        assert_eq!(jobs.len(), 1 + 1 + 120);
        assert_eq!(jobs[0], Job::List(PageRef::Front));
        assert_eq!(jobs[1], Job::Release("r119".to_owned()));
        assert_eq!(jobs[70], Job::Release("r50".to_owned()));
        assert_eq!(jobs[71], Job::List(PageRef::Numbered(1)));
        assert_eq!(jobs[72], Job::Release("r49".to_owned()));
        assert_eq!(jobs.last(), Some(&Job::Release("r0".to_owned())));
    }
}
