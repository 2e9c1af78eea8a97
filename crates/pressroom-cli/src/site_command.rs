//! `pressroom site`: an app build and content in, a deployable site out
//! ([`pressroom_site::write_site`]).
//!
//! Content is a bundle (`releases.json`) or a folder of Markdown files, as `build` reads
//! it. Content that cannot be read at all stops the run (exit 1) and nothing is written.
//! A release (or Markdown file) with problems is skipped with a message that names it and
//! the field or line, as the viewer does; `--strict` makes that a failure too, for
//! publishers' CI. The output folder is replaced whole, and only once everything is
//! written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use pressroom_core::{parse_bundle, Catalog};
use pressroom_site::headers::csp::DEFAULT_FRAME_ANCESTORS;
use pressroom_site::{write_site, AppBuild, Content, Layout, Routing, SiteOptions, SiteReport};

use crate::build::{build_bundle_with, BuildOptions};
use crate::cli::EXIT_OK;
use crate::input::{parse_size, read_limited};

/// Full-page routing, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoutingArg {
    /// Real paths (`/newsroom/releases/<slug>/`): pre-rendered pages and 404.html cover
    /// hosts without rewrites.
    History,
    /// `#/releases/<slug>/`, for file servers that serve nothing else.
    Hash,
}

/// The data's layout, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// The bundle while it is small (512 KiB), the sharded archive beyond.
    Auto,
    /// One releases.json, read whole: small sites.
    Bundle,
    /// The sharded archive under data/: large sites; a reader downloads only what a page
    /// or a search needs.
    Archive,
}

/// `pressroom site`'s arguments.
#[derive(Debug, Args)]
pub struct SiteArgs {
    #[command(flatten)]
    inputs: SiteInputs,
    /// The output folder. It is replaced whole, once everything is written; a failed run
    /// leaves it as it was.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

/// What makes a site, apart from where it goes: shared by `site` and `preview`.
#[derive(Debug, Args)]
pub struct SiteInputs {
    /// The content: a bundle (releases.json) or a folder of Markdown files with
    /// pressroom.toml.
    pub content: PathBuf,
    /// The app build: trunk's content-free output (`cargo xtask app` writes target/app/).
    #[arg(long, value_name = "DIR")]
    pub app: PathBuf,
    /// The URL path the site is served under, e.g. /newsroom/ (or an absolute URL when the
    /// assets live on another host).
    #[arg(
        long,
        visible_alias = "public-url",
        value_name = "PATH",
        default_value = "/"
    )]
    pub base: String,
    /// The full address of the site, including the --base path, e.g.
    /// https://example.org/newsroom/: for the feeds, the sitemap and the pages' canonical
    /// links [default: site.base_url in the bundle, when its path is the base; without
    /// either, no feeds are written].
    #[arg(long, visible_alias = "base-url", value_name = "URL")]
    site_url: Option<String>,
    /// Full-page routing.
    #[arg(long, value_enum, default_value_t = RoutingArg::History)]
    routing: RoutingArg,
    /// An origin (scheme://host[:port]) whose pages may embed embed.html in an iframe.
    /// Repeat for several.
    #[arg(long = "embed-origin", value_name = "ORIGIN")]
    embed_origins: Vec<String>,
    /// `frame-ancestors` of the Content-Security-Policy, e.g. "'self' https://partner.example"
    /// or "'none'" (keep the single quotes inside double quotes); every --embed-origin is
    /// added.
    #[arg(long, value_name = "SOURCES", default_value = DEFAULT_FRAME_ANCESTORS)]
    frame_ancestors: String,
    /// Also write pressroom.html: the whole viewer and the bundle in one file that opens
    /// from disk.
    #[arg(long)]
    single_file: bool,
    /// Do not pre-render the release and list pages (deep links then need a host that
    /// serves index.html or 404.html for them).
    #[arg(long)]
    no_prerender: bool,
    /// Fail, writing nothing, when any release or file has problems (instead of skipping
    /// it with a message).
    #[arg(long)]
    strict: bool,
    /// Items per feed, newest first; 0 for all.
    #[arg(long, value_name = "N", default_value_t = 50)]
    feed_limit: usize,
    /// Where the app fetches its data, when not from releases.json beside index.html: a
    /// path under the base or an http(s) URL (its origin is allowed in connect-src).
    #[arg(long, value_name = "URL")]
    data_url: Option<String>,
    /// The data's layout.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    layout: LayoutArg,
    /// The most files the site may hold (hosts limit them; Cloudflare Pages' free plan
    /// allows 20,000). Past it, the oldest pages are not pre-rendered.
    #[arg(long, value_name = "N", default_value_t = pressroom_site::options::DEFAULT_MAX_FILES)]
    max_files: usize,
    /// Largest input file read, e.g. 64MiB or 500KB.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    max_size: u64,
    /// Print what each file weighs (raw, gzip, brotli) after writing.
    #[arg(long)]
    sizes: bool,
    /// Only errors and the closing line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `pressroom site`.
