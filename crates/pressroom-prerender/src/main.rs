//! The `pressroom-prerender` binary: see [`pressroom_prerender::prerender`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use pressroom_prerender::{prerender, Options};

/// Pre-renders Pressroom's release and list pages into a trunk-built folder.
#[derive(Debug, Parser)]
#[command(name = "pressroom-prerender", version)]
struct Args {
    /// The trunk-built folder (its index.html is the template; pages are written into it).
    #[arg(long, value_name = "DIR")]
    dist: PathBuf,
    /// The public URL path the folder is served under.
    #[arg(long, value_name = "PATH", default_value = "/")]
    base: String,
    /// The public URL of the base, for absolute canonical and og:url URLs and robots.txt's
    /// sitemap line; its path must be --base.
    #[arg(long, value_name = "URL")]
    site_url: Option<String>,
    /// The bundle [default: DIR/releases.json].
    #[arg(long, value_name = "PATH")]
    bundle: Option<PathBuf>,
    /// The shell page [default: DIR/index.html].
    #[arg(long, value_name = "PATH")]
    template: Option<PathBuf>,
    /// Threads rendering and writing pages [default: the number of CPUs].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        dist: args.dist,
        base: args.base,
        site_url: args.site_url,
        bundle: args.bundle,
        template: args.template,
        threads: args.threads,
    };
    match prerender(&options) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            println!("{}", report.summary(&options.dist));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
