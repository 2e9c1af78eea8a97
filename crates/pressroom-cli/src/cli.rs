//! The command line: clap definitions, output, and exit codes.
//!
//! Exit codes: **0** success; **1** invalid input (a problem in the files, or a file that
//! cannot be read); **2** usage error (unknown option, missing argument: clap's own).
//! Data (bundles, check results) goes to stdout or `-o`; messages, progress and reports go
//! to stderr.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::build::{build_bundle_with, BuildOptions};
use crate::check::{check_path, render_human};
use crate::dates::parse_lenient;
use crate::import::{import_file, Format, ImportOptions};
use crate::input::parse_size;
use crate::preview::{preview, PreviewArgs};
use crate::report::Report;
use crate::site_command::{site, SiteArgs};
use pressroom_site::feeds::{normalise_base, write_feeds, FeedOptions};

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for invalid input.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error.
pub const EXIT_USAGE: u8 = 2;

/// Pressroom's bundle toolkit: build a release bundle from Markdown, check it, import
/// feeds and WordPress, and export feeds.
///
/// Exit codes: 0 ok, 1 invalid input, 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "pressroom", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a bundle from a folder of Markdown files with front matter.
    ///
    /// One release per .md file (YAML `---` or TOML `+++` front matter: title, date,
    /// source, tags, summary, slug, id). Site settings come from pressroom.toml in the
    /// folder. Every problem of every file is reported with file, line and column; with any
    /// problem, no bundle is written and the exit code is 1.
    Build(BuildArgs),
    /// Check a bundle (or a content folder) against the bundle format.
    ///
    /// Prints one line per problem (or JSON with --format json) and exits with 1 when there
    /// is any problem.
    Check(CheckArgs),
    /// Import a JSON Feed, RSS, Atom, WordPress WXR export or WP REST response.
    ///
    /// The format is detected, or set with --from. HTML becomes Markdown (scripts, event
    /// handlers, iframes, styles and forms dropped), relative links are resolved, dates
    /// become RFC 3339. Ends with a report of what was imported, skipped or changed.
    Import(ImportArgs),
    /// Write feed.xml (RSS 2.0), atom.xml, feed.json (JSON Feed 1.1) and sitemap.xml.
    Feed(FeedArgs),
    /// Write a deployable site: an app build and content in, every file a host needs out.
    ///
    /// Content is a bundle or a folder of Markdown files (as `build` reads it); the app
    /// build is trunk's content-free output (`cargo xtask app`). Writes the pre-rendered
    /// list and release pages, 404.html, embed.html, embed.js, the feeds, sitemap.xml,
    /// robots.txt, _headers with the checked Content-Security-Policy and, with
    /// --single-file, pressroom.html. The output folder is replaced only when everything
    /// is written. Releases with problems are skipped with a message (--strict: fail).
    Site(SiteArgs),
    /// Preview a site on this machine: what `site` writes, served as a static host serves
    /// it (with its _headers), written again whenever the content or the app build
    /// changes.
    ///
    /// Prints the address (`Serving http://127.0.0.1:8080/`); reload the page after a
    /// change. A build that fails prints why and keeps the last good site served.
    Preview(PreviewArgs),
}

#[derive(Debug, Args)]
struct Common {
    /// Largest input file read, e.g. 64MiB or 500KB.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    max_size: u64,
    /// No progress bar and no details: only errors and the closing counts.
    #[arg(short, long)]
    quiet: bool,
    /// List every location in the report instead of the first few of each kind.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The content folder (with pressroom.toml and Markdown files).
    content_dir: PathBuf,
    /// Where to write the bundle; stdout when absent or `-`.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One line per problem.
    Human,
    /// A JSON object, for CI.
    Json,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The bundle (releases.json), or a content folder.
    bundle: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Largest input file read, e.g. 64MiB.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    max_size: u64,
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The file to import; `-` for standard input.
    input: PathBuf,
    /// Where to write the bundle; stdout when absent or `-`.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The input format (detected when absent).
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<Format>,
    /// Base URL for relative links when the input gives none (e.g. the feed's own address).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Use this as every release's source name, instead of the authors or the feed's title.
    #[arg(long, value_name = "NAME")]
    source_name: Option<String>,
    /// Use this as the site title, instead of the feed's title.
    #[arg(long, value_name = "TITLE")]
    site_title: Option<String>,
    /// Date for items with none (RFC 3339), instead of the feed's date or the time of import.
    #[arg(long, value_name = "DATE")]
    fallback_date: Option<String>,
    /// Import WordPress pages as well as posts.
    #[arg(long)]
    include_pages: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Args)]
struct FeedArgs {
    /// The bundle (releases.json).
    bundle: PathBuf,
    /// Where the viewer is hosted, e.g. https://example.org/press/ (release pages are
    /// BASE/releases/SLUG).
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// The folder to write the feeds into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Items per feed, newest first; 0 for all.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Do not write sitemap.xml.
    #[arg(long)]
    no_sitemap: bool,
    /// Largest input file read, e.g. 64MiB.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    max_size: u64,
}