pub fn site(args: SiteArgs) -> Result<u8> {
    write(&args.inputs, &args.output)
}

/// Writes the site of `args` into `output`: what `site` does, and each `preview` build.
pub fn write(args: &SiteInputs, output: &Path) -> Result<u8> {
    let app = AppBuild::read(&args.app)?;
    let (content, file_problems) = read_content(args)?;
    if args.strict && !file_problems.is_empty() {
        bail!(
            "--strict: {} problem(s) in {}, so nothing was written:\n  {}",
            file_problems.len(),
            args.content.display(),
            file_problems.join("\n  ")
        );
    }
    let options = SiteOptions {
        base: args.base.clone(),
        site_url: args.site_url.clone(),
        routing: match args.routing {
            RoutingArg::History => Routing::History,
            RoutingArg::Hash => Routing::Hash,
        },
        embed_origins: args.embed_origins.clone(),
        frame_ancestors: args.frame_ancestors.clone(),
        single_file: args.single_file,
        prerender: !args.no_prerender,
        strict: args.strict,
        feed_limit: args.feed_limit,
        threads: None,
        data_url: args.data_url.clone(),
        layout: match args.layout {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Bundle => Layout::Bundle,
            LayoutArg::Archive => Layout::Archive,
        },
        max_files: args.max_files,
    };
    let report = write_site(&app, content, &options, output)?;
    print_report(args, output, &file_problems, &report);
    if args.sizes {
        let files = pressroom_site::sizes::measure(output)
            .with_context(|| format!("measuring {}", output.display()))?;
        print!("{}", pressroom_site::sizes::format_sizes(&files));
    }
    // Skipped releases were reported above; `--strict` already failed on them.
    Ok(EXIT_OK)
}

/// The content, and the problems of Markdown files that were left out (one line each).
fn read_content(args: &SiteInputs) -> Result<(Content, Vec<String>)> {
    if args.content.is_dir() {
        let built = build_bundle_with(
            &args.content,
            &BuildOptions {
                max_file_bytes: args.max_size,
                progress: false,
            },
        )?;
        let problems = built
            .report
            .errors
            .iter()
            .map(|note| format!("{}: {}", note.location, note.message))
            .collect();
        let mut json =
            serde_json::to_vec_pretty(&built.bundle).context("serialising the bundle")?;
        json.push(b'\n');
        let catalog = Catalog::from_bundle(built.bundle);
        return Ok((
            Content {
                catalog,
                bundle_json: json,
            },
            problems,
        ));
    }
    let bytes = read_limited(&args.content, args.max_size)?;
    let text = std::str::from_utf8(&bytes)
        .with_context(|| format!("{} is not UTF-8", args.content.display()))?;
    let bundle =
        parse_bundle(text).map_err(|e| anyhow::anyhow!("{}: {e}", args.content.display()))?;
    Ok((
        Content {
            catalog: Catalog::from_bundle(bundle),
            bundle_json: bytes,
        },
        Vec::new(),
    ))
}

fn print_report(args: &SiteInputs, output: &Path, file_problems: &[String], report: &SiteReport) {
    let mut err = std::io::stderr().lock();
    for problem in file_problems.iter().chain(&report.skipped) {
        let _ = writeln!(err, "skipped: {problem}");
    }
    if !args.quiet {
        for warning in &report.warnings {
            let _ = writeln!(err, "warning: {warning}");
        }
        for note in &report.notes {
            let _ = writeln!(err, "note: {note}");
        }
    }
    let skipped = file_problems.len() + report.skipped.len();
    let _ = writeln!(
        err,
        "wrote {} files ({:.1} MB) to {}: {} releases, {} release pages, {} list pages{} in {:.2} s",
        report.files,
        report.bytes as f64 / 1e6,
        output.display(),
        report.releases,
        report.release_pages,
        report.list_pages,
        if skipped > 0 {
            format!("; skipped {skipped} problem(s) above")
        } else {
            String::new()
        },
        report.elapsed.as_secs_f64()
    );
}
