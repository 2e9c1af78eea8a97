//! Writes a deployable Pressroom site: an app build (the content-free output of trunk)
//! and content (a bundle) in, every file a static host needs out. `pressroom site` and
//! `cargo xtask dist` both call [`write_site`]; there is one code path.
//!
//! What a site holds: the app's files; the data, as one bundle `releases.json` or a
//! sharded archive under `data/` ([`data`]); the pre-rendered list and release pages
//! ([`pages`]), newest first within the file budget; `404.html`, `embed.html` and `embed.js`
//! ([`shell_pages`]); the feeds and `sitemap.xml` ([`feeds`]) when the site's address is
//! known; `robots.txt` ([`robots`]); optionally the single file ([`single_file`]); and
//! `_headers` ([`headers`]) with the Content-Security-Policy every page was checked
//! against.
//!
//! The run is atomic ([`output`]): a failure leaves the previous site as it was. Content
//! that cannot be read at all never gets here (the caller stops first); a release with
//! problems is skipped with a message that names it, or fails the run with
//! [`SiteOptions::strict`].
//!
//! Supporting modules: [`app_build`] (reading and checking the app build), [`options`],
//! [`site_urls`], [`html_tags`] and [`html_edit`] (reading and editing pages byte for
//! byte), [`work_queue`] (pages on a few threads); [`test_app`] is a small app build
//! for tests.

pub mod app_build;
pub mod data;
pub mod feeds;
pub mod headers;
pub mod html_edit;
pub mod html_tags;
pub mod http;
pub mod inline_script;
pub mod media_type;
pub mod options;
pub mod output;
pub mod pages;
pub mod robots;
pub mod shell_pages;
pub mod single_file;
pub mod site_urls;
pub mod sizes;
pub mod test_app;
pub mod work_queue;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use pressroom_core::archive::ArchiveOptions;
use pressroom_core::names::{FORMAT_ARCHIVE, FORMAT_BUNDLE_V1};
use pressroom_core::paths::files;
use pressroom_core::Catalog;
use pressroom_ui::store::Store;

pub use app_build::AppBuild;
pub use data::Layout;
use data::{write_data, Chosen};
use headers::audit::{audit_page, Integrity, Policy};
use headers::{required_assets, write_headers, Audits, HeadersInput};
use options::{choose_site_url, Checked};
pub use options::{Routing, SiteOptions};
use output::{Staging, WriteError};
use pages::{render_pages, PagesInput, Skipped};
use shell_pages::ShellSettings;
use site_urls::SiteUrls;

/// The content of a site: its releases, validated, and the bundle's JSON as it will be
/// served (`releases.json`).
#[derive(Debug, Clone)]
pub struct Content {
    /// The releases, validated and ordered; releases with problems are left out and
    /// their problems kept.
    pub catalog: Catalog,
    /// The bundle's bytes.
    pub bundle_json: Vec<u8>,
}

/// What [`write_site`] wrote.
#[derive(Debug, Clone, Default)]
pub struct SiteReport {
    /// Files written.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Releases in the site.
    pub releases: usize,
    /// Release pages pre-rendered.
    pub release_pages: usize,
    /// List pages pre-rendered.
    pub list_pages: usize,
    /// One line per problem of a release that was skipped (release and field).
    pub skipped: Vec<String>,
    /// Worth a look, but the site is complete.
    pub warnings: Vec<String>,
    /// How the site was made, for the summary (where the feeds' address came from…).
    pub notes: Vec<String>,
    /// The Content-Security-Policy in `_headers`.
    pub policy: String,
    /// Time taken.
    pub elapsed: Duration,
}

/// Writes the site of `content` with the app build `app` into `out`, replacing what an
/// earlier run wrote there.
pub fn write_site(
    app: &AppBuild,
    content: Content,
    options: &SiteOptions,
    out: &Path,
) -> Result<SiteReport> {
    let started = Instant::now();
    let checked = options.check()?;
    let layout = options.layout.choose(content.bundle_json.len());
    app.check_reads(match layout {
        Chosen::Bundle => FORMAT_BUNDLE_V1,
        Chosen::Archive => FORMAT_ARCHIVE,
    })?;
    let mut report = SiteReport {
        skipped: content
            .catalog
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect(),
        ..SiteReport::default()
    };
    if options.strict && !report.skipped.is_empty() {
        bail!(
            "--strict: {} problem(s) in the content, so nothing was written:\n  {}",
            report.skipped.len(),
            report.skipped.join("\n  ")
        );
    }
    let bundle_base_url = content.catalog.site().base_url.clone();
    let (site_url, note) = choose_site_url(
        checked.site_url.as_deref(),
        bundle_base_url.as_deref(),
        &checked.base_path,
    );
    report.notes.extend(note);
    report.releases = content.catalog.len();
    report.notes.push(format!("data layout: {}", layout.name()));
    let store = Store::new(content.catalog);
    let staging = Staging::new(out)?;
    {
        let shell = SiteShell::of(app, &checked.base)?;
        let writer = SiteWriter {
            app,
            checked: &checked,
            staging: &staging,
            urls: SiteUrls::new(&checked.base, site_url.as_deref()),
            required: required_assets(&shell.files),
            shell,
            integrity: Integrity::new(|file| app.read_file(file).ok()),
            audits: Mutex::new(Audits::default()),
        };
        writer.write_all(&store, &content.bundle_json, layout, options, &mut report)?;
    }
    let files = staging.files()?;
    report.files = files.len();
    report.bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(staging.staged_path(f)).ok())
        .map(|m| m.len())
        .sum();
    staging.commit()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Files of a site beside the app, the data and the pages: `404.html`, `embed.html`,
