//! Pressroom's task runner: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! This file only parses the command line; each command lives in its own module.

mod app;
mod apt;
mod bench;
mod bench_browser;
mod boundary_names;
mod cmd;
mod disk_space;
mod dist;
mod export_names;
mod final_names;
mod fuzz;
mod gen_bundle;
mod glue;
mod paths;
mod props;
mod serve;
mod setup;
mod test_build;
mod test_results;
mod test_runner;
mod toolchain;
mod versions;
mod wasm_bytes;
mod wasm_parts;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;

/// Build, serve and test Pressroom.
#[derive(Debug, Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    version,
    about,
    long_about = None,
    after_help = "Environment:\n  \
        PRESSROOM_WASM_TOOLCHAIN  auto (default), rustup, or fallback (Debian rustc-web + build-std)\n  \
        CHROME, CHROMEDRIVER      browser and driver to use [default: /usr/bin/chromium, /usr/bin/chromedriver]\n  \
        XDG_DATA_HOME             where binaryen is installed [default: ~/.local/share]/pressroom-tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check and install the toolchain: wasm32 target (or Debian fallback), trunk,
    /// wasm-bindgen-cli, wasm-opt (binaryen), Chromium and chromedriver.
    Setup,
    /// Build the app: trunk's content-free output (wasm, glue, styles, shell page and
    /// pressroom-app.json) that `pressroom site` turns into sites, into target/app/.
    App {
        /// Build without optimisations (faster).
        #[arg(long)]
        debug: bool,
        /// The output folder [default: target/app/, or target/app-debug/ with --debug].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Build the static site into dist/: `cargo xtask app`, then `pressroom site` (the
    /// publishing command) writes the pages, feeds, embeds, _headers and, on request, the
    /// single file; print file sizes (raw, gzip, brotli).
    Dist(DistArgs),
    /// Serve the app with trunk, rebuilding and reloading on change.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
        address: IpAddr,
        /// Build in release mode (slower rebuilds).
        #[arg(long)]
        release: bool,
    },
    /// Write a synthetic, valid bundle of many releases (deterministic for a seed).
    GenBundle {
        /// Number of releases.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// Output file [default: target/synthetic/releases.json in the repository].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Time the `pressroom` command-line tool building generated Markdown files, and Hugo
    /// building the same files (installed from Debian when missing), in the release
    /// profile; then `pressroom site` writing whole sites (the sample, and generated
    /// releases) against writing the same files.
    Bench {
        /// Number of generated Markdown files.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        count: u64,
        /// Skip the whole-site benchmark (which needs an app build).
        #[arg(long)]
        no_site: bool,
        /// Only the browser benchmark (benches/browser: the app against a vanilla-JS
        /// reader and static pages in headless Chromium), not the command-line ones.
        #[arg(long, conflicts_with = "no_browser")]
        browser: bool,
        /// Skip the browser benchmark.
        #[arg(long)]
        no_browser: bool,
        /// A quick browser benchmark: N=5, the normal condition only, a subset (~3 min).
        #[arg(long, conflicts_with = "no_browser")]
        quick: bool,
        /// More arguments for the browser benchmark (after `--`; see
        /// `cargo run -p pressroom-bench-browser -- --help`).
        #[arg(last = true, value_name = "BROWSER_ARGS")]
        browser_args: Vec<String>,
    },
    /// Fuzz bundle parsing and Markdown rendering with cargo-fuzz (needs nightly) for a
    /// time budget per target.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 240)]
        seconds: u64,
        /// Only this target (`markdown`, `bundle`, `archive`, `search_shard`, an importer…).
        #[arg(long)]
        target: Option<String>,
    },
    /// Build the release app (target/app/) and print what each crate's code adds to its
    /// wasm, gzip, and what the search and archive code adds (issue 11's budget).
    Size {
        /// How many crates to measure, the largest first (each takes a wasm-opt run).
        #[arg(long, default_value_t = 14)]
        crates: usize,
        /// Also measure the functions whose names contain this text, or one of these
        /// comma-separated texts (repeatable), for example `--part ::markdown::`.
        #[arg(long, value_name = "TEXT")]
        part: Vec<String>,
    },
    /// Run the renderer's property tests with many cases (the heavy, nightly-style run).
    Props {
        /// Cases per property.
        #[arg(long, default_value_t = 100_000)]
        cases: u64,
    },
    /// Run lint, native, browser and end-to-end tests, then print a summary.
    Test,
}