/// Runs the command line with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // --help and --version are "errors" with code 0; usage errors have code 2.
            return ExitCode::from(if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Import(args) => import(args),
        Command::Feed(args) => feed(args),
        Command::Site(args) => site(args),
        Command::Preview(args) => preview(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn write_output(output: Option<&Path>, text: &str) -> Result<Option<String>> {
    match output {
        None => {
            write_stdout(text)?;
            Ok(None)
        }
        Some(path) if path.as_os_str() == "-" => {
            write_stdout(text)?;
            Ok(None)
        }
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(Some(path.display().to_string()))
        }
    }
}

fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write to standard output")
}

fn bundle_json(bundle: &pressroom_core::Bundle) -> Result<String> {
    let mut text = serde_json::to_string_pretty(bundle).context("cannot serialise the bundle")?;
    text.push('\n');
    Ok(text)
}

fn finish_report(
    report: &Report,
    common: &Common,
    verb: &str,
    unit: &str,
    seconds: f64,
) -> Result<()> {
    let details = report.details(common.verbose);
    let mut stderr = std::io::stderr().lock();
    if common.quiet {
        for line in details.lines().filter(|l| l.starts_with("error: ")) {
            let _ = writeln!(stderr, "{line}");
        }
    } else {
        let _ = write!(stderr, "{details}");
    }
    let _ = writeln!(stderr, "{} in {seconds:.2} s", report.summary(verb, unit));
    if let Some(path) = &common.report {
        let json = serde_json::to_string_pretty(report).context("cannot serialise the report")?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn build(args: BuildArgs) -> Result<u8> {
    let started = Instant::now();
    let built = build_bundle_with(
        &args.content_dir,
        &BuildOptions {
            max_file_bytes: args.common.max_size,
            progress: !args.common.quiet,
        },
    )?;
    let seconds = started.elapsed().as_secs_f64();
    finish_report(&built.report, &args.common, "built", "files", seconds)?;
    if !built.report.is_ok() {
        eprintln!("no bundle written: fix the errors above");
        return Ok(EXIT_INVALID);
    }
    if let Some(path) = write_output(args.output.as_deref(), &bundle_json(&built.bundle)?)? {
        eprintln!("wrote {path}");
    }
    Ok(EXIT_OK)
}

fn check(args: CheckArgs) -> Result<u8> {
    let result = check_path(&args.bundle, args.max_size)?;
    let text = match args.format {
        OutputFormat::Human => render_human(&result),
        OutputFormat::Json => {
            serde_json::to_string_pretty(&result).context("cannot serialise the result")? + "\n"
        }
    };
    write_stdout(&text)?;
    Ok(if result.ok { EXIT_OK } else { EXIT_INVALID })
}

fn import(args: ImportArgs) -> Result<u8> {
    let started = Instant::now();
    let base_url = match &args.base_url {
        Some(raw) => Some(normalise_base(raw)?),
        None => None,
    };
    let fallback_date = match &args.fallback_date {
        Some(raw) => match parse_lenient(raw) {
            Some(date) => Some(date),
            None => bail!("--fallback-date {raw:?} is not a date; expected e.g. 2024-06-01 or 2024-06-01T09:30:00Z"),
        },
        None => None,
    };
    let options = ImportOptions {
        format: args.from,
        base_url,
        source_name: args.source_name.clone().filter(|s| !s.trim().is_empty()),
        site_title: args.site_title.clone().filter(|s| !s.trim().is_empty()),
        fallback_date,
        include_pages: args.include_pages,
        max_bytes: args.common.max_size,
        progress: !args.common.quiet,
    };
    let imported = import_file(&args.input, &options)?;
    let seconds = started.elapsed().as_secs_f64();
    let unit = format!("items ({})", imported.format);
    finish_report(&imported.report, &args.common, "imported", &unit, seconds)?;
    if let Some(path) = write_output(args.output.as_deref(), &bundle_json(&imported.bundle)?)? {
        eprintln!("wrote {path}");
    }
    Ok(EXIT_OK)
}

fn feed(args: FeedArgs) -> Result<u8> {
    let base_url = normalise_base(&args.base_url)?;
    let bytes = crate::input::read_limited(&args.bundle, args.max_size)?;
    let text = std::str::from_utf8(&bytes)
        .with_context(|| format!("{} is not UTF-8", args.bundle.display()))?;
    let bundle = pressroom_core::parse_bundle(text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.bundle.display()))?;
    let (feeds, written) = write_feeds(
        &pressroom_core::Catalog::from_bundle(bundle),
        &FeedOptions {
            base_url,
            limit: args.limit,
            sitemap: !args.no_sitemap,
        },
        &args.output,
    )?;
    if feeds.invalid > 0 {
        eprintln!(
            "warning: left out {} with problems (run `pressroom check {}`)",
            crate::report::plural(feeds.invalid, "release"),
            args.bundle.display()
        );
    }
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    eprintln!("{} per feed", crate::report::plural(feeds.items, "item"));
    Ok(EXIT_OK)
}
