//! `cargo xtask serve`: a development server with rebuild-on-change (`trunk serve`).
//!
//! Trunk watches the repository (minus `[watch] ignore` in `Trunk.toml`), rebuilds and
//! reloads the page on change, and answers unknown paths with `index.html` so deep links
//! such as `/releases/<slug>` work (trunk 0.21's default; `--no-spa` would turn it off).
//! Dev builds are the default because they rebuild much faster; `--release` is optional.
//! It serves the sample `public/releases.json`, built into `target/serve/`
//! ([`paths::serve_dir`]), never into `dist/`. To see other content in the app, a
//! publisher's tool does it: `pressroom preview --app target/app <CONTENT>` (after
//! `cargo xtask app`), which writes the site again on every change of the content.

use crate::app;
use crate::paths;
use crate::setup::{self, Needs};
use anyhow::{Context, Result};
use std::net::IpAddr;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// TCP port.
    pub port: u16,
    /// Address to listen on.
    pub address: IpAddr,
    /// Build with `--release` (slower to rebuild).
    pub release: bool,
}

/// `cargo xtask serve`: set up, then hand over to `trunk serve`.
pub fn run(options: &ServeOptions) -> Result<()> {
    let root = paths::repo_root();
    println!("== setup");
    let tools = setup::ensure(&root, Needs { browser: false })?;
    // Trunk.toml's `[watch] ignore` lists `target`; trunk needs ignored paths to exist.
    let target = paths::target_dir(&root);
    std::fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
    app::fetch(&tools, &[])?;

    let port = options.port.to_string();
    let address = options.address.to_string();
    let mut trunk = tools
        .wasm_cmd("trunk")
        .args(["serve", "--locked", "--port", &port, "--address", &address])
        .arg("--dist")
        .arg(paths::serve_dir(&root));
    if options.release {
        trunk = trunk.arg("--release");
    }
    println!("(trunk rebuilds and reloads on change; Ctrl-C stops it)");
    // `SocketAddr` writes an IPv6 address in brackets, as URLs need.
    let address = std::net::SocketAddr::new(options.address, options.port);
    println!("Pressroom is being served at http://{address}/");
    trunk.exec().context("starting trunk serve")
}