/// The options of `cargo xtask dist`.
#[derive(Debug, clap::Args)]
struct DistArgs {
    /// Build the app without optimisations (faster); default is a release build.
    #[arg(long)]
    debug: bool,
    /// The content: a bundle or a folder of Markdown files [default: public/releases.json].
    #[arg(long, value_name = "PATH")]
    content: Option<PathBuf>,
    /// The output folder [default: dist/ in the repository].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Any other option of `pressroom site` (`--base /newsroom/`, `--single-file`, …; see
    /// `pressroom site --help`), passed on as it is.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "SITE OPTIONS"
    )]
    site: Vec<String>,
}

impl DistArgs {
    /// The build's options, from the repository at `root`.
    fn options(self, root: &std::path::Path) -> dist::DistOptions {
        let mut options =
            dist::DistOptions::new(root, self.out.unwrap_or_else(|| paths::dist_dir(root)));
        options.release = !self.debug;
        if let Some(content) = self.content {
            options.content = content;
        }
        options.extra = self.site;
        options
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(true) => ExitCode::SUCCESS,
        // `test` already printed its summary, which must stay the last output.
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command; `Ok(false)` means it ran but something it checked failed.
fn run(command: Command) -> Result<bool> {
    match command {
        Command::Setup => setup::run().map(|()| true),
        Command::App { debug, out } => {
            let root = paths::repo_root();
            let tools = setup::ensure(&root, setup::Needs { browser: false })?;
            let out = out.unwrap_or_else(|| {
                let release = app::default_dir(&root);
                if debug {
                    release.with_file_name("app-debug")
                } else {
                    release
                }
            });
            app::build(&tools, &out, !debug).map(|()| true)
        }
        Command::Dist(args) => dist::run(&args.options(&paths::repo_root())).map(|()| true),
        Command::Serve {
            port,
            address,
            release,
        } => serve::run(&serve::ServeOptions {
            port,
            address,
            release,
        })
        .map(|()| true),
        Command::GenBundle {
            count,
            output,
            seed,
            pretty,
        } => {
            let output = output.unwrap_or_else(|| {
                paths::target_dir(&paths::repo_root())
                    .join("synthetic")
                    .join("releases.json")
            });
            gen_bundle::run(count, seed, &output, pretty).map(|()| true)
        }
        Command::Bench {
            count,
            no_site,
            browser,
            no_browser,
            quick,
            browser_args,
        } => {
            let browser_bench = bench_browser::BrowserBench {
                quick,
                args: browser_args,
            };
            let browser_bench = (!no_browser).then_some(&browser_bench);
            bench::run(count, !no_site, browser_bench, browser || quick).map(|()| true)
        }
        Command::Fuzz { seconds, target } => fuzz::run(seconds, target.as_deref()).map(|()| true),
        Command::Size { crates, part } => {
            let root = paths::repo_root();
            let tools = setup::ensure(&root, setup::Needs { browser: false })?;
            app::build(&tools, &app::default_dir(&root), true)?;
            let custom: Vec<wasm_parts::Part> = part
                .iter()
                .map(|text| wasm_parts::Part::containing(text))
                .collect();
            let mut parts: Vec<&wasm_parts::Part> = wasm_parts::PARTS.to_vec();
            parts.extend(custom.iter());
            wasm_parts::report(&tools, &parts)?;
            wasm_parts::report_crates(&tools, crates).map(|()| true)
        }
        Command::Props { cases } => props::run(cases).map(|()| true),
        Command::Test => test_runner::run(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dist_passes_unknown_options_to_pressroom_site() {
        let cli =
            Cli::try_parse_from(["xtask", "dist", "--debug", "--base", "/n/", "--single-file"]);
        let Ok(Cli {
            command: Command::Dist(args),
        }) = cli
        else {
            panic!("dist did not parse: {cli:?}");
        };
        assert!(args.debug);
        assert_eq!(args.site, ["--base", "/n/", "--single-file"]);
    }
}
