//! Pressroom's task runner: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! This file only parses the command line; each command lives in its own module.

mod apt;
mod cmd;
mod dist;
mod gen_bundle;
mod paths;
mod serve;
mod setup;
mod test_results;
mod test_runner;
mod toolchain;
mod versions;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// Build, serve and test Pressroom.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check and install the toolchain: wasm32 target (or Debian fallback), trunk,
    /// wasm-bindgen-cli, wasm-opt (binaryen), Chromium and chromedriver.
    Setup,
    /// Build the app into dist/ with trunk and print file sizes (raw, gzip, brotli).
    Dist {
        /// Build without optimisations (faster); default is a release build.
        #[arg(long)]
        debug: bool,
        /// The URL path the app is served from (also `PRESSROOM_PUBLIC_URL` at compile time).
        #[arg(long, default_value = "/")]
        public_url: String,
    },
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
    /// Run lint, native, browser and end-to-end tests, then print a summary.
    Test,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Setup => setup::run(),
        Command::Dist { debug, public_url } => dist::run(&dist::DistOptions {
            release: !debug,
            public_url,
        }),
        Command::Serve {
            port,
            address,
            release,
        } => serve::run(&serve::ServeOptions {
            port,
            address,
            release,
        }),
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
            gen_bundle::run(count, seed, &output, pretty)
        }
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
}
