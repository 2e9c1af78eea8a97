//! Pre-renders Pressroom into static pages: for a trunk-built `dist/`, every release gets
//! `releases/<slug>/index.html` and every list page after the first `page/<n>/index.html`,
//! and `index.html` becomes list page 1. Each page holds the article or list already in
//! the HTML (rendered natively by the app's own Leptos components, so it reads without
//! JavaScript and the app takes it over), with its own title, description, canonical link,
//! Open Graph and Twitter tags and, for releases, a JSON-LD `NewsArticle`.
//!
//! - [`prerender`]: the whole run, for the `pressroom-prerender` binary and for tests;
//! - [`template`]: the shell page and where pages are filled into it ([`pressroom_html_scan`]);
//! - [`page_html`]: one page's markup and head;
//! - [`head_tags`], [`json_ld`], [`html_escape`]: what goes into the head, escaped;
//! - [`site_urls`]: paths and absolute URLs, slugs percent-encoded;
//! - [`slug_dir`]: a release's directory, refusing slugs that would leave the output;
//! - [`robots`]: what `robots.txt` says;
//! - [`work_queue`]: pages are rendered and written on a few threads.

pub mod head_tags;
pub mod html_escape;
pub mod json_ld;
pub mod page_html;
pub mod robots;
pub mod site_urls;
pub mod slug_dir;
pub mod template;
pub mod work_queue;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use pressroom::store::Store;
use pressroom_core::{parse::parse_bundle_bytes, Catalog};

use crate::page_html::PageRenderer;
use crate::site_urls::SiteUrls;
use crate::slug_dir::release_dir;
use crate::template::Template;

/// What to pre-render and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The trunk-built output folder; pages are written into it.
    pub dist: PathBuf,
    /// The public URL path, such as `/newsroom/`.
    pub base: String,
    /// The public URL of the base, such as `https://press.example/newsroom/`, for absolute
    /// canonical and `og:url` URLs and the sitemap line of `robots.txt`.
    pub site_url: Option<String>,
    /// The bundle; `dist/releases.json` when `None`.
    pub bundle: Option<PathBuf>,
    /// The shell page; `dist/index.html` when `None`.
    pub template: Option<PathBuf>,
    /// Threads rendering and writing pages; the machine's parallelism when `None`.
    pub threads: Option<usize>,
}

impl Options {
    /// Options for `dist` under `base`, with the default bundle and template and no site URL.
    pub fn new(dist: impl Into<PathBuf>, base: impl Into<String>) -> Self {
        Self {
            dist: dist.into(),
            base: base.into(),
            site_url: None,
            bundle: None,
            template: None,
            threads: None,
        }
    }

    /// The bundle's path.
    pub fn bundle_path(&self) -> PathBuf {
        self.bundle
            .clone()
            .unwrap_or_else(|| self.dist.join("releases.json"))
    }

    /// The template's path.
    pub fn template_path(&self) -> PathBuf {
        self.template
            .clone()
            .unwrap_or_else(|| self.dist.join("index.html"))
    }
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Release pages written.
    pub releases: usize,
    /// List pages written, `index.html` included.
    pub list_pages: usize,
    /// Time taken, reading included.
    pub elapsed: Duration,
    /// Things worth a look that did not stop the run (skipped releases, relative URLs in
    /// the template's head).
    pub warnings: Vec<String>,
}

