//! The pre-rendered pages: every release gets `releases/<slug>/index.html`, every list
//! page after the first `page/<n>/index.html`, and `index.html` is list page 1. Each page
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
use pressroom_core::paths::{files, list_page_path, release_path};
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
    /// Releases whose page was skipped, with why.
    pub skipped: Vec<String>,
}

/// One page to write.
enum Job {
    /// A release, by slug.
    Release(String),
    /// A list page (1 is `index.html`).
    List(usize),
}

/// Renders every release page and list page and hands each to `sink`.
pub fn render_pages(input: &PagesInput<'_>, sink: &Sink<'_>) -> Result<PagesReport> {
    let renderer = PageRenderer::new(input.store, input.template, input.urls);
    let catalog = input.store.catalog();
    let page_count = catalog
        .len()
        .div_ceil(pressroom_core::paths::LIST_PAGE_SIZE)
        .max(1);
    let mut jobs: Vec<Job> = catalog
        .newest_first()
        .map(|entry| Job::Release(entry.slug.clone()))
        .collect();
    jobs.extend((1..=page_count).map(Job::List));
    let skipped = Mutex::new(Vec::new());
    work_queue::run_all(&jobs, input.threads, |job| {
        let outcome = match job {
            Job::Release(slug) => write_release(&renderer, slug, sink)?,
            Job::List(number) => {
                let path = format!("{}{}", list_page_path(*number), files::INDEX);
                sink(&path, renderer.list(*number)?)?
            }
        };
        if let Some(Skipped(why)) = outcome {
            skipped.lock().map_err(|_| anyhow!("poisoned"))?.push(why);
        }
        Ok(())
    })?;
    let mut skipped = skipped.into_inner().map_err(|_| anyhow!("poisoned"))?;
    skipped.sort();
    Ok(PagesReport {
        releases: catalog.len() - skipped.len(),
        list_pages: page_count,
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