/// `embed.js`, `robots.txt`, the feeds and sitemap, `_headers`, the single file and the
/// marker.
const FIXED_FILES: usize = 12;

/// The most files the data may take of a site's budget: nine tenths of what the app and
/// the fixed files leave, so that the newest pages are pre-rendered too.
pub fn data_budget(max_files: usize, app_files: usize) -> usize {
    max_files.saturating_sub(app_files + FIXED_FILES) * 9 / 10
}

/// The app's shell page for a site's base, with its classic scripts (the theme script)
/// inlined ([`inline_script`]): one render-blocking request less before every first
/// paint.
struct SiteShell {
    /// The page.
    html: String,
    /// The app's files the site still needs (those inlined are not copied).
    files: Vec<String>,
    /// The CSP hashes of the inlined scripts.
    inlined: Vec<String>,
}

impl SiteShell {
    fn of(app: &AppBuild, base: &str) -> Result<Self> {
        let read = |name: &str| app.read_file(name);
        let (html, inlined) = inline_script::classic_scripts(&app.shell_for(base), base, &read)
            .context("inlining the app's theme script into its shell page")?;
        let files = app
            .files
            .iter()
            .filter(|f| !inlined.iter().any(|i| &i.file == *f))
            .cloned()
            .collect();
        Ok(Self {
            html,
            files,
            inlined: inlined.into_iter().map(|i| i.hash).collect(),
        })
    }
}

/// Everything one run writes with.
struct SiteWriter<'a> {
    app: &'a AppBuild,
    checked: &'a Checked,
    staging: &'a Staging,
    urls: SiteUrls,
    required: Vec<String>,
    shell: SiteShell,
    integrity: Integrity<'a>,
    audits: Mutex<Audits>,
}