impl Report {
    /// The one-line summary the binary prints.
    pub fn summary(&self, dist: &Path) -> String {
        format!(
            "pre-rendered {} release pages and {} list pages into {} in {:.2} s",
            self.releases,
            self.list_pages,
            dist.display(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// Pre-renders every release page and list page into `options.dist` and writes
/// `robots.txt`. `index.html` is written last, so a failed run leaves the template in
/// place; running again over its own output gives the same pages.
pub fn prerender(options: &Options) -> Result<Report> {
    let started = Instant::now();
    let urls = SiteUrls::new(&options.base, options.site_url.as_deref())?;

    let template_path = options.template_path();
    let template_html = fs::read_to_string(&template_path)
        .with_context(|| format!("reading the template {}", template_path.display()))?;
    let template = Template::parse(template_html)
        .with_context(|| format!("in the template {}", template_path.display()))?;

    let mut warnings = check_template_settings(&template, &urls)
        .with_context(|| format!("in the template {}", template_path.display()))?;

    let bundle_path = options.bundle_path();
    let bytes = fs::read(&bundle_path)
        .with_context(|| format!("reading the bundle {}", bundle_path.display()))?;
    let bundle = parse_bundle_bytes(&bytes)
        .with_context(|| format!("in the bundle {}", bundle_path.display()))?;
    let catalog = Catalog::from_bundle(bundle);
    let skipped = catalog
        .problems()
        .iter()
        .map(|problem| problem.position)
        .collect::<BTreeSet<_>>()
        .len();
    let store = Store::new(catalog);

    warnings.extend(template.relative_urls().iter().map(|url| {
        format!(
            "{}: {url} is relative; on release pages it resolves below releases/<slug>/",
            template_path.display()
        )
    }));
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} release(s) of {} have problems and get no page (`pressroom check` lists them)",
            bundle_path.display()
        ));
    }

    let renderer = PageRenderer::new(&store, &template, &urls);
    let dist = &options.dist;
    let list = store.list();
    let page_count = store.page(1).map_or(1, |page| page.info.count);
    let mut jobs: Vec<Job<'_>> = Vec::with_capacity(list.len() + page_count);
    for item in &list {
        jobs.push(Job::Release {
            slug: &item.slug,
            dir: release_dir(&item.slug)?,
        });
    }
    jobs.extend((2..=page_count).map(Job::ListPage));
    let threads = options.threads.unwrap_or_else(work_queue::default_threads);
    work_queue::run_all(&jobs, threads, |job| match job {
        Job::Release { slug, dir } => write_page(dist, dir, &renderer.release(slug)?),
        Job::ListPage(number) => write_page(
            dist,
            &Path::new("page").join(number.to_string()),
            &renderer.list(*number)?,
        ),
    })?;

    let index = renderer.list(1)?;
    write_file(&dist.join("index.html"), &index)?;
    write_file(
        &dist.join("robots.txt"),
        &robots::robots_txt(urls.site_url()),
    )?;

    Ok(Report {
        releases: list.len(),
        list_pages: page_count,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// The template's own settings must agree with the pages: its `pressroom-base` (the
/// app's links) must be `--base`. Hash routing is worth a warning: the pages' links are
/// paths.
fn check_template_settings(template: &Template, urls: &SiteUrls) -> Result<Vec<String>> {
    if let Some(declared) = template.meta("pressroom-base") {
        let same = SiteUrls::new(declared, None).is_ok_and(|d| d.base() == urls.base());
        if !same {
            bail!(
                "<meta name=\"pressroom-base\" content=\"{declared}\"> differs from --base {}; \
                 the app's links would not match the pre-rendered ones",
                urls.base()
            );
        }
    }
    let mut warnings = Vec::new();
    if let Some(routing) = template.meta("pressroom-routing") {
        if routing.trim().eq_ignore_ascii_case("hash") {
            warnings.push(
                "the template uses hash routing; pre-rendered pages link by path (releases/<slug>/)"
                    .to_owned(),
            );
        }
    }
    Ok(warnings)
}

/// One page to write besides `index.html`.
enum Job<'a> {
    /// A release and its directory.
    Release { slug: &'a str, dir: PathBuf },
    /// A list page after the first.
    ListPage(usize),
}

/// Writes `html` to `dist/relative_dir/index.html`, creating the folders.
fn write_page(dist: &Path, relative_dir: &Path, html: &str) -> Result<()> {
    let dir = dist.join(relative_dir);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    write_file(&dir.join("index.html"), html)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