impl SiteWriter<'_> {
    fn write_all(
        &self,
        store: &Store,
        bundle_json: &[u8],
        layout: Chosen,
        options: &SiteOptions,
        report: &mut SiteReport,
    ) -> Result<()> {
        let catalog = store
            .catalog()
            .ok_or_else(|| anyhow!("the store holds no catalog"))?;
        self.copy_app()?;
        let archive = ArchiveOptions {
            max_files: Some(data_budget(options.max_files, self.shell.files.len())),
            ..ArchiveOptions::default()
        };
        write_data(self.staging, catalog, bundle_json, layout, &archive)?;
        let data_path = options
            .data_url
            .clone()
            .unwrap_or_else(|| layout.data_path());
        let feeds = self.write_feeds(catalog, options)?;
        let shell = shell_pages::site_shell(
            &self.shell.html,
            &ShellSettings {
                base_path: &self.checked.base_path,
                base: &self.checked.base,
                routing: options.routing,
                feeds,
                data_url: Some(&data_path),
            },
        )?;
        // Every page of the site (pre-rendered or not) speaks the site's language.
        let shell = match &catalog.site().language {
            Some(language) => html_edit::set_html_lang(&shell, language)?,
            None => shell,
        };
        self.page(files::NOT_FOUND_PAGE, shell_pages::not_found_page(&shell)?)?;
        self.page(
            files::EMBED_PAGE,
            shell_pages::embed_page(&shell, &self.checked.embed_origins)?,
        )?;
        if options.prerender {
            self.write_pages(catalog, store, &shell, options, report)?;
        } else {
            self.page(files::INDEX, shell)?;
            report.notes.push("--no-prerender: deep links need a host that serves index.html or 404.html for them".to_owned());
        }
        self.staging.put(
            files::ROBOTS,
            robots::robots_txt(self.urls.site_url()).as_bytes(),
        )?;
        let script = shell_pages::embed_script(
            &self.app.glue,
            &self.app.wasm,
            self.app.stylesheet.as_deref(),
        );
        self.staging.put(files::EMBED_SCRIPT, script.as_bytes())?;
        if options.single_file {
            self.write_single_file(bundle_json)?;
        }
        self.staging.put(
            output::MARKER,
            b"written by `pressroom site`; the next run replaces this folder\n",
        )?;
        self.write_headers(report)
    }

    fn copy_app(&self) -> Result<()> {
        for file in &self.shell.files {
            self.staging.put(file, &self.app.read_file(file)?)?;
        }
        Ok(())
    }

    /// Writes the feeds and the sitemap when the site's address is known; whether it did.
    fn write_feeds(&self, catalog: &Catalog, options: &SiteOptions) -> Result<bool> {
        let Some(site_url) = self.urls.site_url() else {
            return Ok(false);
        };
        let feed_options = feeds::FeedOptions {
            base_url: feeds::normalise_base(site_url)?,
            limit: options.feed_limit,
            sitemap: true,
        };
        let rendered = feeds::render_feeds(catalog, &feed_options);
        self.staging.put(files::RSS, rendered.rss.as_bytes())?;
        self.staging.put(files::ATOM, rendered.atom.as_bytes())?;
        self.staging
            .put(files::JSON_FEED, rendered.json.as_bytes())?;
        self.staging
            .put(files::SITEMAP, rendered.sitemap.as_bytes())?;
        Ok(true)
    }

    /// Audits a page against the policy, then writes it.
    fn page(&self, path: &str, html: String) -> Result<()> {
        self.audited(path, html)?
            .map_or(Ok(()), |Skipped(why)| Err(anyhow!(why)))
    }

    fn audited(&self, path: &str, html: String) -> Result<Option<Skipped>> {
        let policy = Policy {
            public_url: &self.checked.base,
            required: &self.required,
            inlined: &self.shell.inlined,
            integrity: &self.integrity,
        };
        let audit = audit_page(&html, &policy).with_context(|| format!("in {path}"))?;
        match self.staging.write(path, html.as_bytes()) {
            Ok(()) => {}
            Err(WriteError::Name(why)) => return Ok(Some(Skipped(why))),
            Err(WriteError::Other(error)) => return Err(error),
        }
        self.audits
            .lock()
            .map_err(|_| anyhow!("poisoned"))?
            .add(path, audit);
        Ok(None)
    }

    fn write_pages(
        &self,
        catalog: &Catalog,
        store: &Store,
        shell: &str,
        options: &SiteOptions,
        report: &mut SiteReport,
    ) -> Result<()> {
        let template = pages::template::Template::parse(shell.to_owned())
            .context("in the app's shell page")?;
        report.warnings.extend(template.relative_urls().iter().map(|url| {
            format!("the app's shell page names {url} relatively; on release pages it resolves below releases/<slug>/")
        }));
        let threads = options.threads.unwrap_or_else(work_queue::default_threads);
        let input = PagesInput {
            catalog,
            store,
            template: &template,
            urls: &self.urls,
            threads,
        };
        // Files still to come: the policy's `_headers`, robots.txt, embed.js, the
        // marker, and the single file.
        let later = 4 + usize::from(options.single_file);
        let used = self.staging.files()?.len() + later;
        let limit = options.max_files.saturating_sub(used);
        if limit == 0 {
            bail!(
                "--max-files {}: the app and the data alone take {used} files, so not even the front page fits",
                options.max_files
            );
        }
        let pages = render_pages(&input, limit, &|path, html| self.audited(path, html))?;
        report.release_pages = pages.releases;
        report.list_pages = pages.list_pages;
        if pages.over_budget > 0 {
            report.notes.push(format!(
                "--max-files {}: the {} oldest pages are not pre-rendered (the app shows them through 404.html)",
                options.max_files, pages.over_budget
            ));
        }
        report.warnings.extend(
            pages
                .skipped
                .into_iter()
                .map(|why| format!("page not written: {why}")),
        );
        Ok(())
    }

    fn write_single_file(&self, bundle_json: &[u8]) -> Result<()> {
        let read = |name: &str| -> Option<Vec<u8>> {
            if name == files::BUNDLE {
                Some(bundle_json.to_vec())
            } else {
                self.app.read_file(name).ok()
            }
        };
        let engine = self.app.search_engine.as_deref();
        let html = single_file::render(&self.app.shell_for("/"), "/", &read, engine)
            .context("writing the single file")?;
        self.staging.put(files::SINGLE_FILE, html.as_bytes())
    }

    fn write_headers(&self, report: &mut SiteReport) -> Result<()> {
        let mut files = self.staging.files()?;
        files.push(files::HEADERS.to_owned());
        let audits = self.audits.lock().map_err(|_| anyhow!("poisoned"))?;
        let written = write_headers(
            &HeadersInput {
                base: &self.checked.base,
                frame_ancestors: &self.checked.frame_ancestors,
                embed_origins: &self.checked.embed_origins,
                files: &files,
            },
            &audits,
        )?;
        self.staging.put(files::HEADERS, written.text.as_bytes())?;
        report.policy = written.policy;
        report.warnings.extend(written.warnings);
        Ok(())
    }
}
